"""Inline code spans of a page's prose (`docker ps`), with the file line and column where each one's text starts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A span opens and closes with backtick runs of the same length (CommonMark); one line at a time.
INLINE_CODE = re.compile(r"(`+)(?!`)(.*?)(?<!`)\1(?!`)")


@dataclass(frozen=True)
class CodeSpan:
    """One inline code span: its text as the reader sees it, where that text starts on the page."""

    line: int
    column: int  # 1-based, in characters, of the text's first character
    text: str


def code_spans(rows: Iterable[tuple[int, str]]) -> tuple[CodeSpan, ...]:
    """The spans of prose rows given as (file line, text)."""
    found = []
    for line, row in rows:
        if "`" not in row:
            continue
        for match in INLINE_CODE.finditer(row):
            text, start = match.group(2), match.start(2)
            # CommonMark strips one space from each side when both are there (`` `x` `` shows `x`)
            if len(text) >= 2 and text[0] == " " and text[-1] == " " and text.strip():
                text, start = text[1:-1], start + 1
            found.append(CodeSpan(line, start + 1, text))
    return tuple(found)
