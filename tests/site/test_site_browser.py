"""The built site in real Chromium (Debian's, via Playwright): what a reader sees and can do.

Screenshots go to test-artifacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
SECTION = "section02-images-containers/"
SEARCH_READY = "검색어를 입력하세요"  # Material's Korean placeholder once the index is loaded


@pytest.fixture
def section(page, site_url):
    """The section page, loaded with its fonts, with every request the browser made recorded."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.emulate_media(color_scheme="light")
    page.goto(site_url + SECTION)  # until `load`: styles and Material's scripts are in (no half second of silence)
    page.evaluate("document.fonts.ready.then(() => true)")
    page.requests = requests
    return page


def _screenshot(page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=full_page)


def test_section_page_renders_its_code_blocks(section):
    assert section.locator("article h1").inner_text().startswith("섹션02 - Docker 이미지 & 컨테이너")
    blocks = section.locator("article pre > code")
    assert blocks.count() == 7  # five shell blocks and the output two of them print
    assert "docker pull node:latest" in blocks.first.inner_text()
    assert "docker run {이미지 이름}" in blocks.nth(2).inner_text()  # after the first block's output
    nested = section.locator("article ol > li > ul > li")
    assert nested.count() == 10  # the sub-items under the four numbered items
    assert section.locator("article .git-revision-date-localized-plugin").first.inner_text().strip()
    _screenshot(section, "section02-light.png")


def test_copy_button_copies_the_block(section):
    section.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=section.url.split(SECTION)[0])
    buttons = section.locator("article [data-clipboard-target]")
    assert buttons.count() == 7  # a copy button on every code block, output blocks included
    buttons.last.click()
    assert section.evaluate("navigator.clipboard.readText()").strip() == "docker build -t goals:latest ."


def test_dark_toggle_switches_the_palette(section):
    body = section.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    light = section.evaluate("getComputedStyle(document.body).backgroundColor")
    section.get_by_title("어두운 테마로 바꾸기").click()
    section.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert section.evaluate("getComputedStyle(document.body).backgroundColor") != light
    _screenshot(section, "section02-dark.png", full_page=False)
    section.get_by_title("밝은 테마로 바꾸기").click()
    section.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")


@pytest.mark.parametrize("query", ["컨테이너", "node:latest", "--rm", "Dockerfile-rng"])
def test_search_finds_the_section_page(section, query):
    box = section.locator('input[data-md-component="search-query"]')
    box.click()
    section.locator(".md-search-result__meta", has_text=SEARCH_READY).wait_for()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    first = section.locator(".md-search-result__item > .md-search-result__link").first
    first.wait_for()
    assert unquote(first.get_attribute("href")).split("?")[0].endswith(SECTION)
    if query == "컨테이너":
        _screenshot(section, "search.png", full_page=False)


def test_instant_navigation_keeps_the_page_loaded(section, site_url):
    section.evaluate("window.notReloaded = true")
    section.locator("nav.md-nav--primary a", has_text="홈").first.click()
    section.wait_for_url(site_url)
    assert section.evaluate("window.notReloaded === true")
    # The address changes before the new content is swapped in: wait for it (a busy machine shows the gap).
    expect(section.locator("article h1")).to_have_text(re.compile(r"^Docker 노트"))


def test_browser_makes_no_request_off_the_site(section, site_url):
    section.locator("nav.md-nav--primary a", has_text="홈").first.click()
    section.wait_for_load_state("networkidle")  # instant navigation keeps the document: the section's late requests too
    elsewhere = [url for url in section.requests if not url.startswith((site_url, "data:", "blob:"))]
    assert section.requests and elsewhere == []


def test_hangul_is_drawn_with_a_font_of_the_stack(section):
    """No web font is loaded, so the system stack in fonts.css must reach a font that has Hangul."""
    cdp = section.context.new_cdp_session(section)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    heading = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article h2"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
    stack = section.evaluate("getComputedStyle(document.querySelector('article h2')).fontFamily")
    assert "Noto Sans CJK KR" in stack
    used = [font["familyName"] for font in fonts if font["glyphCount"]]
    assert used and all(name in stack or name.startswith("Noto Sans CJK") for name in used), (used, stack)
