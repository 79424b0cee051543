"""Image names: a single name close to an official image and made nowhere earlier on the page is a likely typo."""

from __future__ import annotations

import re

import pytest

from docktest import data_files
from docktest.check import image_names
from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.report.formats import format_findings


def check(text: str) -> list[str]:
    return format_findings(check_page("p.md", text, extract_page("p.md", text)), "text").splitlines()


def bash(*blocks: str) -> str:
    return "".join(f"```bash\n{code}\n```\n\n" for code in blocks)


def warning(line: int, name: str, official: str) -> str:
    return (f"p.md:{line}: warning: image '{name}' is neither an official Docker Hub image nor made earlier on this "
            f"page (did you mean '{official}'?) [image-name]")


def test_a_misspelt_official_image_gets_a_did_you_mean() -> None:
    # A real lesson (issue 20) ran Elasticsearch under this name, twice.
    text = bash("docker pull elsaticsearch:8.15.0\ndocker run -d --name es -p 9200:9200 elsaticsearch:8.15.0")
    assert check(text) == [warning(2, "elsaticsearch", "elasticsearch"), warning(3, "elsaticsearch", "elasticsearch")]
    finding = check_page("p.md", text, extract_page("p.md", text))[0]
    assert (finding.rule, finding.severity, finding.suggestion) == ("image-name", "warning", "elasticsearch")


@pytest.mark.parametrize("code, name, official", [
    ("docker run ngnix", "ngnix", "nginx"),
    ("docker container run --rm -it ubunto:22.04 bash", "ubunto", "ubuntu"),
    ("docker create --name db postgress", "postgress", "postgres"),
    ("sudo docker run -e MYSQL_ROOT_PASSWORD=pw -d mysqll@sha256:" + "0" * 64, "mysqll", "mysql"),
])
def test_the_image_is_the_argument_docker_reads_as_one(code: str, name: str, official: str) -> None:
    assert check(bash(code)) == [warning(2, name, official)]


@pytest.mark.parametrize("code", [
    "docker run nginx",
    "docker run user/elsaticsearch",  # a namespace: someone's own image, never judged
    "docker run localhost:5000/ngnix",
    "docker run --rm centos:7 echo hi",  # retired from the official images, still pulled by older lessons
    "docker run --name ngnix nginx",  # a flag's value is no image
    "docker run --rm nginx ngnix",  # the command run in the container
    "docker run my-nginx",  # far from any official name: a local image, maybe
    "docker run myredis",  # two letters more than a short official name: a name of its own
    "docker build -t myapp . && docker run myapp",
    "docker run $IMAGE",
])
def test_names_that_are_no_typo_are_left_alone(code: str) -> None:
    assert check(bash(code)) == []


@pytest.mark.parametrize("making", [
    "docker build -t ngnix:dev .",
    "docker buildx build --tag=ngnix --load .",
    "docker tag nginx ngnix",
    "docker commit web ngnix",
    "docker image import rootfs.tar ngnix",
    "docker load -i images.tar",  # whatever the archive held
])
def test_an_image_made_earlier_on_the_page_is_no_typo(making: str) -> None:
    assert check(bash(making, "docker run --rm ngnix")) == []
    assert check(bash("docker run --rm ngnix", making)) == [warning(2, "ngnix", "nginx")]  # made only afterwards


def test_console_transcripts_are_read_at_their_lines() -> None:
    text = "```console\n$ docker images\nREPOSITORY   TAG\n$ docker pull elsaticsearch\n```\n"
    assert check(text) == [warning(4, "elsaticsearch", "elasticsearch")]


def test_the_shipped_list_says_where_it_came_from() -> None:
    data = data_files.read(image_names.DATA)
    assert data["source"]["repository"] == "https://github.com/docker-library/official-images"
    assert (data["source"]["folder"], data["source"]["licence"]) == ("library/", "Apache-2.0")
    assert re.fullmatch(r"[0-9a-f]{40}", data["source"]["commit"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", data["source"]["date"])
    assert {"alpine", "nginx", "elasticsearch", "hello-world"} <= set(data["images"])
    assert "centos" in data["retired"] and "centos" not in data["images"]


def test_the_parts_of_an_image_name_the_page_shows_alone_in_a_fence_are_names_not_commands() -> None:
    # container.training's Initial_Images: the image, then its user and its name, each in a bash fence of its own
    found = check(bash("jpetazzo/clock", "jpetazzo", "clock"))
    assert found == [f"p.md:{line}: warning: this block is not shell but a name ('{word}' is part of an image name "
                     "the page shows): tag it ```text [not-shell]" for line, word in ((6, "jpetazzo"), (10, "clock"))]


@pytest.mark.parametrize("blocks, error", [
    (("clock",), "p.md:2: error: unknown command 'clock' (did you mean 'look'?) [unknown-command]"),  # no image shown
    (("docker run jpetazzo/clock", "clokc"), "p.md:6: error: unknown command 'clokc' [unknown-command]"),
    (("docker run jpetazzo/clock", "clock --now"), "p.md:6: error: unknown command 'clock' (did you mean 'look'?) "
                                                   "[unknown-command]"),  # with arguments it is run as a command
    (("ls ./app/clock", "clock"), "p.md:6: error: unknown command 'clock' (did you mean 'look'?) [unknown-command]"),
])
def test_a_lone_word_that_is_no_part_of_a_shown_image_stays_an_unknown_command(blocks, error) -> None:
    assert check(bash(*blocks)) == [error]
