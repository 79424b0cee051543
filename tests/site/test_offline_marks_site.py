"""The real site built with an offline run's results: a block that could not be verified offline has its own mark,
검증 현황 counts it, and output from a stand-in says so in its box.

The results file is handmade from the real page's snippets, as `docktest run --format json` writes them offline:
block 1 pulled node (a stand-in), block 2 needed an image offline mode lacks, the rest passed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from docktest.extract.markdown import extract_page

PAGE = "docs/section02-images-containers.md"
PAGE_URL = "section02-images-containers"


def _results(snippets) -> dict:
    results = []
    for ordinal, snippet in enumerate(snippets, start=1):
        for command in snippet.commands:
            entry = {"path": snippet.path, "line": command.line, "command": command.text, "status": "passed",
                     "exit_code": 0, "duration_s": 0.5, "output": "ok\n", "stand_ins": ["node"]}
            if ordinal == 2 and command is snippet.commands[-1]:
                entry.update(status="unverifiable", exit_code=125, unavailable_image="alpine", output="")
            results.append(entry)
    return {"format": 2, "finished_at": "2026-12-05T03:00:00+00:00", "results": results}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("offline-marks")
    results = tmp / "results.json"
    results.write_text(json.dumps(_results(extract_page(PAGE)), ensure_ascii=False), encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DOCKTEST_RESULTS", str(results))
        built = build_site(tmp / "site")
    assert built.returncode == 0, built.log
    assert not re.findall(r"^(WARNING|ERROR)\b.*", built.log, re.M)
    return built.site_dir


def test_the_block_has_the_offline_mark_with_the_image(site: Path) -> None:
    page = (site / PAGE_URL / "index.html").read_text(encoding="utf-8")
    marks = re.findall(r'<p class="docktest-mark docktest-mark--(\w+)" title="[^"]*" data-search-exclude>(.*?)</p></div>',
                       page)
    assert [state for state, _ in marks].count("unverifiable") == 1 and marks[1][0] == "unverifiable"
    assert marks[1][1].endswith("⊘</span> 오프라인 검증 불가 · 오프라인에서는 쓸 수 없는 이미지: alpine")
    assert {state for state, _ in marks} == {"verified", "unverifiable"}  # nothing reads as failed
    assert page.count('<p class="docktest-output__stand-ins">오프라인 실행: ') == len(marks)


def test_the_status_page_counts_it(site: Path) -> None:
    status_page = (site / "verification" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"실패 0 · 오프라인 검증 불가 1 · 결과 없음 \d+\.", status_page)
    assert '<span class="docktest-state docktest-state--unverifiable">⊘ 오프라인 검증 불가</span>' in status_page


def test_the_mark_has_its_colour(site: Path) -> None:
    css = (ROOT / "docs" / "assets" / "verification" / "verification.css").read_text(encoding="utf-8")
    assert ".docktest-state--unverifiable {" in css and "--docktest-unverifiable:" in css
