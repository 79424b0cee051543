"""Markdown pages → shell-family Snippets with their file lines and marker options, the file blocks (Dockerfiles,
Compose files, named files) and the prose's inline code; nothing else."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from docktest.extract import blocks, content_tabs, dockerfile_parse, fences, file_blocks, markers, output_blocks
from docktest.extract.code_spans import INLINE_CODE, CodeSpan, code_spans
from docktest.extract.fences import SHELL_LANGS
from docktest.extract.expected import (OUTPUT_LANGS, OUTPUT_MARKER, OutputBlock, output_block, prompt_expectations,
                                       with_output_blocks)
from docktest.extract.reading import TRANSCRIPT_LANGS, read_block
from docktest.model import FileBlock, Finding, Snippet, UsageError
from docktest.suggest import did_you_mean

_SHELL_SCRIPT_LANGS = SHELL_LANGS - TRANSCRIPT_LANGS  # a transcript pastes its output under each command instead
# Tool folders, never pages: virtual environments, packages, Git, and a built site (`site/` at the top only, when it
# holds one: in a Hugo repository `site/` is the pages' source, as in kubernetes-sigs/kind).
_NEVER_PAGES = frozenset({".venv", "venv", "node_modules", ".git", "__pycache__", ".tox"})
_BUILT_SITE = ("index.html", "sitemap.xml", "404.html")  # what MkDocs, ProperDocs and Zensical put at a site's top
_CONTAINER = re.compile(r"\A[ \t]*<[A-Za-z]")  # an HTML block opened by a tag, not a comment
_FENCE_OPENER = re.compile(r"^[ \t>]*(?:```|~~~)", re.M)


@dataclass(frozen=True)
class Page:
    """What one parse of a page gives the later stages."""

    snippets: tuple[Snippet, ...]
    findings: tuple[Finding, ...]  # marker problems
    prose: tuple[tuple[int, str], ...]  # (file line, text) of lines outside code, comments and front matter
    outputs: tuple[OutputBlock, ...] = ()  # `<!-- docktest output -->` blocks, each after its shell block
    untagged: tuple[Snippet, ...] = ()  # fences with no language that hold commands: checked, never run
    files: tuple[FileBlock, ...] = ()  # Dockerfiles, Compose files and named file blocks, in page order
    code_spans: tuple[CodeSpan, ...] = ()  # the prose's inline code


def find_pages(paths: Sequence[str]) -> list[Path]:
    """The Markdown files named or found (recursively, tool folders aside) under the given paths, sorted."""
    pages: set[Path] = set()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = _markdown_files(path)
            if not found:
                raise UsageError(f"{name}: no Markdown (*.md) files in this directory")
            pages.update(found)
        elif path.is_file():
            pages.add(path)
        else:
            raise UsageError(f"{name}: no such file or directory")
    return sorted(pages)


def _markdown_files(folder: Path) -> list[Path]:
    """*.md files under folder, not descending into tool folders (_NEVER_PAGES) nor a built `site/` at its top; an
    unreadable folder is a UsageError."""
    found = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):  # like rglob: no symlink loops
                        if not (entry.name in _NEVER_PAGES or entry.name == "site" and current == folder
                                and any(os.path.isfile(os.path.join(entry.path, name)) for name in _BUILT_SITE)):
                            pending.append(Path(entry.path))
                    elif entry.name.endswith(".md") and entry.is_file():
                        found.append(Path(entry.path))
        except OSError as error:
            raise UsageError(f"{current}: cannot read this folder: {error.strerror}") from None
    return found


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
    text = read_page(path) if text is None else text
    return list(parse_page(Path(path).as_posix(), text).snippets)


@cache
def _markdown() -> MarkdownIt:
    # block structure is all that matters: no inline parsing, no setext headings (`Title` over `---`: a paragraph and a
    # rule, neither code; 10 % of long pages' parse), no normalize's line endings (a regex substitution a line) but NUL
    parser = MarkdownIt("commonmark").use(front_matter_plugin).use(admon_plugin).disable(["inline", "text_join", "lheading"])
    parser.core.ruler.at("normalize", lambda state: setattr(state, "src", state.src.replace("\0", "\ufffd")))
    return parser


def _normalise(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=64)  # extract and check of the same page parse it once
def parse_page(path: str, text: str) -> Page:
    source = _normalise(text)
    tabs = content_tabs.as_admonitions(source)
    rows = source.split("\n")
    walk = _Walk(path, rows, tabs.split("\n") if tabs is not source else rows)
    walk.tokens(_markdown().parse(tabs), 0)
    if walk.marker is not None:
        walk.findings.append(markers.orphan(path, walk.marker_line))
    prose_rows = [(i + 1, line) for i, line in enumerate(rows) if i not in walk.not_prose]
    prose = tuple((line, INLINE_CODE.sub("", text) if "`" in text else text) for line, text in prose_rows)
    if walk.output_marker_line:
        walk.findings.append(markers.misplaced_output(path, walk.output_marker_line))
    snippets = file_blocks.with_files(with_output_blocks(walk.snippets, walk.outputs), walk.files)
    return Page(snippets, tuple(walk.findings), prose, tuple(walk.outputs), tuple(walk.untagged), tuple(walk.files),
                code_spans(prose_rows))


class _Walk:
    """One pass over a page's tokens (and, recursively, over HTML containers' insides), collecting snippets."""

    def __init__(self, path: str, rows: list[str], tab_rows: list[str]) -> None:
        self.path, self.rows, self.tab_rows = path, rows, tab_rows
        self.page_options: dict = {}
        self.findings: list[Finding] = []
        self.snippets: list[Snippet] = []
        self.untagged: list[Snippet] = []
        self.files: list[FileBlock] = []
        self.not_prose: set[int] = set()
        self.marker: dict | None = None  # options of the marker waiting for its fence
        self.marker_line = 0
        self.outputs: list[OutputBlock] = []
        self.output_marker_line = 0  # an output marker waiting for its ```text block
        self.previous = None  # the block before this one (only blank lines lie between block tokens)

    def tokens(self, tokens: list, offset: int) -> None:
        """Walk tokens whose line 0 is file row `offset`."""
        for token in tokens:
            if token.map is None:
                continue
            first, end = token.map[0] + offset, token.map[1] + offset
            before, self.previous = self.previous, token
            if self._output(token, before, first, end):
                continue
            if token.type == "front_matter":
                self.not_prose.update(range(first, end))
                if offset == 0:
                    self.page_options, problems = markers.page_marker(token.content, first + 2, self.path)
                    self.findings.extend(problems)
            elif token.type == "html_block":
                self.not_prose.update(range(first, end))
                self._html(token.content, first, end)
                self.previous = token  # a container's inside does not come before what follows it
            else:
                if token.type in ("fence", "code_block"):
                    self.not_prose.update(range(first, end))
                lang = fences.lang(token.info) if token.type == "fence" else ""
                marked_file = "file" in (self.marker or {})
                if token.type == "fence" and lang in _SHELL_SCRIPT_LANGS and self.marker is None and getattr(
                        before, "type", "") == "inline" and output_blocks.announced(before.content, token.content):
                    self.findings.append(Finding(self.path, first + 2, "warning", "output-in-script",
                                                 output_blocks.ANNOUNCED))
                    continue
                if token.type == "fence" and lang in SHELL_LANGS and not marked_file:
                    self._file(token, lang, first)  # a titled script (`run.sh`) is also a file the page shows
                    self._fence(token, first, end)
                    continue
                mistagged = token.type == "fence" and not marked_file and _mistagged(token, lang)
                if token.type == "fence" and not marked_file:
                    self._untagged(token.content, first, lang, mistagged)
                if token.type == "fence" and not mistagged and self._file(token, lang, first):
                    self.marker = None
                elif self.marker is not None:
                    self.findings.append(markers.orphan(self.path, self.marker_line))
                    self.marker = None

    def _file(self, token, lang: str, first: int) -> bool:
        """Collect the fence if it is a file (named by the marker's `file`, or its title); whether it was one."""
        name = (self.marker or {}).get("file") or file_blocks.title(token.info)
        name = name if "file" in (self.marker or {}) or file_blocks.looks_like_file_name(name) else ""
        code = content_tabs.restore(token.content, self.rows, first + 1) if self.tab_rows is not self.rows else token.content
        found = file_blocks.file_block(self.path, name, lang, code, min(first + 2, len(self.rows)))
        if found is None:
            return False
        problem = file_blocks.path_finding(name, marked="file" in (self.marker or {}))
        if problem:  # never written anywhere: the block is reported, not collected
            self.findings.append(Finding(self.path, first + 1, *problem))
            return True
        self.files.append(found)
        return True

    def _output(self, token, before, first: int, end: int) -> bool:
        """An output marker, or the ```text block it announces; False: the token is something else."""
        if self.output_marker_line:
            waiting, self.output_marker_line = self.output_marker_line, 0
            if token.type == "fence" and fences.lang(token.info) in OUTPUT_LANGS:
                self.not_prose.update(range(first, end))
                self.outputs.append(output_block(self.snippets[-1].id, token.content, first + 2))
                return True
            self.findings.append(markers.misplaced_output(self.path, waiting))
        if token.type == "html_block" and OUTPUT_MARKER.match(token.content):
            self.not_prose.update(range(first, end))
            if before is not None and before.type == "fence" and fences.lang(before.info) in _SHELL_SCRIPT_LANGS:
                self.output_marker_line = first + 1
            else:
                self.findings.append(markers.misplaced_output(self.path, first + 1))
            return True
        return False

    def _html(self, html: str, first: int, end: int) -> None:
        parsed = markers.block_marker(html, first + 1, self.path)
        if parsed is not None:
            if self.marker is not None:
                self.findings.append(markers.orphan(self.path, self.marker_line))
            self.marker, problems = parsed
            self.marker_line = first + 1
            self.findings.extend(problems)
            return
        near = markers.near_miss(html, first + 1, self.path)
        if near is not None:
            self.findings.append(near)
        # SuperFences renders a fence inside an HTML container (<div markdown>, <details>) as code, while
        # CommonMark keeps the container's lines as HTML: parse what follows the opening tag line as Markdown.
        if _CONTAINER.match(html) and _FENCE_OPENER.search(html):
            inner = "\n".join(self.tab_rows[first + 1 : end])
            self.tokens(_markdown().parse(inner), first + 1)

    def _fence(self, token, first: int, end: int) -> None:
        lang = fences.lang(token.info)
        code = content_tabs.restore(token.content, self.rows, first + 1) if self.tab_rows is not self.rows else token.content
        # an empty fence on the file's last line has no code line: point at the fence itself
        start_line = min(first + 2, len(self.rows))
        unclosed = not fences.closes(self.rows[end - 1], token.markup) or end - 1 == first
        if unclosed:
            self.findings.append(Finding(
                self.path, first + 1, "warning", fences.UNCLOSED,
                f"this code block is never closed: add a closing {token.markup} line (the site shows it as plain text)"))
            prose = fences.intrusion(code, read_block(lang, code, start_line).transcript is not None, True)
            if prose is not None:  # from there on it is the page the fence swallowed, not the block
                code = "".join(line + "\n" for line in code.split("\n")[: prose.first])
        self.snippets.append(_snippet(self.path, len(self.snippets) + 1, start_line, lang, code,
                                      markers.merge(self.page_options, self.marker or {})))
        self.findings.extend(Finding(self.path, notice.line, notice.severity, notice.rule, notice.message)
                             for notice in read_block(lang, code, start_line).notices)
        self.marker = None

    def _untagged(self, content: str, first: int, lang: str, mistagged: bool) -> None:
        """A fence that holds commands but is not run for its tag: no language, a misspelt shell one (```bsah), or a
        ```dockerfile that holds no instruction (MISTAGGED): one warning, and its commands checked (never run). The
        last two get their warning whatever they hold; a fence of another language is left alone."""
        meant = fences.misspelt_shell(lang) if lang and not mistagged else None
        if lang and not (meant or mistagged):
            return
        found = fences.untagged_commands(content)
        if meant:
            self.findings.append(Finding(self.path, first + 1, "warning", fences.MISSPELT_LANGUAGE,
                                         f"unknown language '{lang}': the block is shown as plain text and not run"
                                         f"{did_you_mean(meant)}", meant))
        elif mistagged:
            advice = ("tag it ```bash, or ```console for `$ ` prompts with output, so docktest runs it" if found
                      else "tag it ```console for a transcript, or ```text")
            self.findings.append(Finding(self.path, first + 1, "warning", fences.NOT_DOCKERFILE,
                                         f"this ```{lang} block holds no Dockerfile instruction: {advice}"))
        elif found is not None:
            self.findings.append(Finding(self.path, first + 1, "warning", fences.UNTAGGED,
                                         "this code block has no language but holds commands: tag it ```bash, or "
                                         "```console for `$ ` prompts with output, so docktest runs it"))
        if found is not None:
            snippet = _snippet(self.path, 0, first + 2, *found, self.page_options)
            self.untagged.append(replace(snippet, id=f"{self.path}#untagged-{len(self.untagged) + 1}"))


def _mistagged(token, lang: str) -> bool:
    """An untitled ```dockerfile fence with no instruction in it: commands, a transcript or output, not a file."""
    return (lang in file_blocks.DOCKERFILE_LANGS and not file_blocks.title(token.info)
            and dockerfile_parse.not_a_dockerfile(token.content))


def _snippet(path: str, ordinal: int, start_line: int, lang: str, code: str, options: dict) -> Snippet:
    lines = max(1, code.count("\n") + (not code.endswith("\n")))  # an unclosed fence's last line has no \n
    found, parsed = blocks.read(lang, code, start_line, options.get("placeholders", {}))
    expectations = prompt_expectations(parsed.transcript, found) if parsed.transcript else ()
    return Snippet(id=f"{path}#{ordinal}", path=path, start_line=start_line, end_line=start_line + lines - 1,
                   lang=lang, code=code, commands=found, options=options, expectations=expectations, parsed=parsed)

