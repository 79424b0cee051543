"""The built site: a clean strict build, faithful text, Hangul anchors, offline assets, example downloads."""

from __future__ import annotations

import re
import shutil
import zipfile
from html.parser import HTMLParser

from conftest import ROOT, build_site

SECTION = ROOT / "docs" / "section02-images-containers.md"
ORIGINAL = ROOT / "tests" / "fixtures" / "section02-original.md"
# The errors of the original and their corrections, as the page states them.
CORRECTIONS = {
    "doccker run node": "docker run node",
    "등도 확인 할 수 있다.ㅉ": "등도 확인 할 수 있다.",
    "docker run # 이미지를": "docker run {이미지 이름} # 이미지를",
}
MARKER = re.compile(r"^<!-- docktest\n.*?^-->\n", re.M | re.S)
ADMONITION = re.compile(r"^\n?!!! .*\n(?:(?: {4}.*)?\n)*", re.M)
# What a block prints, shown to readers and checked by docktest (a marker and a ```text block after it).
OUTPUT = re.compile(r"^\n<!-- docktest output -->\n```text\n.*?^```\n", re.M | re.S)


def test_strict_build_passes_with_no_warning(site_build):
    assert site_build.returncode == 0, site_build.log
    assert not re.findall(r"^(WARNING|ERROR)\b.*", site_build.log, re.M)


def test_build_without_git_history_falls_back_to_build_date(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "test-artifacts"))
    result = build_site(tmp_path / "site", project=project)
    assert result.returncode == 0, result.log
    page = (tmp_path / "site" / "section02-images-containers" / "index.html").read_text(encoding="utf-8")
    assert 'class="git-revision-date-localized-plugin' in page


def test_page_is_the_original_with_only_its_errors_corrected():
    page = SECTION.read_text(encoding="utf-8")
    original = ORIGINAL.read_text(encoding="utf-8")
    for wrong, right in CORRECTIONS.items():
        assert original.count(wrong) == 1
        original = original.replace(wrong, right)
    # What the page adds to the notes: markers (invisible), the example download boxes and expected output.
    added_removed = OUTPUT.sub("", ADMONITION.sub("", MARKER.sub("", page)))
    assert added_removed.rstrip("\n") == original.rstrip("\n")


def test_rendered_page_has_no_typo_and_no_visible_marker(built_site):
    html = (built_site / "section02-images-containers" / "index.html").read_text(encoding="utf-8")
    text = _visible_text(html[html.index("<article"): html.index("</article>")])
    assert "doccker" not in text and "ㅉ" not in text
    assert not re.search(r"docktest|placeholders:|workdir:|stdin:", text)
    assert "docker run {이미지 이름}" in text


def test_headings_get_readable_hangul_anchors(built_site):
    html = (built_site / "section02-images-containers" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<h[1-6] id="([^"]+)"', html)
    assert ids == [
        "섹션02---docker-이미지--컨테이너-코어-빌딩-블록",
        "이미지와-컨테이너",
        "외부-이미지의-사용--실행",
        "이미지-레이어-이해하기",
        "이미지와-컨테이너-동작-방법-이해하기",
        "기본적인-도커-명령",
        "attached-mode-vs-detached-mode",
        "인터렉티브-모드--터미널-모드",
        "필요없는-컨테이너--이미지-삭제하기",
        "이미지-검사하기",
        "복사하기",
        "이름-지정하기",
    ]


def test_anchors_are_stable_across_builds(built_site, tmp_path):
    again = build_site(tmp_path / "site")
    assert again.returncode == 0, again.log
    page = "section02-images-containers/index.html"
    anchors = [re.findall(r'<h[1-6] id="([^"]+)"', (site / page).read_text(encoding="utf-8")) for site in (built_site, tmp_path / "site")]
    assert anchors[0] == anchors[1]


def test_no_asset_is_loaded_from_another_host(built_site):
    noted_links = set(re.findall(r"https?://[^\s)>\"']+", "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))))
    offenders = []
    for html_file in built_site.rglob("*.html"):
        for tag, attrs in _tags(html_file.read_text(encoding="utf-8")):
            url = _asset_url(tag, attrs)
            if url and re.match(r"(https?:)?//", url) and url not in noted_links:
                offenders.append(f"{html_file.relative_to(built_site)}: <{tag}> {url}")
    assert offenders == []
    for css in built_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import\s+['\"]?(url\()?\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


def test_example_archives_hold_exactly_the_example_files(built_site):
    for project in ("rng", "goals"):
        folder = ROOT / "docs" / "examples" / project
        with zipfile.ZipFile(built_site / "examples" / f"{project}.zip") as archive:
            stored = {name: archive.read(name) for name in archive.namelist()}
        expected = {f"{project}/{p.relative_to(folder).as_posix()}": p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        readme = stored[f"{project}/README.md"]  # the folder's own (goals), else made for the zip (rng)
        if not (folder / "README.md").is_file():
            del stored[f"{project}/README.md"]
        assert stored == expected and readme.startswith(f"# 예제 프로젝트: {project}".encode())


def test_links_on_the_section_page_resolve(built_site):
    page_dir = built_site / "section02-images-containers"
    hrefs = [attrs.get("href", "") for tag, attrs in _tags((page_dir / "index.html").read_text(encoding="utf-8")) if tag == "a"]
    local = [h for h in hrefs if h.startswith("../examples/")]
    # the example files are pages (highlighted, Korean intact), not raw files served without a charset
    assert {"../examples/rng/#dockerfile-rng", "../examples/rng/#rngpy", "../examples/goals/#dockerfile",
            "../examples/goals/#serverjs", "../examples/rng.zip", "../examples/goals.zip"} <= set(local)
    for href in local:
        path, _, anchor = href.partition("#")
        target = (page_dir / path).resolve()
        target = target / "index.html" if target.is_dir() else target
        assert target.is_file(), href
        assert not anchor or f'id="{anchor}"' in target.read_text(encoding="utf-8"), href


def _asset_url(tag: str, attrs: dict[str, str]) -> str | None:
    """The URL the browser would fetch for this tag, or None (canonical only names the page)."""
    if tag in ("script", "img", "iframe", "source", "audio", "video"):
        return attrs.get("src")
    if tag == "link" and attrs.get("rel") != "canonical":
        return attrs.get("href")
    return None


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _tags(html: str) -> list[tuple[str, dict[str, str]]]:
    collector = _TagCollector()
    collector.feed(html)
    return collector.tags


def _visible_text(html: str) -> str:
    """The document's text without comments (HTMLParser hands comments to another handler)."""
    collector = _TagCollector()
    collector.feed(html)
    return "".join(collector.text)
