"""Online mode's registry upstream: read once into the settings, handed to Compose, part of the cache key."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from docktest import config
from docktest.extract.markdown import extract_page
from docktest.model import UsageError
from docktest.sandbox import images
from docktest.run.cache import PageCache
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.launcher import Launcher

MIRROR = "http://mirror.example.com:5000"
PAGE = "# 미러\n\n```bash\ndocker pull node:latest\n```\n"


def test_docker_hub_is_the_default_and_the_environment_or_the_option_replace_it() -> None:
    assert config.load(mode="online", env={}).registry_upstream == "https://registry-1.docker.io"
    assert config.load(mode="online", env={"DOCKTEST_REGISTRY_UPSTREAM": MIRROR}).registry_upstream == MIRROR
    from_both = config.load(mode="online", registry_upstream="https://hub.corp.example",
                            env={"DOCKTEST_REGISTRY_UPSTREAM": MIRROR})
    assert from_both.registry_upstream == "https://hub.corp.example"


def test_unforced_mode_asks_whether_the_upstream_name_resolves() -> None:
    """Only a name lookup decides, as for Docker Hub: a mirror that resolves means online."""
    assert config.load(env={"DOCKTEST_REGISTRY_UPSTREAM": "http://localhost:5000"}).mode == "online"
    assert config.load(env={"DOCKTEST_REGISTRY_UPSTREAM": "https://mirror.invalid"}).mode == "offline"
    assert config.load(mode="offline", env={"DOCKTEST_REGISTRY_UPSTREAM": "http://localhost:5000"}).mode == "offline"


@pytest.mark.parametrize("value", ["mirror.example.com:5000", "ftp://mirror.example.com", "http://mirror/v2/x",
                                   "http://"])
def test_an_upstream_that_is_not_a_registry_url_is_a_usage_error(value: str) -> None:
    with pytest.raises(UsageError) as raised:
        config.load(mode="online", env={"DOCKTEST_REGISTRY_UPSTREAM": value})
    assert str(raised.value) == (f"the registry upstream must be http(s)://HOST[:PORT], not {value!r} "
                                 "(--registry-upstream or DOCKTEST_REGISTRY_UPSTREAM)")


def test_the_cli_option_reaches_the_settings_check() -> None:
    done = subprocess.run([sys.executable, "-m", "docktest", "run", "docs", "--registry-upstream", "mirror:5000"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (done.returncode, done.stderr) == (
        2, "docktest: error: the registry upstream must be http(s)://HOST[:PORT], not 'mirror:5000' "
           "(--registry-upstream or DOCKTEST_REGISTRY_UPSTREAM)\n")


def _key(tmp_path: Path, mode: str, upstream: str) -> str:
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    cache = PageCache(config.load(mode=mode, root=tmp_path, registry_upstream=upstream, env={}))
    return cache.key(extract_page("page.md", PAGE), tmp_path)


def test_the_upstream_is_in_the_cache_key_online_only(tmp_path: Path) -> None:
    assert _key(tmp_path, "online", MIRROR) != _key(tmp_path, "online", config.DOCKER_HUB)
    assert _key(tmp_path, "offline", MIRROR) == _key(tmp_path, "offline", config.DOCKER_HUB)


def test_compose_gives_the_upstream_to_the_online_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The files and env file the launcher hands Compose, rendered by the real Compose binary (no engine needed)."""
    monkeypatch.setenv("DOCKTEST_CACHE_DIR", str(tmp_path))
    launcher = Launcher(images.planned_images("online"), HostDocker(),
                        config.load(mode="online", registry_upstream=MIRROR))
    argv = [config.compose_binary(), "--env-file", str(launcher.env_file())]
    for file in launcher.compose_files("capabilities"):
        argv += ["-f", file]
    rendered = subprocess.run([*argv, "-p", "render", "config", "--format", "json"], capture_output=True, text=True,
                              timeout=60, check=True)
    services = json.loads(rendered.stdout)["services"]
    assert services["registry"]["environment"]["REGISTRY_PROXY_REMOTEURL"] == MIRROR
    assert services["registry"]["extra_hosts"] in (["host.docker.internal:host-gateway"],
                                                   ["host.docker.internal=host-gateway"])
    assert sorted(services["registry"]["networks"]) == ["egress", "sandbox"]
    assert services["registry"]["image"] == "registry:2"
    assert services["dind"]["image"] == images.planned_images("online").dind
    assert services["dind"]["image"].startswith("docktest/dind-online:")
