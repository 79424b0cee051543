"""The docker command table shipped in the package: used with no docker client, plugins known, a hung client warned."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docktest import config
from docktest.check import docker_args, docker_table
from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.project import CheckSettings, DockerClient
from docktest.sandbox import images
from docktest.sandbox.docker import HostDocker

PAGE = "# p\n\n```bash\ndocker imgaes\ndocker compose up -d --wait\ndocker buildx build --load -t x .\n```\n"
TYPO = "p.md:4: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"


def _check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m docktest check p.md` with PATH holding bash and nothing else: no docker client anywhere."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if not (bin_dir / "bash").exists():
        (bin_dir / "bash").symlink_to("/bin/bash")
    (tmp_path / "p.md").write_text(PAGE)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DOCKTEST_")}
    return subprocess.run([sys.executable, "-m", "docktest", "check", "p.md"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, env={**environ, "PATH": str(bin_dir), **env})


def test_docker_typo_is_an_error_with_no_docker_client_on_path(tmp_path):
    done = _check(tmp_path)
    assert (done.returncode, done.stdout.splitlines()) == (1, [TYPO])
    assert done.stderr == "docktest: 1 blocks checked: 1 error, 0 warnings, 0 notes\n"


def test_a_hung_client_is_one_warning_and_the_shipped_table_answers(tmp_path):
    hung = tmp_path / "docker"
    hung.write_text("#!/bin/sh\n/bin/sleep 60\n")  # a child that outlives the shell: the whole session is killed
    hung.chmod(0o755)
    started = time.monotonic()
    done = _check(tmp_path, DOCKTEST_DOCKER_CLI=str(hung))
    assert time.monotonic() - started < 10
    assert (done.returncode, done.stdout.splitlines()) == (1, [TYPO])
    assert done.stderr.splitlines() == [
        f"docktest: warning: DOCKTEST_DOCKER_CLI={hung} did not answer within 3 s: "
        "using the shipped docker command table",
        "docktest: 1 blocks checked: 1 error, 0 warnings, 0 notes"]


def test_a_missing_client_is_one_warning(tmp_path):
    done = _check(tmp_path, DOCKTEST_DOCKER_CLI="/no/such/docker")
    assert (done.returncode, done.stdout.splitlines()) == (1, [TYPO])
    assert done.stderr.splitlines()[0] == ("docktest: warning: DOCKTEST_DOCKER_CLI=/no/such/docker cannot be run: "
                                           "No such file or directory: using the shipped docker command table")


def test_an_unreadable_table_is_a_warning_saying_why(monkeypatch, capsys):
    def broken():
        raise ValueError("format 1, this docktest reads format 2")
    monkeypatch.setattr(docker_table, "shipped_table", broken)
    monkeypatch.delenv("DOCKTEST_DOCKER_CLI", raising=False)
    assert docker_table.load(config.docker_client()) is None
    assert capsys.readouterr().err == ("docktest: warning: docker commands are not checked: the shipped table "
                                       "data/docker-commands.json cannot be read (format 1, this docktest reads format 2)\n")


def test_the_check_reads_the_table_of_the_client_its_settings_name(tmp_path, monkeypatch, capsys):
    """The client comes with the settings the check is handed (CheckSettings.docker_client), not from a lookup of its
    own: a client that knows `docker frobnicate` makes it no typo; the shipped table and $DOCKTEST_DOCKER_CLI, which
    the check no longer reads itself, do not."""
    page = "# p\n\n```bash\ndocker frobnicate\n```\n"
    knows = DockerClient(str(tmp_path / "knows" / "docker"), tmp_path / "knows")
    shipped = docker_table.shipped_table()["tree"]

    def load_client(client, timeout_s=docker_table.CLIENT_TIMEOUT_S):
        if client != knows:
            raise AssertionError(f"asked {client}, which no settings name")
        return {**shipped, "commands": {**shipped["commands"], "frobnicate": shipped["commands"]["ps"]}}

    monkeypatch.setattr(docker_table, "load_client", load_client)
    monkeypatch.setenv("DOCKTEST_DOCKER_CLI", str(tmp_path / "from-the-environment" / "docker"))

    def rules(settings: CheckSettings) -> list[str]:
        return [finding.rule for finding in check_page("p.md", page, extract_page("p.md", page), settings=settings)]

    assert rules(CheckSettings(docker_client=knows)) == []
    assert rules(CheckSettings()) == ["docker-usage"]
    assert capsys.readouterr().err == ""  # the environment's client was never asked


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker client on PATH")
def test_a_named_client_refines_the_table_and_the_table_fills_in_its_plugins(tmp_path, monkeypatch, capsys):
    host = shutil.which("docker")
    monkeypatch.setenv("DOCKTEST_DOCKER_CLI", host)
    monkeypatch.setenv("DOCKTEST_CACHE_DIR", str(tmp_path))
    client = docker_table.load_client(config.docker_client(), timeout_s=30)  # read with time to spare; load() hits
    tree = docker_table.load(config.docker_client())                          # the cache
    assert capsys.readouterr().err == ""
    assert tree["commands"]["run"] == client["commands"]["run"]  # the client's own commands win
    assert docker_args.check(tree, ["compose", "up", "-d", "--wait"]) == []  # the table adds what it lacks
    if "compose" not in client["commands"]:  # this project's host client has no plugins
        shipped = docker_table.shipped_table()["tree"]
        assert tree["commands"]["compose"] == shipped["commands"]["compose"]


@pytest.mark.parametrize("command", [
    "docker compose up -d --wait",
    "docker compose -f x.yml up",
    "docker compose -p demo logs -f web",
    "docker compose down --volumes",
    "docker buildx build --load -t x .",
    "docker buildx ls",
    "docker build --load -t x .",  # `docker build` is buildx's build in the sandbox
    "docker build -t x --progress=plain .",
])
def test_plugin_commands_are_known(command):
    assert docker_args.check(docker_table.shipped_table()["tree"], command.split()[1:]) == []


@pytest.mark.parametrize("command, message, suggestion", [
    ("docker compose upp", "unknown docker command 'compose upp' (did you mean 'up'?)", "up"),
    ("docker buildx biuld .", "unknown docker command 'buildx biuld' (did you mean 'build'?)", "build"),
    ("docker compose up --dettach", "unknown flag '--dettach' for 'docker compose up' (did you mean '--detach'?)",
     "--detach"),
    ("docker buildx build --laod .", "unknown flag '--laod' for 'docker buildx build' (did you mean '--load'?)",
     "--load"),
])
def test_plugin_typos_get_did_you_mean(command, message, suggestion):
    (problem,) = docker_args.check(docker_table.shipped_table()["tree"], command.split()[1:])
    assert (problem.message, problem.suggestion) == (message, suggestion)


@pytest.mark.docker
def test_the_table_comes_from_the_sandbox_images_binaries():
    table = docker_table.shipped_table()
    dind = images.planned_images("offline").dind
    assert table["image"] == dind, "regenerate: python -m docktest.sandbox.tables"
    docker = HostDocker()
    images.ensure_images(config.load(mode="offline", progress=False), docker)  # builds only what is missing
    said = docker.run("run", "--rm", "--entrypoint", "sh", dind, "-c",
                      "docker --version; docker buildx version; docker compose version", check=True).stdout.splitlines()
    versions = table["versions"]
    assert said[0].startswith(f"Docker version {versions['docker-cli']}, build ")
    assert re.fullmatch(rf"github\.com/docker/buildx {re.escape(versions['docker-buildx'])} \S+", said[1])
    assert said[2] == f"Docker Compose version {versions['docker-compose']}"
    assert versions["docker-cli"].startswith("26.")
