"""The throwaway Docker-in-Docker sandbox: bring one up with pytest-docker and Compose, run in it, take it down."""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
import select
import shlex
import subprocess
import tarfile
import time
import uuid
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator

from pytest_docker.plugin import get_docker_services

from docktest import config
from docktest.run.images import Images, owner_id

ENGINE_TIMEOUT_S = 20.0
UP = ["up -d --wait --wait-timeout 180"]
DOWN = ["down -v --remove-orphans --timeout 1"]
# What `up` says when the engine cannot grant --privileged (moby#42906, Docker Engine < 23).
PRIVILEGED_REFUSED = re.compile(r"unable to apply caps|operation not permitted", re.I)


class SandboxError(RuntimeError):
    """The sandbox itself broke (could not start, vanished): infrastructure, not a failing command."""


@dataclass(frozen=True)
class Sandbox:
    """A running sandbox: the inner daemon's container, where every command of one page runs."""

    project: str
    container: str

    def exec_argv(self, *argv: str, tty: bool = False, stdin: bool = False, env: dict[str, str] | None = None) -> list[str]:
        """The host argv of `docker exec` running ARGV inside the sandbox."""
        flags = ["-i"] if stdin or tty else []
        flags += ["-t"] if tty else []
        for name, value in (env or {}).items():
            flags += ["-e", f"{name}={value}"]
        return [config.docker_binary(), "exec", *flags, self.container, *argv]

    def run(self, *argv: str, timeout: float = 60, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.exec_argv(*argv, stdin=input is not None), input=input, capture_output=True,
                              text=True, timeout=timeout, env=config.docker_env())

    def copy_in(self, source: Path, target: str) -> None:
        """Copy the folder SOURCE to TARGET inside the sandbox: a tar stream, never a bind mount."""
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as archive:
            archive.add(source, arcname=".")
        made = self.run("mkdir", "-p", target)
        copied = subprocess.run([config.docker_binary(), "cp", "-", f"{self.container}:{target}"],
                                input=buffer.getvalue(), capture_output=True, timeout=120, env=config.docker_env())
        if made.returncode or copied.returncode:
            raise SandboxError(f"copying {source} into the sandbox failed: {made.stderr}{copied.stderr.decode()}")


class Launcher:
    """Starts sandboxes from one set of images, remembering which launch form this engine accepts."""

    def __init__(self, images: Images) -> None:
        self.images = images
        self.owner = owner_id()
        self._counter = itertools.count(1)
        self._env_file = self._write_env_file()
        self._forms = ["privileged", "capabilities"]

    def _write_env_file(self) -> Path:
        path = config.cache_dir() / f"compose-{os.getpid()}-{uuid.uuid4().hex[:8]}.env"
        path.write_text(f"DOCKTEST_DIND_IMAGE={self.images.dind}\nDOCKTEST_REGISTRY_IMAGE={self.images.registry}\n"
                        f"DOCKTEST_OWNER={self.owner}\n")
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
        # pytest-docker runs this string through a shell that inherits our environment: name the engine in it.
        host = config.docker_host()
        command = (f"DOCKER_HOST={shlex.quote(host)} " if host else "") + \
            f'"{config.compose_binary()}" --env-file "{self._env_file}"'
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
            yield Sandbox(project=project, container=_dind_container(project))
        finally:
            services.__exit__(None, None, None)

    def _down(self, files: list[str], project: str) -> None:
        argv = [config.compose_binary(), "--env-file", str(self._env_file)]
        for file in files:
            argv += ["-f", file]
        subprocess.run([*argv, "-p", project, *DOWN[0].split()], capture_output=True, timeout=120,
                       env=config.docker_env())


class _LaunchRefused(Exception):
    """`privileged` was refused by the engine; try the next form."""


def _dind_container(project: str) -> str:
    listed = subprocess.run([config.docker_binary(), "ps", "-q", "--filter", f"label=com.docker.compose.project={project}",
                             "--filter", "label=com.docker.compose.service=dind"],
                            capture_output=True, text=True, timeout=30, env=config.docker_env())
    ids = listed.stdout.split()
    if len(ids) != 1:
        raise SandboxError(f"sandbox {project}: expected one dind container, found {ids or 'none'}")
    return ids[0]


def check_engine() -> None:
    """Raise SandboxError naming the engine's address when it does not answer."""
    try:
        answered = subprocess.run([config.docker_binary(), "version", "--format", "{{.Server.Version}}"],
                                  capture_output=True, text=True, timeout=ENGINE_TIMEOUT_S, env=config.docker_env())
    except subprocess.TimeoutExpired:
        raise SandboxError(f"the Docker engine at {config.engine_name()} did not answer "
                           f"within {ENGINE_TIMEOUT_S:g} s") from None
    if answered.returncode:
        raise SandboxError(f"the Docker engine at {config.engine_name()} does not answer: "
                           f"{answered.stderr.strip() or answered.stdout.strip()}")


def reap_leftovers() -> list[str]:
    """Remove labelled containers, networks and volumes whose owning process on this host is gone.

    Returns what was removed, as "kind name" strings.
    """
    removed = []
    for kind, list_argv, remove_argv in (
        ("container", ["ps", "-a"], ["rm", "-f", "-v"]),
        ("network", ["network", "ls"], ["network", "rm"]),
        ("volume", ["volume", "ls"], ["volume", "rm", "-f"]),
    ):
        listed = subprocess.run([config.docker_binary(), *list_argv, "--filter", f"label={config.LABEL}=1",
                                 "--format", f'{{{{.ID}}}}\t{{{{.Label "{config.OWNER_LABEL}"}}}}'
                                 if kind != "volume" else f'{{{{.Name}}}}\t{{{{.Label "{config.OWNER_LABEL}"}}}}'],
                                capture_output=True, text=True, timeout=60, env=config.docker_env())
        dead = [name for name, _, owner in (row.partition("\t") for row in listed.stdout.splitlines())
                if _owner_is_gone(owner)]
        if dead:
            subprocess.run([config.docker_binary(), *remove_argv, *dead], capture_output=True, timeout=120,
                           env=config.docker_env())
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


STATE_DIR = "/run/docktest"
# Saves what a command changed (exported variables: commands run under `set -a`; functions; the cwd) for the next.
SAVE_STATE = "{ export -p; declare -f; printf 'cd %q\\n' \"$PWD\"; }"
# A bash that lives as long as the page: it reads framed requests (byte lengths, then the command and its stdin),
# runs each command in itself, so the cwd, variables and functions carry over, and ends its output with a
# sentinel line carrying the exit status. It also saves its state for commands run under a terminal.
SESSION = f"""
mkdir -p {STATE_DIR}
echo $$ > {STATE_DIR}/session.pid
[ -f {STATE_DIR}/state ] && . {STATE_DIR}/state
while IFS= read -r __docktest_command_bytes && IFS= read -r __docktest_stdin_bytes; do
  IFS= read -r -N "$__docktest_command_bytes" __docktest_command
  IFS= read -r -N "$__docktest_stdin_bytes" __docktest_stdin
  printf '%s' "$__docktest_stdin" > {STATE_DIR}/stdin
  set -a
  eval "$__docktest_command" < {STATE_DIR}/stdin 2>&1
  __docktest_status=$?
  set +a
  export -n __docktest_status
  {SAVE_STATE} > {STATE_DIR}/state 2>/dev/null
  printf '\\n%s %s\\n' "$DOCKTEST_SENTINEL" "$__docktest_status"
done
"""
# Kill every process the session started (the running command), but not the session itself.
KILL_COMMAND = f"""
kill_tree() {{ for child in $(pgrep -P "$1"); do kill_tree "$child"; kill -KILL "$child" 2>/dev/null; done; }}
kill_tree "$(cat {STATE_DIR}/session.pid)"
"""


class Session:
    """One long-lived shell in the sandbox: a command costs a write and a read, not a `docker exec`."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.sentinel = f"__docktest_done_{uuid.uuid4().hex}"
        self._process: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        argv = self.sandbox.exec_argv("bash", "-c", SESSION, stdin=True, env={"DOCKTEST_SENTINEL": self.sentinel})
        return subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env=config.docker_env())

    def run(self, text: str, stdin: str, limit_s: float) -> tuple[int | None, str, bool]:
        """(exit status or None when killed, output, whether LIMIT_S ran out) of TEXT run in the session."""
        if self._process is None or self._process.poll() is not None:
            self._process = self._start()  # first use, or the last command ended the shell (`exit`)
        process = self._process
        command, given = text.encode(), stdin.encode()
        process.stdin.write(b"%d\n%d\n" % (len(command), len(given)) + command + given)
        process.stdin.flush()
        marker = f"\n{self.sentinel} ".encode()
        received = bytearray()
        deadline = time.monotonic() + limit_s
        expired = False
        seen_marker = False
        while not (seen_marker and received.endswith(b"\n")):
            remaining = deadline - time.monotonic()
            if remaining <= 0 and not expired:
                expired = True
                self.kill()
                deadline = time.monotonic() + 10  # the session reports the killed command's status
                continue
            if remaining <= 0:
                raise SandboxError(f"sandbox {self.sandbox.project}: the shell stopped answering")
            ready, _, _ = select.select([process.stdout], [], [], remaining)
            if ready:
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:  # the command ended the shell itself
                    return process.wait(timeout=10), bytes(received).decode(errors="replace"), expired
                received += chunk
                seen_marker = seen_marker or marker in received[-(len(chunk) + len(marker)):]
        output, _, status = bytes(received).rpartition(marker)
        return (None if expired else int(status)), output.decode(errors="replace"), expired

    def kill(self) -> None:
        self.sandbox.run("bash", "-c", KILL_COMMAND, timeout=10)

    def close(self) -> None:
        if self._process is not None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()  # the sandbox goes away next anyway
