"""Every release's pages folded into one tree whose commands and flags say which releases have them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docktest.check import docker_cli
from docktest.check.table_sources.reference_pages import Page

Seen = dict[str, set[str]]  # product → the releases (minor versions) that have it


@dataclass
class Node:
    """One command as the releases read so far have it."""

    seen: Seen = field(default_factory=dict)
    flags: dict[str, tuple[bool, Seen]] = field(default_factory=dict)  # "--all" → (takes a value, seen)
    aliases: set[str] = field(default_factory=set)
    usage: list[str] = field(default_factory=list)  # the newest release's
    listed_only: bool = True  # only a parent's page lists it: its flags are not known


class History:
    """The tree, filled one page at a time (releases oldest first, so the newest reading of a flag wins)."""

    def __init__(self, releases: dict[str, list[str]]):
        self.releases = releases  # product → its releases read, oldest first
        self.nodes: dict[tuple[str, ...], Node] = {}

    def add(self, product: str, version: str, page: Page, flags_only: bool = False) -> None:
        """What PAGE says of its command in release VERSION of PRODUCT; FLAGS_ONLY: its flags, not the command."""
        node = self.nodes.setdefault(page.path, Node())
        for name, takes in page.flags.items():
            seen = node.flags.get(name, (takes, {}))[1]
            seen.setdefault(product, set()).add(version)
            node.flags[name] = (takes, seen)
        if flags_only:
            return
        node.seen.setdefault(product, set()).add(version)
        node.aliases.update(page.aliases)
        node.usage = page.usage or node.usage
        node.listed_only = False
        for name in page.children:
            child = self.nodes.setdefault((*page.path, name), Node())
            child.seen.setdefault(product, set()).add(version)

    def tree(self) -> dict:
        """The history tree in data/docker-history.json's shape (see docker_versions)."""
        root: dict = {}
        groups = {path[:-1] for path in self.nodes if path}
        for path in sorted(self.nodes, key=len):
            node = self.nodes[path]
            if path and not node.seen:
                continue  # flags served to a command no release of it has (cannot happen for a known product)
            parent = root
            for name in path[:-1]:
                parent = parent.setdefault("c", {}).setdefault(name, {})
            out = parent.setdefault("c", {}).setdefault(path[-1], {}) if path else root
            out.update(self._node(node, path in groups))
        return root

    def _node(self, node: Node, group: bool) -> dict:
        availability = self.availability(node.seen)
        out: dict = {"v": availability}
        if node.aliases:
            out["a"] = sorted(node.aliases)
        if node.listed_only and not node.flags:
            out["?"] = 1  # flags unknown: any is accepted
        flags = {}
        for name, (takes, seen) in sorted(node.flags.items()):
            own = self.availability(seen)
            flags[name] = ("=" if takes else "") + ("" if own == availability else own)
        if flags:
            out["f"] = flags
        if node.usage and not docker_cli.usage_facts(node.usage)[1]:
            out["i"] = 0
        if group and any(map(_takes_arguments, node.usage)):
            out["p"] = 1
        return out

    def availability(self, seen: Seen) -> str:
        """"cli 17.06-23.0, buildx 0.8-": from the first release that has it until the first one after the last that
        has it (open when the newest release read has it); the releases between are not told apart."""
        ranges = []
        for product, versions in self.releases.items():
            have = [version for version in versions if version in seen.get(product, ())]
            if not have:
                continue
            after = versions.index(have[-1]) + 1
            ranges.append(f"{product} {have[0]}-{versions[after] if after < len(versions) else ''}")
        return ", ".join(ranges)


def _takes_arguments(usage: str) -> bool:
    """Whether a group's usage line takes arguments of its own besides a subcommand (`buildx history inspect
    [REF|COMMAND]`); what follows COMMAND is the subcommand's (`docker [OPTIONS] COMMAND [ARG...]`)."""
    words = usage.split()[1:]
    while words and re.fullmatch(r"[a-z][\w-]*", words[0]):
        words.pop(0)  # the command path
    for word in words:
        choices = word.strip("[]").split("|")
        if {"COMMAND", "command"} & set(choices):
            return len(choices) > 1
        if not all(choice in ("", "OPTIONS", "flags") or choice.startswith("-") for choice in choices):
            return True
    return False
