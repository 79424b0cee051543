"""A console page in the continuation style runs exactly the commands written, and its expected output matches
(issue 16, item 1): before, the `\\` glued `docker ps` onto `docker run` and the here-document body was output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.docker

PAGE = ROOT / "tests/fixtures/continuation-transcript.md"


def test_the_commands_written_run_and_their_output_matches(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "docktest", "run", "page.md", "--no-cache", "--format", "json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=900)
    results = json.loads(done.stdout)["results"]
    assert [(r["line"], r["command"], r["status"], r["diff"]) for r in results] == [
        (6, "docker run -d \\\n    --name web \\\n    python:latest python3 -m http.server 8000", "passed", ""),
        (10, "docker ps --format '{{.Names}} {{.Image}}'", "passed", ""),
        (12, "cat <<EOF > 인사.txt\n안녕하세요\nEOF", "passed", ""),
        (15, "cat 인사.txt", "passed", ""),
        (17, "docker rm -f web", "passed", ""),
    ]
    assert done.returncode == 0, done.stderr
