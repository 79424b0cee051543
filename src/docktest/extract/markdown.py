"""Markdown pages → shell-family Snippets with their file lines and marker options; nothing else."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from docktest.extract import shell as commands
from docktest.extract import markers
from docktest.extract.expected import OUTPUT_LANGS, OUTPUT_MARKER, OutputBlock, output_block, transcript
from docktest.model import Finding, Snippet, UsageError

SHELL_LANGS = frozenset({"bash", "sh", "shell", "zsh", "console"})
_SHELL_SCRIPT_LANGS = SHELL_LANGS - {"console"}  # a console block pastes its output under each command
# Material content tabs (`=== "x"`, `===+ "x"`) parse like admonitions of the same width.
_TAB = re.compile(r"^([ \t>]*)(===\+?)([ \t]+\S)", re.M)
_TAB_AS_ADMONITION = {"===": "!!!", "===+": "???+"}
_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


@dataclass(frozen=True)
class Page:
    """What one parse of a page gives the later stages."""

    snippets: tuple[Snippet, ...]
    findings: tuple[Finding, ...]  # marker problems
    prose: tuple[tuple[int, str], ...]  # (file line, text) of lines outside code, comments and front matter
    outputs: tuple[OutputBlock, ...] = ()  # `<!-- docktest output -->` blocks, each after its shell block


def find_pages(paths: Sequence[str]) -> list[Path]:
    """The Markdown files named or found (recursively) under the given paths, sorted."""
    pages: set[Path] = set()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = [p for p in path.rglob("*.md") if p.is_file()]
            if not found:
                raise UsageError(f"{name}: no Markdown (*.md) files in this directory")
            pages.update(found)
        elif path.is_file():
            pages.add(path)
        else:
            raise UsageError(f"{name}: no such file or directory")
    return sorted(pages)


def read_page(path: str) -> str:
    """The page's text, decoded as UTF-8 (a BOM dropped); parse_page normalises its line endings."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not UTF-8 (byte {error.start}); save the page as UTF-8") from None


def extract_page(path: str, text: str | None = None) -> list[Snippet]:
    if text is None:
        text = read_page(path)
    return list(parse_page(Path(path).as_posix(), text).snippets)


@cache
def _markdown() -> MarkdownIt:
    # block structure is all that matters here: inline parsing would only cost time
    return MarkdownIt("commonmark").use(front_matter_plugin).use(admon_plugin).disable(["inline", "text_join"])


def _normalise(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=64)  # extract and check of the same page parse it once
def parse_page(path: str, text: str) -> Page:
    source = _normalise(text)
    tabs = _TAB.sub(lambda m: m.group(1) + _TAB_AS_ADMONITION[m.group(2)] + m.group(3), source)
    tokens = _markdown().parse(tabs)
    page_options: dict = {}
    findings: list[Finding] = []
    snippets: list[Snippet] = []
    not_prose: set[int] = set()
    marker: dict | None = None  # options of the marker waiting for its fence
    marker_line = 0
    outputs: list[OutputBlock] = []
    output_marker_line = 0  # an output marker waiting for its ```text block
    previous = None  # the block before this one (only blank lines lie between block tokens)
    for token in tokens:
        if token.map is None:
            continue
        first, end = token.map
        before, previous = previous, token
        if output_marker_line:
            if token.type == "fence" and _lang(token.info) in OUTPUT_LANGS:
                not_prose.update(range(first, end))
                outputs.append(output_block(snippets[-1].id, token.content, first + 2))
                output_marker_line = 0
                continue
            findings.append(_misplaced_output(path, output_marker_line))
            output_marker_line = 0
        if token.type == "html_block" and OUTPUT_MARKER.match(token.content):
            not_prose.update(range(first, end))
            if before is not None and before.type == "fence" and _lang(before.info) in _SHELL_SCRIPT_LANGS:
                output_marker_line = first + 1
            else:
                findings.append(_misplaced_output(path, first + 1))
            continue
        if token.type == "front_matter":
            not_prose.update(range(first, end))
            page_options, problems = markers.page_marker(token.content, first + 2, path)
            findings.extend(problems)
            continue
        if token.type == "html_block":
            not_prose.update(range(first, end))
            parsed = markers.block_marker(token.content, first + 1, path)
            if parsed is not None:
                if marker is not None:
                    findings.append(_orphan(path, marker_line))
                marker, problems = parsed
                marker_line = first + 1
                findings.extend(problems)
            continue
        if token.type in ("fence", "code_block"):
            not_prose.update(range(first, end))
        if token.type == "fence" and _lang(token.info) in SHELL_LANGS:
            code = _restore_tabs(token.content, source, first + 1) if tabs is not source else token.content
            # an empty fence on the file's last line has no code line: point at the fence itself
            start_line = min(first + 2, source.count("\n") + 1)
            snippets.append(_snippet(path, len(snippets) + 1, start_line, _lang(token.info), code,
                                     markers.merge(page_options, marker or {})))
            marker = None
        elif marker is not None:
            findings.append(_orphan(path, marker_line))
            marker = None
    if marker is not None:
        findings.append(_orphan(path, marker_line))
    if output_marker_line:
        findings.append(_misplaced_output(path, output_marker_line))
    lines = source.split("\n")
    prose = tuple((i + 1, _INLINE_CODE.sub("", line)) for i, line in enumerate(lines) if i not in not_prose)
    return Page(tuple(snippets), tuple(findings), prose, tuple(outputs))


def _orphan(path: str, line: int) -> Finding:
    return Finding(path, line, "error", markers.RULE,
                   "docktest marker is not right before a shell code block (```bash, sh, shell, zsh or console)")


def _misplaced_output(path: str, line: int) -> Finding:
    return Finding(path, line, "error", markers.RULE, "docktest output marker is not between a shell code block "
                   "(```bash, sh, shell or zsh) and the ```text (or ```output) block of what it prints")


def _lang(info: str) -> str:
    """The fence's language: `bash title="x"` → bash, `{.bash .extra}` → bash."""
    word = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    if word.startswith("{"):
        match = re.search(r"\.([\w+-]+)", info)
        word = match.group(1) if match else ""
    return word.lower()


def _restore_tabs(content: str, source: str, first_code_row: int) -> str:
    """Undo the tab→admonition rewrite inside code: take back the original text of rewritten lines."""
    original = source.split("\n")
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


def _snippet(path: str, ordinal: int, start_line: int, lang: str, code: str, options: dict) -> Snippet:
    lines = max(1, code.count("\n") + (not code.endswith("\n")))  # an unclosed fence's last line has no \n
    script, line_map = runnable_code(code, lang, start_line)
    found = commands.top_level_commands(commands.parse(script), start_line, line_map)
    return Snippet(id=f"{path}#{ordinal}", path=path, start_line=start_line, end_line=start_line + lines - 1,
                   lang=lang, code=code, commands=found, options=options)


def runnable_code(code: str, lang: str, start_line: int) -> tuple[str, tuple[int, ...]]:
    """What a block runs (a console block: its commands only) and the file line of each of its lines."""
    if lang == "console":
        return console_script(code, start_line)
    return code, tuple(range(start_line, start_line + code.count("\n") + 1))


def console_script(code: str, start_line: int) -> tuple[str, tuple[int, ...]]:
    """A console transcript's commands (`$ ` lines and their `> ` continuations) and each one's file line."""
    lines = [pair for prompt in transcript(code, start_line) for pair in prompt.command]
    return "\n".join(text for text, _ in lines) + "\n", tuple(line for _, line in lines)
