"""Benchmark of the offline stand-ins: each one's build time from the base image (no build cache) and its size.

    .venv/bin/python bench/stand_ins_bench.py                 # every stand-in
    .venv/bin/python bench/stand_ins_bench.py nginx postgres  # only these

A page that names a stand-in pays its build once (then the image is reused, tagged by its recipe's hash), plus the
push into a registry image for that page's set of stand-ins. Each build here is `docker build --no-cache` of
sandbox/recipes/NAME.Dockerfile from the current base (built first if missing), under a throwaway tag removed at the
end; the shared engine's own images are not touched. Prints figures only; one build each, with the package mirror
and the machine shared: expect noise.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from importlib import resources
from pathlib import Path

from docktest import config
from docktest.sandbox import images, stand_ins
from docktest.sandbox.docker import HostDocker


def build(name: str, base: str, docker: HostDocker) -> tuple[float, int]:
    """(seconds, bytes) of a cache-less build of NAME's recipe from BASE, under a tag removed afterwards."""
    recipes = Path(str(resources.files("docktest") / "run" / "recipes"))
    tag = f"docktest-bench/{name}:{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory(prefix="docktest-bench-") as context:
        for file in stand_ins.BY_NAME[name].files:
            shutil.copy2(recipes / file, Path(context) / file)
        started = time.monotonic()
        built = docker.run("build", "--no-cache", "--build-arg", f"BASE={base}", "-t", tag,
                           "-f", str(recipes / f"{name}.Dockerfile"), context, timeout=1200)
        seconds = time.monotonic() - started
    if built.returncode:
        raise SystemExit(f"building {name} failed:\n{built.stdout[-2000:]}{built.stderr[-2000:]}")
    size = int(docker.run("image", "inspect", "--format", "{{.Size}}", tag, check=True).stdout)
    docker.run("rmi", tag)
    docker.run("image", "prune", "--force", "--filter", f"label={config.IMAGE_LABEL}")  # busybox's first stage
    return seconds, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"stand-ins to build (default: all of {', '.join(stand_ins.BY_NAME)})")
    args = parser.parse_args()
    unknown = set(args.names) - set(stand_ins.BY_NAME)
    if unknown:
        parser.error(f"no such stand-in: {', '.join(sorted(unknown))}")
    settings = config.load(mode="offline")
    docker = HostDocker.of(settings)
    images.ensure_images(settings, docker)  # the base the stand-ins are built from
    base = next(tag for tag in images.current_tags() if tag.startswith(f"{images.REPO}/base:"))
    base_mb = int(docker.run("image", "inspect", "--format", "{{.Size}}", base, check=True).stdout) / 1e6
    print(f"base {base}: {base_mb:.0f} MB (Debian 13 minbase; the stand-ins share it)")
    print(f"{'stand-in':10} {'build':>8} {'size':>8} {'its own':>8}  made of")
    for name in args.names or list(stand_ins.BY_NAME):
        seconds, size = build(name, base, docker)
        own = size / 1e6 - (base_mb if name != "busybox" else 0)  # busybox is FROM scratch
        print(f"{name:10} {seconds:7.1f}s {size / 1e6:6.0f}MB {own:6.0f}MB  {stand_ins.BY_NAME[name].made_of}",
              flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.TimeoutExpired as error:
        sys.exit(f"a build did not finish: {error}")
