"""Benchmark of extraction's growth: a page of 5,000 vs 20,000 one-line blocks, and removing 20,000 stale scripts.

    .venv/bin/python bench/extract_bench.py

Targets (issue 8): 20,000 blocks extract in ≤ 3 s, at most 5× the time of 5,000 (linear growth);
removing a page's 20,000 stale scripts from snippets/ is linear too. Prints figures only: CPU seconds
(this process's own time, steadier on a shared machine) and wall seconds.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docktest.extract import scripts
from docktest.extract.markdown import extract_page


def page(blocks: int) -> str:
    return "# 큰 페이지\n\n" + "".join(f"문단 {i}\n\n```bash\necho {i}\n```\n\n" for i in range(blocks))


@dataclass(frozen=True)
class Timing:
    cpu_s: float
    wall_s: float

    def __str__(self) -> str:
        return f"{self.cpu_s:.2f} s CPU ({self.wall_s:.2f} s wall)"


def timed(work: Callable[[], object]) -> tuple[Timing, object]:
    cpu, wall = time.process_time(), time.perf_counter()
    value = work()
    return Timing(time.process_time() - cpu, time.perf_counter() - wall), value


def extract_timing(blocks: int) -> Timing:
    text = page(blocks)
    timing, found = timed(lambda: extract_page(f"docs/p{blocks}.md", text))
    assert len(found) == blocks, len(found)  # type: ignore[arg-type]
    return timing


def stale_removal_timings(blocks: int) -> tuple[Timing, Timing]:
    """Writing a page's scripts, then removing them all once the page is gone."""
    snippets = extract_page("docs/big.md", page(blocks))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "snippets"
        written, _ = timed(lambda: scripts.sync([("big.md", snippets)], out))
        removed, result = timed(lambda: scripts.sync([], out))
        assert len(result.removed) == blocks, len(result.removed)  # type: ignore[attr-defined]
    return written, removed


def main() -> int:
    small, large = extract_timing(5_000), extract_timing(20_000)
    print(f"extract  5,000 blocks: {small}")
    print(f"extract 20,000 blocks: {large}  (CPU ratio {large.cpu_s / small.cpu_s:.1f}; "
          "targets: ratio ≤ 5, ≤ 3 s)")
    written, removed = stale_removal_timings(20_000)
    print(f"snippets/: write 20,000 scripts {written}; remove them all {removed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
