"""Sandboxes of runs that were killed: found by docktest's labels and their owners, and removed."""

from __future__ import annotations

import time
from pathlib import Path

from docktest import config
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.owners import is_gone, process_is_gone

# What reap_leftovers removes, in this order (a container holds its network and volumes): kind, list, remove.
REAPED = (
    ("container", ["ps", "-a"], ["rm", "-f", "-v"]),
    ("network", ["network", "ls"], ["network", "rm"]),
    ("volume", ["volume", "ls"], ["volume", "rm", "-f"]),
)
REAP_WAIT_S = 30  # how long a leftover another run is removing may take to go


def leftovers(docker: HostDocker) -> list[tuple[str, str]]:
    """(kind, name) of each labelled container, network and volume whose owning process on this host is gone, or
    that a live run started for a serve that is gone (its child may outlive it for a while)."""
    return [(kind, name) for kind, list_argv, _ in REAPED for name, owner, live_owner in _labelled(docker, list_argv)
            if is_gone(owner) or (live_owner and is_gone(live_owner))]


def reap_leftovers(docker: HostDocker, user_cache: Path) -> list[str]:
    """Remove the leftovers(): the sandboxes of runs that were killed; and the Compose env files that dead launchers
    left in USER_CACHE (Settings.user_cache). Returns what was removed, as "kind name" strings."""
    removed = []
    for kind, list_argv, remove_argv in REAPED:
        dead = [name for name, owner, live_owner in _labelled(docker, list_argv)
                if is_gone(owner) or (live_owner and is_gone(live_owner))]
        if dead:
            _remove_all(docker, list_argv, remove_argv, dead)
            removed += [f"{kind} {name}" for name in dead]
    for env_file in user_cache.glob("compose-*.env"):  # each launcher's Compose env file
        pid = env_file.stem.removeprefix("compose-").partition("-")[0]
        if pid.isdigit() and process_is_gone(int(pid)):
            env_file.unlink(missing_ok=True)
    return removed


def _labelled(docker: HostDocker, list_argv: list[str]) -> list[tuple[str, str, str]]:
    """(name or ID, owner, live owner) of each object docktest labelled, of the kind LIST_ARGV lists."""
    name = "{{.Name}}" if list_argv[0] == "volume" else "{{.ID}}"
    owners = "\t".join(f'{{{{.Label "{label}"}}}}' for label in (config.OWNER_LABEL, config.LIVE_OWNER_LABEL))
    listed = docker.run(*list_argv, "--filter", f"label={config.LABEL}=1", "--format", f"{name}\t{owners}",
                        timeout=60)
    rows = [row.split("\t") for row in listed.stdout.splitlines()]
    return [(row[0], row[1], row[2]) for row in rows if len(row) == 3]


def _remove_all(docker: HostDocker, list_argv: list[str], remove_argv: list[str], names: list[str]) -> None:
    """Remove NAMES, and return only once they are gone (or REAP_WAIT_S has passed).

    Another run's reaper may be removing the same leftovers: the engine then refuses ("removal … is already in
    progress") while the object is still there, and a network or volume it holds is not free yet.
    """
    deadline = time.monotonic() + REAP_WAIT_S
    while True:
        docker.run(*remove_argv, *names, timeout=120)
        listed = {name for name, _, _ in _labelled(docker, list_argv)}
        names = [name for name in names if name in listed]
        if not names or time.monotonic() > deadline:
            return
        time.sleep(0.2)
