"""An experiment log written at a `> ` prompt: nearly every command typed after `> `, its output (JSON, tables,
errors) under it, and now and then a command whose `> ` the author left out. Judged from the whole block."""

from __future__ import annotations

import re

from docktest.extract import not_shell
from docktest.extract.prompts import angle_prompt

# A row of JSON's brackets alone (`[`, `    {`, `]`, `},`, `[]`): output, though bash reads `[` and `{` as commands
_BRACKETS = re.compile(r"[ \t]*[\[\]{}]{1,2},?[ \t]*")
_PROMPTS_PER_UNPROMPTED = 4  # at most one command without `> ` per this many with it: a slip, not a script


def angle_session(starts: list[str]) -> bool:
    """Whether the rows where bash would start a command (STARTS, the first of them a `> ` prompt) are a session at
    the `> ` prompt: three prompts at least, output under them (a row that reads as no command), and few commands
    without the prompt. A script with a stray `> docker ps` or two has no output, or as many bare commands."""
    prompted = unprompted = output = 0
    for row in starts:
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        if angle_prompt(row):
            prompted += 1
        elif _BRACKETS.fullmatch(row) or not not_shell.command_like(row):
            output += 1
        else:
            unprompted += 1
    return prompted >= 3 and output > 0 and unprompted * _PROMPTS_PER_UNPROMPTED <= prompted
