"""Benchmark of expected-output matching on what made a real lesson hang (issue 20): a dotted line against help text.

    .venv/bin/python bench/match_bench.py

Cases: the author's line `  ......      ......................` against one 70-character line of `docker run --help`;
the same line inside a pasted help of 40 lines against 120 printed ones (the alignment weighs every pair); and two
outputs of 1,000 and 3,000 lines that differ throughout (the alignment's worst case, within and past its budget).
Target: each well under a second per thousand lines, whatever the expected lines hold. Prints figures only.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from docktest.compare.expect import match

DOTTED = "  ......      ......................"
HELP_LINE = "      --add-host list                  Add a custom host-to-IP mapping"  # 70 characters


def help_lines(count: int, word: str) -> list[str]:
    """Lines shaped like `docker run --help`: an option, its value type, a description, in columns."""
    return [f"      --{word}-{i:<4} string{' ' * 14}Set the {word} of the container ({i})" for i in range(count)]


def timed(work: Callable[[], object]) -> tuple[float, object]:
    started = time.process_time()
    value = work()
    return time.process_time() - started, value


def main() -> None:
    cases = {
        "dotted line vs one 70-char help line": ([DOTTED], HELP_LINE + "\n"),
        "40 pasted help lines (one dotted) vs 120 printed": (
            help_lines(20, "opt") + [DOTTED] + help_lines(19, "other"), "\n".join(help_lines(120, "opt")) + "\n"),
        "1,000 vs 1,000 lines, all different": (help_lines(1000, "a"), "\n".join(help_lines(1000, "b")) + "\n"),
        "3,000 vs 3,000 lines, all different": (help_lines(3000, "a"), "\n".join(help_lines(3000, "b")) + "\n"),
    }
    for name, (expected, printed) in cases.items():
        seconds, found = timed(lambda: match(expected, printed))
        print(f"{name:<52} {seconds:8.3f} s CPU  ok={found.ok}")


if __name__ == "__main__":
    main()
