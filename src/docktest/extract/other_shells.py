"""Lines of a shell block that another program reads: those at its prompt (`mysql>`, `PS C:\\>`, `>>>`), the
rows under a comment that names a shell that is not POSIX (`# Windows (PowerShell)`, `# Command Prompt`), as pages
list the same command once per shell in one block, and what is typed after a command that opens another shell (a
container's, another user's)."""

from __future__ import annotations

import re

# Prompts of programs that are not a POSIX shell: what follows is not bash. The mongo shell's and node's prompt is a
# bare `> `, bash's continuation prompt too: it is theirs only before what they read and bash cannot (`> use admin`,
# `> db.createUser({…})`, `> for (i = 0; …`); `> docker ps` stays bash's. So is a SQL statement ended by its `;`
# (a psql prompt written as `> `: `> select content from http_get('…');`). ZooKeeper's zkCli.sh prompts
# `[zk: localhost:2181(CONNECTED) 0] `.
_FOREIGN = re.compile(r"[ \t]*(?P<prompt>PS [A-Za-z]:\\[^>]*>|PS>|[A-Za-z]:\\[^>]*>|mysql>|MariaDB \[[^\]\n]*\]>"
                      r"|\[zk: [^\]\n]*\]"
                      r"|mongo>|sqlite>|>>>|\w+=[#>]|irb\([^)\n]*\):\d+:\d+>|[\w.-]+:\d+>|\((?:gdb|lldb|Pdb)\)"
                      r"|SQL>|GDSCTL>|RMAN>|DGMGRL>|ASMCMD>|>(?= (?:(?:use|show) [\w.-]+;?[ \t]*$|(?:db|rs|sh)\.[\w.]*\("
                      r"|(?:for|while) ?\((?!\()|(?:var|let|const) \w+ ?=|print(?:json)?\("
                      r"|(?i:select|insert|update|delete|create|drop|alter|grant|revoke|truncate|explain)\b[^;]*;[ \t]*$)))(?: |$)")
# SQL*Plus's start command, typed at its `SQL> ` prompt with the prompt left out: `@script.sql`, `@@nested.sql`
_SQLPLUS_SCRIPT = re.compile(r"[ \t]*@@?[\w./${}-]+\.sql(?:[ \t]+[^\s;&|]+)*[ \t;]*")
_SHELL = r"(?:windows|powershell|pwsh|cmd(?:\.exe)?|command[ \t]+prompt|명령[ \t]*프롬프트|파워[셸쉘])"
# The comment is a label and nothing more: `# Windows (Command Prompt)`, `# PowerShell:`, `# For Windows users`;
# a parenthesis may name the shell inside Windows, and when it names a POSIX one (`# Windows (Git Bash)`,
# `# Windows (WSL)`) the lines under it are bash.
_LABEL = re.compile(rf"(?i)(?:(?:on|for|in|with)[ \t]+)?{_SHELL}(?:[ \t]*[/,&+][ \t]*{_SHELL}|[ \t]+{_SHELL})*"
                    r"(?:[ \t]*\((?P<inner>[^()]*)\))?(?:[ \t]+(?:users?|only|사용자))?[ \t]*:?")
# A command that hands the terminal to a program in a container: what is typed next goes in there.
_INTERACTIVE = re.compile(r"(?:^|[\s;&|(])(?:docker(?:\s+container)?\s+(?:run|exec|start|create)(?=\s)(?=.*(?:\s-[a-z]*i[a-z]*t"
                          r"|\s-[a-z]*t[a-z]*i|--interactive|-i\s+-t|-t\s+-i))|docker\s+(?:container\s+)?attach\s"
                          r"|docker[\s-]compose\s+(?:\S+\s+)*?(?:exec|run)\s)", re.S)
# A shell or a database/language prompt that a container's terminal opens (`docker run -it … powershell`).
_SHELL_PROGRAM = re.compile(r"(?:/(?:usr/)?bin/)?(?:sh|bash|ash|zsh|dash|powershell|pwsh|cmd|mysql|mariadb|psql"
                            r"|mongo|mongosh|redis-cli|python3?|node|irb)(?:\.exe)?(?:[ \t]+-[-\w]+)*[ \t]*")
# A command that opens another user's shell at the terminal (`su - grid`, `sudo su - oracle`, `sudo -iu app`): what is
# typed next runs as that user, in that shell. `su -c …` runs one command; root's shell is the sandbox's own user.
_USER_SHELL = re.compile(r"(?:sudo[ \t]+)?su(?:[ \t]+(?:-|-l|--login))?[ \t]+(?!root\b)(?P<user>[a-z_][\w.-]*)"
                         r"|sudo[ \t]+(?:-i[ \t]+-u|-iu|-u)[ \t]*(?!root\b)(?P<sudo>[a-z_][\w.-]*)(?:[ \t]+-i)?[ \t]*")
_POSIX_NAME = re.compile(r"(?i)\b(?:bash|git|wsl\d?|sh|zsh|linux|mac(?:os)?|unix|cygwin|msys\d*)\b")


def foreign_prompt(line: str) -> str | None:
    """The prompt of another program that LINE is typed at (a bare `@script.sql` is SQL*Plus's), or None."""
    found = _FOREIGN.match(line)
    return found.group("prompt") if found else "SQL>" if "@" in line and _SQLPLUS_SCRIPT.fullmatch(line) else None


def label(row: str) -> str | None:
    """The comment ROW as written when it names a shell that is not POSIX (`# Windows (PowerShell)`), else None."""
    stripped = row.strip()
    if not stripped.startswith("#") or stripped.startswith("#!"):
        return None
    found = _LABEL.fullmatch(stripped.lstrip("#").strip())
    if found is None or found.group("inner") is not None and _POSIX_NAME.search(found.group("inner")):
        return None
    return stripped


# A cmd.exe batch file's first line, when a row under it has cmd's own syntax (`for /f … %%x in (".env") do set
# "%%x"`, `%USERPROFILE%`): what follows is cmd's, not bash (a lone `@echo off` stays a command that fails)
_BATCH_START = re.compile(r"(?i)[ \t]*@echo[ \t]+off[ \t]*")
_BATCH_SYNTAX = re.compile(r"(?i)%%\w|%\w+%|^[ \t]*for[ \t]+/[dflr]\b")


def sections(rows: list[str]) -> dict[int, str]:
    """The rows written for another shell, each with the comment that says so: from a comment naming a shell that is
    not POSIX (that row too) up to the next comment row, which starts the next shell's lines (`# Mac / Linux`); and
    from a batch file's `@echo off` likewise."""
    found: dict[int, str] = {}
    current: str | None = None
    for index, row in enumerate(rows):
        if row.strip().startswith("#"):
            current = label(row)
        elif "@" in row and _BATCH_START.fullmatch(row) and any(_BATCH_SYNTAX.search(below) for below in rows[index + 1:]):
            current = row.strip()
        if current is not None:
            found[index] = current
    return found


def hands_over_terminal(command: str) -> bool:
    """Whether COMMAND hands the terminal to a program in a container (`docker exec -it`, `compose run`)."""
    return _INTERACTIVE.search(command) is not None


def opens_container_shell(command: str) -> bool:
    """Whether COMMAND hands the terminal to a shell (or a REPL) in a container, so that the lines typed next go in
    there: `docker run -it … sh`, `docker exec -it web bash -l`, `docker compose exec db psql -U app`."""
    if "docker" not in command or "<" in command:  # every _INTERACTIVE form names docker: most rows end here
        return False
    tail = _LAST_WORD.search(command)
    return (bool(_INTERACTIVE.search(command)) and tail is not None
            and _SHELL_PROGRAM.fullmatch(tail.group(1)) is not None)


_LAST_WORD = re.compile(r"\s(\S+(?:[ \t]+-[-\w]+)*)[ \t]*$")  # the program a command ends with, and its flags


def opens_user_shell(command: str) -> str | None:
    """The user whose shell COMMAND opens at the terminal (`su - grid`: grid), or None."""
    found = _USER_SHELL.fullmatch(command.strip()) if "su" in command else None  # `su` and `sudo` both hold it
    if found is None or found.group("sudo") and not command.rstrip().endswith("-i") and "-i" not in command:
        return None
    return found.group("user") or found.group("sudo")
