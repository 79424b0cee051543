"""The live worker's child process (`python -m docktest.adapters.live_child`): it starts a sandbox at once, reads the
page to run from its stdin, checks and runs it there, writes its results and removes the sandbox (see
docktest.run.live).

An adapter, like the CLI: a process's entry point that composes the stages (extract and check the page, run it,
encode its results), so run/ holds no caller of the checks."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator, Sequence

from docktest import results_file
from docktest.check.pages import read_checked
from docktest.model import SandboxError
from docktest.run.cache import PageCache
from docktest.run.live import DONE, read_settings
from docktest.run.runner import prepare, run_page
from docktest.sandbox.launcher import Launcher, Sandbox


class _Started:
    """A launcher whose one sandbox is already up: run_page opens it once, the child removes it afterwards. A page
    whose stand-ins that sandbox's registry lacks (a REGISTRY of its own) gets a new sandbox from LAUNCHER instead."""

    def __init__(self, sandbox: Sandbox, launcher: Launcher) -> None:
        self.sandbox, self.launcher, self.docker = sandbox, launcher, launcher.docker

    @contextlib.contextmanager
    def open(self, registry: str | None = None) -> Iterator[Sandbox]:
        if registry is None:
            yield self.sandbox
        else:
            with self.launcher.open(registry) as sandbox:
                yield sandbox


def _child(out: Path, serve: str) -> int:
    """The child's job: start a sandbox, read a page's path from stdin, run it there, write its results to OUT.

    SERVE is the serve it works for, labelled on its sandbox.
    """
    settings = read_settings(sys.stdin)
    if settings is None:  # the worker stopped before the child could start
        return 0
    signal.signal(signal.SIGINT, _cancel_once)
    launcher = prepare(settings, live_owner=serve)
    with launcher.open() as sandbox:
        path = sys.stdin.readline().strip()
        if not path:  # the worker stopped before giving a page, or serve was killed
            return 0
        threading.Thread(target=_cancel_when_serve_is_gone, daemon=True).start()
        page = read_checked(Path(path), settings.check)
        results = run_page(page, PageCache(settings), lambda: _Started(sandbox, launcher), settings)
        out.write_text(results_file.encode(results), encoding="utf-8")
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a cancel arriving now must not stop the sandbox's removal
        print(DONE, flush=True)  # the page can show its marks while the sandbox goes
    return 0


def _cancel_once(signum: int, frame: object) -> None:
    """A cancel unwinds like Ctrl-C; a second one (a new save, then stop) must not interrupt the sandbox's removal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def _cancel_when_serve_is_gone() -> None:
    """Cancel the run when stdin closes before DONE: the worker closes it only after DONE, a cancel or the child's
    end, so serve was killed."""
    sys.stdin.read()
    os.kill(os.getpid(), signal.SIGINT)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m docktest.adapters.live_child", description=_child.__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--serve", default="", help="host:pid:start of the serve this run works for")
    args = parser.parse_args(argv)
    try:
        return _child(args.out, args.serve)
    except KeyboardInterrupt:
        return 130  # cancelled: the sandbox was removed on the way out
    except (SandboxError, subprocess.SubprocessError, OSError) as error:
        print(f"docktest live: {error}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
