"""Commands a terminal cut mid-word onto the next row as it wrapped them (`docker service logs -f slave-1_sl` ⏎
`ave-db`, `docker stack deploy -c docker-compose-` ⏎ `slave-1.yaml slave1`): one command, not a command and output."""

from __future__ import annotations

import re

from docktest.extract import not_shell

_WORD = re.compile(r"[\w.:/@-]*[\w-]")  # a cut word's half: no quote, no `\` after it
# a run of letters and digits no dictionary holds, past hexadecimal (a join token's `8f9n1f642g6edu6j2eqrgdvr9`)
_TOKEN = re.compile(r"(?=[^-]*\d)(?=[^-]*[g-z])[0-9a-z]{6,}")
_TERMINAL_WIDE = 70  # a cut token counts on a line about as wide as a terminal (the prompt not counted)


def cut_mid_word(line: str, next_row: str, indent: str, block: str) -> bool:
    """Whether LINE (a command's last line, without its prompt and INDENT) goes on, cut mid-word, at NEXT_ROW: the
    next row, at the same indent, reads as no command, and LINE ends in a word's hyphen (`docker-compose-`), or the
    two halves make a word BLOCK shows whole elsewhere (`slave-1_slave-db` in the log under it), or both are halves
    of a token (`SWMTKN-…-8f9n1f642` ⏎ `g6edu6j2eqrgdvr9 192.168.100.10:2377`) on a line as wide as a terminal."""
    if not line or line[-1].isspace() or not next_row.strip() or not next_row.startswith(indent) or next_row[len(indent):][:1].isspace():
        return False
    cut, rest = line.rsplit(maxsplit=1)[-1].split("=")[-1], next_row.split(maxsplit=1)[0]
    if not _WORD.fullmatch(cut) or not _WORD.fullmatch(rest):
        return False
    # kubectl's `key:NoSchedule-`, `label-` remove a taint or a label, and it answers `node/name untainted`
    return ((cut[-1] == "-" and cut[:-1][-1:].isalnum() and "/" not in rest or len(cut + rest) >= 8 and cut + rest in block
             or len(line) >= _TERMINAL_WIDE and _TOKEN.fullmatch(cut.split("-")[-1]) is not None
             and _TOKEN.fullmatch(rest) is not None)
            and not not_shell.command_like(next_row))


def joined_rows(rows: list[str], block: str) -> tuple[list[str], list[int]]:
    """ROWS of a script with each row a terminal cut joined onto the row above (its own row left blank, so rows keep
    their file lines), and the indices of the rows that go on."""
    cuts = [index for index in range(len(rows) - 1) if rows[index + 1].strip() and (rows[index][-1:].isalnum() or rows[index][-1:] == "-")
            and cut_mid_word(rows[index].lstrip(), rows[index + 1], _indent(rows[index]), block)]
    if not cuts:
        return rows, []
    joined = list(rows)
    for index in reversed(cuts):
        joined[index] += joined[index + 1][len(_indent(rows[index])):]
        joined[index + 1] = ""
    return joined, cuts


def _indent(row: str) -> str:
    return row[: len(row) - len(row.lstrip())]
