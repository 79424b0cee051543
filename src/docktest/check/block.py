"""One snippet as the snippet rules see it (as rule_page.RulePage is one page), and a finding at one of its rows."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from docktest.check import consoles, registry
from docktest.extract import shell as commands
from docktest.extract.code_spans import CodeSpan
from docktest.model import Finding, Snippet


# A program's name as a page's prose shows it in code (`faas-cli`, `bench new-site`): no sentence's word (`Task`)
_PROGRAM_NAME = re.compile(r"[a-z0-9][a-z0-9._+-]*")
# A synopsis that runs a command of the reader's choice in a container (`docker compose exec webserver <command>`):
# the bare names the page shows after it are that container's commands (paperless' `document_importer`)
_COMMAND_SLOT = re.compile(r"\bdocker(?:-compose|[ \t]+compose)?[ \t]+(?:container[ \t]+)?(?:exec|run)\b[^\n]*?"
                           r"[<{\[‹](?:command|cmd|명령)[^\n>}\]›]*[>}\]›]", re.I)


@dataclass
class PagePrograms:
    """How often each program name is the program of a command on a page, the names its prose shows as code, and
    the names already told of."""

    uses: Counter[str]
    named: frozenset[str] = frozenset()  # first words of the prose's inline code that can name a program
    command_slot: int | None = None  # file line of the first synopsis running `<command>` in a container
    console: tuple[int, str] | None = None  # file line where the page first starts a tool's console, and its name
    told: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, snippets: Iterable[Snippet], spans: Iterable[CodeSpan] = ()) -> PagePrograms:
        snippets = list(snippets)
        named = {words[0] for span in spans if (words := span.text.split()) and _PROGRAM_NAME.fullmatch(words[0])}
        slots = (snippet.start_line + snippet.code.count("\n", 0, match.start()) for snippet in snippets
                 if (match := _COMMAND_SLOT.search(snippet.code)))
        uses = Counter(found.program for snippet in snippets
                       for found in commands.invocations(snippet.parsed.script) if found.program)
        consoles_started = ((snippet.start_line + snippet.code.count("\n", 0, start[0]), start[1])
                            for snippet in snippets if (start := consoles.started(snippet.code)))
        return cls(uses, frozenset(named), min(slots, default=None), min(consoles_started, default=None))


@dataclass
class Block:
    """One snippet as the rules see it: placeholders substituted, parsed, each row's file line, and the docker command
    tree its page is checked against."""

    snippet: Snippet
    script: commands.Script
    lines: tuple[int, ...]  # file line of each script row
    unbound: list[tuple[int, str]]  # (row, "{name}") placeholders no marker binds
    docker: dict | None  # the docker command tree (docker_table.table of the settings' client); None: none readable
    transcript: bool = False  # console-like: only its `$ ` lines are code
    defined: set[str] = field(default_factory=set)  # the site's known-commands, functions and aliases defined earlier
    installs: dict[str, int] = field(default_factory=dict)  # programs the block installs, at the byte that does it
    names: frozenset[str] = frozenset()  # the parts of the image names the page shows (`jpetazzo/clock`: both words)
    sourced: tuple[str, ...] = ()  # the scripts earlier blocks of the page ran with `source X` / `. X`
    page: PagePrograms | None = None  # the page's programs, shared by its blocks

    def line(self, row: int) -> int:
        return self.lines[min(row, len(self.lines) - 1)]


def finding(block: Block, row: int, rule: str, message: str, suggestion: str | None = None) -> Finding:
    """A finding of RULE at script row ROW of BLOCK, at that row's file line."""
    return registry.finding(block.snippet.path, block.line(row), rule, message, suggestion)
