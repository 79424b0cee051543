"""A hostile page runs in the sandbox while the host's own containers, images, volumes, networks and files survive."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from docktest import config
from docktest.run import runner
from docktest.extract.markdown import extract_page

pytestmark = pytest.mark.docker  # runs pages in real sandboxes

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "tests/fixtures/hostile-page.md"


def _docker(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=120, check=check)


@pytest.fixture
def canaries(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A running container, an unused image tag, volume and network, and a file in /tmp, all on the host."""
    launcher = runner.prepare(config.load())
    name = f"docktest-canary-{uuid.uuid4().hex[:8]}"
    file = Path("/tmp") / f"{name}.txt"
    file.write_text("still here\n")
    _docker("tag", launcher.images.dind, f"{name}:image")
    _docker("volume", "create", name)
    _docker("network", "create", name)
    _docker("run", "-d", "--name", name, "--entrypoint", "sleep", launcher.images.dind, "600")
    yield {"name": name, "file": str(file)}
    _docker("rm", "-f", name, check=False)
    _docker("volume", "rm", name, check=False)
    _docker("network", "rm", name, check=False)
    _docker("rmi", f"{name}:image", check=False)
    file.unlink(missing_ok=True)


def test_hostile_page_cannot_touch_the_host(canaries: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    launcher = runner.prepare(config.load())
    results = runner.run_snippets(extract_page(HOSTILE), ROOT / "tests/fixtures", launcher, config.load())
    name = canaries["name"]
    # The hostile commands really ran and really emptied the sandbox …
    assert [(r.line, r.status) for r in results if r.status != "passed"] == []
    assert any(r.command == "docker system prune -af --volumes" and "Total reclaimed space" in r.output
               for r in results)
    # … and the host kept everything.
    assert _docker("inspect", "--format", "{{.State.Running}}", name).stdout.strip() == "true"
    assert _docker("image", "inspect", f"{name}:image", check=False).returncode == 0
    assert _docker("volume", "inspect", name, check=False).returncode == 0
    assert _docker("network", "inspect", name, check=False).returncode == 0
    assert Path(canaries["file"]).read_text() == "still here\n"
