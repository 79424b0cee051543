"""The engine's address (DOCKTEST_DOCKER_HOST / --docker-host) reaches every host-side docker and Compose call."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docktest import config
from docktest.run import runner
from docktest.run.session import Session
from docktest.run.terminal import run_in_terminal

ADDRESS = "tcp://remote-engine.example:2375"
# Logs each call with the DOCKER_HOST it saw; answers the few questions the launcher asks.
FAKE_DOCKER = r"""#!/bin/sh
line=$(printf '%s' "DOCKER_HOST=$DOCKER_HOST $(basename "$0") $*" | tr '\n' ' ')
printf '%s\n' "$line" >> "{log}"  # one write: parallel calls (image checks run side by side) do not interleave
case "$1" in
  version) echo 20.10.24 ;;
  ps) echo fake-dind ;;
  exec) case "$*" in *"echo ready"*) echo ready ;; esac ;;  # the sandbox's readiness check ends with that word
esac
exit 0
"""


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake `docker` first on PATH and a fake Compose binary; returns the file their calls are logged to."""
    log = tmp_path / "calls.log"
    for name in ("docker", "docker-compose"):
        (tmp_path / name).write_text(FAKE_DOCKER.replace("{log}", str(log)))  # the terminal's env is bare
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{'/usr/local/bin:/usr/bin:/bin'}")
    monkeypatch.setattr(config, "compose_binary", lambda: str(tmp_path / "docker-compose"))
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(tmp_path))
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.setenv(config.DOCKER_HOST_ENV, ADDRESS)
    return log


def test_the_address_reaches_docker_and_compose_calls(calls: Path, tmp_path: Path) -> None:
    launcher = runner.prepare(config.load(mode="offline", progress=False))
    (tmp_path / "app").mkdir()
    with launcher.open() as sandbox:
        sandbox.run("true")
        sandbox.copy_in(tmp_path / "app", "/docs/app")
        run_in_terminal(sandbox, "true", "", 10, None)
        Session(sandbox)._start().wait(timeout=10)
    logged = calls.read_text().splitlines()
    verbs = {" ".join(line.split()[1:3]) for line in logged}
    assert {"docker version", "docker ps", "docker image", "docker exec", "docker cp"} <= verbs
    assert any(" exec -i -t " in line for line in logged)  # the terminal's exec, spawned by pexpect
    assert any(line.split()[1] == "docker-compose" and " up " in line for line in logged)
    assert any(line.split()[1] == "docker-compose" and " down " in line for line in logged)
    assert [line for line in logged if not line.startswith(f"DOCKER_HOST={ADDRESS} ")] == []


def test_an_unreachable_engine_is_named_in_the_error(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text("# p\n\n```bash\necho hi\n```\n", encoding="utf-8")
    address = "tcp://127.0.0.1:9"  # discard port: nothing listens, the connection is refused at once
    done = subprocess.run([sys.executable, "-m", "docktest", "run", "page.md", "--docker-host", address],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 3
    assert f"the Docker engine at {address} (from --docker-host) does not answer" in done.stderr
    from_env = subprocess.run([sys.executable, "-m", "docktest", "run", "page.md"], capture_output=True, text=True,
                              cwd=tmp_path, timeout=120, env={**os.environ, "DOCKTEST_DOCKER_HOST": address})
    assert from_env.returncode == 3
    assert f"the Docker engine at {address} (from DOCKTEST_DOCKER_HOST) does not answer" in from_env.stderr
    plugin = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "page.md",
                             "-o", "docktest_paths=.", "--docktest-docker-host", address],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert plugin.returncode == 1 and f"the Docker engine at {address}" in plugin.stdout
