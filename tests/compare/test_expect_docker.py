"""The matcher against real Docker output: a transcript made on another machine matches what this engine prints."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request

import pytest

from docktest import config
from docktest.sandbox import images
from docktest.sandbox.docker import HostDocker
from docktest.compare.expect import match

pytestmark = pytest.mark.docker

LABEL = f"docktest.test.expect={os.getpid()}"  # the `containers` fixture's, which lists and removes them all
REGISTRY_LABEL = f"docktest.test.expect.registry={os.getpid()}"  # the registry's: never in that list


def docker(*args: str) -> str:
    """What the host's docker client printed (stdout and stderr, as a terminal would interleave them)."""
    done = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=120)
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def image() -> str:
    """An image this project builds (no pull): the sandbox's Docker-in-Docker image."""
    return images.ensure_images(config.load(mode="offline", progress=False), HostDocker()).dind


@pytest.fixture(scope="module")
def containers(image: str):
    """A running container with a published port and one that exited with 3 after greeting in Korean."""
    running = docker("run", "-d", "-P", "--expose", "80", "--label", LABEL, image, "sleep", "120").strip()
    greeting = docker("run", "--label", LABEL, image, "sh", "-c", "echo '안녕하세요, 도커!'; exit 3")
    time.sleep(1.1)  # so STATUS reads "Up 1 second", not only "Up Less than a second"
    # (the IPv4 and IPv6 host ports Docker picks can differ: 0.0.0.0:32772->80/tcp, [::]:32771->80/tcp)
    try:
        yield running, greeting
    finally:
        ids = docker("ps", "-aq", "--filter", f"label={LABEL}").split()
        subprocess.run(["docker", "rm", "-f", *ids], capture_output=True, timeout=60)


def test_a_transcript_from_another_machine_matches_real_output(containers, image: str) -> None:
    running, greeting = containers
    repository, tag = image.split(":")
    # pasted by an author whose IDs, names, times, sizes and ports were different
    assert match(["0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"], running + "\n").ok
    assert match(["안녕하세요, 도커!"], greeting).ok
    assert match([
        "CONTAINER ID   IMAGE                    COMMAND                  CREATED          STATUS"
        "                      PORTS                                         NAMES",
        "4f5e6d7c8b9a   docktest/dind:5c1e0a7b9d2f   \"sh -c 'echo '안녕하…\"   12 minutes ago   Exited (3) 12 minutes ago"
        "                                                 focused_lovelace",
        "a1b2c3d4e5f6   docktest/dind:5c1e0a7b9d2f   \"sleep 120\"              13 minutes ago   Up 13 minutes"
        "               0.0.0.0:49153->80/tcp, :::49153->80/tcp   admiring_turing",
    ], docker("ps", "-a", "--filter", f"label={LABEL}")).ok
    assert match([
        "REPOSITORY      TAG            IMAGE ID       CREATED       SIZE",
        f"{repository}   5c1e0a7b9d2f   0a1b2c3d4e5f   2 weeks ago   1.2GB",
    ], docker("images", image)).ok
    assert match(["running 2025-03-01T09:15:42.123456789Z"],
                 docker("inspect", "-f", "{{.State.Status}} {{.Created}}", running)).ok
    assert match(["80/tcp -> 0.0.0.0:49154", "80/tcp -> [::]:49154"], docker("port", running)).ok


def test_a_real_difference_in_real_output_fails_with_its_diff(containers) -> None:
    running, _ = containers
    result = match(["exited 2025-03-01T09:15:42.123456789Z"],
                   docker("inspect", "-f", "{{.State.Status}} {{.Created}}", running), first_line=30)
    assert not result.ok
    assert result.diff.splitlines()[:4] == ["--- expected", "+++ actual", "@@ -30 +30 @@",
                                            "-exited 2025-03-01T09:15:42.123456789Z"]
    assert result.diff.splitlines()[4].startswith("+running 20")
    status = docker("ps", "-a", "--filter", f"label={LABEL}", "--format", "{{.Status}}")
    assert not match(["Up 3 minutes", "Up 3 minutes"], status).ok  # one of them exited
    assert match(["Exited (3) 3 minutes ago", "Up 3 minutes"], status).ok


@pytest.fixture(scope="module")
def registry() -> str:
    """host:port of a local registry holding this project's stand-in images (library/python, library/node)."""
    seeded = images.ensure_images(config.load(mode="offline", progress=False), HostDocker()).registry
    container = docker("run", "-d", "-p", "127.0.0.1::5000", "--label", REGISTRY_LABEL, seeded).strip()
    try:
        address = docker("port", container, "5000/tcp").splitlines()[0]
        _wait_until_it_answers(f"http://{address}/v2/")
        yield address
    finally:
        for name in ("python", "node"):  # only the tags this test pulled; their layers are the stand-ins'
            subprocess.run(["docker", "rmi", f"{address}/library/{name}:latest"], capture_output=True, timeout=60)
        subprocess.run(["docker", "rm", "-f", container], capture_output=True, timeout=60)


def _wait_until_it_answers(url: str, timeout_s: float = 60.0) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, whatever proxy is set
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with opener.open(url, timeout=5):
                return
        except OSError as error:
            if time.monotonic() > deadline:
                pytest.fail(f"the test registry at {url} did not answer within {timeout_s:.0f} s: {error}")
            time.sleep(0.2)


def _registry_state() -> str:
    """The test registry's container as the engine sees it, for a failure message (a CI run once found it gone)."""
    listed = docker("ps", "-aq", "--filter", f"label={REGISTRY_LABEL}").split()
    state = "{{.State.Status}} exit {{.State.ExitCode}} oom {{.State.OOMKilled}} ended {{.State.FinishedAt}}"
    return "\nthe registry's container: " + (docker("inspect", "--format", state, *listed) if listed else "gone")


def test_an_implicit_pull_not_in_the_transcript_is_ignored_in_real_output(registry: str) -> None:
    printed = docker("run", "--rm", f"{registry}/library/python:latest", "python3", "-c", "print('안녕하세요, 파이썬')")
    assert f"Unable to find image '{registry}/library/python:latest' locally\n" in printed, printed + _registry_state()
    assert match(["안녕하세요, 파이썬"], printed).ok
    assert not match(["안녕하세요, 자바"], printed).ok


def test_an_explicit_pull_with_other_layers_matches_real_output(registry: str) -> None:
    printed = docker("pull", f"{registry}/library/node:latest")
    # Here every layer is already on the engine (the stand-in images are), so none is listed.
    pasted = [  # three layers downloaded on the author's machine, whose registry got another port
        "latest: Pulling from library/node",
        "a2abf6c4d29d: Pull complete",
        "a9edb18cadd1: Pull complete",
        "589b7251471a: Pull complete",
        "Digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "Status: Downloaded newer image for 127.0.0.1:49160/library/node:latest",
        "127.0.0.1:49160/library/node:latest",
    ]
    assert match(pasted, printed).ok, printed + _registry_state()
    assert not match([line.replace("node", "python") for line in pasted], printed).ok


def test_a_build_transcript_from_another_machine_matches_a_real_build(image: str, tmp_path) -> None:
    (tmp_path / "Dockerfile").write_text(f"FROM {image}\nRUN echo 안녕하세요\nCOPY x.txt /x.txt\n", encoding="utf-8")
    (tmp_path / "x.txt").write_text("hi\n", encoding="utf-8")
    tag = f"docktest-test-expect-build:{os.getpid()}"
    # bytes, decoded without newline translation: "5.12kB\r\r\n" is one line on a terminal, two in text mode
    done = subprocess.run(["docker", "build", "--no-cache", "-t", tag, str(tmp_path)],
                          capture_output=True, timeout=300, env={**os.environ, "DOCKER_BUILDKIT": "0"})
    printed = done.stderr.decode() + done.stdout.decode()
    try:
        assert done.returncode == 0, printed
        pasted = [  # the legacy builder's output on the author's machine: other IDs, a bigger context
            "...",  # the client's deprecation notice, if it prints one
            "Sending build context to Docker daemon  2.048kB",
            "Step 1/3 : FROM docktest/dind:5c1e0a7b9d2f",
            " ---> 0a1b2c3d4e5f",
            "Step 2/3 : RUN echo 안녕하세요",
            " ---> Running in 9f8e7d6c5b4a",
            "안녕하세요",
            "Removing intermediate container 9f8e7d6c5b4a",
            " ---> 1b2c3d4e5f6a",
            "Step 3/3 : COPY x.txt /x.txt",
            " ---> 2c3d4e5f6a7b",
            "Successfully built 2c3d4e5f6a7b",
            f"Successfully tagged {tag}",
        ]
        assert match(pasted, printed).ok, printed + _registry_state()
        assert not match([line.replace("안녕하세요", "안녕히 가세요") for line in pasted], printed).ok
    finally:
        subprocess.run(["docker", "rmi", tag], capture_output=True, timeout=60)
