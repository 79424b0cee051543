"""Python-Markdown extension `notes_site.lists`: re-indent list items so lists nest as a CommonMark preview nests them.

CommonMark nests a line under a list item when it is indented to the item's content column
(2 for "- ", 3 for "1. "); Python-Markdown wants 4 spaces per level and otherwise flattens
the list. markdown-it-py finds the items; each continuation line gets 4 spaces per level in
place of its old indentation. Line count is kept, so positions on the page stay those on disk.
A preprocessor, not a generator hook, so MkDocs, ProperDocs and Zensical all run it
(`markdown_extensions: [notes_site.lists]`).
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown_it import MarkdownIt

_ITEM_START = re.compile(r"( *)([-+*]|\d{1,9}[.)])( *)")
_PYTHON_MARKDOWN_INDENT = 4
# Before every other preprocessor (normalize_whitespace is 30, SuperFences' raw blocks 31.05):
# the list structure is read from the text as the author wrote it.
PRIORITY = 40


class ListsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_Reindent(md), "notes_site_lists", PRIORITY)


class _Reindent(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return reindent_lists("\n".join(lines)).split("\n")


def makeExtension(**kwargs: object) -> ListsExtension:  # noqa: N802 - how Python-Markdown loads an extension by name
    return ListsExtension(**kwargs)


_PARSER = MarkdownIt("commonmark").disable(["inline", "text_join"])  # list structure is all we read


def reindent_lists(markdown: str) -> str:
    """Return `markdown` with list continuation lines indented 4 spaces per nesting level."""
    lines = markdown.split("\n")
    items: list[tuple[int, int, int]] = []  # (first line, end line exclusive, content column)
    for token in _PARSER.parse(markdown):
        if token.type == "list_item_open" and token.map:
            start, end = token.map
            column = _content_column(lines[start])
            if column is not None:
                items.append((start, end, column))

    for number, line in enumerate(lines):
        enclosing = [column for start, end, column in items if start < number < end]
        if not enclosing:
            continue
        old = max(enclosing)  # the innermost item has the deepest content column
        leading = len(line) - len(line.lstrip(" "))
        if leading >= old:  # lazy, blank and tab-indented lines stay as they are
            lines[number] = " " * (_PYTHON_MARKDOWN_INDENT * len(enclosing)) + line[old:]
    return "\n".join(lines)


def _content_column(line: str) -> int | None:
    """The column where a list item's text starts, by CommonMark's rule; None if not a plain item."""
    match = _ITEM_START.match(line)
    if not match:
        return None  # e.g. an item inside a block quote: leave that list alone
    marker_end = match.end(2)
    spaces = len(match.group(3))
    if spaces == 0 or spaces > 4 or match.end() == len(line):
        return marker_end + 1  # blank item, or text that is an indented code block
    return marker_end + spaces
