"""How a shell-family block reads: a script, a transcript or no shell at all; which of its lines run, and what the
reader should be told about it (output pasted into a script, a prompt of another program, a file in a shell fence)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from docktest.extract import not_shell
from docktest.extract.fences import MARKDOWN_IN_CODE, intrusion
from docktest.extract.lines import command_starts
from docktest.extract.prompts import (Transcript, foreign_prompt, has_posix_prompt, opens_container_shell,
                                      opens_with_decoration, read_transcript)

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
    meaningful = [row for row in rows if row.strip() and not row.lstrip().startswith("#")]
    prompted = bool(meaningful) and (has_posix_prompt(meaningful[0]) or foreign_prompt(meaningful[0]) is not None
                                     or opens_with_decoration(meaningful))
    root = not prompted and lang not in TRANSCRIPT_LANGS and _root_transcript(rows, meaningful)
    if lang in TRANSCRIPT_LANGS or prompted or root:
        read = read_transcript(code, start_line, root_prompts=lang in TRANSCRIPT_LANGS or root)
        if read.prompts or read.foreign or read.inside or not all(not_shell.command_like(row) for row in meaningful):
            return _transcript(read, _swallowed(rows, start_line, transcript=True)[1])
        # a console block without a single prompt whose every line is a command: a script after all
    else:
        kind = not_shell.block_kind(rows, meaningful)
        if kind is not None:
            what, tag = kind
            return Reading("", (), None, (Notice(start_line, "warning", "not-shell",
                                                 f"this block is not shell but {what}: tag it ```{tag} "
                                                 "(nothing in it is checked or run)"),))
    return _script(rows, start_line)


def _root_transcript(rows: list[str], meaningful: list[str]) -> bool:
    """A root shell's transcript in a script fence: commands at every `# ` prompt (`# hostname`), and under them only
    lines that read as no command (output: `nodeX`, `533`). A script's or a file's comments are notes (`# 매일 백업`)
    or name a file (`# /etc/gitlab/gitlab.rb`), and a script's lines are commands."""
    typed = [row.strip()[2:] for row in rows if row.strip().startswith("# ")]
    return (bool(meaningful) and bool(typed)
            and all(not_shell.command_like(text) and not (" " not in text and "/" in text) for text in typed)
            and not any(not_shell.command_like(row) for row in meaningful))


def _transcript(read: Transcript, swallowed: tuple[Notice, ...]) -> Reading:
    lines = [pair for prompt in read.prompts for pair in prompt.command]
    notices = list(swallowed)
    if read.foreign:
        first = read.foreign[0]
        notices.append(Notice(first.line, "note", "foreign-prompt",
                              f"`{first.prompt}` is the prompt of a program that is not a POSIX shell: "
                              "its lines are neither checked nor run, and the output around them is not compared"))
    if read.inside:
        first = read.inside[0]
        notices.append(Notice(first.line, "note", "inside-container",
                              f"commands at `{first.prompt} ` are typed into a container's shell: they are neither "
                              "checked nor run here, and the output around them is not compared"))
    return Reading("\n".join(text for text, _ in lines) + "\n", tuple(line for _, line in lines), read,
                   tuple(sorted(notices, key=lambda notice: notice.line)))


def _script(rows: list[str], start_line: int) -> Reading:
    """A script's rows, output lines blanked (they never run): one warning at the first of them, and one note at
    the first line typed at another program's prompt (`(gdb) backtrace`), which is not run either. Markdown that a
    missing closing fence let in is blanked too, with its own warning. Lines typed into a container's shell (after
    `docker run -it … sh`, up to its `exit`) are blanked with a note: the host's bash never sees them."""
    notices = []
    inside, opened_by = _inside_container(rows)
    if inside:
        notices.append(Notice(start_line + inside[0], "note", "inside-container",
                              f"the lines after line {start_line + opened_by} are typed into the container's shell it "
                              "opens: they are neither checked nor run on the host"))
        rows = ["" if i in inside else row for i, row in enumerate(rows)]
    output = _output_rows(rows)
    foreign = [(i, prompt) for i, row in enumerate(rows) if (prompt := foreign_prompt(row)) is not None]
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
    shown = set(output) | {index for index, _ in foreign}
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


def _inside_container(rows: list[str]) -> tuple[list[int], int]:
    """The rows a script types into a container's shell, and the row of the command that opened it: after a command
    that hands its terminal to one (prompts.opens_container_shell), every row up to its `exit` (that one too) or the
    block's end, or up to a row that drives the host again (`docker …`, `kubectl …`, `sudo …`: a container has
    neither). Pasted into a terminal, those rows go to the container, not to the host's bash. A script file (`#!`)
    is not pasted: its later rows run once the container is gone; nor does a command inside an `if` (indented)."""
    inside: list[int] = []
    opened = -1
    row = 0 if not rows[0].startswith("#!") else len(rows)
    while row < len(rows):
        end = row
        while rows[end].rstrip().endswith("\\") and end + 1 < len(rows):
            end += 1
        command = " ".join(line.rstrip().rstrip("\\") for line in rows[row: end + 1]).strip()
        if not rows[row][:1].isspace() and not command.startswith("#") and opens_container_shell(command):
            closed = next((i - (_HOST.match(rows[i]) is not None) for i in range(end + 1, len(rows))
                           if _EXIT.fullmatch(rows[i].strip()) or _HOST.match(rows[i])), len(rows) - 1)
            typed = [i for i in range(end + 1, closed + 1) if rows[i].strip() and not rows[i].lstrip().startswith("#")]
            if typed:
                inside.extend(range(end + 1, closed + 1))
                opened = row if opened < 0 else opened
            end = closed
        row = end + 1
    return [i for i in inside if rows[i].strip()], opened


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


# --- output pasted into a script ------------------------------------------------------------------------------

# JSON (`docker inspect`, a pasted daemon.json): `"Key": value` is never a command.
_JSON_KEY = re.compile(r'[ \t]*"[^"\n]+": .*')
# Lines only a program prints: Docker's own messages, pull and push progress, the classic and BuildKit builders,
# Compose's progress, prune summaries, an ID on its own.
_OUTPUT = re.compile("|".join([
    r"[0-9a-f]{64}", r"sha256:[0-9a-f]{64}",
    r"Unable to find image '[^']+' locally", r"\S+: Pulling from \S+",
    r"[0-9a-f]{12}: (?:Pulling fs layer|Waiting|Downloading|Verifying Checksum|Download complete|Extracting"
    r"|Pull complete|Already exists|Pushed|Preparing|Layer already exists|Mounted from \S+)\b.*",
    r"Digest: sha256:[0-9a-f]{64}", r"Status: (?:Downloaded newer image|Image is up to date) for \S+",
    r"\S+: digest: sha256:[0-9a-f]{64} size: \d+", r"The push refers to repository \[\S+\]",
    r"(?:docker: )?Error response from daemon: .*", r"Hello from Docker!",
    r"Docker version \d+\.\d+.*", r"Docker Compose version v?\d.*",
    r"Sending build context to Docker daemon .*", r"Step \d+/\d+ : .*", r" ---> .*",
    r"Removing intermediate container \w+", r"Successfully (?:built|tagged) \S+",
    r"#\d+ (?:\[.*|DONE \d.*|CACHED|ERROR.*|naming to .*|writing image .*|exporting .*|transferring .*"
    r"|resolve .*|sha256:.*|load .*|\d+\.\d+ .*)",
    r"\[\+\] (?:Building|Running|Pulling|Stopping|Removing|Creating|Starting) .*",
    r" *[✔⠿✘] .*", r"(?:Creating|Starting|Stopping|Removing|Recreating) \S+ \.\.\. (?:done|error)",
    r"Attaching to .*", r"Login Succeeded", r"Untagged: \S+", r"Deleted: sha256:[0-9a-f]+",
    r"Deleted (?:Containers|Images|Networks|Volumes|build cache objects):", r"Total reclaimed space: .*",
    r"WARNING! This will remove.*", r"Are you sure you want to continue\? \[y/N\].*",
    r"\[\{?", _JSON_KEY.pattern,
]))
# A table's header: two or more capitalised column names two spaces apart (`CONTAINER ID   IMAGE   COMMAND`); a
# name may hold `-`, `.`, `/`, `%` and a plural's `(S)` (kubectl's `CLUSTER-IP   PORT(S)`, `docker stats`' `NET I/O`).
_COLUMN = r"[A-Z][A-Z0-9_./%-]*(?:\([A-Z]+\))?"
_TABLE_HEADER = re.compile(rf"{_COLUMN}(?: {_COLUMN})*(?: {{2,}}|\t){_COLUMN}"
                           r"(?:(?: {1,}|\t)[A-Z0-9_%/][A-Z0-9_./%-]*(?:\([A-Z]+\))?)*[ \t]*")
_JSON_BRACKET = re.compile(r"[\[\]{}],?")  # in output, a lone bracket closes JSON (in a script, `}` closes a group)
_COLUMN_GAP = re.compile(r"\S(?: {2,}|\t)\S")


def _output_rows(rows: list[str]) -> list[int]:
    """Indices of the rows that are output: from a line only a program prints (or a table's header) up to the
    next comment or line that reads as a command. In a table, a row with columns is output even when it starts with
    a program's name (`nginx   latest   605c77e624dd`); blank lines inside other output do not end it. Only a row
    where bash would start a command can be output (not one inside a here-document, a quote or a continued line),
    and an output row is not read as bash (its quotes open nothing)."""
    found: list[int] = []
    in_output = in_table = False

    def take(index: int, row: str) -> bool:
        nonlocal in_output, in_table
        line, stripped = row.rstrip(), row.strip()
        if has_posix_prompt(row):  # a prompt in a script (its own rule reports it): output follows
            in_output, in_table = True, False
            return False
        if _TABLE_HEADER.fullmatch(line) or _OUTPUT.fullmatch(line):
            in_output, in_table = True, in_table or bool(_TABLE_HEADER.fullmatch(line))
            found.extend(_opening_brackets(rows, found, index) if _JSON_KEY.fullmatch(line) else ())
        elif not stripped:
            in_table = False
            return False
        elif not in_output or not (in_table and _COLUMN_GAP.search(stripped) or _JSON_BRACKET.fullmatch(stripped)
                                   or not (stripped.startswith("#") or not_shell.command_like(row))):
            in_output = in_table = False
            return False
        found.append(index)
        return True

    command_starts(rows, take)
    return found


def _opening_brackets(rows: list[str], found: list[int], index: int) -> list[int]:
    """The lone `{` / `[` rows right above JSON's first key (pasted `daemon.json`): part of it, not a shell group."""
    above = index - 1
    while above >= 0 and above not in found and _JSON_BRACKET.fullmatch(rows[above].strip()):
        above -= 1
    return list(range(above + 1, index))
