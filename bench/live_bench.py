"""Benchmark of live re-verification: from a save to the served page showing the new block's mark; asserts nothing.

    .venv/bin/python bench/live_bench.py            # one save (target ≤ 20 s)
    .venv/bin/python bench/live_bench.py --saves 3

A copy of this site (mkdocs.yml, docs/, hooks/, overrides/) in a throwaway folder is served with
DOCKTEST_LIVE=1; once the first runs have marked every page, a new one-command block is appended to
the section 02 page, and the served page is fetched over loopback until that block's mark says 검증됨.
Printed per save: save → results file rewritten (the rebuild that queues the page, the run) and
→ the served page showing the mark (the rebuild the new results cause).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = "docs/section02-images-containers.md"
MARK = re.compile(r'<p class="docktest-mark docktest-mark--(\w+)"')
SETTLE_S = 900  # the first runs (every page, cold cache) may take this long on a busy machine


def served_marks(url: str) -> list[str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return MARK.findall(response.read().decode())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return []


def wait_for(what: str, check, log: Path, timeout_s: float = SETTLE_S, every_s: float = 0.1) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every_s)
    sys.exit(f"never saw {what}; serve said:\n{log.read_text(errors='replace')[-4000:]}")


def idle(log: Path) -> bool:
    """Every page the worker queued has had its run (the log says so, in order)."""
    text = log.read_text(errors="replace")
    queued = re.findall(r"docktest live: (\S+) queued", text)
    return bool(queued) and all(re.search(rf"docktest live: {re.escape(p)}: (\d+ commands|the run)", text)
                                for p in queued) and text.rfind(" queued") < text.rfind("marks updated")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="live-bench-") as folder:
        site = Path(folder)
        shutil.copy(ROOT / "mkdocs.yml", site)
        for name in ("docs", "hooks", "overrides"):
            shutil.copytree(ROOT / name, site / name, ignore=shutil.ignore_patterns("__pycache__"))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = f"http://127.0.0.1:{port}/section02-images-containers/"
        env = {key: value for key, value in os.environ.items() if key != "DOCKTEST_RESULTS"}
        # served at the root of the address, not under the published site_url's path
        env.update(DOCKTEST_LIVE="1", NO_MKDOCS_2_WARNING="1", DOCKER_NOTES_SITE_URL=f"http://127.0.0.1:{port}/")
        log = site / "serve.log"
        with log.open("w") as out:
            serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr",
                                      f"127.0.0.1:{port}"], cwd=site, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            started = time.monotonic()
            wait_for("the first runs", lambda: idle(log) and "unverified" not in (served_marks(url) or ["unverified"]),
                     log)
            print(f"first runs of every page (serve start → idle): {time.monotonic() - started:.1f} s")
            results = site / ".docktest" / "results.json"
            for save in range(1, args.saves + 1):
                before = served_marks(url)
                page = site / PAGE
                text = page.read_text(encoding="utf-8")
                written = results.stat().st_mtime_ns
                saved = time.monotonic()
                page.write_text(f"{text.rstrip()}\n\n```bash\necho 'live {save}'\n```\n", encoding="utf-8")
                wait_for("the results file rewritten", lambda: results.stat().st_mtime_ns != written, log)
                rewritten = time.monotonic()
                wait_for("the new block's mark", lambda: served_marks(url)[len(before):] == ["verified"], log)
                shown = time.monotonic()
                print(f"save {save}: save → results {rewritten - saved:.1f} s, → page shows 검증됨 "
                      f"{shown - saved:.1f} s (target ≤ 20 s)")
        finally:
            serve.send_signal(signal.SIGINT)
            try:
                serve.wait(timeout=300)
            except subprocess.TimeoutExpired:
                serve.kill()


if __name__ == "__main__":
    main()
