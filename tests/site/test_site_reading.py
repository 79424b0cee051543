"""What a Korean reader gets from the built site: no theme English, example files as pages, one section title."""

from __future__ import annotations

import html as entities
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT
from notes_site import examples

# Words the site's own chrome may show in Latin letters: names, and the time zone of the update date.
NAMES = {"Docker", "docker", "docktest", "notes", "UTC"}
THEME_ENGLISH = ("Made with", "Material for MkDocs", "Permanent link", "Not found", "Skip to content")
_HIDDEN = {"script", "style", "svg", "pre"}
_SPOKEN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class _Words(HTMLParser):
    """A page's visible text and spoken attributes, split into what its <article> says and the rest."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.in_article = 0
        self.article: list[str] = []
        self.chrome: list[str] = []
        self.text_of: dict[str, list[str]] = {}  # the text of each of the article's h1, h2 and a elements
        self._open_tag: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in _HIDDEN
        self.in_article += tag == "article"
        if tag in ("h1", "h2", "a") and self.in_article:
            self._open_tag = tag
            self.text_of.setdefault(tag, []).append("")
        self.chrome += [value for name, value in attrs if name in _SPOKEN_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in _HIDDEN
        self.in_article -= tag == "article"
        if tag == self._open_tag:
            self._open_tag = None

    def handle_data(self, data: str) -> None:
        if self._open_tag:
            self.text_of[self._open_tag][-1] += data
        if not self.hidden and data.strip():
            (self.article if self.in_article else self.chrome).append(data.strip())


def words_of(html: str) -> _Words:
    parser = _Words()
    parser.feed(html)
    return parser


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _latin_words(texts: list[str]) -> set[str]:
    return {word for text in texts for word in re.findall(r"[A-Za-z]{2,}", text)}


def test_the_theme_speaks_korean_on_every_page(built_site: Path) -> None:
    pages = {page: words_of(page.read_text(encoding="utf-8")) for page in _pages(built_site)}
    assert len(pages) >= 7  # home, section, 2 examples, guide, 검증 현황, 404
    written = _latin_words([text for words in pages.values() for text in words.article])  # the notes' own terms
    for page, words in pages.items():
        shown = " ".join(words.chrome + words.article)
        assert [phrase for phrase in THEME_ENGLISH if phrase in shown] == [], page
        assert _latin_words(words.chrome) - written - NAMES == set(), page


def test_the_404_page_is_korean_and_leads_home(built_site: Path) -> None:
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>404 - 페이지를 찾을 수 없습니다</h1>" in html
    assert re.search(r'<a href="[^"]+">홈으로 가기</a>', html)


def test_the_section_title_is_the_same_in_the_page_the_nav_and_the_home_page(built_site: Path) -> None:
    title = "섹션02 - Docker 이미지 & 컨테이너: 코어 빌딩 블록"
    section = (built_site / "section02-images-containers" / "index.html").read_text(encoding="utf-8")
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert words_of(section).text_of["h1"][0].strip() == title
    assert [a.strip() for a in words_of(home).text_of["a"] if "섹션" in a] == [title]
    nav = re.findall(r'<a href="section02-images-containers/" class="md-nav__link">\s*<span class="md-ellipsis">'
                     r"\s*(.*?)\s*</span>", home, re.S)
    assert nav == [title.replace("&", "&amp;")]


def test_each_example_file_is_shown_highlighted_with_the_zip_link(built_site: Path) -> None:
    for project, files in {"rng": ["Dockerfile-rng", "rng.py"], "goals": ["Dockerfile", "server.js"]}.items():
        html = (built_site / "examples" / project / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'<span class="filename">([^<]+)</span>', html) == files
        assert f'href="../{project}.zip"' in html and (built_site / "examples" / f"{project}.zip").is_file()
        code = "".join(words_of(html).article)
        for name in files:  # every line of every file, as text (markup removed)
            source = (ROOT / "docs" / "examples" / project / name).read_text(encoding="utf-8")
            assert all(line.strip() in _code_text(html) for line in source.splitlines()), name
        assert code.startswith(f"예제 프로젝트: {project}")
    rng = (built_site / "examples" / "rng" / "index.html").read_text(encoding="utf-8")
    assert 'int(input("최솟값을 입력하세요: "))' in _code_text(rng)
    assert '<span class="n">randint</span>' in rng  # highlighted by Pygments


def _code_text(html: str) -> str:
    """The text of the page's code blocks, without highlighting markup or entities."""
    return entities.unescape(re.sub(r"<[^>]+>", "", "".join(re.findall(r"<code>(.*?)</code>", html, re.S))))


def test_an_example_file_with_backtick_fences_in_it_stays_one_code_block(tmp_path: Path) -> None:
    (tmp_path / "GUIDE.md").write_text("예시:\n\n````bash\necho hi\n````\n", encoding="utf-8")
    (tmp_path / "app.yaml").write_text("name: 앱\n", encoding="utf-8")
    page = examples.project_page(tmp_path)
    assert "## GUIDE.md\n\n`````text title=\"GUIDE.md\"\n예시:\n\n````bash\necho hi\n````\n`````\n" in page
    assert '## app.yaml\n\n```yaml title="app.yaml"\nname: 앱\n```\n' in page
