"""Material content tabs (`=== "x"`, `===+ "x"`): parsed like admonitions of the same width, their code given back."""

from __future__ import annotations

import re

_TAB = re.compile(r"^([ \t>]*)(===\+?)([ \t]+\S)", re.M)
_TAB_AS_ADMONITION = {"===": "!!!", "===+": "???+"}


def as_admonitions(source: str) -> str:
    """SOURCE with each content tab's opening line written as an admonition's (the same object when there is none)."""
    return _TAB.sub(lambda m: m.group(1) + _TAB_AS_ADMONITION[m.group(2)] + m.group(3), source)


def restore(content: str, original: list[str], first_code_row: int) -> str:
    """Undo the tab→admonition rewrite inside code: take back the original text of rewritten lines."""
    lines = content.split("\n")
    for i, line in enumerate(lines):
        row = first_code_row + i
        if row < len(original) and ("!!!" in line or "???+" in line):
            src = original[row]
            for marker, admonition in _TAB_AS_ADMONITION.items():
                if admonition in line and marker in src:
                    lines[i] = line.replace(admonition, marker, 1)
                    break
    return "\n".join(lines)
