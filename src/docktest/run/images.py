"""The sandbox's images: built locally from Debian packages (offline) or the official ones (online), cached by recipe."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator

from docktest import config
from docktest.model import SandboxError
from docktest.run.docker import HostDocker
from docktest.run.owners import owner_id

SUITE = "trixie"  # Debian 13: Docker Engine 26, buildx and Compose v2 as packages
REPO = "docktest"
BUILD_TIMEOUT_S = 1200


@dataclass(frozen=True)
class Images:
    """Image references the sandbox's Compose file runs."""

    dind: str
    registry: str
    mode: config.Mode


# Online: official images from Docker Hub (or the mirror in DOCKTEST_REGISTRY_UPSTREAM).
ONLINE_DIND = "docker:dind"  # the base of run/recipes/dind-online.Dockerfile
ONLINE_REGISTRY = "registry:2"


class Builder:
    """One round of image preparation: the engine it builds on, and step lines with elapsed time on stderr,
    so a cold build never looks hung."""

    def __init__(self, docker: HostDocker, progress: bool) -> None:
        self.docker = docker
        self.progress = progress
        self.started = time.monotonic()

    def say(self, message: str) -> None:
        if self.progress:
            print(f"docktest [{time.monotonic() - self.started:6.1f}s] {message}", file=sys.stderr, flush=True)

    def run(self, *args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.docker.run(*args, timeout=timeout, check=check)

    def exists(self, ref: str) -> bool:
        return self.run("image", "inspect", ref, check=False).returncode == 0


def ensure_images(mode: config.Mode, docker: HostDocker, progress: bool = True) -> Images:
    """The images for MODE, building what is missing (one builder at a time): offline, every image from Debian
    packages; online, docker:dind with bash added (run/recipes/dind-online.Dockerfile)."""
    builder = Builder(docker, progress)
    if mode == "online":
        with _build_lock():
            _ensure_built("dind-online", ONLINE_DIND, {}, builder)
        return planned_images("online")
    with _build_lock():
        base = _ensure_base(builder)
        # The four builds mostly wait on the package mirror: run them side by side.
        recipes = _recipe_files()
        with ThreadPoolExecutor(max_workers=len(recipes)) as pool:
            futures = {name: pool.submit(_ensure_built, name, base, files, builder) for name, files in recipes.items()}
            built = {name: future.result() for name, future in futures.items()}
        seeded = _ensure_seeded_registry(built["registry"], _stand_ins(built), builder)
        dind = built["dind"]
    return Images(dind=dind, registry=seeded, mode="offline")


def planned_images(mode: config.Mode) -> Images:
    """The references ensure_images(MODE) gives, computed from the recipes alone, without asking Docker.

    The offline tags are hashes of everything their builds use, so they name the images' content.
    """
    if mode == "online":
        return Images(dind=_built_tag("dind-online", ONLINE_DIND, {}), registry=ONLINE_REGISTRY, mode="online")
    built = offline_builds()
    return Images(dind=built["dind"], registry=_seeded_tag(built["registry"], _stand_ins(built)), mode="offline")


def offline_builds() -> dict[str, str]:
    """Each offline recipe's image (dind, registry, node, python) by name, computed from the recipes alone."""
    base = _base_tag()
    return {name: _built_tag(name, base, files) for name, files in _recipe_files().items()}


def _recipe_files() -> dict[str, dict[str, Path]]:
    """Each image's extra build-context files, beside its run/recipes/NAME.Dockerfile."""
    return {"dind": {}, "registry": {"registry.yml": _recipe_file("registry.yml")}, "node": {}, "python": {}}


def _stand_ins(built: dict[str, str]) -> dict[str, str]:
    return {"node": built["node"], "python": built["python"]}


def _recipe_file(name: str) -> Path:
    return Path(str(resources.files("docktest") / "run" / "recipes" / name))


def _digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(hashlib.sha256(part).digest())
    return hasher.hexdigest()[:12]


def file_digest(path: Path) -> bytes:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.digest()


@functools.cache  # recipes do not change while docktest runs
def _recipe_file_digest(path: Path) -> bytes:
    return file_digest(path)


def _base_recipe() -> list[str]:
    # No manuals, docs or translations, here or in anything installed later: smaller images, faster pulls.
    excludes = [f"--dpkgopt=path-exclude=/usr/share/{folder}/*" for folder in ("man", "doc", "info", "locale")]
    return ["mmdebstrap", "--variant=minbase", "--quiet", *excludes,
            "--dpkgopt=path-include=/usr/share/doc/*/copyright", SUITE, "-"]


def _base_tag() -> str:
    return f"{REPO}/base:{_digest(json.dumps(_base_recipe()).encode())}"


def _ensure_base(builder: Builder) -> str:
    recipe, tag = _base_recipe(), _base_tag()
    if builder.exists(tag):
        return tag
    if shutil.which("mmdebstrap") is None:
        raise SandboxError("offline mode needs mmdebstrap to build the base image: apt-get install mmdebstrap")
    builder.say(f"building {tag}: {' '.join(recipe)} | docker import")
    with subprocess.Popen(recipe, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as debootstrap:
        imported = subprocess.run(builder.docker.argv("import", "-", tag), stdin=debootstrap.stdout,
                                  capture_output=True, timeout=BUILD_TIMEOUT_S, env=builder.docker.env())
        debootstrap.stdout.close()
        errors = debootstrap.stderr.read().decode(errors="replace")
        debootstrap.wait(timeout=60)
    if debootstrap.returncode or imported.returncode:
        raise SandboxError(f"building the base image failed: {errors}{imported.stderr.decode(errors='replace')}")
    builder.say(f"built {tag}")
    return tag


def _ensure_built(name: str, base: str, files: dict[str, Path], builder: Builder) -> str:
    """docker build of run/recipes/NAME.Dockerfile FROM BASE, tagged with a hash of everything it uses."""
    dockerfile = _recipe_file(f"{name}.Dockerfile")
    tag = _built_tag(name, base, files)
    if builder.exists(tag):
        return tag
    builder.say(f"building {tag} from {dockerfile.name}")
    with tempfile.TemporaryDirectory(prefix="docktest-build-") as context:
        for target, source in files.items():
            shutil.copy2(source, Path(context) / target)
        argv = builder.docker.argv("build", "--build-arg", f"BASE={base}", "-t", tag, "-f", str(dockerfile), context)
        _stream_build(argv, name, builder)
    builder.say(f"built {tag}")
    return tag


def _built_tag(name: str, base: str, files: dict[str, Path]) -> str:
    dockerfile = _recipe_file(f"{name}.Dockerfile")
    parts = [base.encode(), dockerfile.read_bytes()] + [n.encode() + _recipe_file_digest(p) for n, p in sorted(files.items())]
    return f"{REPO}/{name}:{_digest(*parts)}"


def _stream_build(argv: list[str], name: str, builder: Builder) -> None:
    """Run a legacy `docker build`, echoing its "Step i/n" lines as progress; raise with its output on failure."""
    output: list[str] = []
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=builder.docker.env()) as build:
        watchdog = threading.Timer(BUILD_TIMEOUT_S, build.kill)  # reading the output blocks: kill a hung build
        watchdog.start()
        try:
            for line in build.stdout:
                output.append(line)
                if line.startswith("Step "):
                    builder.say(f"  {name}: {line.strip()[:100]}")
        finally:
            watchdog.cancel()
    if build.returncode:
        raise SandboxError(f"docker build of {name} failed (exit {build.returncode}):\n{''.join(output[-40:])}")


def _ensure_seeded_registry(registry: str, stand_ins: dict[str, str], builder: Builder) -> str:
    """The registry image with the stand-ins already pushed as library/NAME:latest, baked into its layers.

    Every page's registry starts from this image, so no page pays for a push.
    """
    tag = _seeded_tag(registry, stand_ins)
    if builder.exists(tag):
        return tag
    builder.say(f"building {tag}: pushing {', '.join(stand_ins)} into a fresh registry")
    labels = ["--label", f"{config.LABEL}=1", "--label", f"{config.OWNER_LABEL}={owner_id()}"]
    container = builder.run("run", "-d", *labels, "-p", "127.0.0.1::5000", registry).stdout.strip()
    try:
        port = builder.run("port", container, "5000/tcp").stdout.splitlines()[0].rsplit(":", 1)[1]
        _wait_for_registry(builder, container)
        for name, image in stand_ins.items():
            pushed = f"127.0.0.1:{port}/library/{name}:latest"
            builder.run("tag", image, pushed)
            try:
                builder.run("push", pushed, timeout=BUILD_TIMEOUT_S)
            finally:
                builder.run("rmi", pushed, check=False)
        builder.run("stop", container)
        builder.run("commit", container, tag)
    finally:
        builder.run("rm", "-f", container, check=False)
    builder.say(f"built {tag}")
    return tag


def _seeded_tag(registry: str, stand_ins: dict[str, str]) -> str:
    return f"{REPO}/registry-seeded:{_digest(registry.encode(), json.dumps(stand_ins, sort_keys=True).encode())}"


def _wait_for_registry(builder: Builder, container: str, timeout_s: float = 30.0) -> None:
    """Wait for the registry's "listening on" log line: asked of the engine, so a remote engine works too."""
    deadline = time.monotonic() + timeout_s
    while "listening on" not in (logs := builder.run("logs", container, check=False)).stdout + logs.stderr:
        if time.monotonic() > deadline:
            raise SandboxError(f"the seeding registry {container[:12]} did not start within {timeout_s:.0f} s")
        time.sleep(0.2)


@contextlib.contextmanager
def _build_lock() -> Iterator[None]:
    """Parallel runs (pytest-xdist workers) wait for one another instead of building the same image twice."""
    with (config.cache_dir() / "images.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sandbox_commands(docker: HostDocker, dind_image: str) -> list[str]:
    """Every executable name on the PATH of the sandbox's shell (the static check's list of known commands)."""
    listing = ('IFS=:; for d in $PATH; do for f in "$d"/*; do '
               '[ -x "$f" ] && [ ! -d "$f" ] && echo "${f##*/}"; done; done')
    listed = docker.run("run", "--rm", "--entrypoint", "bash", dind_image, "-c", listing, check=True)
    return sorted(set(listed.stdout.split()))


if __name__ == "__main__":
    from docktest.run import tables  # the data files are read from these images: `python -m docktest.run.images`

    tables.main()
