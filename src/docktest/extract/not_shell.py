"""What in a shell fence is not shell: a whole block (a Compose file, a Dockerfile, nginx.conf, a listing, JSON),
a line no one types into a shell (a list item, YAML, a crontab entry, a note), and what a command line looks like."""

from __future__ import annotations

import json
import re

from docktest.extract.lines import command_starts
from docktest.programs import is_program
from docktest.suggest import closest

_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=")
_FLAG_ROW = re.compile(r"--?[A-Za-z][\w-]*(?:[ =].*)?")
_BROKEN_CONTINUATION = re.compile(r"\\[ \t]+#")  # `docker run -d \  # 설명`: the comment ends the command there
_HTTP_REQUEST = re.compile(r"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)[ \t]+/\S*.*")


def command_like(row: str) -> bool:
    """Whether a line reads as a command: it starts with a program (after sudo and assignments), a path, a shell
    keyword, or a near-miss of a program's name (`doccker ps` stays a command, to be reported)."""
    words = row.split()
    while words and (words[0] in ("sudo", "$", "\\") or _ASSIGNMENT.match(words[0])):
        words.pop(0)
    if not words:
        return False
    first = words[0].lstrip("\\(")
    if is_program(first) or first.startswith(("./", "/", "~/", "$", "{", "}")) or first in ("if", "for"):
        return True
    return first.islower() and closest(first, ["docker", "sudo", "cd", "ls", "cat", "echo", "curl"], 0.8) is not None


# Lines no one types into a shell, whatever block they sit in: what each is, as the reader is told.
_NOT_SHELL_LINES = (
    (re.compile(r"[-*+•] \S.*"), "a list item"),
    (re.compile(r"[A-Za-z_][\w.-]*:(?:[ \t].*)?"), "YAML (`key: value`)"),
    (re.compile(r"(?:FROM|RUN|COPY|ADD|WORKDIR|CMD|ENTRYPOINT|EXPOSE|ENV|ARG|LABEL|USER|VOLUME|HEALTHCHECK|ONBUILD"
                r"|STOPSIGNAL) .*"), "a Dockerfile instruction"),
    (re.compile(r"[\d*/,-]+(?:[ \t]+[\d*/,-]+){4}[ \t]+\S.*"), "a crontab entry"),
    (_HTTP_REQUEST, "an HTTP request line"),
    (re.compile(r"(?:SELECT|SHOW|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|GRANT|USE)\b.*;"), "SQL"),
    (re.compile(r"[\w./-]+:[\w.+-]+(?:[ \t]+#.*)?"), "an image name (`name:tag`)"),
    (re.compile(r"v?\d+(?:\.\d+)+[\w.+-]*(?:[ \t]+#.*)?"), "a version number"),
    (re.compile(r"[\uac00-\ud7a3].*"), "a note in Korean (no command has a Korean name)"),
    (re.compile(r"[^\x00-\x7f\uac00-\ud7a3].*"), "a note (it starts with a symbol)"),
)


def lines(rows: list[str]) -> list[tuple[int, str]]:
    """(row, what it is) of each row where bash would start a command but that no one types into a shell: a list
    item, YAML, a Dockerfile instruction, a crontab entry, a note in Korean or led by a symbol (`✅ 장점`)."""
    found = []

    def take(index: int, row: str) -> bool:
        what = next((what for pattern, what in _NOT_SHELL_LINES if pattern.fullmatch(row.strip())), None)
        cut_short = index and _BROKEN_CONTINUATION.search(rows[index - 1])
        if what is None and _FLAG_ROW.fullmatch(row.strip()) and not cut_short:
            what = "a list of flags"  # a cheat sheet's row; after `\ # comment` it is a command cut short instead
        if what is not None:
            found.append((index, what))
        return what is not None

    command_starts(rows, take)
    return found


_YAML_KEY = re.compile(r"[ \t]*(?:- )?[\w.\"'/-]+:(?:[ \t].*)?")
_YAML_ITEM = re.compile(r"[ \t]*- .*|[ \t]+.*")
_COMPOSE_TOP = re.compile(r"(?:services|version|volumes|networks|configs|secrets|name|include|x-[\w-]+):.*")
_CONF_BLOCK = re.compile(r"[ \t]*(?:server|http|events|location|upstream|stream|map|if)\b[^;]*\{[ \t]*")
_CONF_LINE = re.compile(r"[ \t]*(?:[\w.-]+[ \t][^{}]*;|\}|[\w.-]+[ \t].*\{)[ \t]*(?:#.*)?")
_DOCKERFILE = re.compile(r"[ \t]*(?:FROM|RUN|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG"
                         r"|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL|MAINTAINER)\b.*")
_TREE = re.compile(r".*(?:├──|└──|│  ).*")
_IGNORE_PATTERN = re.compile(r"!?[\w.*?/\[\]-]+")


def block_kind(rows: list[str], meaningful: list[str]) -> tuple[str, str] | None:
    """(what it is, the tag to use) when a shell fence holds something else as a whole; None for shell."""
    if not meaningful:
        return None
    text = "\n".join(rows)
    if any(_COMPOSE_TOP.fullmatch(row) for row in meaningful) and all(
            _YAML_KEY.fullmatch(row) or _YAML_ITEM.fullmatch(row) for row in meaningful) and _not_commands(meaningful):
        return "a YAML file (a Compose file?)", "yaml"
    if all(_DOCKERFILE.fullmatch(row) or row[:1].isspace() for row in meaningful) and _DOCKERFILE.match(meaningful[0]):
        return "a Dockerfile", "dockerfile"
    if any(_CONF_BLOCK.fullmatch(row) for row in meaningful) and all(_CONF_LINE.fullmatch(row) for row in meaningful):
        return "a configuration file (nginx?)", "nginx"
    if all(_HTTP_REQUEST.fullmatch(row.strip()) for row in meaningful):
        return "a list of HTTP requests", "http"
    if sum(bool(_TREE.fullmatch(row)) for row in meaningful) * 2 >= len(meaningful):
        return "a folder listing", "text"
    if meaningful[0].lstrip()[:1] in "{[" and _is_json(text):
        return "JSON", "json"
    if (len(meaningful) > 1 and all(_IGNORE_PATTERN.fullmatch(row.strip()) for row in meaningful)
            and any(set(row) & set("*.!/") for row in meaningful) and _not_commands(meaningful)):
        return "a list of file patterns (a .dockerignore?)", "text"
    return None


def _not_commands(rows: list[str]) -> bool:
    return not any(command_like(row) for row in rows)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):  # `[[[[…` deeper than the decoder's recursion limit: not a JSON file
        return False
    return True
