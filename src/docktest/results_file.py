"""The one encoder/decoder of Results as JSON: the results file (`docktest run --format json`) and the run cache.

Format 2 writes every Result field, plus `message` (the fields in words) for people reading the file;
decoding never reads `message` back, except from format-1 files (docktest 0.1, no "format" key), where
it was the only place a skip reason was kept.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence, get_args

from docktest.model import Result, Status

FORMAT = 2
_STATUSES = get_args(Status)
_FIELDS = {f.name for f in fields(Result)}
_REQUIRED = ("path", "line", "command", "status")


@dataclass(frozen=True)
class Run:
    """One results file: its command results and when the run finished."""

    results: tuple[Result, ...]
    finished_at: datetime


def result_to_dict(result: Result) -> dict:
    return {**asdict(result), "message": result.message}


def result_from_dict(entry: object, where: str, version: int = FORMAT) -> Result:
    """A Result from one decoded JSON entry; ValueError starting with WHERE when it is not one."""
    problem = f"{where} needs path, line, command and status: {_short(entry)}"
    if not isinstance(entry, dict) or any(key not in entry for key in _REQUIRED):
        raise ValueError(problem)
    values = {key: value for key, value in entry.items() if key in _FIELDS}
    if version == 1 and entry.get("status") == "skipped":
        values["skip_reason"] = str(entry.get("message", "")).removeprefix("skipped: ")
    try:
        result = Result(**{**values, "path": str(values["path"]), "line": int(values["line"]),
                           "command": str(values["command"]), "exit_code": values.get("exit_code"),
                           "duration_s": float(values.get("duration_s", 0.0)),
                           "output": str(values.get("output", "")),
                           "stand_ins": tuple(str(name) for name in values.get("stand_ins", ())),
                           "engine": str(values.get("engine") or "")})
    except (TypeError, ValueError):
        raise ValueError(problem) from None
    if result.status not in _STATUSES:
        raise ValueError(f"{where} has an unknown status {result.status!r}")
    return result


def encode(results: Sequence[Result], finished_at: datetime | None = None) -> str:
    """The results file's text; finished_at (default: now) dates the site's verification marks."""
    finished = (finished_at or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    return json.dumps({"format": FORMAT, "finished_at": finished,
                       "results": [result_to_dict(r) for r in results]}, ensure_ascii=False, indent=2) + "\n"


def read(path: Path) -> Run:
    """Parse a results file; one that is not one raises ValueError naming it (and the line, for bad JSON)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise ValueError(f"{path}: not a docktest results file: expected {{\"results\": [...]}}")
    version = data.get("format", 1)
    if version not in (1, FORMAT):
        raise ValueError(f"{path}: results file format {version!r} is not one this docktest reads (1 or {FORMAT})")
    results = tuple(result_from_dict(entry, f"{path}: results[{index}]", version)
                    for index, entry in enumerate(data["results"]))
    finished = data.get("finished_at")
    if finished is None:
        return Run(results, datetime.fromtimestamp(path.stat().st_mtime, timezone.utc))
    try:
        return Run(results, datetime.fromisoformat(finished))
    except (TypeError, ValueError):
        raise ValueError(f"{path}: finished_at is not an ISO timestamp: {finished!r}") from None


def _short(value: object, limit: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"
