"""Benchmark of the sandbox runner: warm and cold runs of the section 02 page, and per-command overhead.

    .venv/bin/python bench/run_bench.py            # warm, overhead, then cold (removes docktest's images first)
    .venv/bin/python bench/run_bench.py --no-cold  # keep the cached images

Targets on a 2-core machine (issue 11): warm ≤ 15 s of which ≤ 3 s outside the commands' own durations, cold ≤ 100 s,
overhead ≤ 0.15 s per command. Also prints two pages in one run (the second page's sandbox starts while the first
runs). Prints figures only.

The cold run removes every docktest/* image on the engine: do not run it on an engine others share.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from pathlib import Path

from docktest import config
from docktest.run import runner
from docktest.run.sandbox import Launcher, Sandbox
from docktest.run.session import Session

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs/section02-images-containers.md"
OVERHEAD_COMMANDS = ("docker ps", "docker version --format '{{.Server.Version}}'", "true")


def timed_page_run(label: str, target_s: float) -> float:
    started = time.monotonic()
    results = runner.run_pages([PAGE], config.load(root=ROOT, cache=False))  # absolute: runs from any folder
    elapsed = time.monotonic() - started
    inside = sum(r.duration_s for r in results)
    statuses = {status: sum(r.status == status for r in results) for status in ("passed", "failed", "skipped", "timeout")}
    verdict = "ok" if elapsed <= target_s and statuses["failed"] == statuses["timeout"] == 0 else "MISSED"
    print(flush=True)
    print(f"{label:<6} run of {PAGE.name}: {elapsed:6.1f} s (target ≤ {target_s:.0f} s) {verdict}  {statuses}")
    if label == "warm":
        outside = elapsed - inside
        print(f"{label:<6} inside the {len(results)} commands {inside:6.1f} s, outside them {outside:6.1f} s "
              f"(target ≤ 3 s) {'ok' if outside <= 3 else 'MISSED'}")
        slowest = sorted(results, key=lambda r: r.duration_s, reverse=True)[:3]
        print("       slowest: " + ", ".join(f"L{r.line} {r.command[:30]!r} {r.duration_s:.1f} s" for r in slowest))
    return elapsed


def two_pages(one_page_s: float) -> None:
    """The page twice in one run: what starting the second sandbox ahead saves against two separate runs."""
    started = time.monotonic()
    results = runner.run_pages([PAGE, PAGE], config.load(root=ROOT, cache=False))
    elapsed = time.monotonic() - started
    failed = sum(r.status != "passed" for r in results)
    print(f"two pages in one run: {elapsed:6.1f} s (two separate warm runs ≈ {2 * one_page_s:.1f} s), "
          f"{len(results)} results, {failed} not passed")


def overhead(launcher: Launcher, repeats: int) -> None:
    """Median time of a command in the sandbox's shell session minus the same command on the plain host."""
    with launcher.open() as sandbox:
        runner._prepare_sandbox(sandbox, [], ROOT)
        session = Session(sandbox)
        try:
            _overheads(sandbox, session, repeats)
        finally:
            session.close()


def _overheads(sandbox: Sandbox, session: Session, repeats: int) -> None:
    for command in OVERHEAD_COMMANDS:
        inside, outside = [], []
        for _ in range(repeats):
            inside.append(runner.run_command(sandbox, session, command, "plain", "", 60, 3).duration_s)
            started = time.monotonic()
            subprocess.run(["bash", "-c", command], capture_output=True, timeout=60)
            outside.append(time.monotonic() - started)
        extra = statistics.median(inside) - statistics.median(outside)
        print(f"overhead {command!r:<45} sandbox {statistics.median(inside):.3f} s, host "
              f"{statistics.median(outside):.3f} s, overhead {extra:+.3f} s (target ≤ 0.15 s) "
              f"{'ok' if extra <= 0.15 else 'MISSED'}")


def remove_cached_images() -> None:
    listed = subprocess.run(["docker", "images", "--format", "{{.Repository}}:{{.Tag}}", "--filter",
                             "reference=docktest/*"], capture_output=True, text=True, timeout=60, check=True)
    refs = listed.stdout.split()
    if refs:
        subprocess.run(["docker", "rmi", "-f", *refs], capture_output=True, timeout=600, check=True)
    print(f"cold: removed {len(refs)} cached images")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cold", action="store_true", help="skip the cold run (keeps the cached images)")
    parser.add_argument("--repeats", type=int, default=15, help="runs per command for the overhead figure")
    args = parser.parse_args()
    launcher = runner.prepare(config.load())  # build what is missing, so the warm run is warm
    warm_s = timed_page_run("warm", 15)
    two_pages(warm_s)
    overhead(launcher, args.repeats)
    if not args.no_cold:
        remove_cached_images()
        timed_page_run("cold", 100)


if __name__ == "__main__":
    main()
