"""Byte-for-byte forwarding for tests: every connection a listener accepts is piped to a new one made elsewhere."""

from __future__ import annotations

import socket
import threading
from typing import Callable


def forward(listener: socket.socket, connect: Callable[[], socket.socket],
            half_close: bool = True) -> list[socket.socket]:
    """Until LISTENER is closed, pipe each client it accepts to CONNECT() both ways (hijacked streams too).

    Without HALF_CLOSE, the end of one direction ends both, as some proxies do.
    Returns the list of accepted clients, which grows as they come.
    """
    clients: list[socket.socket] = []

    def pipe(client: socket.socket) -> None:
        target = connect()
        clients.append(client)
        splice(client, target, half_close)

    serve(listener, pipe)
    return clients


def serve(listener: socket.socket, handle: Callable[[socket.socket], None]) -> None:
    """Until LISTENER is closed, HANDLE each client it accepts, each in a thread of its own."""

    def accept() -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(client,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()


def splice(client: socket.socket, target: socket.socket, half_close: bool = True) -> None:
    """Pipe CLIENT and TARGET both ways: returns once CLIENT has stopped sending; the other way goes on in a thread."""
    threading.Thread(target=pump, args=(target, client, half_close), daemon=True).start()
    pump(client, target, half_close)


def pump(source: socket.socket, target: socket.socket, half_close: bool) -> None:
    """Copy SOURCE to TARGET until SOURCE ends, then pass the half-close on (with HALF_CLOSE).

    `docker exec` without -i closes its sending side at once and reads the output until the engine closes; a
    proxy that closed both directions there would end every such exec early, with exit status 0 (the CLI then
    inspects an exec that is still running).
    """
    try:
        while data := source.recv(65536):
            target.sendall(data)
        if half_close:
            target.shutdown(socket.SHUT_WR)
            return
    except OSError:  # one side is gone
        pass
    for end in (source, target):  # end both directions of both
        try:
            end.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
