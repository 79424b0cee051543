"""Expected output on a page: console transcripts read as prompts (each `$ ` command, its `> ` continuations
and the output pasted under it), and `<!-- docktest output -->` blocks after a shell block."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from docktest.extract.prompts import Lines, Transcript
from docktest.model import Command, Expectation, Snippet

OUTPUT_MARKER = re.compile(r"\A\s*<!--\s*docktest\s+output\s*-->\s*\Z")
OUTPUT_LANGS = frozenset({"text", "output"})


@dataclass(frozen=True)
class OutputBlock:
    """A ```text block marked `<!-- docktest output -->`: what a shell block's commands print, in order."""

    snippet_id: str  # the shell block right before it
    line: int  # file line of its first content line (where an empty block's lines would go)
    expected: Lines  # its lines (trailing blank lines left out); empty: the commands print nothing


def output_block(snippet_id: str, content: str, start_line: int) -> OutputBlock:
    """The output block whose first content line is file line `start_line`."""
    lines = [(text, number) for number, text in enumerate(content.split("\n"), start_line)]
    return OutputBlock(snippet_id, start_line, _without_trailing_blanks(lines))


def _without_trailing_blanks(lines: list[tuple[str, int]]) -> Lines:
    end = len(lines)
    while end and not lines[end - 1][0].strip():
        end -= 1
    return tuple(lines[:end])


def prompt_expectations(read: Transcript, found: Sequence[Command]) -> tuple[Expectation, ...]:
    """Each prompt's pasted output, for the commands on its command lines (`$ a; b` shows a's and b's)."""
    expectations = []
    for prompt in read.prompts:
        own = {line for _, line in prompt.command}
        indices = tuple(i for i, command in enumerate(found) if command.line in own)
        if prompt.expected is not None and indices:
            first = prompt.expected[0][1] if prompt.expected else prompt.command[-1][1] + 1
            expectations.append(Expectation(prompt.expected, first, indices))
    return tuple(expectations)


def with_output_blocks(snippets: Sequence[Snippet], outputs: Sequence[OutputBlock]) -> tuple[Snippet, ...]:
    """Each `<!-- docktest output -->` block as its shell block's expectation: all its commands' output."""
    by_id = {output.snippet_id: output for output in outputs}
    return tuple(replace(s, expectations=(Expectation(by_id[s.id].expected, by_id[s.id].line,
                                                      tuple(range(len(s.commands)))),))
                 if s.id in by_id else s for s in snippets)
