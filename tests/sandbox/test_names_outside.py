"""The inner daemon's lookups of names outside the sandbox fail fast, in both modes (sandbox/recipes/compose.yml)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from docktest import config
from docktest.sandbox import images
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.launcher import Launcher


@pytest.mark.parametrize("mode", ["offline", "online"])
def test_the_inner_daemon_gives_up_on_outside_names_after_one_short_try(
        mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The files and env file the launcher hands Compose, rendered by the real Compose binary (no engine needed)."""
    monkeypatch.setenv("DOCKTEST_CACHE_DIR", str(tmp_path))
    launcher = Launcher(images.planned_images(mode), HostDocker(),
                        config.load(mode=mode, registry_upstream="http://mirror.example.com:5000"))
    argv = [config.compose_binary(), "--env-file", str(launcher.env_file())]
    for file in launcher.compose_files("capabilities"):
        argv += ["-f", file]
    rendered = subprocess.run([*argv, "-p", "render", "config", "--format", "json"], capture_output=True, text=True,
                              timeout=60, check=True)
    dind = json.loads(rendered.stdout)["services"]["dind"]
    assert {"timeout:1", "attempts:1"} <= set(dind["dns_opt"])
    hosts = dict(re.split("[:=]", entry, maxsplit=1) for entry in dind["extra_hosts"])  # Compose writes either
    assert hosts["registry-1.docker.io"] == hosts["auth.docker.io"] == "127.0.0.1"
