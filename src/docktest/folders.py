"""A folder's files without ever leaving the docs folder: a link that leads outside it is refused, never followed."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Listing:
    """A folder's files (sorted) and the links in it that lead outside the docs folder (sorted, each once)."""

    files: tuple[Path, ...]
    links_out: tuple[Path, ...]

    def refusal(self, shown_root: Path) -> str:
        """Why the folder cannot be used, naming its first link out and where it leads; "" when it can."""
        return refusal(self.links_out, shown_root)


def refusal(links: Sequence[Path], shown_root: Path) -> str:
    """An error naming the first of LINKS (shown relative to SHOWN_ROOT) and where it leads; "" for none."""
    if not links:
        return ""
    more = f" (and {len(links) - 1} more)" if len(links) > 1 else ""
    return (f"{_shown(links[0], shown_root)} is a link to {os.readlink(links[0])}, outside the docs folder{more}: "
            "refused (copy what it points at into the folder instead)")


def listing(folder: Path, docs: Path) -> Listing:
    """FOLDER's files, walked without following any linked folder; links resolving outside DOCS are set apart.

    A link to a file inside DOCS counts as a file; a linked folder is never walked (a link to `/` or to a parent
    would walk the whole disk or loop), and is refused too when it leads outside DOCS.
    """
    docs = docs.resolve()
    files, out = [], []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                target = path.resolve()
                if target != docs and docs not in target.parents:
                    out.append(path)
                elif target.is_file():
                    files.append(path)
            elif entry.is_dir():
                pending.append(path)
            elif entry.is_file():
                files.append(path)
    return Listing(tuple(sorted(files)), tuple(sorted(out)))


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
