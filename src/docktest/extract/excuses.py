"""Excuses written in a page: a marker's (or front matter's) `ignore` and `# docktest ignore: RULE` comments, as the
file lines whose findings of a rule are not reported."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docktest.model import Snippet

# `# docktest ignore: RULE[, RULE…]`: a shell comment, at the end of a line or alone above one
_LINE_EXCUSE = re.compile(r"(?:^|\s)#\s*docktest\s+ignore\s*:\s*([\w\s,-]*?)\s*$")
RULE_NAMES = re.compile(r"[^\s,]+")  # `a, b` or `a b`: one name each


@dataclass(frozen=True)
class Excuse:
    """An excuse written in the page: RULE's findings on file lines FIRST to LAST are not reported."""

    rule: str  # as written
    line: int  # where it is written
    first: int
    last: int


def block_excuses(snippet: Snippet) -> list[Excuse]:
    """A block's excuses: its marker's (or front matter's) `ignore` covers the block, fences included; a
    `# docktest ignore: …` comment covers its line, or the next one when it is alone on its own, with the
    lines a trailing `\\` continues."""
    found = [Excuse(name, line, snippet.start_line - 1, snippet.end_line + 1)
             for name, line in snippet.options.get("ignore", {}).items()]
    rows = snippet.code.split("\n")
    for row, text in enumerate(rows):
        match = _LINE_EXCUSE.search(text)
        if match is None:
            continue
        alone = not text[: match.start()].strip()
        target = next((later for later in range(row + 1, len(rows)) if rows[later].strip()), row) if alone else row
        first, last = _continued(rows, target)
        found += [Excuse(name, snippet.start_line + row, snippet.start_line + first, snippet.start_line + last)
                  for name in RULE_NAMES.findall(match.group(1))]
    return found


def _continued(rows: list[str], row: int) -> tuple[int, int]:
    """The rows of the logical line ROW is part of: lines joined by a trailing backslash."""
    first, last = row, row
    while first > 0 and rows[first - 1].rstrip().endswith("\\"):
        first -= 1
    while last < len(rows) - 1 and rows[last].rstrip().endswith("\\"):
        last += 1
    return first, last
