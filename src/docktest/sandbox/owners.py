"""Who owns what docktest leaves while it works (sandboxes, scratch files), and whether that owner is gone.

An owner is `host:pid`, or `host:pid:start` where the owner may be judged long after it started (a serve
that runs for hours): its start time tells a dead owner from a new process that was given the same pid.
Objects of another host are never judged: that host's own runs reap them.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from docktest import config


def owner_id() -> str:
    """Who owns a labelled object: this host and process, so a later run can tell leftovers from live ones."""
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_labels() -> list[str]:
    """`docker run` options that mark a container as docktest's and this process's: reaped once the process is gone."""
    return ["--label", f"{config.LABEL}=1", "--label", f"{config.OWNER_LABEL}={owner_id()}"]


def long_lived_owner() -> str:
    """This host, process and the process's start time (`host:pid:start`)."""
    return f"{owner_id()}:{start_time(os.getpid())}"


def start_time(pid: int) -> str:
    """When process PID started, in clock ticks since boot (Linux /proc); "" when that cannot be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rpartition(")")[2].split()[19]  # field 22; the command name before ")" may hold spaces


def is_gone(owner: str) -> bool:
    """Whether OWNER (`host:pid` or `host:pid:start`) is a process of this host that has ended.

    An object without an owner counts as gone; another host's objects never do.
    """
    host, _, rest = owner.partition(":")
    pid, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return not owner
    return process_is_gone(int(pid), started)


def process_is_gone(pid: int, started: str = "") -> bool:
    """Whether process PID has ended, or (STARTED given) PID now names a process started at another time."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, someone else's
    now = start_time(pid) if started else ""
    return bool(now) and now != started  # no /proc: the pid's existence is all there is to go by
