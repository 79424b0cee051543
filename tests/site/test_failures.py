"""A failed block tells readers why in words they can read (no tooltip), and an output diff names its sides.

The site is built from the work tree with results in which the section page's first block printed a
`docker ps` line that differs from the page (a container still "Up", where the page shows it "Exited"; the
diff is the matcher's own) and its third block's last command exited 1; the others passed.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, screenshot_between, site_with_results
from docktest.extract.markdown import extract_page
from docktest.model import Command, Result, Snippet
from docktest.report.verification import block_statuses
from docktest.compare.expect import match
from notes_site.outputs import failure

PAGE = "docs/section02-images-containers.md"
PAGE_URL = "section02-images-containers/"
ARTIFACTS = ROOT / "test-artifacts"
# What block 1's commands printed in a sandbox run of the page, but the container listed is still running.
PRINTED = {
    "docker pull node:latest": "latest: Pulling from library/node\n42f24213f709: Pull complete\n"
                               "Digest: sha256:72c3a7630d57dd2cf4e0aea5c0b20c7c6070a8fe27906c84b3f60bd9dd090393\n"
                               "Status: Downloaded newer image for node:latest\ndocker.io/library/node:latest\n",
    "docker run node": "",
    "docker ps -a": "CONTAINER ID   IMAGE     COMMAND   CREATED        STATUS         PORTS     NAMES\n"
                    "091b7123f060   node      \"node\"    1 second ago   Up 1 second              musing_williamson\n",
    "docker run -it node": "Welcome to Node.js v20.19.2.\nType \".help\" for more information.\n> .exit\n",
}


def _snippet() -> Snippet:
    return Snippet("p.md#1", "p.md", 3, 3, "bash", "false", (Command(3, "false"),))


def test_the_reason_is_text_under_the_block() -> None:
    snippet = _snippet()
    (status,) = block_statuses([snippet], [Result("p.md", 3, "false", "failed", 1, 0.1, "")])
    assert failure(status) == ('<div class="docktest-failure"><div class="docktest-failure__reason" '
                               'data-search-exclude><strong>실패한 이유</strong> 종료 코드 1 (기대 0)</div></div>')
    (passed,) = block_statuses([snippet], [Result("p.md", 3, "false", "passed", 0, 0.1, "")])
    assert failure(passed) == ""


def test_an_output_diff_names_each_side_and_leaves_out_file_lines() -> None:
    found = match(["a", "Exited (0) 1 second ago", "c"], "a\nUp 1 second\nc\n", first_line=30, label="docs/p.md")
    snippet = _snippet()
    result = Result("p.md", 3, "false", "failed", 0, 0.1, "", diff=found.diff)
    (status,) = block_statuses([snippet], [result])
    shown = failure(status)
    assert "<strong>실패한 이유</strong> 출력이 다릅니다</div>" in shown
    assert ('<span class="docktest-diff__expected">기대</span> 노트에 적힌 출력 · '
            '<span class="docktest-diff__actual">실제</span> 샌드박스에서 나온 출력') in shown
    rows = re.sub(r"<[^>]+>", "", shown.split("<code>", 1)[1].split("</code>", 1)[0]).split("\n")
    assert rows == ["a", "기대Exited (0) 1 second ago", "실제Up 1 second", "c", ""]  # side, then the line
    assert "@@" not in shown and "docs/p.md" not in shown


def _results() -> dict:
    snippets = extract_page(PAGE)
    first, third = snippets[0], snippets[2]
    (expectation,) = first.expectations
    diff = match([text for text, _ in expectation.lines], "".join(PRINTED[c.text] for c in first.commands),
                 expectation.line, PAGE).diff
    assert "Up 1 second" in diff  # a real difference, found by the matcher
    results = []
    for snippet in snippets:
        for command in snippet.commands:
            entry = {"path": PAGE, "line": command.line, "command": command.text, "status": "passed", "exit_code": 0,
                     "duration_s": 0.5, "output": PRINTED.get(command.text, "")}
            if snippet is first and command is first.commands[-1]:
                entry.update(status="failed", diff=diff)
            elif snippet is third and command is third.commands[-1]:
                entry.update(status="failed", exit_code=1)
            results.append(entry)
    return {"format": 2, "finished_at": "2026-12-05T01:00:00+00:00", "results": results}


@pytest.fixture(scope="module")
def failed_site(tmp_path_factory):
    with site_with_results(tmp_path_factory.mktemp("failed"), _results()) as built:
        yield built


def test_the_built_page_shows_each_reason_after_its_block(failed_site) -> None:
    article = (failed_site[0] / "section02-images-containers" / "index.html").read_text(encoding="utf-8")
    blocks = article.split('<div class="docktest-block" id="docktest-block-')[1:]
    reasons = {int(block.split('"', 1)[0]): re.findall(r'</p></div><div class="docktest-failure"><div class="docktest-f'
                                                       r'ailure__reason" data-search-exclude><strong>실패한 이유</strong> '
                                                       r"([^<]*)</div>", block)
               for block in blocks}
    assert reasons == {1: ["출력이 다릅니다"], 2: [], 3: ["종료 코드 1 (기대 0)"], 4: [], 5: []}


def test_a_failure_stays_out_of_search(failed_site) -> None:
    index = json.loads((failed_site[0] / "search" / "search_index.json").read_text(encoding="utf-8"))
    section = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith(PAGE_URL))
    assert [text for text in ("실패", "종료 코드", "출력이 다릅니다", "샌드박스에서 나온 출력", "Up 1 second") if text in section] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "mobile"])
def test_a_reader_sees_the_reason_without_a_tooltip(failed_site, browser, scheme, viewport) -> None:
    context = browser.new_context(locale="ko-KR", viewport=viewport, color_scheme=scheme, has_touch=True)
    try:
        page = context.new_page()
        page.goto(failed_site[1] + PAGE_URL)
        exited = page.locator("#docktest-block-3 + .docktest-failure")
        exited.scroll_into_view_if_needed()
        assert exited.is_visible() and exited.inner_text() == "실패한 이유 종료 코드 1 (기대 0)"
        differs = page.locator("#docktest-block-1 + .docktest-failure")
        differs.scroll_into_view_if_needed()
        assert differs.locator(".docktest-failure__reason").inner_text() == "실패한 이유 출력이 다릅니다"
        legend = differs.locator(".docktest-diff__legend")
        assert legend.is_visible() and legend.inner_text() == "기대 노트에 적힌 출력 · 실제 샌드박스에서 나온 출력"
        expected_row = differs.locator("code > .docktest-diff__expected")
        actual_row = differs.locator("code > .docktest-diff__actual")
        assert "Exited (0)" in expected_row.inner_text() and expected_row.inner_text().startswith("기대")
        assert "Up 1 second" in actual_row.inner_text() and actual_row.inner_text().startswith("실제")
        assert expected_row.bounding_box()["y"] < actual_row.bounding_box()["y"]  # one row each, expected first
        sides = [row.evaluate("r => getComputedStyle(r.firstElementChild).color") for row in (expected_row, actual_row)]
        assert sides[0] != sides[1]  # and told apart by colour as well as by word
        name = "desktop" if viewport["width"] > 600 else "mobile"
        screenshot_between(page, page.locator("#docktest-block-1"), differs,
                           ARTIFACTS / f"failure-reason-{name}-{scheme}.png")
    finally:
        context.close()
