"""axe-core (npm's, the engine browser extensions use) on every page of the built site, in both colour schemes.

The site is built with results in which blocks passed with output, failed (an exit code, an output
diff), were skipped or have no result, so every mark, box and label is on a page. .ci/test installs
axe-core into the venv's node_modules; each page gets it as a script and runs it. Every violation is
printed; a serious or critical one fails the test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT, serve_directory, site_with_results, wait_until
from docktest.extract.markdown import extract_page
from test_failures import PAGE, PAGE_URL, _results

AXE = Path(sys.prefix) / "node_modules" / "axe-core" / "axe.min.js"  # the venv .ci/test made
FAILING = ("serious", "critical")
ARTIFACTS = ROOT / "test-artifacts"


def _every_state() -> dict:
    """test_failures' results (block 1: an output diff, block 3: exit 1), with block 2 skipped and the last unrun."""
    results = _results()
    snippets = extract_page(PAGE)
    skipped = {c.line for c in snippets[1].commands}
    unrun = {c.line for c in snippets[-1].commands}
    for entry in results["results"]:
        if entry["line"] in skipped:
            entry.update(status="skipped", exit_code=None, skip_reason="보여 주기만 하는 블록")
    results["results"] = [entry for entry in results["results"] if entry["line"] not in unrun]
    return results


@pytest.fixture(scope="module")
def every_state_site(tmp_path_factory):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: bash .ci/test installs axe-core (npm) into the venv")
    with site_with_results(tmp_path_factory.mktemp("a11y"), _every_state()) as built:
        yield built


@pytest.fixture(scope="module")
def axe_url(every_state_site):
    """axe-core's script served on loopback. Pages load it by URL, so Chromium caches it, compiled: sent inline
    to every page (add_script_tag(path=…)), its 0.5 MB took as long to arrive and compile as axe took to run."""
    with serve_directory(AXE.parent) as url:
        yield url + AXE.name


def _pages(site: Path) -> list[str]:
    """Every HTML page of the site, as its path under the site's URL."""
    pages = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if not relative.startswith("assets/"):
            pages.append(relative.removesuffix("index.html"))
    return pages


# Material's palette as a dark-preferring reader's load picks it: the colour scheme's media emulated, then the
# palette input for that media emitted through Material's own change handler (the one that, on load, applies the
# input whose media matches). Material 9.8 does not re-pick on a media change alone (it replays the load's pick).
# Checked on every page, both viewports, against pages loaded in a dark context: the same body attributes, meta
# theme-color and color-scheme, stored palette, computed colours of every element and axe violations.
PREFER = """scheme => document.querySelector(
    `form[data-md-component=palette] input[data-md-color-media='(prefers-color-scheme: ${scheme})']`
).dispatchEvent(new Event("change"))"""
# The palette's scheme applied and Material's switching over (colour transitions are off while it switches).
SWITCHED = """scheme => document.body.getAttribute("data-md-color-media") === `(prefers-color-scheme: ${scheme})`
    && !document.body.hasAttribute("data-md-color-switching")"""


def _prefer(page, scheme: str) -> None:
    """Show PAGE, loaded, as a reader who prefers SCHEME gets it on load (see PREFER)."""
    page.emulate_media(color_scheme=scheme)
    page.evaluate(PREFER, scheme)
    page.wait_for_function(SWITCHED, arg=scheme, timeout=10_000)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "mobile"])
def test_no_page_has_a_serious_accessibility_violation(every_state_site, axe_url, browser, viewport):
    # Both colour schemes on one load of each page: the dark one switched to in the page (PREFER), not reloaded.
    site, url = every_state_site
    pages = _pages(site)
    assert PAGE_URL in pages and "404.html" in pages and "verification/" in pages
    context = browser.new_context(locale="ko-KR", viewport=viewport, color_scheme="light")
    failing = []
    try:
        page = context.new_page()
        for path in pages:
            page.goto(url + path)  # until `load`: the page's styles and scripts are in; the site calls nothing else
            page.evaluate("document.fonts.ready.then(() => true)")  # contrast is judged on the fonts it shows
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true })")  # boxes read open
            page.add_script_tag(url=axe_url)
            for scheme in ("light", "dark"):
                if scheme == "dark":
                    _prefer(page, "dark")
                violations = page.evaluate("async () => (await axe.run(document, { resultTypes: ['violations'] }))"
                                           ".violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,"
                                           " nodes: v.nodes.map(n => n.target.join(' ')) }))")
                for violation in violations:
                    print(f"axe {scheme} {viewport['width']}px {path or '/'}: {violation['impact']} {violation['id']} "
                          f"({violation['help']}): {', '.join(violation['nodes'][:5])}")
                failing += [(scheme, path, v["id"], v["nodes"][:5]) for v in violations if v["impact"] in FAILING]
            _prefer(page, "light")  # stored by Material: the next page loads light, as before
        print(f"axe {viewport['width']}px: {len(pages)} pages in two schemes, {len(failing)} serious or critical")
    finally:
        context.close()
    assert failing == []


# Where, in the viewport, a block (its id given) and what a reader needs above it start, and where the header
# ends: the heading the block sits under when at most one element (a short list, a sentence) comes between,
# else the element right above it. Null while the page is still arriving.
PLACES = """id => {
    const block = document.getElementById(id), header = document.querySelector("header.md-header")
    if (!block || !header) return null
    const above = block.previousElementSibling
    const heading = [above, above.previousElementSibling].find(e => e && /^H[1-6]$/.test(e.tagName))
    return { context: (heading || above).getBoundingClientRect().top, block: block.getBoundingClientRect().top,
             header: header.getBoundingClientRect().bottom }
}"""

@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "mobile"])
def test_a_block_reached_from_the_status_page_shows_its_heading(every_state_site, browser, viewport):
    # Material's scroll margin only cleared its header: the block's section title was under it, and with it
    # the sentence that says what the block does.
    site, url = every_state_site
    context = browser.new_context(locale="ko-KR", viewport=viewport)
    try:
        page = context.new_page()
        page.goto(url + "verification/")
        links = page.locator(f"article a[href*='{PAGE_URL}#docktest-block-']").evaluate_all("a => a.map(l => l.href)")
        assert len(links) == len(extract_page(PAGE))
        for ordinal, link in enumerate(links, start=1):
            # Each link loaded whole, from elsewhere (between two links of one page the browser only moves within
            # it, and not always): the scroll margin is what is tested here (instant navigation, which
            # test_status_page_link_takes_the_reader_to_the_block follows, lands by the same margin).
            page.goto("about:blank")
            page.goto(link)
            anchor = f"docktest-block-{ordinal}"
            assert link.endswith(f"#{anchor}")
            page.locator(f"#{anchor} .docktest-mark").wait_for()

            def placed(anchor=anchor):
                at = page.evaluate(PLACES, anchor)
                return at is not None and at["header"] <= at["context"] and at["block"] < viewport["height"]

            wait_until(f"{anchor}'s heading or lead-in below the header and the block in view", placed,
                       lambda: page.evaluate(PLACES, anchor), timeout_s=10)  # noqa: B023 - called in this turn
            if ordinal == 3:
                ARTIFACTS.mkdir(exist_ok=True)
                name = "desktop" if viewport["width"] > 600 else "mobile"
                page.screenshot(path=ARTIFACTS / f"jump-to-block-{name}.png")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_marks_and_boxes_read_at_a_comfortable_size_with_a_terminal_icon(every_state_site, browser, scheme):
    site, url = every_state_site
    context = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(url + PAGE_URL)
        sizes = page.locator("article .docktest-mark").evaluate_all(
            "marks => marks.map(m => parseFloat(getComputedStyle(m).fontSize))")
        assert sizes and min(sizes) >= 14  # 12.4 px before
        icon = page.locator("article details.docktest-output > summary").first.evaluate(
            "s => getComputedStyle(s, '::before').maskImage || getComputedStyle(s, '::before').webkitMaskImage")
        assert "M20 19V7H4v12z" in icon  # Material Design's console icon, not the note's pencil
    finally:
        context.close()


def test_the_404_page_is_titled_by_what_it_says(every_state_site, page):
    page.goto(every_state_site[1] + "404.html")  # what a host serves for a missing page
    assert page.title() == "404 - 페이지를 찾을 수 없습니다 - Docker 노트"
