"""The output matcher: each volatile kind matches its own kind, near misses fail, diffs and updates are exact."""

from __future__ import annotations

import pytest

from docktest.compare.expect import match, updated

ID64_HERE = "860c112c0550bf730d970ee91017ccad5e7cd1c9946077c11b128a1470657b33"
ID64_THERE = "3f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a"


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        pytest.param("3f2a9b8c7d6e", "860c112c0550", id="id12"),
        pytest.param(ID64_THERE, ID64_HERE, id="id64"),
        pytest.param(f"Digest: sha256:{ID64_THERE}", f"Digest: sha256:{ID64_HERE}", id="digest"),
        pytest.param("admiring_turing", "hardcore_clarke", id="generated-name"),
        pytest.param("stoic_chandrasekhar3", "eager_hopper", id="generated-name-retry-digit"),
        pytest.param("quirky_turing", "festive_hopper", id="generated-name-newer-docker"),
        pytest.param("elated_mayer3", "berserk_einstein", id="generated-name-older-docker"),
        pytest.param("Up Less than a second", "Up 2 seconds", id="up-less-than-a-second"),
        pytest.param("Up About a minute", "Up 3 weeks", id="up-about-a-minute"),
        pytest.param("Up 5 hours (healthy)", "Up About an hour (healthy)", id="up-healthy"),
        pytest.param("2 minutes ago", "About a minute ago", id="ago"),
        pytest.param("Exited (0) 2 seconds ago", "Exited (0) 3 months ago", id="exited-ago"),
        pytest.param("2025-03-01T09:15:42.123456789Z", "2026-11-28T02:08:36.381025259Z", id="iso-datetime"),
        pytest.param("2025-03-01 18:15:42 +0900 KST", "2026-11-28 02:08:36 +0000 UTC", id="docker-images-created-at"),
        pytest.param("2025-03-01", "2026-11-28", id="date"),
        pytest.param("Sat Mar  1 09:15:42 UTC 2025", "Sat Nov 28 02:08:28 UTC 2026", id="date-command"),
        pytest.param("시작: 09:15:42", "시작: 02:08:36", id="time"),
        pytest.param("324MB", "1.12GB", id="size-mb-gb"),
        pytest.param("SIZE 5.6kB", "SIZE 0B", id="size-kb-b"),
        pytest.param("1.5MiB / 7.7GiB", "12.3MiB / 15.5GiB", id="size-binary-units"),
        pytest.param("0.0.0.0:49153->80/tcp, :::49153->80/tcp", "0.0.0.0:32768->80/tcp, [::]:32768->80/tcp",
                     id="ephemeral-port"),
        pytest.param("80/tcp -> 0.0.0.0:49154", "80/tcp -> 0.0.0.0:32768", id="docker-port"),
        pytest.param("#5 DONE 0.3s", "#5 DONE 12.4s", id="buildkit-done"),
        pytest.param("#5 CACHED", "#5 DONE 1.2s", id="buildkit-cached"),
        pytest.param("#6 DONE 0.1s", "#6 CACHED", id="buildkit-done-vs-cached"),
        pytest.param("#8 0.412 안녕하세요", "#7 1.003 안녕하세요", id="buildkit-log-line"),
        pytest.param("#1 transferring dockerfile: 123B 0.0s done", "#1 transferring dockerfile: 87B 0.1s done",
                     id="buildkit-transfer"),
        pytest.param("NAME   IMAGE", "NAME      IMAGE", id="column-gap"),
        pytest.param("a\tb", "a    b", id="tab-gap"),
        pytest.param("hello", "hello   ", id="trailing-spaces"),
        pytest.param("hello", "\x1b[32mhello\x1b[0m", id="ansi"),
        pytest.param("100%", "10%\r50%\r100%\r", id="carriage-return"),
        pytest.param("안녕하세요, 도커!", "안녕하세요, 도커!", id="korean"),
        pytest.param("Server: Docker Engine ...", "Server: Docker Engine - Community 20.10.24", id="inline-ellipsis"),
    ],
)
def test_volatile_values_match_their_own_kind(expected: str, actual: str) -> None:
    assert match([expected], actual + "\n").ok


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        pytest.param("Up 2 seconds", "Exited (0) 2 seconds ago", id="up-vs-exited"),
        pytest.param("running", "exited", id="running-vs-exited"),
        pytest.param("Exited (0) 3 seconds ago", "Exited (1) 3 seconds ago", id="exit-code"),
        pytest.param("Up 2 seconds (healthy)", "Up 2 seconds (unhealthy)", id="health"),
        pytest.param("sleep 2 seconds", "sleep 3 seconds", id="duration-outside-up-or-ago"),
        pytest.param("0.0.0.0:8080->80/tcp", "0.0.0.0:32768->80/tcp", id="fixed-port"),
        pytest.param("0.0.0.0:49153->80/tcp", "0.0.0.0:49153->443/tcp", id="container-port"),
        pytest.param("web", "hardcore_clarke", id="chosen-name"),
        pytest.param("db_data", "app_data", id="chosen-name-with-underscore"),
        pytest.param("quirky_turing", "quirky_data", id="chosen-name-half-generated"),
        pytest.param("admiring_turing", "my_container", id="generated-vs-chosen"),
        pytest.param("860c112c0550", "860c112c055", id="id-too-short"),
        pytest.param(f"sha256:{ID64_THERE}", ID64_HERE, id="digest-vs-bare-hex"),
        pytest.param("324MB", "324", id="size-vs-number"),
        pytest.param("goals:latest", "goals:v2", id="tag"),
        pytest.param("안녕하세요", "안녕히 가세요", id="korean"),
        pytest.param("#5 CACHED", "#5 ERROR: process did not complete", id="buildkit-error"),
        pytest.param("Up 2 seconds", "Up 2 seconds ago", id="up-with-trailing-text"),
        pytest.param("a b", "a  b", id="single-space-is-not-a-column-gap"),
    ],
)
def test_near_misses_do_not_match(expected: str, actual: str) -> None:
    assert not match([expected], actual + "\n").ok


# A transcript pasted from the author's machine: an implicit pull, other IDs, names, times, sizes.
PS_THERE = [
    "CONTAINER ID   IMAGE         COMMAND       CREATED          STATUS                      PORTS     NAMES",
    "a1b2c3d4e5f6   node:latest   \"node\"        3 minutes ago    Exited (0) 2 minutes ago              admiring_turing",
]
PS_HERE = (
    "CONTAINER ID   IMAGE         COMMAND                  CREATED         STATUS                     PORTS     NAMES\n"
    "860c112c0550   node:latest   \"node\"                   2 seconds ago   Exited (0) 1 second ago              "
    "hardcore_clarke\n"
)
IMPLICIT_PULL = (
    "Unable to find image 'node:latest' locally\n"
    "latest: Pulling from library/node\n"
    "0e29546d541c: Pulling fs layer\n"
    "0e29546d541c: Verifying Checksum\n"
    "0e29546d541c: Download complete\n"
    "0e29546d541c: Pull complete\n"
    "7f1d2a3b4c5d: Pull complete\n"
    f"Digest: sha256:{ID64_HERE}\n"
    "Status: Downloaded newer image for node:latest\n"
)


def test_a_table_from_another_machine_matches() -> None:
    assert match(PS_THERE, PS_HERE).ok


def test_an_implicit_pull_the_author_did_not_paste_is_ignored() -> None:
    assert match(["v20.19.2"], IMPLICIT_PULL + "v20.19.2\n").ok


def test_layer_lines_of_an_explicit_pull_collapse() -> None:
    pasted = [
        "latest: Pulling from library/node",
        "a2abf6c4d29d: Pull complete",
        "a9edb18cadd1: Pull complete",
        "589b7251471a: Already exists",
        f"Digest: sha256:{ID64_THERE}",
        "Status: Downloaded newer image for node:latest",
        "docker.io/library/node:latest",
    ]
    printed = IMPLICIT_PULL.replace("Unable to find image 'node:latest' locally\n", "").replace(
        "7f1d2a3b4c5d: Pull complete\n", "7f1d2a3b4c5d: Pull complete\n1a2b3c4d5e6f: Pull complete\n"
        "2b3c4d5e6f7a: Already exists\n") + "docker.io/library/node:latest\n"
    assert match(pasted, printed).ok
    assert match(pasted[:1] + pasted[4:], printed).ok  # all layers were cached on the author's machine
    assert not match([line.replace("node:latest", "node:20") for line in pasted], printed).ok


def test_ellipsis_line_matches_any_number_of_lines() -> None:
    assert match(["first", "...", "last"], "first\nlast\n").ok
    assert match(["first", "...", "last"], "first\na\nb\nc\nlast\n").ok
    assert not match(["first", "...", "last"], "first\na\nlast but not least\n").ok


def test_trailing_blank_lines_do_not_count() -> None:
    assert match(["hello", ""], "hello\n\n\n").ok
    assert not match([], "hello\n").ok


def test_a_wrong_line_fails_with_a_diff_at_the_file_lines() -> None:
    pasted = ["hello from 컨테이너", "status: running", "bye"]
    result = match(pasted, "hello from 컨테이너\nstatus: exited\nbye\n", first_line=41, label="docs/page.md")
    assert not result.ok
    assert result.diff == (
        "--- docs/page.md\n"
        "+++ actual\n"
        "@@ -41,3 +41,3 @@\n"
        " hello from 컨테이너\n"
        "-status: running\n"
        "+status: exited\n"
        " bye"
    )


def test_the_diff_shows_matched_volatile_lines_as_written() -> None:
    result = match(PS_THERE + ["done"], PS_HERE + "failed\n", first_line=7)
    assert result.diff == "\n".join([
        "--- expected",
        "+++ actual",
        "@@ -7,3 +7,3 @@",
        " CONTAINER ID  IMAGE  COMMAND  CREATED  STATUS  PORTS  NAMES",
        ' a1b2c3d4e5f6  node:latest  "node"  3 minutes ago  Exited (0) 2 minutes ago  admiring_turing',
        "-done",
        "+failed",
    ])


def test_missing_and_extra_lines_have_their_own_hunk_ranges() -> None:
    assert match(["one", "two"], "one\n", first_line=5).diff == "--- expected\n+++ actual\n@@ -5,2 +5 @@\n one\n-two"
    assert match([], "surprise\n", first_line=5).diff == "--- expected\n+++ actual\n@@ -4,0 +5 @@\n+surprise"


def test_updated_keeps_matching_lines_as_written_and_takes_the_rest() -> None:
    pasted = PS_THERE + ["...", "상태: running   ", "끝"]
    printed = IMPLICIT_PULL + PS_HERE + "x\ny\n상태: exited\n끝\n"
    new = updated(pasted, printed)
    assert new == PS_THERE + ["...", "상태: exited", "끝"]
    assert match(new, printed).ok


def test_updated_takes_the_printed_text_with_its_columns() -> None:
    assert updated(["a  b"], "\x1b[1mx     y\x1b[0m   \n") == ["x     y"]
    assert updated(["same", ""], "same\nnew\n") == ["same", "new", ""]
