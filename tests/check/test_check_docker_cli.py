"""The docker CLI model: usage lines → required arguments, help text → flags, a named client's on-disk cache."""

from __future__ import annotations

import json
import shutil

import pytest

from docktest import config
from docktest.check import docker_args, docker_cli, docker_table


@pytest.mark.parametrize("usage, required", [
    ("docker run [OPTIONS] IMAGE [COMMAND] [ARG...]", 1),
    ("docker image prune [OPTIONS]", 0),
    ("docker buildx build [OPTIONS] PATH | URL | -", 1),
    ("docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]", 2),
    ("docker exec [OPTIONS] CONTAINER COMMAND [ARG...]", 2),
    ("docker login [OPTIONS] [SERVER]", 0),
])
def test_required_positionals_from_usage(usage, required):
    assert docker_cli._required(usage) == required


@pytest.mark.parametrize("usages, facts", [
    (["docker trust signer add OPTIONS NAME REPOSITORY [REPOSITORY...]"], (2, True)),  # OPTIONS without brackets
    (["docker compose exec [OPTIONS] SERVICE COMMAND [ARGS...]"], (2, False)),
    (["docker exec [OPTIONS] CONTAINER COMMAND [ARG...]"], (2, False)),
    (["docker debug [OPTIONS] {CONTAINER|IMAGE}"], (1, True)),
])
def test_usage_lines_give_required_arguments_and_interspersing(usages, facts):
    assert docker_cli.usage_facts(usages) == facts


@pytest.mark.parametrize("command", [
    "docker trust signer add --key cert.pem alice example/repo",
    "docker compose exec web ls -la",  # after the service, flags are the service command's
    "docker compose run --rm web ls -la",
])
def test_commands_whose_usage_was_misread_pass(command):
    assert docker_args.check(docker_table.shipped_table()["tree"], command.split()[1:]) == []


def test_help_text_flags_aliases_and_interspersing():
    text = ("Usage:  docker image ls [OPTIONS] [REPOSITORY[:TAG]]\n\nList images\n\nAliases:\n"
            "  docker image ls, docker image list, docker images\n\nOptions:\n"
            "  -a, --all             Show all images\n      --gpus gpu-request   GPU devices\n"
            "  -f, --filter filter   Filter output\n      --no-trunc        Don't truncate output\n")
    node = docker_cli.parse_help(text, ["image", "ls"])
    assert node["flags"] == {"--help": False, "-h": False, "--all": False, "-a": False, "--gpus": True,
                             "--filter": True, "-f": True, "--no-trunc": False}
    assert node["aliases"] == ["ls", "list"] and node["required"] == 0 and node["interspersed"]
    assert not node["group"]


# A local client's tree is read only when asked for (DOCKTEST_DOCKER_CLI); these use the host's client.
HOST_DOCKER = shutil.which("docker")
needs_host_docker = pytest.mark.skipif(HOST_DOCKER is None, reason="no docker client on PATH")


@needs_host_docker
def test_tree_comes_from_the_cache_without_running_docker(tmp_path, monkeypatch):
    tree = docker_table.load_client(config.DockerClient(HOST_DOCKER, tmp_path), timeout_s=30)
    assert tree is not None and "run" in tree["commands"]
    (cache,) = tmp_path.glob("docker-cli-*-f*.json")
    assert json.loads(cache.read_text()) == tree
    monkeypatch.setattr(docker_cli, "ask", lambda argv, timeout_s=30: pytest.fail(f"ran {argv}"))
    assert docker_table.load_client(config.DockerClient(HOST_DOCKER, tmp_path)) == tree


def test_no_docker_cli_means_the_shipped_table(monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("DOCKTEST_DOCKER_CLI", raising=False)
    assert docker_table.load(config.docker_client()) == docker_table.shipped_table()["tree"]
    assert capsys.readouterr().err == ""


@needs_host_docker
def test_an_unusable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("")
    cannot_be_made = tmp_path / "a-file" / "cache"
    tree = docker_table.load_client(config.DockerClient(HOST_DOCKER, cannot_be_made), timeout_s=30)
    assert tree is not None and "run" in tree["commands"]
