"""An interactive command under a pseudo-terminal of its own: its input fed a line at a time whenever it waits for it."""

from __future__ import annotations

import select
import time

import pexpect

from docktest.run.probe import Probe
from docktest.run.session import ANSI, KILL_GRACE_S, SAVE_STATE, STATE_DIR, Outcome, clean
from docktest.sandbox.launcher import Sandbox

# A program that took the terminal out of line mode (a REPL, or `docker run -it` once it has attached) and whose
# output ends in a prompt rather than a newline is reading its input: answer after this much quiet.
PROMPT_SETTLE_S = 0.1

# Runs one command that needs a terminal, in a bash of its own with the page session's saved state.
WRAPPER = f"""
__docktest_command=$DOCKTEST_COMMAND; unset DOCKTEST_COMMAND
echo $$ > {STATE_DIR}/pid
exec 2>&1
. {STATE_DIR}/state
set -a
eval "$__docktest_command"
__docktest_status=$?
set +a
export -n __docktest_status
{SAVE_STATE} > {STATE_DIR}/state.next && mv {STATE_DIR}/state.next {STATE_DIR}/state
exit $__docktest_status
"""


def run_in_terminal(sandbox: Sandbox, text: str, stdin: str, timeout_s: float, follow_s: float | None) -> Outcome:
    """Drive an interactive command: feed STDIN a line at a time whenever it waits, then end-of-input.

    With FOLLOW_S (`docker attach`), a settled sandbox takes the next input too, and once end-of-input is sent it
    detaches the command (at the latest FOLLOW_S after the start).
    """
    probe = Probe.start(sandbox, STATE_DIR, "terminal")
    argv = sandbox.exec_argv("bash", "-c", WRAPPER, tty=True, env={"DOCKTEST_COMMAND": text, "TERM": "dumb"})
    started = time.monotonic()
    child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", codec_errors="replace", dimensions=(24, 160),
                          env=_terminal_env(sandbox))
    pending = stdin.splitlines(keepends=True)
    chunks: list[str] = []
    waits: list[str] = []
    answered: frozenset[str] = frozenset()  # the waiting readers that already had their input
    last_activity, printed, eof_sent = started, False, False
    asked_at = None  # the quiet spell whose terminal mode was already looked at
    timed_out = followed = False
    try:
        while True:
            now = time.monotonic()
            timed_out = now - started > timeout_s
            if timed_out or (follow_s is not None and eof_sent and now - started > follow_s):
                followed = not timed_out
                waits += ["bound"] if followed else []
                _kill(sandbox)
                break
            ready, _, _ = select.select([child.child_fd, probe] if probe.running else [child.child_fd], [], [], 0.1)
            if probe in ready:
                probe.take_reports()
            if child.child_fd in ready:
                try:
                    chunks.append(child.read_nonblocking(4096, timeout=0))
                except pexpect.EOF:
                    break
                last_activity, printed = time.monotonic(), True
                continue
            if eof_sent:  # nothing left to give: wait for the end, or detach once an attach has caught up
                if follow_s is not None and probe.caught_up(last_activity):
                    waits.append("settled")
                    followed = True
                    _kill(sandbox)
                    break
                continue
            why = probe.input_wanted(answered, printed, last_activity, now, follow=follow_s is not None)
            if why is None and printed and now - last_activity >= PROMPT_SETTLE_S and asked_at != last_activity \
                    and _ends_in_prompt(chunks):
                asked_at = last_activity
                why = "prompt" if _reads_keys(sandbox) else None
            if why is None:
                continue
            waits.append(why)
            if pending:
                child.send(pending.pop(0))
            else:
                child.sendeof()
                eof_sent = True
            answered |= probe.readers
            probe.input_given()
            last_activity, printed = time.monotonic(), False
    finally:
        probe.close()
    _drain(child, chunks)
    child.close(force=True)
    exit_code = child.exitstatus if not (timed_out or followed) else None
    return Outcome(exit_code, clean("".join(chunks)), time.monotonic() - started, timed_out, followed, tuple(waits))


def _ends_in_prompt(chunks: list[str]) -> bool:
    """Whether the output so far ends in an unfinished line (`> `, `값을 입력하세요: `) rather than a newline."""
    tail = ANSI.sub("", "".join(chunks[-4:]))
    return bool(tail) and not tail.endswith("\n") and bool(tail.splitlines()[-1].strip())


def _reads_keys(sandbox: Sandbox) -> bool:
    """Whether the terminal the command runs on is out of line mode: someone reads it key by key, right now."""
    mode = sandbox.run("sh", "-c", f'stty -a < "/proc/$(cat {STATE_DIR}/pid)/fd/0"', timeout=KILL_GRACE_S)
    return mode.returncode == 0 and "-icanon" in mode.stdout.split()


def _terminal_env(sandbox: Sandbox) -> dict[str, str]:
    """A bare environment for the terminal's `docker exec`, keeping the engine's address."""
    return {"TERM": "dumb", "PATH": "/usr/local/bin:/usr/bin:/bin", **sandbox.docker.engine_env()}


def _drain(child: pexpect.spawn, chunks: list[str]) -> None:
    deadline = time.monotonic() + KILL_GRACE_S
    while time.monotonic() < deadline:
        try:
            chunks.append(child.read_nonblocking(4096, timeout=0.5))
        except (pexpect.TIMEOUT, pexpect.EOF):
            return


def _kill(sandbox: Sandbox) -> None:
    """Kill the running command's whole process group inside the sandbox (a host-side kill would not reach it)."""
    sandbox.run("sh", "-c", f'kill -KILL -- -"$(cat {STATE_DIR}/pid)" 2>/dev/null || kill -KILL "$(cat {STATE_DIR}/pid)"',
                timeout=KILL_GRACE_S)
