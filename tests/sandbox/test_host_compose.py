"""Compose and the launch form from the host docker helper: argument lists, timeouts, failures in Compose's own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest import config
from docktest.model import SandboxError
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.images import Images
from docktest.sandbox.launcher import Launcher

# Logs its argv one argument a line, then does what its first word after the options asks.
FAKE = r"""#!/bin/sh
printf '%s\n' "$@" > "{log}"
for word in "$@"; do case "$word" in
  up) echo "Error response from daemon: the image's 'quoted; words' are missing" >&2; exit 1 ;;
  wait) sleep 30 ;;
  --privileged) echo "unable to apply caps" >&2; exit 125 ;;
esac; done
exit 0
"""


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Fake `docker` and Compose binaries; returns the file the last call's argv is written to."""
    log = tmp_path / "argv"
    for name in ("docker", "docker-compose"):
        (tmp_path / name).write_text(FAKE.replace("{log}", str(log)))
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setattr(config, "compose_binary", lambda: str(tmp_path / "docker-compose"))
    return log


def test_compose_gets_an_argument_list_and_fails_with_its_own_stderr(fake: Path, tmp_path: Path) -> None:
    files = ["/recipes/a b.yml", "/recipes/c.yml"]
    with pytest.raises(SandboxError) as failed:
        HostDocker().compose("up", "-d", files=files, project="p1", env_file="/x/it's.env", timeout=10, check=True)
    assert str(failed.value) == ("docker compose up -d (project p1) failed: Error response from daemon: "
                                 "the image's 'quoted; words' are missing")
    assert fake.read_text().splitlines() == ["--env-file", "/x/it's.env", "-f", "/recipes/a b.yml",
                                             "-f", "/recipes/c.yml", "-p", "p1", "up", "-d"]
    done = HostDocker().compose("up", files=files, project="p1", env_file="e", timeout=10)
    assert done.returncode == 1  # without check, a failure is a value


def test_compose_past_its_timeout_is_a_sandbox_error(fake: Path) -> None:
    with pytest.raises(SandboxError, match=r"^docker compose wait \(project p2\) did not finish within 0.5 s$"):
        HostDocker().compose("wait", files=[], project="p2", env_file="e", timeout=0.5)


def test_an_engine_refusing_privileged_is_asked_once(fake: Path, tmp_path: Path) -> None:
    settings = config.load(mode="offline", env={config.CACHE_DIR_ENV: str(tmp_path / "cache")})
    launcher = Launcher(Images("dind:1", "registry:1", "offline"), HostDocker(), settings)
    assert launcher.form() == "capabilities"
    assert fake.read_text().splitlines()[-1] == "dind:1"  # asked again without --privileged: it runs
    assert launcher.compose_files()[1].endswith("compose.capabilities.yml")
    fake.unlink()
    again = Launcher(Images("dind:1", "registry:1", "offline"), HostDocker(), settings)
    assert again.form() == "capabilities" and not fake.exists()  # remembered for this engine: nothing run
