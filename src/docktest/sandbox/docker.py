"""The host side's one way to call docker and Compose: argv lists, timeouts, and the engine's address in their env."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from typing import Sequence

from docktest import config
from docktest.model import SandboxError

ENGINE_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class HostDocker:
    """The engine the sandboxes run on: Docker's default, or HOST (e.g. tcp://builder:2375) named by HOST_FROM."""

    host: str | None = None
    host_from: str = ""

    @classmethod
    def of(cls, settings: config.Settings) -> HostDocker:
        return cls(settings.docker_host, settings.docker_host_from)

    def engine_env(self) -> dict[str, str]:
        """What points a docker client at the engine: the one place DOCKER_HOST is set (nothing for the default)."""
        return {"DOCKER_HOST": self.host} if self.host else {}

    def env(self) -> dict[str, str]:
        """The environment of every host-side docker and Compose call: ours, pointed at the engine."""
        return {**os.environ, **self.engine_env()}

    def argv(self, *args: str) -> list[str]:
        return [config.docker_binary(), *args]

    def run(self, *args: str, timeout: float = 120, check: bool = False, input: str | bytes | None = None,
            text: bool = True) -> subprocess.CompletedProcess:
        """`docker ARGS…`, output captured; CHECK: a non-zero exit raises SandboxError with docker's words."""
        done = subprocess.run(self.argv(*args), input=input, capture_output=True, text=text, timeout=timeout,
                              env=self.env())
        if check and done.returncode:
            stderr = done.stderr if text else done.stderr.decode(errors="replace")
            raise SandboxError(f"docker {' '.join(args)[:200]} failed: {stderr.strip()}")
        return done

    def compose(self, *args: str, files: Sequence[str], project: str, env_file: str, timeout: float,
                check: bool = False) -> subprocess.CompletedProcess[str]:
        """`docker compose -f FILES… -p PROJECT ARGS…` with ENV_FILE's variables; CHECK: a non-zero exit raises
        SandboxError with Compose's own stderr. Past TIMEOUT seconds Compose is killed and SandboxError raised."""
        argv = [config.compose_binary(), "--env-file", env_file, *(arg for file in files for arg in ("-f", file)),
                "-p", project, *args]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=self.env())
        except subprocess.TimeoutExpired:
            raise SandboxError(f"docker compose {' '.join(args)} (project {project}) did not finish "
                               f"within {timeout:g} s") from None
        if check and done.returncode:
            raise SandboxError(f"docker compose {' '.join(args)} (project {project}) failed: {done.stderr.strip()}")
        return done

    def name(self) -> str:
        """The engine's address as error messages name it."""
        if self.host:
            return f"{self.host} (from {self.host_from})" if self.host_from else self.host
        return os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"

    def check_engine(self) -> None:
        """Raise SandboxError naming the engine's address when it does not answer."""
        try:
            answered = self.run("version", "--format", "{{.Server.Version}}", timeout=ENGINE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise SandboxError(f"the Docker engine at {self.name()} did not answer "
                               f"within {ENGINE_TIMEOUT_S:g} s") from None
        if answered.returncode:
            raise SandboxError(f"the Docker engine at {self.name()} does not answer: "
                               f"{answered.stderr.strip() or answered.stdout.strip()}")
