"""The values the stages hand each other: snippets in, findings and results out.

Every position is a 1-based line of the file on disk (front matter, BOM and CRLF included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
Status = Literal["passed", "failed", "skipped", "timeout"]


@dataclass(frozen=True)
class Command:
    """One top-level command of a snippet, as bash parses it."""

    line: int
    text: str


@dataclass(frozen=True)
class Snippet:
    """One shell-family fenced code block of a Markdown page."""

    id: str  # "<path>#<ordinal>", ordinal counting the page's shell blocks from 1
    path: str  # the page as given on the command line, '/'-separated
    start_line: int  # line of the first code line (the one after the opening fence)
    end_line: int  # line of the last code line
    lang: str
    code: str
    commands: tuple[Command, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)  # markers: block ones over page-wide ones


@dataclass(frozen=True)
class Finding:
    """A problem a static check found, at its place."""

    path: str
    line: int
    severity: Severity
    rule: str
    message: str
    suggestion: str | None = None  # the corrected token, when there is one


@dataclass(frozen=True)
class Result:
    """What running one command in the sandbox gave."""

    path: str
    line: int
    command: str
    status: Status
    exit_code: int | None
    duration_s: float
    output: str
    snippet_id: str = ""
    message: str = ""  # why: the skip reason, the timeout, the expected exit code


class UsageError(Exception):
    """The user asked for something that cannot be done: a missing path, an unreadable file.

    The CLI prints its message (no traceback) and exits 2.
    """
