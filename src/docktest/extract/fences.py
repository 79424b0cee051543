"""Fenced code blocks: a fence's language, whether a row closes it, and its rows that are not shell — Markdown a missing
closing fence let into a shell block, and the rows around the commands of a fence with no language. Rows are 0-based
rows of the block's code.

A fence left open runs on: to the end of the page (the fence is unclosed), or to the next bare fence, which is really
the closing fence of the next block (the opening fence of that block, with its language, sits inside the code). What a
missing fence lets in is prose: a row bash would read as a command but that is a Korean sentence, a list item, a
link, a table row or a fence line. A `#` heading is a comment to bash, harmless, and never counts on its own.
A fence with no language is no shell block, but readers copy it too: when its rows are commands, they are checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pygments.lexers import get_all_lexers

from docktest.extract.lines import command_starts
from docktest.extract.prompts import has_posix_prompt, opens_with_decoration
from docktest.suggest import one_edit

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
FENCE_LINE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[ \t]*([^`\s]*)")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])[ \t]+(.*)")
_MARKDOWN_PREFIX = re.compile(r"^(?:(?:[-*+]|\d{1,3}[.)]|>)[ \t]+)*(?:\*\*|__)?")
_HEADING = re.compile(r"^#{2,6}[ \t]+\S")
_LINK_LINE = re.compile(r"^!?\[[^\]]*\]\([^)]*\)")
_TABLE_ROW = re.compile(r"^\|.*\|$")
_SENTENCE = re.compile(r"^[A-Z][a-z]+(?: [A-Za-z][\w'’,-]*){3,}[.:?]$")  # "Then run the following command:"
# A command row of an untagged fence: `docker …`, `sudo docker …`, `docker-compose …`, and an alias for one
# (`alias dl='docker ps -l -q'`), which later blocks of the page use.
_DOCKER_ROW = re.compile(r"^[ \t]*(?:alias[ \t]+[\w.-]+=[\"']?)?(?:sudo[ \t]+(?:-\S+[ \t]+)*)?docker(?:-compose)?"
                         r"(?:[ \t]|$)")
_COMMENT_ROW = re.compile(r"^[ \t]*(?:#|//)")
_COMMAND_WORD = re.compile(r"[A-Za-z_./~$\"'\\]")  # what a command starts with: not `- `, `1.`, `→`, `{`
SHELL_LANGS = frozenset({"bash", "sh", "shell", "zsh", "console", "shell-session"})  # what docktest checks and runs
UNCLOSED = "unclosed-fence"
MARKDOWN_IN_CODE = "markdown-in-code"
UNTAGGED = "untagged-fence"
NOT_DOCKERFILE = "not-dockerfile"  # a ```dockerfile fence of commands, a transcript or output
MISSPELT_LANGUAGE = "misspelt-language"  # ```sb, ```bsah, ```consle
_NOT_TYPOS = frozenset({"ash", "dash", "ssh", "shellsession"})  # other shells, ssh sessions, GitHub's ShellSession


def lang(info: str) -> str:
    """The fence's language: `bash title="x"` → bash, `{.bash .extra}` → bash, nothing → ""."""
    word = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    if word.startswith("{"):
        match = re.search(r"\.([\w+-]+)", info)
        word = match.group(1) if match else ""
    return word.lower()


def misspelt_shell(tag: str) -> str | None:
    """The shell language a fence's tag misspells (```sb → sh, ```bsah → bash, ```consle → console), else None.
    A tag is a typo when no highlighter knows it (Pygments, which MkDocs and most sites render fences with) and one
    letter wrong, missing or extra, or two neighbours swapped, makes it one of SHELL_LANGS."""
    if len(tag) < 2 or not tag[0].isalpha() or tag in SHELL_LANGS | _NOT_TYPOS or tag in _highlighted():
        return None
    return next((shell for shell in sorted(SHELL_LANGS) if one_edit(tag, shell)), None)


@cache
def _highlighted() -> frozenset[str]:
    return frozenset(alias for _, aliases, _, _ in get_all_lexers() for alias in aliases)


def closes(row: str, markup: str) -> bool:
    """Whether a row (container prefixes aside) is a closing fence for an opening fence of `markup`."""
    stripped = row.lstrip(" \t>").rstrip()
    return len(stripped) >= len(markup) and stripped == markup[0] * len(stripped)


@dataclass(frozen=True)
class Intrusion:
    """Markdown inside a shell block: where it starts, and every row of it."""

    first: int  # the first row that is Markdown (or the heading right above it)
    rows: frozenset[int]


def intrusion(code: str, transcript: bool, unclosed: bool) -> Intrusion | None:
    """The Markdown a missing closing fence let into a shell block's code, or None.

    A fence line inside the block always is. A prose row is when the block began as shell (a command row before it),
    or anywhere in an unclosed block: a block that is prose from its first row is another matter (not shell at all).
    In a transcript only a fence line counts: output can be any text. From a prose row up to a later fence line
    everything is Markdown; after a fence line whose language is one of SHELL_LANGS, code starts again (the block that
    fence opened)."""
    lines = code.split("\n")
    fences = {row: match.group(1).lower() for row, line in enumerate(lines)
              if (match := FENCE_LINE.match(line)) and _could_be_fence(line, match.group(1))}
    evidence = set(fences)
    if not transcript and any(_is_prose(line.strip()) for line in lines):  # (the row-by-row reading costs more)
        began_as_shell = unclosed
        for row, prose in _command_rows(lines, fences):
            if prose and began_as_shell:
                evidence.add(row)
            began_as_shell = began_as_shell or (not prose and bool(_COMMAND_WORD.match(lines[row].lstrip())))
    if not evidence:
        return None
    rows: set[int] = set()
    in_prose = False
    for row in range(len(lines)):
        if row in fences:
            rows.add(row)
            in_prose = fences[row] not in SHELL_LANGS
        elif in_prose:
            rows.add(row)
        elif row in evidence:
            rows.add(row)
            in_prose = any(fence > row for fence in fences)  # Markdown goes on up to the next fence
    return Intrusion(_heading_above(lines, min(evidence)), frozenset(rows))


# A fence's language word: `bash`, `c++`, `{.bash`; not a run of ASCII art (boot2docker's whale: `~~~ {~~ ~~~~ ~~~`)
_LANGUAGE_WORD = re.compile(r"\{?\.?[\w+#.-]*")


def _could_be_fence(line: str, word: str) -> bool:
    """Whether a fence-like LINE is one Markdown would read: indented less than a code block's four columns, or, in
    a list item's indentation, naming its language. Output's art indented deeper (`      ~~~ {~~ ~~~~`) is none."""
    indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" >"))
    return indent < 4 or bool(word) and _LANGUAGE_WORD.fullmatch(word) is not None


def _heading_above(lines: list[str], row: int) -> int:
    """The row of the `##` heading (a blank row before it) just above the Markdown starting at ROW, else ROW."""
    above = row - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    heading = above >= 0 and _HEADING.match(lines[above]) and (above == 0 or not lines[above - 1].strip())
    return above if heading else row


def without_rows(code: str, rows: frozenset[int]) -> str:
    """The code with those rows emptied: every other row keeps its place, so file lines do not move."""
    return "\n".join("" if row in rows else line for row, line in enumerate(code.split("\n")))


def untagged_commands(code: str) -> tuple[str, str] | None:
    """A fence with no language whose rows are commands → (language, code to check), else None (prose, diagrams,
    output, another shell's commands).

    A transcript's first row (comments aside) is a shell prompt (`$ `, `user@host:~$ `), or a prompt's decoration
    above one: it reads as a console block.
    Otherwise every row must be a `docker …` command, a `\\` continuation of one, or a comment (`#`, `//`); the
    comments are emptied.
    """
    lines = code.split("\n")
    meaningful = [line for line in lines if line.strip() and not _COMMENT_ROW.match(line)]
    if meaningful and has_posix_prompt(meaningful[0]) or opens_with_decoration(meaningful):
        return "console", code
    kept: set[int] = set()
    continued = False
    for row, line in enumerate(lines):
        if continued or _DOCKER_ROW.match(line):
            kept.add(row)
            continued = line.rstrip().endswith("\\")
        elif line.strip() and not _COMMENT_ROW.match(line):
            return None
    if not kept:
        return None
    return "bash", without_rows(code, frozenset(range(len(lines))) - kept)


def _command_rows(lines: list[str], fences: dict[int, str]) -> list[tuple[int, bool]]:
    """(row, whether it is prose) of each row where bash would start a new command: not blank, not a comment, not
    inside quotes, a here-document or a continued line; each fence line starts a block of its own."""
    found = []

    def take(row: int, line: str) -> bool:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            return False
        found.append((row, _is_prose(stripped)))
        return found[-1][1]  # prose opens no quote and no here-document

    command_starts(lines, take, restarts=fences)
    return found


def _is_prose(line: str) -> bool:
    if _LINK_LINE.match(line) or _TABLE_ROW.match(line):
        return True
    item = _LIST_ITEM.match(line)
    if item and (_HANGUL.search(item.group(1)) or "**" in item.group(1) or "](" in item.group(1)):
        return True
    words = _MARKDOWN_PREFIX.sub("", line).split()
    first = words[0] if words else ""
    if _HANGUL.match(first):
        return True  # no command has a Korean name
    if (first[:1].isupper() and first.isalpha() or not first[:1].isascii()) and _HANGUL.search(line.split(" #", 1)[0]):
        return True  # "Docker 이미지를 만듭니다", "✅ 간단함", "→ 자동 배포"
    return bool(_SENTENCE.match(line))
