"""The unknown-command rule: a command's program that is no builtin, function, alias or known program."""

from __future__ import annotations

from collections.abc import Iterator

from docktest import programs
from docktest.check import catalogue, installed
from docktest.check.block import Block, finding
from docktest.extract import shell as commands
from docktest.model import Finding
from docktest.suggest import one_edit


def unknown_command_rule(block: Block, typos_only: bool = False) -> Iterator[Finding]:
    """Programs (wrappers such as sudo peeled off) that are no builtin, earlier function or alias, or executable of
    the sandbox: a real program the sandbox lacks is a note (`not-in-sandbox`), any other name an error.
    TYPOS_ONLY (an image's programs, not the sandbox's): only names one edit from a known one (`apt-gte`)."""
    known = programs.sandbox_commands()
    script = block.script
    aliases: set[str] = set()
    for found in commands.invocations(script):
        name = found.program
        if name == "alias" and not found.wrappers:
            aliases |= installed.alias_names(script, found.args)
        if not name or "/" in name and not catalogue.an_image(name, script.source, found.name.start_point.row) or \
                "=" in name or name in known or name in block.defined or name in aliases:
            continue
        if any(start < found.name.start_byte and fname == name for start, fname in script.functions) or \
                block.installs.get(name, found.name.start_byte) < found.name.start_byte:
            continue
        row = found.name.start_point.row
        where = programs.source(name)
        if where is None and name in block.names and block.snippet.code.strip() == name:
            yield finding(block, row, "not-shell", f"this block is not shell but a name ('{name}' is part of an "
                           "image name the page shows): tag it ```text")
            continue
        close = catalogue.suggest(name, known) if where is None else None
        if typos_only and not (close and one_edit(name, close)):
            continue
        if where is not None:
            yield finding(block, row, "not-in-sandbox", catalogue.not_in_sandbox(name, where))
        else:
            yield finding(block, row, "unknown-command", catalogue.unknown_command(name, close), close)
