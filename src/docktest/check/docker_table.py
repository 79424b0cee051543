"""Which docker command tree the checks use: the table shipped in data/, refined by a local client only on request."""

from __future__ import annotations

import json
import sys
from functools import cache
from importlib import resources
from pathlib import Path

from docktest import config
from docktest.check import docker_cli, docker_versions
from docktest.check.docker_cli import CliError
from docktest.check.docker_versions import Releases
from docktest.files import write_whole
from docktest.project import DockerClient

TABLE = "docker-commands.json"
# A named client is asked with a short leash: a hung one costs seconds, not the check.
CLIENT_TIMEOUT_S = 3.0


def warn(message: str) -> None:
    """One line on stderr: what the docker checks could not use, and what they use instead."""
    print(f"docktest: warning: {message}", file=sys.stderr, flush=True)


def load(client: DockerClient | None) -> dict | None:
    """The tree the docker checks use: the shipped table, or the named CLIENT's tree with the table filling in.

    Anything that cannot be used is one warning on stderr; None (no docker checks) only when even the
    shipped table cannot be read, and then the warning says why.
    """
    try:
        shipped = shipped_table()["tree"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        warn(f"docker commands are not checked: the shipped table data/{TABLE} cannot be read ({error})")
        shipped = None
    if client is None:
        return shipped
    try:
        tree = load_client(client)
    except CliError as error:
        fallback = "using the shipped docker command table" if shipped else "docker commands are not checked"
        warn(f"{config.DOCKER_CLI_ENV}={client.path} {error}: {fallback}")
        return shipped
    if shipped is None:
        return tree
    # The client knows its own commands best; the table adds what it lacks (e.g. plugins it does not have).
    return {**tree, "commands": {**shipped["commands"], **tree["commands"]}}


@cache  # once per client and process: every block's check asks, and the runner's classifier every command
def table(client: DockerClient | None = None) -> dict | None:
    """The tree the docker checks read for CLIENT, the one their settings name (CheckSettings.docker_client), see
    load. No client: the shipped table, read from the sandbox's own docker CLI, which is also what the runner's
    classifier and image reading use (the sandbox runs the commands, whatever client the checks ask)."""
    return load(client)


@cache  # once per process, like table(): a file that cannot be read is one warning
def releases() -> Releases | None:
    """Every release's commands and flags (data/docker-history.json), told against the versions of the CLI, buildx
    and Compose the shipped table was read from; None (one warning) when either file cannot be read."""
    try:
        history = docker_versions.history()
        versions = shipped_table()["versions"]
        return Releases(history["tree"], history["products"],
                        {name.removeprefix("docker-"): version for name, version in versions.items()})
    except (OSError, ValueError, KeyError, TypeError) as error:
        warn(f"other Docker releases are not known: data/{docker_versions.HISTORY} or data/{TABLE} cannot be read "
             f"({error}); what only they have is checked as unknown")
        return None


@cache
def shipped_table() -> dict:
    """data/docker-commands.json: the tree and the versions of the binaries it was read from."""
    table = json.loads(resources.files("docktest").joinpath("data", TABLE).read_text(encoding="utf-8"))
    if table.get("format") != docker_cli.FORMAT:
        raise ValueError(f"format {table.get('format')!r}, this docktest reads format {docker_cli.FORMAT}")
    return table


def load_client(client: DockerClient, timeout_s: float = CLIENT_TIMEOUT_S) -> dict:
    """The tree of the CLIENT, from its cache folder or read once; CliError if it does not answer.

    The cache is named after the client version; an index keyed by the binary's path, size and mtime
    finds it without running docker at all. A folder that cannot be read or written only costs a reading.
    """
    docker, folder = client.path, client.cache
    try:
        stat = Path(docker).stat()
    except OSError as error:
        raise CliError(f"cannot be run: {error.strerror}") from None
    stamp = f"{Path(docker).resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{docker_cli.FORMAT}"
    index_path = folder / "docker-cli-index.json"
    index = _read_json(index_path)
    index = index if isinstance(index, dict) else {}
    if stamp in index:
        tree = _read_json(folder / str(index[stamp]))
        if isinstance(tree, dict) and "commands" in tree:
            return tree
    name = f"docker-cli-{docker_cli.client_version([docker], timeout_s)}-f{docker_cli.FORMAT}.json"
    tree = _read_json(folder / name)
    if not (isinstance(tree, dict) and "commands" in tree):
        tree = docker_cli.read_tree([docker], timeout_s)
        _write_json(folder / name, tree)
    _write_json(index_path, {**index, stamp: name})
    return tree


def _read_json(path: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _write_json(path: Path, value) -> None:
    """Write it whole, as parallel checks may share the cache; an unwritable cache is only slower."""
    try:
        write_whole(path, json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    except OSError:
        pass
