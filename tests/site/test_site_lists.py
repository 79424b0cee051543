"""Lists on the site nest exactly as a CommonMark preview (markdown-it-py) nests them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from markdown_it import MarkdownIt

from conftest import ROOT
from notes_site.lists import reindent_lists

PAGES = ["index.md", "section02-images-containers.md"]


class _ListTree(HTMLParser):
    """HTML → nested lists: each list is (tag, items); each item is (its own text, child lists)."""

    def __init__(self) -> None:
        super().__init__()
        self.root: list = []
        self.stack: list[list] = [self.root]  # list of child lists being filled
        self.items: list[tuple[list[str], list]] = []  # open <li>: (text parts, child lists)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("ul", "ol"):
            entries: list = []
            self.stack[-1].append((tag, entries))
            self.stack.append(entries)
        elif tag == "li":
            item = ([], [])
            self.stack[-1].append(item)
            self.items.append(item)
            self.stack.append(item[1])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol", "li"):
            self.stack.pop()
            if tag == "li":
                self.items.pop()

    def handle_data(self, data: str) -> None:
        if self.items and self.stack[-1] is self.items[-1][1]:
            self.items[-1][0].append(data)


def list_tree(html: str) -> tuple:
    parser = _ListTree()
    parser.feed(html)
    return _freeze(parser.root)


def _freeze(lists: list) -> tuple:
    return tuple(
        (tag, tuple((" ".join("".join(text).split()), _freeze(children)) for text, children in entries))
        for tag, entries in lists
    )


def _article(page_html: str) -> str:
    return page_html[page_html.index("<article"): page_html.index("</article>")]


def _built_page(built_site, page: str) -> str:
    name = page.removesuffix(".md")
    path = built_site / ("index.html" if name == "index" else f"{name}/index.html")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_site_lists_match_commonmark(built_site, page):
    source = (ROOT / "docs" / page).read_text(encoding="utf-8")
    expected = list_tree(MarkdownIt("commonmark").render(source))
    assert expected, "the page should have lists to compare"
    assert list_tree(_article(_built_page(built_site, page))) == expected


def test_section_page_nests_the_sub_items():
    source = (ROOT / "docs" / "section02-images-containers.md").read_text(encoding="utf-8")
    lists = list_tree(MarkdownIt("commonmark").render(source))
    numbered = next(entries for tag, entries in lists if tag == "ol")
    assert [text for text, _ in numbered] == ["컨테이너 실행 동작", "레이어 구조", "이미지 캐싱 원리", "최적화 팁"]
    assert [len(children[0][1]) for _, children in numbered] == [2, 3, 3, 2]
    attached = next(entries for tag, entries in lists if entries[0][0].startswith("attached mode"))
    assert [len(children) for _, children in attached[:2]] == [1, 1]


def test_plain_python_markdown_flattens_the_original_lists():
    """Why the extension exists: without it the comparison above fails on the notes."""
    source = (ROOT / "tests" / "fixtures" / "section02-original.md").read_text(encoding="utf-8")
    commonmark = list_tree(MarkdownIt("commonmark").render(source))
    assert list_tree(markdown.markdown(source)) != commonmark
    assert list_tree(markdown.markdown(reindent_lists(source))) == commonmark
    assert list_tree(markdown.markdown(source, extensions=["notes_site.lists"])) == commonmark


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("- a\n  - b\n", "- a\n    - b\n"),
        ("1. a\n   - b\n   - c\n", "1. a\n    - b\n    - c\n"),
        ("- a\n  - b\n    - c\n", "- a\n    - b\n        - c\n"),
        ("10. a\n    - b\n", "10. a\n    - b\n"),
        ("- a\nlazy line\n", "- a\nlazy line\n"),
        ("-   a\n    b\n", "-   a\n    b\n"),
        ("```\n- a\n  - b\n```\n", "```\n- a\n  - b\n```\n"),
        ("1. a\n\n   ```bash\n   echo x\n     y\n   ```\n", "1. a\n\n    ```bash\n    echo x\n      y\n    ```\n"),
    ],
)
def test_reindent_lists(before, after):
    assert reindent_lists(before) == after


def test_reindent_keeps_every_line_in_place():
    source = (ROOT / "tests" / "fixtures" / "section02-original.md").read_text(encoding="utf-8")
    result = reindent_lists(source)
    assert result.count("\n") == source.count("\n")
    changed = [i + 1 for i, (a, b) in enumerate(zip(source.split("\n"), result.split("\n"))) if a != b]
    assert changed and all(re.match(r" {3}- ", source.split("\n")[i - 1]) for i in changed)


def test_material_style_four_space_lists_still_render_as_commonmark():
    source = "- a\n\n    ```bash\n    docker ps\n    ```\n\n- b\n    - c\n"
    html = markdown.markdown(reindent_lists(source), extensions=["pymdownx.superfences"])
    assert list_tree(html) == list_tree(MarkdownIt("commonmark").render(source))
    assert "docker" in html[html.index("<code>"):]
