"""A docker CLI's command tree, read from its `__complete` and `--help` (plugins included)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

FLAG_LINE = re.compile(  # a help text's flag line: `  -a, --all type   Description`
    r"^\s+(?:-(\w), )?--([\w-]+)(?: ([\w.-]+))?(?:\s{2,}|$)")
_SECTION = re.compile(r"^(?:[\w ]*Options|Flags):\s*$")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
# Bumped whenever the tree's shape or parsing changes, so an older cache or data file is not read.
FORMAT = 3
# The help flag every cobra command accepts (its help text does not always list it).
_ALWAYS = {"--help": False, "-h": False}


class CliError(RuntimeError):
    """A docker client that cannot be asked: missing, failing or not answering in time."""


def ask(argv: list[str], timeout_s: float = 30) -> str:
    """ARGV's standard output; a client that hangs is killed with everything it started (its own session)."""
    env = {**os.environ, "DOCKER_CLI_HINTS": "false", "COLUMNS": "200"}
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                text=True, env=env, start_new_session=True)
    except OSError as error:
        raise CliError(f"cannot be run: {error.strerror}") from None
    try:
        stdout, _ = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise CliError(f"did not answer within {timeout_s:g} s") from None
    return stdout


def _subcommands(cli: Sequence[str], path: list[str], timeout_s: float) -> list[str]:
    names = []
    for line in ask([*cli, "__complete", *path, ""], timeout_s).splitlines():
        name = line.split("\t", 1)[0]
        if name and not name.startswith((":", "-")) and name != "help" and re.fullmatch(r"[\w-]+", name):
            names.append(name)
    return names


def parse_help(text: str, path: list[str]) -> dict:
    """Flags (name → takes a value), minimum positional arguments, aliases, from one `--help` text."""
    flags: dict[str, bool] = dict(_ALWAYS)
    usages: list[str] = []
    aliases: list[str] = []
    section = ""
    is_group = False
    for line in text.splitlines():
        is_group = is_group or bool(re.match(r"^[\w ]*Commands:\s*$", line))
        if line.startswith("Usage:"):
            section, line = "usage", line[len("Usage:"):]
        elif line.startswith("Aliases:"):
            section = "aliases"
            continue
        elif _SECTION.match(line):
            section = "flags"
            continue
        elif line and not line[0].isspace():
            section = ""
        if section == "usage" and line.strip():
            usages.append(line.strip())
        elif section == "aliases" and line.strip():
            for alias in line.split(","):
                words = alias.split()
                # only aliases under the same parent ("docker image list" for "docker image ls")
                if len(words) == len(path) + 1 and words[1:-1] == path[:-1]:
                    aliases.append(words[-1])
        elif section == "flags":
            match = FLAG_LINE.match(line)
            if match:
                short, long, value_type = match.groups()
                flags["--" + long] = bool(value_type)
                if short:
                    flags["-" + short] = bool(value_type)
    required, interspersed = usage_facts(usages)
    return {"flags": flags, "usage": usages, "required": required, "interspersed": interspersed,
            "aliases": aliases, "commands": {}, "group": is_group}


def usage_facts(usages: list[str]) -> tuple[int, bool]:
    """(positional arguments needed, whether flags may follow them) from a command's usage lines: a command whose
    usage ends in `ARG...` hands everything after its own arguments on (`docker exec C ls -la`)."""
    required = min((_required(usage) for usage in usages), default=0)
    return required, not any(re.search(r"\bARGS?\.\.\.", usage) for usage in usages)


def _required(usage: str) -> int:
    """How many positional arguments a usage line needs: `docker run [OPTIONS] IMAGE [COMMAND]` → 1.

    OPTIONS stands for the flags even without brackets (`docker trust signer add OPTIONS NAME REPOSITORY`).
    """
    words = usage.split()
    while words and re.fullmatch(r"[a-z][a-z0-9-]*", words[0]):
        words.pop(0)  # the command path
    rest = " ".join(word for word in words if word != "OPTIONS")
    while _BRACKETS.search(rest):
        rest = _BRACKETS.sub("", rest)
    rest = re.sub(r"\s*\|\s*", "|", rest)
    return len(rest.split())


def read_tree(cli: Sequence[str], timeout_s: float = 30) -> dict:
    """Every command's help, fetched in parallel: the CLI's own parser knowledge, not a hand-written table.

    CLI is the argv that runs the client (`["docker"]`, or `["docker", "exec", ID, "docker"]` for one in a
    container). Plugins (`buildx`, `compose`) are commands like any other: the client forwards their help and
    completion. Raises CliError when the client cannot be asked.
    """
    root = parse_help(ask([*cli, "--help"], timeout_s), [])

    def fetch(path: list[str]) -> tuple[list[str], dict, list[str]]:
        node = parse_help(ask([*cli, *path, "--help"], timeout_s), path)
        # `__complete` after a leaf command lists its arguments (containers…), so ask groups only
        return path, node, _subcommands(cli, path, timeout_s) if node["group"] else []

    with ThreadPoolExecutor(max_workers=8) as pool:
        try:
            pending = [pool.submit(fetch, [name]) for name in _subcommands(cli, [], timeout_s)]
            while pending:
                path, node, children = pending.pop().result()
                parent = root
                for name in path[:-1]:
                    parent = parent["commands"][name]
                parent["commands"][path[-1]] = node
                pending.extend(pool.submit(fetch, [*path, child]) for child in children)
        finally:
            pool.shutdown(cancel_futures=True)  # a failed answer: do not wait for the rest
    return root


def client_version(cli: Sequence[str], timeout_s: float = 30) -> str:
    """`docker --version`'s version ("26.1.5+dfsg1"), or CliError."""
    match = re.search(r"version ([\w.+-]+)", ask([*cli, "--version"], timeout_s))
    if not match:
        raise CliError("did not say its version (`docker --version`)")
    return match.group(1)
