"""Which command names are real programs: bash's builtins and keywords, the sandbox images' executables, and the
catalogue of every program Debian ships and well-known ones outside it (data/programs.tsv.gz, made by
check/catalogue_sources)."""

from __future__ import annotations

import gzip
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from docktest.suggest import one_edit


@cache
def _word_list(name: str) -> frozenset[str]:
    text = resources.files("docktest").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def sandbox_commands() -> frozenset[str]:
    """Builtins, keywords and the sandbox images' executables: what a page can run as it is."""
    return _word_list("bash-builtins.txt") | _word_list("sandbox-commands.txt")


# What Windows runs by its extension (PATHEXT): a batch file, a program, a PowerShell script; no Linux shell runs them
_WINDOWS_EXTENSIONS = (".cmd", ".bat", ".exe", ".ps1")
_WINDOWS_SOURCE = "windows:https://learn.microsoft.com/windows-server/administration/windows-commands/cmd"
# Aliases a distribution's default ~/.bashrc defines (Ubuntu's /etc/skel/.bashrc: `alias ll='ls -alF'`): a reader's
# interactive shell knows them, a script's and the sandbox's do not; a page's `$ ll` is no typo
_DISTRIBUTION_ALIASES = {"ll": "alias:ls -alF"}
DATA_FILE = "programs.tsv.gz"
HEADER = "# Real program names for docktest's unknown-command rule; generated"


@dataclass(frozen=True)
class Catalogue:
    """The data file as read."""

    header: tuple[str, ...]  # where the names came from
    rows: list[str]  # "name<TAB>source[<TAB>+]", sorted by name (a tab sorts before any character of a name)


@cache
def catalogue() -> Catalogue:
    """The data file, read once: its rows stay text, looked up by bisection (a dict of 50,000 names costs more to
    build than a whole check of a small site)."""
    data = gzip.decompress(resources.files("docktest").joinpath("data", DATA_FILE).read_bytes()).decode()
    lines = data.splitlines()
    body = next(index for index, line in enumerate(lines) if not line.startswith("#"))
    return Catalogue(tuple(lines[:body]), lines[body:])


def source(name: str) -> str | None:
    """Where the real program NAME comes from (deb:PACKAGE, npm:PACKAGE, pypi:PACKAGE, an upstream URL, windows:URL,
    macos:URL, freebsd:URL, zsh:URL, powershell, alias:COMMAND), or None when no catalogue knows it."""
    rows = catalogue().rows
    key = f"{name}\t"
    at = bisect_left(rows, key)
    if at < len(rows) and rows[at].startswith(key):
        return rows[at].split("\t")[1]
    if name in _DISTRIBUTION_ALIASES:
        return _DISTRIBUTION_ALIASES[name]
    verb, _, noun = name.partition("-")
    if verb in _cmdlet_verbs() and noun[:1].isupper():
        return "powershell"  # Get-ChildItem: PowerShell cmdlets are Verb-Noun, both capitalised
    if name.lower().endswith(_WINDOWS_EXTENSIONS) and "/" not in name and len(name) > 4:
        return _WINDOWS_SOURCE  # shutdown.cmd, setup.exe: a Windows program by its extension
    return None


@cache
def _cmdlet_verbs() -> frozenset[str]:
    """The PowerShell verbs ("Get", "Set", …): the catalogue's "Get-*" rows."""
    return frozenset(row.split("-*\t", 1)[0] for row in catalogue().rows if "-*\t" in row)


def is_program(name: str) -> bool:
    """Whether NAME is a command a reader's shell may know (a line starting with it reads as a command)."""
    return name in sandbox_commands() or source(name) is not None



@lru_cache(maxsize=1024)  # the same words come back on every page; the catalogue does not change
def near_program(word: str) -> bool:
    """Whether WORD (three letters or more) is one typo from a real program's name (`gti`, `kubeclt`, `dokcer`):
    then a line starting with it is a command that fails, not prose."""
    if len(word) < 3:
        return False
    by_length = _starting_with(word[0])
    return any(one_edit(word, name) for size in (len(word) - 1, len(word), len(word) + 1)
               for name in by_length.get(size, ()))


@cache
def _starting_with(letter: str) -> dict[int, tuple[str, ...]]:
    """The catalogue's and the sandbox's program names that start with LETTER, by length (one edit changes a name's
    length by one at most), read once per letter."""
    rows = catalogue().rows
    start = bisect_left(rows, letter)
    end = bisect_left(rows, chr(ord(letter) + 1), start)
    by_length: dict[int, list[str]] = {}
    for name in {row.split("\t", 1)[0] for row in rows[start:end]} | {
            name for name in sandbox_commands() if name[:1] == letter}:
        by_length.setdefault(len(name), []).append(name)
    return {size: tuple(names) for size, names in by_length.items()}
