"""A snippet's shell code → its top-level commands and simple commands, as tree-sitter-bash parses them."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import tree_sitter_bash
from tree_sitter import Language, Node, Parser, Query, QueryCursor

from docktest.model import Command

# Node types whose text is known without running anything.
_LITERAL_TYPES = frozenset({"word", "raw_string", "number"})
# Top-level nodes that are not commands.
_NOT_COMMANDS = frozenset({"comment", ";", "&", ";;", "\n"})
_BASH_LINE = re.compile(r"line (\d+): (.*)")


@cache
def _parser() -> Parser:
    return Parser(Language(tree_sitter_bash.language()))


@dataclass(frozen=True)
class SimpleCommand:
    """A command node anywhere in the script (inside $(...), pipelines, lists): its name and arguments."""

    name: Node
    args: tuple[Node, ...]
    row: int  # 0-based row in the script


@dataclass(frozen=True)
class Script:
    """Parsed shell code: the tree plus the source bytes its byte offsets point into."""

    source: bytes
    root: Node

    def text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")

    @property
    def has_error(self) -> bool:
        return self.root.has_error

    @cached_property
    def _captures(self) -> dict[str, list[Node]]:
        return QueryCursor(_query()).captures(self.root)

    @cached_property
    def simple_commands(self) -> tuple[SimpleCommand, ...]:
        """Every simple command in source order, nested ones included."""
        found = []
        for node in self._captures.get("command", ()):
            name = node.child_by_field_name("name")
            found.append(SimpleCommand(name, tuple(node.children_by_field_name("argument")), name.start_point.row))
        return tuple(sorted(found, key=lambda c: c.name.start_byte))

    @cached_property
    def functions(self) -> tuple[tuple[int, str], ...]:
        """(start byte, name) of every function definition."""
        return tuple((n.start_byte, self.text(n)) for n in self._captures.get("function", ()))


@cache
def _query() -> Query:
    return Query(_parser().language, "(command name: (command_name)) @command (function_definition name: (word) @function)")


@lru_cache(maxsize=256)  # extract and check parse the same block
def parse(code: str) -> Script:
    source = code.encode("utf-8")
    return Script(source, _parser().parse(source).root_node)


def top_level_commands(script: Script, first_line: int, line_map: tuple[int, ...] | None = None) -> tuple[Command, ...]:
    """One Command per top-level statement, at the file line it starts on.

    `line_map[i]` is the file line of script line i (console blocks); otherwise line i is first_line + i.
    """
    commands = []
    for node in script.root.children:
        if node.type in _NOT_COMMANDS or node.is_missing:
            continue
        row = node.start_point.row
        line = line_map[row] if line_map and row < len(line_map) else first_line + row
        commands.append(Command(line=line, text=script.text(node).rstrip()))
    return tuple(commands)


def literal(script: Script, node: Node) -> str | None:
    """The node's value when it has no expansion in it (a plain word, '…', "…" without $), else None."""
    if node.type == "command_name" and node.child_count == 1:
        return literal(script, node.children[0])
    if node.type in _LITERAL_TYPES:
        text = script.text(node)
        if node.type == "raw_string":
            return text[1:-1]
        return None if "$" in text or "`" in text else text.replace("\\", "")
    if node.type == "string":
        if any(c.type not in ('"', "string_content") for c in node.children):
            return None
        return script.text(node)[1:-1]
    if node.type == "concatenation":
        parts = [literal(script, c) for c in node.children]
        return None if None in parts else "".join(parts)  # type: ignore[arg-type]
    return None


def error_row(script: Script) -> int:
    """The first row tree-sitter marks as ERROR or MISSING."""
    stack = [script.root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            return node.start_point.row
        stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))
    return 0


def bash_syntax_error(script: Script) -> tuple[int, str] | None:
    """`bash -n` (parse only, nothing runs) on the script: (0-based row, message) or None when it parses."""
    proc = subprocess.run(["bash", "-n"], input=script.source, capture_output=True, timeout=10)
    if proc.returncode == 0:
        return None
    stderr = proc.stderr.decode("utf-8", "replace")
    for line in stderr.splitlines():
        match = _BASH_LINE.search(line)
        if match:
            return int(match.group(1)) - 1, match.group(2)
    return error_row(script), stderr.strip() or "syntax error"
