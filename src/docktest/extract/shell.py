"""A snippet's shell code → its top-level commands and simple commands, as tree-sitter-bash parses them."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
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
    """Parsed shell code: the tree plus the source bytes its byte offsets point into; with a SPAN, the part of
    it that is one command (its simple commands and here-documents are those inside the span)."""

    source: bytes
    root: Node
    span: tuple[int, int] | None = None  # (start, end) bytes of one command's part of the script

    def text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def part(self, start: int, end: int) -> Script:
        """The command between bytes START and END, read from this parse (not parsed again)."""
        return Script(self.source, self.root, (start, end))

    def holds(self, node: Node) -> bool:
        """Whether NODE starts inside this script's span (any node does when there is none)."""
        return self.span is None or self.span[0] <= node.start_byte < self.span[1]

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
            if self.holds(name):
                found.append(SimpleCommand(name, tuple(node.children_by_field_name("argument")), name.start_point.row))
        return tuple(sorted(found, key=lambda c: c.name.start_byte))

    @cached_property
    def invocations(self) -> tuple[Invocation, ...]:
        """See invocations(): read once, as every rule reads them."""
        return tuple(_invocations(self))

    @cached_property
    def functions(self) -> tuple[tuple[int, str], ...]:
        """(start byte, name) of every function definition."""
        return tuple((n.start_byte, self.text(n)) for n in self._captures.get("function", ()))


@cache
def _query() -> Query:
    return Query(_parser().language, "(command name: (command_name)) @command (function_definition name: (word) @function)")


# tree-sitter-bash 0.25.1 (with tree-sitter 0.26.1) kills the process (SIGSEGV) on some code points above about
# U+2C000 next to a `{` (seen: "w{4\U000f7f12", found by tests/extract/test_extract_properties.py); which ones looks
# random, as an out-of-bounds lookup would. The parser reads a copy with every code point outside the Basic
# Multilingual Plane swapped for U+10000, the lowest (a letter: a word character to bash as they all are) and of the
# same UTF-8 length, so every byte offset still points into the real source.
_OUTSIDE_THE_BMP = re.compile("[\U00010000-\U0010ffff]")
_SAFE_STAND_IN = "\U00010000"
# Two more misreadings of tree-sitter-bash 0.25.1, mended the same way (one byte for one byte, in the copy only):
# a lone `-` word right before `<<` vanishes (`docker build -t x - <<EOF` loses its context argument), and a
# `\word` at the very start of a line is glued to the line before (`echo hi⏎\docker ps` reads as one command).
_DASH_BEFORE_HEREDOC = re.compile(r"(?<=[ \t])-(?=[ \t]+<<)")
_ESCAPED_LINE_START = re.compile(r"(?<=\n)\\(?=[\w./-])")
# And a third: a backquoted substitution that holds only a comment (`` `# Security options` \ `` between a command's
# flags, a known idiom: bash expands it to nothing and the command goes on) reads as a comment to the line's end,
# backquote and `\` too, which ends the command there. The copy has blanks instead, byte for byte.
_COMMENT_SUBSTITUTION = re.compile(r"(?<![^ \t\n])`#[^`\n]*`(?=[ \t\n]|$)")


@lru_cache(maxsize=256)  # extract and check parse the same block
def parse(code: str) -> Script:
    source = code.encode("utf-8")
    parsed = _OUTSIDE_THE_BMP.sub(_SAFE_STAND_IN, code) if _OUTSIDE_THE_BMP.search(code) else code
    parsed = _ESCAPED_LINE_START.sub("_", _DASH_BEFORE_HEREDOC.sub("_", parsed))
    if "`#" in parsed:
        parsed = _COMMENT_SUBSTITUTION.sub(lambda found: " " * len(found.group().encode("utf-8")), parsed)
    return Script(source, _parser().parse(parsed.encode("utf-8")).root_node)


def script_of(command: Script | str) -> Script:
    """COMMAND as parsed: a part of a block's parse as extraction made it, or text (a report's, a test's) parsed now."""
    return command if isinstance(command, Script) else parse(command)


def top_level_commands(script: Script, first_line: int, line_map: tuple[int, ...] | None = None) -> tuple[Command, ...]:
    """One Command per top-level statement, at the file line it starts on.

    `line_map[i]` is the file line of script line i (console blocks); otherwise line i is first_line + i.
    """
    commands = []
    for node, text in top_level(script):
        row = node.start_point.row
        line = line_map[row] if line_map and row < len(line_map) else first_line + row
        commands.append(Command(line=line, text=text))
    return tuple(commands)


def top_level(script: Script) -> Iterator[tuple[Node, str]]:
    """Each top-level statement's node and its text (trailing space dropped), in order: what a Command is made of."""
    for node in script.root.children:
        if node.type in _NOT_COMMANDS or node.is_missing:
            continue
        text = script.text(node).rstrip()
        if text:  # an empty ERROR node (a lone `\` at the end) has nothing to run
            yield node, text


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


@dataclass(frozen=True)
class Invocation:
    """The program a simple command runs once wrappers are peeled off: `sudo env A=1 docker ps` → docker, (ps)."""

    program: str | None  # its literal name ("docker" for docker, "docker", \docker); None when it expands at run time
    name: Node  # the node naming it
    args: tuple[Node, ...]
    wrappers: tuple[str, ...] = ()  # outermost first: ("sudo", "env")
    more_args: bool = False  # arguments also arrive at run time (xargs appends what it reads)


@dataclass(frozen=True)
class _Wrapper:
    """How a command that runs another command reads its own options before that command."""

    valued: frozenset[str] = frozenset()  # options that take the next word (or the rest of the word) as value
    operands: int = 0  # its own arguments before the command (timeout's duration)
    queries: frozenset[str] = frozenset()  # options under which it runs no command (`command -v docker`)
    assignments: bool = False  # NAME=VALUE words before the command (env)


def _options(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WRAPPERS = {
    "sudo": _Wrapper(_options("-u -g -C -D -h -p -r -t -U -T --user --group --close-from --chdir --host --prompt "
                              "--role --type --other-user --command-timeout"),
                     # `-i`, `-s` alone open a shell (no command follows: sudo is the program); `sudo -iu app cmd` runs cmd
                     queries=_options("-v -l -k -K -e -V --validate --list --reset-timestamp "
                                      "--remove-timestamp --edit --version")),
    "env": _Wrapper(_options("-u -C -S --unset --chdir --split-string"), assignments=True),
    "time": _Wrapper(_options("-f -o --format --output")),
    "command": _Wrapper(queries=_options("-v -V")),
    "exec": _Wrapper(_options("-a")),
    "nohup": _Wrapper(),
    "xargs": _Wrapper(_options("-a -d -E -I -L -n -P -s --arg-file --delimiter --eof --replace --max-lines "
                               "--max-args --max-procs --max-chars --process-slot-var")),
    "watch": _Wrapper(_options("-n -q --interval --equexit")),
    "timeout": _Wrapper(_options("-k -s --kill-after --signal"), operands=1),
    "nice": _Wrapper(_options("-n --adjustment")),
}


def invocations(script: Script) -> Iterator[Invocation]:
    """Every simple command as the program it runs, in source order: wrappers (sudo, env, time, xargs…) peeled off.

    A wrapper that runs no command (`command -v docker`, `sudo -v`, `watch 'docker ps'`) is itself the program.
    """
    return iter(script.invocations)


def _invocations(script: Script) -> Iterator[Invocation]:
    for command in script.simple_commands:
        program, name, args = literal(script, command.name), command.name, command.args
        wrappers: list[str] = []
        while program in _WRAPPERS:
            index = _command_index(script, _WRAPPERS[program], args)
            if index is None:
                break
            wrappers.append(program)
            program, name, args = literal(script, args[index]), args[index], args[index + 1 :]
        yield Invocation(program, name, args, tuple(wrappers), "xargs" in wrappers)


def docker_invocations(script: Script) -> Iterator[Invocation]:
    """The docker commands among invocations(): `sudo docker ps`, `"docker" ps`, `\\docker ps` alike."""
    return (found for found in invocations(script) if found.program == "docker")


def _command_index(script: Script, wrapper: _Wrapper, args: tuple[Node, ...]) -> int | None:
    """Where the wrapped command starts among a wrapper's arguments; None when it runs no command we can name."""
    index, operands, options = 0, wrapper.operands, True
    while index < len(args):
        word = literal(script, args[index])  # None: computed at run time
        if options and word == "--":
            options = False
            index += 1
        elif options and word and word.startswith("-") and len(word) > 1:
            taken = _option_words(wrapper, word)
            if taken is None:
                return None
            index += taken
        elif options and wrapper.assignments and word and "=" in word:
            index += 1
        elif operands:
            operands -= 1
            options = False
            index += 1
        elif word is not None and any(c.isspace() for c in word):
            return None  # one word holding spaces is a shell string (`watch 'docker ps'`), not a program name
        else:
            return index
    return None


def _option_words(wrapper: _Wrapper, word: str) -> int | None:
    """How many words an option WORD takes (itself, and its value when that is the next word); None when it makes
    the wrapper run no command. Short options combine as getopt reads them: in `-Hu paperless` `-u` takes the next
    word, in `-uapp` the rest of its own; after a valued option the word ends."""
    if word.split("=", 1)[0] in wrapper.queries:
        return None
    if word.startswith("--") or len(word) == 2:
        return 2 if word in wrapper.valued else 1
    for position, letter in enumerate(word[1:], start=2):
        option = "-" + letter
        if option in wrapper.queries:
            return None
        if option in wrapper.valued:
            return 2 if position == len(word) else 1
    return 1


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
