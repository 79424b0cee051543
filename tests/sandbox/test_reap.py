"""Reaping leftovers while another run reaps the same ones (two CI shards, two xdist workers on one engine)."""

from __future__ import annotations

import subprocess

import pytest

from docktest import config
from docktest.sandbox import images, leftovers
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.leftovers import reap_leftovers


class RacingEngine:
    """A fake engine with a dead (unowned) run's leftovers, one container of which another reaper is removing.

    That removal takes two more listings to finish; until then `rm` is refused as Docker refuses it, and the
    network stays in use.
    """

    def __init__(self) -> None:
        self.containers = {"c-elsewhere": "", "c-free": ""}
        self.networks = {"n-sandbox": ""}
        self.volumes = {"v-data": ""}
        self.listings_until_removed = 2
        self.calls: list[str] = []

    def run(self, *args: str, timeout: float = 120, **_) -> subprocess.CompletedProcess:
        self.calls.append(" ".join(args[:2]))
        kind = {"ps": self.containers, "rm": self.containers, "network": self.networks, "volume": self.volumes}[args[0]]
        verb = args[1] if args[0] in ("network", "volume") else args[0]
        if verb in ("ps", "ls"):
            if args[0] == "ps" and "c-elsewhere" in self.containers:
                self.listings_until_removed -= 1
                if self.listings_until_removed < 0:
                    del self.containers["c-elsewhere"]
            return self._done("".join(f"{name}\t{owner}\t\n" for name, owner in kind.items()))
        names = [arg for arg in args if arg in kind]
        errors = []
        for name in names:
            if name == "c-elsewhere":
                errors.append(f"removal of container {name} is already in progress")
            elif args[0] == "network" and self.containers:
                errors.append(f"network {name} has active endpoints")
            else:
                del kind[name]
        return self._done("", 1 if errors else 0, "\n".join(errors))

    @staticmethod
    def _done(stdout: str, code: int = 0, stderr: str = "") -> subprocess.CompletedProcess:
        return subprocess.CompletedProcess([], code, stdout, stderr)


def test_a_leftover_another_reaper_is_removing_is_waited_for(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(leftovers.time, "sleep", lambda _: None)
    engine = RacingEngine()
    removed = reap_leftovers(engine, tmp_path)
    assert (engine.containers, engine.networks, engine.volumes) == ({}, {}, {})
    assert removed == ["container c-elsewhere", "container c-free", "network n-sandbox", "volume v-data"]


def test_a_removal_that_never_ends_is_given_up_after_the_wait(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    clock = iter(range(0, 10_000, 5))
    monkeypatch.setattr(leftovers.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(leftovers.time, "sleep", lambda _: None)
    engine = RacingEngine()
    engine.listings_until_removed = 10_000
    reap_leftovers(engine, tmp_path)  # returns: the container and the network it holds are left for the next reaper
    assert (list(engine.containers), list(engine.networks)) == (["c-elsewhere"], ["n-sandbox"])
    assert engine.calls.count("rm -f") <= leftovers.REAP_WAIT_S // 5 + 2


@pytest.mark.docker
def test_a_container_run_from_the_seeded_registry_image_is_no_leftover() -> None:
    # The image is committed from a seeding container that carried docktest's sandbox and owner labels: a test's
    # registry run from it inherited them, and a run on another xdist worker reaped it as a dead run's leftover.
    docker = HostDocker()
    seeded = images.ensure_images(config.load(mode="offline", progress=False), docker).registry
    container = docker.run("run", "-d", seeded, timeout=120).stdout.strip()
    try:
        assert container[:12] not in {name for _, name in leftovers.leftovers(docker)}
    finally:
        docker.run("rm", "-f", container, check=False, timeout=60)
