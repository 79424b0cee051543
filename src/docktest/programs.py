"""Which command names are real programs: bash's builtins and keywords, and the sandbox images' executables."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def _word_list(name: str) -> frozenset[str]:
    text = resources.files("docktest").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def sandbox_commands() -> frozenset[str]:
    """Builtins, keywords and the sandbox images' executables: what a page can run as it is."""
    return _word_list("bash-builtins.txt") | _word_list("sandbox-commands.txt")


def is_program(name: str) -> bool:
    """Whether NAME is a command a reader's shell knows (a line starting with it reads as a command)."""
    return name in sandbox_commands()
