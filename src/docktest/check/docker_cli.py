"""A docker CLI's command tree, read from its `__complete` and `--help` (plugins included), and argument checks."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from docktest.suggest import closest, did_you_mean

_FLAG = re.compile(r"^\s+(?:-(\w), )?--([\w-]+)(?: ([\w.-]+))?(?:\s{2,}|$)")
_SECTION = re.compile(r"^(?:[\w ]*Options|Flags):\s*$")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
# Bumped whenever the tree's shape or parsing changes, so an older cache or data file is not read.
FORMAT = 2
# The help flag every cobra command accepts (its help text does not always list it).
_ALWAYS = {"--help": False, "-h": False}


class CliError(RuntimeError):
    """A docker client that cannot be asked: missing, failing or not answering in time."""


@dataclass(frozen=True)
class Problem:
    """What is wrong with a docker command line: argument index, message, the corrected token."""

    index: int
    message: str
    suggestion: str | None = None


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


def _parse_help(text: str, path: list[str]) -> dict:
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
            match = _FLAG.match(line)
            if match:
                short, long, value_type = match.groups()
                flags["--" + long] = bool(value_type)
                if short:
                    flags["-" + short] = bool(value_type)
    required = min((_required(usage) for usage in usages), default=0)
    interspersed = not any("ARG..." in usage for usage in usages)
    return {"flags": flags, "usage": usages, "required": required, "interspersed": interspersed,
            "aliases": aliases, "commands": {}, "group": is_group}


def _required(usage: str) -> int:
    """How many positional arguments a usage line needs: `docker run [OPTIONS] IMAGE [COMMAND]` → 1."""
    words = usage.split()
    while words and re.fullmatch(r"[a-z][a-z0-9-]*", words[0]):
        words.pop(0)  # the command path
    rest = " ".join(words)
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
    root = _parse_help(ask([*cli, "--help"], timeout_s), [])

    def fetch(path: list[str]) -> tuple[list[str], dict, list[str]]:
        node = _parse_help(ask([*cli, *path, "--help"], timeout_s), path)
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


@dataclass(frozen=True)
class ParsedArgs:
    """How docker's own parser reads `docker ARGS…`: the (sub)command path, the flags given, the positionals."""

    path: tuple[str, ...]  # ("docker", "container", "run")
    flags: frozenset[str]  # every flag name given, shorthand clusters split: {"-i", "-t", "--rm"}
    positionals: int
    node: dict
    problem: Problem | None = None  # the first thing docker would reject
    computed: bool = False  # the subcommand itself expands at run time: nothing more can be known


def parse(tree: dict, args: list[str | None]) -> ParsedArgs:
    """Read `docker ARGS…` with the command table; an arg is its literal text, or None when it expands at run time."""
    node, path = tree, ["docker"]
    flags: set[str] = set()
    positionals = 0
    i = 0

    def done(problem: Problem | None = None, computed: bool = False) -> ParsedArgs:
        return ParsedArgs(tuple(path), frozenset(flags), positionals, node, problem, computed)

    while i < len(args):
        arg = args[i]
        i += 1
        if arg is None:
            if node["commands"] and positionals == 0:
                return done(computed=True)
            positionals += 1
            if not node["interspersed"]:
                positionals += len(args) - i
                break
            continue
        if arg == "--":
            positionals += len(args) - i
            break
        if arg.startswith("-") and arg != "-":
            problem, takes_value, names = _flag(node, path, arg, i - 1)
            if problem:
                return done(problem)
            flags.update(names)
            i += takes_value
            continue
        if node["commands"] and positionals == 0:
            child = _child(node, arg)
            if child is None:
                suggestion = closest(arg, list(node["commands"]) + _aliases(node))
                return done(Problem(i - 1, f"unknown docker command '{' '.join(path[1:] + [arg])}'"
                                           f"{did_you_mean(suggestion)}", suggestion))
            node, path = child, path + [arg]
            continue
        positionals += 1
        if not node["interspersed"]:
            positionals += len(args) - i
            break
    return done()


def check(tree: dict, args: list[str | None]) -> list[Problem]:
    """Check `docker ARGS…` (see parse): what docker would reject, or a missing required argument."""
    parsed = parse(tree, args)
    if parsed.problem:
        return [parsed.problem]
    node = parsed.node
    if parsed.computed or "--help" in args or "-h" in args or node["commands"] or node is tree:
        return []
    if parsed.positionals < node["required"]:
        usage = node["usage"][0] if node["usage"] else " ".join(parsed.path)
        return [Problem(len(args), f"'{' '.join(parsed.path)}' is missing a required argument (usage: {usage})")]
    return []


def _aliases(node: dict) -> list[str]:
    return [alias for child in node["commands"].values() for alias in child["aliases"]]


def _child(node: dict, name: str) -> dict | None:
    if name in node["commands"]:
        return node["commands"][name]
    for child in node["commands"].values():
        if name in child["aliases"]:
            return child
    return None


def _flag(node: dict, path: list[str], arg: str, index: int) -> tuple[Problem | None, int, list[str]]:
    """Check one flag word; say whether the next word is its value (1) or not (0), and which flags it gives."""
    flags = node["flags"]
    where = " ".join(path)
    if arg.startswith("--"):
        name, has_value = arg.split("=", 1)[0], "=" in arg
        if name not in flags:
            suggestion = closest(name, [f for f in flags if f.startswith("--")])
            return Problem(index, f"unknown flag '{name}' for '{where}'{did_you_mean(suggestion)}", suggestion), 0, []
        return None, int(flags[name] and not has_value), [name]
    names = []
    for pos, letter in enumerate(arg[1:], start=1):
        name = "-" + letter
        if name not in flags:
            return Problem(index, f"unknown shorthand flag '{letter}' in '{arg}' for '{where}'"), 0, []
        names.append(name)
        if flags[name]:
            return None, int(pos == len(arg) - 1), names  # the value is the rest of the word or the next word
    return None, 0, names
