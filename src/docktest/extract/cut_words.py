"""Commands a terminal cut mid-word onto the next row as it wrapped them (`docker service logs -f slave-1_sl` ⏎
`ave-db`, `docker stack deploy -c docker-compose-` ⏎ `slave-1.yaml slave1`): one command, not a command and output."""

from __future__ import annotations

import re

from docktest.extract import not_shell

_WORD = re.compile(r"[\w.:/@-]*[\w-]")  # a cut word's half: no quote, no `\` after it
# a run of letters and digits no dictionary holds, past hexadecimal (a join token's `8f9n1f642g6edu6j2eqrgdvr9`)
_TOKEN = re.compile(r"(?=[^-]*\d)(?=[^-]*[g-z])[0-9a-z]{6,}")
_TERMINAL_WIDE = 70  # a cut token counts on a line about as wide as a terminal (the prompt not counted)
# a script's rows worth a look, each found in one pass over the block: a row of one word, one as wide as a terminal
_ONE_WORD_ROW = re.compile(r"\n[ \t]*[\w.:/@-]+[ \t]*(?=\n|\Z)")
_WIDE_ROW = re.compile(rf"^.{{{_TERMINAL_WIDE},}}\n", re.MULTILINE)


def cut_mid_word(line: str, next_row: str, indent: str, block: str) -> bool:
    """Whether LINE (a command's last line, without its prompt and INDENT) goes on, cut mid-word, at NEXT_ROW: the
    next row, at the same indent, reads as no command, and LINE ends in a word's hyphen (`docker-compose-`), or the
    two halves make a word BLOCK shows whole elsewhere (`slave-1_slave-db` in the log under it), or both are halves
    of a token (`SWMTKN-…-8f9n1f642` ⏎ `g6edu6j2eqrgdvr9 192.168.100.10:2377`) on a line as wide as a terminal."""
    if not line or line[-1].isspace() or not next_row[len(indent):][:1].strip() or not next_row.startswith(indent):
        return False
    cut, rest = line.rsplit(maxsplit=1)[-1].split("=")[-1], next_row.split(maxsplit=1)[0]
    if not cut:
        return False
    # kubectl's `key:NoSchedule-`, `label-` remove a taint or a label, and it answers `node/name untainted`
    return ((cut[-1] == "-" and cut[:-1][-1:].isalnum() and "/" not in rest
             or len(cut + rest) >= 8 and cut + rest in block
             or len(line) >= _TERMINAL_WIDE and _TOKEN.fullmatch(cut.split("-")[-1]) is not None
             and _TOKEN.fullmatch(rest) is not None)
            and _WORD.fullmatch(cut) is not None and _WORD.fullmatch(rest) is not None
            and not not_shell.command_like(next_row))


def joined_rows(rows: list[str], block: str) -> tuple[list[str], list[int]]:
    """ROWS of a script with each row a terminal cut joined onto the row above (its own row left blank, so rows keep
    their file lines), and the indices of the rows that go on. Only a row that ends in a hyphen, is as wide as a
    terminal, or has one word under it is looked at (the rest of a cut word alone on its row: `ave-db`)."""
    if "-\n" not in block and _ONE_WORD_ROW.search(block) is None and _WIDE_ROW.search(block) is None:
        return rows, []
    cuts = [index for index, (row, below) in enumerate(zip(rows, rows[1:]))
            if below and (row[-1:].isalnum() or row[-1:] == "-")
            and (row[-1] == "-" or len(row) >= _TERMINAL_WIDE or " " not in below.strip())
            and cut_mid_word(row.lstrip(), below, _indent(row), block)]
    if not cuts:
        return rows, []
    joined = list(rows)
    for index in reversed(cuts):
        joined[index] += joined[index + 1][len(_indent(rows[index])):]
        joined[index + 1] = ""
    return joined, cuts


def _indent(row: str) -> str:
    return row[: len(row) - len(row.lstrip())]
