"""Maintainer script: the package's data files, read from the sandbox image itself: its executables and its docker CLI's
commands. `python -m docktest.sandbox.tables` builds the offline images that are missing, then rewrites them."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from docktest import config
from docktest.check import docker_cli, docker_table
from docktest.model import SandboxError
from docktest.sandbox import images
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.owners import owner_labels


def _data_file(name: str) -> Path:
    return Path(str(resources.files("docktest") / "data" / name))


def sandbox_commands(docker: HostDocker, dind_image: str) -> list[str]:
    """Every executable name on the PATH of the sandbox's shell (the static check's list of known commands)."""
    listing = ('IFS=:; for d in $PATH; do for f in "$d"/*; do '
               '[ -x "$f" ] && [ ! -d "$f" ] && echo "${f##*/}"; done; done')
    listed = docker.run("run", "--rm", "--entrypoint", "bash", dind_image, "-c", listing, check=True)
    return sorted(set(listed.stdout.split()))


def docker_commands(docker: HostDocker, dind_image: str) -> dict:
    """The docker command table: the tree of the image's own docker CLI, buildx and Compose, with their versions."""
    container = docker.run("run", "-d", "--rm", *owner_labels(), "--entrypoint", "sleep", dind_image, "infinity",
                           check=True).stdout.strip()
    try:
        cli = docker.argv("exec", "-e", "COLUMNS=200", "-e", "DOCKER_CLI_HINTS=false", container, "docker")
        return {"format": docker_cli.FORMAT, "image": dind_image, "versions": binary_versions(cli),
                "tree": docker_cli.read_tree(cli)}
    finally:
        docker.run("rm", "-f", container)


def binary_versions(cli: list[str]) -> dict[str, str]:
    """What the client and its two plugins say their versions are ("26.1.5+dfsg1", "0.13.1+ds1", "2.26.1-4")."""
    buildx = re.search(r"buildx v?(\S+)", docker_cli.ask([*cli, "buildx", "version"]))
    compose = docker_cli.ask([*cli, "compose", "version", "--short"]).strip()
    if not (buildx and compose):
        raise SandboxError("the image's docker has no buildx or compose plugin")
    return {"docker-cli": docker_cli.client_version(cli), "docker-buildx": buildx.group(1),
            "docker-compose": compose.removeprefix("v")}


def main() -> None:
    """Build the offline images that are missing, then regenerate data/sandbox-commands.txt and the command table."""
    settings = config.load(mode="offline")
    docker = HostDocker.of(settings)
    built = images.ensure_images(settings, docker)
    print(built)
    commands = _data_file("sandbox-commands.txt")
    commands.write_text("".join(f"{name}\n" for name in sandbox_commands(docker, built.dind)))
    print(f"wrote {commands}")
    table = _data_file(docker_table.TABLE)
    table.write_text(json.dumps(docker_commands(docker, built.dind), ensure_ascii=False, sort_keys=True, indent=1)
                     + "\n")
    print(f"wrote {table}")


if __name__ == "__main__":
    main()
