"""A shell block read once for check and run alike: the code it runs (extract.reading), its top-level commands, the
marker's placeholder values bound (extract.placeholders) and the bound code parsed (extract.shell), once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from docktest.extract import placeholders, shell
from docktest.extract.prompts import Transcript
from docktest.extract.reading import read_block
from docktest.model import Command


@dataclass(frozen=True)
class BoundCommand:
    """One top-level command as it runs: the marker's placeholder values in place."""

    text: str  # what runs; the page's text when a placeholder is unbound (it never runs then)
    unbound: tuple[str, ...]  # placeholders no marker binds, as shown (`{이름}`): the command cannot run
    shell: shell.Script  # its part of the block's bound parse: what is read to drive it and to name its images


@dataclass(frozen=True)
class ParsedBlock:
    """A shell block's code as it runs, bound and parsed once: what the checks and the runner both read."""

    script: shell.Script  # bound values in place, unbound placeholders as placeholders.OPAQUE (a value nobody knows)
    lines: tuple[int, ...]  # file line of each script row
    unbound: tuple[tuple[int, str], ...]  # (row, "{name}") of placeholders no marker binds
    transcript: Transcript | None  # console-like blocks: their prompts and pasted output
    commands: tuple[BoundCommand, ...]  # one for each of the block's Commands, in order


def read(lang: str, code: str, start_line: int, values: Mapping[str, str]) -> tuple[tuple[Command, ...], ParsedBlock]:
    """The block's Commands (as the page shows them) and its ParsedBlock, VALUES being the marker's placeholders."""
    reading = read_block(lang, code, start_line)
    shown = shell.parse(reading.code)
    bound = placeholders.substitute(reading.code, values, unbound_as=placeholders.OPAQUE, script=shown)
    script = shown if bound.text == reading.code else shell.parse(bound.text)
    commands = shell.top_level_commands(shown, start_line, reading.lines)
    runs = []
    for node, text in shell.top_level(shown):
        start, end = node.start_byte, node.start_byte + len(text.encode("utf-8"))
        unbound = tuple(name for (_, name), at in zip(bound.unbound, bound.unbound_at) if start <= at < end)
        runs.append(BoundCommand(
            text if unbound or not bound.replaced else
            script.source[bound.moved(start):bound.moved(end)].decode("utf-8"),
            unbound, script.part(bound.moved(start), bound.moved(node.end_byte))))
    return commands, ParsedBlock(script, reading.lines or (start_line,), bound.unbound, reading.transcript,
                                 tuple(runs))
