"""The throwaway Docker-in-Docker sandbox: bring one up with pytest-docker and Compose, run in it, take it down."""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
import subprocess
import tarfile
import uuid
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator

from pytest_docker.plugin import get_docker_services

from docktest import config
from docktest.model import SandboxError
from docktest.run.docker import HostDocker
from docktest.run.images import Images, owner_id

UP = ["up -d --wait --wait-timeout 180"]
DOWN = ["down -v --remove-orphans --timeout 1"]
# What `up` says when the engine cannot grant --privileged (moby#42906, Docker Engine < 23).
PRIVILEGED_REFUSED = re.compile(r"unable to apply caps|operation not permitted", re.I)


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
        with tarfile.open(fileobj=buffer, mode="w") as archive:
            archive.add(source, arcname=".")
        made = self.run("mkdir", "-p", target)
        copied = self.docker.run("cp", "-", f"{self.container}:{target}", input=buffer.getvalue(), text=False)
        if made.returncode or copied.returncode:
            raise SandboxError(f"copying {source} into the sandbox failed: {made.stderr}{copied.stderr.decode()}")


class Launcher:
    """Starts sandboxes from one set of images, remembering which launch form this engine accepts."""

    def __init__(self, images: Images, docker: HostDocker, registry_upstream: str = config.DOCKER_HUB) -> None:
        self.images = images
        self.docker = docker
        self.registry_upstream = registry_upstream
        self.owner = owner_id()
        self._counter = itertools.count(1)
        self._env_file = self._write_env_file()
        self._forms = ["privileged", "capabilities"]

    def _write_env_file(self) -> Path:
        path = config.cache_dir() / f"compose-{os.getpid()}-{uuid.uuid4().hex[:8]}.env"
        path.write_text(f"DOCKTEST_DIND_IMAGE={self.images.dind}\nDOCKTEST_REGISTRY_IMAGE={self.images.registry}\n"
                        f"DOCKTEST_OWNER={self.owner}\nDOCKTEST_REGISTRY_UPSTREAM={self.registry_upstream}\n")
        return path

    def compose_files(self, form: str) -> list[str]:
        folder = resources.files("docktest") / "run" / "recipes"
        names = ["compose.yml", f"compose.{form}.yml", f"compose.{self.images.mode}.yml"]
        return [str(folder / name) for name in names]

    def project_name(self) -> str:
        """Unique per page, per process (so per pytest-xdist worker) and per run."""
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        return f"docktest-{worker}-{os.getpid()}-{next(self._counter)}-{uuid.uuid4().hex[:6]}"

    @contextlib.contextmanager
    def open(self) -> Iterator[Sandbox]:
        """A fresh sandbox, removed with its volumes and network whatever happens (pass, failure, Ctrl-C)."""
        while True:
            form = self._forms[0]
            project = self.project_name()
            try:
                with self._services(form, project) as sandbox:
                    yield sandbox
                return
            except _LaunchRefused:
                if len(self._forms) == 1:
                    raise SandboxError("the sandbox could not start in any form (privileged, capabilities)")
                self._forms.pop(0)  # this engine refuses `privileged`: use the fallback from now on

    @contextlib.contextmanager
    def _services(self, form: str, project: str) -> Iterator[Sandbox]:
        command = self.docker.compose_command(str(self._env_file))
        files = self.compose_files(form)
        try:
            services = get_docker_services(command, files, project, UP, DOWN)
            services.__enter__()
        except BaseException as error:  # a bare Exception when `up` fails, or Ctrl-C while it runs
            self._down(files, project)  # pytest-docker never runs `down` after a failed `up`
            if not isinstance(error, Exception):
                raise
            if form == "privileged" and PRIVILEGED_REFUSED.search(str(error)):
                raise _LaunchRefused() from error
            raise SandboxError(f"starting the sandbox ({form}) failed: {error}") from error
        try:
            yield Sandbox(project=project, container=self._dind_container(project), docker=self.docker)
        finally:
            services.__exit__(None, None, None)

    def _down(self, files: list[str], project: str) -> None:
        argv = [config.compose_binary(), "--env-file", str(self._env_file)]
        for file in files:
            argv += ["-f", file]
        subprocess.run([*argv, "-p", project, *DOWN[0].split()], capture_output=True, timeout=120,
                       env=self.docker.env())

    def _dind_container(self, project: str) -> str:
        listed = self.docker.run("ps", "-q", "--filter", f"label=com.docker.compose.project={project}",
                                 "--filter", "label=com.docker.compose.service=dind", timeout=30)
        ids = listed.stdout.split()
        if len(ids) != 1:
            raise SandboxError(f"sandbox {project}: expected one dind container, found {ids or 'none'}")
        return ids[0]


class _LaunchRefused(Exception):
    """`privileged` was refused by the engine; try the next form."""


def reap_leftovers(docker: HostDocker) -> list[str]:
    """Remove labelled containers, networks and volumes whose owning process on this host is gone.

    Returns what was removed, as "kind name" strings.
    """
    removed = []
    for kind, list_argv, remove_argv in (
        ("container", ["ps", "-a"], ["rm", "-f", "-v"]),
        ("network", ["network", "ls"], ["network", "rm"]),
        ("volume", ["volume", "ls"], ["volume", "rm", "-f"]),
    ):
        name = "{{.Name}}" if kind == "volume" else "{{.ID}}"
        listed = docker.run(*list_argv, "--filter", f"label={config.LABEL}=1",
                            "--format", f'{name}\t{{{{.Label "{config.OWNER_LABEL}"}}}}', timeout=60)
        dead = [name for name, _, owner in (row.partition("\t") for row in listed.stdout.splitlines())
                if _owner_is_gone(owner)]
        if dead:
            docker.run(*remove_argv, *dead, timeout=120)
            removed += [f"{kind} {name}" for name in dead]
    for env_file in config.cache_dir().glob("compose-*.env"):  # each launcher's Compose env file
        pid = env_file.stem.removeprefix("compose-").partition("-")[0]
        if _owner_is_gone(f"{owner_id().rpartition(':')[0]}:{pid}"):
            env_file.unlink(missing_ok=True)
    return removed


def _owner_is_gone(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != owner_id().rpartition(":")[0] or not pid.isdigit():
        return not owner  # someone else's host: not ours to judge, unless it carries no owner at all
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, someone else's
    return False
