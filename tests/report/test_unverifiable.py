"""Results that could not be verified offline, in every report: kept apart from failures, never failing the run."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from docktest.adapters.cli import main
from docktest.extract.markdown import extract_page
from docktest.model import Result
from docktest.report.formats import format_results
from docktest.report.status_page import status_page
from docktest.report.transcript import stand_in_note
from docktest.report.verification import Run, block_statuses
from docktest import results_file
from notes_site.marks import mark, recorded

PAGE = "docs/p.md"
TEXT = "# p\n\n```bash\ndocker pull node:latest\n```\n\n```bash\ndocker run --rm alpine echo hi\ndocker ps\n```\n" \
       "\n```bash\ndocker exec box ls\n```\n\n```bash\ndocker exec box ls && false\nfalse\n```\n"


def _results() -> list[Result]:
    return [
        Result(PAGE, 4, "docker pull node:latest", "passed", 0, 2.0, "Status: Downloaded newer image for node:latest\n",
               stand_ins=("node",)),
        Result(PAGE, 8, "docker run --rm alpine echo hi", "unverifiable", 125, 0.1, "Unable to find image …\n",
               unavailable_image="alpine", stand_ins=("node",)),
        Result(PAGE, 9, "docker ps", "passed", 0, 0.1, "CONTAINER ID\n", stand_ins=("node",)),
        Result(PAGE, 13, "docker exec box ls", "unverifiable", 1, 0.1, "Error: No such container: box\n",
               unavailable_image="alpine", unverifiable_after=8, stand_ins=("node",)),
        Result(PAGE, 17, "docker exec box ls && false", "unverifiable", 1, 0.1, "", unavailable_image="alpine",
               unverifiable_after=8),
        Result(PAGE, 18, "false", "failed", 1, 0.1, ""),
    ]


def test_the_text_report_lists_them_after_the_failures_and_counts_them() -> None:
    assert format_results(_results()[:5], "text") == (
        "docs/p.md:8: unverifiable: docker run --rm alpine echo hi (image not available offline: alpine; "
        "exit status 125, expected 0)\n"
        "docs/p.md:13: unverifiable: docker exec box ls (not verifiable offline: follows line 8, whose image (alpine) "
        "is not available; exit status 1, expected 0)\n"
        "docs/p.md:17: unverifiable: docker exec box ls && false (not verifiable offline: follows line 8, whose image "
        "(alpine) is not available; exit status 1, expected 0)\n"
        "2 passed, 0 failed, 0 timeout, 0 skipped, 3 unverifiable\n")


def test_github_gets_notices_junit_skips_and_sarif_open_results() -> None:
    github = format_results(_results(), "github").splitlines()
    assert github[0] == ("::notice file=docs/p.md,line=8,title=docktest run%3A unverifiable::docker run --rm alpine "
                         "echo hi (image not available offline: alpine; exit status 125, expected 0)")
    assert github[-1].startswith("::error file=docs/p.md,line=18,title=docktest run%3A failed::")
    suite = ElementTree.fromstring(format_results(_results(), "junit").split("\n", 1)[1]).find("testsuite")
    assert (suite.get("failures"), suite.get("skipped")) == ("1", "3")
    skipped = suite.find("testcase[@line='8']/skipped")
    assert (skipped.get("type"), skipped.get("message")) == ("unverifiable", _results()[1].message)
    sarif = json.loads(format_results(_results(), "sarif"))["runs"][0]["results"]
    assert [(r["ruleId"], r["kind"], r["level"]) for r in sarif] == [
        ("unverifiable", "open", "none")] * 3 + [("failed", "fail", "error")]
    assert sarif[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 8}


def test_the_results_file_keeps_every_field(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(results_file.encode(_results()), encoding="utf-8")
    assert list(results_file.read(path).results) == _results()


def test_a_run_with_nothing_failed_exits_0_whatever_could_not_be_verified(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "results.json"
    path.write_text(results_file.encode(_results()[:5]), encoding="utf-8")
    assert main(["report", str(path)]) == 0
    path.write_text(results_file.encode(_results()), encoding="utf-8")
    assert main(["report", str(path)]) == 1
    capsys.readouterr()


def test_a_block_is_unverifiable_unless_a_real_failure_is_in_it() -> None:
    statuses = block_statuses(extract_page(PAGE, TEXT), _results())
    assert [s.state for s in statuses] == ["verified", "unverifiable", "unverifiable", "failed"]
    assert (statuses[1].line, statuses[1].reason) == (8, "오프라인에서는 쓸 수 없는 이미지: alpine")
    assert statuses[2].reason == "앞선 명령의 이미지(alpine)를 오프라인에서 쓸 수 없어 검증할 수 없음"
    assert statuses[3].command == "false"


def test_the_status_page_counts_them_and_names_the_image() -> None:
    statuses = block_statuses(extract_page(PAGE, TEXT), _results())
    from datetime import datetime, timezone

    text = status_page(Run(tuple(_results()), datetime(2026, 12, 5, tzinfo=timezone.utc)), {"p.md": statuses},
                       {"p.md": "p"})
    assert "셸 블록 4개: 검증됨 1 · 건너뜀 0 · 실패 1 · 오프라인 검증 불가 2 · 결과 없음 0." in text
    assert ('<span class="docktest-state docktest-state--unverifiable">⊘ 오프라인 검증 불가</span> | '
            "`docker run --rm alpine echo hi`: 오프라인에서는 쓸 수 없는 이미지: alpine |") in text


def test_the_mark_says_cannot_verify_here_and_not_wrong() -> None:
    status = block_statuses(extract_page(PAGE, TEXT), _results())[1]
    assert mark(status, "2026-12-05", PAGE) == (
        '<p class="docktest-mark docktest-mark--unverifiable" title="docs/p.md:8: 오프라인 샌드박스에서는 이 블록을 '
        '검증할 수 없습니다 (오프라인에서는 쓸 수 없는 이미지: alpine). 틀렸다는 뜻은 아닙니다" data-search-exclude>'
        '<span class="docktest-mark__icon" aria-hidden="true">⊘</span> 오프라인 검증 불가 · '
        "오프라인에서는 쓸 수 없는 이미지: alpine</p>")


def test_output_from_stand_ins_is_disclosed_in_its_box() -> None:
    statuses = block_statuses(extract_page(PAGE, TEXT), _results())
    assert stand_in_note(statuses[0].results) == ("오프라인 실행: Docker Hub의 공식 이미지 대신 Debian 13 패키지로 만든 "
                                                   "대체 이미지에서 나온 출력입니다 — node = Node.js 20 (Debian 13 nodejs)")
    assert '<p class="docktest-output__stand-ins">오프라인 실행: ' in recorded(statuses[0])
    assert stand_in_note(statuses[3].results) == ""  # nothing from a stand-in ran in it
    assert "docktest-output__stand-ins" not in recorded(statuses[3])
