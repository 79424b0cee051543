"""MkDocs hook: re-indent list items so Python-Markdown nests them as a CommonMark preview does.

CommonMark nests a line under a list item when it is indented to the item's content column
(2 for "- ", 3 for "1. "); Python-Markdown wants 4 spaces per level and otherwise flattens
the list. markdown-it-py finds the items; each continuation line gets 4 spaces per level in
place of its old indentation. Line count is kept, so positions on the page stay those on disk.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_ITEM_START = re.compile(r"( *)([-+*]|\d{1,9}[.)])( *)")
_PYTHON_MARKDOWN_INDENT = 4


def on_page_markdown(markdown: str, **_: object) -> str:
    return reindent_lists(markdown)


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
