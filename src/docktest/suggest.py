"""Did-you-mean: the closest known word to a misspelled one, and how messages say it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known word closest to WORD, or None when none is close enough."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(suggestion: str | None) -> str:
    """` (did you mean 'X'?)`, to end a message with; empty without a suggestion."""
    return f" (did you mean '{suggestion}'?)" if suggestion else ""


def one_edit(word: str, other: str) -> bool:
    """Whether WORD is OTHER with one letter wrong, missing or extra, or two neighbours swapped (a typo's shape)."""
    if word == other or abs(len(word) - len(other)) > 1:
        return False
    start = 0
    while start < min(len(word), len(other)) and word[start] == other[start]:
        start += 1
    a, b = word[start:], other[start:]
    return a[1:] == b[1:] or a[1:] == b or a == b[1:] or (a[:2] == b[1::-1] and a[2:] == b[2:])
