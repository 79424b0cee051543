"""A page runs on an engine reached only by its TCP address (DOCKTEST_DOCKER_HOST), as on a remote Docker host.

The "remote" engine is this machine's, behind a TCP proxy on 127.0.0.1; the default socket is made
unreachable for the run, so any docker or Compose call that ignored the address would fail.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from forwarding import forward

pytestmark = pytest.mark.docker  # runs pages in real sandboxes

ENGINE_SOCKET = "/var/run/docker.sock"
PAGE = """# 원격 엔진

```bash
docker run --rm python python -c "print('plain ' + 'ok')"
docker run -it --rm python python -c "print('tty ' + 'ok')"
```
"""


@contextlib.contextmanager
def proxied_engine(half_close: bool = True):
    """tcp://127.0.0.1:PORT forwarding byte for byte to the engine's Unix socket, and its accepted connections."""
    listener = socket.create_server(("127.0.0.1", 0))

    def engine() -> socket.socket:
        connection = socket.socket(socket.AF_UNIX)
        connection.connect(ENGINE_SOCKET)
        return connection

    try:
        yield f"tcp://127.0.0.1:{listener.getsockname()[1]}", forward(listener, engine, half_close)
    finally:
        listener.close()


@pytest.fixture
def engine_over_tcp():
    with proxied_engine() as engine:
        yield engine


def _only_by_address(address: str) -> dict[str, str]:
    """An environment whose default engine is unreachable and whose docktest engine is ADDRESS (and whose Python
    imports docktest from where this test does)."""
    kept = {name: os.environ[name] for name in ("PYTHONPATH",) if name in os.environ}
    return {"PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin", "HOME": str(Path.home()),
            "DOCKER_HOST": "unix:///nonexistent/docker.sock", "DOCKTEST_DOCKER_HOST": address, **kept}


def run_page(address: str, folder: Path) -> subprocess.CompletedProcess[str]:
    (folder / "page.md").write_text(PAGE, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "docktest", "run", "page.md", "--no-cache", "--format", "json"],
                          capture_output=True, text=True, cwd=folder, env=_only_by_address(address), timeout=600)


def test_a_page_runs_on_an_engine_given_by_address(engine_over_tcp, tmp_path: Path) -> None:
    address, connections = engine_over_tcp
    done = run_page(address, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(done.stdout)["results"]
    assert [(r["line"], r["status"]) for r in results] == [(4, "passed"), (5, "passed")]
    assert "plain ok" in results[0]["output"] and "tty ok" in results[1]["output"]
    assert connections, "no call went through the address"


def test_the_pytest_plugins_sandbox_runs_on_the_engine_given_by_address(engine_over_tcp, tmp_path: Path) -> None:
    """The plugin's default docker_compose_command (pytest-docker runs it through a shell) names the engine too."""
    address, connections = engine_over_tcp
    (tmp_path / "page.md").write_text("# 원격 엔진\n\n```bash\ndocker version --format '{{.Server.Os}}'\n```\n",
                                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "page.md",
                           "-o", "docktest_paths=."], capture_output=True, text=True, cwd=tmp_path,
                          env=_only_by_address(address), timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout and connections


def test_a_proxy_that_cuts_exec_streams_short_is_named_not_trusted(tmp_path: Path) -> None:
    """Through a proxy that ends both directions when the client stops sending, every `docker exec` without -i
    "succeeds" at once. The sandbox's readiness check must not take that for a ready daemon (a CI run once
    went on to the page's first command before the inner daemon was up)."""
    with proxied_engine(half_close=False) as (address, _):
        done = run_page(address, tmp_path)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "`docker exec` ended before the command did" in done.stderr and address in done.stderr
    assert "results" not in done.stdout
