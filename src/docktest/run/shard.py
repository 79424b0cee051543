"""`--shard i/n`: split pages deterministically across n CI jobs.

Pages are sorted by their '/'-separated path and dealt round-robin: the k-th page (from 0) goes to
shard k mod n + 1. Every job given the same pages picks the same share; together the n shards
cover each page exactly once, and their sizes differ by at most one.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence, TypeVar

from docktest.model import UsageError

Page = TypeVar("Page")
_FORM = re.compile(r"(\d+)/(\d+)")


def parse(text: str, flag: str = "--shard") -> tuple[int, int]:
    """'2/3' → (2, 3); anything else (0/3, 4/3, 'a/b') is a UsageError that names FLAG and says the form."""
    match = _FORM.fullmatch(text.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise UsageError(f"{flag} {text!r}: expected i/n with 1 ≤ i ≤ n, e.g. 1/2")
    return int(match[1]), int(match[2])


def select(pages: Sequence[Page], shard: tuple[int, int], path_of: Callable[[Page], str] = str) -> list[Page]:
    """The pages of SHARD (index, count), in their given order."""
    index, count = shard
    order = sorted(range(len(pages)), key=lambda i: path_of(pages[i]))
    chosen = {i for k, i in enumerate(order) if k % count == index - 1}
    return [page for i, page in enumerate(pages) if i in chosen]
