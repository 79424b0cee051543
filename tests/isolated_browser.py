"""Chromium in a network namespace of its own, reaching this host's servers through a SOCKS5 proxy.

Chromium fails every request still waiting for a connection when the network changes (net::ERR_NETWORK_CHANGED),
and Docker changes the host's network whenever a sandbox's bridge or veth comes or goes: browser tests running
beside Docker tests lost a file now and then. In a namespace with nothing but a loopback, Chromium sees no change.
Its connections go to a SOCKS5 port on that loopback; this file, run inside the namespace, carries each one over
a Unix socket (the filesystem is shared) to socks_server() on the host side, which connects where Chromium asked.

    unshare --net -- python tests/isolated_browser.py SOCKET CHROMIUM ARGS…   # what launcher() writes
"""

from __future__ import annotations

import contextlib
import ctypes
import ipaddress
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
from pathlib import Path
from typing import Iterator

from forwarding import forward, serve, splice

SOCKS_PORT = 1080  # on the namespace's own loopback: nothing else listens there
PR_SET_PDEATHSIG = 1


def available() -> bool:
    """Whether this machine lets us make a network namespace (root, unshare and ip present)."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        return False
    return subprocess.run(["unshare", "--net", "--", "true"], capture_output=True).returncode == 0


def launcher(folder: Path, chromium: str, proxy_socket: Path) -> tuple[str, list[str]]:
    """(executable for Playwright's launch, extra Chromium arguments): CHROMIUM in its own namespace, every
    connection, loopback ones included, through the proxy listening on PROXY_SOCKET."""
    script = folder / "chromium-in-netns"
    script.write_text(f'#!/bin/sh\nexec unshare --net -- "{sys.executable}" "{Path(__file__)}" '
                      f'"{proxy_socket}" "{chromium}" "$@"\n')
    script.chmod(0o755)
    return str(script), [f"--proxy-server=socks5://127.0.0.1:{SOCKS_PORT}", "--proxy-bypass-list=<-loopback>"]


@contextlib.contextmanager
def socks_server(path: Path) -> Iterator[None]:
    """A SOCKS5 server (no authentication, CONNECT only) on the Unix socket PATH, while the context lasts."""
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.listen(64)
    serve(listener, _relay)
    try:
        yield
    finally:
        listener.close()
        path.unlink(missing_ok=True)


def _relay(client: socket.socket) -> None:
    """One SOCKS5 exchange (RFC 1928): greeting, CONNECT, then bytes both ways."""
    try:
        _, methods = _exactly(client, 2)
        _exactly(client, methods)
        client.sendall(b"\x05\x00")  # no authentication
        _, command, _, kind = _exactly(client, 4)
        if kind == 1:
            host = str(ipaddress.IPv4Address(_exactly(client, 4)))
        elif kind == 4:
            host = str(ipaddress.IPv6Address(_exactly(client, 16)))
        else:
            host = _exactly(client, _exactly(client, 1)[0]).decode()
        (port,) = struct.unpack("!H", _exactly(client, 2))
        if command != 1:
            client.sendall(b"\x05\x07\x00\x01" + bytes(6))  # command not supported
            client.close()
            return
        try:
            target = socket.create_connection((host, port), timeout=10)
        except OSError:
            client.sendall(b"\x05\x05\x00\x01" + bytes(6))  # connection refused
            client.close()
            return
        target.settimeout(None)
        client.sendall(b"\x05\x00\x00\x01" + bytes(6))
    except (OSError, ValueError):
        client.close()
        return
    splice(client, target)


def _exactly(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise ValueError("the client left mid-request")
        data += chunk
    return data


def _in_namespace(proxy_socket: str, argv: list[str]) -> int:
    """Inside the new namespace: loopback up, Chromium started, its SOCKS port relayed to the host's proxy.

    Chromium inherits Playwright's pipe (fds 3 and 4) and dies with this process.
    """
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)

    def to_host() -> socket.socket:
        connection = socket.socket(socket.AF_UNIX)
        connection.connect(proxy_socket)
        return connection

    listener = socket.create_server(("127.0.0.1", SOCKS_PORT))  # Chromium's first connections wait in its backlog
    libc = ctypes.CDLL(None, use_errno=True)
    # Started before any thread is: preexec_fn runs between fork and exec, where another thread's lock could hang it.
    browser = subprocess.Popen(argv, pass_fds=(3, 4),
                               preexec_fn=lambda: libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL))
    os.close(3)
    os.close(4)  # only Chromium holds Playwright's pipe now: its end is the pipe's end
    forward(listener, to_host)
    signal.signal(signal.SIGTERM, lambda *_: browser.terminate())
    return browser.wait()


if __name__ == "__main__":
    sys.exit(_in_namespace(sys.argv[1], sys.argv[2:]))
