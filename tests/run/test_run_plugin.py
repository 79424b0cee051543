"""The pytest plugin on a small docs folder: ids by line, failures at file:line with output, -k, --lf, -x, -n 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.docker  # runs pages in real sandboxes

PAGE_A = """# A

```bash
echo from-a
false
echo after
```
"""
PAGE_B = """# B

```bash
echo from-b
```
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(PAGE_A)
    (tmp_path / "docs" / "b.md").write_text(PAGE_B)
    (tmp_path / "pytest.ini").write_text("[pytest]\ntestpaths = docs\ndocktest_paths = docs\n")
    return tmp_path


def _pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", *args], capture_output=True, text=True, cwd=project,
                          timeout=900)


def test_items_are_named_by_line_and_failures_show_file_line_and_output(project: Path) -> None:
    collected = _pytest(project, "--collect-only", "-q")
    assert collected.stdout.splitlines()[:4] == ["docs/a.md::L4", "docs/a.md::L5", "docs/a.md::L6", "docs/b.md::L4"]
    run = _pytest(project, "-rA", "--cache-clear")
    assert run.returncode == 1
    assert "docs/a.md:5: failed: false\nexit status 1, expected 0\n" in run.stdout
    assert "FAILED docs/a.md::L5" in run.stdout
    assert "3 passed" in run.stdout and "1 failed" in run.stdout
    rerun = _pytest(project, "--lf", "-q")  # only the failed command's item, its page run again
    assert "1 failed" in rerun.stdout and "passed" not in rerun.stdout.splitlines()[-1]


def test_k_and_x_select_and_stop(project: Path) -> None:
    chosen = _pytest(project, "-k", "L6 and a.md", "-q")
    assert chosen.returncode == 0 and "1 passed, 3 deselected" in chosen.stdout
    stopped = _pytest(project, "-x", "-q")
    assert stopped.returncode == 1 and "1 failed, 1 passed" in stopped.stdout


def test_xdist_runs_pages_in_parallel_sandboxes(project: Path) -> None:
    run = _pytest(project, "-n", "2", "-q")
    assert run.returncode == 1
    assert "1 failed, 3 passed" in run.stdout
