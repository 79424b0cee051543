"""Benchmark of the static half: `docktest check` throughput, and `mkdocs build` time with and without the hook.

    .venv/bin/python bench/check_bench.py [--pages 1000] [--blocks 5]

On a generated corpus (bench/check_corpus.py: Korean prose, shell blocks) in a temporary folder.
Targets: check ≥ 2,000 blocks/s on one core with no Docker daemon involved; the hook adds ≤ 10 % to
`mkdocs build`. Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_corpus import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ONE_CORE = ["taskset", "-c", "0"] if shutil.which("taskset") else []


@dataclass(frozen=True, order=True)
class Timing:
    cpu_s: float  # user + system time of the child: what it costs, whatever else the machine is doing
    wall_s: float


def timed(argv: list[str], cwd: Path) -> Timing:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=env, timeout=1800)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return Timing(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall)


def site_config(out: Path, with_hook: bool) -> Path:
    """The site's own Markdown extensions and theme; only the docktest hook differs between the two builds."""
    site = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = site[site.index("markdown_extensions:"):]
    extensions = re.split(r"^\S", extensions[len("markdown_extensions:"):], flags=re.M)[0]
    hooks = f"hooks:\n  - {ROOT / 'hooks' / 'docktest_hook.py'}\n" if with_hook else ""
    config = out / ("with-hook.yml" if with_hook else "without-hook.yml")
    config.write_text(f"site_name: 벤치마크\ndocs_dir: docs\ntheme:\n  name: material\n  language: ko\n"
                      f"{hooks}markdown_extensions:{extensions}", encoding="utf-8")
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--builds", type=int, default=2, help="mkdocs builds per variant (the best counts)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docktest-bench-") as tmp:
        out = Path(tmp)
        docs = generate(out, args.pages, args.blocks)
        blocks = args.pages * args.blocks
        print(f"corpus: {args.pages} pages × {args.blocks} shell blocks = {blocks} blocks in {docs}")

        docktest = [*ONE_CORE, sys.executable, "-m", "docktest", "check", str(docs)]
        timed(docktest, out)  # warm the docker CLI cache and the file system
        check = min(timed(docktest, out) for _ in range(3))
        verdict = "ok" if blocks / check.cpu_s >= 2000 else "MISSED"
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"docktest check (one core{'' if ONE_CORE else ': taskset missing, all cores'}): "
              f"{check.cpu_s:.2f} s CPU → {blocks / check.cpu_s:,.0f} blocks/s (target ≥ 2,000) {verdict}; "
              f"{check.wall_s:.2f} s wall → {blocks / check.wall_s:,.0f} blocks/s")

        builds = {}
        for with_hook in (False, True):
            config = site_config(out, with_hook)
            argv = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out / "site")]
            builds[with_hook] = min(timed(argv, out) for _ in range(args.builds))
            print(f"mkdocs build {'with' if with_hook else 'without'} the hook: "
                  f"{builds[with_hook].cpu_s:.2f} s CPU, {builds[with_hook].wall_s:.2f} s wall")
        overhead = builds[True].cpu_s / builds[False].cpu_s - 1
        wall_overhead = builds[True].wall_s / builds[False].wall_s - 1
        verdict = "ok" if overhead <= 0.10 else "MISSED"
        print(f"hook overhead: {overhead:+.1%} CPU (target ≤ 10 %) {verdict}; {wall_overhead:+.1%} wall")
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
