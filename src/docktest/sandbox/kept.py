"""What docktest keeps between runs — its images on the engine, killed runs' sandboxes, its caches on disk — and
removing it: the images of recipes no longer current at the start of every run, everything on `docktest clean`.

Only what carries docktest's marks goes: images labelled com.docktest.image (images.py labels every image it
builds), sandbox parts whose owner is gone (leftovers.py), and docktest's own cache folders. An image without the
label is never touched, whatever its name (images built before docktest labelled them: remove those by hand).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from docktest import config
from docktest.sandbox import images
from docktest.sandbox.docker import HostDocker
from docktest.sandbox.leftovers import leftovers, reap_leftovers

# In the cache folder, what a running docktest may be using: a lock it holds, a launcher's Compose env file, a live
# run's results (those of processes that are gone go at the next run's start: leftovers.py, live.py).
KEEP_FILES = ("*.lock", "compose-*.env", "live-*.json")


@dataclass(frozen=True)
class Kept:
    """One thing docktest keeps: its kind ("image", "container", "network", "volume", "folder"), name and size."""

    kind: str
    name: str
    size: str = ""

    def __str__(self) -> str:
        return f"{self.kind} {self.name}" + (f" ({self.size})" if self.size else "")


def stale_images(docker: HostDocker) -> list[str]:
    """docktest's images (labelled, in its `docktest/` repositories) that this docktest's recipes would not make: an
    older recipe's, or a seeded registry holding one. Another tag of the same name without the label is not listed."""
    current = images.current_tags()
    tags = [ref for ref, _, _ in _labelled_images(docker) if ref.startswith(f"{images.REPO}/") and ref not in current]
    seeded = [ref for ref in tags if ref.startswith(f"{images.REPO}/registry-seeded:")]
    made_from = _made_from(docker, seeded) if seeded else {}
    # A page's stand-ins registry is not among current_tags (one per set of stand-ins): current if its parts are.
    return [ref for ref in tags if not (ref in made_from and made_from[ref] and set(made_from[ref]) <= current)]


def remove_stale_images(docker: HostDocker) -> list[str]:
    """Remove stale_images() not in use (a container holding one keeps it); the ones removed. At every run's start:
    one listing when nothing is stale."""
    stale = stale_images(docker)
    return _remove_images(docker, stale)


def _remove_images(docker: HostDocker, refs: list[str]) -> list[str]:
    """`docker rmi` REFS (never forced: what a container uses stays); the ones gone."""
    left = list(refs)
    for _ in range(2):  # an image something was committed from goes once that is gone
        if left:
            docker.run("rmi", *left, timeout=300)
            listed = {ref for ref, _, _ in _labelled_images(docker)}
            left = [ref for ref in left if ref in listed]
    return [ref for ref in refs if ref not in left]


def kept(docker: HostDocker, settings: config.Settings) -> list[Kept]:
    """Everything `docktest clean` removes: docktest's images, killed runs' sandbox parts, the page cache and the
    user cache folder (not a lock in use, not the results file the site reads)."""
    found = [Kept("image", ref, size) for ref, _, size in _labelled_images(docker)]
    found += [Kept(kind, name) for kind, name in leftovers(docker)]
    found += [Kept("folder", str(folder), _size(folder)) for folder in (settings.page_cache, settings.user_cache)
              if folder.is_dir() and any(_removable(folder))]
    return found


def clean(docker: HostDocker, settings: config.Settings) -> tuple[list[Kept], list[Kept]]:
    """Remove what kept() lists, as far as nothing uses it: (what is gone, what stays because it is in use)."""
    before = kept(docker, settings)
    _remove_images(docker, [item.name for item in before if item.kind == "image"])
    reap_leftovers(docker, settings.user_cache)
    for item in before:
        if item.kind == "folder":
            for path in _removable(Path(item.name)):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
    after = kept(docker, settings)
    left = {(item.kind, item.name) for item in after}
    return [item for item in before if (item.kind, item.name) not in left], after


def _labelled_images(docker: HostDocker) -> list[tuple[str, str, str]]:
    """(reference, ID, size) of each image labelled as docktest's; an untagged one's reference is its ID."""
    listed = docker.run("images", "--filter", f"label={config.IMAGE_LABEL}", "--format",
                        "{{.Repository}}:{{.Tag}}\t{{.ID}}\t{{.Size}}", timeout=60)
    rows = [line.split("\t") for line in listed.stdout.splitlines() if line.count("\t") == 2]
    return [(ref if "<none>" not in ref else image_id, image_id, size) for ref, image_id, size in rows]


def _made_from(docker: HostDocker, refs: list[str]) -> dict[str, list[str]]:
    """Each image's com.docktest.made-from label, split."""
    template = f'{{{{index .Config.Labels "{config.MADE_FROM_LABEL}"}}}}'
    listed = docker.run("image", "inspect", "--format", template, *refs, timeout=60)
    values = listed.stdout.splitlines()
    return {ref: [part for part in value.split(",") if part] for ref, value in zip(refs, values)}


def _removable(folder: Path) -> list[Path]:
    return [path for path in sorted(folder.iterdir()) if not any(path.match(keep) for keep in KEEP_FILES)]


def _size(folder: Path) -> str:
    total = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return f"{total / 1e6:.1f} MB" if total >= 1e5 else f"{total / 1e3:.0f} kB"
