"""Benchmark of the sandbox runner: warm and cold runs of the section 02 page, and per-command overhead.

    .venv/bin/python bench/run_bench.py            # warm, two pages, overhead (shared engine), then cold
    .venv/bin/python bench/run_bench.py --no-cold  # only the figures on the shared engine
    .venv/bin/python bench/run_bench.py --no-warm  # only the cold run

Targets on a 2-core machine (issue 11): warm ≤ 15 s of which ≤ 3 s outside the commands' own durations, cold ≤ 100 s,
overhead ≤ 0.15 s per command. Also prints two pages in one run (the second page's sandbox starts while the first
runs). Prints figures only; one run of each, on a machine others share: expect noise.

The warm figures come from the engine Docker's defaults point at (the shared one), which gets any image it lacks.
The cold run never touches it: `docktest run` (offline mode, as a reader types it, its progress on a terminal) goes
to a throwaway engine in its own network namespace (tests/own_engine.py; needs root, unshare and slirp4netns) that
starts with no images; the figure is from that empty engine to the page's results, builds included, and the longest
the terminal stayed silent. The engine, its data and the run's cache folder are deleted afterwards, also on Ctrl-C,
SIGTERM or failure.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import docktest
from docktest import config
from docktest.check.pages import read_checked
from docktest.run import runner
from docktest.sandbox.launcher import Launcher, Sandbox
from docktest.run.session import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the throwaway engine the online-mode test uses too
from own_engine import engine_in_own_network, route_out_missing  # noqa: E402

SOURCE = Path(docktest.__file__).resolve().parents[1]  # the cold run's docktest is the one imported here
PAGE = ROOT / "docs/section02-images-containers.md"
OVERHEAD_COMMANDS = ("docker ps", "docker version --format '{{.Server.Version}}'", "true")


def timed_page_run(label: str, target_s: float) -> float:
    started = time.monotonic()
    settings = config.load(root=ROOT, cache=False)
    results = runner.run_pages([read_checked(PAGE, settings.check)], settings)  # absolute: runs from any folder
    elapsed = time.monotonic() - started
    print(flush=True)
    print_verdict(label, elapsed, target_s, Counter(r.status for r in results))
    if label == "warm":
        inside = sum(r.duration_s for r in results)
        outside = elapsed - inside
        print(f"{label:<6} inside the {len(results)} commands {inside:6.1f} s, outside them {outside:6.1f} s "
              f"(target ≤ 3 s) {'ok' if outside <= 3 else 'MISSED'}")
        slowest = sorted(results, key=lambda r: r.duration_s, reverse=True)[:3]
        print("       slowest: " + ", ".join(f"L{r.line} {r.command[:30]!r} {r.duration_s:.1f} s" for r in slowest))
    return elapsed


def print_verdict(label: str, elapsed: float, target_s: float, statuses: Counter[str]) -> None:
    counts = {status: statuses[status] for status in ("passed", "failed", "skipped", "timeout")}
    all_passed = counts["passed"] and counts["failed"] == counts["timeout"] == 0
    verdict = "ok" if elapsed <= target_s and all_passed else "MISSED"
    print(f"{label:<6} run of {PAGE.name}: {elapsed:6.1f} s (target ≤ {target_s:.0f} s) {verdict}  {counts}")


def two_pages(one_page_s: float) -> None:
    """The page twice in one run: what starting the second sandbox ahead saves against two separate runs."""
    started = time.monotonic()
    settings = config.load(root=ROOT, cache=False)
    page = read_checked(PAGE, settings.check)
    results = runner.run_pages([page, page], settings)
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


def cold_run(target_s: float = 100) -> None:
    """The page from an engine with no images to its results, on a throwaway engine of its own."""
    print("cold: `docktest run` on a new engine in its own network namespace, no images on it", flush=True)
    argv = [sys.executable, "-m", "docktest", "run", str(PAGE), "--mode", "offline", "--no-cache", "--format", "json"]
    with engine_in_own_network(route_out=True) as (engine, _), \
            tempfile.TemporaryDirectory(prefix="docktest-cold-") as cache:
        # A cache folder of its own too: no build lock or remembered launch form shared with runs on the shared engine.
        env = {**os.environ, config.DOCKER_HOST_ENV: engine.host or "", "DOCKTEST_CACHE_DIR": cache,
               "PYTHONPATH": str(SOURCE)}
        started = time.monotonic()
        report, quiet_s, quiet_until = run_on_terminal(argv, env)
        elapsed = time.monotonic() - started
    results = json.loads(report)["results"] if report.strip() else []
    print_verdict("cold", elapsed, target_s, Counter(r["status"] for r in results))
    print(f"cold   longest quiet stretch on the terminal: {quiet_s:.1f} s, until {quiet_until[:90]!r}")


def run_on_terminal(argv: list[str], env: dict[str, str]) -> tuple[str, float, str]:
    """Run ARGV with its stderr on a pseudo-terminal, as a reader's is (so it also shows each finished command),
    echoing every line: (its stdout, the longest wait for a line, the line that ended that wait)."""
    leader, follower = pty.openpty()
    with tempfile.TemporaryFile() as stdout:
        process = subprocess.Popen(argv, stdout=stdout, stderr=follower, env=env, cwd=ROOT)
        os.close(follower)
        last, longest, ended_by = time.monotonic(), 0.0, ""
        try:
            with os.fdopen(leader, "rb") as terminal:
                for raw in terminal:
                    line, now = raw.decode(errors="replace").rstrip(), time.monotonic()
                    if now - last > longest:
                        longest, ended_by = now - last, line
                    last = now
                    print(line, file=sys.stderr, flush=True)
        except OSError:  # EIO: the run closed its terminal, it is over
            pass
        except BaseException as stopped:
            if not isinstance(stopped, KeyboardInterrupt):  # a Ctrl-C has reached the run already
                process.terminate()  # docktest removes its sandbox on SIGTERM
            process.wait(timeout=120)
            raise
        process.wait(timeout=120)
        stdout.seek(0)
        return stdout.read().decode(errors="replace"), longest, ended_by


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cold", action="store_true", help="skip the cold run on a throwaway engine")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm, two-page and overhead figures")
    parser.add_argument("--repeats", type=int, default=15, help="runs per command for the overhead figure")
    args = parser.parse_args()
    if not args.no_cold and (missing := route_out_missing()):  # said now, not after the warm figures
        parser.error(f"the cold run: {missing}; or skip it with --no-cold")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a killed bench still stops its engine and cleans up
    if not args.no_warm:
        launcher = runner.prepare(config.load())  # build what is missing, so the warm run is warm
        warm_s = timed_page_run("warm", 15)
        two_pages(warm_s)
        overhead(launcher, args.repeats)
    if not args.no_cold:
        cold_run()


if __name__ == "__main__":
    main()
