"""Placeholders (`{컨테이너 이름}`, `<이미지 ID>`) → their marker values: the one substitution check and run share.

Placeholders inside comments, single quotes and here-documents are text, not placeholders: bash never
expands them, so neither does docktest (`echo '{name}'` prints `{name}`, checked and run alike).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from docktest.extract import shell

# `{컨테이너 이름}`: not `${var}`, `{a,b}`, `{1..3}`, `{ cmd; }`, `{}` or a Go template's `{{.ID}}`.
_CURLY = re.compile(rb"(?<![$\w{])\{(?![\s.])([^{}\n,$]*?[^{}\s,$])\}(?!\})")
# `<이미지 ID>`: not `<<EOF`, `<(cmd)`, `< file`, `2>&1`.
_ANGLE = re.compile(rb"(?<![<\w])<(?![<(&\s])([^<>\n]*?[^<>\s])>(?![>&])")
_NOT_PLACEHOLDER_NODES = ("comment", "raw_string", "heredoc_body")


@dataclass(frozen=True)
class Substitution:
    text: str  # the code with every bound placeholder replaced by its value, verbatim (so `$(…)` still runs)
    unbound: tuple[tuple[int, str], ...]  # (0-based row, "{name}") of placeholders no marker binds


def substitute(code: str, bound: Mapping[str, str], unbound_as: str | None = None) -> Substitution:
    """CODE with its placeholders replaced: bound ones by their value, unbound ones by UNBOUND_AS (None: kept)."""
    source = code.encode("utf-8")
    matches = [(match, shown) for pattern, shown in ((_CURLY, "{%s}"), (_ANGLE, "<%s>"))
               for match in pattern.finditer(source)]
    if not matches:
        return Substitution(code, ())
    skip = literal_ranges(shell.parse(code))
    unbound = []
    pieces = []
    for match, shown in matches:
        if any(start <= match.start() < end for start, end in skip):
            continue
        name = match.group(1).decode("utf-8", "replace")
        if ".." in name:  # brace expansion {1..3}
            continue
        if name in bound:
            pieces.append((match.start(), match.end(), str(bound[name]).encode("utf-8")))
            continue
        unbound.append((source.count(b"\n", 0, match.start()), shown % name))
        if unbound_as is not None:
            pieces.append((match.start(), match.end(), unbound_as.encode("utf-8")))
    out = bytearray()
    last = 0
    for start, end, value in sorted(pieces):
        if start < last:
            continue
        out += source[last:start] + value
        last = end
    out += source[last:]
    return Substitution(out.decode("utf-8"), tuple(unbound))


def literal_ranges(script: shell.Script) -> list[tuple[int, int]]:
    """Byte ranges bash reads as plain text, never as commands or placeholders: comments, '…', here-documents."""
    found = []
    stack = [script.root]
    while stack:
        node = stack.pop()
        if node.type in _NOT_PLACEHOLDER_NODES:
            found.append((node.start_byte, node.end_byte))
        else:
            stack.extend(node.children)
    return found
