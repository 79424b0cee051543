"""One command in the page's sandbox, driven as classify says: in the page's bash session, watched then detached
(a follow), or under a terminal of its own."""

from __future__ import annotations

import time

from docktest.run.classify import Kind
from docktest.run.probe import Probe
from docktest.run.session import KILL_GRACE_S, STATE_DIR, Outcome, Session, clean
from docktest.run.terminal import run_in_terminal
from docktest.sandbox.launcher import Sandbox


def run_command(sandbox: Sandbox, session: Session, text: str, kind: Kind, stdin: str, timeout_s: float,
                follow_s: float) -> Outcome:
    """Run TEXT in the page's shell session, or under a pseudo-terminal of its own when it asks for one."""
    if kind in ("tty", "tty-follow"):
        outcome = run_in_terminal(sandbox, text, stdin, timeout_s, follow_s if kind == "tty-follow" else None)
        session.run(f". {STATE_DIR}/state", "", KILL_GRACE_S)  # take over what the terminal's shell changed
        return outcome
    started = time.monotonic()
    if kind != "follow":
        exit_code, output, stopped = session.run(text, stdin, timeout_s)
        return Outcome(exit_code, clean(output), time.monotonic() - started, timed_out=bool(stopped))
    probe = Probe.start(sandbox, STATE_DIR, "session")
    try:
        exit_code, output, stopped = session.run(text, stdin, min(follow_s, timeout_s), probe)
    finally:
        probe.close()
    waits = ("bound" if stopped == "limit" else stopped,) if stopped else ()
    return Outcome(exit_code, clean(output), time.monotonic() - started, followed=bool(stopped), waits=waits)
