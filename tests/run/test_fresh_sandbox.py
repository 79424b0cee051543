"""A sandbox made the fast way (started while another page ran, layers in memory) is a reader's fresh machine."""

from __future__ import annotations

import subprocess

import pytest

from docktest import config
from docktest.run import runner
from docktest.sandbox.launcher import Launcher, Sandbox

pytestmark = pytest.mark.docker  # real sandboxes

# Leaves every kind of object behind in the sandbox it runs in.
DIRTY = """
set -e
docker pull node:latest
docker run --name left-behind node node -e 1
docker volume create left-volume
docker network create left-network
mkdir -p /tmp/ctx && printf 'FROM node\\nRUN echo cached > /cached\\n' > /tmp/ctx/Dockerfile
docker build -t left-image /tmp/ctx
"""
USAGE = "docker system df --format '{{.Type}}={{.TotalCount}}'"


@pytest.fixture(scope="module")
def launcher() -> Launcher:
    return runner.prepare(config.load())


def _objects(project: str) -> list[str]:
    label = f"label=com.docker.compose.project={project}"
    found = []
    for listing in (["ps", "-a", "-q"], ["network", "ls", "-q"], ["volume", "ls", "-q"]):
        found += subprocess.run(["docker", *listing, "--filter", label], capture_output=True, text=True,
                                timeout=60, check=True).stdout.split()
    return found


def _inside(sandbox: Sandbox, command: str) -> str:
    done = sandbox.run("sh", "-c", command, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_started_ahead_sandbox_is_as_fresh_as_a_new_one(launcher: Launcher) -> None:
    launcher.expect([None, None])  # the second sandbox starts while the first one is in use
    try:
        with launcher.open() as first:
            assert launcher._spare is not None
            _inside(first, DIRTY)
            dirty = _inside(first, USAGE)
        with launcher.open() as second:
            assert second.project != first.project
            usage = _inside(second, USAGE)
            images = _inside(second, "docker images -q")
            containers = _inside(second, "docker ps -a -q")
            volumes = _inside(second, "docker volume ls -q")
            networks = _inside(second, "docker network ls --format '{{.Name}}'")
            pulled = _inside(second, "docker pull node:latest")
            implicit = second.run("docker", "run", "--rm", "python", "python", "-c", "print(6 * 7)", timeout=300)
    finally:
        launcher.close()
    assert [line.partition("=")[0] for line in dirty.splitlines() if not line.endswith("=0")] == [
        "Images", "Containers", "Local Volumes", "Build Cache"]  # the probe does see what a page leaves
    assert usage.splitlines() == ["Images=0", "Containers=0", "Local Volumes=0", "Build Cache=0"]
    assert (images, containers, volumes) == ("", "", "")
    assert sorted(networks.split()) == ["bridge", "host", "none"]
    assert "Status: Downloaded newer image for node:latest" in pulled
    assert "Unable to find image 'python:latest' locally" in implicit.stderr
    assert implicit.stdout == "42\n"


def test_removal_in_the_background_and_the_unused_spare_are_gone_after_close(launcher: Launcher) -> None:
    launcher.remove_in_background = True
    launcher.expect([None, None, None])  # one more than will be used: close() must remove the spare nobody took
    try:
        with launcher.open() as used:
            pass
        spare = launcher._spare[1].result()
    finally:
        launcher.close(wait=True)
        launcher.remove_in_background = False
    assert _objects(used.project) == []
    assert _objects(spare.project) == []
