"""Script-fenced blocks that are terminal transcripts all the same, though their first line is no `$ ` prompt: `$ `
commands with their output under them after a caption, output or an unprompted first command, and a command
continued at bash's `> ` prompt (PS2), as the terminal echoes it. Judged from the whole block."""

from __future__ import annotations

from docktest.extract import not_shell
from docktest.extract.lines import command_starts
from docktest.extract.prompts import has_posix_prompt


def as_transcript(rows: list[str], meaningful: list[str]) -> str | None:
    """The block's code to read as a transcript (its first command given the `$ ` the page left out), or None when
    the block reads as a script. A script with a stray `$ ` line or two and no output stays a script (its
    prompt-in-script error stands); so does one that redirects at a `> ` line (`echo hi \\` ⏎ `> out.log`)."""
    if not meaningful:
        return None
    first = rows.index(meaningful[0])
    if _continued_at_ps2(rows, first) or _prompts_with_output(rows, first):
        if not not_shell.command_like(rows[first]):
            return "\n".join(rows) + "\n"  # a caption or output first: it belongs to no command
        indent = rows[first][: len(rows[first]) - len(rows[first].lstrip())]
        return "\n".join(rows[:first] + [f"{indent}$ {rows[first].lstrip()}"] + rows[first + 1:]) + "\n"
    return None


def _continued_at_ps2(rows: list[str], first: int) -> bool:
    """Whether the first command ends in `\\` and goes on over two `> ` rows at least (`docker run \\` ⏎ `> --rm \\`
    ⏎ `> test`): bash's continuation prompt echoed by the terminal. Two redirections in a row are no script."""
    return (rows[first].rstrip().endswith("\\") and not has_posix_prompt(rows[first])
            and len(rows) > first + 2 and all(row.startswith("> ") for row in rows[first + 1: first + 3]))


def _prompts_with_output(rows: list[str], first: int) -> bool:
    """Whether two rows at least are `$ ` prompts and a row where bash would start a command, below the first
    command, reads as none (output: `Trying 127.0.0.1...`, `NO_HEADERS  null  Struct{…}`)."""
    if sum(row.lstrip().startswith("$ ") for row in rows) < 2:
        return False
    output: list[int] = []

    def take(index: int, row: str) -> bool:
        if index > first and row.strip() and not row.lstrip().startswith(("#", "$ ")) and not not_shell.command_like(row):
            output.append(index)
        return False

    command_starts(rows, take)
    return bool(output)
