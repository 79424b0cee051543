"""Which page on disk a Markdown text is, and how many lines its generator cut off the top (front matter).

A Python-Markdown extension is handed the page's text, not its path (Zensical never tells it;
MkDocs only tells hooks), and with the front matter already stripped, so lines shift. The text
identifies its page: first by content (the file on disk ends with exactly this text), then as a generated page
that opens with an example's README.md, else, when a plugin changed the text, by the shell commands it holds,
matched to a run's results for one page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docktest.extract.markdown import extract_page
from docktest.model import Result

# YAML (---) or TOML (+++) front matter, whole: what a generator cuts before handing the text on.
_FRONT_MATTER = re.compile(r"(---|\+\+\+)\n(?:.*\n)?\1", re.S)


@dataclass(frozen=True)
class Match:
    """The page a text was found to be: its key (path inside the docs folder) and the lines cut before the text."""

    page: str
    offset: int


def normalise(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def by_content(text: str, pages: Iterable[tuple[str, str]]) -> Match | None:
    """The page (key, file text) whose file is `text` after nothing or a front matter block; None if none is."""
    seen = normalise(text).strip("\n")
    if not seen:
        return None
    for key, file_text in pages:
        full = normalise(file_text).rstrip("\n")
        if not full.endswith(seen):
            continue
        head = full[: len(full) - len(seen)]
        if not head.strip() or (_FRONT_MATTER.fullmatch(head.strip()) and head.endswith("\n")):
            return Match(key, head.count("\n"))
    return None


def by_opening(text: str, pages: Iterable[tuple[str, str]]) -> Match | None:
    """The page (key, file text) that `text` opens with, line for line, and more after it: a generated page that
    shows a page on disk first (an example project's page and its README.md)."""
    seen = normalise(text)
    for key, file_text in pages:
        full = normalise(file_text).rstrip("\n")
        if full and seen.startswith(full) and seen[len(full):len(full) + 1] in ("", "\n"):
            return Match(key, 0)
    return None


def by_commands(text: str, results: Sequence[Result]) -> Match | None:
    """The results' page whose commands all sit in `text`, each the same number of lines lower in the file.

    For a text no file on disk holds verbatim. Commands without results (changed since the run)
    are allowed; of the pages that fit, the one with the most results wins, and a tie is no answer.
    """
    commands = [c for s in extract_page("?", text) for c in s.commands]
    by_page: dict[str, list[Result]] = {}
    for result in results:
        by_page.setdefault(result.path, []).append(result)
    fits: list[tuple[int, Match]] = []
    for page, page_results in by_page.items():
        first = min(page_results, key=lambda r: r.line)
        for command in commands:
            offset = first.line - command.line
            if command.text != first.command or offset < 0:
                continue
            placed = {(c.line + offset, c.text) for c in commands}
            if all((r.line, r.command) in placed for r in page_results):
                fits.append((len(page_results), Match(page, offset)))
                break
    fits.sort(key=lambda fit: fit[0], reverse=True)
    if not fits or (len(fits) > 1 and fits[0][0] == fits[1][0]):
        return None
    return fits[0][1]
