"""Benchmark of Korean search: what particle stripping costs Material's search worker in Chromium.

    .venv/bin/python bench/korean_search_bench.py [--copies 50] [--runs 3]

Builds the site, serves it on 127.0.0.1, and runs Material's own search worker on the site's index
copied N times, once without the particles and once with them (mkdocs.yml adds them to the separator).
Prints the time to build the in-browser index and the mean time per query (best of the runs).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from notes_site.korean import PARTICLE_SEPARATOR

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the tests' Chromium settings and local server
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402
QUERIES = ["이미지는", "컨테이너를", "레이어에서", "docker ps", "node:latest", "Dockerfile-rng"]
MEASURE = """
async ({ separator, copies, queries }) => {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const index = await (await fetch(new URL("search/search_index.json", new URL(config.base + "/", location.href)))).json()
  const docs = []
  for (let i = 0; i < copies; i++)
    for (const doc of index.docs) docs.push({ ...doc, location: `copy${i}/${doc.location}` })
  const worker = new Worker(config.search)
  let deliver
  worker.onmessage = event => deliver(event.data)
  const ask = message => new Promise(resolve => { deliver = resolve; worker.postMessage(message) })
  const start = performance.now()
  await ask({ type: 0, data: { config: { ...index.config, separator }, docs, options: { suggest: false } } })
  const ready = performance.now()
  for (const query of queries) await ask({ type: 2, data: query })
  const done = performance.now()
  worker.terminate()
  return { docs: docs.length, indexMs: ready - start, queryMs: (done - ready) / queries.length }
}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as site:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], cwd=ROOT, env=env, check=True, timeout=300)
        separator = json.loads((Path(site) / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["separator"]
        separators = {"Material's": separator.removesuffix("|" + PARTICLE_SEPARATOR), "with particles": separator}

        with serve_directory(Path(site)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            runs: dict[str, list[dict]] = {name: [] for name in separators}
            for _ in range(args.runs):  # interleaved, so warm-up and noise fall on both alike
                for name, value in separators.items():
                    runs[name].append(page.evaluate(MEASURE, {"separator": value, "copies": args.copies, "queries": QUERIES}))
            for name, measured in runs.items():
                print(
                    f"{name:15} separator: {measured[0]['docs']} sections, index built in "
                    f"{min(run['indexMs'] for run in measured):.0f} ms, {min(run['queryMs'] for run in measured):.1f} ms per query"
                )
            browser.close()

if __name__ == "__main__":
    main()
