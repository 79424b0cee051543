"""Maintainer script: regenerate data/programs.tsv.gz, the catalogue of real program names, from its real sources.

    python -m docktest.check.catalogue_sources    # on Debian, as root: needs apt-helper, npm, pip and the registries
    python -m docktest.check.catalogue_sources --hand-list    # only the hand list's names changed: nothing fetched

The sources: Debian's Contents indexes (every file of every package in main; the names in bin/sbin folders are
programs) and Packages indexes (each package's Priority, to pick the package a hint names), the npm registry (each
listed package's `bin`), PyPI (each listed package's wheel scripts) and data/programs-by-hand.tsv (what no index
shows, each row with its upstream source). The file's header records what was read, with sizes and checksums:
the index files are fetched as files, not through `apt-get update`, whose check against the suite's Release file
fails while a mirror syncs (as it did here for trixie's Contents). See check/catalogue.py for how they are used.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from os.path import commonprefix
from pathlib import Path

from docktest import programs
from docktest.check import catalogue

MIRROR = "http://deb.debian.org/debian"
SUITES = ("trixie", "bookworm")  # the sandbox's Debian first: where a program's package was renamed, its name wins
ARCHITECTURES = ("amd64", "all")
HAND_LIST = Path(__file__).resolve().parents[1] / "data" / "programs-by-hand.tsv"
_PROGRAM_DIRS = frozenset({"bin", "sbin", "usr/bin", "usr/sbin", "usr/games"})
_PRIORITIES = ("required", "important", "standard", "optional", "extra")
_TYPABLE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+@:-]*")  # a name one types unquoted as a command word
# A program that some package ships a shell completion for is one people type: did-you-mean may suggest it.
_COMPLETION_DIRS = ("usr/share/bash-completion/completions/", "usr/share/zsh/vendor-completions/_",
                    "usr/share/fish/vendor_completions.d/")


@dataclass
class Suite:
    """What a Debian suite's indexes say about programs: each one's packages, which ones have a shell completion
    (Contents), and each package's priority (Packages)."""

    packages: dict[str, set[str]] = field(default_factory=dict)
    completed: set[str] = field(default_factory=set)
    priorities: dict[str, str] = field(default_factory=dict)  # package → Priority, from the suite's Packages index

    def add(self, other: Suite) -> None:
        for name, packages in other.packages.items():
            self.packages.setdefault(name, set()).update(packages)
        self.completed |= other.completed


def parse_contents(lines: Iterable[str]) -> Suite:
    """A Contents index's lines ("usr/bin/git   vcs/git,vcs/git-man") → programs and their packages."""
    found = Suite()
    for line in lines:
        path, _, owners = line.rstrip("\n").rpartition(" ")
        path = path.rstrip()
        if not path or not owners:
            continue
        folder, _, name = path.rpartition("/")
        if folder in _PROGRAM_DIRS and _TYPABLE.fullmatch(name):
            found.packages.setdefault(name, set()).update(owner.rsplit("/", 1)[-1] for owner in owners.split(","))
        elif path.startswith(_COMPLETION_DIRS):
            found.completed.add(name.removeprefix("_").removesuffix(".fish").removesuffix(".bash"))
    return found


def fetch(url: str, into: Path) -> Path:
    """URL downloaded with apt's own helper (the Debian registry, as apt reaches it)."""
    target = into / url.rsplit("/", 3)[-3] / url.rsplit("/", 1)[-1]  # <suite>/<file>
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["/usr/lib/apt/apt-helper", "-o", "APT::Sandbox::User=root", "download-file", url, str(target)],
                   check=True, capture_output=True, timeout=900)
    return target


def described(url: str, path: Path) -> str:
    data = path.read_bytes()
    return f"{url} ({len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()})"


def parse_priorities(lines: Iterable[str]) -> dict[str, str]:
    """A Packages index's lines → each package's Priority (required, important, standard, optional, extra)."""
    priorities, package = {}, ""
    for line in lines:
        if line.startswith("Package: "):
            package = line[len("Package: "):].strip()
        elif line.startswith("Priority: "):
            priorities[package] = line[len("Priority: "):].strip()
    return priorities


def debian(into: Path) -> tuple[list[Suite], list[str]]:
    """Each suite's Contents (amd64 and all) and packages' priorities, and a line of provenance per file read."""
    suites, provenance = [], []
    for suite in SUITES:
        read = Suite()
        url = f"{MIRROR}/dists/{suite}/main/binary-amd64/Packages.gz"
        path = fetch(url, into)
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as lines:
            read.priorities = parse_priorities(lines)
        provenance.append(f"Debian {suite} main: {described(url, path)}")
        for architecture in ARCHITECTURES:
            url = f"{MIRROR}/dists/{suite}/main/Contents-{architecture}.gz"
            path = fetch(url, into)
            with gzip.open(path, "rt", encoding="utf-8", errors="replace") as lines:
                read.add(parse_contents(lines))
            provenance.append(f"Debian {suite} main: {described(url, path)}")
        suites.append(read)
    return suites, provenance


def npm_bins(package: str) -> tuple[str, list[str]]:
    """(version, executable names) of an npm package, as the registry declares them (`npm view PACKAGE bin`)."""
    shown = json.loads(subprocess.run(["npm", "view", package, "version", "bin", "--json"], check=True,
                                      capture_output=True, text=True, timeout=120).stdout)
    declared = shown.get("bin") or {}
    names = [package.rsplit("/", 1)[-1]] if isinstance(declared, str) else sorted(declared)
    return shown["version"], names


def pypi_scripts(package: str, into: Path) -> tuple[str, list[str]]:
    """(wheel file, executable names) of a PyPI package: its console scripts and the scripts its wheel installs."""
    folder = into / "pypi" / package
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    "--dest", str(folder), package], check=True, capture_output=True, timeout=600)
    (wheel,) = folder.glob("*.whl")
    names = set()
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if member.endswith(".dist-info/entry_points.txt"):
                names |= set(_console_scripts(archive.read(member).decode()))
            elif ".data/scripts/" in member:
                names.add(member.rsplit("/", 1)[-1])
    return wheel.name, sorted(names)


def _console_scripts(entry_points: str) -> Iterator[str]:
    section = ""
    for line in entry_points.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[console_scripts]" and "=" in line:
            yield line.split("=", 1)[0].strip()


def hand_rows(text: str) -> list[tuple[str, str]]:
    """(name, source) rows of programs-by-hand.tsv; comments and blank lines skipped."""
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, source = line.split("\t")
            rows.append((name, source))
    return rows


def debian_package(name: str, packages: set[str], priorities: dict[str, str]) -> str:
    """The package a hint names: the one named like the program, else the most basic (by Debian's Priority:
    `reboot` is systemd-sysv's before finit-sysv's), else the one named most like it (`go`: golang-go), else the
    shortest name."""
    def rank(package: str) -> tuple:
        shared = len(commonprefix([name, package]))
        return package != name, _PRIORITIES.index(priorities.get(package, "extra")), -shared, len(package), package
    return min(packages, key=rank)


def merge(suites: list[Suite], registry: dict[str, str], by_hand: dict[str, str]) -> dict[str, tuple[str, bool]]:
    """name → (source, suggestible). By hand wins (it names what the word means in Docker pages: `act`, `tilt`),
    then the registries' packages, then Debian, the sandbox's suite first."""
    entries: dict[str, tuple[str, bool]] = {}
    for suite in reversed(suites):
        for name, packages in suite.packages.items():
            entries[name] = (f"deb:{debian_package(name, packages, suite.priorities)}", name in suite.completed)
    for name, source in {**registry, **by_hand}.items():
        entries[name] = (source, not name.endswith("-*"))  # a cmdlet verb is no name to suggest
    return entries


def render(entries: dict[str, tuple[str, bool]], provenance: list[str]) -> str:
    header = [f"{programs.HEADER} {date.today().isoformat()} by `python -m docktest.check.catalogue_sources`; "
              "do not edit.",
              "# Columns: name, source (deb:PACKAGE, npm:PACKAGE, pypi:PACKAGE, an upstream URL, windows:URL, "
              "macos:URL, freebsd:URL, zsh:URL, powershell for a Verb-* cmdlet), + when did-you-mean may suggest it.",
              *(f"# {line}" for line in provenance)]
    rows = (f"{name}\t{source}{catalogue.SUGGESTIBLE if suggestible else ''}"
            for name, (source, suggestible) in sorted(entries.items()))
    return "\n".join([*header, *rows]) + "\n"


_READ_ON = " as read on "


def remerge(current: str, by_hand: dict[str, str]) -> str:
    """The catalogue CURRENT (its text) with the hand list's rows BY_HAND merged in as `merge` would (by hand wins);
    the Debian and registry rows and what they were read from stay as they are, so a row added by hand needs no
    fetch. A row taken out of the hand list stays until the next full run."""
    lines = current.splitlines()
    header = [line for line in lines if line.startswith("#")]
    entries: dict[str, tuple[str, bool]] = {}
    for row in lines[len(header):]:
        name, source, *suggestible = row.split("\t")
        entries[name] = (source, bool(suggestible))
    entries.update((name, (source, not name.endswith("-*"))) for name, source in by_hand.items())
    earlier = [line.rpartition(_READ_ON)[2] for line in header if _READ_ON in line]  # a --hand-list run before
    read_on = earlier[0] if earlier else header[0].removeprefix(programs.HEADER).split()[0]
    provenance = [line.removeprefix("# ") for line in header[2:] if not line.startswith("# by hand:")]
    return render(entries, [*provenance, f"by hand: data/programs-by-hand.tsv, {len(by_hand)} rows (each with its "
                                         f"source); merged with --hand-list into the rows above{_READ_ON}{read_on}"])


def main() -> None:
    if sys.argv[1:] == ["--hand-list"]:
        out = Path(__file__).resolve().parents[1] / "data" / programs.DATA_FILE
        by_hand = {name: source for name, source in hand_rows(HAND_LIST.read_text(encoding="utf-8")) if name != "*"}
        text = remerge(gzip.decompress(out.read_bytes()).decode(), by_hand)
        out.write_bytes(gzip.compress(text.encode(), mtime=0))
        print(f"wrote {out}: hand list merged, nothing fetched")
        return
    with tempfile.TemporaryDirectory() as scratch:
        into = Path(scratch)
        suites, provenance = debian(into)
        registry: dict[str, str] = {}
        by_hand: dict[str, str] = {}
        for name, source in hand_rows(HAND_LIST.read_text(encoding="utf-8")):
            kind, _, package = source.partition(":")
            if name == "*" and kind == "npm":
                version, names = npm_bins(package)
                provenance.append(f"npm registry: {package} {version} bin: {' '.join(names)}")
            elif name == "*" and kind == "pypi":
                wheel, names = pypi_scripts(package, into)
                provenance.append(f"PyPI: {wheel} scripts: {' '.join(names)}")
            else:
                by_hand[name] = source
                continue
            registry.update((each, source) for each in names)
        provenance.append(f"by hand: data/programs-by-hand.tsv, {len(by_hand)} rows (each with its source)")
        entries = merge(suites, registry, by_hand)
    out = Path(__file__).resolve().parents[1] / "data" / programs.DATA_FILE
    out.write_bytes(gzip.compress(render(entries, provenance).encode(), mtime=0))
    print(f"wrote {out}: {len(entries)} programs")


if __name__ == "__main__":
    main()
