"""Offline stand-ins for Docker Hub's images: which exist, what each is made of, the tags it is served under."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class StandIn:
    """An image offline mode builds from Debian 13 packages and serves under a Docker Hub name."""

    name: str  # the official image's name: `docker pull NAME` gets the stand-in
    made_of: str  # what is inside, as the site discloses it ("MariaDB 11.8" for mysql)
    tags: tuple[str, ...] = ("latest",)  # only tags whose content it matches (a version Debian has)
    files: tuple[str, ...] = ()  # build-context files beside sandbox/recipes/NAME.Dockerfile
    always: bool = False  # in every offline sandbox's registry; the others only where a page uses them


# The images Docker lessons use most that Debian has the program of. Not here, on purpose: alpine (apk), ubuntu,
# hello-world — a page using them is reported as not verifiable offline (run/offline.py).
STAND_INS = (
    StandIn("node", "Node.js 20 (Debian 13 nodejs)", always=True),
    StandIn("python", "Python 3.13 (Debian 13 python3)", always=True),
    StandIn("busybox", "BusyBox 1.37 (Debian 13 busybox-static)", ("latest", "1.37")),
    StandIn("debian", "Debian 13 trixie (minbase)", ("latest", "trixie", "13", "stable")),
    StandIn("nginx", "nginx 1.26 (Debian 13 nginx)", ("latest", "1.26"), ("nginx-default.conf",)),
    StandIn("httpd", "Apache httpd 2.4 (Debian 13 apache2)", ("latest", "2.4", "2"),
            ("httpd-site.conf", "httpd-foreground")),
    StandIn("redis", "Redis 8.0 (Debian 13 redis-server)", ("latest", "8.0", "8"), ("redis-entrypoint.sh",)),
    StandIn("postgres", "PostgreSQL 17 (Debian 13 postgresql-17)", ("latest", "17"), ("postgres-entrypoint.sh",)),
    StandIn("mysql", "MariaDB 11.8, not MySQL (Debian 13 mariadb-server-core)", files=("mysql-entrypoint.sh",)),
)
BY_NAME = {stand_in.name: stand_in for stand_in in STAND_INS}
ALWAYS = tuple(stand_in.name for stand_in in STAND_INS if stand_in.always)


def reference(image: str) -> tuple[str, str] | None:
    """(name, tag) of an official Docker Hub image as a command names it (`nginx`, `docker.io/library/redis:8`,
    `postgres:17@sha256:…`); None for anything else (`user/app`, `ghcr.io/x/y`, `localhost:5000/app`)."""
    name = image.split("@", 1)[0]
    for prefix in ("docker.io/", "index.docker.io/", "registry-1.docker.io/"):
        name = name.removeprefix(prefix)
    name = name.removeprefix("library/")
    if "/" in name:  # a namespace or a registry: never Docker Hub's official images
        return None
    name, _, tag = name.partition(":")
    if not name or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        return None
    return name.lower(), tag or "latest"


def served(names: Iterable[str]) -> frozenset[tuple[str, str]]:
    """Every (name, tag) the stand-ins NAMES are served under."""
    return frozenset((name, tag) for name in names for tag in BY_NAME[name].tags)


def needed(images: Iterable[str]) -> tuple[str, ...]:
    """The stand-ins beyond the ALWAYS ones that IMAGES (as commands name them) ask for, by name, sorted."""
    found = {ref[0] for ref in map(reference, images) if ref in _SERVED}
    return tuple(sorted(found - set(ALWAYS)))


_SERVED = served(BY_NAME)  # every (name, tag) some stand-in is served under
