"""A failing Result in words (where, what ran, why, what it printed against what the page shows), the same words
in the text report, JUnit and the pytest plugin; each format only lays them out."""

from __future__ import annotations

from dataclasses import dataclass

from docktest.model import Result

OUTPUT_LABEL = "--- output ---"  # between the diff and the output, when there is a diff


@dataclass(frozen=True)
class FailureText:
    """The words of one failed or timed-out command."""

    where: str  # "docs/a.md:4"
    heading: str  # "docs/a.md:4: failed: doccker run node"
    reason: str  # Result.message: the exit statuses, the error, the static check's hint, the diff's mention
    body: tuple[str, ...]  # the diff's lines, then the output's (labelled when a diff comes first)


def failure_text(result: Result, output_lines: int | None = None) -> FailureText:
    """RESULT in words; OUTPUT_LINES: show only the output's last lines (a summary of many failures)."""
    where = f"{result.path}:{result.line}"
    output = result.output.rstrip("\n").splitlines()
    if output_lines is not None:
        output = output[-output_lines:]
    diff = result.diff.rstrip("\n").splitlines()
    body = (*diff, OUTPUT_LABEL, *output) if diff else tuple(output)
    return FailureText(where, f"{where}: {result.status}: {result.command}", result.message, body)
