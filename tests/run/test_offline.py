"""Offline mode's limits without an engine: which failures are "cannot verify here", and the page rule after one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from docktest.model import Result
from docktest.sandbox import stand_ins
from docktest.run.offline import OfflinePage, after_unavailable, hub_unreachable, unavailable

# What the sandbox's inner engine (Docker 26, Docker Hub's names pointed at a closed port) printed, seen in a run.
RUN_ALPINE = ("Unable to find image 'alpine:latest' locally\ndocker: Error response from daemon: Get "
              '"https://registry-1.docker.io/v2/": dial tcp 127.0.0.1:443: connect: connection refused.\n'
              "See 'docker run --help'.\n")
PULL_ALPINE = ('Using default tag: latest\nError response from daemon: Get "https://registry-1.docker.io/v2/": '
               "dial tcp 127.0.0.1:443: connect: connection refused\n")
BUILD_FROM_ALPINE = ("#2 [internal] load metadata for docker.io/library/alpine:3.20\n#2 ERROR: failed to do request: "
                     'Head "https://registry-1.docker.io/v2/library/alpine/manifests/3.20": dial tcp 127.0.0.1:443: '
                     "connect: connection refused\nERROR: failed to solve: alpine:3.20: failed to resolve source "
                     "metadata for docker.io/library/alpine:3.20: failed to do request\n")
COMPOSE_REDIS = (' a Pulling \n a Error Get "https://registry-1.docker.io/v2/": dial tcp 127.0.0.1:443: connect: '
                 'connection refused\nError response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp '
                 "127.0.0.1:443: connect: connection refused\n")
# Where Hub's names are not pointed anywhere (a remote engine's sandbox): the lookup fails instead.
LOOKUP = ('Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io '
          "on 127.0.0.11:53: no such host\n")
SERVED = stand_ins.served(stand_ins.ALWAYS)


def _result(command: str, output: str, status: str = "failed", exit_code: int | None = 125, line: int = 3,
            **fields) -> Result:
    return Result("p.md", line, command, status, exit_code, 0.1, output, **fields)


@pytest.mark.parametrize("output", [RUN_ALPINE, PULL_ALPINE, BUILD_FROM_ALPINE, COMPOSE_REDIS, LOOKUP])
def test_a_pull_that_found_no_network_is_recognised(output: str) -> None:
    assert hub_unreachable(output)


@pytest.mark.parametrize("output", [
    "Error response from daemon: pull access denied for nignx, repository does not exist\n",  # online: a typo
    "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused\n",  # not Docker Hub
    "bash: doccker: command not found\n",
])
def test_other_failures_are_not_taken_for_a_missing_image(output: str) -> None:
    assert not hub_unreachable(output)
    assert unavailable(_result("docker run nignx", output), ["nignx"], SERVED).status == "failed"


def test_the_image_is_named_as_the_command_names_it() -> None:
    judged = unavailable(_result("docker run --rm alpine echo hi", RUN_ALPINE), ["alpine"], SERVED)
    assert (judged.status, judged.unavailable_image, judged.unverifiable_after) == ("unverifiable", "alpine", 0)
    assert judged.message == "image not available offline: alpine; exit status 125, expected 0"
    both = unavailable(_result("docker pull node && docker pull alpine:3.20", PULL_ALPINE, exit_code=1),
                       ["node", "alpine:3.20"], SERVED)
    assert both.unavailable_image == "alpine:3.20"  # node is served: the other one is missing


def test_without_an_image_argument_the_engines_words_name_it() -> None:
    built = unavailable(_result("docker build -t tiny .", BUILD_FROM_ALPINE, exit_code=1), [], SERVED)
    assert built.unavailable_image == "alpine:3.20"
    composed = unavailable(_result("docker compose up -d", COMPOSE_REDIS, exit_code=1), [], SERVED)
    assert (composed.status, composed.unavailable_image) == ("unverifiable", "")
    assert composed.message.startswith("image not available offline: an image;")


def test_a_pull_expected_to_fail_stays_a_pass() -> None:
    expected = _result("docker pull no-such-image:1", PULL_ALPINE, "passed", 1, expected_exit=1)
    assert unavailable(expected, ["no-such-image:1"], SERVED) == expected


def test_after_a_missing_image_later_failures_are_unverifiable_and_passes_stay() -> None:
    before = _result("false", "", exit_code=1, line=2)
    missing = unavailable(_result("docker run -d --name box alpine sleep 9", RUN_ALPINE, line=5), ["alpine"], SERVED)
    follows = _result("docker exec box cat /etc/alpine-release", "Error: No such container: box\n", exit_code=1,
                      line=6)
    passes = _result("docker ps", "CONTAINER ID\n", "passed", 0, line=7)
    timed_out = _result("docker logs -f box", "", "timeout", None, line=8, timeout_s=5.0)
    refused = _result("ls", "", exit_code=None, line=9, error="the workdir 'x' is not a folder")
    judged = list(after_unavailable([before, missing, follows, passes, timed_out, refused]))
    assert [r.status for r in judged] == ["failed", "unverifiable", "unverifiable", "passed", "unverifiable", "failed"]
    assert (judged[2].unavailable_image, judged[2].unverifiable_after) == ("alpine", 5)
    assert judged[2].message == ("not verifiable offline: follows line 5, whose image (alpine) is not available; "
                                 "exit status 1, expected 0")
    assert judged[4].message.endswith("; timed out")


def test_a_page_run_names_the_stand_ins_used_so_far() -> None:
    page = OfflinePage(["nginx"])
    pulled = page.judge(_result("docker pull node:latest", "", "passed", 0), "docker pull node:latest")
    served = page.judge(_result("docker run -d -p 8080:80 nginx", "", "passed", 0), "docker run -d -p 8080:80 nginx")
    curl = page.judge(_result("curl -s localhost:8080", "<html>", "passed", 0), "curl -s localhost:8080")
    lacking = page.judge(_result("docker run alpine", RUN_ALPINE), "docker run alpine")
    assert (pulled.stand_ins, served.stand_ins, curl.stand_ins) == (("node",), ("node", "nginx"), ("node", "nginx"))
    assert (lacking.status, lacking.unavailable_image) == ("unverifiable", "alpine")


def test_a_page_without_stand_ins_says_nothing_of_them() -> None:
    plain = _result("echo hi", "hi\n", "passed", 0)
    assert OfflinePage([]).judge(plain, "echo hi") == plain


@pytest.mark.parametrize(("image", "reference"), [
    ("nginx", ("nginx", "latest")),
    ("docker.io/library/redis:8", ("redis", "8")),
    ("postgres:17@sha256:" + "a" * 64, ("postgres", "17")),
    ("user/app", None),
    ("ghcr.io/owner/app:1", None),
    ("localhost:5000/app", None),
    ("${BASE}", None),
])
def test_only_official_images_have_a_reference(image: str, reference: tuple[str, str] | None) -> None:
    assert stand_ins.reference(image) == reference


def test_stand_ins_beyond_the_always_ones_are_needed_only_in_a_tag_they_serve() -> None:
    assert stand_ins.needed(["node", "nginx", "postgres:17", "redis:6", "alpine", "debian:bookworm", "mysql"]) == (
        "mysql", "nginx", "postgres")
    assert not set(stand_ins.needed(stand_ins.BY_NAME)) & {"alpine", "ubuntu", "hello-world"}


def test_a_result_from_another_run_keeps_its_facts() -> None:
    judged = unavailable(_result("docker run alpine", RUN_ALPINE), ["alpine"], SERVED)
    assert replace(judged, stand_ins=("node",)).message == judged.message


def test_a_pull_of_an_image_the_page_builds_follows_its_failed_build() -> None:
    page = OfflinePage([])
    build = page.judge(_result("docker build -t tiny .", BUILD_FROM_ALPINE, exit_code=1, line=4),
                       "docker build -t tiny .")
    run = page.judge(_result("docker run --rm tiny", RUN_ALPINE.replace("alpine", "tiny"), line=7), "docker run --rm tiny")
    assert (build.status, build.unavailable_image) == ("unverifiable", "alpine:3.20")
    assert run.status == "failed"  # not "tiny is not on Docker Hub": the page's own build did not happen
    assert [r.unverifiable_after for r in after_unavailable([build, run])] == [0, 4]
    both = page.judge(_result("docker run tiny; docker run busybox", RUN_ALPINE, line=9),
                      "docker run tiny; docker run busybox")
    assert both.unavailable_image == "busybox"  # the one Docker Hub was asked for, not the page's own


def test_compose_in_an_example_folder_names_the_image_its_file_names() -> None:
    page = OfflinePage([])
    page.block(["mongo:7", "node"])
    composed = page.judge(_result("docker compose up -d", COMPOSE_REDIS, exit_code=1), "docker compose up -d")
    assert (composed.status, composed.unavailable_image, composed.stand_ins) == ("unverifiable", "mongo:7", ("node",))
