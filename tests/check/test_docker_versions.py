"""Other Docker releases: a command or flag some release has is a note (newer) or a warning (removed), never a typo;
hidden flags pass; true unknowns keep their error and did-you-mean."""

from __future__ import annotations

import pytest

from checked_page import check
from docktest.check import docker_args, docker_table, docker_versions
from docktest.check.docker_versions import Releases
from docktest.extract.markdown import extract_page
from docktest.check.rules import check_page
from docktest.report.formats import FINDING_FORMATS, format_findings


@pytest.mark.parametrize("command, message", [
    ("docker init", "docker command 'init' needs Docker Desktop's docker-init plugin, which the sandbox does not have"),
    ("docker scout cves alpine",
     "docker command 'scout' needs the Docker Scout plugin (docker-scout), which the sandbox does not have"),
    ("docker debug --shell bash web",
     "docker command 'debug' needs Docker Desktop's docker-debug plugin, which the sandbox does not have"),
    ("docker compose bridge convert",
     "docker command 'compose bridge' needs Docker Compose ≥ 2.37; the sandbox has 2.26"),
    ("docker build --check .", "flag '--check' for 'docker build' needs Docker Buildx ≥ 0.15; the sandbox has 0.13"),
    ("docker image ls --tree", "flag '--tree' for 'docker image ls' needs Docker ≥ 27.2; the sandbox has 26.1"),
    ("docker image rm --platform linux/amd64 alpine",
     "flag '--platform' for 'docker image rm' needs Docker ≥ 28.2; the sandbox has 26.1"),
    ("docker network create --ipv4=false net1",
     "flag '--ipv4' for 'docker network create' needs Docker ≥ 28.0; the sandbox has 26.1"),
    ("docker assemble build docker-springframework",  # Docker Enterprise 3.0's plugin, documented by docker/docs
     "docker command 'assemble' needs Docker Enterprise 3.0's docker-assemble plugin, which the sandbox does not have"),
    ("docker buildx history inspect qu2gsuo8ejqr",  # a group that also takes an argument
     "docker command 'buildx history' needs Docker Buildx ≥ 0.20; the sandbox has 0.13"),
])
def test_what_a_newer_release_or_a_desktop_plugin_has_is_one_note(command, message):
    assert check(command) == [f"p.md:2: note: {message} [docker-version]"]


@pytest.mark.parametrize("command", [
    "docker run --net host alpine",  # hidden: MarkHidden in the CLI's Go source
    "docker run --net=container:web --net-alias db alpine",
    "docker run --link-local-ip 169.254.1.1 alpine",
    "docker run --kernel-memory 10m alpine",
    "docker volume create --name data",
    "docker build --squash -t app .",  # the classic builder's flag, hidden in buildx's build
])
def test_hidden_flags_pass(command):
    assert check(command) == []


@pytest.mark.parametrize("command, message", [
    ("docker search --stars 3 ubuntu",
     "flag '--stars' for 'docker search' was removed in Docker 20.10 (the sandbox has 26.1)"),
    ("docker build --stream .", "flag '--stream' for 'docker build' was removed in Docker 23.0 (the sandbox has 26.1)"),
    ("docker deploy --compose-file stack.yml app",
     "docker command 'deploy' was removed in Docker 20.10 (the sandbox has 26.1)"),
    ("docker compose up -e KEY=1",
     "flag '-e' for 'docker compose up' was removed in Docker Compose 2.2 (the sandbox has 2.26)"),
    # a group of 18.09-19.03 that no reference page documents: read from the release's Go sources
    ("sudo docker engine activate --license mylicense.lic",
     "docker command 'engine' was removed in Docker 20.10 (the sandbox has 26.1)"),
    ("docker scan alpine",
     "docker command 'scan' was the docker-scan plugin, discontinued (Docker Scout replaced it in 2023)"),
])
def test_what_was_removed_before_the_sandboxs_release_is_a_warning(command, message):
    assert check(command) == [f"p.md:2: warning: {message} [docker-removed]"]


@pytest.mark.parametrize("command, found", [
    ("doccker ps", "error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"),
    ("docker plugin install --aliases sshfs vieux/sshfs",
     "error: unknown flag '--aliases' for 'docker plugin install' (did you mean '--alias'?) [docker-usage]"),
    ("docker plugins set sshfs DEBUG=1", "error: unknown docker command 'plugins' (did you mean 'plugin'?) [docker-usage]"),
    ("docker image --platform linux/amd64 alpine", "error: unknown flag '--platform' for 'docker image' [docker-usage]"),
    ("docker compose up -f other.yml", "error: unknown shorthand flag 'f' in '-f' for 'docker compose up' [docker-usage]"),
])
def test_true_unknowns_stay_errors_with_did_you_mean(command, found):
    assert check(command) == [f"p.md:2: {found}"]


def test_a_typo_under_a_command_the_sandbox_lacks_is_still_a_typo():
    assert check("docker scout cvez alpine") == [
        "p.md:2: note: docker command 'scout' needs the Docker Scout plugin (docker-scout), "
        "which the sandbox does not have [docker-version]",
        "p.md:2: error: unknown docker command 'scout cvez' (did you mean 'cves'?) [docker-usage]"]


def test_a_typo_under_an_old_or_enterprise_group_is_still_a_typo():
    assert check("docker engine activate --licence x")[1] == (
        "p.md:2: error: unknown flag '--licence' for 'docker engine activate' (did you mean '--license'?) [docker-usage]")
    assert check("docker assemble biuld .")[1] == (
        "p.md:2: error: unknown docker command 'assemble biuld' (did you mean 'build'?) [docker-usage]")


def test_a_version_finding_is_its_own_rule_and_the_parse_goes_on_after_it():
    (finding,) = check_page("p.md", "```bash\ndocker image ls --tree -a\n```\n",
                            extract_page("p.md", "```bash\ndocker image ls --tree -a\n```\n"))
    assert (finding.rule, finding.severity) == ("docker-version", "note")
    parsed = docker_args.parse(docker_table.table(), ["image", "ls", "--tree", "-q", "--filter", "x"],
                               docker_table.releases())
    assert parsed.problem is None and parsed.flags == {"--tree", "-q", "--filter"}


def test_a_release_the_sandbox_has_makes_a_hidden_flag_pass_and_others_are_told_apart():
    releases = Releases({}, {"cli": {"name": "Docker"}, "init": {"name": "docker-init"}}, {"cli": "26.1.5+dfsg1"})
    assert releases.verdict("cli 17.06-").severity is None
    assert releases.verdict("cli 26.1-26.2").severity is None
    assert releases.verdict("cli 27.0-, cli 28.0-").needs == "needs Docker ≥ 27.0; the sandbox has 26.1"
    assert releases.verdict("cli 17.06-26.1").needs == "was removed in Docker 26.1 (the sandbox has 26.1)"
    assert releases.verdict("cli 17.06-20.10, init -").severity == "note"  # a plugin to add beats a removal


@pytest.mark.parametrize("fmt", FINDING_FORMATS)
def test_every_format_carries_a_note(fmt):
    text = "```bash\ndocker init\n```\n"
    assert "docker command 'init'" in format_findings(check_page("p.md", text, extract_page("p.md", text)), fmt)


def test_an_unreadable_history_is_one_warning_and_what_only_other_releases_have_is_unknown(monkeypatch, capsys):
    def broken():
        raise ValueError("format 0, this docktest reads format 1")
    monkeypatch.setattr(docker_versions, "history", broken)
    docker_table.releases.cache_clear()
    try:
        assert docker_table.releases() is None
        assert capsys.readouterr().err == (
            "docktest: warning: other Docker releases are not known: data/docker-history.json or "
            "data/docker-commands.json cannot be read (format 0, this docktest reads format 1); "
            "what only they have is checked as unknown\n")
    finally:
        docker_table.releases.cache_clear()
