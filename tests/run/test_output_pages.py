"""Expected output, end to end: a transcript from another machine passes, a wrong line fails with its diff at its
file line, and `--update` rewrites exactly the wrong lines, after which the page passes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.docker

PAGE = (ROOT / "tests/fixtures/output-transcripts.md").read_text(encoding="utf-8")
# Three lines that are not what the commands print (file lines 16, 21 and 35).
WRONG = (PAGE.replace("web       python:latest   Up 3 seconds", "web       python:latest   Exited (0) 3 seconds ago")
         .replace("안녕하세요, root", "안녕히 가세요, root").replace("\n셋\n", "\n넷\n"))


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "docktest", "run", "page.md", "--no-cache", "--format", "json", *args],
                          cwd=folder, capture_output=True, text=True, timeout=900)


def test_a_transcript_from_another_machine_passes(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    done = _run(tmp_path)
    results = json.loads(done.stdout)["results"]
    assert done.returncode == 0, json.dumps([r for r in results if r["status"] != "passed"], ensure_ascii=False)
    assert [(r["line"], r["status"], r["diff"]) for r in results] == [
        (6, "passed", ""), (14, "passed", ""), (17, "passed", ""), (20, "passed", ""), (27, "passed", ""),
        (28, "passed", "")]


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """(the page, the run): the page with three wrong lines run once with `--update`. The run reports what a run
    without it reports (the report is made before any rewrite and says what this run found), so both tests read it."""
    folder = tmp_path_factory.mktemp("wrong")
    page = folder / "page.md"
    page.write_bytes(WRONG.encode("utf-8"))
    return page, _run(folder, "--update")


def test_wrong_lines_fail_with_a_diff_at_their_file_lines(updated) -> None:
    assert WRONG.count("\n") == PAGE.count("\n") and WRONG != PAGE
    done = updated[1]
    assert done.returncode == 1
    failed = {r["line"]: r for r in json.loads(done.stdout)["results"] if r["status"] != "passed"}
    assert sorted(failed) == [14, 20, 28]
    assert all(r["exit_code"] == 0 and r["message"] == "output differs from the page" for r in failed.values())
    assert failed[20]["diff"] == "--- page.md\n+++ actual\n@@ -21 +21 @@\n-안녕히 가세요, root\n+안녕하세요, root"
    assert failed[28]["diff"] == "--- page.md\n+++ actual\n@@ -33,3 +33,3 @@\n 하나\n 둘\n-넷\n+셋"
    ps = failed[14]["diff"].splitlines()  # shown after normalisation: column gaps as two spaces
    assert ps[:4] == ["--- page.md", "+++ actual", "@@ -15,2 +15,2 @@", " NAMES  IMAGE  STATUS"]
    assert ps[4] == "-web  python:latest  Exited (0) 3 seconds ago"
    assert re.fullmatch(r"\+web +python:latest +Up .+", ps[5]), ps[5]  # a real difference: Up is not Exited


def test_update_rewrites_exactly_the_wrong_lines_and_the_page_then_passes(updated) -> None:
    page, done = updated
    assert done.returncode == 1  # this run found the mismatches; the page is rewritten for the next one
    assert "docktest: page.md: rewrote the expected output at lines 16, 21, 35\n" in done.stderr
    before, after = WRONG.encode("utf-8").split(b"\n"), page.read_bytes().split(b"\n")
    changed = {number: line.decode("utf-8") for number, (old, line) in enumerate(zip(before, after), 1) if old != line}
    assert len(after) == len(before) and sorted(changed) == [16, 21, 35]
    assert (changed[21], changed[35]) == ("안녕하세요, root", "셋")
    assert re.fullmatch(r"web +python:latest +Up .+", changed[16]), changed[16]
    again = _run(page.parent)
    assert again.returncode == 0, again.stdout
