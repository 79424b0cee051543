"""One page's shell in the sandbox: a long-lived bash for plain commands (interactive ones: run/terminal.py), and what one
command's run gives (Outcome)."""

from __future__ import annotations

import os
import re
import select
import subprocess
import time
import uuid
from dataclasses import dataclass

from docktest.model import SandboxError
from docktest.run.probe import Probe
from docktest.sandbox.launcher import Sandbox

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
KILL_GRACE_S = 10.0

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


def clean(output: str) -> str:
    """OUTPUT without terminal control sequences, its tail only when it is long."""
    output = ANSI.sub("", output)
    return output[-MAX_OUTPUT:]
