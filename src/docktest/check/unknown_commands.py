"""The unknown-command rule: a command's program that is no builtin, function, alias or known program."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docktest import programs
from docktest.check import catalogue, consoles, installed
from docktest.check.block import Block, finding
from docktest.extract import shell as commands
from docktest.model import Finding
from docktest.suggest import one_edit


def unknown_command_rule(block: Block, typos_only: bool = False) -> Iterator[Finding]:
    """Programs (wrappers such as sudo peeled off) that are no builtin, earlier function or alias, or executable of
    the sandbox: a real program the sandbox lacks is a note (`not-in-sandbox`), as is a name the page's prose shows
    as code and no typo of a known program (`unlisted-program`: the site's own CLI); any other name is an error.
    TYPOS_ONLY (an image's programs, not the sandbox's): only names one edit from a known one (`apt-gte`)."""
    known = programs.sandbox_commands()
    script = block.script
    aliases: set[str] = set()
    sourced = list(block.sourced)  # scripts run with `source X` / `. X` so far: earlier blocks', then this one's
    for found in commands.invocations(script):
        name = found.program
        if name == "alias" and not found.wrappers:
            aliases |= installed.alias_names(script, found.args)
        if shell_script := _sourced_script(script, found):
            sourced.append(shell_script)
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
        if where is None and (console := _console(block, [*found.wrappers, name], row)):
            yield finding(block, row, "foreign-prompt", console)
            continue
        close = (_page_close(block, name) or catalogue.suggest(name, known)) if where is None else None
        typo = bool(close and one_edit(name, close))
        if typos_only and not typo:
            continue
        if where is not None:
            yield finding(block, row, "not-in-sandbox", catalogue.not_in_sandbox(name, where))
        elif not typo and (why := _page_program(block, name, row)):
            yield finding(block, row, "unlisted-program", f"'{name}' is in no catalogue of programs, but {why}; if "
                          "so, list it in `[tool.docktest] known-commands` (or the MkDocs plugin's option)")
        elif sourced and not typo:  # the script sourced last may define it (venv's `activate` defines `deactivate`)
            yield finding(block, row, "sourced-name", f"'{name}' may be defined by the sourced `{sourced[-1]}`: a "
                          "function or alias a script defines is a command only after it runs")
        else:
            message = catalogue.unknown_command(name, close) + _comment_cut(script.source, row) + \
                _repeated(block, name, close)
            yield finding(block, row, "unknown-command", message, close)


def _page_program(block: Block, name: str, row: int) -> str:
    """Why the page makes NAME (no typo) a program of its own: its prose names it, or a synopsis above runs the
    reader's `<command>` in a container. "" when it does not."""
    page = block.page
    if page is None:
        return ""
    if name in page.named:
        return f"the page names it (`{name}`): a tool the reader installs, which the sandbox lacks"
    if page.command_slot is not None and page.command_slot < block.line(row):
        return (f"the page runs such commands in a container (the `<command>` on line {page.command_slot}): "
                "the sandbox's shell lacks it")
    return ""


def _console(block: Block, names: list[str], row: int) -> str:
    """Why NAMES (a command's wrappers, then its program) are typed at a tool's console the page started above, not at
    bash's prompt (Arthas's `thread -n 3`, `watch com.x.Y method`). "" when they are not."""
    page = block.page
    if page is None or page.console is None or page.console[0] >= block.line(row) or \
            not consoles.typed_at(page.console[1], names):
        return ""
    line, console = page.console
    return (f"`{names[0]}` is a command of {console}'s console, which the page starts on line {line}: typed at its "
            "prompt, not bash's, it is not checked here")


def _page_close(block: Block, name: str) -> str | None:
    """The site's known command or the program the page's prose names (`faas-cli`) that NAME misses by one edit
    (`faas-clu`), which no catalogue would suggest."""
    own = block.defined | (block.page.named if block.page is not None else frozenset())
    return next((known for known in sorted(own) if one_edit(name, known)), None)


def sourced_scripts(script: commands.Script) -> tuple[str, ...]:
    """The scripts SCRIPT runs in its own shell (`source venv/bin/activate`, `. ./env.sh`), as written."""
    return tuple(name for found in commands.invocations(script) if (name := _sourced_script(script, found)))


_SOURCE = frozenset({"source", "."})
# What another program's `source` reads (mysql's `source /mall.sql;`, typed into a bash fence): no shell script,
# so it defines no name
_NOT_SHELL = re.compile(r"\.(?:sql|py|js|json|ya?ml|txt|csv|xml|rb|pl|lua|r|java)\W*$", re.I)


def _sourced_script(script: commands.Script, found: commands.Invocation) -> str | None:
    """The shell script FOUND runs when it is a `source X` / `. X`, as written; None for any other command and for a
    file no shell reads (_NOT_SHELL)."""
    if found.program not in _SOURCE or not found.args:
        return None
    name = commands.literal(script, found.args[0]) or script.text(found.args[0])
    return name if _NOT_SHELL.search(name) is None else None


def _comment_cut(source: bytes, row: int) -> str:
    """Why bash reads ROW as a command of its own when a comment line sits between it and a `\\` continuation above
    (`-f compose.yaml \\` ⏎ `# ... your other overrides` ⏎ `config`): a comment ends the command. "" otherwise."""
    lines = source.split(b"\n")
    above = row - 1
    while above >= 0 and lines[above].lstrip().startswith(b"#"):
        above -= 1
    if above < row - 1 and above >= 0 and lines[above].rstrip().endswith(b"\\"):
        return " (a comment line ends the `\\` continuation above: bash runs this line as a command of its own)"
    return ""


_REPEATED = 3  # a name the program of this many commands on a page is deliberate, not a typo


def _repeated(block: Block, name: str, close: str | None) -> str:
    """Once per page, at the first error on a name that is the program of _REPEATED or more of its commands and no
    typo of a known program (`faas-cli` on every line of OpenFaaS' docs): how to tell docktest it is a real tool.
    A flag or an image where bash reads a command is no tool, however often."""
    page = block.page
    if page is None or name.startswith("-") or "/" in name or close and one_edit(name, close) \
            or page.uses[name] < _REPEATED or name in page.told:
        return ""
    page.told.add(name)
    return (f"; used {page.uses[name]} times on this page: if it is a tool your readers install, list it in "
            "`[tool.docktest] known-commands` (or the MkDocs plugin's option)")
