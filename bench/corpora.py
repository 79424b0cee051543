"""Materialise the real-Markdown corpora of bench/corpora.json from snapshot git dirs of their repositories.

    .venv/bin/python bench/corpora.py [--mirrors /work/.mirror] [--out /work/corpora] [NAME ...]

Each source in corpora.json names a public repository, the commit taken, its licence (SPDX id) and the
paths taken (globs, `**` for any folders). The Markdown itself is never committed: this script writes it to
OUT/<corpus>/<owner>+<name>/<path> from the git dir MIRRORS/<owner>+<name>/repo (a bare clone or a
snapshot), with `git archive <commit> -- <paths>`; a source's `require` regex keeps only the files whose
text matches it (for note repositories where Docker is one topic among many). A source's `settings` is the
`[tool.docktest]` table its site would write to adopt docktest (its own CLIs as `known-commands`), written to
OUT/<corpus>/<owner>+<name>/pyproject.toml unless --no-settings: `docktest check` reads it there as it would in
the site's repository. A source whose snapshot
or commit is absent is skipped, and the script says which and how to fetch it; it exits 1 if anything
was missing.
See bench/corpora/README.md for the sources and their licences.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

SPEC = Path(__file__).resolve().parent / "corpora.json"
DEFAULT_MIRRORS = Path("/work/.mirror")
DEFAULT_OUT = Path("/work/corpora")


@dataclass(frozen=True)
class Source:
    corpus: str
    repo: str  # owner/name on GitHub
    commit: str
    license: str  # SPDX id
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    require: str | None = None  # a regex (multiline) a file's text must match to be taken
    settings: dict | None = None  # the `[tool.docktest]` table the site would write (lists of names only)

    @property
    def folder(self) -> str:
        return self.repo.replace("/", "+")


def load(spec: Path = SPEC) -> dict[str, list[Source]]:
    """Corpus name → its sources, in the file's order."""
    data = json.loads(spec.read_text(encoding="utf-8"))
    return {name: [Source(name, s["repo"], s["commit"], s["license"], tuple(s["include"]), tuple(s.get("exclude", ())),
                          s.get("require"), s.get("settings"))
                   for s in corpus["sources"]]
            for name, corpus in data["corpora"].items()}


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: `**/` any folders (none too), `*` any name part, `?` one character."""
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", pattern)
    wildcard = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(wildcard.get(part, re.escape(part)) for part in parts) + r"\Z")


def selected(paths: list[str], source: Source) -> list[str]:
    include = [glob_regex(p) for p in source.include]
    exclude = [glob_regex(p) for p in source.exclude]
    return [p for p in paths if any(r.match(p) for r in include) and not any(r.match(p) for r in exclude)]


def git_dir(mirrors: Path, source: Source) -> Path:
    return mirrors / source.folder / "repo"


def missing(mirrors: Path, source: Source) -> str | None:
    """Why this source cannot be materialised from MIRRORS, with how to fetch it; None when it can."""
    where = git_dir(mirrors, source)
    if not (where / "HEAD").is_file() and not (where / ".git" / "HEAD").is_file():
        return (f"{source.corpus}: {source.repo}: no snapshot at {where}; fetch one (the session's `fetch` tool with "
                f"github:{source.repo}, or `git clone --bare https://github.com/{source.repo} {where}`)")
    probe = subprocess.run(["git", "-C", str(where), "cat-file", "-e", f"{source.commit}^{{commit}}"],
                           check=False, capture_output=True, text=True)
    if probe.returncode:
        return (f"{source.corpus}: {source.repo}: {where} lacks commit {source.commit}; "
                f"`git -C {where} fetch https://github.com/{source.repo} {source.commit}`")
    return None


def materialise_source(mirrors: Path, source: Source, into: Path) -> int:
    """Write the source's selected files under INTO/<owner>+<name>/; return how many."""
    where = str(git_dir(mirrors, source))
    listing = subprocess.run(["git", "-C", where, "ls-tree", "-r", "--name-only", "-z", source.commit],
                             capture_output=True, check=True).stdout.decode("utf-8", "surrogateescape")
    paths = selected([p for p in listing.split("\0") if p], source)
    if not paths:
        return 0
    archive = subprocess.run(["git", "-C", where, "archive", "--format=tar", source.commit, "--", *paths],
                             capture_output=True, check=True).stdout
    target = into / source.folder
    require = re.compile(source.require, re.MULTILINE) if source.require else None
    written = 0
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            data = tar.extractfile(member).read() if member.isfile() else None
            if data is None or require and not require.search(data.decode("utf-8", "replace")):
                continue
            path = target / member.name  # names come from the commit's tree: no absolute or '..' parts
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written += 1
    return written


def site_settings(settings: dict) -> str:
    """SETTINGS as the site's pyproject.toml: a `[tool.docktest]` table of lists of names (JSON strings are TOML's)."""
    rows = [f"{key} = [{', '.join(json.dumps(name) for name in names)}]" for key, names in settings.items()]
    return "[tool.docktest]\n" + "".join(row + "\n" for row in rows)


def materialise(corpora: dict[str, list[Source]], mirrors: Path, out: Path, settings: bool = True) -> list[str]:
    """Rewrite OUT/<corpus>/ for each corpus (with each source's site SETTINGS); print what each source gave;
    return what was missing."""
    problems = []
    for name, sources in corpora.items():
        into = out / name
        shutil.rmtree(into, ignore_errors=True)
        into.mkdir(parents=True)
        taken = []
        for source in sources:
            problem = missing(mirrors, source)
            if problem:
                problems.append(problem)
                continue
            count = materialise_source(mirrors, source, into)
            if settings and source.settings:
                (into / source.folder / "pyproject.toml").write_text(site_settings(source.settings), encoding="utf-8")
                print(f"{name}: {source.repo}: the site's settings {json.dumps(source.settings)}")
            taken.append({"repo": source.repo, "commit": source.commit, "license": source.license, "files": count})
            print(f"{name}: {source.repo}@{source.commit[:12]} ({source.license}): {count} files")
        (into / "SOURCES.json").write_text(json.dumps(taken, indent=2) + "\n", encoding="utf-8")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="corpora to write (default: all)")
    parser.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS,
                        help="folder of <owner>+<name>/repo git dirs (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the corpora go (default: %(default)s)")
    parser.add_argument("--no-settings", action="store_true",
                        help="write no source's [tool.docktest] settings: the figures of a site that configured nothing")
    args = parser.parse_args(argv)
    corpora = load()
    unknown = [n for n in args.names if n not in corpora]
    if unknown:
        parser.error(f"unknown corpus {', '.join(unknown)}; choose from {', '.join(corpora)}")
    problems = materialise({n: s for n, s in corpora.items() if not args.names or n in args.names},
                           args.mirrors, args.out, not args.no_settings)
    for problem in problems:
        print(f"missing: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
