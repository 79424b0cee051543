"""One round of image preparation: the engine it builds on, and progress on stderr, so a cold build never looks hung."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
from typing import IO, Callable, Iterator

from docktest.sandbox.docker import HostDocker

BUILD_TIMEOUT_S = 1200
QUIET_LIMIT_S = 5.0  # the longest stderr stays silent while steps run: then a line says what each is doing
DOING_WIDTH = 45  # characters of each step's latest line in that line (four steps run at once)


class Builder:
    """Builds on DOCKER, saying each step on stderr (`docktest [  12.3s] …`) when PROGRESS is on.

    Steps run side by side; each one's latest output line is kept, and whenever nothing was said for
    QUIET_LIMIT_S, one line names every running step and that line (`still dind: Unpacking docker.io …`).
    """

    def __init__(self, docker: HostDocker, progress: bool, quiet_limit_s: float = QUIET_LIMIT_S) -> None:
        self.docker = docker
        self.progress = progress
        self.quiet_limit_s = quiet_limit_s
        self.started = self._said_at = time.monotonic()
        self._doing: dict[str, str] = {}  # running step → its latest output line

    def say(self, message: str) -> None:
        self._said_at = time.monotonic()
        if self.progress:
            print(f"docktest [{self._said_at - self.started:6.1f}s] {message}", file=sys.stderr, flush=True)

    def run(self, *args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.docker.run(*args, timeout=timeout, check=check)

    def exists(self, ref: str) -> bool:
        return self.run("image", "inspect", ref, check=False).returncode == 0

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        """NAME runs inside the block: the quiet-time line names it until it ends."""
        self._doing[name] = "starting"
        try:
            yield
        finally:
            self._doing.pop(name, None)

    def doing(self, name: str, line: str) -> None:
        """Step NAME's latest output line (or what it is at), for the quiet-time line."""
        self._doing[name] = line.strip()[:DOING_WIDTH]

    def follow(self, process: subprocess.Popen, lines: IO[str], name: str, said: Callable[[str], bool],
               kept: Callable[[str], object] = str.strip) -> list[str]:
        """Read PROCESS's output LINES to the end as step NAME's: the lines SAID picks are said, the last line KEPT
        picks is what the step is at (for the quiet-time line); a process still going after BUILD_TIMEOUT_S is
        killed. Returns every line read."""
        output: list[str] = []
        watchdog = threading.Timer(BUILD_TIMEOUT_S, process.kill)  # reading blocks: kill what hangs
        watchdog.start()
        try:
            for line in lines:
                output.append(line)
                if said(line):
                    self.say(f"  {name}: {line.strip()[:100]}")
                if kept(line):
                    self.doing(name, line)
        finally:
            watchdog.cancel()
        return output

    @contextlib.contextmanager
    def heartbeat(self) -> Iterator[None]:
        """While the block runs, never more than QUIET_LIMIT_S without a line while a step is running."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(self.quiet_limit_s / 5):
                doing = self._doing.copy()  # one atomic copy: steps come and go on other threads
                if doing and time.monotonic() - self._said_at >= self.quiet_limit_s:
                    self.say("  still " + "; ".join(f"{name}: {line}" for name, line in sorted(doing.items())))

        beating = threading.Thread(target=beat, name="docktest-build-progress", daemon=True)
        beating.start()
        try:
            yield
        finally:
            stop.set()
            beating.join()
