"""A run's results (the JSON of `docktest run --format json`) + a page's snippets → each block's verification status."""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from docktest.report import formats as report
from docktest.model import Result, Snippet

State = Literal["verified", "skipped", "failed", "unverified"]
_FAILING = ("failed", "timeout")
_SKIP_PREFIX = "skipped: "  # how the runner words a skip marker's reason


@dataclass(frozen=True)
class Run:
    """One results file: its command results and when the run finished."""

    results: tuple[Result, ...]
    finished_at: datetime


@dataclass(frozen=True)
class BlockStatus:
    """What the run says about one shell block."""

    snippet: Snippet
    state: State
    line: int  # the first failing command's line; otherwise the block's first code line
    command: str = ""  # the failing command
    reason: str = ""  # why it failed or was skipped


def read_run(path: Path) -> Run:
    """Parse a results file; a file that is not one raises ValueError naming it (and the line, for bad JSON)."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise ValueError(f"{path}: not a docktest results file: expected {{\"results\": [...]}}")
    results = tuple(_result(entry, path, index) for index, entry in enumerate(data["results"]))
    finished = data.get("finished_at")
    if finished is None:
        finished_at = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    else:
        try:
            finished_at = datetime.fromisoformat(finished)
        except (TypeError, ValueError):
            raise ValueError(f"{path}: finished_at is not an ISO timestamp: {finished!r}") from None
    return Run(results, finished_at)


def _result(entry: object, path: Path, index: int) -> Result:
    problem = f"{path}: results[{index}] needs path, line, command and status: {entry!r}"
    if not isinstance(entry, dict):
        raise ValueError(problem)
    try:
        result = Result(path=str(entry["path"]), line=int(entry["line"]), command=str(entry["command"]),
                        status=entry["status"], exit_code=entry.get("exit_code"),
                        duration_s=float(entry.get("duration_s", 0.0)), output=str(entry.get("output", "")),
                        snippet_id=str(entry.get("snippet_id", "")), message=str(entry.get("message", "")))
    except (KeyError, TypeError, ValueError):
        raise ValueError(problem) from None
    if result.status not in ("passed", "failed", "skipped", "timeout"):
        raise ValueError(f"{path}: results[{index}] has an unknown status {result.status!r}")
    return result


def page_key(path: str, docs_dir: str, base_dir: str) -> str:
    """A results path ("docs/x.md", "/abs/docs/x.md", "./docs/x.md") as a path inside docs_dir ("x.md").

    Relative paths are taken from base_dir (where `docktest run` ran, the project root); a path
    outside docs_dir is kept as given, normalised, so it simply matches no page.
    """
    full = os.path.normpath(os.path.join(base_dir, path))
    inside = os.path.relpath(full, os.path.normpath(docs_dir))
    if inside != os.pardir and not inside.startswith(os.pardir + os.sep):
        return Path(inside).as_posix()
    return posixpath.normpath(Path(path).as_posix())


def rekey(results: Iterable[Result], docs_dir: str, base_dir: str) -> list[Result]:
    """The results with their paths made relative to docs_dir, as MkDocs names pages (src_uri)."""
    return [replace(r, path=page_key(r.path, docs_dir, base_dir)) for r in results]


def block_statuses(snippets: Sequence[Snippet], results: Iterable[Result]) -> list[BlockStatus]:
    """Each snippet's status; a result belongs to a command when path, line and command text all match.

    A command the run has no result for (the page changed since, or was not run) leaves its
    block "unverified" unless another command of the block failed.
    """
    by_place = {(r.path, r.line, r.command): r for r in results}
    return [_status(s, [by_place.get((s.path, c.line, c.text)) for c in s.commands]) for s in snippets]


def _status(snippet: Snippet, results: list[Result | None]) -> BlockStatus:
    failing = next((r for r in results if r is not None and r.status in _FAILING), None)
    if failing is not None:
        return BlockStatus(snippet, "failed", failing.line, failing.command, report.failure_reason(failing))
    if not results or None in results:
        return BlockStatus(snippet, "unverified", snippet.start_line)
    skipped = next((r for r in results if r.status == "skipped"), None)
    if skipped is not None:  # a block with one skipped command is not verified as a whole
        reason = skipped.message.removeprefix(_SKIP_PREFIX) or str(snippet.options.get("skip", ""))
        return BlockStatus(snippet, "skipped", snippet.start_line, reason=reason)
    return BlockStatus(snippet, "verified", snippet.start_line)

