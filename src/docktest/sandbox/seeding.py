"""A registry image with stand-ins already pushed into it, so no page's sandbox pays for a push."""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import Future

from docktest import config
from docktest.model import SandboxError
from docktest.sandbox.builder import BUILD_TIMEOUT_S, Builder
from docktest.sandbox.owners import owner_labels


# The seeding container's own labels (owners.owner_labels) would pass to every container later run from the committed
# image, and a run's reaper removes each labelled container whose owner is gone: a test's registry run from the image
# vanished mid-test (its owner, the seeding process, long gone). The commit sets them to "", which no filter takes.
CLEARED_LABELS = (config.LABEL, config.OWNER_LABEL)


def seed_registry(builder: Builder, registry: str, pushed: Mapping[str, Future[str]],
                  tags: Mapping[str, tuple[str, ...]], tag: str, changes: list[str]) -> None:
    """Commit as TAG (with CHANGES, `docker commit --change` options) a container of the REGISTRY image into which
    each of PUSHED (name → its build, under way) was pushed as library/NAME:T for each T of TAGS[NAME], each as soon
    as its build is done."""
    builder.say(f"building {tag}: pushing {', '.join(pushed)} into a registry as they are built")
    with builder.step("registry-seeded"):
        builder.doing("registry-seeded", "starting the registry")
        container = builder.run("run", "-d", *owner_labels(), "-p", "127.0.0.1::5000", registry).stdout.strip()
        try:
            port = builder.run("port", container, "5000/tcp").stdout.splitlines()[0].rsplit(":", 1)[1]
            _wait_for_registry(builder, container)
            for name, build in pushed.items():
                builder.doing("registry-seeded", f"waiting for {name}'s build")
                built = build.result()
                for each in tags[name]:
                    target = f"127.0.0.1:{port}/library/{name}:{each}"
                    builder.doing("registry-seeded", f"pushing {name}:{each}")
                    builder.run("tag", built, target)
                    try:
                        builder.run("push", target, timeout=BUILD_TIMEOUT_S)
                    finally:
                        builder.run("rmi", target, check=False)
            builder.doing("registry-seeded", "committing the registry's container")
            builder.run("stop", container)
            cleared = [f'--change=LABEL {label}=""' for label in CLEARED_LABELS]
            builder.run("commit", *changes, *cleared, container, tag)
        finally:
            builder.run("rm", "-f", container, check=False)
    builder.say(f"built {tag}")


def _wait_for_registry(builder: Builder, container: str, timeout_s: float = 30.0) -> None:
    """Wait for the registry's "listening on" log line: asked of the engine, so a remote engine works too."""
    deadline = time.monotonic() + timeout_s
    while "listening on" not in (logs := builder.run("logs", container, check=False)).stdout + logs.stderr:
        if time.monotonic() > deadline:
            raise SandboxError(f"the seeding registry {container[:12]} did not start within {timeout_s:.0f} s")
        time.sleep(0.2)
