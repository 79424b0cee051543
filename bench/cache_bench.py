"""Benchmark of re-running only what changed, and of pages in parallel: prints figures, asserts nothing.

    .venv/bin/python bench/cache_bench.py             # all three figures
    .venv/bin/python bench/cache_bench.py --no-docs   # only the fixture pages (leaves docs' cache alone)

1. Unchanged re-run of the whole docs suite, `docktest run docs` and `pytest docs` (target ≤ 3 s each),
   after one full run that fills the cache.
2. The same for a fixture set of four small pages in a throwaway project.
3. Those four pages with the cache off under pytest-xdist, 1 worker then 2 workers: wall times and ratio.

Every figure is the wall time of a fresh process, as a reader typing the command would see it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "images.md": "# Images\n\n```bash\ndocker pull node:latest\ndocker images node\n```\n",
    "run.md": "# Run\n\n```bash\ndocker run --rm python python -c 'print(6 * 7)'\n```\n",
    "state.md": "# State\n\n```bash\ncd /tmp\nNAME=docktest\n```\n\n```bash\necho \"$NAME in $PWD\"\nsleep 2\n```\n",
    "containers.md": "# Containers\n\n```bash\ndocker run -d --name web python sleep 60\ndocker ps\n"
                     "docker rm -f web\n```\n",
}


def timed(argv: list[str], cwd: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=1800)
    elapsed = time.monotonic() - started
    if done.returncode:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return elapsed


def unchanged_reruns(label: str, cwd: Path, target: str, repeats: int) -> None:
    """One full run (cache refreshed), then REPEATS unchanged re-runs with each front end."""
    docktest = [sys.executable, "-m", "docktest", "run", target]
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target]
    full = timed([*docktest, "--no-cache"], cwd)
    print(f"{label}: full run (docktest run --no-cache) {full:6.1f} s", flush=True)
    for name, argv in (("docktest run", docktest), ("pytest", pytest)):
        times = [timed(argv, cwd) for _ in range(repeats)]
        median = statistics.median(times)
        print(f"{label}: unchanged re-run, {name:<12} median {median:5.2f} s of {repeats} "
              f"(min {min(times):.2f}, max {max(times):.2f}; target ≤ 3 s) {'ok' if median <= 3 else 'MISSED'}",
              flush=True)


def workers(project: Path) -> None:
    """The fixture pages with the cache off, one xdist worker then two, in this one run."""
    walls = {}
    for count in (1, 2):
        walls[count] = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--docktest-no-cache",
                              "-n", str(count), "docs"], project)
        print(f"fixture pages: pytest -n {count} (cache off) {walls[count]:6.1f} s", flush=True)
    print(f"fixture pages: 1 worker / 2 workers = {walls[1] / walls[2]:.2f}x speed-up "
          f"({len(PAGES)} pages, 2 cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-docs", action="store_true", help="skip the docs figures")
    parser.add_argument("--repeats", type=int, default=3, help="unchanged re-runs per front end")
    args = parser.parse_args()
    if not args.no_docs:
        unchanged_reruns("docs", ROOT, "docs", args.repeats)
    with tempfile.TemporaryDirectory(prefix="docktest-bench-") as folder:
        project = Path(folder)
        (project / "docs").mkdir()
        for name, text in PAGES.items():
            (project / "docs" / name).write_text(text, encoding="utf-8")
        (project / "pytest.ini").write_text("[pytest]\ntestpaths = docs\ndocktest_paths = docs\n")
        unchanged_reruns(f"fixture pages ({len(PAGES)})", project, "docs", args.repeats)
        workers(project)


if __name__ == "__main__":
    main()
