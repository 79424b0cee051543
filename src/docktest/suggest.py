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
