"""`docktest run` says what it is doing: a line per finished command on stderr, terminal or not; nothing extra on stdout."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.docker

PAGE = "# 진행\n\n```bash\necho 하나\nfalse\n```\n\n<!-- docktest skip: 보여 주기만 -->\n```bash\nreboot\n```\n"


def _run_with_terminal_stderr(cwd: Path, *args: str) -> tuple[int, str, str]:
    """(exit status, stdout through a pipe, stderr through a pseudo-terminal) of `docktest run ARGS`."""
    terminal, stderr_end = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "docktest", "run", *args], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=stderr_end, text=True)
    os.close(stderr_end)
    seen = bytearray()
    while True:
        ready, _, _ = select.select([terminal], [], [], 600)
        if not ready:
            process.kill()
            raise AssertionError(f"no output for 600 s; so far: {seen.decode(errors='replace')}")
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        seen += chunk
    stdout = process.stdout.read()
    os.close(terminal)
    return process.wait(timeout=60), stdout, seen.decode().replace("\r\n", "\n")


def test_a_line_per_command_on_the_terminal_and_clean_json_on_stdout(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    status, stdout, terminal = _run_with_terminal_stderr(tmp_path, "page.md", "--format", "json", "--no-cache")
    assert status == 1
    assert [r["status"] for r in json.loads(stdout)["results"]] == ["passed", "failed", "skipped"]
    progress = [line for line in terminal.splitlines() if line.startswith("page.md:")]
    assert [line.split(" … ")[0] for line in progress] == ["page.md:4 echo 하나", "page.md:5 false", "page.md:10 reboot"]
    assert [line.split(" … ")[1].split()[0] for line in progress] == ["ok", "FAILED", "skipped"]

    quiet_status, _, quiet = _run_with_terminal_stderr(tmp_path, "page.md", "-q", "--no-cache")
    assert quiet_status == 1 and not [line for line in quiet.splitlines() if " … " in line]


def test_verbose_text_lists_every_command(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "docktest", "run", "page.md", "-v", "--no-cache"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert [line.split(" … ")[0] for line in lines[:3]] == ["page.md:4 echo 하나", "page.md:5 false", "page.md:10 reboot"]
    assert lines[3] == "page.md:5: failed: false (exit status 1, expected 0)"
    assert lines[-1] == "1 passed, 1 failed, 0 timeout, 1 skipped"


def test_a_line_per_command_when_stderr_is_a_file(tmp_path: Path) -> None:
    # As in a CI log: stderr redirected to a file gets the same plain lines, nothing redrawn.
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    with open(tmp_path / "stderr.log", "w", encoding="utf-8") as log:
        done = subprocess.run([sys.executable, "-m", "docktest", "run", "page.md", "--no-cache"], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=log, timeout=600)
    assert done.returncode == 1
    logged = (tmp_path / "stderr.log").read_text(encoding="utf-8")
    progress = [line for line in logged.splitlines() if line.startswith("page.md:")]
    assert [line.split(" … ")[0] for line in progress] == ["page.md:4 echo 하나", "page.md:5 false", "page.md:10 reboot"]
    assert "\r" not in logged and "\x1b" not in logged
