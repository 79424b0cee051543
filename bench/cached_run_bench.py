"""Benchmark of what cached pages cost `docktest run`: every page of docs/ is cached, so a run only reads, checks and
looks them up, and runs nothing. Prints figures, asserts nothing.

    .venv/bin/python bench/cached_run_bench.py [--repeats N]

No Docker engine is needed: the cache is filled with one passing result per command through PageCache, the way a
passing run stores them, in a throwaway folder whose docs/ links to this project's (its .docktest/ is left alone).
Two figures: `docktest run docs` as a fresh process (what a reader waits for), and the same run repeated inside one
process (the run's own cost, without the interpreter's start and imports).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docktest import config
from docktest.adapters import cli
from docktest.extract import markdown
from docktest.model import Result
from docktest.run.cache import PageCache

ROOT = Path(__file__).resolve().parents[1]
RUN = ["run", "docs", "--mode", "offline", "--format", "json", "-q"]


def fill(root: Path) -> int:
    """Cache a passing run of every page under ROOT/docs (the working folder is ROOT); the number of pages."""
    cache = PageCache(config.load(mode="offline", root=root, progress=False))
    pages = markdown.find_pages(["docs"])
    for page in pages:
        path = page.as_posix()
        snippets = markdown.extract_page(path)
        cache.store(path, cache.key(snippets, page.parent),
                    [Result(path, command.line, command.text, "passed", 0, 0.1, "", snippet.id)
                     for snippet in snippets for command in snippet.commands])
    return len(pages)


def fresh_process(root: Path) -> tuple[float, list[dict]]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(cli.__file__).parents[2]),
                                                                       os.environ.get("PYTHONPATH")]))}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "docktest", *RUN], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    elapsed = time.monotonic() - started
    if done.returncode:
        sys.exit(f"docktest run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, json.loads(done.stdout)["results"]


def in_process() -> float:
    started = time.monotonic()
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(RUN)
    elapsed = time.monotonic() - started
    if code:
        sys.exit(f"docktest run exited {code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    print(f"docktest from {Path(cli.__file__).parents[1]}")
    with tempfile.TemporaryDirectory(prefix="docktest-cached-bench-") as folder:
        root = Path(folder)
        (root / "docs").symlink_to(ROOT / "docs")
        os.chdir(root)
        pages = fill(root)
        runs = [fresh_process(root) for _ in range(args.repeats)]
        results = runs[0][1]
        cached = sum(1 for result in results if result.get("cached_from"))
        passed = sum(1 for result in results if result["status"] == "passed")
        print(f"{pages} pages, {len(results)} results, {cached} of the {passed} passed from the cache")
        fresh = [elapsed for elapsed, _ in runs]
        print(f"fresh process: median {statistics.median(fresh):.3f} s of {args.repeats} "
              f"(min {min(fresh):.3f}, max {max(fresh):.3f})")
        first = in_process()
        inside = [in_process() for _ in range(args.repeats)]
        print(f"in one process: first {first * 1000:.0f} ms, then median {statistics.median(inside) * 1000:.1f} ms "
              f"of {args.repeats} (min {min(inside) * 1000:.1f}, max {max(inside) * 1000:.1f})")


if __name__ == "__main__":
    main()
