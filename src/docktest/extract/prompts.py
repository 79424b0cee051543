"""Terminal transcripts read as a reader's terminal shows them: which lines are prompts, which lines continue a
command, which are output, and which belong to a prompt that is not a POSIX shell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches

from docktest.extract import cut_words, not_shell, other_shells
from docktest.extract.elisions import elision
from docktest.extract.lines import scan, wrapped
from docktest.programs import is_program

Lines = tuple[tuple[str, int], ...]  # (text, file line) pairs

# A POSIX shell's prompt, then one space and the command: `$ `, `user@host:~$ `, `root@host:/app# `,
# `[root@host dir]# `, `[node1]$ `, `(venv) user@host:~/app$ `, `/ # `, `~/app $ `. Indentation is allowed.
_POSIX = re.compile(r"(?P<indent>[ \t]*)(?P<prompt>\$"
                    r"|(?:\([\w.-]+\) ?)?[\w.-]+@[\w.-]+(?::[^\s$#]*)? ?[$#]"
                    r"|\[[^\]\n]+\] ?[$#]"
                    r"|[/~][^\s$#]* ?[$#])(?: (?P<command>.*)|$)")
# A host's name as the prompt (`host$ `, `host-A $ `, `c1 # `): a prompt only when a program follows it, and, written
# with a space, when the name itself is no program nor a near miss of one (`echo # note`, `doccker $ docker ps`).
# Hosts joined by commas (`node-02,node-03# `) stand for one command typed on each.
_HOST = re.compile(r"(?P<indent>[ \t]*)(?P<prompt>(?P<host>[\w.-]+(?:,[\w.-]+)*)(?P<space> ?)[$#])(?: (?P<command>.*))")
# zsh's prompt (`% `, macOS's `me@mac ~ % `): only when a program follows (curl's progress header has `% Total`).
_ZSH = re.compile(r"(?P<indent>[ \t]*)(?P<prompt>(?:[\w.-]+@[\w.-]+ [^\s%]+ )?%) (?P<command>.*)")
# A root shell written as a bare `# `: only where the block has no other prompt and a program follows
# (elsewhere `# ` starts a comment).
_ROOT = re.compile(r"(?P<indent>[ \t]*)(?P<prompt>#) (?P<command>.*)")
# `> ` as the author's prompt before each command: only where the block has no POSIX prompt (after one, `> ` is
# bash's continuation prompt) and a program follows (bash would read a redirect to a file named after it).
_ANGLE = re.compile(r"(?P<indent>[ \t]*)(?P<prompt>>) (?P<command>.*)")
# A prompt's decoration on a line of its own, right above the prompt (Play with Docker:
# `[node1] (local) root@192.168.0.18 ~`, then `$ docker swarm init`).
_DECORATION = re.compile(r"[ \t]*(?:\[[^\]\n]+\] )?(?:\([^)\n]+\) )?[\w.-]+@[\w.-]+(?::\S*)?(?: \S+)?[ \t]*")
# A shell inside a container: busybox's `/ # `, or a host name that is a container ID (`root@1add2615774b:/app$ `).
_CONTAINER_PROMPT = re.compile(r"/[^\s$#]* ?[$#]|[\w.-]+@[0-9a-f]{12}(?::\S*)? ?[$#]")
# A key press written where a command would be: `CTRL + C`, `Ctrl-D`, `^C`
_KEYSTROKE = re.compile(r"(?i)(?:press\s+)?(?:ctrl|control|cmd)(?:\s*[-+]\s*|\s+)[a-z]|\^[A-Z]")
# A command that opens, at the terminal, a program whose prompt is `> `: `docker exec -it db mongosh …`, `node`
_REPL = re.compile(r"(?:^|[\s;&|(])(?:mongosh|mongo|node)(?:[ \t]+(?!\S+\.(?:js|mjs|cjs)\b)[^\s;&|]+)*[ \t\\]*$")
_CONTINUED_BY_OPERATOR = re.compile(r"(?:\|\||&&|\|)[ \t]*$")
# A build tool's step, printed under its command behind `> ` (Gradle's `> Task :compileJava NO-SOURCE`,
# `> Configure project :app`): after a complete command no continuation, and no prompt (`Task` is no program)
BUILD_STEP = re.compile(r"[ \t]*> (?:Task|Configure project|Transform) :\S*(?: .*)?")


@dataclass(frozen=True)
class Prompt:
    """One command of a console block and what its author says it prints."""

    line: int  # file line of the prompt line
    command: Lines  # the command's lines without the prompt / `> `
    expected: Lines | None  # the lines up to the next prompt (trailing blank lines left out); None: nothing pasted


@dataclass(frozen=True)
class Foreign:
    """A prompt of another program (`mysql>`, `PS C:\\>`, `>>>`): its lines are not bash."""

    line: int
    prompt: str
    under: str = ""  # the comment that names the shell these lines are for (`# Windows (PowerShell)`), if any


@dataclass(frozen=True)
class Transcript:
    prompts: tuple[Prompt, ...]  # the commands of the reader's own shell
    foreign: tuple[Foreign, ...]  # prompts of other programs
    inside: tuple[Foreign, ...] = ()  # commands typed into a container's shell (`/ # apk add curl`)
    wrapped: tuple[int, ...] = ()  # file lines of commands the terminal wrapped onto the next row (read as one)


def has_posix_prompt(line: str) -> bool:
    """Whether the line is a POSIX shell prompt with a command after it (or an empty `$`)."""
    return _posix(line) is not None


def _posix(row: str) -> re.Match[str] | None:
    found = _POSIX.fullmatch(row)
    if found is None:
        found = _HOST.fullmatch(row)
        host = found.group("host") if found else ""
        if found is not None and (not _starts_with_program(found.group("command")) or found.group("space") and (
                is_program(host) or get_close_matches(host, ("docker", "sudo"), cutoff=0.8))):
            return None
    if found is None and "%" in row:
        found = _ZSH.fullmatch(row)
        if found is not None and not _starts_with_program(found.group("command")):
            return None
    return found


def angle_prompt(row: str) -> bool:
    """Whether ROW is `> ` and a program (`> docker build -t app .`): a prompt where the block has no POSIX one."""
    return _bare(_ANGLE, row) is not None


def root_prompt(row: str) -> bool:
    """Whether ROW is a bare `# ` and a command (`# hostname`): root's prompt where the block has no other one."""
    return _bare(_ROOT, row) is not None


def _bare(prompt: re.Pattern[str], row: str) -> re.Match[str] | None:
    """ROW at a bare PROMPT (`# `, `> `): one only when a program follows it, and at `# ` no sentence (`# the
    original file path` is a comment though `the` is a program)."""
    found = prompt.fullmatch(row)
    if found is None or not _starts_with_program(found.group("command")) or (
            prompt is _ROOT and not_shell.sentence(found.group("command"))):
        return None
    return found


def opens_with_decoration(meaningful: list[str]) -> bool:
    """Whether a block's first lines are a prompt's decoration and then a prompt (Play with Docker prints
    `[node1] (local) root@192.168.0.18 ~` on a line of its own above each `$ `): a transcript, not a script."""
    return len(meaningful) > 1 and _DECORATION.fullmatch(meaningful[0]) is not None and has_posix_prompt(meaningful[1])


def read_transcript(code: str, start_line: int, root_prompts: bool = False, angle_prompts: bool = False) -> Transcript:
    """The prompts of a transcript whose first code line is file line START_LINE.

    ROOT_PROMPTS: a bare `# ` starts a command when a program follows it and the block has no other prompt
    (console blocks only: in a script `#` is a comment). ANGLE_PROMPTS: `> ` and a program is the prompt (the
    caller has seen that the block has no POSIX prompt). Lines before the first prompt belong to no command;
    a command goes on over `> ` lines (unless `> ` is the prompt), a trailing `\\`, an operator at the end, an open
    quote and here-documents.
    Prompts under a comment that names another shell (`# Windows (PowerShell)`) are that shell's, with their lines.
    """
    rows = code.split("\n")
    other_shell = other_shells.sections(rows)
    bare_root = root_prompts and not any(has_posix_prompt(row) for row in rows)
    extra = _ROOT if bare_root else _ANGLE if angle_prompts else None
    prompts: list[Prompt] = []
    foreign: list[Foreign] = []
    inside: list[Foreign] = []
    wraps: list[int] = []
    current: _Open | None = None
    host_prompt = ""  # the prompt of the shell that handed its terminal to a container, until it is back
    index = 0
    while index < len(rows):
        row, number = rows[index], start_line + index
        found = _prompt(row, extra)
        if index in other_shell:
            if current is not None:
                prompts.append(current.closed())
                current = None
            if found is not None:
                foreign.append(Foreign(number, found[1], other_shell[index]))
            index += 1
            continue
        if found is not None and _not_typed(rows, index, found[2], extra):
            if current is not None:  # what follows an abandoned line or a keystroke is no command's output
                prompts.append(current.closed())
                current = None
            index += 1
            continue
        if found is not None:
            indent, prompt, text = found
            command, index = _command(rows, index, text, start_line, extra is _ANGLE)
            if index < len(rows) and (wrapped(command[-1][0], rows[index])
                                      or cut_words.cut_mid_word(command[-1][0], rows[index], indent, code)):
                command[-1] = (command[-1][0] + _dedent(rows[index], indent), command[-1][1])
                wraps.append(number)
                index += 1
            if host_prompt and prompt != host_prompt or not host_prompt and _CONTAINER_PROMPT.fullmatch(prompt):
                inside.append(Foreign(number, prompt))
                if current is not None:
                    current.comparable = False
                continue
            if current is not None:
                prompts.append(current.closed())
            host_prompt = prompt if other_shells.hands_over_terminal(text) else ""
            current = _Open(number, command, [], indent)
            continue
        other = other_shells.foreign_prompt(row) or (">" if row.startswith("> ") and current is not None
                                         and _opens_repl(current.command) else None)
        if other is not None:
            foreign.append(Foreign(number, other))
            if current is not None:  # an interactive program's session: what it shows cannot be compared
                current.comparable = False
        elif current is not None and not _decorates_next(rows, index, extra):
            current.output.append(("..." if elision(row) else _dedent(row, current.indent), number))
        index += 1
    if current is not None:
        prompts.append(current.closed())
    return Transcript(tuple(prompts), tuple(foreign), tuple(inside), tuple(wraps))


@dataclass
class _Open:
    """The prompt being read: its command, the output seen so far."""

    line: int
    command: list[tuple[str, int]]
    output: list[tuple[str, int]]
    indent: str
    comparable: bool = True

    def closed(self) -> Prompt:
        expected = _without_trailing_commentary(self.output) if self.comparable else ()
        return Prompt(self.line, tuple(self.command), expected or None)


def _prompt(row: str, extra: re.Pattern[str] | None) -> tuple[str, str, str] | None:
    """(indent, prompt, command text) when the row is a prompt line; EXTRA: the block's own kind of prompt
    (a bare `# ` or `> `), a prompt when a program follows it."""
    found = _posix(row)
    if found is None and extra is not None:
        found = _bare(extra, row)
    if found is None:
        return None
    return found.group("indent"), found.group("prompt").replace(" ", ""), found.group("command") or ""


def _not_typed(rows: list[str], index: int, text: str, extra: re.Pattern[str] | None) -> bool:
    """A prompt line that runs nothing: a line abandoned with Ctrl+C (the terminal echoes `^C` where it stopped:
    `$ curl -sSL https://… | ^C`), a keystroke written as a command (`$ CTRL + C`), or the prompt's own decoration
    pasted behind a `$ ` right above the next prompt (`$ [manager1] (local) root@192.168.0.48 ~/app`)."""
    stripped = text.rstrip()
    return (stripped.endswith("^C") or _KEYSTROKE.fullmatch(stripped) is not None
            or _DECORATION.fullmatch(stripped) is not None and index + 1 < len(rows)
            and _prompt(rows[index + 1], extra) is not None)


def _starts_with_program(command: str) -> bool:
    words = command.split()
    return bool(words) and is_program(words[0])


def _command(rows: list[str], index: int, first: str, start_line: int,
             angle: bool = False) -> tuple[list[tuple[str, int]], int]:
    """The command starting at ROWS[INDEX] (text FIRST) with every line that continues it; the next row's index.
    ANGLE: `> ` is the block's prompt, so a `> ` row continues only a command left open.

    A command cut short by the next prompt loses its dangling `\\` (else bash would join the two).
    """
    command = [(first, start_line + index)]
    compound = first.split(maxsplit=1)[:1] in (["for"], ["while"], ["until"], ["if"], ["case"])
    state = scan(first)
    heredocs = list(state.heredocs)
    index += 1
    while index < len(rows):
        row = rows[index]
        text = row[2:] if row.startswith("> ") else "" if row == ">" else row
        if heredocs:
            command.append((text, start_line + index))
            if heredocs[0].closed_by(text):
                heredocs.pop(0)
            index += 1
            continue
        continued = row.startswith("> ") or row == ">"
        more = (state.quote or state.continued or _CONTINUED_BY_OPERATOR.search(command[-1][0])
                or compound and _unfinished(command))
        if not continued and (has_posix_prompt(row) or not more) or continued and not more and (
                angle or _opens_repl(command) or BUILD_STEP.fullmatch(row)):
            break
        command.append((text, start_line + index))
        state = scan(text, state.quote)
        heredocs = list(state.heredocs)
        index += 1
    last, line = command[-1]
    if state.continued and not heredocs:
        command[-1] = (last[:-1].rstrip(), line)
    return command, index


def _unfinished(command: list[tuple[str, int]]) -> bool:
    """Whether a compound command (`for pkg in …; do`) still lacks its `done`, `fi` or `esac`: the lines under it
    go on with it, as bash reads them at its `> ` prompt, which pages leave out (Docker's own uninstall loop)."""
    words = re.split(r"[\s;&|()]+", " ".join(text for text, _ in command))
    return any(sum(word in opening for word in words) > words.count(closing)
               for opening, closing in ((("for", "while", "until"), "done"), (("if",), "fi"), (("case",), "esac")))


def _opens_repl(command: list[tuple[str, int]]) -> bool:
    """Whether the complete COMMAND starts a program whose own prompt is `> ` (mongosh, mongo, node) at a terminal:
    the `> ` rows after it are typed at that program, not a continuation of the command."""
    return _REPL.search(" ".join(text for text, _ in command)) is not None


def _decorates_next(rows: list[str], index: int, extra: re.Pattern[str] | None) -> bool:
    """A prompt's own decoration line right above the next prompt (not output)."""
    return (index + 1 < len(rows) and _DECORATION.fullmatch(rows[index]) is not None
            and _prompt(rows[index + 1], extra) is not None)


def _dedent(row: str, indent: str) -> str:
    return row[len(indent):] if indent and row.startswith(indent) else row


def _without_trailing_commentary(lines: list[tuple[str, int]]) -> Lines:
    """Output lines without the blank lines and `# ` remarks that end them (what the author says before the
    next prompt is not output)."""
    end = len(lines)
    while end and (not lines[end - 1][0].strip() or lines[end - 1][0].lstrip().startswith("# ")):
        end -= 1
    return tuple(lines[:end])
