"""How a shell-family block reads: a script, a transcript or no shell at all; which of its lines run, and what the
reader should be told about it (output pasted into a script, a prompt of another program, a file in a shell fence)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from docktest.extract import code_blocks, file_kinds, not_shell, other_shells, output_blocks, output_lines
from docktest.extract.angle_sessions import angle_session
from docktest.extract.cut_words import joined_rows
from docktest.extract.elisions import elision
from docktest.extract.fences import MARKDOWN_IN_CODE, intrusion
from docktest.extract.lines import command_starts
from docktest.extract.mixed_transcripts import as_transcript
from docktest.extract.other_shells import opens_container_shell, opens_user_shell
from docktest.extract.output_tables import table_rows
from docktest.extract.prompts import (Transcript, angle_prompt, has_posix_prompt, opens_with_decoration,
                                      read_transcript, root_prompt)

TRANSCRIPT_LANGS = frozenset({"console", "shell-session"})  # prompts among their output


@dataclass(frozen=True)
class Notice:
    """What extraction tells about a block's reading, at its file line (a Finding once the page's path is known)."""

    line: int
    severity: str
    rule: str
    message: str


@dataclass(frozen=True)
class Reading:
    """What a block runs and how it reads: CODE's row i is file line LINES[i]; TRANSCRIPT for prompted blocks."""

    code: str
    lines: tuple[int, ...]
    transcript: Transcript | None
    notices: tuple[Notice, ...] = ()


@lru_cache(maxsize=512)  # extraction and every check read the same block
def read_block(lang: str, code: str, start_line: int) -> Reading:
    rows = code.split("\n")
    if code.endswith("\n"):
        rows.pop()  # no row after the last newline: it is the fence
    rows = rows or [""]
    meaningful = [row for row in rows if row.strip() and not row.lstrip().startswith("#") and not elision(row)]
    prompted = bool(meaningful) and (has_posix_prompt(meaningful[0]) or other_shells.foreign_prompt(meaningful[0]) is not None
                                     or opens_with_decoration(meaningful) or _prompt_under_a_caption(meaningful))
    angle = not prompted and _angle_transcript(rows, meaningful)
    root = not prompted and not angle and lang not in TRANSCRIPT_LANGS and _root_transcript(rows, meaningful)
    mixed = None if prompted or angle or root or lang in TRANSCRIPT_LANGS or ("$ " not in code and "\n> " not in code) \
        else as_transcript(rows, meaningful)
    if lang in TRANSCRIPT_LANGS or prompted or root or angle or mixed is not None:
        read = read_transcript(mixed or code, start_line, root_prompts=not angle and (lang in TRANSCRIPT_LANGS or root),
                               angle_prompts=angle)
        if read.prompts or read.foreign or read.inside or not all(not_shell.command_like(row) for row in meaningful):
            return _transcript(read, _swallowed(rows, start_line, transcript=True)[1])
        # a console block without a single prompt whose every line is a command: a script after all
    else:
        kind = file_kinds.block_kind(rows, meaningful)
        if kind is not None:
            what, tag = kind
            return Reading("", (), None, (Notice(start_line, "warning", "not-shell",
                                                 f"this block is not shell but {what}: tag it ```{tag} "
                                                 "(nothing in it is checked or run)"),))
    return _script(rows, start_line)


def _prompt_under_a_caption(meaningful: list[str]) -> bool:
    """Whether a line that reads as no command (a sentence: `In a three node cluster … shows`) captions a transcript
    whose first prompt is the next line (`vagrant@net-1:~/tests$ docker run …`)."""
    return len(meaningful) > 1 and has_posix_prompt(meaningful[1]) and not not_shell.command_like(meaningful[0])


def _root_transcript(rows: list[str], meaningful: list[str]) -> bool:
    """A root shell's transcript in a script fence: commands at every `# ` prompt (`# hostname`), and under them only
    lines that read as no command (output: `nodeX`, `533`). A script's or a file's comments are notes (`# 매일 백업`)
    or name a file (`# /etc/gitlab/gitlab.rb`), and a script's lines are commands."""
    typed = [row for row in rows if row.strip().startswith("# ")]
    shebang = next((row for row in rows if row.strip()), "").startswith("#!")  # a script file's first line
    return (bool(meaningful) and bool(typed) and not shebang
            and all(root_prompt(row) and not (" " not in row.strip()[2:] and "/" in row) for row in typed)
            and not any(not_shell.command_like(row) for row in meaningful))


def _angle_transcript(rows: list[str], meaningful: list[str]) -> bool:
    """A transcript whose prompt is `> ` (`> docker build -t app .`): its first line is one, the block has no POSIX
    prompt (after `$ `, `> ` is bash's continuation prompt), and every line where bash would start a command is
    `> ` and a program, a comment, or no command (output). A `> ` line that redirects (`> out.log`) or a command
    line without it (`docker ps`) keeps the block a script."""
    if not meaningful or not angle_prompt(meaningful[0]) or any(has_posix_prompt(row) for row in rows):
        return False
    starts: list[str] = []
    command_starts(rows, lambda _, row: bool(starts.append(row)))
    return all(angle_prompt(row) or row.lstrip().startswith("#") or not not_shell.command_like(row)
               for row in starts if row.strip()) or angle_session(starts)


def _transcript(read: Transcript, swallowed: tuple[Notice, ...]) -> Reading:
    lines = [pair for prompt in read.prompts for pair in prompt.command]
    notices = list(swallowed)
    if read.foreign:
        first = read.foreign[0]
        notices.append(Notice(first.line, "note", "foreign-prompt", (
            _other_shell_message(first.under) if first.under else
            f"`{first.prompt}` is the prompt of a program that is not a POSIX shell: its lines are neither checked "
            "nor run") + ", and the output around them is not compared"))
    notices.extend(_wrapped(line) for line in read.wrapped)
    if read.inside:
        first = read.inside[0]
        notices.append(Notice(first.line, "note", "inside-container",
                              f"commands at `{first.prompt} ` are typed into a container's shell: they are neither "
                              "checked nor run here, and the output around them is not compared"))
    return Reading("\n".join(text for text, _ in lines) + "\n", tuple(line for _, line in lines), read,
                   tuple(sorted(notices, key=lambda notice: notice.line)))


def _wrapped(line: int) -> Notice:
    return Notice(line, "warning", "wrapped-command", "this command goes on over the next line, as the terminal wrapped "
                  "it: docktest reads the two as one command (join them on the page, or a reader copies half of it)")


def _script(rows: list[str], start_line: int) -> Reading:
    """A script's rows, output lines blanked (they never run): one warning at the first of them, and one note at
    the first line typed at another program's prompt (`(gdb) backtrace`), which is not run either. Markdown that a
    missing closing fence let in is blanked too, with its own warning. Lines typed into a container's shell (after
    `docker run -it … sh`, up to its `exit`) or another user's (after `su - grid`) are blanked with a note: the
    page's bash never sees them."""
    notices = []
    inside, opened_by, user = _inside_container(rows)
    if inside and user:
        notices.append(Notice(start_line + inside[0], "note", "user-shell",
                              f"the lines after line {start_line + opened_by} are typed into the shell of user "
                              f"`{user}` it opens: they are neither checked nor run here"))
    elif inside:
        notices.append(Notice(start_line + inside[0], "note", "inside-container",
                              f"the lines after line {start_line + opened_by} are typed into the container's shell it "
                              "opens: they are neither checked nor run on the host"))
    rows = _elided_arguments(["" if i in inside else row for i, row in enumerate(rows)])
    rows, cut = joined_rows(rows, "\n".join(rows))
    notices.extend(_wrapped(start_line + index) for index in cut[:1])
    other_shell = other_shells.sections(rows)
    typed = [i for i in other_shell if rows[i].strip() and not rows[i].lstrip().startswith("#")]
    if typed:
        notices.append(Notice(start_line + typed[0], "note", "foreign-prompt", _other_shell_message(other_shell[typed[0]])))
        rows = ["" if i in other_shell else row for i, row in enumerate(rows)]
    foreign, session = _sessions(rows)
    rows = ["" if i in session else row for i, row in enumerate(rows)]
    output = output_lines.find(rows)
    output = sorted({*output, *table_rows(rows, "\n".join(rows), output)})
    if not foreign and (output_blocks.whole_block(rows, output) or output_blocks.shaped_block(rows, output)
                        or output_blocks.aligned_table(rows)):
        first = next(index for index, row in enumerate(rows) if row.strip())
        return Reading("", (), None, (*notices, Notice(
            start_line + first, "warning", "output-in-script",
            "this block is output (or a file's content) with no command: tag it ```text, or show it under its "
            "command in a ```console block with `$ ` prompts (nothing in it is checked or run)")))
    code_start = None if foreign else code_blocks.expressions(rows)
    if code_start is not None:
        return Reading("", (), None, (*notices, Notice(
            start_line + code_start, "warning", "not-shell",
            "this block is not shell but another language's code (expressions, no program named): tag it with its "
            "language (nothing in it is checked or run)")))
    if output:
        notices.append(Notice(start_line + output[0], "warning", "output-in-script",
                              "this looks like output (or a file's content) pasted into a script: use a ```console "
                              "block with `$ ` prompts, or a `<!-- docktest output -->` block (those lines are "
                              "neither checked nor run)"))
    if foreign:
        index, prompt = foreign[0]
        notices.append(Notice(start_line + index, "note", "foreign-prompt",
                              f"`{prompt}` is the prompt of a program that is not a POSIX shell: "
                              "its lines are neither checked nor run"))
    shown = set(output) | session
    markdown, swallowed = _swallowed(["" if i in shown else row for i, row in enumerate(rows)], start_line, False)
    notices.extend(swallowed)
    shown |= markdown
    mixed = not_shell.lines(["" if i in shown else row for i, row in enumerate(rows)])
    if mixed:
        index, what = mixed[0]
        notices.append(Notice(start_line + index, "warning", "not-shell",
                              f"this line is not shell but {what}, in a shell block: move such lines out of it "
                              "(they are neither checked nor run)"))
    shown |= {index for index, _ in mixed}
    code = "\n".join("" if i in shown else row for i, row in enumerate(rows)) + "\n"
    return Reading(code, tuple(range(start_line, start_line + len(rows))), None,
                   tuple(sorted(notices, key=lambda notice: notice.line)))


def _sessions(rows: list[str]) -> tuple[list[tuple[int, str]], set[int]]:
    """The rows where bash would start a command that are typed at another program's prompt instead (`mysql> `, the
    mongo shell's `> use admin`; not a here-document's body), with their prompts, and every row of those sessions: a
    prompt's row and the rows under it that read as no command (its continuations, `->`, `...`, and what it prints:
    `Query OK, 1 row affected`, a table), up to a row a shell would run (a program, a POSIX prompt)."""
    foreign: list[tuple[int, str]] = []
    session: set[int] = set()

    def take(index: int, row: str) -> bool:
        prompt = other_shells.foreign_prompt(row)
        if prompt is not None:
            foreign.append((index, prompt))
        elif index - 1 not in session or has_posix_prompt(row) or not_shell.command_like(row):
            return False
        session.add(index)
        return True

    command_starts(rows, take)
    return foreign, session


# `#...`, `# …` on a line of its own: what the page left out
_ELISION_COMMENT = re.compile(r"([ \t]*)#[ \t]*(?:\.{3,}|…)[ \t]*\\?[ \t]*")


def _elided_arguments(rows: list[str]) -> list[str]:
    """ROWS with an elision comment inside a continued command (`docker service create \\` ⏎ `--constraint=… \\` ⏎
    `#... \\`: Traefik's page) read as the `...` it stands for, a synopsis's elision: the arguments left out are
    values to fill (an unbound-placeholder note), not a missing argument. The command ends there, as bash ends it
    at the `#` (a `\\` after it is the comment's)."""
    return [f"{found.group(1)}..." if index and rows[index - 1].rstrip().endswith("\\") and "#" in row
            and (found := _ELISION_COMMENT.fullmatch(row)) else row for index, row in enumerate(rows)]


def _other_shell_message(comment: str) -> str:
    return f"the lines under `{comment}` are for a shell that is not POSIX: they are neither checked nor run"


def _inside_container(rows: list[str]) -> tuple[list[int], int, str]:
    """The rows a script types into a container's shell, the row of the command that opened it, and the user when
    it is another user's shell on the same machine (`su - grid`), else "": after a command that hands its terminal
    to one (other_shells.opens_container_shell, opens_user_shell), every row up to its `exit` (that one too) or the
    block's end, or up to a row that drives the host again (`docker …`, `kubectl …`, `sudo …`: a container has
    neither). Pasted into a terminal, those rows go to that shell, not to the page's bash. A script file (`#!`)
    is not pasted: its later rows run once the container is gone; nor does a command inside an `if` (indented)."""
    inside: list[int] = []
    opened, user = -1, ""
    row = 0 if not rows[0].startswith("#!") else len(rows)
    while row < len(rows):
        end = row
        while rows[end].rstrip().endswith("\\") and end + 1 < len(rows):
            end += 1
        command = " ".join(line.rstrip().rstrip("\\") for line in rows[row: end + 1]).strip()
        other = opens_user_shell(command) or ""
        if not rows[row][:1].isspace() and not command.startswith("#") and (other or opens_container_shell(command)):
            closed = next((i - (_HOST.match(rows[i]) is not None) for i in range(end + 1, len(rows))
                           if _EXIT.fullmatch(rows[i].strip()) or _HOST.match(rows[i])), len(rows) - 1)
            typed = [i for i in range(end + 1, closed + 1) if rows[i].strip() and not rows[i].lstrip().startswith("#")]
            if typed:
                inside.extend(range(end + 1, closed + 1))
                opened, user = (row, other) if opened < 0 else (opened, user)
            end = closed
        row = end + 1
    return [i for i in inside if rows[i].strip()], opened, user


_EXIT = re.compile(r"exit(?: \d+)?|logout")
_HOST = re.compile(r"[ \t]*(?:sudo|docker|docker-compose|kubectl)(?:[ \t]|$)")


def _swallowed(rows: list[str], start_line: int, transcript: bool) -> tuple[frozenset[int], tuple[Notice, ...]]:
    """The rows that are Markdown a missing closing fence let in (see fences.intrusion), and the one warning."""
    found = intrusion("\n".join(rows), transcript, False)
    if found is None:
        return frozenset(), ()
    return found.rows, (Notice(start_line + found.first, "warning", MARKDOWN_IN_CODE,
                               "Markdown inside a code block: is a closing fence missing above? "
                               "(its Markdown lines are not read as commands)"),)
