"""Live re-verification: a background worker re-runs queued pages, each in a fresh sandbox, and merges their results.

Each run happens in a child process (`python -m docktest.adapters.live_child`) that starts its sandbox as soon
as it is spawned and then waits for a page: the worker keeps one such child ready while it is idle,
so a save does not wait for a sandbox to start, yet every sandbox serves one run only. Cancelling a
run is a SIGINT to its child, which unwinds like Ctrl-C and removes its sandbox; the children live in
sessions of their own, so a terminal's Ctrl-C reaches the worker (through `stop`) and not them twice.
A finished run's results replace that page's results in the results file, written whole and renamed.

A serve killed outright (`kill -9`) cannot clean up. Its children notice: their stdin closes, and they
cancel themselves like Ctrl-C. What may still remain (a child killed too, or stuck) names its serve by
pid and start time: the children's scratch files in their names, their sandboxes in a label
(config.LIVE_OWNER_LABEL). The next worker to start removes both when that serve is gone, and keeps
those of a serve still running elsewhere.
"""

from __future__ import annotations

import base64
import contextlib
import os
import pickle
import re
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Callable, Sequence, TextIO

from docktest import config
from docktest.files import write_whole
from docktest.model import Result, SandboxError
from docktest import results_file
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.owners import long_lived_owner, process_is_gone, start_time
from docktest.sandbox.leftovers import reap_leftovers

DONE = "done"  # the child's word that its results are written (its sandbox is removed after)
STOP_GRACE_S = 120.0  # how long a cancelled child may take to remove its sandbox before it is killed
SCRATCH = re.compile(r"live-(\d+)-(\d*)-\w+\.json")  # a child's results file: live-<serve pid>-<its start>-….json
Log = Callable[[str], None]


class LiveWorker:
    """Re-runs the pages it is given (paths from the settings' root), one at a time, in order, and merges their
    results into the settings' results file; a page given again while it runs restarts it."""

    def __init__(self, settings: config.Settings, log: Log) -> None:
        self.settings = settings
        self.log = log
        self._changed = threading.Condition()
        self._pending: list[str] = []
        self._versions: dict[str, str] = {}  # the page version last queued, so one version runs once
        self._running: tuple[str, _Child] | None = None
        self._ready: _Child | None = None  # started, its sandbox coming up, waiting for a page
        self._stopping = False
        self._thread = threading.Thread(target=self._work, name="docktest-live", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def submit(self, path: str, version: str) -> None:
        """Queue PATH (relative to the root) unless this VERSION of it was queued already; cancel its running run."""
        with self._changed:
            if self._stopping or self._versions.get(path) == version:
                return
            self._versions[path] = version
            if path not in self._pending:
                self._pending.append(path)
                self.log(f"docktest live: {path} queued")
            if self._running is not None and self._running[0] == path:
                self.log(f"docktest live: {path} changed; its run is cancelled")
                self._running[1].cancel()
            self._changed.notify_all()

    def stop(self) -> None:
        """Cancel the run in progress and the ready child; wait until their sandboxes are removed."""
        with self._changed:
            if self._stopping:
                return
            self._stopping = True
            ready, self._ready = self._ready, None
            running = self._running[1] if self._running else None
            self._changed.notify_all()
        for child in (ready, running):
            if child is not None:
                child.cancel()
        if ready is not None:
            ready.wait_gone()
        if self._thread.is_alive():  # it waits for the running child itself
            self._thread.join(timeout=STOP_GRACE_S)

    def _work(self) -> None:
        self._clean_after_dead_serves()
        while True:
            with self._changed:
                while not self._pending and not self._stopping:
                    self._changed.wait()
                if self._stopping:
                    return
                path = self._pending.pop(0)
                child, self._ready = self._ready or self._spawn(), None
                self._running = (path, child)
            results = child.run(path)
            with self._changed:
                self._running = None
                stopping = self._stopping
            if results is not None:
                merge(self.settings.results, path, results)
                failed = sum(r.failing for r in results)
                self.log(f"docktest live: {path}: {len(results)} commands, {failed} failed; marks updated")
            elif not stopping and not child.cancelled:
                self.log(f"docktest live: {path}: the run could not finish: {child.error}")
            with self._changed:
                if not self._stopping and child.error is None:  # a broken engine is not retried on its own
                    self._ready = self._spawn()
            child.wait_gone()

    def _clean_after_dead_serves(self) -> None:
        """Remove the scratch files and sandboxes of serves that are gone (sandboxes of dead runs go too)."""
        files = remove_dead_scratch_files(self.settings.user_cache)
        try:
            docker = HostDocker.of(self.settings)
            docker.check_engine()
            sandbox_parts = reap_leftovers(docker, self.settings.user_cache)
        except (SandboxError, subprocess.SubprocessError, OSError) as error:
            self.log(f"docktest live: leftovers of earlier runs not checked: {error}")
            return
        if files or sandbox_parts:
            self.log(f"docktest live: removed what earlier runs left: {len(files)} scratch files, "
                     f"{len(sandbox_parts)} sandbox containers, networks and volumes")

    def _spawn(self) -> _Child:
        child = _Child(self.settings)
        self.log(f"docktest live: starting a sandbox for the next run (process {child.process.pid})")
        return child


class _Child:
    """One child process: its sandbox starts at once; it runs the one page it is given, then removes the sandbox."""

    def __init__(self, settings: config.Settings) -> None:
        serve = os.getpid()  # the worker runs in serve's process: its files and sandboxes name serve (see SCRATCH)
        self.out = Path(tempfile.mkstemp(prefix=f"live-{serve}-{start_time(serve)}-", suffix=".json",
                                         dir=settings.user_cache)[1])
        self.process = subprocess.Popen([sys.executable, "-m", "docktest.adapters.live_child", "--out", str(self.out),
                                         "--serve", long_lived_owner()], cwd=settings.root, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        start_new_session=True)
        send_settings(self.process.stdin, settings)
        self.cancelled = False
        self.error: str | None = None

    def run(self, path: str) -> list[Result] | None:
        """PATH's results as soon as the child has them (it removes its sandbox after), or None when the run was
        cancelled or failed (then `error` says why)."""
        try:
            self.process.stdin.write(path + "\n")
            self.process.stdin.flush()  # left open: communicate() closes it
        except BrokenPipeError:
            pass  # it ended before its page came: what it printed says why
        if self.process.stdout.readline().strip() == DONE:
            try:
                return list(results_file.read(self.out).results)
            except ValueError as error:
                self.error = str(error)
                return None
        _, stderr = self.process.communicate()
        lines = stderr.strip().splitlines()
        self.error = lines[-1] if lines else f"exit status {self.process.returncode}"
        return None

    def cancel(self) -> None:
        self.cancelled = True
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGINT)

    def wait_gone(self) -> None:
        """Until the child has removed its sandbox and ended."""
        try:
            if self.process.returncode is None:  # else a failed run has waited for it already
                self.process.communicate(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            self.process.kill()  # what it leaves, the next run's reaping removes (its owner is gone)
        self.out.unlink(missing_ok=True)


def remove_dead_scratch_files(folder: Path) -> list[Path]:
    """Remove the children's scratch files in FOLDER whose serve is gone; the removed files."""
    removed = []
    for file in folder.glob("live-*.json"):
        named = SCRATCH.fullmatch(file.name)
        if named and process_is_gone(int(named[1]), named[2]):
            file.unlink(missing_ok=True)
            removed.append(file)
    return removed


def merge(results: Path, path: str, page_results: Sequence[Result]) -> None:
    """Replace PATH's results in the results file by PAGE_RESULTS (in place of the old ones), atomically."""
    try:
        earlier = list(results_file.read(results).results) if results.is_file() else []
    except ValueError:
        earlier = []  # a file no reader can use: this run's results start it afresh
    kept = [r for r in earlier if r.path != path]
    at = next((i for i, r in enumerate(earlier) if r.path == path), len(earlier))  # nothing of PATH's is before it
    merged = kept[:at] + list(page_results) + kept[at:]
    results.parent.mkdir(parents=True, exist_ok=True)
    write_whole(results, results_file.encode(merged).encode("utf-8"))


def send_settings(stream: TextIO, settings: config.Settings) -> None:
    """The worker's settings, as the first line of the child's stdin: the child runs as the worker would (same mode,
    engine, timeouts, site rules) without deciding any of it again (the mode's name lookup included)."""
    stream.write(base64.b64encode(pickle.dumps(replace(settings, progress=False))).decode("ascii") + "\n")
    stream.flush()


def read_settings(stream: TextIO) -> config.Settings | None:
    """What send_settings wrote (the parent is this very program, so pickle is safe); None when stdin closed first."""
    line = stream.readline().strip()
    return pickle.loads(base64.b64decode(line)) if line else None
