"""A git directory's release tags (the newest patch of each minor release) and its files at a tag, read with git."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Release:
    """One release read: its minor version ("26.1") and the tag of its newest patch ("v26.1.5")."""

    version: str
    tag: str


def _git(git_dir: Path, *args: str, stdin: bytes | None = None, found_nothing_ok: bool = False) -> bytes:
    done = subprocess.run(["git", f"--git-dir={git_dir}", *args], input=stdin, capture_output=True, timeout=600)
    if done.returncode and not (found_nothing_ok and done.returncode == 1):
        raise subprocess.CalledProcessError(done.returncode, done.args, done.stdout, done.stderr)
    return done.stdout


def releases(git_dir: Path, pattern: str, first: tuple[int, int] = (0, 0)) -> list[Release]:
    """The newest tag of each minor release whose name matches PATTERN (groups: major, minor, patch), oldest first;
    minor releases before FIRST are left out."""
    newest: dict[tuple[int, int], tuple[int, Release]] = {}
    for tag in _git(git_dir, "tag", "--list").decode().split():
        match = re.fullmatch(pattern, tag)
        if match:
            major, minor, patch = (int(part) for part in match.groups())
            if (major, minor) >= first and patch >= newest.get((major, minor), (-1, None))[0]:
                # the version as the tag spells it: Docker's "17.06", "19.03"
                newest[(major, minor)] = (patch, Release(f"{match.group(1)}.{match.group(2)}", tag))
    return [release for _, (_, release) in sorted(newest.items())]


def commit(git_dir: Path, ref: str = "HEAD") -> str:
    return _git(git_dir, "rev-parse", f"{ref}^{{commit}}").decode().strip()


def files(git_dir: Path, ref: str, folder: str) -> list[str]:
    """Paths of the files under FOLDER at REF (none when the folder is not there)."""
    return _git(git_dir, "ls-tree", "-r", "--name-only", ref, "--", folder).decode().split("\n")[:-1]


def read(git_dir: Path, ref: str, paths: list[str]) -> dict[str, str]:
    """The text of each of PATHS at REF, read in one `git cat-file --batch`."""
    out = _git(git_dir, "cat-file", "--batch", stdin="".join(f"{ref}:{path}\n" for path in paths).encode())
    texts, at = {}, 0
    for path in paths:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if header[-1] == b"missing":
            at = header_end + 1
            continue
        size = int(header[2])
        texts[path] = out[header_end + 1:header_end + 1 + size].decode("utf-8", "replace")
        at = header_end + 1 + size + 1
    return texts


def go_strings(git_dir: Path, ref: str) -> set[str]:
    """Every lower-case word quoted in the Go sources at REF (vendored code aside): the names flags can have."""
    out = _git(git_dir, "grep", "-h", "-o", "-E", r'"[a-z][a-z0-9-]*"', ref, "--", "*.go", ":!vendor", ":!**/vendor/**",
               found_nothing_ok=True)
    return {line.strip('"') for line in out.decode().split()}
