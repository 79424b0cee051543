"""The site built by three generators from the one mkdocs.yml: MkDocs, ProperDocs (its fork) and Zensical.

Each builds a copy of the project with a results file (DOCKTEST_RESULTS, handmade from the real
page's snippets): nested lists stay nested, anchors are Hangul, every shell block carries its mark
and the 검증 현황 page lists them. Zensical ignores `hooks:`, so for it snippets/ and the 검증 현황
page (and the example projects' pages) come from the CLI first, as CONTRIBUTING.md says.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import ROOT, serve_directory
from docktest.extract.markdown import extract_page
from notes_site.korean import PARTICLE_SEPARATOR
from test_korean_search_site import DOCKER_CASES, KOREAN_CASES
from test_site_lists import list_tree

PAGE = "docs/section02-images-containers.md"
BIN = Path(sys.executable).parent
# Block 2 fails at its last command, the last block has no result; the others pass.
FAILED, UNVERIFIED = 2, -1


def _builds(project: Path, results: Path) -> dict[str, list[list[str]]]:
    """Each generator's commands, run in the project folder; the site ends up in project/<generator>."""
    docktest = [sys.executable, "-m", "docktest"]
    return {
        "mkdocs": [[sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "mkdocs"]],
        "properdocs": [[str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "--site-dir", "properdocs"]],
        "zensical": [[*docktest, "extract", "docs", "--write", "snippets"],
                     [sys.executable, "-m", "notes_site.examples", "docs"],
                     [*docktest, "report", str(results), "--page", "docs/verification.md"],
                     [str(BIN / "zensical"), "build", "--strict"]],
    }


def _results(snippets) -> dict:
    results = []
    for snippet in snippets[:UNVERIFIED]:
        ordinal = int(snippet.id.rsplit("#", 1)[1])
        for command in snippet.commands:
            failed = ordinal == FAILED and command is snippet.commands[-1]
            results.append({"path": snippet.path, "line": command.line, "command": command.text,
                            "status": "failed" if failed else "passed", "exit_code": 125 if failed else 0,
                            "duration_s": 0.5, "output": "", "message": "exit status 125, expected 0" if failed else ""})
    return {"finished_at": "2026-11-27T21:30:00+00:00", "results": results}


@pytest.fixture(scope="module")
def snippets():
    return extract_page(PAGE)


@pytest.fixture(scope="module", params=["mkdocs", "properdocs", "zensical"])
def site(request, tmp_path_factory, snippets) -> tuple[str, Path, Path]:
    """(generator, project copy, site folder): the work tree's site built by one generator."""
    project = tmp_path_factory.mktemp(request.param)
    for part in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    results = project / ".docktest" / "results.json"
    results.parent.mkdir()
    results.write_text(json.dumps(_results(snippets), ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "DOCKTEST_RESULTS": str(results), "NO_MKDOCS_2_WARNING": "1"}
    started = time.monotonic()
    for command in _builds(project, results)[request.param]:
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{command}:\n{done.stdout}{done.stderr}"
        assert not re.findall(r"^(WARNING|ERROR)\b.*", done.stderr, re.M), done.stderr
    print(f"{request.param}: built in {time.monotonic() - started:.2f} s")
    site_dir = project / ("site" if request.param == "zensical" else request.param)
    return request.param, project, site_dir


def _article(site_dir: Path, url_path: str) -> str:
    page = (site_dir / url_path / "index.html").read_text(encoding="utf-8")
    return page[page.index("<article"): page.index("</article>")]


def test_nested_lists_are_nested(site):
    _, _, site_dir = site
    expected = list_tree(MarkdownIt("commonmark").render((ROOT / PAGE).read_text(encoding="utf-8")))
    assert list_tree(_article(site_dir, "section02-images-containers")) == expected


def test_anchors_are_hangul(site):
    _, _, site_dir = site
    ids = re.findall(r'<h2 id="([^"]+)"', _article(site_dir, "section02-images-containers"))
    assert ids[:3] == ["이미지와-컨테이너", "외부-이미지의-사용--실행", "이미지-레이어-이해하기"]


def test_every_block_shows_its_mark(site, snippets):
    _, _, site_dir = site
    article = _article(site_dir, "section02-images-containers")
    ids = re.findall(r'<div class="docktest-block" id="docktest-block-(\d+)">', article)
    assert ids == [str(n) for n in range(1, len(snippets) + 1)]
    states = re.findall(r'<p class="docktest-mark docktest-mark--(\w+)"', article)
    expected = ["verified"] * len(snippets)
    expected[FAILED - 1], expected[UNVERIFIED] = "failed", "unverified"
    assert states == expected
    failing = snippets[FAILED - 1].commands[-1]
    assert f'title="{PAGE}:{failing.line}에서 실패: 종료 코드 125 (기대 0)"' in article
    assert article.count('<span class="hll docktest-failing">') == failing.text.count("\n") + 1
    assert "docktest-mark--unverified" in _article(site_dir, "guide/markers")  # a page without results


def test_status_page_lists_the_blocks_and_stays_out_of_search(site, snippets):
    generator, project, site_dir = site
    status = _article(site_dir, "verification")
    assert '<h1 id="검증-현황">검증 현황' in status
    links = re.findall(r'href="\.\./section02-images-containers/#(docktest-block-\d+)"', status)
    assert links == [f"docktest-block-{n}" for n in range(1, len(snippets) + 1)]
    index = site_dir / ("search.json" if generator == "zensical" else "search/search_index.json")
    entries = json.loads(index.read_text(encoding="utf-8"))["items" if generator == "zensical" else "docs"]
    locations = {entry["location"].split("#")[0] for entry in entries}
    assert "section02-images-containers/" in locations and "verification/" not in locations
    assert json.loads((project / "snippets" / "manifest.json").read_text(encoding="utf-8"))["snippets"]


# Zensical's own search worker (not Lunr) on its search.json: the setup message takes the index, a query
# message {input}, and each answer lists a page of results by their index in `items`.
ZENSICAL_SEARCH = """
async ({ queries, separator }) => {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const index = await (await fetch(new URL("search.json", new URL(config.base + "/", location.href)))).json()
  index.config.separator = separator
  const worker = new Worker(new URL(config.search, location.href))
  let deliver
  worker.onmessage = event => deliver(event.data)
  const ask = message => new Promise(resolve => { deliver = resolve; worker.postMessage(message) })
  await ask({ type: 0, data: index })
  const found = {}
  for (const query of queries) {
    found[query] = []
    let page
    do {
      const { data } = await ask({ type: 2, data: { input: query, page } })
      found[query].push(...data.items.map(item => index.items[item.id].location))
      page = data.pagination.next
    } while (page)
  }
  worker.terminate()
  return found
}
"""


@pytest.mark.parametrize("site", ["zensical"], indirect=True)
def test_zensical_search_knows_korean_particles_from_mkdocs_yml(site, browser):
    # mkdocs.yml builds the separator with notes_site.korean.with_particles, so Zensical, which runs no hooks, has it.
    _, _, site_dir = site
    index = json.loads((site_dir / "search.json").read_text(encoding="utf-8"))
    separator = index["config"]["separator"]
    assert separator.endswith("|" + PARTICLE_SEPARATOR)
    where = {html.unescape(item["title"]): item["location"] for item in index["items"]}
    queries = [query for query, _, _ in KOREAN_CASES] + [query for query, _ in DOCKER_CASES]
    with serve_directory(site_dir) as url:
        page = browser.new_page(locale="ko-KR")
        try:
            page.goto(url + "section02-images-containers/")
            found = {name: page.evaluate(ZENSICAL_SEARCH, {"queries": queries, "separator": used})
                     for name, used in (("site", separator), ("plain", separator.removesuffix("|" + PARTICLE_SEPARATOR)))}
        finally:
            page.close()
    cases = [(query, title) for query, title, _ in KOREAN_CASES] + DOCKER_CASES
    hits = {name: [query for query, title in cases if where[title] in results[query]] for name, results in found.items()}
    print(f"Zensical search: {len(hits['site'])} of {len(cases)} cases found, {len(hits['plain'])} without particles")
    assert hits["site"] == [query for query, _ in cases]
    assert len(hits["plain"]) < len(cases)  # without the particles some Korean case is missed: the test can fail
