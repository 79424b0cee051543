"""Expected-output matching: the verdicts it had before, in bounded time whatever the expected lines hold."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docktest.compare import expect
from docktest.compare.expect import match
from docktest.compare.line_match import line_pattern
from docktest.compare.volatile import KINDS

# The author's line from a real lesson (issue 20) and a 70-character line of `docker run --help` (client 28.2).
DOTTED = "  ......      ......................"
HELP_LINE = "      --add-host list                  Add a custom host-to-IP mapping"


def old_pattern(expected: str) -> re.Pattern[str]:
    """The oracle: how expected lines were compiled before (each `...` a `.*`, fullmatched by the regex engine)."""
    scanner = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in KINDS.items()) + r"|(?P<ellipsis>\.\.\.)")
    parts, position = [], 0
    for found in scanner.finditer(expected):
        parts.append(re.escape(expected[position:found.start()]))
        parts.append(".*" if found.lastgroup == "ellipsis" else f"(?:{KINDS[found.lastgroup]})")
        position = found.end()
    parts.append(re.escape(expected[position:]))
    return re.compile("".join(parts))


# Pieces of what Docker prints and authors write: volatile values of every kind, with the shapes where a kind could
# end in more than one place (a date with or without its time, `2 second` within `2 seconds`), and `...`.
PIECES = [
    "...", ".", " ", "  ", "a", "b", "x", "_", "-", ":", "1", "0", "s", "Up ", " ago", "2 seconds", "2 second",
    "About a minute", "2025-03-01", "2026-11-28", " 12:00", ":00", ".5", "T09:15:42", " +0900", " UTC", "Z",
    "09:15:42", "#5", "#7 0.412", " CACHED", " DONE 0.3s", "5MB", "1.5MiB", "0.3s", "32768", "0.0.0.0:",
    "admiring_turing", "web_data", "3", "860c112c0550", "3f2a9b8c7d6e", "sha256:" + "ab" * 32,
]
SMALL_LINE = (st.lists(st.sampled_from(PIECES), max_size=7).map("".join)
              | st.lists(st.sampled_from(["a", "b", "ab", "...", "."]), max_size=8).map("".join)
              | st.text("ab_. 0:-Up", max_size=14))


@st.composite
def near_misses(draw: st.DrawFn) -> tuple[str, str]:
    """An expected line, and a line made from it: each `...` filled in, then at most one character dropped."""
    expected = draw(SMALL_LINE.filter(lambda line: line.count("...") <= 3))
    fillers = st.sampled_from(["", "a", "b", "ab", "_", "1", ".", "..."])
    filled = "".join(part + draw(fillers) for part in expected.split("..."))
    cut = draw(st.integers(0, len(filled)))
    return expected, filled[:cut] + filled[cut + draw(st.integers(0, 1)):]


PAIRS = st.tuples(SMALL_LINE.filter(lambda line: line.count("...") <= 3), SMALL_LINE.map(lambda s: s[:40])) | near_misses()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=PAIRS)
@example(pair=("2025-03-01... 1...", "2026-11-28 10:00"))  # the date must end before the time
@example(pair=("Up 2 second...s", "Up 2 seconds"))
@example(pair=("......", ""))
def test_agrees_with_the_regex_it_replaced(pair: tuple[str, str]) -> None:
    expected, actual = pair
    assert line_pattern(expected).matches(actual) == (old_pattern(expected).fullmatch(actual) is not None)


def test_agrees_with_the_regex_it_replaced_on_every_small_line() -> None:
    # Every expected line of up to five pieces (`...` among them) against every line of up to five characters.
    expected_lines = {"".join(pieces) for size in range(6) for pieces in itertools.product(["a", "b", "..."], repeat=size)}
    lines = ["".join(chars) for size in range(6) for chars in itertools.product("ab", repeat=size)]
    disagreements = [(expected, line) for expected in sorted(expected_lines) for line in lines
                     if line_pattern(expected).matches(line) != (old_pattern(expected).fullmatch(line) is not None)]
    assert disagreements == []


OUTPUT_LINE = st.sampled_from(["a", "b", "a...", "...", "...", "0e29546d541c: Pull complete", "1a2b3c4d5e6f: Waiting"])


@settings(max_examples=300, deadline=None)
@given(expected=st.lists(OUTPUT_LINE, max_size=9), printed=st.lists(OUTPUT_LINE.filter(lambda l: l != "..."), max_size=9))
def test_the_quick_fit_agrees_with_the_cheapest_alignment(expected: list[str], printed: list[str]) -> None:
    # A passing output is told by a glob over lines, not by the alignment: both say "no cost" alike.
    wanted = expect._items(expected, keep=lambda line: line, ellipsis=True)
    got = expect._items(printed, keep=lambda line: line, ellipsis=False)
    costly = [kind for kind, _, _ in expect._cheapest(wanted, got) if kind in ("changed", "missing", "extra")]
    assert expect._fits(wanted, got) == (not costly)


@settings(max_examples=300, deadline=None)
@given(expected=st.lists(OUTPUT_LINE | st.sampled_from(["c", "d"]), max_size=20),
       printed=st.lists(OUTPUT_LINE.filter(lambda l: l != "...") | st.sampled_from(["c", "d"]), max_size=20))
def test_the_diff_turns_the_expected_lines_into_the_printed_ones(expected: list[str], printed: list[str]) -> None:
    # The diff is read off the alignment: its hunks, applied to what was expected, give what was printed.
    a, b, _, _ = expect._aligned(expected, "\n".join(printed) + "\n")
    diff = match(expected, "\n".join(printed) + "\n").diff.splitlines()[2:]
    rebuilt, taken = [], 0
    for line in diff:
        if line.startswith("@@"):
            found = re.match(r"@@ -(\d+)(?:,(\d+))?", line)
            start = int(found[1]) + (found[2] == "0")  # an empty range names the line before it
            rebuilt += a[taken:start - 1]
            taken = start - 1
        elif line[0] in " -":
            assert a[taken] == line[1:]
            taken += 1
        if line[0] in " +":
            rebuilt.append(line[1:])
    assert rebuilt + a[taken:] == b


ADVERSARIAL_PIECE = st.sampled_from(PIECES + ["......", "." * 22, " " * 6, HELP_LINE, DOTTED])
LONG_LINE = st.lists(ADVERSARIAL_PIECE, min_size=1, max_size=60).map("".join)
BOUNDED = settings(max_examples=60, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])


@BOUNDED
@given(expected=LONG_LINE, actual=LONG_LINE)
@example(expected="a..." * 30 + "b", actual="a" * 2000)  # 30 wildcards that all fit anywhere, then a miss
@example(expected=DOTTED, actual=HELP_LINE)
def test_one_line_matches_in_bounded_time(expected: str, actual: str) -> None:
    match([expected], actual + "\n")


@BOUNDED
@given(expected=st.lists(LONG_LINE, max_size=25), actual=st.lists(LONG_LINE, max_size=80))
def test_many_lines_match_in_bounded_time(expected: list[str], actual: list[str]) -> None:
    match(expected, "\n".join(actual) + "\n")


# Lines of `docker run --help` as the 28.2 client prints them, each about 70 characters long.
HELP = [
    HELP_LINE,
    "  -a, --attach list                    Attach to STDIN, STDOUT or STDERR",
    "      --blkio-weight-device list       Block IO weight (relative device",
    "      --cgroup-parent string           Optional parent cgroup for the",
    "      --cpu-period int                 Limit CPU CFS (Completely Fair",
    "      --cpu-rt-runtime int             Limit CPU real-time runtime in",
    "  -c, --cpu-shares int                 CPU shares (relative weight)",
    "      --cpuset-cpus string             CPUs in which to allow execution",
]


def test_a_dotted_line_in_a_pasted_docker_run_help() -> None:
    # The lesson dotted out the middle of a pasted help; the dotted line is weighed against each help line
    # (the regex took 1 to 3 s for each, three times over in the alignment).
    assert not match([DOTTED], HELP_LINE + "\n").ok  # no help line ends in "."
    assert match([DOTTED], HELP_LINE + ".\n").ok
    result = match(["Options:", DOTTED, HELP[-1]], "\n".join(["Options:", *HELP]) + "\n", first_line=10)
    assert result.diff == "\n".join([
        "--- expected",
        "+++ actual",
        "@@ -10,3 +10,9 @@",
        " Options:",
        "-  ......  ......................",
        *["+" + re.sub(" {2,}", "  ", line) for line in HELP[:-1]],
        " " + re.sub(" {2,}", "  ", HELP[-1]),
    ])


def test_an_output_too_long_to_align_is_shown_whole() -> None:
    expected = [f"line {i} of the page" for i in range(1200)]
    printed = [f"line {i} of the output" for i in range(1200)]
    result = match(expected, "\n".join(printed) + "\n")
    assert not result.ok
    diff = result.diff.splitlines()
    assert diff[2] == "@@ -1,1200 +1,1200 @@"
    assert diff[3:] == ["-" + line for line in expected] + ["+" + line for line in printed]
