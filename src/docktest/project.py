"""A site's own configuration: `[tool.docktest]` in its pyproject.toml (or the MkDocs plugin's options) → CheckSettings,
the part of config.Settings that says what is normal for the site and which docker client the checks ask."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from docktest.model import SEVERITIES, Severity, UsageError
from docktest.suggest import closest, did_you_mean

KEYS = ("known-commands", "disable", "severity", "exclude")


@dataclass(frozen=True)
class DockerClient:
    """A local docker client the static checks ask instead of the shipped table, and the per-user folder its tree is
    kept in (the one config.Settings.user_cache names)."""

    path: str
    cache: Path


@dataclass(frozen=True)
class CheckSettings:
    """What a site says is normal for it: `[tool.docktest]` in its pyproject.toml and the MkDocs plugin's options
    (read here; docktest.check.registry makes their rule names canonical)."""

    known_commands: frozenset[str] = frozenset()  # programs that are no typo on this site
    disable: frozenset[str] = frozenset()  # rules turned off
    severity: Mapping[str, Severity] = field(default_factory=dict)  # rule → the severity this site gives it
    exclude: tuple[tuple[Path, str], ...] = ()  # (folder, glob): pages never checked or run, globs from that folder
    source: str = ""  # where these were written, for messages: "pyproject.toml [tool.docktest]"
    # whose docker command tree the checks read (check.docker_table); None: the shipped table. From the environment
    # (config.check_settings), not from the site's files.
    docker_client: DockerClient | None = None

    def excludes(self, page: Path) -> bool:
        """Whether an `exclude` glob matches PAGE: a glob with a `/` matches its path from the glob's folder (`*`
        crossing `/` too; a folder's glob matches what is inside), one without matches any file or folder name."""
        page = page.resolve()
        for folder, glob in self.exclude:
            if folder not in page.parents:
                continue
            relative = page.relative_to(folder).as_posix()
            if "/" in glob.rstrip("/"):
                if fnmatchcase(relative, glob.rstrip("/")) or fnmatchcase(relative, glob.rstrip("/") + "/*"):
                    return True
            elif any(fnmatchcase(part, glob.rstrip("/")) for part in relative.split("/")):
                return True
        return False

    def merged(self, other: CheckSettings) -> CheckSettings:
        """Both sites' words: lists joined, OTHER's severities (and docker client, if it names one) over these."""
        return CheckSettings(self.known_commands | other.known_commands, self.disable | other.disable,
                             {**self.severity, **other.severity}, self.exclude + other.exclude,
                             " and ".join(source for source in (self.source, other.source) if source),
                             other.docker_client or self.docker_client)


def find(start: Path) -> CheckSettings:
    """The `[tool.docktest]` table of the nearest pyproject.toml that has one, from START (a page or folder) upward;
    defaults when none has (like ruff's `[tool.ruff]`: a pyproject.toml without the table is passed over)."""
    start = start.resolve()
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        file = folder / "pyproject.toml"
        if file.is_file():
            table = _tool_table(file)
            if table is not None:
                return read(table, f"{_shown(file)} [tool.docktest]", folder)
    return CheckSettings()


def _tool_table(file: Path) -> Any:
    try:
        with file.open("rb") as stream:
            data = tomllib.load(stream)
    except OSError as error:
        raise UsageError(f"{_shown(file)}: cannot read: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{_shown(file)}: not valid TOML: {error}") from None
    return data.get("tool", {}).get("docktest")


def _shown(file: Path) -> str:
    """FILE as messages name it: from the working folder when it is under it."""
    relative = os.path.relpath(file)
    return file.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def read(table: Any, source: str, folder: Path) -> CheckSettings:
    """The settings a table spelled like `[tool.docktest]` gives (exclude globs from FOLDER); a key or value that
    is not one docktest knows is a UsageError that names SOURCE. Rule names are checked by check.registry."""
    if not isinstance(table, Mapping):
        raise UsageError(f"{source} must be a table of settings ({', '.join(KEYS)})")
    for key in table:
        if key not in KEYS:
            close = closest(str(key), KEYS)
            hint = did_you_mean(close) if close else f" (known keys: {', '.join(KEYS)})"
            raise UsageError(f"{source}: unknown key '{key}'{hint}")
    severity = table.get("severity", {})
    if not isinstance(severity, Mapping) or not all(isinstance(rule, str) for rule in severity):
        raise UsageError(f"{source}: severity must be a table of rule = severity, e.g. `stray-jamo = \"note\"`")
    for rule, level in severity.items():
        if level not in SEVERITIES:
            raise UsageError(f"{source}: severity of '{rule}' must be {', '.join(SEVERITIES[:-1])} or "
                             f"{SEVERITIES[-1]}, not {level!r}")
    return CheckSettings(known_commands=frozenset(_names(table, "known-commands", source)),
                         disable=frozenset(_names(table, "disable", source)), severity=dict(severity),
                         exclude=tuple((folder.resolve(), glob) for glob in _names(table, "exclude", source)),
                         source=source)


def _names(table: Mapping, key: str, source: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise UsageError(f"{source}: {key} must be a list of strings, e.g. {key} = [\"{_EXAMPLES[key]}\"]")
    return [item.strip() for item in value]


_EXAMPLES = {"known-commands": "kubectl", "disable": "stray-jamo", "exclude": "docs/drafts/*"}
