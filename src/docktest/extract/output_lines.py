"""Output in a shell fence: the lines only a program prints (Docker's messages, logs, tables, a page's HTML), the
rows that output pasted under a command runs over, and a block that holds output and no command at all."""

from __future__ import annotations

import json
import re

from docktest.extract import not_shell
from docktest.extract.lines import command_starts
from docktest.extract.prompts import BUILD_STEP, has_posix_prompt
from docktest.programs import is_program, near_program

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
    # Compose v1: `Pulling web ... done`, a service still in progress (`Creating app_db_1 ...`), its network
    r" *[✔⠿✘] .*", r"(?:Creating|Starting|Stopping|Removing|Recreating|Pulling|Building|Killing) \S+ +\.\.\."
    r"(?: (?:done|error))?", r"Creating (?:network|volume) \"[^\"]+\" with (?:the )?\S+ driver",
    r"Attaching to .*", r"Login Succeeded", r"Untagged: \S+", r"Deleted: sha256:[0-9a-f]+",
    r"Deleted (?:Containers|Images|Networks|Volumes|build cache objects):", r"Total reclaimed space: .*",
    r"WARNING! This will remove.*", r"Are you sure you want to continue\? \[y/N\].*",
    r"\[\{?", _JSON_KEY.pattern,
    # a registry client's progress (oras: `Uploading 3daa3dac086b wordpress.wasm`, `Pushed ghcr.io/x/y:latest`): a
    # capitalised verb and a short digest or a reference; no program has such a name
    r"[A-Z][a-z]+(?:ing|ed) (?:[0-9a-f]{12}(?:[ \t].*)?|[\w./-]+(?::[\w.-]+|@sha256:[0-9a-f]+))",
    # a log line's tag (`[nodemon] starting …`, `[INFO] …`, yarn's `[1/4] Resolving packages...`): bash would run a
    # glob as a program; Compose's log prefix, a service's container and a bar (`app-1    | yarn install v1.22.19`)
    r"\[(?:[A-Za-z][\w.-]*|\d+/\d+)\] \S.*", r"[\w.-]+[-_]\d+ +\| .*",
    # `ls -l`: its total and a file's mode, links, owner… (`drwxr-xr-x 2 root root 4096 Mar 2 16:20 bin`)
    r"total \d+(?:[.,]\d+)?[KMGT]?", r"[-dlcbps][r-][w-][xsS-][r-][w-][xsS-][r-][w-][xtT-][.+@]? +\d+ +\S.*",
    # top's first line, dig's banner, an HTML page (what curl prints), psql's row count
    r"top - \d+:\d\d:\d\d up .*", r"; <<>> DiG .*", r"<!DOCTYPE html>.*|<html\b.*", r"\(\d+ rows?\)",
    # `curl -i`'s status line (its headers and body follow); argparse's `--help`: its usage, its sections and an
    # option's row (`  -h, --help   show this help message and exit`): a flag then a comma is no command
    r"HTTP/\d(?:\.\d)? \d{3}(?: .*)?", r"usage: .*", r"(?:options|optional arguments|positional arguments):",
    r"[ \t]*-\w(?: [A-Z][A-Z0-9_]*)?, --[\w-]+.*",
    # a tool's progress (kind's `Creating cluster "kind" ...`): a capitalised verb, what it does, an ellipsis
    r"[A-Z][a-z]+ing \S.* \.\.\.(?: .*)?",
    # Gradle's steps and its summary (`BUILD SUCCESSFUL in 3s`, `5 actionable tasks: 5 executed`)
    BUILD_STEP.pattern, r"BUILD (?:SUCCESSFUL|FAILED) in \S+", r"\d+ actionable tasks?: .*",
    # `docker stack deploy`'s and `rm`'s progress; telnet's greeting; `route -n`'s title
    r"(?:Creating|Removing|Updating) (?:service|network|secret|config) \S+", r"Trying [\w.:-]+\.\.\.",
    r"Connected to [\w.:-]+\.", r"Escape character is '\^\]'\.", r"Kernel IP routing table",
    # a Java stack trace (`Caused by: java.lang.X: …`, `\tat com.x.Y.method(Y.java:62) ~[y.jar:1.0]`, `... 111 common
    # frames omitted`): a frame names its source file and line in parentheses, which bash cannot read after `at`
    r"(?:Caused by|Exception in thread \"[^\"]*\"):? [\w$.]+(?:Exception|Error|Throwable)\b.*",
    r"[ \t]*at [\w$.<>/-]+\((?:[\w$-]+\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source|<generated>)\)"
    r"(?: .*)?", r"[ \t]*\.\.\. \d+ (?:common frames omitted|more)",
]))
# psql's rule under a table's header (`----+-------------`), kubectl describe's (`----     ------`): the row above it
# is that header (`id | description`, `Type     Reason     Age`)
_TABLE_RULE = re.compile(r"[ \t]*(?:-+(?:\+-+)+|-{2,}(?:[ \t]+-{2,})+)[ \t]*")
# What a log, a script or a tool prints, whatever printed it: no program has these shapes, so none of them is a
# command. A line led by a date or a time stamp (`01-31-2024 10:45:54 UTC : …`, `02/06/2025 06:15:32 PM INFO: …`,
# `[2024-01-31T10:45:54Z] …`); a rule of `=`, `-` or `*` (bash would run `=====`); `ip link`'s rows
# (`3: ens5: <BROADCAST,UP> mtu 1500 …`); podman's and Buildah's build steps (`STEP 1/5: FROM …`, `--> oracle/db:21.3.0`, `COMMIT`)
# What kubectl says became of a resource (`service/web unchanged`, `deployment.apps/web configured`): its kind, a
# slash, its name (no script's: `bin/setup.sh`) and a past participle; a relative path to a program is not so followed.
# A record's headers, key or value as a Kafka consumer prints them (`NO_HEADERS      {"schema":…}`): an upper-case
# name with `_` (a variable's shape, no program's), a gap between columns, then JSON.
RESOURCE = re.compile(r"[a-z][a-z0-9.-]*/[\w.-]+(?<!\.sh)(?<!\.py) (?:[a-z-]+ed|unchanged)(?: \(.*\))?")
_LOG = re.compile("|".join([
    r"\[?\d{1,4}([-/])\d{1,2}\1\d{1,4}(?:[T ,_]\d{1,2}:\d\d\S*)?\]?(?:[ \t].*)?",
    r"\[?\d{1,2}:\d\d:\d\d(?:[.,]\d+)?\]?(?:[ \t].*)?",
    r"={3,}|-{4,}|\*{4,}",
    r"\d+: [\w@.-]+: <[A-Z0-9_,-]*> .*",
    r"STEP \d+(?:/\d+)?: .*", r"--> [\w./:@-]+", r"COMMIT(?: [\w./:@-]+)?", RESOURCE.pattern,
    r"[A-Z][A-Z0-9]*_[A-Z0-9_]*(?: {2,}|\t)[{\[\"].*",
]))
# An all-capitals banner of three words or more (`ORACLE RAC DATABASE IS READY TO USE!`): commands are lower case
_BANNER = re.compile(r"[A-Z][A-Z0-9_'.,()/-]*(?:[ \t]+[A-Z0-9][A-Z0-9_'.,()/:-]*){2,}[ \t]*[!.]?")
# Lines of the same kinds whose first word could name a program, so they count only when it does not (nor a typo of
# one's): Compose's log prefix (Swarm's: `web.1.9xv3jpwuhk3k@node-1    | …`), a container's name padded to its
# neighbours' (`racnode-storage  | NFS Server is up`), a metric row (`requests_total{code="200"} 5 1681509066304`),
# a container ID ahead of `podman ps`'s columns, `ls`'s file names in columns (`LINUX.X64_db_home.zip
# LINUX.X64_grid_home.zip`), a `ps -ef` row (`oracle  123  1  0 10:00 ?  00:00:01 …`)
_NAMED_LOG = re.compile("|".join([
    r"[\w.-]+(?:@[\w.-]+)?(?: {2,}| ?\t)\| .*",
    r"[A-Za-z_:][\w:]*_[\w:]*(?:\{[^{}]*\})?[ \t]+(?:[-+]?\d[\d.]*(?:e[-+]?\d+)?|NaN|[-+]Inf)(?:[ \t]+\d+)?",
    r"(?=[0-9a-f]*\d)[0-9a-f]{12}(?: {2,}|\t)\S.*",
    r"[\w+-]+\.\w+[\w.+-]*(?:(?: {2,}|\t)[\w+-]+\.\w+[\w.+-]*)+",
    r"[a-z_][\w-]*[ \t]+\d+[ \t]+\d+[ \t]+\d+[ \t]+\S+[ \t]+\S+[ \t]+\d+:\d\d(?::\d\d)?[ \t]+\S.*",
]))
# A rule of `#` is a comment on its own; it frames a banner of output when the rows between two such rules are
# neither commands nor comments (`####⏎CONNECTION MANAGER IS READY TO USE!⏎####`)
_RULE = re.compile(r"[ \t]*(?:#{4,}|={4,}|-{4,}|\*{4,})[ \t]*")
_FRAMED = 3  # at most this many rows in a banner between two rules
# A table's header: two or more capitalised column names two spaces apart (`CONTAINER ID   IMAGE   COMMAND`); a
# name may hold `-`, `.`, `/`, `%` and a plural's `(S)` (kubectl's `CLUSTER-IP   PORT(S)`, `docker stats`' `NET I/O`).
_COLUMN = r"[A-Z][A-Z0-9_./%-]*(?:\([A-Za-z]+\))?"
_TABLE_HEADER = re.compile(rf"{_COLUMN}(?: {_COLUMN})*(?: {{2,}}|\t){_COLUMN}"
                           r"(?:(?: {1,}|\t)[A-Z0-9_%/][A-Z0-9_./%-]*(?:\([A-Za-z]+\))?)*[ \t]*")
_JSON_BRACKET = re.compile(r"[\[\]{}],?")  # in output, a lone bracket closes JSON (in a script, `}` closes a group)
COLUMN_GAP = re.compile(r"\S(?: {2,}|\t)\S")  # a table's row, as a tool prints it: a gap between columns


def find(rows: list[str]) -> list[int]:
    """Indices of the rows that are output: from a line only a program prints (or a table's header) up to the
    next comment or line that reads as a command. In a table, a row with columns is output even when it starts with
    a program's name (`nginx   latest   605c77e624dd`); blank lines inside other output do not end it. Only a row
    where bash would start a command can be output (not one inside a here-document, a quote or a continued line),
    and an output row is not read as bash (its quotes open nothing)."""
    found: list[int] = []
    in_output = in_table = False
    framed = _framed(rows) | _help_sections(rows)

    def take(index: int, row: str) -> bool:
        nonlocal in_output, in_table
        line, stripped = row.rstrip(), row.strip()
        if has_posix_prompt(row):  # a prompt in a script (its own rule reports it): output follows
            in_output, in_table = True, False
            return False
        if _TABLE_RULE.fullmatch(line) and index and rows[index - 1].strip() and index - 1 not in found:
            found.append(index - 1)
        if index in framed or _TABLE_HEADER.fullmatch(line) or _OUTPUT.fullmatch(line) or _TABLE_RULE.fullmatch(line) \
                or log_line(row):
            in_output, in_table = True, in_table or bool(_TABLE_HEADER.fullmatch(line))
            found.extend(_opening_brackets(rows, found, index) if _JSON_KEY.fullmatch(line) else ())
        elif not stripped:
            in_table = False
            return False
        elif not in_output or not (in_table and COLUMN_GAP.search(stripped) or _JSON_BRACKET.fullmatch(stripped)
                                   or not (stripped.startswith("#") or not_shell.command_like(row))):
            in_output = in_table = False
            return False
        found.append(index)
        return True

    command_starts(rows, take)
    return sorted(found + _answer(rows, found) + _listing(rows, found))


# A one-word answer (`echo | faas-cli invoke print-secret` ⏎ `ellis`): a plain word, no program's name
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_SOURCING = re.compile(r"[ \t]*(?:source|\.)[ \t]")


def _answer(rows: list[str], found: list[int]) -> list[int]:
    """The block's last row when it is what the command right above it printed: one word that names no program,
    builtin or typo of one (`doccker` stays a command), in a block that sources no script (a sourced script may
    define it: venv's `deactivate`)."""
    meaningful = [index for index, row in enumerate(rows) if row.strip()]
    if len(meaningful) < 2 or meaningful[-1] in found or any(_SOURCING.match(row) for row in rows):
        return []
    last, above = meaningful[-1], meaningful[-2]
    word, command = rows[last].strip(), rows[above].rstrip()
    if above != last - 1 or above in found or command.endswith("\\") or command.lstrip().startswith("#") \
            or not _WORD.fullmatch(word) or is_program(word) or near_program(word.lower()) \
            or not not_shell.command_like(command) or _defines(rows, word):
        return []
    return [last]


# `ls` as typed (flags, paths; no pipe, no redirection), and a row of what it lists: names in columns two spaces apart
_LS = re.compile(r"[ \t]*ls(?:[ \t]+[\w./~*-]+)*[ \t]*")
_LISTED = re.compile(r"[\w.@+-]+/?(?:(?: {2,}|\t)[\w.@+-]+/?)+[ \t]*")


def _listing(rows: list[str], found: list[int]) -> list[int]:
    """The rows right under an `ls` command that are what it listed (`ls` ⏎ `package.json  spec  src  yarn.lock`):
    file names in columns, the first of them no program's name nor a typo of one (`ls` ⏎ `dcoker  ps` stays a
    command)."""
    listed: list[int] = []
    for index, row in enumerate(rows):
        if "ls" not in row or not _LS.fullmatch(row) or index in found:
            continue
        below = index + 1
        while below < len(rows) and below not in found and _LISTED.fullmatch(rows[below].strip()) and not (
                is_program(first := rows[below].split()[0].rstrip("/")) or near_program(first)):
            listed.append(below)
            below += 1
    return listed


def _defines(rows: list[str], word: str) -> bool:
    """Whether ROWS define WORD as a function or an alias (`greet() {`, `function greet`, `alias ll=…`)."""
    return re.search(rf"\b{word}\s*\(\)|\bfunction\s+{word}\b|\balias\s+{word}=", "\n".join(rows)) is not None


def log_line(row: str) -> bool:
    """Whether ROW is a line a log, a script or a tool prints and no one types (see _LOG, _BANNER and _NAMED_LOG,
    whose first word must name no program: `ls  | wc -l` stays a command), or a line of JSON (an API's answer)."""
    stripped = row.strip()
    if _LOG.fullmatch(stripped):
        return True
    if _BANNER.fullmatch(stripped):
        return not not_shell.command_like(stripped)
    if _NAMED_LOG.fullmatch(stripped):
        first = stripped.split()[0].lower()
        return not (not_shell.command_like(stripped) or is_program(first) or near_program(first))
    return stripped[:2] in ('{"', '["', "[{") and _json(stripped)


def _json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _framed(rows: list[str]) -> set[int]:
    """The rows of banners framed by rules (see _RULE), the rules with them: each row between two rules is no
    command and no comment."""
    rules = [index for index, row in enumerate(rows) if _RULE.fullmatch(row)]
    framed: set[int] = set()
    for top, bottom in zip(rules, rules[1:]):
        inside = [row for row in rows[top + 1:bottom] if row.strip()]
        if 0 < bottom - top - 1 <= _FRAMED and inside and not any(
                row.lstrip().startswith("#") or not_shell.command_like(row) for row in inside):
            framed.update(range(top, bottom + 1))
    return framed


# A section of a program's help (`NAME:`, `USAGE:`, `GLOBAL OPTIONS:`, `COMMANDS:`): upper-case words, a colon
_HELP_SECTION = re.compile(r"[A-Z][A-Z ]*[A-Z]:")


def _help_sections(rows: list[str]) -> set[int]:
    """The rows of a program's `--help` listing (urfave/cli's, cobra's): each section's heading and the indented rows
    under it (etcdctl's `\tget\t\t\tGets the key …`, `      --cacert=""   verify …`), blank rows between them aside, up
    to a row that is neither. A heading with no indented row under it is none, and a listing has two sections or more
    (one `SETUP:` above indented commands is a script's label)."""
    found: set[int] = set()
    headings, heading = set(), -1
    for index, row in enumerate(rows):
        if _HELP_SECTION.fullmatch(row.rstrip()):
            heading = index
        elif heading >= 0 and row[:1] in (" ", "\t") and row.strip():
            found.update((heading, index))
            headings.add(heading)
        elif row.strip():
            heading = -1
    return found if len(headings) > 1 else set()


def _opening_brackets(rows: list[str], found: list[int], index: int) -> list[int]:
    """The lone `{` / `[` rows right above JSON's first key (pasted `daemon.json`): part of it, not a shell group."""
    above = index - 1
    while above >= 0 and above not in found and _JSON_BRACKET.fullmatch(rows[above].strip()):
        above -= 1
    return list(range(above + 1, index))
