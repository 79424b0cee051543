"""`docktest run` end to end: exit status, the failing line with the static check's suggestion, the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.docker  # runs pages in real sandboxes

ROOT = Path(__file__).resolve().parents[2]


def _docktest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "docktest", "run", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=900)


def test_original_notes_fail_at_line_16_with_the_suggestion(cli_run, tmp_path: Path) -> None:
    run = cli_run("tests/fixtures/section02-original.md")  # the run test_run_pages reads too
    assert run.done.returncode == 1, run.done.stderr
    saved = tmp_path / "results.json"
    saved.write_text(run.done.stdout, encoding="utf-8")
    # The text report of that run: `docktest report` renders it with the formatter `run --format text` prints with.
    done = subprocess.run([sys.executable, "-m", "docktest", "report", str(saved), "--format", "text"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 1, done.stderr
    first = done.stdout.splitlines()[0]
    assert first == ("tests/fixtures/section02-original.md:16: failed: doccker run node (exit status 127, expected 0; "
                     "static check: unknown command 'doccker' (did you mean 'docker'?))")
    assert "doccker: command not found" in done.stdout.splitlines()[1]


def test_json_report_has_one_result_per_command(cli_run) -> None:
    done = cli_run("tests/fixtures/run-behaviours.md").done  # the run test_run_pages reads too
    assert done.returncode == 1, done.stderr  # the page has deliberate failures and a timeout
    results = json.loads(done.stdout)["results"]
    assert set(results[0]) == {"path", "line", "command", "status", "exit_code", "duration_s", "output",
                               "message", "snippet_id", "expected_exit", "skip_reason", "timeout_s", "detached",
                               "cached_from", "error", "hint", "diff", "not_installed", "unavailable_image",
                               "unverifiable_after", "stand_ins", "waited_port", "port_wait_s", "engine"}
    assert {r["status"] for r in results} == {"passed", "failed", "skipped", "timeout"}
    hello = next(r for r in results if r["command"] == 'echo "hello {이름}"')
    assert (hello["path"], hello["status"], hello["exit_code"], hello["output"]) == (
        "tests/fixtures/run-behaviours.md", "passed", 0, "hello world\n")


def test_missing_path_is_a_usage_error() -> None:
    done = _docktest("no/such/page.md")
    assert done.returncode == 2
    assert "no/such/page.md: no such file or directory" in done.stderr
