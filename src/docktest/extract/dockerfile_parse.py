"""How BuildKit reads a Dockerfile block (PyPI `dockerfile`, a binding of its own parser): the instructions, the
parser directives, and the shell each RUN instruction runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import dockerfile

from docktest.model import FileBlock
from docktest.suggest import closest

# BuildKit's instructions (github.com/moby/buildkit frontend/dockerfile/instructions/parse.go)
INSTRUCTIONS = ("FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
                "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL")
DIRECTIVES = ("syntax", "escape", "check")
DIRECTIVE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*")
PREFIX = re.compile(r"\s*(?:ONBUILD\s+)?\S+\s*((?:--\S+\s*)*)", re.I)  # the instruction and its flags
_ONBUILD_FLAGS = re.compile(r"(?i)\s*ONBUILD\s+\S+\s+((?:--\S+\s*)*)")
_POSIX_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"})
_HEREDOC_ONLY = re.compile(r"(?:\s*<<-?(?:\"\w+\"|'\w+'|\w+))+\s*")


@dataclass(frozen=True)
class Parsed:
    """A Dockerfile as BuildKit's parser reads it: its instructions, or the error that stops it (block row, text)."""

    instructions: tuple[dockerfile.Command, ...]
    error: tuple[int, str] | None = None


@lru_cache(maxsize=256)
def parse(code: str) -> Parsed:
    """The block as BuildKit reads it; rows as the block's (an implied `# escape=` line does not count)."""
    implied = "# escape=`\n" if escape_token(code) == "`" and not _has_directive(code, "escape") else ""
    try:
        instructions = dockerfile.parse_string(implied + code)
    except dockerfile.GoParseError as error:
        return Parsed((), (max(1, _error_row(implied + code, str(error)) - bool(implied)), str(error)))
    if implied:
        instructions = tuple(found._replace(start_line=found.start_line - 1, end_line=found.end_line - 1)
                             for found in instructions)
    return Parsed(tuple(instructions))


def escape_token(code: str) -> str:
    """The escape character: the `# escape=` directive's; a backtick for an excerpt of a Windows Dockerfile (rows
    continued with ` whose directive is above the excerpt); else a backslash."""
    rows = code.split("\n")
    for _, match in directives(rows)[0]:
        if match.group(1).lower() == "escape":
            return match.group(2)
    return "`" if any(row.rstrip().endswith(" `") for row in rows) else "\\"


def _has_directive(code: str, name: str) -> bool:
    return any(match.group(1).lower() == name for _, match in directives(code.split("\n"))[0])


def _error_row(code: str, message: str) -> int:
    """The first row at which BuildKit's error appears (the parser names no line): parse ever longer beginnings."""
    rows = code.split("\n")
    for end in range(1, min(len(rows), 300) + 1):
        try:
            dockerfile.parse_string("\n".join(rows[:end]) + "\n")
        except dockerfile.GoParseError as error:
            if str(error) == message:
                return end
    return 1


def name_of(instruction: dockerfile.Command) -> str:
    """The instruction the line gives (for `ONBUILD COPY …`, COPY), upper case."""
    return (instruction.sub_cmd or instruction.cmd).upper()


def flags_of(instruction: dockerfile.Command) -> tuple[str, ...]:
    if instruction.cmd.upper() == "ONBUILD":  # the parser keeps the trigger's flags in its text only
        match = _ONBUILD_FLAGS.match(instruction.original)
        return tuple(match.group(1).split()) if match else ()
    return instruction.flags


def directives(rows: list[str]) -> tuple[list[tuple[int, re.Match]], int]:
    """The leading rows BuildKit reads as parser directives ((row index, match) each), and the index of the first
    row that is none: directives end there, whatever follows."""
    found = []
    for index, row in enumerate(rows):
        match = DIRECTIVE.fullmatch(row) if row.startswith("#") else None
        if match is None or match.group(1).lower() not in DIRECTIVES:
            return found, index
        found.append((index, match))
    return found, len(rows)


# ---- the shell of RUN instructions -------------------------------------------------------------------------------

@dataclass(frozen=True)
class RunScript:
    """The shell one RUN instruction runs: CODE's row i is page line LINES[i]."""

    code: str
    lines: tuple[int, ...]


def run_scripts(block: FileBlock) -> list[RunScript]:
    """The POSIX shell of each RUN (exec form, Windows' escape, a SHELL of another kind aside), as bash reads it:
    continuation lines kept with their page lines, the comment and blank lines BuildKit drops between them left
    out; a bare `RUN <<EOF` gives its here-document, a shell script unless its `#!` names another program."""
    if escape_token(block.code) == "`":  # a Windows Dockerfile: its RUN lines are PowerShell or cmd
        return []
    rows = block.code.split("\n")
    scripts, posix = [], True
    for instruction in parse(block.code).instructions:
        name = name_of(instruction)
        if instruction.cmd.upper() == "FROM":
            posix = True  # each stage starts with /bin/sh -c
        elif name == "SHELL" and instruction.json and instruction.value:
            posix = re.split(r"[\\/]", instruction.value[0])[-1] in _POSIX_SHELLS
        if name != "RUN" or instruction.json or not posix:
            continue
        first, last = instruction.start_line - 1, instruction.end_line - 1
        head = rows[first][PREFIX.match(rows[first]).end():]  # type: ignore[union-attr]
        if instruction.heredocs and _HEREDOC_ONLY.fullmatch(head):
            body = list(range(first + 1, last))  # the here-document is the script; its last row ends it
            shebang = rows[body[0]] if body else ""
            if shebang.startswith("#!") and re.split(r"[\s/]+", shebang.strip())[-1] not in _POSIX_SHELLS:
                continue
            kept = [(index, rows[index]) for index in body]
        else:
            kept = [(first, head)] + [(index, rows[index]) for index in range(first + 1, last + 1)
                                      if instruction.heredocs or (rows[index].strip()
                                                                  and not rows[index].lstrip().startswith("#"))]
        if kept:
            scripts.append(RunScript("".join(text + "\n" for _, text in kept),
                                     tuple(block.start_line + index for index, _ in kept)))
    return scripts


def not_a_dockerfile(code: str) -> bool:
    """Whether the block has lines yet none starts with an instruction or a near miss of one (`FORM`): commands or a
    transcript in a ```dockerfile fence (`docker build …`, `C:\\> …`), or a script (`#!/bin/sh`: a Dockerfile's first
    line is at most a `# syntax=` directive). An empty or all-comment excerpt is a Dockerfile."""
    if code.lstrip().startswith("#!"):
        return True
    words = [row.split(None, 1)[0] for row in code.split("\n") if row.strip() and not row.lstrip().startswith("#")]
    return bool(words) and not any(word.upper() in INSTRUCTIONS or word in ("...", "…")
                                   or (word.isalpha() and closest(word.upper(), INSTRUCTIONS)) for word in words)
