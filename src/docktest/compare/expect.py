"""Does a command's output match the expected output an author pasted, knowing what Docker varies; and if not, how."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docktest.compare.line_match import line_pattern
from docktest.compare.volatile import ELLIPSIS, LAYER, PULL, clean, normalise

# Line pairs the cheapest alignment may weigh (a few seconds at most); a longer output that does not simply fit
# is shown as a whole rather than aligned, so a page's run ends within its commands' timeouts, whatever it holds.
MAX_PAIRS = 1_000_000
CONTEXT = 3  # unchanged lines shown around a change in a diff


@dataclass(frozen=True)
class Match:
    """The verdict, and for a mismatch a unified diff (expected → actual, normalised) at the file's lines."""

    ok: bool
    diff: str = ""


@dataclass(frozen=True)
class _Item:
    """One line, or one run of pull layer lines (compared as a whole: 3 layers match 5)."""

    kind: str  # "line", "layers", or "any" (an expected `...` line)
    shown: tuple[str, ...]  # normalised lines, for the diff
    kept: tuple[str, ...]  # the expected lines as written / the actual lines as a terminal shows them


def match(expected: Sequence[str], actual: str, first_line: int = 1, label: str = "expected") -> Match:
    """Compare expected lines (the first at file line `first_line`) with what the command printed."""
    shown_expected, shown_actual, _, changes = _aligned(expected, actual)
    if not changes:
        return Match(True)
    return Match(False, _unified_diff(shown_expected, shown_actual, changes, first_line, label))


def updated(expected: Sequence[str], actual: str) -> list[str]:
    """The expected lines to write back: every line that still matches stays as the author wrote it
    (volatile values and `...` lines included); mismatching lines take what the command printed."""
    return _aligned(expected, actual)[2]


Change = tuple[int, int, int, int]  # lines [a1, a2) of the expected shown became [b1, b2) of the actual shown


def _aligned(expected: Sequence[str], actual: str) -> tuple[list[str], list[str], list[str], list[Change]]:
    """(expected shown, actual shown, lines to write back, where the two shown differ): equal where lines match."""
    body, trailing_blanks = _split_trailing_blanks(list(expected))
    wanted = _items(body, keep=lambda line: line, ellipsis=True)
    shows_pull = any(PULL.fullmatch(item.shown[0]) for item in wanted if item.kind != "any")
    printed = actual.split("\n")
    if not shows_pull:  # an implicit pull the author did not paste is not part of the output
        printed = [line for line in printed if not PULL.fullmatch(normalise(line))]
    got = _items(_split_trailing_blanks(printed)[0], keep=clean, ellipsis=False)
    shown_expected = [line for item in wanted for line in item.shown] + trailing_blanks
    if _fits(wanted, got):
        return shown_expected, shown_expected, list(expected), []
    shown_actual: list[str] = []
    write_back: list[str] = []
    changes: list[Change] = []
    position = 0  # in shown_expected
    for kind, i, j in _edit_script(wanted, got):
        if kind in ("match", "kept"):
            position += len(wanted[i].shown)
            shown_actual += wanted[i].shown
            write_back += wanted[i].kept
        elif kind != "ignored":
            gone = len(wanted[i].shown) if kind in ("changed", "missing") else 0
            came = got[j].shown if kind in ("changed", "extra") else ()
            if changes and changes[-1][1] == position and changes[-1][3] == len(shown_actual):
                a1, _, b1, _ = changes.pop()  # this step carries on the change just before it
            else:
                a1, b1 = position, len(shown_actual)
            position += gone
            shown_actual += came
            changes.append((a1, position, b1, len(shown_actual)))
            write_back += got[j].kept if came else ()
    return shown_expected, shown_actual + trailing_blanks, write_back + trailing_blanks, changes


def _split_trailing_blanks(lines: list[str]) -> tuple[list[str], list[str]]:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return lines[:end], lines[end:]


def _items(lines: Sequence[str], keep: Callable[[str], str], ellipsis: bool) -> list[_Item]:
    items: list[_Item] = []
    for line in lines:
        text = normalise(line)
        if LAYER.fullmatch(text) and items and items[-1].kind == "layers":
            last = items.pop()
            items.append(_Item("layers", last.shown + (text,), last.kept + (keep(line),)))
            continue
        kind = "layers" if LAYER.fullmatch(text) else "any" if ellipsis and text.strip() == ELLIPSIS else "line"
        items.append(_Item(kind, (text,), (keep(line),)))
    return items


def _matches(wanted: _Item, got: _Item) -> bool:
    if wanted.kind == "layers" or got.kind == "layers":
        return wanted.kind == got.kind
    return line_pattern(wanted.shown[0]).matches(got.shown[0])


def _fits(wanted: list[_Item], got: list[_Item]) -> bool:
    """Whether the printed items fit the expected ones at no cost, found as a glob is: pull layer lines are free on
    either side, so they are left out; the stretches between `...` lines take the earliest printed lines they fit.
    False too when telling would weigh more than MAX_PAIRS pairs: the alignment then decides."""
    lines = [item for item in got if item.kind != "layers"]
    runs: list[list[_Item]] = [[]]
    for item in wanted:
        if item.kind == "any":
            runs.append([])
        elif item.kind == "line":
            runs[-1].append(item)
    weighed = 0

    def fits_at(run: list[_Item], start: int) -> bool:
        nonlocal weighed
        weighed += len(run)
        return all(_matches(item, lines[start + k]) for k, item in enumerate(run))

    first, last = runs[0], runs[-1]
    if len(runs) == 1:
        return len(first) == len(lines) and fits_at(first, 0)
    end = len(lines) - len(last)
    if end < len(first) or not fits_at(first, 0) or not fits_at(last, end):
        return False
    start = len(first)
    for run in runs[1:-1]:
        while start + len(run) <= end and not fits_at(run, start):
            if weighed > MAX_PAIRS:
                return False
            start += 1
        if start + len(run) > end:
            return False
        start += len(run)
    return True


def _edit_script(wanted: list[_Item], got: list[_Item]) -> list[tuple[str, int, int]]:
    """The cheapest alignment, as ("match"|"changed"|"missing"|"extra"|"kept"|"ignored", expected index,
    actual index) steps. Lines that match at both ends are paired first, as diff tools do, so a long
    output with a few wrong lines costs a search over the wrong stretch only; a stretch of more than
    MAX_PAIRS pairs is not searched: its expected items are all missing, its printed ones all extra."""
    n, m = len(wanted), len(got)
    head = 0
    while head < min(n, m) and wanted[head].kind != "any" and _matches(wanted[head], got[head]):
        head += 1
    tail = 0
    while (tail < min(n, m) - head and wanted[n - 1 - tail].kind != "any"
           and _matches(wanted[n - 1 - tail], got[m - 1 - tail])):
        tail += 1
    stretch = (wanted[head:n - tail], got[head:m - tail])
    if len(stretch[0]) * len(stretch[1]) <= MAX_PAIRS:
        middle = _cheapest(*stretch)
    else:
        middle = ([("kept" if item.kind in ("any", "layers") else "missing", i, 0) for i, item in enumerate(stretch[0])]
                  + [("ignored" if item.kind == "layers" else "extra", len(stretch[0]), j)
                     for j, item in enumerate(stretch[1])])
    return ([("match", i, i) for i in range(head)]
            + [(kind, head + i, head + j) for kind, i, j in middle]
            + [("match", n - tail + k, m - tail + k) for k in range(tail)])


def _cheapest(wanted: list[_Item], got: list[_Item]) -> list[tuple[str, int, int]]:
    """The cheapest alignment of two stretches, by dynamic programming over every pair of items.

    Free: a `...` item takes any number of actual items (as few as the cheapest alignment allows);
    pull layer lines are progress, so either side's may have no counterpart ("kept" on the expected
    side, "ignored" on the actual side). A changed, missing or extra item costs 1. Each pair is weighed
    once: the way back reads the verdicts kept on the way.
    """
    n, m = len(wanted), len(got)
    miss = [int(item.kind not in ("any", "layers")) for item in wanted]
    extra = [int(item.kind != "layers") for item in got]
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    differs = [bytearray(m) for _ in range(n)]  # 1 where an expected item does not stand for a printed one
    for j in range(m - 1, -1, -1):
        cost[n][j] = extra[j] + cost[n][j + 1]
    for i in range(n - 1, -1, -1):
        cost[i][m] = miss[i] + cost[i + 1][m]
        for j in range(m - 1, -1, -1):
            if wanted[i].kind == "any":
                cost[i][j] = min(cost[i + 1][j], cost[i][j + 1])
            else:
                differs[i][j] = not _matches(wanted[i], got[j])
                paired = cost[i + 1][j + 1] + differs[i][j]
                cost[i][j] = min(paired, miss[i] + cost[i + 1][j], extra[j] + cost[i][j + 1])
    steps: list[tuple[str, int, int]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and wanted[i].kind == "any" and j < m and cost[i][j] != cost[i + 1][j]:
            j += 1  # the `...` stands for this actual line too
        elif i < n and j < m and wanted[i].kind != "any" and (
                cost[i][j] == cost[i + 1][j + 1] + differs[i][j]):
            steps.append(("changed" if differs[i][j] else "match", i, j))
            i, j = i + 1, j + 1
        elif i < n and cost[i][j] == miss[i] + cost[i + 1][j]:
            steps.append(("missing" if miss[i] else "kept", i, j))
            i += 1
        else:
            steps.append(("extra" if extra[j] else "ignored", i, j))
            j += 1
    return steps


def _unified_diff(a: list[str], b: list[str], changes: list[Change], first_line: int, label: str) -> str:
    """A unified diff of the alignment's CHANGES, whose line numbers are the file's: the expected lines start at
    `first_line`. Changes less than two contexts apart share a hunk."""
    hunks: list[list[Change]] = []
    for change in changes:
        if hunks and change[0] - hunks[-1][-1][1] <= 2 * CONTEXT:
            hunks[-1].append(change)
        else:
            hunks.append([change])
    out = [f"--- {label}", "+++ actual"]
    for hunk in hunks:
        before, after = min(CONTEXT, hunk[0][0]), min(CONTEXT, len(a) - hunk[-1][1])
        i1, i2, j1, j2 = hunk[0][0] - before, hunk[-1][1] + after, hunk[0][2] - before, hunk[-1][3] + after
        out.append(f"@@ -{_span(first_line + i1, i2 - i1)} +{_span(first_line + j1, j2 - j1)} @@")
        unchanged_from = i1
        for a1, a2, b1, b2 in hunk:
            out += [" " + line for line in a[unchanged_from:a1]]
            out += ["-" + line for line in a[a1:a2]] + ["+" + line for line in b[b1:b2]]
            unchanged_from = a2
        out += [" " + line for line in a[unchanged_from:i2]]
    return "\n".join(out)


def _span(start: int, length: int) -> str:
    if length == 1:
        return str(start)
    return f"{start - 1 if length == 0 else start},{length}"
