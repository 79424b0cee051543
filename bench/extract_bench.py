"""Benchmark of extraction's growth: a page of 5,000 vs 20,000 one-line blocks, and removing 20,000 stale scripts.

    .venv/bin/python bench/extract_bench.py

Targets (issue 8): 20,000 blocks extract in ≤ 3 s, at most 5× the time of 5,000 (linear growth);
removing a page's 20,000 stale scripts from snippets/ is linear too. Prints figures only.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from docktest.extract import scripts
from docktest.extract.markdown import extract_page


def page(blocks: int) -> str:
    return "# 큰 페이지\n\n" + "".join(f"문단 {i}\n\n```bash\necho {i}\n```\n\n" for i in range(blocks))


def extract_seconds(blocks: int) -> float:
    text = page(blocks)
    started = time.perf_counter()
    found = extract_page(f"docs/p{blocks}.md", text)
    elapsed = time.perf_counter() - started
    assert len(found) == blocks, len(found)
    return elapsed


def stale_removal_seconds(blocks: int) -> tuple[float, float]:
    """Seconds to write a page's scripts, then to remove them all once the page is gone."""
    snippets = extract_page("docs/big.md", page(blocks))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "snippets"
        started = time.perf_counter()
        scripts.sync([("big.md", snippets)], out)
        written = time.perf_counter() - started
        started = time.perf_counter()
        removed = scripts.sync([], out).removed
        elapsed = time.perf_counter() - started
        assert len(removed) == blocks, len(removed)
    return written, elapsed


def main() -> int:
    small, large = extract_seconds(5_000), extract_seconds(20_000)
    print(f"extract  5,000 blocks: {small:.2f} s")
    print(f"extract 20,000 blocks: {large:.2f} s  (ratio {large / small:.1f}; targets: ratio ≤ 5, ≤ 3 s)")
    written, removed = stale_removal_seconds(20_000)
    print(f"snippets/: write 20,000 scripts {written:.2f} s, remove them all {removed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
