"""A table a command prints, pasted right under it in a script (`brctl show`: `bridge name   bridge id   STP enabled`
over rows led by an interface's name, `docker0   8000.024273367085   no   vethac20fa0`): its rows are output, whatever
names lead them, though its header is not the capitals output_lines knows."""

from __future__ import annotations

import re

from docktest.extract import not_shell

_GAP = re.compile(r"\S(?: {2,}|\t+)(?=\S)")  # a gap between two columns
_ROWS = 3  # a table: its header and two rows at least


def table_rows(rows: list[str], block: str, output: list[int]) -> list[int]:
    """The rows of ROWS (the text BLOCK, OUTPUT already known) that are a table under the command right above it:
    three rows or more, each of three columns at least, one of them at least reading as no command (a run of commands
    aligned in columns is a script)."""
    if block.count("  ") + block.count("\t") < 2 * _ROWS or len(_GAP.findall(block)) < 2 * _ROWS:  # too few gaps
        return []
    found: list[int] = []
    known = set(output)
    index = 0
    while index < len(rows):
        end = index + 1
        while end < len(rows) and end not in known and _columned(rows[end]):
            end += 1
        command = rows[index]
        if (end - index - 1 >= _ROWS and index not in known and not command.rstrip().endswith("\\")
                and not command.lstrip().startswith("#") and not_shell.command_like(command)
                and not all(not_shell.command_like(rows[row]) for row in range(index + 1, end))):
            found.extend(range(index + 1, end))
        index = end
    return found


def _columned(row: str) -> bool:
    return ("  " in row or "\t" in row) and not row.lstrip().startswith("#") and len(_GAP.findall(row.strip())) >= 2
