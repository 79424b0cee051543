"""Online mode, the path CI takes, run here: the section 02 page against a local upstream that serves Docker Hub's names.

On GitHub `docktest run` finds Docker Hub and runs online: the engine pulls the official `docker:dind`
and `registry:2`, and the sandbox's registry is a pull-through cache of Docker Hub. Here nothing
reaches Docker Hub, so the test builds that world on loopback:
- an upstream registry (the offline registry image, on the host engine at 127.0.0.1) serving the
  offline builds under the official names `library/docker:dind`, `library/registry:2`,
  `library/node:latest` and `library/python:latest`;
- a second, empty Docker engine for this test only, in its own network namespace (tests/own_engine.py: its
  bridges and iptables rules never meet the shared host engine's), with that upstream as its registry mirror:
  the sandbox's images come to it by pulls through the mirror, as on GitHub, not by `docker tag`;
- `DOCKTEST_REGISTRY_UPSTREAM=http://host.docker.internal:PORT`, so the sandbox's registry caches
  the upstream instead of Docker Hub.
"""

from __future__ import annotations

import ctypes
import fcntl
import hashlib
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from conftest import ROOT
from forwarding import forward
from own_engine import engine_in_own_network

from docktest import config
from docktest.extract.markdown import extract_page
from docktest.sandbox import images
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.owners import owner_labels

pytestmark = pytest.mark.docker  # a second engine, real sandboxes

PAGE = "section02-images-containers.md"
# Each offline build and the official name the upstream serves it under.
OFFICIAL_NAMES = {"dind": "docker:dind", "registry": "registry:2", "node": "node:latest", "python": "python:latest"}
CLONE_NEWNET = 0x40000000
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
PUSH_TIMEOUT_S = 900
REGISTRY_STORAGE = "/var/lib/docker-registry"  # sandbox/recipes/registry.yml
UPSTREAM_VOLUME_PREFIX = "docktest-test-upstream-"


@contextmanager
def upstream_registry(host: HostDocker, builds: dict[str, str]) -> Iterator[tuple[str, int]]:
    """A registry container on the host engine, published on 127.0.0.1, serving BUILDS under their official
    names: (container id, port).

    Its storage is a volume named after the builds' image IDs and kept between runs, like the images
    themselves: pushing them (1.5 GB gzipped on two cores) was 76 s of this test's 130 s and tests nothing
    of docktest. A rebuilt image makes a new volume, and the volumes of earlier builds are removed. The
    container carries docktest's labels, so a killed test's upstream is reaped by the next docktest run.
    """
    volume = _storage_volume(host, builds)
    container = host.run("run", "-d", *owner_labels(), "-p", "127.0.0.1::5000", "-v", f"{volume}:{REGISTRY_STORAGE}",
                         builds["registry"], check=True).stdout.strip()
    try:
        port = int(host.run("port", container, "5000/tcp", check=True).stdout.splitlines()[0].rsplit(":", 1)[1])
        deadline = time.monotonic() + 30
        while "listening on" not in (logs := host.run("logs", container)).stdout + logs.stderr:
            assert time.monotonic() < deadline, f"the upstream registry did not start: {logs.stderr}"
            time.sleep(0.2)
        push_under_official_names(host, container, port, builds)
        yield container, port
    finally:
        host.run("rm", "-f", "-v", container)


def _storage_volume(host: HostDocker, builds: dict[str, str]) -> str:
    """The upstream's storage volume for BUILDS (created on first use); older builds' volumes are removed."""
    ids = [host.run("image", "inspect", "--format", "{{.Id}}", builds[name], check=True).stdout.strip()
           for name in sorted(OFFICIAL_NAMES)]
    volume = UPSTREAM_VOLUME_PREFIX + hashlib.sha256(" ".join(ids).encode()).hexdigest()[:12]
    listed = host.run("volume", "ls", "-q", "--filter", f"name={UPSTREAM_VOLUME_PREFIX}", check=True).stdout.split()
    stale = [name for name in listed if name.startswith(UPSTREAM_VOLUME_PREFIX) and name != volume]
    if stale:
        host.run("volume", "rm", *stale)  # one in use by a concurrent run of older builds stays
    return volume


def push_under_official_names(host: HostDocker, upstream: str, port: int, builds: dict[str, str]) -> None:
    """Push what the upstream's storage lacks. A tag's link is written after its manifest, which comes after
    its layers, so a push cut short is pushed again. Looked at on disk, so the registry's log shows only
    the requests of the run under test."""
    for name, official in OFFICIAL_NAMES.items():
        repository, tag = official.split(":")
        link = f"{REGISTRY_STORAGE}/docker/registry/v2/repositories/library/{repository}/_manifests/tags/{tag}/current/link"
        if host.run("exec", upstream, "test", "-f", link).returncode == 0:
            continue
        target = f"127.0.0.1:{port}/library/{official}"
        host.run("tag", builds[name], target, check=True)
        try:
            host.run("push", target, timeout=PUSH_TIMEOUT_S, check=True)
        finally:
            host.run("rmi", target)


@contextmanager
def port_forwarded_into_namespace_of(pid: int, port: int, target_port: int) -> Iterator[list[socket.socket]]:
    """Port PORT on every address of PID's network namespace (its loopback brought up), forwarded to
    127.0.0.1:TARGET_PORT here.

    A thread enters that namespace (setns is per thread) and makes the listening socket there; sockets
    keep the namespace they were made in, and every other thread stays in ours.
    """
    made: dict[str, object] = {}

    def listen_there() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        with open(f"/proc/{pid}/ns/net") as namespace:
            if libc.setns(namespace.fileno(), CLONE_NEWNET):
                made["error"] = OSError(ctypes.get_errno(), "setns into the engine's network namespace")
                return
        _bring_up_loopback()
        made["listener"] = socket.create_server(("0.0.0.0", port))

    thread = threading.Thread(target=listen_there)
    thread.start()
    thread.join()
    if "error" in made:
        raise made["error"]  # type: ignore[misc]
    listener: socket.socket = made["listener"]  # type: ignore[assignment]
    try:
        yield forward(listener, lambda: socket.create_connection(("127.0.0.1", target_port)))
    finally:
        listener.close()


def _bring_up_loopback() -> None:
    """`ip link set lo up` in this thread's network namespace, without needing iproute2."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as handle:
        request = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(handle, SIOCGIFFLAGS, request)[:18])[1]
        fcntl.ioctl(handle, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP))


def test_section02_runs_online_through_a_local_upstream(tmp_path: Path) -> None:
    host = HostDocker()
    images.ensure_images(config.load(mode="offline", progress=False), host)
    builds = images.offline_builds()
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / "docs" / PAGE, docs / PAGE)
    shutil.copytree(ROOT / "docs" / "examples", docs / "examples")

    with upstream_registry(host, builds) as (upstream, port):
        with engine_in_own_network(mirror_port=port) as (engine, pid):
            assert engine.run("images", "-q", check=True).stdout == ""  # nothing but what it pulls
            with port_forwarded_into_namespace_of(pid, port, port) as connections:
                env = {**os.environ, "DOCKTEST_DOCKER_HOST": engine.host or "",
                       "DOCKTEST_REGISTRY_UPSTREAM": f"http://host.docker.internal:{port}",
                       "DOCKTEST_CACHE_DIR": str(tmp_path / "cache")}
                done = subprocess.run(
                    [sys.executable, "-m", "docktest", "run", f"docs/{PAGE}", "--mode", "online", "--no-cache",
                     "--format", "json"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=1800)
                pulled = engine.run("images", "--format", "{{.Repository}}:{{.Tag}}", check=True).stdout.split()
            logs = host.run("logs", upstream)
            upstream_log = logs.stdout + logs.stderr

    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(done.stdout)["results"]
    page = extract_page(f"docs/{PAGE}", (ROOT / "docs" / PAGE).read_text(encoding="utf-8"))
    commands = [command.line for snippet in page for command in snippet.commands]
    assert len(commands) == 12 and [(r["line"], r["status"]) for r in results] == [(line, "passed") for line in commands]
    # docker:dind came as the base of the online recipe's build (bash added), registry:2 by Compose's pull.
    assert {"docker:dind", "registry:2", images.planned_images("online").dind} <= set(pulled), pulled
    assert connections, "nothing went through the engine's mirror"
    asked = set(re.findall(r'"(?:GET|HEAD) /v2/library/([^/]+)/manifests/([^ ]+) HTTP', upstream_log))
    assert {tuple(official.split(":")) for official in OFFICIAL_NAMES.values()} <= asked, upstream_log[-3000:]
