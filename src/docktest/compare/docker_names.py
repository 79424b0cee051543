"""The names Docker gives containers it names itself (adjective_surname), from moby's own lists; and how they are made.

    python -m docktest.compare.docker_names /path/to/a/moby/git/dir

rewrites data/docker-names.json from the namesgenerator source of every release of moby/moby and its newest commit:
a transcript pasted from an old Docker shows names from the lists of its day (`berserk_einstein`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from docktest import data_files
from docktest.data_files import git

DATA = "docker-names.json"
# Where the lists have lived in moby's tree, newest first.
SOURCES = ("internal/namesgenerator/names-generator.go", "pkg/namesgenerator/names-generator.go",
           "namesgenerator/names-generator.go")
_RELEASE = re.compile(r"v\d+\.\d+\.\d+")
FIRST = (0, 7, 0)  # the first release with these lists: Docker 0.6 named containers by colour and animal (`pink_cat`)
_LIST = re.compile(r"\b(left|right)\s*=\s*\[\.\.\.\]string\s*\{([^}]*)\}")


@cache
def name_lists() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(adjectives, surnames) as shipped in data/docker-names.json."""
    data = data_files.read(DATA)
    return tuple(data["adjectives"]), tuple(data["surnames"])


def parse(go_source: str) -> tuple[list[str], list[str]]:
    """The `left` (adjectives) and `right` (surnames) lists of a names-generator.go, comments left out."""
    code = re.sub(r"//[^\n]*", "", go_source)  # the comments quote people; the lists' words hold no slash
    found = {side: re.findall(r'"([a-z]+)"', body) for side, body in _LIST.findall(code)}
    if not (found.get("left") and found.get("right")):
        raise ValueError("no left and right lists in this names-generator.go")
    return found["left"], found["right"]


def from_repository(repo: Path) -> dict:
    """The lists of every release tag and of HEAD of a moby git dir, together, with where they came from."""
    head = git(repo, "rev-parse", "HEAD").strip()
    releases = sorted((tag for tag in git(repo, "tag").split() if _RELEASE.fullmatch(tag) and _version(tag) >= FIRST),
                      key=_version)
    adjectives: set[str] = set()
    surnames: set[str] = set()
    read = []
    for revision in [*releases, head]:
        files = set(git(repo, "ls-tree", "-r", "--name-only", revision).split())
        path = next(source for source in SOURCES if source in files)
        left, right = parse(git(repo, "show", f"{revision}:{path}"))
        adjectives.update(left)
        surnames.update(right)
        read.append(revision)
    return {
        "source": {
            "repository": "https://github.com/moby/moby",
            "licence": "Apache-2.0",
            "files": list(SOURCES),
            "commit": head,
            "date": git(repo, "show", "-s", "--format=%cs", head).strip(),
            "read": f"{read[0]} to {read[-2]} ({len(read) - 1} releases) and the commit above",
        },
        "adjectives": sorted(adjectives),
        "surnames": sorted(surnames),
    }


def _version(tag: str) -> tuple[int, ...]:
    return tuple(int(part) for part in tag[1:].split("."))


if __name__ == "__main__":
    data_files.regenerate(DATA, from_repository, lambda data: f"{len(data['adjectives'])} adjectives, "
                          f"{len(data['surnames'])} surnames ({data['source']['read']})")
