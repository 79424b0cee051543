"""SIGTERM (a cancelled CI job, `timeout`, `docker stop`) removes the sandbox as Ctrl-C does, and says so."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import owned as _owned

pytestmark = pytest.mark.docker

PAGE = "# 오래 걸리는 페이지\n\n```bash\necho 시작\nsleep 300\n```\n"


def _wait_for_sleep(pid: int, timeout_s: float = 300) -> None:
    """Until the page's `sleep 300` runs inside the sandbox PID started."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for container in _owned(pid):
            top = subprocess.run(["docker", "exec", container, "pgrep", "-x", "sleep"], capture_output=True,
                                 timeout=30)
            if top.returncode == 0:
                return
        time.sleep(0.5)
    raise AssertionError(f"the sandbox of process {pid} never ran the page's sleep")


@pytest.mark.parametrize("argv", [
    ["-m", "docktest", "run", "page.md", "--no-cache"],
    ["-m", "pytest", "-q", "-p", "no:cacheprovider", "page.md", "-o", "docktest_paths=.", "--docktest-no-cache"],
], ids=["docktest-run", "pytest-plugin"])
def test_sigterm_removes_the_sandbox(tmp_path: Path, argv: list[str]) -> None:
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    process = subprocess.Popen([sys.executable, *argv], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_sleep(process.pid)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    if argv[1] == "docktest":
        assert process.returncode == 143, stderr
        assert stderr.endswith("docktest: terminated; the sandbox was removed\n")
    else:
        assert process.returncode == 2, stdout + stderr  # pytest's "interrupted"
        assert "Terminated" in stdout
    assert _owned(process.pid) == []
