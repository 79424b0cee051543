"""A page's rendered HTML against its extracted snippets: every shell code block the site shows must be one docktest sees."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from docktest.extract.markdown import SHELL_LANGS
from docktest.model import Finding, Snippet

# A code block as the site renders it: pymdownx.highlight's div.highlight (language class with
# `pygments_lang_class: true`, optional title, pre > code), or Python-Markdown's plain pre > code.language-x.
CODE_BLOCK = re.compile(
    r'<div class="(?P<classes>(?:[^"]* )?highlight(?: [^"]*)?)">(?:<span class="filename">.*?</span>)?'
    r'<pre[^>]*>(?:<span></span>)?<code[^>]*>(?P<code>.*?)</code></pre></div>'
    r'|<pre[^>]*><code class="(?P<plain_classes>[^"]*)">(?P<plain_code>.*?)</code></pre>', re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>]+>")
_LANGUAGE = re.compile(r"(?:^| )language-(\S+)")
RULE = "unextracted-block"


@dataclass(frozen=True)
class RenderedBlock:
    """One code block of the rendered page: its language (None when the HTML does not say) and its text."""

    lang: str | None
    text: str


def rendered_block(match: re.Match) -> RenderedBlock:
    """The language and plain text of a CODE_BLOCK match."""
    classes = match.group("classes") if match.group("classes") is not None else match.group("plain_classes")
    code = match.group("code") if match.group("code") is not None else match.group("plain_code")
    language = _LANGUAGE.search(classes or "")
    return RenderedBlock(language.group(1).lower() if language else None, html.unescape(_TAG.sub("", code)))


def comparable(code: str) -> list[str]:
    """Code as both sides can agree on it: tabs expanded (Python-Markdown does), outer blank lines and trailing spaces gone."""
    return [line.rstrip() for line in code.expandtabs(4).strip("\n").split("\n")]


def unextracted_blocks(path: str, html_text: str, snippets: Sequence[Snippet], source: str) -> list[Finding]:
    """Warnings where the rendered page and the extraction disagree: a shell block shown but never extracted, or
    extracted but not shown as code. `source` is the page's text, to place a shown block at its file line."""
    visible = _COMMENT.sub("", html_text)  # a fence commented out in the Markdown is rendered inside the comment
    blocks = [rendered_block(match) for match in CODE_BLOCK.finditer(visible)]
    if blocks and snippets and all(block.lang is None for block in blocks):
        return [Finding(path, snippets[0].start_line - 1, "warning", RULE,
                        "the site's code blocks carry no language class, so docktest cannot tell whether it extracted "
                        "every shell block: set `pygments_lang_class: true` under pymdownx.highlight")]
    shown = [block for block in blocks if block.lang in SHELL_LANGS]
    wanted = [comparable(snippet.code) for snippet in snippets]
    findings = []
    matched: set[int] = set()
    position = 0  # the first snippet not yet matched
    rows = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for block in shown:
        text = comparable(block.text)
        index = next((i for i in range(position, len(wanted)) if wanted[i] == text), None)
        if index is None:
            after = snippets[position - 1].end_line if position else 0
            findings.append(Finding(path, _line_of(rows, text, after), "warning", RULE,
                                    f"this {block.lang} block renders as code on the site but docktest did not extract "
                                    "it, so it is never checked or run"))
            continue
        matched.add(index)
        position = index + 1
    for index, snippet in enumerate(snippets):
        if index not in matched:
            findings.append(Finding(path, max(1, snippet.start_line - 1), "warning", RULE,
                                    "docktest extracted this block but the site does not render it as a code block"))
    return sorted(findings, key=lambda finding: finding.line)


def _line_of(rows: list[str], text: list[str], after: int) -> int:
    """The file line where a block's first code line appears after line `after`, else the line after `after`."""
    first = next((line.strip() for line in text if line.strip()), "")
    return next(_matches(rows, first, after), after + 1) if first else after + 1


def _matches(rows: list[str], first: str, after: int) -> Iterator[int]:
    return (number for number, row in enumerate(rows[after:], start=after + 1) if row.strip() == first)
