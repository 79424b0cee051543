"""A run's results (the JSON of `docktest run --format json`) + a page's snippets → each block's verification status."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from docktest.model import FileBlock, Result, Snippet
from docktest.results_file import Run
from docktest.results_file import read as read_run

__all__ = ["BlockStatus", "Run", "block_statuses", "page_key", "read_run", "rekey"]

# "unverifiable": ran offline and needed an image offline mode lacks, or failed after one (run/offline.py)
State = Literal["verified", "skipped", "failed", "unverifiable", "unverified"]


@dataclass(frozen=True)
class BlockStatus:
    """What the run says about one shell block."""

    snippet: Snippet
    state: State
    line: int  # the first failing (or unverifiable) command's line; otherwise the block's first code line
    command: str = ""  # the failing (or unverifiable) command
    reason: str = ""  # why it failed or could not be verified (reader_reason), or was skipped (the marker's reason)
    results: tuple[Result | None, ...] = ()  # each command's result, None where the run has none

    @property
    def files(self) -> tuple[FileBlock, ...]:
        """The file blocks the run wrote before this block, not the block itself (a titled script is both)."""
        return tuple(file for file in self.snippet.files if file.start_line != self.snippet.start_line)


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
    found = tuple(results)
    failing = next((r for r in results if r is not None and r.failing), None)
    if failing is not None:
        return BlockStatus(snippet, "failed", failing.line, failing.command, reader_reason(failing), found)
    lacking = next((r for r in results if r is not None and r.status == "unverifiable"), None)
    if lacking is not None:
        return BlockStatus(snippet, "unverifiable", lacking.line, lacking.command, reader_reason(lacking), found)
    if not results or None in results:
        return BlockStatus(snippet, "unverified", snippet.start_line, results=found)
    skipped = next((r for r in results if r.status == "skipped"), None)
    if skipped is not None:  # a block with one skipped command is not verified as a whole
        reason = skipped.skip_reason or str(snippet.options.get("skip", ""))
        return BlockStatus(snippet, "skipped", snippet.start_line, reason=reason, results=found)
    return BlockStatus(snippet, "verified", snippet.start_line, results=found)



def reader_reason(result: Result) -> str:
    """Why a command failed, in the readers' words (the site is Korean): `종료 코드 1 (기대 0)`.

    Authors get docktest's own report (`Result.message`, with the static check's hint); readers get this.
    """
    if result.status == "timeout":
        return f"{result.timeout_s:g}초 안에 끝나지 않음" if result.timeout_s is not None else "시간 초과"
    if result.status == "unverifiable":
        image = result.unavailable_image or "이미지"
        if result.unverifiable_after:
            return f"앞선 명령의 이미지({image})를 오프라인에서 쓸 수 없어 검증할 수 없음"
        return f"오프라인에서는 쓸 수 없는 이미지: {image}"
    parts = []
    if result.error:
        parts.append("실행할 수 없음")
    elif result.exit_code != result.expected_exit:
        parts.append(f"종료 코드 {result.exit_code} (기대 {result.expected_exit})")
    if result.diff:
        parts.append("출력이 다릅니다")
    return ", ".join(parts) or "실패"
