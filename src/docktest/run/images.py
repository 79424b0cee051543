"""The sandbox's images: built locally from Debian packages (offline) or the official ones (online), cached by recipe."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator, Mapping, TypeVar

from docktest import config
from docktest.model import SandboxError
from docktest.run.builder import BUILD_TIMEOUT_S, Builder
from docktest.run.docker import HostDocker
from docktest.run.owners import owner_labels

SUITE = "trixie"  # Debian 13: Docker Engine 26, buildx and Compose v2 as packages
REPO = "docktest"
T = TypeVar("T")


@dataclass(frozen=True)
class Images:
    """Image references the sandbox's Compose file runs."""

    dind: str
    registry: str
    mode: config.Mode


# Online: official images from Docker Hub (or the mirror in DOCKTEST_REGISTRY_UPSTREAM).
ONLINE_DIND = "docker:dind"  # the base of run/recipes/dind-online.Dockerfile
ONLINE_REGISTRY = "registry:2"


def ensure_images(settings: config.Settings, docker: HostDocker) -> Images:
    """The images for the settings' mode, building what is missing (one builder at a time): offline, every image from
    Debian packages; online, docker:dind with bash added (run/recipes/dind-online.Dockerfile)."""
    builder = Builder(docker, settings.progress)
    if settings.mode == "online":
        with _build_lock(settings.user_cache), builder.heartbeat():
            _ensure_built("dind-online", ONLINE_DIND, {}, builder)
        return planned_images("online")
    with _build_lock(settings.user_cache), builder.heartbeat():
        base = _ensure_base(builder)
        # The four builds side by side (they wait on the package mirror in turns). The registry is seeded meanwhile,
        # each stand-in as soon as it is built, while dind, the longest build, goes on.
        recipes = _recipe_files()
        with ThreadPoolExecutor(max_workers=len(recipes)) as pool:
            builds = {name: pool.submit(_ensure_built, name, base, files, builder) for name, files in recipes.items()}
            seeded = _ensure_seeded_registry(builds, builder)
            dind = builds["dind"].result()
    return Images(dind=dind, registry=seeded, mode="offline")


def planned_images(mode: config.Mode) -> Images:
    """The references ensure_images gives in MODE, computed from the recipes alone, without asking Docker.

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


def _stand_ins(built: Mapping[str, T]) -> dict[str, T]:
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


# No manuals, docs or translations, here or in anything installed later: smaller images, faster pulls. A hook writes
# the exclusions into dpkg's config once the essential packages are unpacked, and removes what they unpacked there:
# with --dpkgopt=path-exclude, mmdebstrap pipes every essential package through its Python tar filter (13 s of 25).
NO_DOCS_HOOK = """cfg="$1/etc/dpkg/dpkg.cfg.d/docktest-no-docs"
printf 'path-exclude=/usr/share/%s/*\\n' man doc info locale > "$cfg"
echo 'path-include=/usr/share/doc/*/copyright' >> "$cfg"
rm -rf "$1"/usr/share/man/* "$1"/usr/share/info/* "$1"/usr/share/locale/*
find "$1/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
find "$1/usr/share/doc" -mindepth 1 -type d -empty -delete"""
# apt writes one binary cache, not two (each 45 MB a build; the recipes delete the other with the lists), keeps no
# downloaded .debs and fetches no translated descriptions, here and in later builds, as Debian's official images do:
# every build's layer is half the size, so committing, pushing and pulling it are faster. Keeping no .debs is set
# at the end: mmdebstrap needs them. (Without any cache file, `apt-get install` would parse the lists again.)
APT_OPTIONS = ['Dir::Cache::srcpkgcache ""', 'Acquire::Languages "none"']
NO_DEBS_HOOK = 'echo \'APT::Keep-Downloaded-Packages "false";\' > "$1/etc/apt/apt.conf.d/docktest-no-debs"'


def _base_recipe() -> list[str]:
    return ["mmdebstrap", "--variant=minbase", *(f"--aptopt={option}" for option in APT_OPTIONS),
            f"--extract-hook={NO_DOCS_HOOK}", f"--customize-hook={NO_DEBS_HOOK}", SUITE, "-"]


def _base_tag() -> str:
    return f"{REPO}/base:{_digest(json.dumps(_base_recipe()).encode())}"


def _ensure_base(builder: Builder) -> str:
    recipe, tag = _base_recipe(), _base_tag()
    if builder.exists(tag):
        return tag
    if shutil.which("mmdebstrap") is None:
        raise SandboxError("offline mode needs mmdebstrap to build the base image: apt-get install mmdebstrap")
    builder.say(f"building {tag}: mmdebstrap --variant=minbase {SUITE} | docker import")
    with builder.step("base"), \
            subprocess.Popen(recipe, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as debootstrap, \
            subprocess.Popen(builder.docker.argv("import", "-", tag), stdin=debootstrap.stdout, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, env=builder.docker.env()) as importer:
        debootstrap.stdout.close()  # the importer's now
        output = builder.follow(debootstrap, debootstrap.stderr, "base", said=_is_info, kept=_is_info)
        builder.doing("base", "docker import")
        imported = importer.communicate(timeout=BUILD_TIMEOUT_S)[0]
        debootstrap.wait(timeout=60)
    if debootstrap.returncode or importer.returncode:
        builder.run("rmi", tag, check=False)  # an import of a cut-off stream may have made one: never reuse it
        raise SandboxError(f"building the base image failed: {''.join(output[-40:])}{imported}")
    builder.say(f"built {tag}")
    return tag


def _is_info(line: str) -> bool:
    """An mmdebstrap progress line (not the text of a hook, which it echoes)."""
    return line.startswith("I: ")


def _ensure_built(name: str, base: str, files: dict[str, Path], builder: Builder) -> str:
    """docker build of run/recipes/NAME.Dockerfile FROM BASE, tagged with a hash of everything it uses."""
    dockerfile = _recipe_file(f"{name}.Dockerfile")
    tag = _built_tag(name, base, files)
    if builder.exists(tag):
        return tag
    builder.say(f"building {tag} from {dockerfile.name}")
    with builder.step(name), tempfile.TemporaryDirectory(prefix="docktest-build-") as context:
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
    """Run a legacy `docker build`, saying its "Step i/n" lines; raise with its output on failure."""
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=builder.docker.env()) as build:
        output = builder.follow(build, build.stdout, name, said=lambda line: line.startswith("Step "))
    if build.returncode:
        raise SandboxError(f"docker build of {name} failed (exit {build.returncode}):\n{''.join(output[-40:])}")


def _ensure_seeded_registry(builds: Mapping[str, Future[str]], builder: Builder) -> str:
    """The registry image with the stand-ins already pushed as library/NAME:latest, baked into its layers.

    Every page's registry starts from this image, so no page pays for a push. BUILDS are the offline builds under
    way: each stand-in is pushed as soon as it is built.
    """
    planned = offline_builds()
    tag = _seeded_tag(planned["registry"], _stand_ins(planned))
    if builder.exists(tag):
        return tag
    stand_ins = _stand_ins(builds)
    builder.say(f"building {tag}: pushing {', '.join(stand_ins)} into a fresh registry as they are built")
    with builder.step("registry-seeded"):
        builder.doing("registry-seeded", "waiting for the registry's build")
        registry = builds["registry"].result()
        container = builder.run("run", "-d", *owner_labels(), "-p", "127.0.0.1::5000", registry).stdout.strip()
        try:
            port = builder.run("port", container, "5000/tcp").stdout.splitlines()[0].rsplit(":", 1)[1]
            _wait_for_registry(builder, container)
            for name, build in stand_ins.items():
                pushed = f"127.0.0.1:{port}/library/{name}:latest"
                builder.doing("registry-seeded", f"waiting for {name}'s build")
                builder.run("tag", build.result(), pushed)
                builder.doing("registry-seeded", f"pushing {name}")
                try:
                    builder.run("push", pushed, timeout=BUILD_TIMEOUT_S)
                finally:
                    builder.run("rmi", pushed, check=False)
            builder.doing("registry-seeded", "committing the registry's container")
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
def _build_lock(folder: Path) -> Iterator[None]:
    """Parallel runs (pytest-xdist workers) wait for one another instead of building the same image twice."""
    with (folder / "images.lock").open("w") as handle:
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
