"""Where a sandbox's seconds outside the commands go: each phase of bringing one up and taking it down, timed.

    .venv/bin/python bench/sandbox_profile.py            # phases of Launcher.open(), as docktest does them
    .venv/bin/python bench/sandbox_profile.py --compose  # the Compose steps underneath, one by one

Prints figures only (one run; the machine is noisy).
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

from docktest import config
from docktest.run import runner
from docktest.sandbox.launcher import DOWN, Launcher
from docktest.run.session import Session

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs/section02-images-containers.md"


class Clock:
    """Named laps from one start."""

    def __init__(self) -> None:
        self.last = time.monotonic()
        self.laps: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.laps.append((name, now - self.last))
        self.last = now

    def print(self, title: str) -> None:
        print(title)
        for name, seconds in self.laps:
            print(f"  {name:<44} {seconds:6.2f} s")
        print(f"  {'total':<44} {sum(s for _, s in self.laps):6.2f} s")


def profile_open(launcher: Launcher) -> None:
    """Launcher.open() as the runner uses it: up, prepare (copy-in), session start, a first command, down."""
    from docktest.extract.markdown import extract_page, read_page
    snippets = extract_page(str(PAGE), read_page(str(PAGE)))
    clock = Clock()
    with launcher.open() as sandbox:
        clock.lap("up (daemon and registry ready)")
        runner._prepare_sandbox(sandbox, snippets, PAGE.parent)
        clock.lap("prepare: state dir, copy-in of example folders")
        session = Session(sandbox)
        session.run("true", "", 60)
        clock.lap("session start + first `true`")
        session.run("true", "", 60)
        clock.lap("second `true` in the session")
        session.close()
        clock.lap("session close")
    clock.lap("down (caller waits)")
    clock.print("Launcher.open() phases:")


def profile_compose(launcher: Launcher) -> None:
    """The Compose steps underneath: create, start, registry answering, dockerd answering, down."""
    docker = launcher.docker
    form = launcher.form()
    files = [arg for file in launcher.compose_files(form) for arg in ("-f", file)]
    project = launcher.project_name()
    compose = [config.compose_binary(), "--env-file", str(launcher.env_file()), *files, "-p", project]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*compose, *args], capture_output=True, text=True, timeout=300, env=docker.env())

    clock = Clock()
    try:
        run("up", "--no-start")
        clock.lap("compose create (network, volume, containers)")
        run("start", "registry")
        clock.lap("start registry")
        run("start", "dind")
        clock.lap("start dind")
        container = launcher._dind_container(project)
        clock.lap("find the dind container")
        docker.run("exec", container, "sh", "-c", "until curl -sf http://registry:5000/v2/ >/dev/null; do sleep 0.02; done",
                   timeout=120)
        clock.lap("registry answers (polled from inside)")
        docker.run("exec", container, "sh", "-c", "until docker version >/dev/null 2>&1; do sleep 0.02; done",
                   timeout=120)
        clock.lap("dockerd answers (polled from inside)")
        docker.run("exec", container, "true")
        clock.lap("one `docker exec true`")
    finally:
        run(*DOWN)
        clock.lap(f"compose {' '.join(DOWN)}")
    clock.print(f"Compose steps ({form} form):")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compose", action="store_true", help="time the Compose steps underneath too")
    args = parser.parse_args()
    launcher = runner.prepare(config.load())
    profile_open(launcher)
    if args.compose:
        profile_compose(launcher)


if __name__ == "__main__":
    main()
