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

    def _start(self) -> subprocess.Popen[bytes]:
        argv = self.sandbox.exec_argv("bash", "-c", SESSION, stdin=True, env={"DOCKTEST_SENTINEL": self.sentinel})
        return subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env=self.sandbox.docker.env())

    def run(self, text: str, stdin: str, limit_s: float) -> tuple[int | None, str, bool]:
        """(exit status or None when killed, output, whether LIMIT_S ran out) of TEXT run in the session."""
        if self._process is None or self._process.poll() is not None:
            self._process = self._start()  # first use, or the last command ended the shell (`exit`)
        process = self._process
        command, given = text.encode(), stdin.encode()
        process.stdin.write(b"%d\n%d\n" % (len(command), len(given)) + command + given)
        process.stdin.flush()
        marker = f"\n{self.sentinel} ".encode()
        received = bytearray()
        deadline = time.monotonic() + limit_s
        expired = False
        seen_marker = False
        while not (seen_marker and received.endswith(b"\n")):
            remaining = deadline - time.monotonic()
            if remaining <= 0 and not expired:
                expired = True
                self.kill()
                deadline = time.monotonic() + 10  # the session reports the killed command's status
                continue
            if remaining <= 0:
                raise SandboxError(f"sandbox {self.sandbox.project}: the shell stopped answering")
            ready, _, _ = select.select([process.stdout], [], [], remaining)
            if ready:
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:  # the command ended the shell itself
                    return process.wait(timeout=10), bytes(received).decode(errors="replace"), expired
                received += chunk
                seen_marker = seen_marker or marker in received[-(len(chunk) + len(marker)):]
        output, _, status = bytes(received).rpartition(marker)
        return (None if expired else int(status)), output.decode(errors="replace"), expired

    def kill(self) -> None:
        self.sandbox.run("bash", "-c", KILL_COMMAND, timeout=10)

    def close(self) -> None:
        if self._process is not None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()  # the sandbox goes away next anyway


MAX_OUTPUT = 64_000  # characters of output kept per command (the tail)
QUIET_AFTER_OUTPUT_S = 0.5  # a program that printed and then went quiet this long is waiting for input
QUIET_WITHOUT_OUTPUT_S = 3.0  # …or one that printed nothing for this long
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
    followed: bool = False  # a follow-style command watched for a while, then detached on purpose


def run_command(sandbox: Sandbox, session: Session, text: str, kind: Kind, stdin: str, timeout_s: float,
                follow_s: float) -> Outcome:
    """Run TEXT in the page's shell session, or under a pseudo-terminal of its own when it asks for one."""
    if kind in ("tty", "tty-follow"):
        outcome = _run_in_terminal(sandbox, text, stdin, timeout_s, follow_s if kind == "tty-follow" else None)
        session.run(f". {STATE_DIR}/state", "", KILL_GRACE_S)  # take over what the terminal's shell changed
        return outcome
    limit = min(follow_s, timeout_s) if kind == "follow" else timeout_s
    started = time.monotonic()
    exit_code, output, expired = session.run(text, stdin, limit)
    followed = expired and kind == "follow"
    return Outcome(exit_code, _clean(output), time.monotonic() - started, timed_out=expired and not followed,
                   followed=followed)


def _run_in_terminal(sandbox: Sandbox, text: str, stdin: str, timeout_s: float, follow_s: float | None) -> Outcome:
    """Drive an interactive command: feed STDIN a line at a time whenever it waits, then end-of-input."""
    argv = sandbox.exec_argv("bash", "-c", WRAPPER, tty=True, env={"DOCKTEST_COMMAND": text, "TERM": "dumb"})
    started = time.monotonic()
    child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", codec_errors="replace", dimensions=(24, 160),
                          env=_terminal_env(sandbox))
    pending = stdin.splitlines(keepends=True)
    chunks: list[str] = []
    last_activity, printed, eof_sent = started, False, False
    asked_at = None  # the quiet spell whose terminal mode was already looked at
    timed_out = followed = False
    while True:
        now = time.monotonic()
        if now - started > timeout_s or (follow_s is not None and eof_sent and now - started > follow_s):
            followed = follow_s is not None and not now - started > timeout_s
            timed_out = not followed
            _kill(sandbox)
            break
        try:
            chunks.append(child.read_nonblocking(4096, timeout=0.1))
            last_activity, printed = time.monotonic(), True
        except pexpect.TIMEOUT:
            quiet = now - last_activity
            prompted = False
            if printed and quiet >= PROMPT_SETTLE_S and asked_at != last_activity and _ends_in_prompt(chunks):
                asked_at = last_activity
                prompted = _reads_keys(sandbox)
            if not (prompted or printed and quiet >= QUIET_AFTER_OUTPUT_S) and quiet < QUIET_WITHOUT_OUTPUT_S:
                continue
            if pending:
                child.send(pending.pop(0))
            elif not eof_sent:
                child.sendeof()
                eof_sent = True
            else:
                continue
            last_activity, printed = time.monotonic(), False
        except pexpect.EOF:
            break
    _drain(child, chunks)
    child.close(force=True)
    exit_code = child.exitstatus if not (timed_out or followed) else None
    return Outcome(exit_code, _clean("".join(chunks)), time.monotonic() - started, timed_out, followed)


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
    env = {"TERM": "dumb", "PATH": "/usr/local/bin:/usr/bin:/bin"}
    if sandbox.docker.host:
        env["DOCKER_HOST"] = sandbox.docker.host
    return env


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
