"""Single-name images a page runs: Docker's official ones (a shipped list, and how it is made), made ones, and typos.

    python -m docktest.check.image_names /path/to/a/docker-library/official-images/git/dir

rewrites data/official-images.json: the names in its `library/` folder (Docker Hub's official images), and the
names that were once there (retired ones such as `centos` and `java`, still pulled by older lessons).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from docktest import data_files
from docktest.check import docker_args
from docktest.check.docker_versions import Releases
from docktest.check.references import COMPONENT, reference_problem
from docktest.data_files import git
from docktest.extract.not_shell import REGISTRY_IMAGE

DATA = "official-images.json"
# A repository name without a namespace or registry, as Docker accepts it (`hello-world`, `rocket.chat`).
_SINGLE_NAME = re.compile(COMPONENT)
# An image name with a namespace (`jpetazzo/clock`, `localhost:5000/app:1.0`), not a path (`./app`, `/usr/bin`).
_NAMESPACED = re.compile(r"(?<![\w./:~$-])((?:[a-z0-9][a-z0-9._-]*/)+[a-z0-9][a-z0-9._-]*)(?![\w/])")
# Commands (after `docker`) that read an image from their first positional argument, and where the others make one.
_USES = {("run",), ("create",), ("pull",), ("container", "run"), ("container", "create"), ("image", "pull")}
_MAKES = {("tag",): 1, ("image", "tag"): 1, ("commit",): 1, ("container", "commit"): 1, ("import",): 1,
          ("image", "import"): 1}  # the positional that names the new image
_BUILDS = {("build",), ("image", "build"), ("buildx", "build"), ("builder", "build")}
_LOADS = {("load",), ("image", "load")}  # an archive's images: any name may exist afterwards


def shown_parts(codes: Iterable[str]) -> frozenset[str]:
    """The words of the image names with a namespace that CODES show (`jpetazzo/clock`: jpetazzo and clock): a page
    that names an image may show its parts alone."""
    return frozenset(part for code in codes for found in _NAMESPACED.finditer(code) for part in found.group(1).split("/"))


def on_a_registry(word: str) -> bool:
    """Whether WORD names an image on a registry (a host before its first `/`): an image, never a program's path."""
    return REGISTRY_IMAGE.fullmatch(word) is not None


@cache
def official_images() -> frozenset[str]:
    """Official images' names, current and retired, as shipped in data/official-images.json."""
    data = data_files.read(DATA)
    return frozenset(data["images"]) | frozenset(data["retired"])


@dataclass(frozen=True)
class ImageUse:
    """What one `docker ARGS…` does with images, as docker reads ARGS (literal words; None where one expands)."""

    used_at: int | None = None  # the index in ARGS of the image a run, create or pull uses (pulled when missing)
    runs: bool = False  # run or create: what follows the image is the container's command, not docker's flags
    made: tuple[str | None, ...] = ()  # the names it makes an image under (build -t, tag, commit, import)
    loads: bool = False  # `docker load`: an archive's images, under any names

    def used(self, args: list[str | None]) -> str | None:
        return args[self.used_at] if self.used_at is not None else None


def image_use(tree: dict, args: list[str | None], releases: Releases | None = None) -> ImageUse | None:
    """How `docker ARGS…` uses and makes images; None when docker would reject it or its command expands at run
    time. Shared by the image-name check and the runner (which images a page needs, which it made itself)."""
    parsed = docker_args.parse(tree, args, releases)
    if parsed.problem or parsed.computed:
        return None
    command = parsed.path[1:]
    if command in _LOADS:
        return ImageUse(loads=True)
    if command in _BUILDS:
        return ImageUse(made=tuple(_tags(args)))
    if command in _MAKES:
        positionals = parsed.positional_at
        return ImageUse(made=(args[positionals[_MAKES[command]]],) if len(positionals) > _MAKES[command] else ())
    if command in _USES:
        positionals = parsed.positional_at
        return ImageUse(used_at=positionals[0] if positionals else None, runs=command[-1] in ("run", "create"))
    return ImageUse()


class PageImages:
    """The page's docker commands in order: the images they make, and the names they use that look like typos."""

    def __init__(self, tree: dict, releases: Releases | None) -> None:
        self.tree, self.releases = tree, releases  # how docker reads a command line (see docker_args.parse)
        self.made: set[str] = set()
        self.loaded = False  # after `docker load` nothing can be told apart from a typo

    def read(self, args: list[str | None]) -> list[tuple[int, str, str, str | None]]:
        """Take in `docker ARGS…`; for an image name docker refuses or one that looks like a typo, and for docker's
        flags written after the image: (its index in ARGS, rule, message, suggestion) each."""
        use = image_use(self.tree, args, self.releases)
        if use is None:
            return []  # the docker rule says what is wrong
        self.loaded |= use.loads
        self.made |= {_repository(name) for name in use.made}
        used = use.used(args)
        if use.used_at is None or used is None:
            return []
        if refused := reference_problem(used):
            return [(use.used_at, "docker-usage", refused, None)]
        found = []
        if use.runs and (late := _flag_after_image(args, use.used_at)) is not None:
            found.append((late, "flag-after-image", f"'{args[late]}' after the image '{used}' goes to the container's "
                          "command, not to docker: put docker's flags before the image", None))
        name = _repository(used)
        if not self.loaded and name and _SINGLE_NAME.fullmatch(name) and name not in official_images() \
                and name not in self.made and (suggestion := _nearest_official(name)):
            found.append((use.used_at, "image-name", f"image '{name}' is neither an official Docker Hub image nor "
                          f"made earlier on this page (did you mean '{suggestion}'?)", suggestion))
        return found


_VOLUME = re.compile(r"(?![a-z][a-z0-9+.-]*://)\S+:/\S*")  # `data:/data`, not a URL (`curl -v http://x`)
# docker run's flags no image's program reads the same way, as written right after the image (`mariadb -e
# MARIADB_ROOT_PASSWORD=secret`): an environment setting, a published port, a volume, the container's name
_SETTING = re.compile(r"[A-Z_][A-Z0-9_]*=.*")
_PORTS = re.compile(r"(?:[\d.]+:)?\d+:\d+(?:/(?:tcp|udp))?")
_ANY = re.compile(r"\S+")
_DOCKER_FLAG_VALUES = {"-e": _SETTING, "--env": _SETTING, "-p": _PORTS, "--publish": _PORTS, "-v": _VOLUME,
                       "--volume": _VOLUME, "--name": _ANY, "--network": _ANY,
                       "--restart": re.compile(r"no|always|on-failure(?::\d+)?|unless-stopped")}
_DOCKER_FLAGS = frozenset({"--rm", "--detach", "--interactive", "--tty"})


def _flag_after_image(args: list[str | None], image: int) -> int | None:
    """The index of docker run's first flag written among the words right after the IMAGE (before the container's
    command, if any), which docker passes to the container instead; None when there is none."""
    index = image + 1
    while index < len(args) and (word := args[index]) is not None and word.startswith("-"):
        flag, _, value = word.partition("=")
        given = value if value else (args[index + 1] if index + 1 < len(args) else None)
        if word in _DOCKER_FLAGS or flag in _DOCKER_FLAG_VALUES and given is not None \
                and _DOCKER_FLAG_VALUES[flag].fullmatch(given):
            return index
        index += 1 if value or flag not in _DOCKER_FLAG_VALUES else 2
    return None


def _tags(args: list[str | None]) -> list[str | None]:
    """The values of a build's `-t`/`--tag` flags."""
    values = []
    for index, arg in enumerate(args):
        if arg in ("-t", "--tag") and index + 1 < len(args):
            values.append(args[index + 1])
        elif arg and arg.startswith("--tag="):
            values.append(arg.split("=", 1)[1])
    return values


def _repository(reference: str | None) -> str | None:
    """`nginx:1.27@sha256:…` → `nginx`; `localhost:5000/app` stays whole (a port is no tag); None stays None."""
    if reference is None:
        return None
    name = reference.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return name[:len(name) - len(last)] + last.split(":", 1)[0]


@cache
def _nearest_official(name: str) -> str | None:
    """The official image a typo of NAME would be: one edit away (two for longer names), nearest first."""
    limit = 1 if len(name) <= 7 else 2
    near = sorted((_edits(name, official, limit), official) for official in official_images())
    return near[0][1] if near and near[0][0] <= limit else None


def _edits(a: str, b: str, limit: int) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours turning A into B (limit + 1 when more)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, row = None, list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (char != other))
            if before is not None and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit and min(row) > limit:
            return limit + 1  # every later cell is at least the least of the last two rows: B is out of reach
        before, row = row, current
    return min(row[-1], limit + 1)


def from_repository(repo: Path) -> dict:
    """Official images' names from a docker-library/official-images git dir: `library/` now, and ever."""
    head = git(repo, "rev-parse", "HEAD").strip()
    current = {path.removeprefix("library/") for path in git(repo, "ls-tree", "--name-only", head, "library/").split()}
    ever = {path.removeprefix("library/")
            for path in git(repo, "log", "--format=", "--name-only", "--diff-filter=A", head, "--", "library/").split()}
    return {
        "source": {
            "repository": "https://github.com/docker-library/official-images",
            "licence": "Apache-2.0",
            "folder": "library/",
            "commit": head,
            "date": git(repo, "show", "-s", "--format=%cs", head).strip(),
        },
        "images": sorted(name for name in current if _SINGLE_NAME.fullmatch(name)),
        "retired": sorted(name for name in ever - current if _SINGLE_NAME.fullmatch(name)),
    }


if __name__ == "__main__":
    data_files.regenerate(DATA, from_repository, lambda data: f"{len(data['images'])} images, "
                          f"{len(data['retired'])} retired ({data['source']['commit'][:12]}, {data['source']['date']})")
