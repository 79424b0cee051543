"""A sandbox, its launcher and a session that do nothing: the runner's setup goes to them, and a test replaces
runner.run_command to record or fake the commands themselves (no Docker)."""

from __future__ import annotations

import contextlib
import subprocess


class Sandbox:
    """Takes the runner's setup commands; the commands themselves go to the fake run_command."""

    project = "fake"

    def run(self, *argv: str, **options: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(argv, 0, "", "")


class Launcher:
    @contextlib.contextmanager
    def open(self, registry: str | None = None):
        yield Sandbox()


class Session:
    def __init__(self, sandbox: object) -> None:
        pass

    def close(self) -> None:
        pass
