"""The real site built with a results file (marks, 검증 현황) and without one (unchanged), and seen in Chromium.

Each build runs `mkdocs build --strict` on the work tree into this module's own folder, the results
file named by DOCKTEST_RESULTS: handmade from the real page's snippets, as `docktest run --format
json` writes them. Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SiteBuild, build_site, serve_directory
from docktest.extract.markdown import extract_page

PAGE = "docs/section02-images-containers.md"
PAGE_URL = "section02-images-containers/"
ARTIFACTS = ROOT / "test-artifacts"
SKIP_REASON = "호스트의 이미지를 지웁니다"
# Block 1 passes, block 2 fails at its last command, block 3 is skipped, the last has no result;
# the others pass.
EXPECTED = {1: "verified", 2: "failed", 3: "skipped"}


def _results(snippets) -> dict:
    results = []
    for snippet in snippets[:-1]:
        ordinal = int(snippet.id.rsplit("#", 1)[1])
        for command in snippet.commands:
            status, exit_code, message = "passed", 0, ""
            if ordinal == 2 and command is snippet.commands[-1]:
                status, exit_code, message = "failed", 125, "exit status 125, expected 0"
            elif ordinal == 3:
                status, exit_code, message = "skipped", None, f"skipped: {SKIP_REASON}"
            results.append({"path": snippet.path, "line": command.line, "command": command.text, "status": status,
                            "exit_code": exit_code, "duration_s": 0.5, "output": "", "message": message})
    return {"finished_at": "2026-11-27T21:30:00+00:00", "results": results}


def _build(tmp: Path, results: Path, site_url: str = "") -> SiteBuild:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DOCKTEST_RESULTS", str(results))
        if site_url:
            env.setenv("DOCKER_NOTES_SITE_URL", site_url)  # instant navigation follows links under site_url
        return build_site(tmp / "site")


@pytest.fixture(scope="module")
def snippets():
    found = extract_page(PAGE)
    assert len(found) >= 4, "the test needs a passed, a failed, a skipped and an unverified block"
    return found


@pytest.fixture(scope="module")
def marked_site(tmp_path_factory, snippets):
    """(site folder, URL): the site built with the handmade results, served on loopback."""
    tmp = tmp_path_factory.mktemp("verified")
    (tmp / "site").mkdir()
    results = tmp / "results.json"
    results.write_text(json.dumps(_results(snippets), ensure_ascii=False), encoding="utf-8")
    with serve_directory(tmp / "site") as url:
        built = _build(tmp, results, url)
        assert built.returncode == 0, built.log
        assert not re.findall(r"^(WARNING|ERROR)\b.*", built.log, re.M)
        yield built.site_dir, url


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("unverified")
    built = _build(tmp, tmp / "no-such-results.json")
    assert built.returncode == 0, built.log
    assert not re.findall(r"^(WARNING|ERROR)\b.*", built.log, re.M)
    return built.site_dir


def _html(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def _article(page_html: str) -> str:
    return page_html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


def _expected_state(ordinal: int, count: int) -> str:
    return "unverified" if ordinal == count else EXPECTED.get(ordinal, "verified")


def test_every_block_carries_its_mark(marked_site, snippets):
    article = _article(_html(marked_site[0], PAGE_URL))
    ids = re.findall(r'<div class="docktest-block" id="docktest-block-(\d+)">', article)
    assert ids == [str(n) for n in range(1, len(snippets) + 1)]
    marks = re.findall(r'<p class="docktest-mark docktest-mark--(\w+)" title="([^"]*)" data-search-exclude>(.*?)</p></div>',
                       article)
    assert [state for state, _, _ in marks] == [_expected_state(n, len(snippets)) for n in range(1, len(snippets) + 1)]
    failing = snippets[1].commands[-1]
    assert marks[0][2].endswith('검증됨 · <time datetime="2026-11-27">2026-11-27</time>')
    assert marks[1][1] == f"{PAGE}:{failing.line}에서 실패: 종료 코드 125 (기대 0)"
    assert marks[1][2].endswith(f"실패 · <code>{failing.text}</code>")
    failed_block = article.split('id="docktest-block-2"', 1)[1].split('id="docktest-block-3"', 1)[0]
    assert re.findall(r'<span class="hll docktest-failing">(.*?)\n</span>', failed_block) != []
    assert marks[2][2].endswith(f"건너뜀 · {SKIP_REASON}")
    assert marks[-1][2].endswith("결과 없음")
    assert 'href="../assets/verification/verification.css"' in _html(marked_site[0], PAGE_URL)


def _rows(page_html: str) -> list[tuple[str, str, str]]:
    """(link, state, content) of each row of the 검증 현황 tables, tags dropped from state and content."""
    rows = re.findall(r'<tr>\s*<td><a href="([^"]+)"[^>]*>[^<]*</a></td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>',
                      _article(page_html), re.S)
    return [(href, re.sub(r"<[^>]+>", "", state), re.sub(r"<[^>]+>", "", content)) for href, state, content in rows]


def test_status_page_lists_every_block_linked_to_its_place(marked_site, snippets):
    site = marked_site[0]
    status_page = _html(site, "verification")
    assert "<h1 id=\"검증-현황\">검증 현황" in status_page
    everywhere = sum(len(extract_page(str(p))) for p in (ROOT / "docs").rglob("*.md"))  # other pages: no result
    assert (f"셸 블록 {everywhere}개: 검증됨 {len(snippets) - 3} · 건너뜀 1 · 실패 1 · "
            f"결과 없음 {everywhere - len(snippets) + 1}.") in status_page
    rows = [row for row in _rows(status_page) if row[0].startswith(f"../{PAGE_URL}#")]
    assert [href for href, _, _ in rows] == [f"../{PAGE_URL}#docktest-block-{n}" for n in range(1, len(snippets) + 1)]
    labels = {"verified": "✓ 검증됨", "failed": "✗ 실패", "skipped": "− 건너뜀", "unverified": "? 결과 없음"}
    assert [state for _, state, _ in rows] == [labels[_expected_state(n, len(snippets))]
                                               for n in range(1, len(snippets) + 1)]
    failing = snippets[1].commands[-1]
    assert rows[1][2] == f"{failing.text}: 종료 코드 125 (기대 0)"
    assert rows[2][2] == SKIP_REASON
    section = _html(site, PAGE_URL)
    for href, _, _ in rows:
        assert f'id="{href.split("#")[1]}"' in section
    assert re.search(r'<a href="\.\./verification/" class="md-nav__link">\s*<span class="md-ellipsis">\s*검증 현황',
                     section)


def test_status_page_shows_a_title_with_an_ampersand_as_written(marked_site):
    status_page = _html(marked_site[0], "verification")
    assert "섹션02 - Docker 이미지 &amp; 컨테이너" in status_page  # one escape: a browser shows `&`
    assert "&amp;amp;" not in status_page


def test_status_page_is_left_out_of_search(marked_site):
    index = json.loads((marked_site[0] / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "verification/" not in locations and f"{PAGE_URL}" in locations


def test_without_results_the_pages_are_as_before(plain_site, marked_site):
    for page in plain_site.rglob("*.html"):
        assert "docktest-block" not in page.read_text(encoding="utf-8"), page
    status_page = _article(_html(plain_site, "verification"))
    assert "아직 검증 결과가 없습니다." in status_page and "<table>" not in status_page
    # Taking the wrappers, marks, failure reasons and recorded-output boxes out of the marked page, and the labels
    # and elision marks out of the author's output blocks, gives back the plain page, byte for byte.
    marked = _article(_html(marked_site[0], PAGE_URL))
    wrappers_and_marks = (r'<div class="docktest-block" id="[^"]+">|<p class="docktest-mark [^>]*>.*?</p></div>'
                          r'|(?s:<details class="docktest-output"[^>]*>.*?</details>)'
                          r'|<div class="docktest-failure"><div class="docktest-failure__reason"[^>]*><strong>.*?</div></div>')
    unmarked = re.sub(r'<span class="hll docktest-failing">([^\n]*\n)</span>', r"\1", re.sub(wrappers_and_marks, "", marked))
    unmarked = re.sub(r'(?s)<div class="docktest-expected"><div class="docktest-expected__label"[^>]*>.*?</div>'
                      r"(.*?</code></pre></div>)</div>", r"\1", unmarked)
    unmarked = re.sub(r'<span class="docktest-elision[^"]*" title="[^"]*">\.\.\.</span>', "...", unmarked)
    assert unmarked == _article(_html(plain_site, PAGE_URL))


def test_a_broken_results_file_fails_the_build_naming_it(tmp_path):
    results = tmp_path / "results.json"
    results.write_text('{"results": [\n  {"path": "docs/x.md",}\n]}\n', encoding="utf-8")
    built = _build(tmp_path, results)
    assert built.returncode != 0
    assert f"verification: {results}:2: not valid JSON" in built.log


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_marks_are_visible_and_quiet_in_chromium(marked_site, page, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(marked_site[1] + PAGE_URL)  # until `load`: styles are in
    page.evaluate("document.fonts.ready.then(() => true)")  # sizes and places as the fonts shown make them
    marks = page.locator("article .docktest-mark")
    assert marks.count() == len(page.locator("article .docktest-block").all())
    body = page.evaluate("getComputedStyle(document.querySelector('article p:not(.docktest-mark)')).fontSize")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for index in range(marks.count()):
        mark = marks.nth(index)
        mark.scroll_into_view_if_needed()
        assert mark.is_visible()
        style = mark.evaluate("m => { const s = getComputedStyle(m); return [s.fontSize, s.color, s.textAlign]; }")
        assert float(style[0].removesuffix("px")) < float(body.removesuffix("px"))  # smaller than the text
        assert style[2] == "right"
        assert _contrast(style[1], background) >= 3, style  # quiet, yet legible on this palette
        code = mark.locator("xpath=preceding-sibling::div[contains(@class, 'highlight')]").bounding_box()
        box = mark.bounding_box()
        assert 0 <= box["y"] - (code["y"] + code["height"]) < box["height"]  # right under its own block
    failed = page.locator("article .docktest-mark--failed")
    assert failed.evaluate("m => getComputedStyle(m).color") != marks.first.evaluate("m => getComputedStyle(m).color")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"verification-marks-{scheme}.png", full_page=True)
    for state in ("verified", "failed", "skipped"):  # close-ups: the block with the text around it
        block = page.locator(f"article .docktest-block:has(.docktest-mark--{state})").first.bounding_box()
        page.screenshot(path=ARTIFACTS / f"verification-{state}-{scheme}.png", full_page=True,
                        clip={"x": block["x"] - 20, "y": block["y"] + page.evaluate("scrollY") - 60,
                              "width": block["width"] + 40, "height": block["height"] + 120})


def test_status_page_link_takes_the_reader_to_the_block(marked_site, page):
    page.emulate_media(color_scheme="light")
    page.goto(marked_site[1] + "verification/")  # until `load`: Material's scripts (instant navigation) are in
    page.evaluate("document.fonts.ready.then(() => true)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "verification-status-page.png", full_page=True)
    page.locator(f"article a[href$='{PAGE_URL}#docktest-block-2']").click()  # other pages have a block 2 too
    page.wait_for_url("**/" + PAGE_URL + "#docktest-block-2")
    target = page.locator("#docktest-block-2")
    target.locator(".docktest-mark--failed").wait_for()
    box = target.bounding_box()
    header = page.locator("header.md-header").bounding_box()
    viewport = page.viewport_size
    assert header["y"] + header["height"] <= box["y"] + 1  # not hidden under the sticky header
    assert box["y"] < viewport["height"]  # and in view
    assert page.evaluate("document.querySelector(':target')?.id") == "docktest-block-2"


E2E_PAGE = """# 끝까지

```bash
echo 안녕
```

```bash
echo 하나
false
```

<!-- docktest
skip: 보여 주기만 하는 블록
-->
```bash
rm -rf /
```
"""


@pytest.mark.docker
def test_a_real_run_feeds_the_marks_end_to_end(tmp_path):
    """`docktest run` in the real sandbox writes .docktest/results.json; a strict build of a small site reads it."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(E2E_PAGE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: 끝까지\ntheme:\n  name: material\n  language: ko\n"
        f"hooks:\n  - {ROOT / 'hooks' / 'verification_hook.py'}\n"
        "markdown_extensions:\n  - pymdownx.highlight\n  - pymdownx.superfences\n  - notes_site.marks\n",
        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DOCKTEST_RESULTS"} | {"NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "docktest", "run", "docs", "--format", "json"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 1, run.stderr  # `false` failed
    (tmp_path / ".docktest").mkdir()
    (tmp_path / ".docktest" / "results.json").write_text(run.stdout, encoding="utf-8")
    day = json.loads(run.stdout)["finished_at"][:10]
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    marks = re.findall(r'<p class="docktest-mark docktest-mark--(\w+)" title="([^"]*)" data-search-exclude>(.*?)</p>',
                       (tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    assert [(state, text.split("</span> ", 1)[1]) for state, _, text in marks] == [
        ("verified", f'검증됨 · <time datetime="{day}">{day}</time>'),
        ("failed", "실패 · <code>false</code>"),
        ("skipped", "건너뜀 · 보여 주기만 하는 블록"),
    ]
    assert marks[1][1].startswith("docs/index.md:9에서 실패: ")
    rows = _rows((tmp_path / "site" / "verification" / "index.html").read_text(encoding="utf-8"))
    assert [(href, state) for href, state, _ in rows] == [
        ("../#docktest-block-1", "✓ 검증됨"), ("../#docktest-block-2", "✗ 실패"), ("../#docktest-block-3", "− 건너뜀")]
