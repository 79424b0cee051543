"""What a page gives a Dockerfile's build to copy: the files it shows (file blocks), its example folders' files, and
the files its commands name (`cat > app.py <<EOF` makes one)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from docktest import folders
from docktest.extract import markdown, markers
from docktest.suggest import closest

# Commands that bring files the page never shows: judging their sources would be guessing.
_FETCHES = re.compile(r"\bgit\s+clone\b|\bcurl\b[^\n]*\s-[a-zA-Z]*[oO]\b|\bwget\b|\bunzip\b|\btar\s+-?[a-z]*x")


_WORD = re.compile(r"[\w./-]+")


@dataclass(frozen=True)
class Context:
    """The files a page provides, relative to its working folder; None when the page gives nothing to judge by."""

    files: tuple[str, ...] | None
    commands: str = ""  # the page's shell code
    shown: str = ""  # where they come from, in words

    def provides(self, source: str) -> bool:
        """Whether a COPY/ADD source is among the files (a wildcard matching one will do); always, when unknowable."""
        if self.files is None or source.startswith("<<") or "$" in source or "://" in source or "@" in source:
            return True
        path = posixpath.normpath(source.lstrip("/"))
        if path in (".", "") or _named(path, self.commands):
            return True
        # the build's folder may be a folder of the page's working folder (`backend/Dockerfile`): any tail will do
        tails = {tail for name in self.files for tail in _tails(name)}
        return any(tail == path or tail.startswith(path + "/") or fnmatchcase(tail, path) for tail in tails)

    def closest(self, source: str) -> str | None:
        return closest(posixpath.normpath(source.lstrip("/")), list(self.files or ()), cutoff=0.75)

    def where(self) -> str:
        return f" ({self.shown})" if self.shown else ""


def page_context(path: str, page: markdown.Page) -> Context:
    """The page's files: named file blocks, and the files of the example folders its `workdir` markers name."""
    commands = "\n".join(snippet.code for snippet in page.snippets)
    names = [block.name for block in page.files if block.name]
    folder_files: list[str] = []
    workdirs = []
    for snippet in page.snippets:
        folder = markers.example_folder(snippet, Path(path).parent)
        if isinstance(folder, Path) and snippet.options["workdir"] not in workdirs:
            workdirs.append(snippet.options["workdir"])
            listing = folders.listing(folder, markers.docs_root(Path(path)))
            folder_files += [file.relative_to(folder).as_posix() for file in listing.files]
    if not (names or workdirs) or _FETCHES.search(commands):
        return Context(None)
    shown = "; ".join(part for part in (f"file blocks: {', '.join(names[:5])}{', …' if len(names) > 5 else ''}"
                                        if names else "", f"example folder {', '.join(workdirs)}" if workdirs else "")
                      if part)
    return Context(tuple(names + folder_files), commands, shown)


def _tails(name: str) -> list[str]:
    """`a/b/c.py` → a/b/c.py, b/c.py, c.py"""
    parts = posixpath.normpath(name).split("/")
    return ["/".join(parts[i:]) for i in range(len(parts))]


def _named(path: str, commands: str) -> bool:
    """Whether a command of the page names the path (or, for a wildcard, a path it matches) as a word: it writes,
    moves or makes it, most likely."""
    if any(char in path for char in "*?["):
        return any(fnmatchcase(word, path) for word in _WORD.findall(commands))
    return bool(commands) and re.search(rf"(?<![\w.-]){re.escape(path)}(?![\w.-])", commands) is not None
