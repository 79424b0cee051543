"""Byte-for-byte forwarding for tests: every connection a listener accepts is piped to a new one made elsewhere."""

from __future__ import annotations

import socket
import threading
from typing import Callable


def forward(listener: socket.socket, connect: Callable[[], socket.socket]) -> list[socket.socket]:
    """Until LISTENER is closed, pipe each client it accepts to CONNECT() both ways (hijacked streams too).

    Returns the list of accepted clients, which grows as they come.
    """
    clients: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            target = connect()
            clients.append(client)
            for source, sink in ((client, target), (target, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return clients


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, target):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
