"""What offline mode cannot verify: a command that needed an image the offline registry lacks, and the failures that
follow it on its page. Such results are "unverifiable", kept apart from "failed": the page may well be right.

The rule: a failed or timed-out command whose output shows the inner engine trying Docker Hub and finding no network
needed an image offline mode lacks (the registry mirror had no such image); it is unverifiable, naming that image.
From then on, every later failed or timed-out command of the page is unverifiable too, naming the command that lacked
its image: it may have failed only because that image's container, build or volume is not there. Passes stay passes;
a command that could not start at all (`error`, e.g. a refused workdir) stays failed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from docktest.extract import shell
from docktest.model import Result
from docktest.run import page_images
from docktest.sandbox import stand_ins

# How a pull fails when Docker Hub cannot be reached: `Get "https://registry-1.docker.io/v2/": dial tcp
# 127.0.0.1:443: connect: connection refused` (sandbox/recipes/compose.yml points Hub's names at a closed port),
# or a lookup that finds no such host where the names are not pointed anywhere.
_NO_NETWORK = re.compile(r"connection refused|no such host|i/o timeout|network is unreachable|"
                         r"server misbehaving|temporary failure in name resolution", re.I)
# Where the engine's and BuildKit's words name the image they wanted.
_NAMED = (re.compile(r"Unable to find image '([^']+)' locally"),
          re.compile(r"\bdocker\.io/library/([\w.-]+(?::[\w.-]+)?)"))


def hub_unreachable(output: str) -> bool:
    """Whether OUTPUT holds the inner engine's failure to reach Docker Hub for lack of network."""
    return any("docker.io" in line and "dial tcp" in line and _NO_NETWORK.search(line)
               for line in output.splitlines())


def unavailable(result: Result, images: Iterable[str], served: frozenset[tuple[str, str]],
                built: Iterable[str] = ()) -> Result:
    """RESULT, unverifiable when it failed for want of an image: the first of IMAGES (what its command names) that
    the offline registry, serving SERVED, lacks; else the one the engine's words name; else none (""). An image the
    page itself BUILT under that name is not wanting: its build failed (a failure, or one that follows a lack)."""
    if not result.failing or result.error or not hub_unreachable(result.output):
        return result
    lacking = [image for image in images if stand_ins.reference(image) not in served]
    named = [match.group(1).removesuffix(":latest") for pattern in _NAMED for match in pattern.finditer(result.output)]
    own = {_key(each) for each in built}
    wanted = [image for image in lacking + named if _key(image) not in own]
    if not wanted and (lacking or named):  # only images the page builds itself: their build did not happen
        return result
    return replace(result, status="unverifiable", unavailable_image=next(iter(wanted), ""))


def _key(image: str) -> object:
    return stand_ins.reference(image) or image


def after_unavailable(results: Iterable[Result]) -> Iterator[Result]:
    """The page's RESULTS in order, each failure after the first command that lacked its image made unverifiable."""
    first: Result | None = None
    for result in results:
        if result.status == "unverifiable" and not result.unverifiable_after:
            first = first or result
        elif first is not None and result.failing and not result.error:
            result = replace(result, status="unverifiable", unavailable_image=first.unavailable_image,
                             unverifiable_after=first.line)
        yield result


class OfflinePage:
    """One page run offline: what its registry serves (the ALWAYS stand-ins and NAMES), which stand-ins its commands
    used so far (each result names them: what it shows came from Debian-built images), which commands lacked one."""

    def __init__(self, names: Iterable[str]) -> None:
        self.served = stand_ins.served((*stand_ins.ALWAYS, *names))
        self._used: dict[str, None] = {}  # ordered: as first used
        self._built: list[str] = []  # the images the page's commands made under a name so far
        self._block: list[str] = []  # the images the running block's example folder names

    def block(self, images: Iterable[str]) -> None:
        """The next commands are a block whose example folder and file blocks name IMAGES: a build or `compose up` may
        pull them."""
        self._block = list(images)
        self._use(self._block)

    def _use(self, images: Iterable[str]) -> None:
        self._used.update(dict.fromkeys(ref[0] for ref in map(stand_ins.reference, images) if ref in self.served))

    def judge(self, result: Result, command: shell.Script | str) -> Result:
        """The RESULT of COMMAND (placeholders filled in; see shell.script_of) as offline mode reports it. The image
        it lacked is the first one the command names, else one its block's example folder names, that the registry
        lacks."""
        script = shell.script_of(command)
        named = page_images.command_images(script)
        self._use(named)
        self._built += page_images.built_images(script)
        result = unavailable(result, named + self._block, self.served, self._built)
        return replace(result, stand_ins=tuple(self._used)) if self._used else result
