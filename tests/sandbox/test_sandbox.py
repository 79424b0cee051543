"""The sandbox itself: a real Docker-in-Docker with its registry, offline, labelled, and always removed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from docktest import config
from docktest.sandbox import tables
from docktest.run import runner
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.owners import long_lived_owner, start_time
from docktest.sandbox.leftovers import reap_leftovers
from docktest.sandbox.launcher import Launcher

pytestmark = pytest.mark.docker  # runs pages in real sandboxes

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def launcher() -> Launcher:
    return runner.prepare(config.load())


def _docker(*args: str) -> str:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=60, check=True).stdout


def _objects_of(project: str) -> list[str]:
    """Every container, network and volume Compose made for PROJECT, as 'kind name'."""
    label = f"label=com.docker.compose.project={project}"
    return ([f"container {n}" for n in _docker("ps", "-a", "-q", "--filter", label).split()]
            + [f"network {n}" for n in _docker("network", "ls", "-q", "--filter", label).split()]
            + [f"volume {n}" for n in _docker("volume", "ls", "-q", "--filter", label).split()])


def test_sandbox_serves_stand_ins_offline_and_is_removed_after_use(launcher: Launcher) -> None:
    with launcher.open() as sandbox:
        project = sandbox.project
        labels = _docker("inspect", "--format", '{{index .Config.Labels "com.docktest.sandbox"}}', sandbox.container)
        network = _docker("network", "inspect", "--format", "{{.Internal}}", f"{project}_sandbox")
        pulled = sandbox.run("docker", "pull", "python:latest", timeout=300)
        started = time.monotonic()
        missing = sandbox.run("docker", "pull", "no-such-image:1", timeout=120)
        missing_s = time.monotonic() - started
        # A name neither the sandbox nor Docker Hub's list knows: not found, rather than cut off by `timeout` (124)
        # while Docker's embedded DNS, which has no way out, leaves the question unanswered.
        outside = sandbox.run("timeout", "8", "getent", "hosts", "example.com")
        ran = sandbox.run("docker", "run", "--rm", "python", "python", "-c", "print(6 * 7)", timeout=120)
        assert len(_objects_of(project)) >= 4  # two containers, the network, the inner daemon's volume
    assert labels.strip() == "1"
    assert network.strip() == "true"
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    assert missing.returncode != 0 and "127.0.0.1:443: connect: connection refused" in missing.stderr
    assert missing_s < 20, "a pull the registry cannot serve must fail fast, not wait for Docker Hub"
    assert outside.returncode == 2, outside
    assert ran.stdout == "42\n"
    assert _objects_of(project) == []


def test_folders_are_copied_not_mounted(launcher: Launcher, tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "hello.txt").write_text("안녕\n")
    with launcher.open() as sandbox:
        sandbox.copy_in(tmp_path / "app", "/docs/app")
        read = sandbox.run("cat", "/docs/app/hello.txt")
        sandbox.run("sh", "-c", "echo changed > /docs/app/hello.txt")
        mounts = _docker("inspect", "--format", "{{range .Mounts}}{{.Type}}:{{.Source}}:{{.RW}} {{end}}",
                         sandbox.container)
    assert read.stdout == "안녕\n"
    assert (tmp_path / "app" / "hello.txt").read_text() == "안녕\n"
    assert str(tmp_path) not in mounts
    # Only the inner daemon's volume, and (fallback form only) the cgroup tree the inner daemon needs.
    assert {m.split(":")[0] for m in mounts.split()} <= {"volume", "bind"}
    assert [m for m in mounts.split() if m.startswith("bind:") and not m.startswith("bind:/sys/fs/cgroup:")] == []


def test_sandbox_is_removed_on_ctrl_c(launcher: Launcher) -> None:
    project = None
    with pytest.raises(KeyboardInterrupt):
        with launcher.open() as sandbox:
            project = sandbox.project
            raise KeyboardInterrupt
    assert project and _objects_of(project) == []


def test_leftovers_of_a_killed_run_are_reaped(launcher: Launcher, tmp_path: Path) -> None:
    script = tmp_path / "killed.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        from docktest import config
        from docktest.sandbox.docker import HostDocker
        from docktest.sandbox.images import Images
        from docktest.sandbox.launcher import Launcher
        launcher = Launcher(Images({launcher.images.dind!r}, {launcher.images.registry!r}, {launcher.images.mode!r}),
                            HostDocker(), config.load(mode={launcher.images.mode!r}))
        launcher._form = {launcher.form()!r}
        with launcher.open() as sandbox:
            print(sandbox.project, flush=True)
            time.sleep(600)
    """))
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        project = child.stdout.readline().strip()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert project and _objects_of(project), "the killed run should have left its sandbox behind"
    removed = reap_leftovers(HostDocker(), launcher.settings.user_cache)
    assert _objects_of(project) == []
    assert any(entry.startswith("container ") for entry in removed)


def test_a_live_runs_sandbox_is_reaped_once_its_serve_is_gone_while_a_running_serves_is_kept(
        launcher: Launcher) -> None:
    # The serve that goes away is a process ended only just before the reaping: once its sandbox is orphaned, any
    # docktest run on this engine (another test worker's) may reap it first.
    serve = subprocess.Popen(["sleep", "600"])
    serves = {"gone": f"{socket.gethostname()}:{serve.pid}:{start_time(serve.pid)}", "running": long_lived_owner()}
    # Both are owned by this process, which is alive: only the serve they work for tells them apart.
    launchers = {name: Launcher(launcher.images, launcher.docker, launcher.settings, live_owner=owner)
                 for name, owner in serves.items()}
    for each in launchers.values():
        each._form = launcher.form()
    try:
        with launchers["gone"].open() as orphaned, launchers["running"].open() as kept:
            labels = _docker("inspect", "--format", '{{index .Config.Labels "com.docktest.live-owner"}}',
                             orphaned.container, kept.container).split()
            serve.kill()
            serve.wait(timeout=30)
            removed = reap_leftovers(HostDocker(), launcher.settings.user_cache)
            left = {"gone": _objects_of(orphaned.project), "running": _objects_of(kept.project)}
    finally:
        serve.kill()
    assert labels == [serves["gone"], serves["running"]]
    assert left["gone"] == [] and len(left["running"]) >= 4
    assert f"container {orphaned.container}" in removed
    assert _objects_of(kept.project) == []


def test_sandbox_commands_list_matches_the_sandbox_image(launcher: Launcher) -> None:
    shipped = (ROOT / "src/docktest/data/sandbox-commands.txt").read_text().split()
    assert shipped == tables.sandbox_commands(HostDocker(), launcher.images.dind), \
        "regenerate: python -m docktest.sandbox.tables"
    assert {"docker", "bash", "curl", "ls"} <= set(shipped)
