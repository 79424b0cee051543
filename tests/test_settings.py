"""Where docktest keeps state is decided once, in config.load(): the user cache, the results file, the page cache."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from docktest import config
from docktest.model import UsageError
from docktest.project import CheckSettings, DockerClient


def test_the_user_cache_is_named_by_the_environment_and_made_once_by_load(tmp_path: Path) -> None:
    named = tmp_path / "named" / "cache"
    assert config.load(mode="offline", env={"DOCKTEST_CACHE_DIR": str(named)}).user_cache == named
    assert named.is_dir()
    xdg = config.load(mode="offline", env={"XDG_CACHE_HOME": str(tmp_path / "xdg")}).user_cache
    assert xdg == tmp_path / "xdg" / "docktest" and xdg.is_dir()
    assert config.user_cache_dir({}) == Path.home() / ".cache" / "docktest"


def test_a_user_cache_that_cannot_be_made_is_a_usage_error_naming_the_variable(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(UsageError, match=r"cache folder .*a-file/cache cannot be made .*: name another with "
                                         r"DOCKTEST_CACHE_DIR$"):
        config.load(mode="offline", env={"DOCKTEST_CACHE_DIR": str(tmp_path / "a-file" / "cache")})


def test_a_named_docker_client_keeps_its_tree_in_the_user_cache_settings_name(tmp_path: Path) -> None:
    """The static checks have no run Settings: config.docker_client gives them the client and the same folder."""
    env = {"DOCKTEST_DOCKER_CLI": "/usr/bin/docker", "DOCKTEST_CACHE_DIR": str(tmp_path / "user")}
    client = config.docker_client(env)
    assert client == config.DockerClient("/usr/bin/docker", config.load(mode="offline", env=env).user_cache)
    assert client.cache.is_dir()
    assert config.docker_client({"DOCKTEST_CACHE_DIR": str(tmp_path / "user")}) is None  # the shipped table only


def test_the_check_settings_carry_the_named_docker_client_from_every_entry_point(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """load() hands the checks the client $DOCKTEST_DOCKER_CLI names, with Settings.user_cache as its folder, beside
    the site's own settings; `docktest check` and the MkDocs plugin build theirs the same way (config.check_settings);
    a client the caller's CheckSettings already name is kept."""
    from docktest.adapters import cli, mkdocs_plugin

    env = {"DOCKTEST_DOCKER_CLI": "/usr/bin/docker", "DOCKTEST_CACHE_DIR": str(tmp_path / "user")}
    settings = config.load(mode="offline", env=env, check=CheckSettings(known_commands=frozenset({"notesctl"})))
    assert settings.check.docker_client == DockerClient("/usr/bin/docker", settings.user_cache)
    assert settings.check.known_commands == {"notesctl"}
    named = DockerClient("/opt/docker", tmp_path / "elsewhere")
    assert config.load(mode="offline", env=env, check=CheckSettings(docker_client=named)).check.docker_client == named
    unnamed = {"DOCKTEST_CACHE_DIR": env["DOCKTEST_CACHE_DIR"]}
    assert config.load(mode="offline", env=unnamed).check.docker_client is None  # the shipped table
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# a\n", encoding="utf-8")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    mkdocs_config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    assert cli._site_settings([str(tmp_path / "docs")]).docker_client == settings.check.docker_client
    assert mkdocs_plugin.site_settings(mkdocs_config).docker_client == settings.check.docker_client


def test_the_projects_state_is_under_its_root(tmp_path: Path) -> None:
    cache = {"DOCKTEST_CACHE_DIR": str(tmp_path / "user")}
    default = config.load(mode="offline", root=tmp_path, env=cache)
    assert default.results == tmp_path / ".docktest" / "results.json"
    assert default.page_cache == tmp_path / ".docktest" / "cache"
    moved = config.load(mode="offline", root=tmp_path, env={**cache, "DOCKTEST_RESULTS": "out/run.json"})
    assert moved.results == tmp_path / "out" / "run.json"
    assert config.results_path(tmp_path, {"DOCKTEST_RESULTS": "out/run.json"}) == moved.results  # what the site reads
