"""Blocks that are another language's code as a whole: expressions and keywords no shell reads, and no program named."""

from __future__ import annotations

import re

from docktest.extract import not_shell

# A row of an expression language (Ruby's, Python's, a REPL's): a result comment (`1 + 1   #=> 2`), a first word no
# command starts with (`5.times do`, `(1...10) === 5`, `~a`, `:symbol`), an operator between two operands (`a <=> b`,
# `c **= a`; a bare `a = 10` is bash's usual mistake and counts neither way), or a keyword of Ruby's (`puts x`, `end`)
_EXPRESSION = re.compile(r".*#=>.*|[\d(~:].*|\S+[ \t]+(?:[-+*/%^&|<>!=]=|\*\*=?|<=>|===?|=~|<<|>>|&&|\|\||[-+*/%^&|<>])"
                         r"(?:[ \t].*)?|(?:def|end|puts|require|module|unless|elsif|begin|rescue|ensure|attr_\w+)\b.*")


def expressions(rows: list[str]) -> int | None:
    """The index of the first row of ROWS when the block is another language's code: more than half of its rows
    (blank rows and comments aside) are expressions (_EXPRESSION) and none reads as a command (a program, a path, a
    keyword of bash's, a typo of a program's name: `dokcer ps` keeps the block shell, to be reported); else None."""
    meaningful, shaped = [], 0
    for index, row in enumerate(rows):
        stripped = row.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not_shell.command_like(stripped):
            return None  # most blocks are commands, and their first row says so
        meaningful.append(index)
        shaped += _EXPRESSION.fullmatch(stripped) is not None
    return meaningful[0] if meaningful and shaped * 2 > len(meaningful) else None
