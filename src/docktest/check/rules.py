"""Static checks, one function per rule (listed in SNIPPET_RULES and PAGE_RULES): a page's snippets → Findings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from docktest.extract import shell as commands
from docktest.check import docker_cli, docker_table
from docktest.extract import markdown
from docktest.model import Finding, Snippet
from docktest.suggest import closest, did_you_mean

_JAMO = re.compile(r"[\u3131-\u318E]")
# `{컨테이너 이름}`: not `${var}`, `{a,b}`, `{1..3}`, `{ cmd; }`, `{}` or a Go template's `{{.ID}}`.
_CURLY = re.compile(rb"(?<![$\w{])\{(?![\s.])([^{}\n,$]*?[^{}\s,$])\}(?!\})")
# `<이미지 ID>`: not `<<EOF`, `<(cmd)`, `< file`, `2>&1`.
_ANGLE = re.compile(rb"(?<![<\w])<(?![<(&\s])([^<>\n]*?[^<>\s])>(?![>&])")
_OPAQUE = '"${DOCKTEST_PLACEHOLDER}"'  # what an unbound placeholder reads as to the other rules: unknowable
_NOT_PLACEHOLDER_NODES = ("comment", "raw_string", "heredoc_body")
_SHELLCHECK_IGNORED = "SC2148,SC1090,SC1091,SC2164"  # snippets have no shebang; sourced files are elsewhere


@cache
def _word_list(name: str) -> frozenset[str]:
    text = resources.files("docktest").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def known_commands() -> frozenset[str]:
    """Builtins, keywords and the sandbox images' executables."""
    return _word_list("bash-builtins.txt") | _word_list("sandbox-commands.txt")


@cache
def _docker_tree() -> dict | None:
    return docker_table.load()


@dataclass
class Block:
    """One snippet as the rules see it: placeholders substituted, parsed, each row's file line."""

    snippet: Snippet
    script: commands.Script
    lines: tuple[int, ...]  # file line of each script row
    unbound: list[tuple[int, str]]  # (row, "{name}") placeholders no marker binds
    defined: set[str] = field(default_factory=set)  # functions and aliases defined earlier on the page

    def line(self, row: int) -> int:
        return self.lines[min(row, len(self.lines) - 1)]


def check_page(path: str, text: str, snippets: list[Snippet], *, shellcheck: bool = False) -> list[Finding]:
    page = markdown.parse_page(path, text)
    findings = list(page.findings)
    for rule in PAGE_RULES:
        findings.extend(rule(path, page))
    defined: set[str] = set()
    for snippet in snippets:
        block = _block(snippet, defined)
        for snippet_rule in SNIPPET_RULES + ((shellcheck_rule,) if shellcheck else ()):
            findings.extend(snippet_rule(block))
        defined |= {name for _, name in block.script.functions} | _aliases(block.script)
    return sorted(findings, key=lambda f: f.line)


def _block(snippet: Snippet, defined: set[str]) -> Block:
    code, lines = markdown.runnable_code(snippet.code, snippet.lang, snippet.start_line)
    script = commands.parse(code)
    bound = snippet.options.get("placeholders", {})
    source, unbound = _substitute(script, bound)
    if source != script.source:
        script = commands.parse(source.decode("utf-8"))
    return Block(snippet, script, lines or (snippet.start_line,), unbound, set(defined))


def _substitute(script: commands.Script, bound: dict[str, str]) -> tuple[bytes, list[tuple[int, str]]]:
    """Replace placeholders by their marker values (unbound ones by an opaque expansion)."""
    source = script.source
    matches = [(match, shown) for pattern, shown in ((_CURLY, "{%s}"), (_ANGLE, "<%s>"))
               for match in pattern.finditer(source)]
    if not matches:
        return source, []
    skip = _ranges(script, _NOT_PLACEHOLDER_NODES)
    unbound = []
    pieces = []
    last = 0
    for match, shown in matches:
        if any(start <= match.start() < end for start, end in skip):
            continue
        name = match.group(1).decode("utf-8", "replace")
        if ".." in name:  # brace expansion {1..3}
            continue
        if name in bound:
            value = bound[name].encode("utf-8")
        else:
            value = _OPAQUE.encode()
            unbound.append((source.count(b"\n", 0, match.start()), shown % name))
        pieces.append((match.start(), match.end(), value))
    out = bytearray()
    for start, end, value in sorted(pieces):
        if start < last:
            continue
        out += source[last:start] + value
        last = end
    out += source[last:]
    return bytes(out), unbound


def _ranges(script: commands.Script, types: tuple[str, ...]) -> list[tuple[int, int]]:
    found = []
    stack = [script.root]
    while stack:
        node = stack.pop()
        if node.type in types:
            found.append((node.start_byte, node.end_byte))
        else:
            stack.extend(node.children)
    return found


def _aliases(script: commands.Script) -> set[str]:
    names: set[str] = set()
    for command in script.simple_commands:
        if script.text(command.name) == "alias":
            names |= _alias_names(script, command)
    return names


def _alias_names(script: commands.Script, command: commands.SimpleCommand) -> set[str]:
    values = (commands.literal(script, arg) for arg in command.args)
    return {value.split("=", 1)[0] for value in values if value and "=" in value}


def _finding(block: Block, row: int, rule: str, message: str, suggestion: str | None = None,
             severity: str = "error") -> Finding:
    return Finding(block.snippet.path, block.line(row), severity, rule, message, suggestion)  # type: ignore[arg-type]


# --- snippet rules -------------------------------------------------------------------------------

def syntax_rule(block: Block) -> Iterator[Finding]:
    """Bash syntax errors; tree-sitter flags candidates, `bash -n` (parse only) confirms them."""
    if not block.script.has_error:
        return
    error = commands.bash_syntax_error(block.script)
    if error is not None:
        row, message = error
        yield _finding(block, row, "syntax", f"bash syntax error: {message}")


def unknown_command_rule(block: Block) -> Iterator[Finding]:
    """Command words that are no builtin, no earlier function or alias and no executable of the sandbox."""
    known = known_commands()
    script = block.script
    aliases: set[str] = set()
    for command in script.simple_commands:
        name = commands.literal(script, command.name)
        if name == "alias":
            aliases |= _alias_names(script, command)
        if not name or "/" in name or "=" in name or name in known or name in block.defined or name in aliases:
            continue
        if any(start < command.name.start_byte and fname == name for start, fname in script.functions):
            continue
        close = closest(name, sorted(known), cutoff=0.75)
        yield _finding(block, command.row, "unknown-command", f"unknown command '{name}'{did_you_mean(close)}", close)


def docker_rule(block: Block) -> Iterator[Finding]:
    """docker subcommands, flags and required arguments, against the sandbox's docker CLI (see docker_table)."""
    tree = _docker_tree()
    if tree is None:
        return
    script = block.script
    for command in script.simple_commands:
        if script.text(command.name) != "docker":
            continue
        args = [commands.literal(script, arg) for arg in command.args]
        for problem in docker_cli.check(tree, args):
            node = command.args[problem.index] if problem.index < len(command.args) else command.name
            yield _finding(block, node.start_point.row, "docker", problem.message, problem.suggestion)


def placeholder_rule(block: Block) -> Iterator[Finding]:
    for row, shown in block.unbound:
        name = shown[1:-1]
        yield _finding(block, row, "placeholder",
                       f"placeholder {shown} has no value: add `placeholders: {{{name}: …}}` to a docktest marker")


def shellcheck_rule(block: Block) -> Iterator[Finding]:
    """shellcheck's findings, as warnings (opt-in: `--shellcheck`)."""
    binary = shutil.which("shellcheck")
    if binary is None:
        return
    proc = subprocess.run([binary, "--shell=bash", "--format=json1", f"--exclude={_SHELLCHECK_IGNORED}", "-"],
                          input=block.script.source, capture_output=True, timeout=30)
    for comment in json.loads(proc.stdout or b'{"comments": []}')["comments"]:
        yield _finding(block, comment["line"] - 1, "shellcheck",
                       f"SC{comment['code']}: {comment['message']}", severity="warning")


def workdir_rule(block: Block) -> Iterator[Finding]:
    """A marker's workdir must be a folder next to the page (checked when the page is on disk)."""
    workdir = block.snippet.options.get("workdir")
    page = Path(block.snippet.path)
    if workdir and page.is_file() and not (page.parent / workdir).is_dir():
        yield Finding(block.snippet.path, max(1, block.snippet.start_line - 1), "error", "marker",
                      f"workdir '{workdir}' is not a folder next to {page.as_posix()}")


SNIPPET_RULES: tuple[Callable[[Block], Iterator[Finding]], ...] = (
    syntax_rule, unknown_command_rule, docker_rule, placeholder_rule, workdir_rule)


# --- page rules ----------------------------------------------------------------------------------

def jamo_rule(path: str, page: markdown.Page) -> Iterator[Finding]:
    """A lone Hangul compatibility jamo in prose (like a trailing 'ㅉ') is almost always a typo."""
    for line, text in page.prose:
        for match in _JAMO.finditer(text):
            yield Finding(path, line, "warning", "stray-jamo",
                          f"stray Hangul jamo '{match.group()}' (a typo?)")


PAGE_RULES: tuple[Callable[[str, markdown.Page], Iterator[Finding]], ...] = (jamo_rule,)

