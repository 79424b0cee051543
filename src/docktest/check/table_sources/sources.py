"""Where each product's commands are read: its repository, release tags, reference pages and Go sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MIRRORS = Path("/work/.mirror")
# Docker Desktop's plugins that have no public repository: their reference YAML from docker/docs, trimmed
DESKTOP_PLUGINS = Path(__file__).with_name("desktop_plugins.yaml")


@dataclass(frozen=True)
class Source:
    """One product: PRODUCT names it in availabilities ("cli 17.06-"), NAME in messages ("Docker")."""

    product: str
    name: str
    repo: str  # owner/name on GitHub
    licence: str
    tags: str  # release tag pattern; groups: major, minor, patch
    docs: tuple[str, ...]  # the reference folder, by where it was over time (the first present is read)
    page_suffix: str  # ".md" (Markdown pages, named after the command), ".yaml" (reference YAML), ".go" (cobra)
    go: tuple[str, ...] = ()  # Go sources with hidden flags, likewise
    first: tuple[int, int] = (0, 0)  # the first minor release read
    discontinued: str = ""  # why no release is made any more
    unpaged: tuple[str, ...] = ()  # command groups its Go sources define (a folder under GO each) but no page documents

    def git_dir(self, mirrors: Path) -> Path:
        return mirrors / self.repo.replace("/", "+") / "repo"


SOURCES = (
    Source("cli", "Docker", "docker/cli", "Apache-2.0", r"v(\d+)\.(\d+)\.(\d+)(?:-ce)?",
           ("docs/reference/commandline", "components/cli/docs/reference/commandline"), ".md",
           ("cli/command", "components/cli/cli/command"),
           # `docker engine` (18.09-19.03: Docker Engine - Enterprise's activate, check, update) had no reference page
           unpaged=("engine",)),
    Source("buildx", "Docker Buildx", "docker/buildx", "Apache-2.0", r"v(\d+)\.(\d+)\.(\d+)",
           ("docs/reference",), ".md", ("commands",)),
    Source("compose", "Docker Compose", "docker/compose", "Apache-2.0", r"v(\d+)\.(\d+)\.(\d+)",
           ("docs/reference",), ".yaml", first=(2, 0)),
    Source("scout", "the Docker Scout plugin (docker-scout)", "docker/scout-cli",
           "Docker Subscription Service Agreement (only command and flag names are recorded)",
           r"v(\d+)\.(\d+)\.(\d+)", ("docs",), ".yaml"),
    Source("model", "the Docker Model Runner plugin (docker-model)", "docker/model-runner", "Apache-2.0",
           r"cmd/cli/v(\d+)\.(\d+)\.(\d+)", ("cmd/cli/docs/reference", "docs/reference"), ".yaml"),
    # no reference pages: the command and its flags as its Go source defines them
    Source("scan", "the docker-scan plugin", "docker/scan-cli-plugin", "Apache-2.0", r"v(\d+)\.(\d+)\.(\d+)",
           ("cmd/docker-scan",), ".go", discontinued="Docker Scout replaced it in 2023"),
)
# buildx is `docker build` (and `docker image build`, `docker builder build`) since Docker 23.0, and `docker bake`
# since 28: their flags are buildx's, though the commands' own availability stays docker/cli's
BUILDX_SERVES = {("buildx", "build"): (("build",), ("image", "build"), ("builder", "build")),
                 ("buildx", "bake"): (("bake",),)}
# Pages in docker/cli's reference folder that are no command, and those that are `docker` itself
NOT_COMMANDS = {"dockerd", "index", "README"}
ROOT_PAGES = {"cli", "docker"}
