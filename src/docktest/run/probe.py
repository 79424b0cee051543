"""Signals from the sandbox's own processes, for one command: the sandbox has settled (nothing runnable for a while),
and which processes are blocked reading their standard input — sampled inside the sandbox by one small bash loop."""

from __future__ import annotations

import os
import subprocess
import time
from typing import Literal

from docktest.sandbox.launcher import Sandbox

# Measured in the offline sandbox on a 2-core host under load (26 threads idle, 52 with two containers, one printing
# every 0.2 s): the idle daemons' threads (dockerd, containerd, shims) wait in futex/epoll; sampled every 20 ms,
# 0.5-4 % of samples found one runnable, every 0.1 s none of 150, so a 5-sample streak is rarely broken. A sample
# costs 3-4 ms of CPU (bash builtins only: no process is started per sample). The streak's 0.5 s is also the output
# silence a follow needs to count as caught up: `docker logs -f` of that container delivered lines at most 0.32 s
# apart, and a follow of it must run to its bound.
SAMPLE_S = 0.1
QUIET_SAMPLES = 5
SETTLE_WINDOW_S = SAMPLE_S * QUIET_SAMPLES
# Only when the probe cannot see readers (/proc/PID/syscall unreadable, or the probe did not start): a program that
# printed and then went quiet this long is taken to wait for input, or one that printed nothing for this long.
QUIET_AFTER_OUTPUT_S = 0.5
QUIET_WITHOUT_OUTPUT_S = 3.0  # also, when it can see: silent this long with nothing running in the sandbox either

# Arguments: /proc, docktest's state folder, the sample interval, samples before `quiet` reports, and the command
# to watch: `terminal` (the terminal wrapper's, whose pid file it writes; readers are looked for) or `session` (the
# page's shell session's; readers are not). It reports, one line each:
#   blind            /proc/PID/syscall cannot be read here: readers cannot be seen (only `quiet` reports follow)
#   quiet N          the last N samples (N >= QUIET_SAMPLES), all since the command started, found no task runnable
#                    (R) or in disk wait (D); the start counts because a `docker exec` can take a while to begin
#   still N          the same, and no task but docker's own asleep on a timer either (wait channel *nanosleep): a
#                    `sleep 1` in a loop goes on by itself, while a server waits in epoll or accept. Follows wait
#                    for this; input does not (a logger elsewhere in the sandbox must not hold up a prompt)
#   reading KEY…     the processes now blocked in read(2) on their fd 0, as TID:READ-CALLS (the key changes each
#                    time the process has read something); sent when the set changes
#   mark N           the host's line N came: it has just given the command input. The next sample comes a full
#                    interval later (time for the terminal to deliver it), and readers are reported afresh
# A reader counts if it is not docker's own (docker*, containerd*, runc*), not the page's shell session, and
# either reads the command's terminal (the terminal wrapper's fd 0) or runs in an inner container (another PID
# namespace) with a terminal or pipe as fd 0 — except those already waiting at the first sample (a container
# started earlier with `-dit`). The probe stops when its stdin closes: the host is done, or gone. Its stdin also
# brings the host's marks (see Probe.input_given).
PROBE = r"""
exec 2>/dev/null
proc=$1 states=$2 interval=$3 quiet_samples=$4 command=$5
self=$$
read -r own < /proc/$self/syscall  # this very read: the number of read(2) on this machine's architecture
read_nr=${own%% *}
watch_readers=0
if [[ $command == terminal ]]; then
  if read -r _ < "$proc/1/task/1/syscall"; then watch_readers=1; else echo blind; fi
fi
session=; read -r session < "$states/session.pid"
started=0 stale=" " first=1 idle=0 still=0 reported=" " wrapper=
while :; do
  busy=0 timed=0 readers=" "
  if (( ! started )) && [[ $command == terminal ]]; then  # the wrapper runs (the previous one has ended)
    read -r wrapper < "$states/pid" && read -r stat < "$proc/$wrapper/task/$wrapper/stat" &&
      [[ ${stat#*) } != Z* ]] && started=1
  elif (( ! started )); then  # the session shell (started late, on its first command) runs a child
    read -r session < "$states/session.pid"; children=; read -r children < "$proc/$session/task/$session/children"
    [[ -n $children ]] && started=1
  fi
  for task in "$proc"/[0-9]*/task/[0-9]*; do
    read -r stat < "$task/stat" || continue
    run_state=${stat#*) }
    pid=${task#"$proc"/}; pid=${pid%%/*}
    if [[ ${run_state:0:1} == [RD] ]]; then
      [[ $pid == "$self" ]] || busy=1
      continue
    fi
    name=${stat#*(}; name=${name%)*}
    case $name in docker*|containerd*|runc*) continue ;; esac
    wchan=; read -r wchan < "$task/wchan"  # no newline at its end: read's status says nothing
    [[ $wchan == *nanosleep ]] && timed=1  # asleep on a timer (`sleep 1; echo …`): it goes on by itself
    (( watch_readers )) || continue
    read -r call < "$task/syscall" || continue
    [[ $call == "$read_nr 0x0 "* ]] || continue
    [[ $pid == "$session" || $pid == "$self" ]] && continue
    inner=0
    if [ "$proc/$pid/ns/pid" -ef "$proc/1/ns/pid" ]; then
      (( started )) && [ "$proc/$pid/fd/0" -ef "$proc/$wrapper/fd/0" ] || continue
    elif [ -c "$proc/$pid/fd/0" ] || [ -p "$proc/$pid/fd/0" ]; then
      inner=1
    else
      continue
    fi
    mapfile -t io < "$task/io"
    key=${task##*/}:${io[2]#syscr: }
    if (( first && inner )); then stale+="$key "; elif [[ $stale != *" $key "* ]]; then readers+="$key "; fi
  done
  first=0
  if (( busy || ! started )); then idle=0; elif (( ++idle >= quiet_samples )); then echo "quiet $idle"; fi
  if (( busy || timed || ! started )); then still=0; elif (( ++still >= quiet_samples )); then echo "still $still"; fi
  if [[ $readers != "$reported" ]]; then echo "reading$readers"; reported=$readers; fi
  while :; do  # one interval's sleep; a line from the host restarts it
    read -t "$interval" -u 0 mark; status=$?
    (( status > 128 )) && break
    (( status == 0 )) || exit 0  # stdin closed: the host is done, or gone
    echo "mark $mark"; reported=
  done
done
"""


class Probe:
    """The probe's reports for one command, as they arrive; `blind` when readers cannot be seen."""

    def __init__(self, process: subprocess.Popen[bytes] | None = None) -> None:
        """Reports from PROCESS, the probe's `docker exec` (None: reports are only given to hear())."""
        self._process = process
        self._unread = b""
        self.running = process is not None  # it still reports
        self.blind = False  # no reader can be seen: /proc/PID/syscall is unreadable, or the probe is gone
        self.readers: frozenset[str] = frozenset()
        self.quiet_at: float | None = None  # when the latest `quiet` report arrived
        self.idle_s = 0.0  # how long the sandbox had been idle at that report
        self.still_at: float | None = None  # when the latest `still` report arrived
        self.still_s = 0.0  # how long the sandbox had been idle, timer sleepers included, at that report
        self._marks = 0  # how many times the command was given input
        self._unheard_mark: int | None = None  # the mark the probe has not echoed yet: its readers are stale

    @classmethod
    def start(cls, sandbox: Sandbox, state_dir: str, command: Literal["terminal", "session"]) -> Probe:
        """A probe in SANDBOX watching the COMMAND (`terminal` or `session`), STATE_DIR holding docktest's pid files."""
        argv = sandbox.exec_argv("bash", "-c", PROBE, "probe", "/proc", state_dir, str(SAMPLE_S), str(QUIET_SAMPLES),
                                 command, stdin=True)
        return cls(subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                    env=sandbox.docker.env()))

    def fileno(self) -> int:
        """The probe's output, for select(): call take_reports() when it is readable."""
        return self._process.stdout.fileno()

    def take_reports(self) -> None:
        chunk = os.read(self.fileno(), 4096)
        if not chunk:  # the probe could not start, or ended: no more signals
            self.running, self.blind, self.quiet_at = False, True, None
            return
        *lines, self._unread = (self._unread + chunk).split(b"\n")
        for line in lines:
            self.hear(line.decode(errors="replace"), time.monotonic())

    def hear(self, report: str, now: float) -> None:
        """Take in one report line that arrived at NOW."""
        word, _, rest = report.partition(" ")
        if word == "quiet":
            self.quiet_at, self.idle_s = now, int(rest) * SAMPLE_S
        elif word == "still":
            self.still_at, self.still_s = now, int(rest) * SAMPLE_S
        elif word == "reading" and self._unheard_mark is None:
            self.readers = frozenset(rest.split())
        elif word == "mark" and rest == str(self._unheard_mark):
            self._unheard_mark = None
        elif word == "blind":
            self.blind = True

    def input_given(self) -> None:
        """The command has just been given input. Until the probe echoes this mark, its `reading` reports describe
        samples taken before: the same read would look unanswered and get the next line too."""
        self._marks += 1
        self._unheard_mark, self.readers = self._marks, frozenset()
        if self.running:
            try:
                self._process.stdin.write(b"%d\n" % self._marks)
                self._process.stdin.flush()
            except OSError:  # the probe has ended: take_reports() will find its output closed
                pass

    def settled(self, last_activity: float, for_s: float = SETTLE_WINDOW_S) -> bool:
        """Whether, at the latest `quiet` report, nothing had run in the sandbox and no output had come for FOR_S."""
        return _lasted(self.quiet_at, self.idle_s, last_activity, for_s)

    def caught_up(self, last_activity: float) -> bool:
        """Whether, at the latest `still` report, nothing had run or slept on a timer in the sandbox and no output had
        come for the settle window: what a follow shows now is all there is."""
        return _lasted(self.still_at, self.still_s, last_activity, SETTLE_WINDOW_S)

    def input_wanted(self, answered: frozenset[str], printed: bool, last_activity: float, now: float,
                     follow: bool) -> str | None:
        """Why the terminal's program wants its next input NOW (None: no sign of it yet).

        ANSWERED: the readers that already had their input; LAST_ACTIVITY: the last output (PRINTED) or input;
        FOLLOW: the command is attached to a container.
        """
        if self.readers - answered:
            return "reading"
        if follow and self.settled(last_activity):
            return "settled"
        if self.blind:
            quiet_s = now - last_activity
            wanted = quiet_s >= QUIET_WITHOUT_OUTPUT_S or printed and quiet_s >= QUIET_AFTER_OUTPUT_S
            return "quiet" if wanted else None
        # Waiting without a read(2) of its stdin nor a prompt (say, in libuv's epoll): only a long idle spell tells.
        return "idle" if self.settled(last_activity, QUIET_WITHOUT_OUTPUT_S) else None

    def close(self) -> None:
        """End the probe (it stops when its stdin closes) and its `docker exec`."""
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()


def _lasted(reported_at: float | None, spell_s: float, last_activity: float, for_s: float) -> bool:
    """Whether a report at REPORTED_AT of a spell SPELL_S long shows FOR_S of it, with no output since LAST_ACTIVITY."""
    return reported_at is not None and spell_s >= for_s and reported_at - last_activity >= for_s
