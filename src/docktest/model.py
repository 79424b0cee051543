"""The values the stages hand each other: snippets in, findings and results out.

Every position is a 1-based line of the file on disk (front matter, BOM and CRLF included).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning", "note"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "note")  # most severe first
# "unverifiable": offline, the command needed an image offline mode cannot supply, or failed after one on its page.
Status = Literal["passed", "failed", "skipped", "timeout", "unverifiable"]
FileKind = Literal["dockerfile", "compose", "file"]


@dataclass(frozen=True)
class Command:
    """One top-level command of a snippet, as bash parses it."""

    line: int
    text: str


@dataclass(frozen=True)
class Expectation:
    """What the page says some of a block's commands print: a console prompt's pasted output, or an output block."""

    lines: tuple[tuple[str, int], ...]  # (text, file line) of each expected line; none: they print nothing
    line: int  # file line of the first expected line (where lines would go when there are none)
    commands: tuple[int, ...]  # which of the block's commands (indices), their outputs together, in order


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
    expectations: tuple[Expectation, ...] = ()  # expected output, where the page shows some
    # the named file blocks the page shows since the last block with commands: written before this block runs
    files: tuple[FileBlock, ...] = ()
    # the code as it runs, bound and parsed once by extraction (extract.blocks.ParsedBlock): a tree, not data, so
    # neither compared nor in snippet_fields
    parsed: Any = field(default=None, compare=False, repr=False)


def snippet_fields(snippet: Snippet) -> dict[str, Any]:
    """The snippet's fields as plain data, its parse left out: what a cache key hashes and `extract` shows."""
    found = asdict(replace(snippet, parsed=None))
    del found["parsed"]
    return found


@dataclass(frozen=True)
class FileBlock:
    """A fenced block that is a file: a Dockerfile, a Compose file, or a block the page names (its title, or a
    `<!-- docktest file: … -->` marker)."""

    path: str  # the page, '/'-separated
    name: str  # the file as the page names it ("app.py", "backend/Dockerfile"); "" when it names none
    kind: FileKind
    lang: str
    start_line: int  # line of the first code line (the one after the opening fence)
    code: str  # exactly as shown


@dataclass(frozen=True)
class Finding:
    """A problem a static check found, at its place."""

    path: str
    line: int
    severity: Severity
    rule: str
    message: str
    suggestion: str | None = None  # the corrected token, when there is one
    column: int | None = None  # 1-based, in characters, where a finding points inside its line (inline code)


@dataclass(frozen=True)
class CheckedPage:
    """One page as extraction and the checks read it, once: what the runner runs, and what a failed line's hint is
    taken from (check.pages makes it; the adapters hand it to the runner)."""

    file: Path  # the page on disk
    path: str  # the page as results name it ("docs/….md")
    snippets: tuple[Snippet, ...]  # its shell blocks, each command bound and parsed (Snippet.parsed)
    findings: tuple[Finding, ...]  # its static findings as reported (site settings and excuses applied)


@dataclass(frozen=True)
class Result:
    """What running one command in the sandbox gave. Each fact is a field; `message` only words them."""

    path: str
    line: int
    command: str
    status: Status
    exit_code: int | None
    duration_s: float
    output: str
    snippet_id: str = ""
    expected_exit: int = 0  # the `exit` marker's status on a block's last command, else 0
    skip_reason: str = ""  # skipped: the `skip` marker's reason
    timeout_s: float | None = None  # timeout: the limit that ran out
    detached: bool = False  # a follow-style command (`logs -f`), watched until it caught up, then detached on purpose
    cached_from: str | None = None  # from the cache: when (ISO, UTC) the run that passed it finished
    error: str = ""  # failed without running: why (e.g. a workdir that is not there)
    hint: str = ""  # failed: what the static check says about this line
    not_installed: str = ""  # failed with status 127: the real program (not a typo) that the sandbox lacks
    diff: str = ""  # failed: expected output → actual output, as a unified diff
    unavailable_image: str = ""  # unverifiable: the image offline mode lacks ("" when no command names it)
    unverifiable_after: int = 0  # unverifiable: the line of the earlier command that lacked it; 0: this one did
    stand_ins: tuple[str, ...] = ()  # offline: the page's stand-in images (Debian-built) used up to this command
    engine: str = ""  # the sandbox's Docker Engine version that ran it ("26.1.5"); "": not recorded (older files)
    waited_port: int = 0  # a published port the command talks to, when it was waited for noticeably long
    port_wait_s: float = 0.0  # how long that port took to accept a connection (or the limit, when it never did)

    @property
    def failing(self) -> bool:
        """Whether this command makes the run fail: it failed or timed out (a skip or unverifiable does not)."""
        return self.status in ("failed", "timeout")

    @property
    def message(self) -> str:
        """The result in one line of words, as reports show it; empty for a plain pass."""
        if self.status == "skipped":
            return f"skipped: {self.skip_reason}"
        if self.status == "unverifiable":
            return self._unverifiable()
        if self.status == "timeout":
            if self.timeout_s is None:
                return "timed out"
            return f"timed out after {self.timeout_s:g} s and was killed (marker `timeout` changes the limit)"
        parts = []
        if self.status == "failed":
            if self.error:
                parts.append(self.error)
            elif self.not_installed:
                parts.append(f"not installed in the sandbox: {self.not_installed}; "
                             "install it in the page, or mark the block `skip`")
            elif self.exit_code != self.expected_exit:
                parts.append(f"exit status {self.exit_code}, expected {self.expected_exit}")
            if self.diff:
                parts.append("output differs from the page")
            if self.hint:
                parts.append(f"static check: {self.hint}")
        elif self.detached:
            parts.append("follow-style command: watched its output, then detached")
        elif self.expected_exit:
            parts.append(f"exited {self.expected_exit} as the `exit` marker expects")
        if self.waited_port:
            parts.append(f"waited {self.port_wait_s:.1f} s for port {self.waited_port} to accept connections")
        if self.cached_from:
            parts.append(f"from the cache: passed on {self.cached_from[:16].replace('T', ' ')} UTC, "
                         "inputs unchanged since")
        return "; ".join(parts)

    def _unverifiable(self) -> str:
        image = self.unavailable_image or "an image"
        if self.unverifiable_after:
            why = (f"not verifiable offline: follows line {self.unverifiable_after}, "
                   f"whose image ({image}) is not available")
        else:
            why = f"image not available offline: {image}"
        seen = ["timed out"] if self.exit_code is None else []  # what the command did, for authors
        if self.exit_code is not None and self.exit_code != self.expected_exit:
            seen.append(f"exit status {self.exit_code}, expected {self.expected_exit}")
        if self.diff:
            seen.append("output differs from the page")
        return "; ".join([why, *seen])


class SandboxError(RuntimeError):
    """The sandbox itself broke (an engine that does not answer, a sandbox that would not start or vanished):
    infrastructure, never a failing command. The CLI exits 3."""


class UsageError(Exception):
    """The user asked for something that cannot be done: a missing path, an unreadable file.

    The CLI prints its message (no traceback) and exits 2.
    """
