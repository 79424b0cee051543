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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator, Sequence

from docktest import config
from docktest.model import SandboxError
from docktest.sandbox import stand_ins
from docktest.sandbox.builder import BUILD_TIMEOUT_S, Builder
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.seeding import CLEARED_LABELS, seed_registry

SUITE = "trixie"  # Debian 13: Docker Engine 26, buildx and Compose v2 as packages
REPO = "docktest"


@dataclass(frozen=True)
class Images:
    """Image references the sandbox's Compose file runs."""

    dind: str
    registry: str
    mode: config.Mode


# Online: official images from Docker Hub (or the mirror in DOCKTEST_REGISTRY_UPSTREAM).
ONLINE_DIND = "docker:dind"  # the base of sandbox/recipes/dind-online.Dockerfile
ONLINE_REGISTRY = "registry:2"


def ensure_images(settings: config.Settings, docker: HostDocker) -> Images:
    """The images for the settings' mode, building what is missing (one builder at a time): offline, every image from
    Debian packages; online, docker:dind with bash added (sandbox/recipes/dind-online.Dockerfile)."""
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
            planned = planned_images("offline")
            if not builder.exists(planned.registry):
                seed_registry(builder, builds["registry"].result(), {name: builds[name] for name in stand_ins.ALWAYS},
                              _served_tags(stand_ins.ALWAYS), planned.registry,
                              _label_changes(_labels("registry-seeded", [offline_builds()[name] for name in
                                                                         ("registry", *stand_ins.ALWAYS)])))
            dind = builds["dind"].result()
    return Images(dind=dind, registry=planned.registry, mode="offline")


def ensure_registry(names: Sequence[str], docker: HostDocker, settings: config.Settings) -> str:
    """The registry image of a sandbox whose page uses the stand-ins NAMES beyond the ALWAYS ones: the default one
    when there are none, else one seeded from it with their images too. Builds what is missing; ensure_images first."""
    tag = planned_registry(names)
    builder = Builder(docker, settings.progress)
    if not names or builder.exists(tag):
        return tag
    default, base = planned_images("offline").registry, _base_tag()
    with _build_lock(settings.user_cache), builder.heartbeat(), ThreadPoolExecutor(max_workers=len(names)) as pool:
        if not builder.exists(tag):  # another process may have built it while this one waited for the lock
            builds = {name: pool.submit(_ensure_built, name, base, _stand_in_files(name), builder) for name in names}
            seed_registry(builder, default, builds, _served_tags(names), tag,
                          _label_changes(_labels("registry-seeded", [default, *map(_stand_in_tag, names)])))
            # A multi-stage build (busybox) leaves its first stage untagged, with the base's label: not needed now.
            builder.run("image", "prune", "--force", "--filter", f"label={config.IMAGE_LABEL}", check=False)
    return tag


def planned_registry(names: Sequence[str]) -> str:
    """The registry image ensure_registry(NAMES) gives, computed from the recipes alone."""
    default = planned_images("offline").registry
    if not names:
        return default
    return _seeded_tag(default, {name: _stand_in_tag(name) for name in sorted(names)})


def planned_images(mode: config.Mode) -> Images:
    """The references ensure_images gives in MODE, computed from the recipes alone, without asking Docker.

    The offline tags are hashes of everything their builds use, so they name the images' content.
    """
    if mode == "online":
        return Images(dind=_built_tag("dind-online", ONLINE_DIND, {}), registry=ONLINE_REGISTRY, mode="online")
    built = offline_builds()
    registry = _seeded_tag(built["registry"], {name: built[name] for name in stand_ins.ALWAYS})
    return Images(dind=built["dind"], registry=registry, mode="offline")


def current_tags() -> frozenset[str]:
    """Every image tag this docktest's recipes give: what is not among them (nor made of them only) is stale."""
    every = {_base_tag(), *offline_builds().values(), *(_stand_in_tag(s.name) for s in stand_ins.STAND_INS),
             planned_images("offline").registry, planned_images("online").dind}
    return frozenset(every)


def offline_builds() -> dict[str, str]:
    """Each offline recipe's image (dind, registry, node, python) by name, computed from the recipes alone."""
    base = _base_tag()
    return {name: _built_tag(name, base, files) for name, files in _recipe_files().items()}


def _recipe_files() -> dict[str, dict[str, Path]]:
    """Each image's extra build-context files, beside its sandbox/recipes/NAME.Dockerfile: the sandbox's own images and
    the stand-ins every offline registry serves."""
    files = {"dind": {}, "registry": {"registry.yml": _recipe_file("registry.yml")}}
    return {**files, **{name: _stand_in_files(name) for name in stand_ins.ALWAYS}}


def _stand_in_files(name: str) -> dict[str, Path]:
    return {file: _recipe_file(file) for file in stand_ins.BY_NAME[name].files}


def _stand_in_tag(name: str) -> str:
    return _built_tag(name, _base_tag(), _stand_in_files(name))


def _served_tags(names: Sequence[str]) -> dict[str, tuple[str, ...]]:
    return {name: stand_ins.BY_NAME[name].tags for name in names}


def _labels(name: str, made_from: Sequence[str] = ()) -> dict[str, str]:
    """The labels of docktest's image NAME (made of the images MADE_FROM): what tells its own images, and stale ones,
    from anyone else's (sandbox/kept.py)."""
    labels = {config.IMAGE_LABEL: name}
    if made_from:
        labels[config.MADE_FROM_LABEL] = ",".join(made_from)
    return labels


def _recipe_file(name: str) -> Path:
    return Path(str(resources.files("docktest") / "sandbox" / "recipes" / name))


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
    return f"{REPO}/base:{_digest(json.dumps(_base_recipe()).encode(), json.dumps(_labels('base')).encode())}"


def _ensure_base(builder: Builder) -> str:
    recipe, tag = _base_recipe(), _base_tag()
    if builder.exists(tag):
        return tag
    if shutil.which("mmdebstrap") is None:
        raise SandboxError("offline mode needs mmdebstrap to build the base image: apt-get install mmdebstrap")
    builder.say(f"building {tag}: mmdebstrap --variant=minbase {SUITE} | docker import")
    with builder.step("base"), \
            subprocess.Popen(recipe, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as debootstrap, \
            subprocess.Popen(builder.docker.argv("import", *_label_changes(_labels("base")), "-", tag),
                             stdin=debootstrap.stdout, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env=builder.docker.env()) as importer:
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
    """docker build of sandbox/recipes/NAME.Dockerfile FROM BASE, tagged with a hash of everything it uses."""
    dockerfile = _recipe_file(f"{name}.Dockerfile")
    tag = _built_tag(name, base, files)
    if builder.exists(tag):
        return tag
    builder.say(f"building {tag} from {dockerfile.name}")
    with builder.step(name), tempfile.TemporaryDirectory(prefix="docktest-build-") as context:
        for target, source in files.items():
            shutil.copy2(source, Path(context) / target)  # with its mode: entrypoint scripts stay executable
        labels = [f"--label={key}={value}" for key, value in _labels(name).items()]
        argv = builder.docker.argv("build", "--build-arg", f"BASE={base}", *labels, "-t", tag, "-f", str(dockerfile),
                                   context)
        _stream_build(argv, name, builder)
    builder.say(f"built {tag}")
    return tag


def _built_tag(name: str, base: str, files: dict[str, Path]) -> str:
    dockerfile = _recipe_file(f"{name}.Dockerfile")
    parts = [base.encode(), dockerfile.read_bytes(), json.dumps(_labels(name)).encode()]
    parts += [n.encode() + _recipe_file_digest(p) for n, p in sorted(files.items())]
    return f"{REPO}/{name}:{_digest(*parts)}"


def _stream_build(argv: list[str], name: str, builder: Builder) -> None:
    """Run a legacy `docker build`, saying its "Step i/n" lines; raise with its output on failure."""
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=builder.docker.env()) as build:
        output = builder.follow(build, build.stdout, name, said=lambda line: line.startswith("Step "))
    if build.returncode:
        raise SandboxError(f"docker build of {name} failed (exit {build.returncode}):\n{''.join(output[-40:])}")


def _seeded_tag(registry: str, pushed: dict[str, str]) -> str:
    """The tag of REGISTRY with PUSHED (name → image) in it; their tags count too (what ends up inside)."""
    served = {name: [image, list(stand_ins.BY_NAME[name].tags)] for name, image in pushed.items()}
    cleared = json.dumps(CLEARED_LABELS).encode()  # an image committed with its seeder's labels is not this one
    return f"{REPO}/registry-seeded:{_digest(registry.encode(), json.dumps(served, sort_keys=True).encode(), cleared)}"


def _label_changes(labels: dict[str, str]) -> list[str]:
    """LABELS as `--change` options of `docker import` and `docker commit` (Dockerfile syntax, values quoted)."""
    return [f"--change=LABEL {key}={json.dumps(value)}" for key, value in labels.items()]


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    """Parallel runs (pytest-xdist workers) wait for one another instead of building the same image twice."""
    with (folder / "images.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
