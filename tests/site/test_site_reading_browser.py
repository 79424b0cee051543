"""Reading the built site in Chromium, on a phone and on a desktop: example pages, line breaks, the copy button.

Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 375, "height": 740}
# Code blocks whose first line of text starts above the bottom of their copy button.
CLASHES = """() => [...document.querySelectorAll('article pre')].flatMap(pre => {
    const button = pre.querySelector('.md-code__nav'), code = pre.querySelector('code')
    if (!button || !code) return []
    // the first line of code starts below the button, however long it is
    const textTop = code.getBoundingClientRect().top + parseFloat(getComputedStyle(code).paddingTop)
    return textTop < button.getBoundingClientRect().bottom ? [code.textContent.slice(0, 30)] : []
})"""


@pytest.fixture
def phone(browser):
    """A page in a phone-sized viewport (a Galaxy/iPhone-like 375 px wide, touch)."""
    context = browser.new_context(locale="ko-KR", viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def _open(page, url: str) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(url)  # until `load`: styles and scripts are in; lines break as the fonts shown break them
    page.evaluate("document.fonts.ready.then(() => true)")


def test_an_example_page_shows_korean_copies_the_file_and_offers_the_zip(page, site_url) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    _open(page, site_url + "examples/rng/")
    assert page.locator("article h1").inner_text().startswith("예제 프로젝트: rng")
    code = page.locator("article .highlight").filter(has=page.locator("span.filename", has_text="rng.py"))
    assert 'int(input("최솟값을 입력하세요: "))' in code.locator("code").inner_text()
    code.locator("[data-clipboard-target]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.rstrip("\n") == (ROOT / "docs/examples/rng/rng.py").read_text(encoding="utf-8").rstrip("\n")
    with page.expect_download() as download:
        page.get_by_role("link", name="rng.zip으로 폴더째 내려받기").click()
    assert download.value.suggested_filename == "rng.zip"


def test_the_section_links_to_the_example_pages(page, site_url) -> None:
    _open(page, site_url + "section02-images-containers/")
    page.get_by_role("link", name="rng.py").click()
    page.wait_for_url("**/examples/rng/#rngpy")
    expect(page.locator("article h2#rngpy")).to_be_in_viewport()  # waits for instant navigation


def test_on_a_phone_keys_stay_whole_and_code_clears_the_copy_button(phone, site_url) -> None:
    _open(phone, site_url + "guide/markers/")
    # every key, ID and port in the guide's tables is drawn on one line
    split = phone.evaluate("""() => [...document.querySelectorAll('article table:not(.highlighttable) td code')]
        .filter(code => code.getClientRects().length > 1)
        .map(code => code.textContent)""")
    assert split == []
    assert phone.locator("article pre .md-code__nav").count() >= 5
    assert phone.evaluate(CLASHES) == []
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=ARTIFACTS / "markers-mobile.png", full_page=True)
    _open(phone, site_url + "examples/rng/")
    assert phone.evaluate(CLASHES) == []
    phone.screenshot(path=ARTIFACTS / "example-rng-mobile.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# Each word the reader must see whole that the browser drew on more than one line: a flag in inline code
# (`--rm`, `-it`), a Hangul word in a link (내려받기). Words are split at spaces.
SPLIT_WORDS = r"""() => {
    const split = []
    for (const [selector, whole] of [['article :not(pre) > code', /^-/], ['article a, .md-nav a', /[가-힣]/]])
        for (const element of document.querySelectorAll(selector)) {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
            for (let node = walker.nextNode(); node; node = walker.nextNode())
                for (const word of node.data.matchAll(/\S+/g)) {
                    if (!whole.test(word[0])) continue
                    const range = document.createRange()
                    range.setStart(node, word.index)
                    range.setEnd(node, word.index + word[0].length)
                    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)))
                    if (lines.size > 1) split.push(word[0])
                }
        }
    return split
}"""


# A frame for what the page does on a resize (Material's handlers run on the next frame) to be drawn.
SETTLED = "new Promise(drawn => requestAnimationFrame(() => requestAnimationFrame(drawn)))"


def test_no_flag_or_korean_word_of_a_link_is_split_over_two_lines(browser, site_url, built_site) -> None:
    # Before: `--rm` and `--build` broke after a dash, "내려받기" in a link broke after 내려 (Material's
    # word-break: break-word on links), at 1280 px as on phones.
    # Each page is loaded once and drawn at each width in turn: checked on every page against a load at that
    # width, every word of these links and code spans (8,655) was drawn on as many lines either way.
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 800})
    split = {}
    try:
        page = context.new_page()
        for html in sorted(built_site.rglob("index.html")):
            path = html.parent.relative_to(built_site).as_posix()
            _open(page, site_url + ("" if path == "." else path + "/"))
            for width in (1280, 390, 320):
                page.set_viewport_size({"width": width, "height": 800})
                page.evaluate(SETTLED)
                if words := page.evaluate(SPLIT_WORDS):
                    split[width, path] = words
    finally:
        context.close()
    assert split == {}
