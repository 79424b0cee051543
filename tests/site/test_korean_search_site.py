"""Korean search in real Chromium: a query with a particle finds the other forms of its word.

Each case is a section that plain Material search misses (checked by running Material's own search
worker on the same index with the separator it had before the hook), and that the site's search
lists, with the word marked in another form. Docker terms lose nothing they found before.

The page and its index are loaded once per module: the cases are typed, one after another, into one
loaded page (as a reader searches again), and Material's worker answers every query in one run per
separator. The ?q= deep link has tests of its own (a flag, two words, a request lost).
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote, urljoin, urlsplit

import pytest

from conftest import ROOT
from notes_site.korean import PARTICLE_SEPARATOR

PAGE = "section02-images-containers/"
ARTIFACTS = ROOT / "test-artifacts"
# (query, section it must find, how the match is marked in that section's snippet)
KOREAN_CASES = [
    ("이미지는", "기본적인 도커 명령", "<mark>이미지</mark>를"),
    ("컨테이너를", "이미지와 컨테이너", "<mark>컨테이너</mark>는"),
    ("레이어는", "이미지 검사하기", "<mark>레이어</mark>의"),
    ("명령은", "이미지 검사하기", "<mark>명령</mark> 등을"),
    ("캐시를", "이미지 레이어 이해하기", "<mark>캐시</mark>에서"),
    ("환경은", "이미지와 컨테이너 동작 방법 이해하기", "<mark>환경</mark>을"),
    ("로그는", "attached mode vs detached mode", "<mark>로그</mark>를"),
    ("도구로", "이미지와 컨테이너", "<mark>도구</mark>를"),
    ("호스트로", "복사하기", "<mark>호스트</mark> 머신의"),
    ("정보를", "이미지 검사하기", "<mark>정보</mark>나"),
    ("태그를", "이름 지정하기", "<mark>태그</mark>도"),
    ("포트에서", "이미지 검사하기", "<mark>포트</mark>,"),
    ("Dockerfile은", "이미지 레이어 이해하기", "<mark>Dockerfile</mark>의"),
    ("인스턴스를", "이미지와 컨테이너", "<mark>인스턴스</mark>"),
]
# (query, a section it must find) for Docker terms, which must lose nothing they found without the hook.
# Docker flags a reader types: each must find the sections that show it, and no others.
FLAGS = ["-it", "-d", "-p", "-a"]
DOCKER_CASES = [
    ("node:latest", "외부 이미지의 사용 & 실행"),
    ("--rm", "필요없는 컨테이너 & 이미지 삭제하기"),
    ("docker ps", "기본적인 도커 명령"),
    ("Dockerfile-rng", "인터렉티브 모드 & 터미널 모드"),
]

# Runs Material's search worker (the site's own file) on the site's index with a given separator,
# and returns the locations each query matches (score 0 marks a page added only to group its sections).
# Queries go through the page's Worker.prototype.postMessage, which drops a flag's leading "--"
# (overrides/partials/docker-flags.html, inline in the page, so in place once the page has loaded).
RUN_WORKER = """
async ({ queries, separator }) => {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const base = new URL(config.base + "/", location.href)
  const index = await (await fetch(new URL("search/search_index.json", base))).json()
  index.config.separator = separator
  const worker = new Worker(config.search)
  let deliver
  worker.onmessage = event => deliver(event.data)
  const ask = message => new Promise(resolve => { deliver = resolve; worker.postMessage(message) })
  await ask({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } })
  const found = {}
  for (const query of queries) {
    const { data } = await ask({ type: 2, data: query })
    found[query] = data.items.flat().filter(item => item.score > 0).map(item => item.location)
  }
  worker.terminate()
  return found
}
"""

RESULTS_SHOWN = """
() => {
  if (window.document$ === undefined) return false // Material's bundle has not run: the page is still arriving
  const { translations } = JSON.parse(document.getElementById("__config").textContent)
  const meta = document.querySelector(".md-search-result__meta")
  return document.querySelector(".md-search-result__item") !== null
    || meta.textContent === translations["search.result.none"]
}
"""


@pytest.fixture(scope="module")
def search_index(built_site) -> dict:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plain_separator(search_index) -> str:
    """The separator Material wrote, without the particles mkdocs.yml adds to it."""
    separator = search_index["config"]["separator"]
    assert separator.endswith("|" + PARTICLE_SEPARATOR), "mkdocs.yml did not build the separator with_particles"
    return separator.removesuffix("|" + PARTICLE_SEPARATOR)


def location_of(search_index: dict, title: str) -> str:
    (location,) = [doc["location"] for doc in search_index["docs"] if html.unescape(doc["title"]) == title]
    return location


# (section title, snippet HTML) of each section Material lists, read in one call.
LISTED = """
() => [...document.querySelectorAll(".md-search-result__article")].filter(article => article.querySelector("h2"))
  .map(article => [article.querySelector("h2").innerHTML, article.innerHTML])
"""

# Empties the list and its count, so that the next answer shown is the one to the query typed next (Material
# fills both anew on every answer, and its worker answers queries in the order they were sent).
FORGET_RESULTS = """
() => {
  document.querySelector(".md-search-result__list").replaceChildren()
  document.querySelector(".md-search-result__meta").textContent = ""
}
"""


def wait_for_results(page) -> None:
    """Wait until Material lists results or says it found none (the page may still be arriving)."""
    page.wait_for_function(RESULTS_SHOWN, timeout=15_000)


def listed(page) -> list[tuple[str, str]]:
    """(section title, snippet HTML) of each section Material lists."""
    return [(re.sub(r"</?mark>", "", html.unescape(title)), snippet) for title, snippet in page.evaluate(LISTED)]


def search(page, site_url: str, query: str, wait_until: str = "load") -> list[tuple[str, str]]:
    """Search the site as a reader does (deep link ?q=); (section title, snippet HTML) of each section listed."""
    page.goto(f"{site_url}{PAGE}?q={quote(query)}", wait_until=wait_until)
    wait_for_results(page)
    return listed(page)


def type_search(page, query: str) -> list[tuple[str, str]]:
    """Search by typing QUERY over the box's last query on an open page; what search() returns."""
    page.evaluate(FORGET_RESULTS)
    box = page.locator("input.md-search__input")
    box.fill(query)  # one input event with the whole query: no partial query reaches the worker
    box.press("End")  # Material reads the box on keyup
    wait_for_results(page)
    return listed(page)


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    """The section page, loaded once, with its search box open for typed queries."""
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{site_url}{PAGE}")
        page.locator("input.md-search__input").click()
        yield page
    finally:
        context.close()


def run_worker(page, site_url: str, queries: list[str], separator: str) -> dict[str, list[str]]:
    page.goto(f"{site_url}{PAGE}")
    return page.evaluate(RUN_WORKER, {"queries": queries, "separator": separator})


# Every query the worker tests ask, each answered once per separator (a query's answer depends on nothing else).
WORKER_QUERIES = sorted({*(query for query, _, _ in KOREAN_CASES), *(query for query, _ in DOCKER_CASES),
                         *FLAGS, "--rm", "docker ps"})


@pytest.fixture(scope="module")
def worker_found(browser, site_url, search_index, plain_separator) -> dict[str, dict[str, list[str]]]:
    """The locations Material's worker finds for each of WORKER_QUERIES: {"plain": …, "particles": …}, the
    separator without and with the particles."""
    context = browser.new_context(locale="ko-KR")
    try:
        page = context.new_page()
        return {"plain": run_worker(page, site_url, WORKER_QUERIES, plain_separator),
                "particles": run_worker(page, site_url, WORKER_QUERIES, search_index["config"]["separator"])}
    finally:
        context.close()


@pytest.mark.parametrize(("query", "title", "marked"), KOREAN_CASES, ids=[case[0] for case in KOREAN_CASES])
def test_query_with_particle_finds_other_forms(search_page, query, title, marked):
    sections = dict(type_search(search_page, query))
    assert title in sections, f"{query!r} did not list {title!r}; listed: {list(sections)}"
    assert marked in sections[title]


def test_plain_material_search_misses_every_korean_case(worker_found, search_index):
    plain, with_particles = worker_found["plain"], worker_found["particles"]
    for query, title, _ in KOREAN_CASES:
        location = location_of(search_index, title)
        assert location not in plain[query], f"plain search already finds {title!r} for {query!r}"
        assert location in with_particles[query], f"{query!r} misses {title!r}"


def test_typed_query_finds_other_forms(page, site_url):
    page.goto(f"{site_url}{PAGE}")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("이미지는")
    box.press("End")  # Material reads the box on keyup; Hangul is typed as text, with no key events
    wait_for_results(page)
    snippets = page.locator(".md-search-result__article").evaluate_all("els => els.map(el => el.innerHTML)")
    assert any("<mark>이미지</mark>를" in snippet for snippet in snippets)
    assert any(re.search(r"<mark>이미지</mark>(?![가-힣])", snippet) for snippet in snippets)


@pytest.mark.parametrize(("query", "title"), DOCKER_CASES, ids=[case[0] for case in DOCKER_CASES])
def test_docker_term_is_still_found(search_page, query, title):
    sections = dict(type_search(search_page, query))
    assert title in sections, f"{query!r} did not list {title!r}; listed: {list(sections)}"


def needed_by_search(request) -> bool:
    """The page, its stylesheets (scripts wait for them) and Material's own scripts and search index."""
    return (
        request.resource_type in ("document", "stylesheet")
        or "/assets/javascripts/" in request.url
        or request.url.endswith("/search/search_index.json")
    )


@pytest.mark.parametrize("lost", ["fails", "never ends"])
def test_flag_query_needs_no_other_request(page, site_url, lost):
    # Every other request fails (as Chromium fails one still waiting for a connection when the network
    # changes) or never ends (a slow line: the reader searches before it arrives); "--rm" still finds its
    # section. Both failed while the dash-dropping wrapper was a file in extra_javascript.
    held = []

    def answer(route):
        if needed_by_search(route.request):
            route.continue_()
        elif lost == "fails":
            route.abort()
        else:
            held.append(route)  # never answered

    page.route("**/*", answer)
    sections = dict(search(page, site_url, "--rm", wait_until="commit"))
    assert dict(DOCKER_CASES)["--rm"] in sections, list(sections)


def test_docker_terms_lose_no_result_and_keep_their_best_match(worker_found):
    # More results are fine (Dockerfile-rng now also matches "Dockerfile의"); fewer or reordered at the top is not.
    plain, with_particles = worker_found["plain"], worker_found["particles"]
    for query in [query for query, _ in DOCKER_CASES]:
        assert plain[query], f"plain search finds nothing for {query!r}"
        assert set(plain[query]) <= set(with_particles[query]), query
        assert with_particles[query][0] == plain[query][0], query


def sections_with(search_index: dict, word: str) -> set[str]:
    """The indexed sections whose title or text shows WORD as a word of its own (read from the text, not searched)."""
    # as search reads it: in any case, and a particle may follow (`ps`와)
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![A-Za-z0-9_-])", re.IGNORECASE)
    return {doc["location"] for doc in search_index["docs"]
            if pattern.search(html.unescape(re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}")))}


@pytest.mark.parametrize("flag", [*FLAGS, "--rm"])
def test_a_flag_finds_the_sections_that_show_it_and_no_others(worker_found, search_index, flag):
    # Lunr read "-it" as "leave out it": every section without the word "it" was listed.
    expected = sections_with(search_index, flag)
    assert expected, f"no section shows {flag}: the case tests nothing"
    found = worker_found["particles"][flag]
    assert set(found) == expected


def test_a_long_flag_is_not_found_in_the_command_of_its_name(worker_found, search_index):
    # "--rm" was searched as "rm*": the first section listed showed `docker rm` and no --rm.
    commands = sections_with(search_index, "rm") - sections_with(search_index, "--rm")
    assert commands, "no section shows `docker rm` without --rm: the case tests nothing"
    found = worker_found["particles"]["--rm"]
    assert found and not commands & set(found)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "mobile"])
def test_a_reader_searching_for_a_flag_sees_only_the_pages_that_show_it(browser, site_url, search_index, viewport):
    context = browser.new_context(locale="ko-KR", viewport=viewport)
    try:
        page = context.new_page()
        page.goto(f"{site_url}{PAGE}?q={quote('-it')}")
        wait_for_results(page)
        listed = {urlsplit(href).path for href in page.locator(".md-search-result__item > a").evaluate_all(
            "links => links.map(link => link.href)")}
        pages = {urlsplit(urljoin(site_url, location)).path for location in sections_with(search_index, "-it")}
        assert listed == pages
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"search-flag-{'desktop' if viewport['width'] > 600 else 'mobile'}.png")
    finally:
        context.close()


def test_a_command_of_two_words_finds_both_and_says_none_is_missing(page, site_url, search_index,
                                                                     worker_found):
    # Any word used to do: a page whose own text had "docker" alone headed its results with "포함되지 않은 검색어: ps".
    page.goto(f"{site_url}{PAGE}?q={quote('docker ps')}")
    wait_for_results(page)
    missing = page.evaluate('JSON.parse(document.getElementById("__config").textContent)'
                            '.translations["search.result.term.missing"]')
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert results and not [text for text in results if missing in text]
    found = worker_found["particles"]["docker ps"]
    assert set(found) == sections_with(search_index, "docker") & sections_with(search_index, "ps")
