"""A command that talks to a port a container of its page publishes waits until that port accepts a connection.

A lesson runs `docker run -d -p 8080:80 nginx` and then `curl localhost:8080`; a reader naturally gives the server a
moment, the sandbox would not. Before a command whose client (curl, wget, HTTPie, nc, telnet) names a loopback port,
the sandbox's engine is asked which running container publishes that port; the wait is for that container's own
address and port (Docker's proxy on the published port accepts at once, whether the server listens or not), at most
LIMIT_S. A port nobody published is not waited for; nothing is added to the page.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from docktest.extract import shell
from docktest.sandbox.launcher import Sandbox

LIMIT_S = 30.0
REPORTED_FROM_S = 1.0  # a shorter wait is what a reader's pause would have covered: not worth a word
CLIENTS = frozenset({"curl", "wget", "http", "https", "nc", "ncat", "netcat", "telnet"})
_HOST_THEN_PORT = frozenset({"nc", "ncat", "netcat", "telnet"})  # `nc localhost 8080`
_LOOPBACK = r"(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])"
_URL = re.compile(rf"(?:(https?)://)?{_LOOPBACK}(?::(\d{{1,5}}))?(?:[/?#].*)?", re.I)
_HTTPIE_SHORTHAND = re.compile(r":(\d{1,5})(?:/.*)?")  # `http :8080/path` is localhost:8080
# Each running container's published TCP ports ("HOSTPORT PORT/tcp" pairs), a bar, then its addresses.
_PUBLISHED = ("ids=$(docker ps -q); [ -z \"$ids\" ] || docker inspect --format "
              "'{{range $p, $b := .NetworkSettings.Ports}}{{range $b}}{{.HostPort}} {{$p}} {{end}}{{end}}|"
              "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' $ids")
# Try a TCP connection every 50 ms until one is accepted or the limit passes (bash's /dev/tcp: no tool needed).
_WAIT = ("end=$((SECONDS + {limit})); until (exec 3<>/dev/tcp/{address}/{port}) 2>/dev/null; do "
         "[ $SECONDS -ge $end ] && exit 1; sleep 0.05; done")


@dataclass(frozen=True)
class Wait:
    """How long a published port took to accept a connection, or the limit when it never did."""

    port: int
    seconds: float


def ports_used(command: shell.Script | str) -> list[int]:
    """The loopback ports the clients in COMMAND (see shell.script_of) connect to, where their arguments say so
    literally."""
    script = shell.script_of(command)
    found: list[int] = []
    for invocation in shell.invocations(script):
        if invocation.program in CLIENTS:
            found += _ports(invocation.program, [shell.literal(script, arg) for arg in invocation.args])
    return list(dict.fromkeys(found))


def _ports(program: str, words: list[str | None]) -> list[int]:
    found = []
    for index, word in enumerate(words):
        url = _URL.fullmatch(word or "")
        shorthand = _HTTPIE_SHORTHAND.fullmatch(word or "") if program in ("http", "https") else None
        if url and url.group(2):
            found.append(int(url.group(2)))
        elif url and program in _HOST_THEN_PORT:
            following = words[index + 1] if index + 1 < len(words) else None
            if following and following.isdigit():
                found.append(int(following))
        elif url:
            found.append(443 if "https" in (url.group(1), program) else 80)
        elif shorthand:
            found.append(int(shorthand.group(1)))
    return found


def wait_for_published(sandbox: Sandbox, command: shell.Script | str) -> Wait | None:
    """Before COMMAND: wait until each published port it talks to accepts a connection. The longest wait, when it
    reached REPORTED_FROM_S; None when nothing was waited for noticeably (or nothing was published)."""
    ports = ports_used(command)
    targets = published(sandbox) if ports else {}
    longest: Wait | None = None
    for port in ports:
        if port not in targets:
            continue
        address, own_port = targets[port]
        started = time.monotonic()
        accepted = sandbox.run("bash", "-c", _WAIT.format(limit=int(LIMIT_S), address=address, port=own_port),
                               timeout=LIMIT_S + 10).returncode == 0
        waited = time.monotonic() - started if accepted else LIMIT_S
        if waited >= REPORTED_FROM_S and (longest is None or waited > longest.seconds):
            longest = Wait(port, round(waited, 1))
    return longest


def published(sandbox: Sandbox) -> dict[int, tuple[str, int]]:
    """Published TCP port → (the address of the container publishing it, its own port), as the sandbox's engine says."""
    listed = sandbox.run("bash", "-c", _PUBLISHED, timeout=30)
    return parse_published(listed.stdout)


def parse_published(listing: str) -> dict[int, tuple[str, int]]:
    """_PUBLISHED's output read: `8080 80/tcp 8080 80/tcp |172.17.0.2 ` → {8080: ("172.17.0.2", 80)}."""
    found: dict[int, tuple[str, int]] = {}
    for line in listing.splitlines():
        ports, _, addresses = line.partition("|")
        address = next(iter(addresses.split()), "")
        words = ports.split()
        for host_port, own in zip(words[::2], words[1::2]):
            number, _, protocol = own.partition("/")
            if address and protocol == "tcp" and host_port.isdigit() and number.isdigit():
                found.setdefault(int(host_port), (address, int(number)))
    return found
