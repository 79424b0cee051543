"""`docktest run --update`: a page's bytes with some expected-output lines rewritten and every other byte as it was."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from docktest.extract.expected import Lines
from docktest.files import write_whole
from docktest.model import Result, Snippet
from docktest.compare.expect import MAX_PAIRS, match, updated

# The opening fence of the block an edit is in, after its containers: blockquote `>`s, a list
# marker on the fence's own line, indentation (list items, admonitions, content tabs).
_FENCE = re.compile(r"(?P<prefix>(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)(?:`{3,}|~{3,})")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]+$)")


@dataclass(frozen=True)
class Edit:
    """Expected-output lines from file line `first_line` on: `old` as the page has them (the block's
    content, as Markdown gives it; none: insert before `first_line`), `new` as they should read.
    Lines in both stay byte for byte."""

    first_line: int
    old: tuple[str, ...]
    new: tuple[str, ...]


def edit_for(expected: Lines | None, printed: str, first_line: int = 0) -> Edit | None:
    """The edit that makes expected output (a Prompt's or an OutputBlock's) agree with what was printed.

    None when it already matches, or when nothing was pasted under the command (it expects
    nothing in particular, so `--update` leaves it alone rather than filling it in). An empty
    output block has no lines to point at: `first_line` says where its lines go.
    """
    if expected is None:
        return None
    old = tuple(text for text, _ in expected)
    if match(old, printed).ok:
        return None
    return Edit(expected[0][1] if expected else first_line, old, tuple(updated(old, printed)))


def apply_edits(page: bytes, edits: Sequence[Edit]) -> bytes:
    """The page with the edits made; new lines take their block's indentation and line ending."""
    rows = page.splitlines(keepends=True)
    done_below = len(rows) + 1
    for edit in sorted(edits, key=lambda e: e.first_line, reverse=True):
        start, end = edit.first_line - 1, edit.first_line - 1 + len(edit.old)
        if start < 1 or end > min(done_below - 1, len(rows)) or (not edit.old and start >= len(rows)):
            raise ValueError(f"edit at line {edit.first_line} overlaps another or is outside the page")
        prefix = _content_prefix(rows, start)
        ending = _line_ending(rows[start]) or _line_ending(rows[start - 1])
        kept_last_ending = _line_ending(rows[end - 1]) if edit.old else ending
        block: list[bytes] = []
        for tag, a1, a2, b1, b2 in _opcodes(edit.old, edit.new):
            if tag == "equal":
                block += rows[start + a1:start + a2]
            else:
                block += [(prefix + text if text else prefix.rstrip()).encode("utf-8") + ending
                          for text in edit.new[b1:b2]]
        if block and not kept_last_ending:  # the page's last line had no line ending: neither has the new one
            block[-1] = block[-1].rstrip(b"\r\n")
        rows[start:end] = block
        done_below = edit.first_line
    return b"".join(rows)


def _opcodes(old: Sequence[str], new: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """How OLD becomes NEW, as difflib's opcodes. SequenceMatcher is quadratic: past the comparison's own bound
    (MAX_PAIRS) the common first and last lines stay and the lines between are replaced whole."""
    if len(old) * len(new) <= MAX_PAIRS:
        return SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    head = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    tail = next((i for i, (a, b) in enumerate(zip(reversed(old[head:]), reversed(new[head:]))) if a != b),
                min(len(old), len(new)) - head)
    middle = ("replace", head, len(old) - tail, head, len(new) - tail)
    return ([("equal", 0, head, 0, head)] if head else []) + [middle] + \
        ([("equal", len(old) - tail, len(old), len(new) - tail, len(new))] if tail else [])


def _content_prefix(rows: list[bytes], index: int) -> str:
    """What comes before the content on each line of the fenced block that holds row `index`."""
    for row in reversed(rows[:index]):
        found = _FENCE.match(row.decode("utf-8").lstrip("\ufeff"))
        if found:
            return _LIST_MARKER.sub(lambda marker: " " * len(marker.group()), found.group("prefix"))
    raise ValueError(f"line {index + 1} is not inside a fenced code block")


def _line_ending(row: bytes) -> bytes:
    stripped = row.rstrip(b"\r\n")
    return row[len(stripped):]


def page_edits(snippets: Sequence[Snippet], results: Sequence[Result]) -> list[Edit]:
    """The edits that make a page's mismatching expected output what its commands printed in this run."""
    by_place = {(r.path, r.line, r.command): r for r in results}
    edits = []
    for snippet in snippets:
        if snippet.options.get("output") == "ignore":
            continue
        for expectation in snippet.expectations:
            found = [by_place.get((snippet.path, snippet.commands[i].line, snippet.commands[i].text))
                     for i in expectation.commands]
            if None in found or not found[-1].diff:
                continue
            edit = edit_for(expectation.lines, "".join(r.output for r in found), expectation.line)
            if edit is not None:
                edits.append(edit)
    return edits


def update_page(file: Path, snippets: Sequence[Snippet], results: Sequence[Result]) -> list[Edit]:
    """Rewrite FILE's mismatching expected output in place (written whole, then renamed); the edits made."""
    edits = page_edits(snippets, results)
    if edits:
        write_whole(file, apply_edits(file.read_bytes(), edits), file.stat().st_mode & 0o777)
    return edits


def rewrite(file: Path, shown: str, snippets: Sequence[Snippet], results: Sequence[Result]) -> str | None:
    """`--update` for one page, for every adapter: rewrite FILE (shown as SHOWN) and say what changed, or None."""
    edits = update_page(file, snippets, results)
    return describe(shown, edits) if edits else None


def describe(path: str, edits: Sequence[Edit]) -> str:
    """`docs/x.md: rewrote the expected output at lines 12-14, 20`: the page's lines --update replaced (or, where
    lines were added, the line they went in before), for the terminal."""
    spans = []
    for edit in sorted(edits, key=lambda e: e.first_line):
        for tag, a1, a2, _, _ in _opcodes(edit.old, edit.new):
            if tag != "equal":
                first, last = edit.first_line + a1, edit.first_line + max(a1, a2 - 1)
                spans.append(f"{first}" if first == last else f"{first}-{last}")
    return f"{path}: rewrote the expected output at line{'s' if len(spans) > 1 else ''} {', '.join(spans)}"
