"""One expected line against one printed line, in time near-linear in the line whatever the author wrote."""

from __future__ import annotations

import re
from functools import lru_cache

from docktest.compare.volatile import ELLIPSIS, KINDS

_SCANNER = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in KINDS.items())
                      + f"|(?P<ellipsis>{re.escape(ELLIPSIS)})")
# Newlines put after the printed line (a line holds none): a kind's lookahead sees them as it would the line's
# end, and `.{_PAD}` after a stretch caps where it may end. Longer than any kind looks ahead (` ago\b`: 5).
_PAD = 16


class LinePattern:
    """An expected line as the stretches between its `...`: a volatile value matches any value of its kind, the
    rest itself. The first stretch starts the line, the last ends it, the others come in order in between.

    Matching it means `stretch .* stretch .* … stretch`, every lookaround seeing the whole line. Rather than let a
    regex engine backtrack over every way to share the line among the `.*` (exponential in their number), it goes
    from the last stretch to the first, taking the latest place each can start with the rest still fitting after
    it: the latest is the best for the stretch before, which must end there or earlier. Each stretch's search
    goes back from where the one after it starts, so the searches together cover the line about once.
    """

    def __init__(self, stretches: list[str]) -> None:
        self._first = re.compile(f"(?={_ending(stretches[0], len(stretches) == 1)})", re.MULTILINE)
        # The latest start: a greedy run to the end of the text given, given back one character at a time.
        self._later = [re.compile(f"(?s:.*)(?={_ending(stretch, i == len(stretches) - 1)})", re.MULTILINE)
                       for i, stretch in enumerate(stretches) if i]

    def matches(self, line: str) -> bool:
        """Whether LINE (normalised, without a newline) is one the expected line stands for."""
        text = line + "\n" * _PAD
        end = len(text)
        for stretch in reversed(self._later):
            found = stretch.match(text, 0, end)
            if found is None:
                return False
            end = found.end() + _PAD  # the stretch before must end where this one starts, or earlier
        return self._first.match(text, 0, end) is not None


def _ending(stretch: str, last: bool) -> str:
    """STRETCH, then the end of the line (LAST), or at least _PAD characters before the end of the text given."""
    return f"(?:{stretch})" + (f"\n{{{_PAD}}}\\Z" if last else f"(?s:.{{{_PAD}}})")


@lru_cache(maxsize=4096)
def line_pattern(expected: str) -> LinePattern:
    """A normalised expected line as a LinePattern: a run of `...` is one wildcard, however long."""
    stretches: list[str] = []
    pieces: list[str] = []
    position = 0
    for found in _SCANNER.finditer(expected):
        pieces.append(re.escape(expected[position:found.start()]))
        if found.lastgroup == "ellipsis":
            stretches.append("".join(pieces))
            pieces = []
        else:
            pieces.append(f"(?:{KINDS[found.lastgroup]})")
        position = found.end()
    pieces.append(re.escape(expected[position:]))
    stretches.append("".join(pieces))
    # An empty stretch between two wildcards (`......`) adds nothing: `.*.*` is `.*`.
    inner = [stretch for stretch in stretches[1:-1] if stretch]
    return LinePattern(stretches[:1] + inner + stretches[1:][-1:])
