"""SIGTERM handled as SIGINT: a cancelled CI job, `timeout` or `docker stop` removes the sandboxes like Ctrl-C does."""

from __future__ import annotations

import signal
import threading

EXIT_TERMINATED = 128 + signal.SIGTERM  # 143, the shell's status for a process ended by SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: unwinds like Ctrl-C, so every `finally:` (sandbox removal) runs."""


def _raise_terminated(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM during clean-up ends the process at once
    raise Terminated()


def sigterm_as_interrupt() -> None:
    """From now on SIGTERM raises Terminated in the main thread (elsewhere signals cannot be handled)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_terminated)
