"""What the checks say of a command's name the sandbox does not know: a real program it lacks (docktest.programs
knows which are real), a typo and what it may have meant, a flag or an image where bash reads a command."""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import cache

from docktest import programs
from docktest.check.image_names import on_a_registry
from docktest.extract import output_lines
from docktest.suggest import did_you_mean

SUGGESTIBLE = "\t+"  # a row's third column: did-you-mean may suggest the name
_PLATFORMS = {"windows": "a Windows program", "macos": "a macOS program", "powershell": "a PowerShell command",
              "freebsd": "a FreeBSD program", "zsh": "zsh's own command"}


def not_in_sandbox(name: str, where: str) -> str:
    """The note on a real program the sandbox does not have, said from where it comes."""
    kind, _, rest = where.partition(":")
    if kind == "alias":
        return (f"'{name}' is an alias a distribution's default ~/.bashrc defines (Ubuntu's) for `{rest}`: a script's "
                f"bash and the sandbox's have no such alias, so write `{rest}`")
    if kind in _PLATFORMS:
        advice = "tag the block `powershell`, or mark it `skip`" if kind == "powershell" else "mark the block `skip`"
        sandbox = "the page's bash" if kind == "zsh" else "the sandbox (Debian Linux)"
        return f"'{name}' is {_PLATFORMS[kind]}: {sandbox} cannot run it ({advice})"
    origin = {"deb": "Debian package", "npm": "npm package", "pypi": "PyPI package"}.get(kind)
    shown = f"{origin} {rest}" if origin else where
    return f"'{name}' is a real program but not in the sandbox ({shown}): the run fails unless the page installs it"


def an_image(name: str, source: bytes, row: int) -> bool:
    """Whether NAME, the program of row ROW of SOURCE, is an image on a registry where a command should be; a row
    that reads as output is none (`podman images`' table rows, kubectl's `kind.group/name created`)."""
    if not on_a_registry(name):
        return False
    line = source.split(b"\n")[row].decode("utf-8", "replace")
    return not output_lines.COLUMN_GAP.search(line) and not output_lines.log_line(line)


def unknown_command(name: str, close: str | None) -> str:
    """The error on a name that is no program: a flag that a line above lacking its `\\` left first, an image on a
    registry (`docker.io/rocker/rstudio R`: a path to bash), a typo with what it may have meant."""
    if name.startswith("-"):
        return (f"unknown command '{name}': a flag where bash reads a command (does the line above lack its `\\`, or "
                "have a space after it?)")
    if on_a_registry(name):
        return f"unknown command '{name}': an image, not a program (run it with `docker run`)"
    return f"unknown command '{name}'{did_you_mean(close)}"


@cache
def suggest(name: str, known: frozenset[str]) -> str | None:
    """The name, of the sandbox's (KNOWN) or a common real program, that NAME most likely misspells, or None.

    Near means one edit for names up to four letters, two for longer ones (a swap of neighbours is one edit); a
    name of one or two characters is one edit from too much to suggest anything. Of the nearest, the sandbox's own
    come first, then the same letters swapped (`gti`: `git` before `ti`), then the most alike (difflib)."""
    if len(name) < 3 or name.startswith("-"):  # no program's name starts with a dash
        return None
    limit = 1 if len(name) <= 4 else 2
    groups = _by_first_letter(known)
    candidates = set(groups.get(name[0], ())) | set(groups.get(name[1], ()))  # `dcoker`: a swap moves the first
    near = [(edits, candidate not in known, candidate) for candidate in candidates - {name}
            if (edits := _edits(name, candidate, limit)) <= limit]
    letters = sorted(name)
    best = min(near, default=None, key=lambda each: (each[0], each[1], sorted(each[2]) != letters,
                                                    -SequenceMatcher(None, name, each[2]).ratio(), each[2]))
    return best[2] if best else None


@cache
def _by_first_letter(known: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Did-you-mean's candidates, the sandbox's commands and the catalogue's suggestible names, by first letter."""
    groups: dict[str, list[str]] = {}
    suggestible = (row.split("\t", 1)[0] for row in programs.catalogue().rows if row.endswith(SUGGESTIBLE))
    for name in known.union(suggestible):
        groups.setdefault(name[:1], []).append(name)
    return {letter: tuple(names) for letter, names in groups.items()}


def _edits(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance of A and B (insert, delete, replace, swap neighbours: one each), or
    LIMIT + 1 as soon as it must be more than LIMIT."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        before, previous = previous, row
    return previous[-1]

