"""Which Docker releases have a command or flag: data/docker-history.json, and what it means for the sandbox's CLI.

The history is a tree of every docker command and flag of every release read (docker/cli, buildx, Compose and the
plugins listed under "products"), written by `python -m docktest.check.table_sources`. A node is
`{"v": availability, "a": [aliases], "f": {flag: spec}, "c": {name: node}, "i": 0, "p": 1, "?": 1}` ("i": flags
end at its arguments, "p": a group that also takes arguments, "?": its flags are not known, as old releases only
listed it); a flag's spec
is its availability, prefixed with "=" when the flag takes a value, and empty when it is the command's own.
An availability lists product ranges: "cli 17.06-23.0, buildx 0.8-" is docker/cli from 17.06 until it was
removed in 23.0, and buildx from 0.8 on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Literal

HISTORY = "docker-history.json"
FORMAT = 1
_RANGE = re.compile(r"(\w+) ([\d.]+)?-([\d.]+)?")


@dataclass(frozen=True)
class Verdict:
    """What the sandbox makes of a command or flag it lacks: a note (a newer release or a plugin it lacks has it),
    a warning (removed before the sandbox's release), or nothing to say (its own release has it, hidden)."""

    severity: Literal["note", "warning"] | None
    needs: str = ""  # "needs Docker ≥ 28.0; the sandbox has 26.1"


@dataclass(frozen=True)
class Releases:
    """The history tree, the products it names, and the versions of those the sandbox has."""

    tree: dict
    products: dict[str, dict]  # "cli" → {"name": "Docker", …}
    sandbox: dict[str, str]  # "cli" → "26.1.5+dfsg1"; a plugin the sandbox lacks is absent

    def verdict(self, availability: str) -> Verdict:
        """What AVAILABILITY ("cli 17.06-23.0, buildx 0.8-") means for the sandbox."""
        newer: list[tuple[str, str]] = []
        removed: list[tuple[str, str]] = []
        for product, since, until in _RANGE.findall(availability):
            have = self.sandbox.get(product)
            if have is None:
                newer.append((product, ""))
            elif since and _version(since) > _version(short(have)):
                newer.append((product, since))
            elif until and _version(until) <= _version(short(have)):
                removed.append((product, until))
            else:
                return Verdict(None)
        owned = [(product, since) for product, since in newer if product in self.sandbox]
        if owned:
            product, since = min(owned, key=lambda found: _version(found[1]))
            have = short(self.sandbox[product])
            return Verdict("note", f"needs {self._name(product)} ≥ {since}; the sandbox has {have}")
        if newer:
            product = newer[0][0]
            why = self.products.get(product, {}).get("discontinued")
            if why:
                return Verdict("warning", f"was {self._name(product)}, discontinued ({why})")
            return Verdict("note", f"needs {self._name(product)}, which the sandbox does not have")
        if removed:
            product, until = max(removed, key=lambda found: _version(found[1]))
            return Verdict("warning", f"was removed in {self._name(product)} {until} "
                                      f"(the sandbox has {short(self.sandbox[product])})")
        return Verdict(None)

    def _name(self, product: str) -> str:
        return self.products.get(product, {}).get("name", product)


def history() -> dict:
    """data/docker-history.json: {"products": …, "tree": …}; OSError or ValueError when it cannot be read."""
    table = json.loads(resources.files("docktest").joinpath("data", HISTORY).read_text(encoding="utf-8"))
    if table.get("format") != FORMAT:
        raise ValueError(f"format {table.get('format')!r}, this docktest reads format {FORMAT}")
    return table


def flag_spec(node: dict, name: str) -> tuple[bool, str] | None:
    """(takes a value, availability) of flag NAME in history NODE, or None when no release has it there."""
    spec = node.get("f", {}).get(name)
    if spec is None:
        return None
    takes_value = spec.startswith("=")
    return takes_value, (spec[1:] if takes_value else spec) or node.get("v", "")


def child(node: dict, name: str) -> tuple[str, dict] | None:
    """The subcommand NAME (or one of its aliases) of history NODE, with its own name."""
    children = node.get("c", {})
    if name in children:
        return name, children[name]
    for key, found in children.items():
        if name in found.get("a", ()):
            return key, found
    return None


def short(version: str) -> str:
    """"26.1.5+dfsg1" → "26.1": releases are told apart by their minor version."""
    return ".".join(re.findall(r"\d+", version)[:2])


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))
