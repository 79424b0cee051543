"""The sandbox probe's decisions, without Docker: its bash loop run over a made-up /proc, and the host's reading of
its reports (settled, readers, blind)."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from docktest.run import probe
from docktest.run.probe import Probe

# The number of read(2) here, as the probe finds it: this read of our own /proc/self/syscall is a read(2).
READ = Path("/proc/self/syscall").read_text().split()[0]
WAITING = "0x7ffd5a 0x7ffd50 0x400 0x0 0x0 0x0 0x7ffd48 0x7f12ab"  # the rest of a syscall line: args, sp, pc


class FakeProc:
    """A made-up /proc and docktest state folder: tasks with a state, a syscall, an fd 0, a PID namespace and,
    for some, a wait channel."""

    def __init__(self, root: Path) -> None:
        self.proc, self.states = root / "proc", root / "run"
        self.states.mkdir(parents=True)
        for name in ("sandbox-ns", "inner-ns", "terminal", "other-terminal"):
            (root / name).write_text("")
        os.mkfifo(root / "pipe")
        self.root = root
        self.task(1, "docker-init", "S", "61 0x0", ns="sandbox-ns", fd0="/dev/null")

    def task(self, pid: int, name: str, state: str, call: str, ns: str = "sandbox-ns", fd0: str = "/dev/null",
             reads: int = 7, tid: int | None = None, wchan: str | None = None) -> None:
        folder = self.proc / str(pid) / "task" / str(tid or pid)
        folder.mkdir(parents=True, exist_ok=True)
        if wchan is not None:
            _write(folder / "wchan", wchan)  # as /proc shows it: no newline
        _write(folder / "stat", f"{tid or pid} ({name}) {state} 1 {pid} 0 0 -1 4194560 120 0 0 0 3 1\n")
        _write(folder / "syscall", f"{call} {WAITING}\n")
        _write(folder / "io", f"rchar: 90\nwchar: 12\nsyscr: {reads}\nsyscw: 3\n")
        stdin = Path(fd0) if fd0.startswith("/") else self.root / fd0
        for link, target in (("ns/pid", self.root / ns), ("fd/0", stdin)):
            path = self.proc / str(pid) / link
            path.parent.mkdir(exist_ok=True)
            if not path.is_symlink():
                path.symlink_to(target)

    def command_started(self, kind: str) -> None:
        """The command to watch has started: a wrapper (`terminal`) or the session shell's child (`session`)."""
        if kind == "terminal":
            self.task(40, "bash", "S", "61 0xffffffff", fd0="terminal")
            _write(self.states / "pid", "40\n")
        else:
            self.task(20, "bash", "S", "61 0xffffffff", fd0="pipe")
            _write(self.states / "session.pid", "20\n")
            _write(self.proc / "20" / "task" / "20" / "children", "21 ")

    def remove(self, pid: int) -> None:
        shutil.rmtree(self.proc / str(pid))


def _write(path: Path, text: str) -> None:
    """Replace PATH's text at once, as /proc shows a task's state: the running probe never reads half a file."""
    path.with_name(path.name + ".new").write_text(text)
    os.replace(path.with_name(path.name + ".new"), path)


class Running:
    """The probe's bash loop over a FakeProc, its report lines read as they come."""

    def __init__(self, fake: FakeProc, command: str = "terminal") -> None:
        self.process = subprocess.Popen(
            ["bash", "-c", probe.PROBE, "probe", str(fake.proc), str(fake.states), "0.01", "3", command],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        # Read from the pipe itself (os.read), not through the file object: its readline() may take several report
        # lines into its buffer, where select() cannot see them, and the test then waited for a line already read.
        self.pending = ""

    def until(self, wanted: str) -> list[str]:
        """Report lines up to the first that starts with WANTED (fails after a generous 20 s)."""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            while "\n" in self.pending:
                line, self.pending = self.pending.split("\n", 1)
                self.lines.append(line)
                if line.startswith(wanted):
                    return self.lines
            self._read(0.5)
        raise AssertionError(f"no {wanted!r} report; the last ones: {self.lines[-8:]}")

    def _read(self, timeout: float) -> bool:
        """Whether a report came within TIMEOUT seconds (or one is waiting to be read); take what came."""
        if "\n" in self.pending:
            return True
        if not select.select([self.process.stdout], [], [], timeout)[0]:
            return False
        chunk = os.read(self.process.stdout.fileno(), 65536)
        if not chunk:
            raise AssertionError(f"the probe ended ({self.process.wait(timeout=5)}); it said {self.lines[-8:]}")
        self.pending += chunk.decode()
        return True

    def sampling(self, fake: FakeProc) -> None:
        """Return once the probe has sampled: an inner container's reader that keeps reading gets reported."""
        for reads in range(100, 300):
            fake.task(300, "cat", "S", f"{READ} 0x0", ns="inner-ns", fd0="pipe", reads=reads)
            if self._read(0.1):
                self.until("reading")
                return
        raise AssertionError(f"the probe never sampled; it said {self.lines[-8:]}")

    def stop(self) -> int:
        self.process.stdin.close()
        return self.process.wait(timeout=20)


@pytest.fixture
def fake(tmp_path: Path) -> FakeProc:
    return FakeProc(tmp_path)


def _reading(line: str) -> list[str]:
    return line.split()[1:]


def test_nothing_runnable_is_reported_as_quiet_streaks_and_the_probe_stops_with_its_stdin(fake: FakeProc) -> None:
    fake.task(7, "dockerd", "S", "202 0x0")
    fake.task(7, "dockerd", "S", "281 0x4", tid=9)
    fake.command_started("session")
    running = Running(fake, "session")
    lines = running.until("quiet 5")
    assert [line for line in lines if line.startswith("quiet")] == ["quiet 3", "quiet 4", "quiet 5"]
    assert running.stop() == 0


def test_a_timer_sleeper_keeps_the_sandbox_from_being_still_but_not_from_being_quiet(fake: FakeProc) -> None:
    fake.task(7, "dockerd", "S", "202 0x0", wchan="hrtimer_nanosleep")  # docker's own naps do not count
    fake.task(300, "sleep", "S", "230 0x0", ns="inner-ns", wchan="hrtimer_nanosleep")  # a logger between lines
    fake.command_started("session")
    running = Running(fake, "session")
    running.until("quiet 6")
    assert not any(line.startswith("still") for line in running.lines)
    fake.remove(300)
    running.until("still 3")
    assert running.stop() == 0


@pytest.mark.parametrize("command", ["terminal", "session"])
def test_the_streak_counts_from_the_commands_start(fake: FakeProc, command: str) -> None:
    (fake.states / "pid").write_text("30\n")  # the previous terminal's wrapper, gone
    fake.task(30, "bash", "Z", "running", fd0="other-terminal")  # (or not yet reaped)
    (fake.states / "session.pid").write_text("20\n")  # the session shell, no child yet
    fake.task(20, "bash", "S", f"{READ} 0x0", fd0="pipe")
    running = Running(fake, command)
    if command == "terminal":
        running.sampling(fake)
    else:
        time.sleep(0.3)  # some thirty samples (the session probe has nothing else to say)
    assert not any(line.startswith("quiet") for line in running.lines)
    fake.command_started(command)
    assert running.until("quiet")[-1] == "quiet 3"
    running.stop()


def test_a_runnable_thread_or_disk_wait_holds_the_streak_back(fake: FakeProc) -> None:
    fake.task(7, "dockerd", "S", "202 0x0")
    fake.task(7, "dockerd", "R", "running", tid=9)
    fake.task(8, "tar", "D", "1 0x3")
    fake.command_started("terminal")
    running = Running(fake)
    running.sampling(fake)
    assert not any(line.startswith("quiet") for line in running.lines)
    fake.remove(7)
    fake.task(8, "tar", "S", "1 0x3")
    assert [line for line in running.until("quiet") if line.startswith("quiet")] == ["quiet 3"]
    running.stop()


def _watching_a_new_reader(fake: FakeProc) -> Running:
    """A terminal command's probe, past its first sample, that has reported an inner container's new reader 300:4."""
    fake.command_started("terminal")
    running = Running(fake)
    running.until("quiet")
    fake.task(300, "python3", "S", f"{READ} 0x0", ns="inner-ns", fd0="pipe", reads=4)
    assert _reading(running.until("reading")[-1]) == ["300:4"]
    return running


def test_a_process_in_an_inner_container_blocked_reading_its_fd_0_is_a_reader(fake: FakeProc) -> None:
    running = _watching_a_new_reader(fake)
    fake.task(300, "python3", "R", "running", ns="inner-ns", fd0="pipe", reads=5)  # it read the line: busy
    assert _reading(running.until("reading")[-1]) == []
    fake.task(300, "python3", "S", f"{READ} 0x0", ns="inner-ns", fd0="pipe", reads=5)  # and waits again
    assert _reading(running.until("reading")[-1]) == ["300:5"]
    running.stop()


def test_after_the_hosts_mark_the_probe_echoes_it_and_reports_its_readers_afresh(fake: FakeProc) -> None:
    running = _watching_a_new_reader(fake)
    running.process.stdin.write("1\n")
    running.process.stdin.flush()
    running.until("mark 1")
    assert _reading(running.until("reading")[-1]) == ["300:4"]  # unchanged, but sampled after the mark
    assert running.stop() == 0


def test_readers_that_were_waiting_before_the_command_count_only_once_they_have_read(fake: FakeProc) -> None:
    fake.task(300, "bash", "S", f"{READ} 0x0", ns="inner-ns", fd0="/dev/null", reads=2)  # a `-dit` container's shell
    fake.command_started("terminal")
    running = Running(fake)
    running.until("quiet 9")
    assert not any(line.startswith("reading") for line in running.lines)
    fake.task(300, "bash", "S", f"{READ} 0x0", ns="inner-ns", fd0="/dev/null", reads=3)
    assert _reading(running.until("reading")[-1]) == ["300:3"]
    running.stop()


def test_in_the_sandbox_only_readers_of_the_commands_terminal_count(fake: FakeProc) -> None:
    fake.command_started("terminal")  # the wrapper, 40, waits for its child
    (fake.states / "session.pid").write_text("20\n")
    fake.task(20, "bash", "S", f"{READ} 0x0", fd0="pipe")  # the page's session shell, waiting for its next command
    fake.task(41, "docker", "S", f"{READ} 0x0", fd0="terminal")  # `docker run -it` forwarding the terminal
    fake.task(42, "sort", "S", f"{READ} 0x0", fd0="pipe")  # the far end of a pipeline
    fake.task(43, "cat", "S", f"{READ} 0x0", fd0="other-terminal")
    fake.task(44, "containerd-shim", "S", f"{READ} 0x0", ns="inner-ns", fd0="pipe")
    fake.task(45, "node", "S", f"{READ} 0x3", ns="inner-ns", fd0="pipe")  # reads another fd
    fake.task(46, "python3", "S", f"{READ + '1'} 0x0", ns="inner-ns", fd0="pipe")  # another call
    running = Running(fake)
    running.until("quiet")
    fake.task(47, "cat", "S", f"{READ} 0x0", fd0="terminal", reads=1)
    assert _reading(running.until("reading")[-1]) == ["47:1"]
    running.stop()


def test_an_unreadable_syscall_file_makes_the_probe_blind(fake: FakeProc) -> None:
    syscall = fake.proc / "1" / "task" / "1" / "syscall"
    syscall.unlink()
    syscall.mkdir()  # reading it fails, as an unpermitted /proc/PID/syscall does
    fake.command_started("terminal")
    running = Running(fake)
    assert running.until("blind") == ["blind"]
    assert running.until("quiet") == ["blind", "quiet 3"]  # settling is still reported
    running.stop()


def test_settled_needs_a_quiet_report_a_full_window_after_the_last_output() -> None:
    seen = Probe()
    assert not seen.settled(last_activity=0.0)
    seen.hear(f"quiet {probe.QUIET_SAMPLES}", now=10.0)
    assert seen.settled(last_activity=10.0 - probe.SETTLE_WINDOW_S)
    assert not seen.settled(last_activity=9.9)  # output arrived during the quiet samples: not caught up yet
    assert not seen.settled(last_activity=0.0, for_s=3.0)  # idle 0.5 s is not idle 3 s
    seen.hear(f"quiet {probe.QUIET_SAMPLES * 7}", now=13.0)
    assert seen.settled(last_activity=0.0, for_s=3.0)


def test_reports_update_readers_and_blindness() -> None:
    seen = Probe()
    seen.hear("reading 300:4 301:9 ", now=1.0)
    assert seen.readers == {"300:4", "301:9"} and not seen.blind
    seen.hear("reading ", now=2.0)
    assert seen.readers == frozenset()
    seen.hear("blind", now=3.0)
    assert seen.blind


def _heard(*reports: tuple[float, str]) -> Probe:
    seen = Probe()
    for now, report in reports:
        seen.hear(report, now)
    return seen


def test_readers_reported_before_the_probe_heard_of_the_input_are_stale() -> None:
    seen = _heard((1.0, "reading 300:4 "))
    seen.input_given()
    assert seen.readers == frozenset()
    seen.hear("reading 300:4 301:2 ", now=1.1)  # sampled before the input went in
    assert seen.input_wanted(frozenset(), printed=False, last_activity=1.0, now=1.1, follow=False) is None
    seen.hear("mark 1", now=1.2)
    seen.hear("reading 301:2 ", now=1.3)
    assert seen.readers == {"301:2"}


def test_a_new_reader_wants_input_and_one_already_answered_does_not() -> None:
    seen = _heard((1.0, "reading 300:4 "))
    assert seen.input_wanted(frozenset(), printed=True, last_activity=0.9, now=1.0, follow=False) == "reading"
    assert seen.input_wanted(frozenset({"300:4"}), printed=True, last_activity=0.9, now=1.0, follow=False) is None


def test_a_follow_has_caught_up_only_once_nothing_sleeps_on_a_timer_either() -> None:
    seen = Probe()
    seen.hear(f"quiet {probe.QUIET_SAMPLES}", now=10.0)
    assert not seen.caught_up(last_activity=0.0)  # nothing runs, but a timer sleeper may print more
    seen.hear(f"still {probe.QUIET_SAMPLES}", now=10.1)
    assert seen.caught_up(last_activity=10.1 - probe.SETTLE_WINDOW_S)
    assert not seen.caught_up(last_activity=10.0)  # output during the still samples: not caught up yet


def test_attached_a_settled_sandbox_wants_input_and_otherwise_only_a_long_idle_spell_does() -> None:
    settled = _heard((10.0, f"quiet {probe.QUIET_SAMPLES}"))
    assert settled.input_wanted(frozenset(), printed=True, last_activity=9.0, now=10.0, follow=True) == "settled"
    assert settled.input_wanted(frozenset(), printed=True, last_activity=9.0, now=10.0, follow=False) is None
    idle = _heard((10.0, f"quiet {int(probe.QUIET_WITHOUT_OUTPUT_S / probe.SAMPLE_S)}"))
    assert idle.input_wanted(frozenset(), printed=False, last_activity=6.0, now=10.0, follow=False) == "idle"
    busy = _heard((10.0, f"quiet {probe.QUIET_SAMPLES}"))  # silent 4 s, but it computed until just now
    assert busy.input_wanted(frozenset(), printed=False, last_activity=6.0, now=10.0, follow=False) is None


def test_a_blind_probe_falls_back_to_the_quiet_rule() -> None:
    blind = _heard((0.0, "blind"))
    assert blind.input_wanted(frozenset(), printed=True, last_activity=9.6, now=10.0, follow=False) is None
    assert blind.input_wanted(frozenset(), printed=True, last_activity=9.5, now=10.0, follow=False) == "quiet"
    assert blind.input_wanted(frozenset(), printed=False, last_activity=9.5, now=10.0, follow=False) is None
    assert blind.input_wanted(frozenset(), printed=False, last_activity=7.0, now=10.0, follow=False) == "quiet"
