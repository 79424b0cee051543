"""The run options `docktest run` (`--NAME`) and the pytest plugin (`--docktest-NAME`) share: both accept each one,
read it to the same value and the same Settings, and list the same options with the same help."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from docktest import config
from docktest.adapters.cli import build_parser

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
# A value for each shared option (none for an on/off switch), unlike its default.
SAMPLES = {"mode": ["online"], "timeout": ["2.5"], "no-cache": [], "shard": ["1/2"], "update": [],
           "docker-host": ["tcp://docker.invalid:2375"], "registry-upstream": ["http://localhost:5000"]}
READ_BY_THE_ADAPTER = {"shard", "update"}  # the others reach Settings
CLI_ONLY = {"--help", "--format", "--verbose", "--quiet"}


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No run option from the environment, and offline unless an option says online (no DNS lookup)."""
    for name in (config.NO_CACHE_ENV, config.DOCKER_HOST_ENV, config.REGISTRY_UPSTREAM_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(config.MODE_ENV, "offline")


def _cli(*argv: str) -> dict[str, object]:
    return vars(build_parser().parse_args(["run", "page.md", *argv]))


def _plugin(pytester: pytest.Pytester, *argv: str) -> dict[str, object]:
    return vars(pytester.parseconfig(*argv).option)


def _values(parsed: dict[str, object], prefix: str) -> dict[str, object]:
    return {name: parsed[(prefix + name).replace("-", "_")] for name in SAMPLES}


def test_every_shared_option_has_a_sample_here() -> None:
    assert [option.name for option in config.RUN_OPTIONS] == list(SAMPLES)


@pytest.mark.parametrize("name", SAMPLES)
def test_each_option_reads_the_same_in_the_cli_and_the_plugin(pytester: pytest.Pytester, name: str) -> None:
    cli = _cli(f"--{name}", *SAMPLES[name])
    plugin = _plugin(pytester, f"--docktest-{name}", *SAMPLES[name])
    assert _values(cli, "") != _values(_cli(), "")  # the option was read
    assert _values(plugin, "docktest-") == _values(cli, "")
    from_cli = config.from_options(cli, "--", root=ROOT)
    from_plugin = config.from_options(plugin, "--docktest-", root=ROOT)
    if name not in READ_BY_THE_ADAPTER:
        assert from_cli != config.from_options(_cli(), "--", root=ROOT)
    if name == "docker-host":  # messages name the flag the engine came from
        assert (from_cli.docker_host_from, from_plugin.docker_host_from) == ("--docker-host", "--docktest-docker-host")
        from_plugin = replace(from_plugin, docker_host_from=from_cli.docker_host_from)
    assert from_plugin == from_cli


def test_nothing_given_reads_the_same_too(pytester: pytest.Pytester) -> None:
    assert _values(_plugin(pytester), "docktest-") == _values(_cli(), "")
    assert config.from_options(_plugin(pytester), "--docktest-", ROOT) == config.from_options(_cli(), "--", ROOT)


def test_a_bad_registry_upstream_names_the_flag_of_each(pytester: pytest.Pytester) -> None:
    with pytest.raises(config.UsageError, match=r"\(--registry-upstream or DOCKTEST_REGISTRY_UPSTREAM\)"):
        config.from_options(_cli("--registry-upstream", "mirror:5000"), "--")
    with pytest.raises(config.UsageError, match=r"\(--docktest-registry-upstream or DOCKTEST_REGISTRY_UPSTREAM\)"):
        config.from_options(_plugin(pytester, "--docktest-registry-upstream", "mirror:5000"), "--docktest-")


def test_a_bad_shard_names_the_plugin_flag(pytester: pytest.Pytester) -> None:  # the CLI's: test_run_shard.py
    assert "--docktest-shard '3/2': expected i/n" in pytester.runpytest("--docktest-shard", "3/2").stderr.str()


def _helps(text: str) -> dict[str, str]:
    """Each long option of a --help text → its help, on one line ('  -v, --verbose  the text …' and what follows)."""
    helps: dict[str, str] = {}
    flag = None
    for line in text.splitlines():
        found = re.match(r"  (?:-\w, )?(--[\w-]+)(?:[ =]\S+)?(?:\s+(.*))?$", line)
        if found:
            flag, helps[found[1]] = found[1], found[2] or ""
        elif flag and line.startswith("    ") and line.strip():
            helps[flag] = f"{helps[flag]} {line.strip()}".strip()
        else:
            flag = None
    return helps


def test_both_help_texts_list_the_same_options_with_the_same_help(
        pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # one line per help: no wrapping to compare
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "--help"])
    cli = _helps(capsys.readouterr().out)
    plugin = _helps(pytester.runpytest("--help").stdout.str())
    shared = {flag.removeprefix("--"): text for flag, text in cli.items() if flag not in CLI_ONLY}
    assert shared == {flag.removeprefix("--docktest-"): text for flag, text in plugin.items()
                      if flag.startswith("--docktest-")}
    assert list(shared) == list(SAMPLES)
    assert all("DOCKTEST_" in shared[name] for name in ("mode", "no-cache", "docker-host", "registry-upstream"))
