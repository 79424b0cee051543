"""Each page's sandbox gets the registry image that serves its stand-ins; the spare started ahead has the next one's."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from docktest import config
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.images import Images
from docktest.sandbox.launcher import Launcher, Sandbox


class Recording(Launcher):
    """A launcher whose starts and removals are only written down (no engine)."""

    def __init__(self, tmp_path: Path) -> None:
        super().__init__(Images("dind:1", "registry:default", "offline"), HostDocker(),
                         config.load(mode="offline", env={"DOCKTEST_CACHE_DIR": str(tmp_path)}))
        self.started: list[str] = []
        self.removed: list[str] = []

    def _start(self, registry: str | None = None) -> Sandbox:
        self.started.append(registry)
        return Sandbox(f"project-{len(self.started)}", registry, self.docker)  # the container names its registry

    def _remove(self, project: str) -> None:
        self.removed.append(project)


def test_the_spare_starts_with_the_next_pages_registry(tmp_path: Path) -> None:
    launcher = Recording(tmp_path)
    launcher.expect([None, "registry:nginx", None])
    opened = []
    for registry in (None, "registry:nginx", None):
        with launcher.open(registry) as sandbox:
            opened.append(sandbox.container)
    launcher.close()
    assert opened == ["registry:default", "registry:nginx", "registry:default"]
    assert launcher.started == ["registry:default", "registry:nginx", "registry:default"]  # no start wasted
    assert launcher.removed == ["project-1", "project-2", "project-3"]


def test_a_spare_with_the_wrong_registry_is_removed_and_the_right_one_started(tmp_path: Path) -> None:
    launcher = Recording(tmp_path)
    launcher.expect([None, None])
    with launcher.open():
        pass
    with launcher.open("registry:redis") as sandbox:
        assert sandbox.container == "registry:redis"
    launcher.close()
    assert launcher.started == ["registry:default", "registry:default", "registry:redis"]
    assert sorted(launcher.removed) == ["project-1", "project-2", "project-3"]


def test_each_registry_has_its_own_compose_env_file(tmp_path: Path) -> None:
    launcher = Recording(tmp_path)
    default, other = launcher.env_file(), launcher.env_file("registry:nginx")
    assert default != other and launcher.env_file(None) == default
    assert "DOCKTEST_REGISTRY_IMAGE=registry:nginx\n" in other.read_text(encoding="utf-8")
    assert "DOCKTEST_REGISTRY_IMAGE=registry:default\n" in default.read_text(encoding="utf-8")


def test_a_registry_file_over_the_recipe_gives_the_registry_service_that_image(tmp_path: Path) -> None:
    """What the pytest plugin lays over the Compose files of a page with stand-ins of its own, rendered by the real
    Compose binary (no engine needed): its env file still names the default registry."""
    launcher = Recording(tmp_path)
    files = [*launcher.compose_files("capabilities"), str(launcher.registry_file("registry:nginx"))]
    argv = [config.compose_binary(), "--env-file", str(launcher.env_file()), *(a for f in files for a in ("-f", f))]
    rendered = subprocess.run([*argv, "-p", "render", "config", "--format", "json"], capture_output=True, text=True,
                              timeout=60, check=True)
    services = json.loads(rendered.stdout)["services"]
    assert services["registry"]["image"] == "registry:nginx"
    assert services["dind"]["image"] == "dind:1"
