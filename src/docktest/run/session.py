"""One page's shell in the sandbox: a long-lived bash for plain commands, a pseudo-terminal for interactive ones."""

from __future__ import annotations

import os
import re
import select
import subprocess
import time
import uuid
from dataclasses import dataclass

import pexpect

from docktest.model import SandboxError
from docktest.run.classify import Kind
from docktest.run.probe import Probe
from docktest.run.sandbox import Sandbox

STATE_DIR = "/run/docktest"
# Saves what a command changed (exported variables: commands run under `set -a`; functions; the cwd) for the next.
SAVE_STATE = "{ export -p; declare -f; printf 'cd %q\\n' \"$PWD\"; }"
# A bash that lives as long as the page: it reads framed requests (byte lengths, then the command and its stdin),
# runs each command in itself, so the cwd, variables and functions carry over, and ends its output with a
# sentinel line carrying the exit status. It also saves its state for commands run under a terminal.
SESSION = f"""
mkdir -p {STATE_DIR}
echo $$ > {STATE_DIR}/session.pid
[ -f {STATE_DIR}/state ] && . {STATE_DIR}/state
while IFS= read -r __docktest_command_bytes && IFS= read -r __docktest_stdin_bytes; do
  IFS= read -r -N "$__docktest_command_bytes" __docktest_command
  IFS= read -r -N "$__docktest_stdin_bytes" __docktest_stdin
  printf '%s' "$__docktest_stdin" > {STATE_DIR}/stdin
  set -a
  eval "$__docktest_command" < {STATE_DIR}/stdin 2>&1
  __docktest_status=$?
  set +a
  export -n __docktest_status
  {SAVE_STATE} > {STATE_DIR}/state 2>/dev/null
  printf '\\n%s %s\\n' "$DOCKTEST_SENTINEL" "$__docktest_status"
done
"""
# Kill every process the session started (the running command), but not the session itself.
KILL_COMMAND = f"""
kill_tree() {{ for child in $(pgrep -P "$1"); do kill_tree "$child"; kill -KILL "$child" 2>/dev/null; done; }}
kill_tree "$(cat {STATE_DIR}/session.pid)"
"""


class Session:
    """One long-lived shell in the sandbox: a command costs a write and a read, not a `docker exec`."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.sentinel = f"__docktest_done_{uuid.uuid4().hex}"
        self._process: subprocess.Popen[bytes] | None = None
        self._answered = True  # the last command's end was read (False: run() was interrupted, Ctrl-C or SIGTERM)

    def _start(self) -> subprocess.Popen[bytes]:
        argv = self.sandbox.exec_argv("bash", "-c", SESSION, stdin=True, env={"DOCKTEST_SENTINEL": self.sentinel})
        return subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env=self.sandbox.docker.env())

    def run(self, text: str, stdin: str, limit_s: float, probe: Probe | None = None) -> tuple[int | None, str, str]:
        """(exit status or None when stopped, output, why it was stopped) of TEXT run in the session.

        It is stopped ("limit") when LIMIT_S runs out, or ("settled") when PROBE sees the sandbox settle.
        """
        if self._process is None or self._process.poll() is not None:
            self._process = self._start()  # first use, or the last command ended the shell (`exit`)
        process = self._process
        self._answered = False
        command, given = text.encode(), stdin.encode()
        process.stdin.write(b"%d\n%d\n" % (len(command), len(given)) + command + given)
        process.stdin.flush()
        marker = f"\n{self.sentinel} ".encode()
        received = bytearray()
        last_output = time.monotonic()
        deadline = last_output + limit_s
        stopped = ""
        seen_marker = False
        sources: list = [process.stdout, probe] if probe and probe.running else [process.stdout]
        while not (seen_marker and received.endswith(b"\n")):
            remaining = deadline - time.monotonic()
            if remaining <= 0 and stopped:
                raise SandboxError(f"sandbox {self.sandbox.project}: the shell stopped answering")
            if remaining <= 0 or (not stopped and probe and probe.caught_up(last_output)):
                stopped = "limit" if remaining <= 0 else "settled"
                self.kill()
                deadline = time.monotonic() + 10  # the session reports the killed command's status
                sources = [process.stdout]
                continue
            ready, _, _ = select.select(sources, [], [], remaining)
            if probe in ready:
                probe.take_reports()
                sources = sources if probe.running else [process.stdout]
            if process.stdout in ready:
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:  # the command ended the shell itself
                    self._answered = True
                    return process.wait(timeout=10), bytes(received).decode(errors="replace"), stopped
                received += chunk
                last_output = time.monotonic()
                seen_marker = seen_marker or marker in received[-(len(chunk) + len(marker)):]
        output, _, status = bytes(received).rpartition(marker)
        self._answered = True
        return (None if stopped else int(status)), output.decode(errors="replace"), stopped

    def kill(self) -> None:
        self.sandbox.run("bash", "-c", KILL_COMMAND, timeout=10)

    def close(self) -> None:
        if self._process is None:
            return
        if self._answered:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
                return
            except subprocess.TimeoutExpired:
                pass
        # Interrupted mid-command (Ctrl-C, SIGTERM), or the shell did not end: it would not before the command does,
        # and the sandbox goes away next anyway.
        self._process.kill()
        self._process.wait()


MAX_OUTPUT = 64_000  # characters of output kept per command (the tail)
# A program that took the terminal out of line mode (a REPL, or `docker run -it` once it has attached) and whose
# output ends in a prompt rather than a newline is reading its input: answer after this much quiet.
PROMPT_SETTLE_S = 0.1
KILL_GRACE_S = 10.0

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
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")


@dataclass(frozen=True)
class Outcome:
    """What the sandbox said about one command."""

    exit_code: int | None
    output: str
    duration_s: float
    timed_out: bool = False
    followed: bool = False  # a follow-style command watched until it caught up, then detached on purpose
    # What ended each wait, in order: an input sent because a process was "reading" its stdin, showed a "prompt",
    # or the sandbox "settled" (attach) or stayed "idle" (or "quiet", when readers cannot be seen); a follow
    # detached once "settled", or at the "bound".
    waits: tuple[str, ...] = ()


def run_command(sandbox: Sandbox, session: Session, text: str, kind: Kind, stdin: str, timeout_s: float,
                follow_s: float) -> Outcome:
    """Run TEXT in the page's shell session, or under a pseudo-terminal of its own when it asks for one."""
    if kind in ("tty", "tty-follow"):
        outcome = _run_in_terminal(sandbox, text, stdin, timeout_s, follow_s if kind == "tty-follow" else None)
        session.run(f". {STATE_DIR}/state", "", KILL_GRACE_S)  # take over what the terminal's shell changed
        return outcome
    started = time.monotonic()
    if kind != "follow":
        exit_code, output, stopped = session.run(text, stdin, timeout_s)
        return Outcome(exit_code, _clean(output), time.monotonic() - started, timed_out=bool(stopped))
    probe = Probe.start(sandbox, STATE_DIR, "session")
    try:
        exit_code, output, stopped = session.run(text, stdin, min(follow_s, timeout_s), probe)
    finally:
        probe.close()
    waits = ("bound" if stopped == "limit" else stopped,) if stopped else ()
    return Outcome(exit_code, _clean(output), time.monotonic() - started, followed=bool(stopped), waits=waits)


def _run_in_terminal(sandbox: Sandbox, text: str, stdin: str, timeout_s: float, follow_s: float | None) -> Outcome:
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
    return Outcome(exit_code, _clean("".join(chunks)), time.monotonic() - started, timed_out, followed, tuple(waits))


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


def _clean(output: str) -> str:
    output = ANSI.sub("", output)
    return output[-MAX_OUTPUT:]
