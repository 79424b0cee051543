"""A console transcript read as prompts: each `$ ` command, its `> ` continuations and the output pasted under it."""

from __future__ import annotations

from dataclasses import dataclass

Lines = tuple[tuple[str, int], ...]  # (text, file line) pairs


@dataclass(frozen=True)
class Prompt:
    """One command of a console block and what its author says it prints."""

    line: int  # file line of the `$ ` line
    command: Lines  # the command's lines without `$ `/`> `
    expected: Lines | None  # the lines up to the next `$ ` (trailing blank lines left out); None: nothing pasted


def transcript(code: str, start_line: int) -> list[Prompt]:
    """The prompts of a console block whose first code line is file line `start_line`.

    Lines before the first `$ ` belong to no command; a `> ` line after output is output.
    """
    prompts: list[Prompt] = []
    command: list[tuple[str, int]] = []
    output: list[tuple[str, int]] = []
    for number, line in enumerate(code.split("\n"), start_line):
        if line.startswith("$ ") or line == "$":
            if command:
                prompts.append(_prompt(command, output))
            command, output = [(line[2:], number)], []
        elif command and not output and (line.startswith("> ") or line == ">"):
            command.append((line[2:], number))
        elif command:
            output.append((line, number))
    if command:
        prompts.append(_prompt(command, output))
    return prompts


def _prompt(command: list[tuple[str, int]], output: list[tuple[str, int]]) -> Prompt:
    while output and not output[-1][0].strip():
        output.pop()
    return Prompt(command[0][1], tuple(command), tuple(output) if output else None)
