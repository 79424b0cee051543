"""How a command must be driven: plain, under a terminal (`-t`, `start -ai`, `attach`), or watched then detached
(`logs -f`, `compose up` in the foreground) — read from the same bash parse as the checks, with the docker command
table of the sandbox's own CLI (docker_table.table(): the shipped one), which is what runs the command."""

from __future__ import annotations

from typing import Literal

from docktest.check import docker_args, docker_table
from docktest.extract import shell

Kind = Literal["plain", "tty", "follow", "tty-follow"]


def classify(command: shell.Script | str) -> Kind:
    """The kind of COMMAND (see shell.script_of): a terminal if any docker command in it asks for one, follow if any
    keeps going."""
    tree = docker_table.table()
    if tree is None:
        return "plain"
    script = shell.script_of(command)
    tty = follow = False
    for invocation in shell.docker_invocations(script):  # `sudo docker run -it …` too
        parsed = docker_args.parse(tree, [shell.literal(script, arg) for arg in invocation.args])
        needs_tty, keeps_going = _drive(parsed.path[1:], parsed.flags)
        tty, follow = tty or needs_tty, follow or keeps_going
    if tty:
        return "tty-follow" if follow else "tty"
    return "follow" if follow else "plain"


def _drive(path: tuple[str, ...], flags: frozenset[str]) -> tuple[bool, bool]:
    """(needs a terminal, keeps running until stopped) for `docker PATH…` given FLAGS."""
    if path[:1] == ("container",):
        path = path[1:]
    verb, sub = (path + ("", ""))[:2]
    given = flags.__contains__
    if verb in ("run", "create", "exec"):
        return given("-t") or given("--tty"), False
    if verb == "start":
        return (given("-a") or given("--attach")) and (given("-i") or given("--interactive")), False
    if verb == "attach":
        return True, True
    if verb == "logs":
        return False, given("-f") or given("--follow")
    if verb == "events" or (verb == "stats" and not given("--no-stream")):
        return False, True
    if verb == "compose" and sub == "logs":
        return False, given("-f") or given("--follow")
    if verb == "compose" and sub == "up":
        return False, not (given("-d") or given("--detach") or given("--wait"))
    return False, False
