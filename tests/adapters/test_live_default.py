"""Live re-verification is what `mkdocs serve` does by default: on whenever a Docker engine answers, off with one
line saying how to get marks when none does, off when the author says so (DOCKTEST_LIVE=0, `live: false`)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from docktest import config
from docktest.adapters.mkdocs_plugin import DocktestPlugin, LiveSite, engine_unanswered

NO_ENGINE = ("the Docker engine at unix:///var/run/docker.sock does not answer: Cannot connect to the Docker daemon "
             "at unix:///var/run/docker.sock. Is the docker daemon running?\n(and a second line)")


class _MkDocsConfig:
    def __init__(self, folder: Path) -> None:
        self.config_file_path = str(folder / "mkdocs.yml")


@pytest.fixture
def decide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    """decide(engine_error, option=None, DOCKTEST_LIVE=None) → (on, the lines logged, how often the engine was asked),
    for a serve of a site in tmp_path; ENGINE_ERROR is the fake engine's answer (None: it answers)."""
    monkeypatch.setenv("DOCKTEST_MODE", "offline")  # no name lookup to pick the mode
    monkeypatch.setenv("DOCKTEST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DOCKTEST_RESULTS", raising=False)

    def decide(engine_error: str | None, option: bool | None = None, live_env: str | None = None):
        if live_env is None:
            monkeypatch.delenv(config.LIVE_ENV, raising=False)
        else:
            monkeypatch.setenv(config.LIVE_ENV, live_env)
        asked: list[config.Settings] = []
        site = LiveSite(engine_error=lambda settings: asked.append(settings) or engine_error)
        site.startup("serve")
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.docktest"):
            on = site.decide(_MkDocsConfig(tmp_path), option)
            assert site.decide(_MkDocsConfig(tmp_path), option) is on  # decided once per serve
        return on, [record.getMessage() for record in caplog.records], len(asked)

    return decide


def test_on_when_an_engine_answers(decide) -> None:
    assert decide(engine_error=None) == (True, [
        "docktest live: on, a Docker engine answers: saved pages are re-run in a sandbox in the background "
        "(DOCKTEST_LIVE=0 turns this off)"], 1)


def test_off_without_an_engine_saying_in_one_line_how_to_get_marks(decide) -> None:
    assert decide(engine_error=NO_ENGINE) == (False, [
        "docktest live: off (the Docker engine at unix:///var/run/docker.sock does not answer: Cannot connect to the "
        "Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?). For marks, start a Docker "
        "engine and serve again, or run `docktest run docs --format json > .docktest/results.json` first"], 1)


def test_the_authors_choice_wins_and_the_engine_is_not_asked(decide) -> None:
    assert decide(engine_error=None, live_env="0") == (False, [], 0)
    assert decide(engine_error=None, option=True, live_env="0") == (False, [], 0)  # the variable overrides the file
    assert decide(engine_error=None, option=False) == (False, [], 0)
    assert decide(engine_error=NO_ENGINE, live_env="1") == (True, [], 0)
    assert decide(engine_error=NO_ENGINE, option=True) == (True, [], 0)


def test_a_bad_value_stops_serve_with_one_line(decide) -> None:
    with pytest.raises(PluginError, match=r"^docktest live: DOCKTEST_LIVE must be 1 \(on\) or 0 \(off\), not 'soon'$"):
        decide(engine_error=None, live_env="soon")


def test_the_plugin_leaves_it_to_the_engine_unless_its_option_is_given() -> None:
    plugin = DocktestPlugin()
    assert plugin.load_config({}) == ([], []) and plugin.config.live is None
    plugin.load_config({"live": False})
    assert plugin.config.live is False


def test_the_real_check_names_the_engine_that_does_not_answer(tmp_path: Path) -> None:
    refused = config.load(mode="offline", docker_host="tcp://127.0.0.1:9",  # discard port: refused at once
                          env={"DOCKTEST_CACHE_DIR": str(tmp_path)})
    assert engine_unanswered(refused).startswith("the Docker engine at tcp://127.0.0.1:9 (from --docker-host) does "
                                                 "not answer: ")
