"""`docker ARGS…` read as docker's own parser reads it, against a docker CLI's command tree (see docker_cli)."""

from __future__ import annotations

from dataclasses import dataclass

from docktest.suggest import closest, did_you_mean


@dataclass(frozen=True)
class Problem:
    """What is wrong with a docker command line: argument index, message, the corrected token."""

    index: int
    message: str
    suggestion: str | None = None


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
