"""A second Docker engine of one's own, in its own network namespace: the shared engine never sees its work.

Used by the online-mode test (an empty engine that pulls through a local mirror) and by bench/run_bench.py
(a cold run, from no images at all, without deleting anything on the engine others use).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from docktest.sandbox.docker import HostDocker

# The second engine's default bridge and networks: apart from the host engine's 172.16.0.0/12 ones.
ENGINE_BRIDGE = "10.213.0.1/24"
ENGINE_POOL = "base=10.214.0.0/16,size=24"
# A way out of the namespace, for builds that download packages. slirp4netns (user-mode NAT, as rootless Docker
# uses) gives it a default route and DNS through the host's own sockets: measured here, apt in `docker build`
# reaches Debian's mirror as fast as through the shared engine's bridge (~120 MB/s), and nothing on the host
# changes. Weighed and left: a veth pair needs NAT and FORWARD rules in the host's iptables beside the shared
# engine's (its FORWARD policy is DROP); a second daemon in the host's namespace puts its bridges and rules there.
SLIRP = ["slirp4netns", "--configure", "--mtu=65520", "--disable-host-loopback"]


def route_out_missing() -> str | None:
    """What this machine lacks to give the engine a way out (route_out), or None."""
    if shutil.which(SLIRP[0]) is None:
        return "a way out of the engine's network namespace needs slirp4netns: apt-get install slirp4netns " \
               "(bash .ci/test installs it)"
    return None


@contextmanager
def engine_in_own_network(mirror_port: int | None = None, route_out: bool = False) -> Iterator[tuple[HostDocker, int]]:
    """A second dockerd in a new network namespace: (engine, its pid).

    MIRROR_PORT: its registry mirror is http://127.0.0.1:MIRROR_PORT (inside the namespace). ROUTE_OUT: the
    namespace gets a way out (slirp4netns); without it, only loopback. Its socket, data, exec root and pid file
    live in a new folder under /tmp (short: containerd's sockets under the exec root must fit a Unix socket path).
    On the way out, also on Ctrl-C or failure, its containers are removed, the daemon stopped and the folder
    deleted (in the background). The daemon has its own session, so a Ctrl-C reaches only us and the stop stays
    orderly.
    """
    if route_out and (missing := route_out_missing()):
        raise RuntimeError(missing)
    root = Path(tempfile.mkdtemp(prefix="docktest-engine-"))
    socket_path = root / "docker.sock"
    mirror = [f"--registry-mirror=http://127.0.0.1:{mirror_port}",
              f"--insecure-registry=127.0.0.1:{mirror_port}"] if mirror_port else []
    argv = ["unshare", "--net", "--", "dockerd", f"--host=unix://{socket_path}", f"--data-root={root / 'data'}",
            f"--exec-root={root / 'exec'}", f"--pidfile={root / 'dockerd.pid'}",
            f"--bip={ENGINE_BRIDGE}", f"--default-address-pool={ENGINE_POOL}", *mirror]
    engine = HostDocker(f"unix://{socket_path}", "a second engine of our own")
    helpers: list[subprocess.Popen] = []
    try:
        with (root / "dockerd.log").open("w") as log:
            daemon = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                if route_out:  # unshare exec'd dockerd: its pid names the namespace
                    helpers.append(subprocess.Popen([*SLIRP, str(daemon.pid), "tap0"], stdout=log,
                                                    stderr=subprocess.STDOUT, start_new_session=True))
                _wait_for_engine(engine, [daemon, *helpers], root / "dockerd.log")
                yield engine, daemon.pid
            finally:
                _stop(engine, daemon, helpers)
    finally:
        _remove_tree(root)


def _wait_for_engine(engine: HostDocker, processes: list[subprocess.Popen], log: Path) -> None:
    deadline = time.monotonic() + 90
    while not _answers(engine):
        if any(process.poll() is not None for process in processes) or time.monotonic() > deadline:
            raise RuntimeError(f"the second engine did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)


def _answers(engine: HostDocker) -> bool:
    try:
        return engine.run("version", timeout=10).returncode == 0
    except subprocess.TimeoutExpired:  # the socket is there before the daemon serves it
        return False


def _stop(engine: HostDocker, daemon: subprocess.Popen, helpers: list[subprocess.Popen]) -> None:
    """Remove the engine's containers (no shim outlives it), stop the daemon, then its network's helpers."""
    if daemon.poll() is None:
        leftovers = engine.run("ps", "-aq").stdout.split()
        if leftovers:
            engine.run("rm", "-f", "-v", *leftovers, timeout=120)
    for process in (daemon, *helpers):
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def _remove_tree(folder: Path) -> None:
    """Delete FOLDER in the background, first unmounting whatever a stopped daemon left mounted in it (its data
    root is a mount). Deleting it at once can wait for the layers the daemon has just written to reach the disk:
    0.6 to 11.5 s of the online test for its 0.5 GB, as other writes on the machine come and go."""
    mounts = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
    for mount in sorted((m for m in mounts if m.startswith(f"{folder}/")), reverse=True):
        subprocess.run(["umount", "-l", mount], capture_output=True, timeout=30)
    # sh leaves rm running on its own (no child of ours to reap) and ends at once.
    subprocess.run(["sh", "-c", 'rm -rf --one-file-system -- "$1" >/dev/null 2>&1 &', "sh", str(folder)],
                   start_new_session=True, timeout=30, check=True)
