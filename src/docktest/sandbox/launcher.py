"""The throwaway Docker-in-Docker sandbox: bring one up with Compose, run in it, take it down."""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import os
import subprocess
import tarfile
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator, Sequence

import yaml

from docktest import config
from docktest.model import SandboxError
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.images import Images
from docktest.sandbox.owners import owner_id

UP = ("up", "-d", "--remove-orphans")
DOWN = ("down", "-v", "--remove-orphans", "--timeout", "0")  # nothing in a sandbox is worth a clean stop
UP_TIMEOUT_S = 300  # images are local (pull_policy: missing, built beforehand): creating and starting two containers
DOWN_TIMEOUT_S = 120
PROBE_TIMEOUT_S = 60
READY_TIMEOUT_S = 180
# Run by bash inside the dind container right after `up`: returns as soon as the inner daemon answers and the
# registry listens (a tight poll, not a healthcheck's 1 s interval), fails at once if dockerd died after it
# started (before that, the entrypoint may still be waiting for containerd). Only bash and the docker CLI are
# assumed: the online image is Alpine's docker:dind plus bash. Its last line is READY_WORD: status 0 without
# it means the exec's stream was cut short, not that the daemon answered.
READY_WORD = "ready"
READY = f"""
started=
until docker version >/dev/null 2>&1 && (exec 3<>/dev/tcp/registry/5000) 2>/dev/null; do
  if pgrep -x dockerd >/dev/null; then started=1; elif [ -n "$started" ]; then echo "dockerd exited"; exit 1; fi
  sleep 0.02
done
echo {READY_WORD}
"""


@dataclass(frozen=True)
class Sandbox:
    """A running sandbox: the inner daemon's container, where every command of one page runs."""

    project: str
    container: str
    docker: HostDocker

    def exec_argv(self, *argv: str, tty: bool = False, stdin: bool = False, env: dict[str, str] | None = None) -> list[str]:
        """The host argv of `docker exec` running ARGV inside the sandbox."""
        flags = ["-i"] if stdin or tty else []
        flags += ["-t"] if tty else []
        for name, value in (env or {}).items():
            flags += ["-e", f"{name}={value}"]
        return self.docker.argv("exec", *flags, self.container, *argv)

    def run(self, *argv: str, timeout: float = 60, input: str | None = None) -> subprocess.CompletedProcess[str]:
        flags = ["-i"] if input is not None else []
        return self.docker.run("exec", *flags, self.container, *argv, timeout=timeout, input=input)

    def copy_in(self, source: Path, target: str) -> None:
        """Copy the folder SOURCE to TARGET inside the sandbox: a tar stream, never a bind mount."""
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as archive:  # the archive makes TARGET's folders: one call
            archive.add(source, arcname=target.strip("/"))
        copied = self.docker.run("cp", "-", f"{self.container}:/", input=buffer.getvalue(), text=False)
        if copied.returncode:
            raise SandboxError(f"copying {source} into the sandbox failed: {copied.stderr.decode()}")


class Launcher:
    """Starts sandboxes from one set of images, remembering which launch form this engine accepts.

    A page whose stand-ins are not all in the default registry gets a registry image of its own (`open(registry)`).
    A run over several pages says which registries its sandboxes will have (`expect`): the next page's sandbox starts
    while the current page runs. With `remove_in_background`, taking a sandbox down does not hold up the caller;
    `close()` (and, for a killed process, the next run's `reap_leftovers`) makes sure it is gone.
    """

    def __init__(self, images: Images, docker: HostDocker, settings: config.Settings, live_owner: str = "") -> None:
        self.images = images
        self.docker = docker
        self.settings = settings  # the registry's upstream; the user cache for the env file and the refused mark
        self.owner = owner_id()
        self.live_owner = live_owner  # the serve a live run works for (owners.long_lived_owner), labelled too
        self.remove_in_background = False
        self._counter = itertools.count(1)
        self._env_files: dict[str, Path] = {}  # registry image → the Compose env file naming it
        # An engine that refused `privileged` once will again: remembered per engine, so it is asked once.
        engine = hashlib.sha256(docker.name().encode()).hexdigest()[:16]
        self._refused = settings.user_cache / f"privileged-refused-{engine}"
        self._form: str | None = None
        self._workers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="docktest-sandbox")
        self._spare: tuple[str, Future[Sandbox]] | None = None  # (its registry image, its start)
        self._upcoming: list[str] = []  # the registry images of the sandboxes still to be opened, in order
        self._removals: list[Future[None]] = []

    def env_file(self, registry: str | None = None) -> Path:
        """The Compose env file of sandboxes whose registry image is REGISTRY (default: the images' own)."""
        registry = registry or self.images.registry
        if registry not in self._env_files:
            path = self.settings.user_cache / f"compose-{os.getpid()}-{uuid.uuid4().hex[:8]}.env"
            path.write_text(f"DOCKTEST_DIND_IMAGE={self.images.dind}\nDOCKTEST_REGISTRY_IMAGE={registry}\n"
                            f"DOCKTEST_OWNER={self.owner}\nDOCKTEST_LIVE_OWNER={self.live_owner}\n"
                            f"DOCKTEST_REGISTRY_UPSTREAM={self.settings.registry_upstream}\n")
            self._env_files[registry] = path
        return self._env_files[registry]

    def compose_files(self, form: str | None = None) -> list[str]:
        """The packaged recipe's Compose files for FORM (default: the one this engine takes) and the images' mode."""
        folder = resources.files("docktest") / "sandbox" / "recipes"
        names = ["compose.yml", f"compose.{form or self.form()}.yml", f"compose.{self.images.mode}.yml"]
        return [str(folder / name) for name in names]

    def registry_file(self, registry: str) -> Path:
        """A Compose file giving the sandbox's registry service the image REGISTRY, to lay over Compose files whose
        env file names another (the pytest plugin's, which take one env file for every page)."""
        path = self.settings.user_cache / f"compose-registry-{hashlib.sha256(registry.encode()).hexdigest()[:16]}.yml"
        if not path.exists():  # written whole, then renamed: a concurrent reader never sees half of it
            written = path.with_name(f"{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}")
            written.write_text(yaml.safe_dump({"services": {"registry": {"image": registry}}}), encoding="utf-8")
            os.replace(written, path)
        return path

    def form(self) -> str:
        """How sandboxes start on this engine: `privileged`, or `capabilities` where the engine cannot grant that
        (moby#42906, Docker Engine < 23 without every capability). Asked once, by running `true` in the dind image
        both ways: no Compose output is read."""
        if self._form is None:
            self._form = "capabilities" if self._refused.exists() or not self._grants_privileged() else "privileged"
        return self._form

    def _grants_privileged(self) -> bool:
        probe = ("run", "--rm", "--network", "none", "--entrypoint", "true")
        try:
            if self.docker.run(*probe, "--privileged", self.images.dind, timeout=PROBE_TIMEOUT_S).returncode == 0:
                return True
            self.docker.run(*probe, self.images.dind, timeout=PROBE_TIMEOUT_S, check=True)  # else: not privileges
        except subprocess.TimeoutExpired:
            raise SandboxError(f"the engine at {self.docker.name()} did not run a container "
                               f"within {PROBE_TIMEOUT_S} s") from None
        self._refused.touch()
        return False

    def project_name(self) -> str:
        """Unique per page, per process (so per pytest-xdist worker) and per run."""
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        return f"docktest-{worker}-{os.getpid()}-{next(self._counter)}-{uuid.uuid4().hex[:6]}"

    def expect(self, registries: Sequence[str | None]) -> None:
        """Sandboxes with these REGISTRIES (registry images, None: the default) will be opened one after another, the
        first next: keep the next one starting while the current one runs."""
        self._upcoming = [registry or self.images.registry for registry in registries[1:]]

    @contextlib.contextmanager
    def open(self, registry: str | None = None) -> Iterator[Sandbox]:
        """A fresh sandbox whose registry runs REGISTRY (default: the images' own), removed with its volumes and
        network whatever happens (pass, failure, Ctrl-C)."""
        registry = registry or self.images.registry
        sandbox = self._take_spare(registry) or self._start(registry)
        try:
            if self._upcoming:
                upcoming = self._upcoming.pop(0)
                self._spare = (upcoming, self._workers.submit(self._start, upcoming))
            yield sandbox
        finally:
            if self.remove_in_background:
                self._removals.append(self._workers.submit(self._remove, sandbox.project))
            else:
                self._remove(sandbox.project)

    def close(self, wait: bool = True) -> None:
        """Remove the unused spare; with WAIT, return only when every sandbox this launcher started is gone.

        Without WAIT the removals finish in worker threads, which the interpreter joins before it exits.
        """
        spare, self._spare, self._upcoming = self._spare, None, []
        if spare is not None:
            self._removals.append(self._workers.submit(self._remove_started, spare[1]))
        if wait:
            for removal in self._removals:
                removal.result()
            self._removals.clear()

    def _remove_started(self, starting: Future[Sandbox]) -> None:
        with contextlib.suppress(SandboxError):  # a start that failed removed what it made
            self._remove(starting.result().project)

    def _take_spare(self, registry: str) -> Sandbox | None:
        spare, self._spare = self._spare, None
        if spare is None:
            return None
        if spare[0] != registry:  # the page turned out to need other stand-ins than planned
            self._removals.append(self._workers.submit(self._remove_started, spare[1]))
            return None
        try:
            return spare[1].result()
        except SandboxError:
            return None  # start again in the caller's thread, where a real failure is reported

    def _start(self, registry: str | None = None) -> Sandbox:
        """Up, then wait until the daemon and the registry answer; a failed start (or Ctrl-C) leaves nothing."""
        project = self.project_name()
        try:
            self._compose(project, *UP, registry=registry, timeout=UP_TIMEOUT_S, check=True)
            return self.ready(project)
        except BaseException:  # a failed start, or Ctrl-C while it ran: leave nothing behind
            self._remove(project)
            if self._left_behind(project):  # a create the killed `up` had asked for ended after `down` looked
                self._remove(project)
            raise

    def ready(self, project: str) -> Sandbox:
        """The sandbox Compose started as PROJECT, once its inner daemon and its registry answer."""
        sandbox = Sandbox(project=project, container=self._dind_container(project), docker=self.docker)
        try:
            ready = sandbox.run("bash", "-c", READY, timeout=READY_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise SandboxError(f"sandbox {project}: the inner Docker daemon did not answer "
                               f"within {READY_TIMEOUT_S} s") from None
        if ready.returncode == 0 and ready.stdout.split()[-1:] != [READY_WORD]:
            # The CLI asks for the exit status when the stream ends; an exec still running reports 0.
            raise SandboxError(f"sandbox {project}: `docker exec` ended before the command did (status 0 "
                               f"without the check's last line) — does a proxy between docktest and the engine "
                               f"({self.docker.name()}) close both directions when one ends? "
                               "Docker's attached streams need half-closes passed on")
        if ready.returncode:
            logs = self.docker.run("logs", "--tail", "20", sandbox.container, timeout=30)
            raise SandboxError(f"sandbox {project}: the inner Docker daemon did not start "
                               f"({ready.stdout.strip()}): {logs.stdout}{logs.stderr}".strip())
        return sandbox

    def _remove(self, project: str) -> None:
        # Whatever Compose says (or a timeout): what a removal leaves behind is reaped (labels) by this or the next run.
        with contextlib.suppress(SandboxError):
            self._compose(project, *DOWN, timeout=DOWN_TIMEOUT_S)

    def _left_behind(self, project: str) -> bool:
        listed = self.docker.run("ps", "-aq", "--filter", f"label=com.docker.compose.project={project}", timeout=30)
        return bool(listed.stdout.split())

    def _compose(self, project: str, *args: str, registry: str | None = None, timeout: float,
                 check: bool = False) -> subprocess.CompletedProcess[str]:
        return self.docker.compose(*args, files=self.compose_files(), project=project,
                                   env_file=str(self.env_file(registry)), timeout=timeout, check=check)

    def _dind_container(self, project: str) -> str:
        listed = self.docker.run("ps", "-q", "--filter", f"label=com.docker.compose.project={project}",
                                 "--filter", "label=com.docker.compose.service=dind", timeout=30)
        ids = listed.stdout.split()
        if len(ids) != 1:
            raise SandboxError(f"sandbox {project}: expected one dind container, found {ids or 'none'}")
        return ids[0]
