"""`docker ARGS…` read as docker's own parser reads it, against the sandbox CLI's command tree and, for what that
lacks, the history of every release (a newer command is a note, a removed one a warning, neither a typo)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docktest.check import docker_versions
from docktest.check.docker_versions import Releases
from docktest.suggest import closest, did_you_mean


@dataclass(frozen=True)
class Problem:
    """What is wrong with a docker command line: argument index, message, the corrected token."""

    index: int
    message: str
    suggestion: str | None = None
    # docker-version (a newer release or a plugin has it), docker-removed (an older one), command-list (alternatives
    # such as `create/rm`: notation wherever they are, as in a list of commands)
    rule: str = "docker-usage"
    incomplete: bool = False  # a required argument is missing, or alternatives stand for one word (`create/rm`)


_VERSION_RULES = {"note": "docker-version", "warning": "docker-removed"}  # a verdict's severity is its rule's


@dataclass(frozen=True)
class ParsedArgs:
    """How docker's own parser reads `docker ARGS…`: the (sub)command path, the flags given, the positionals."""

    path: tuple[str, ...]  # ("docker", "container", "run")
    flags: frozenset[str]  # every flag name given, shorthand clusters split: {"-i", "-t", "--rm"}
    positionals: int
    node: dict
    problem: Problem | None = None  # the first thing docker would reject
    computed: bool = False  # the subcommand itself expands at run time: nothing more can be known
    versions: tuple[Problem, ...] = ()  # commands and flags only other releases have (notes, warnings)
    sandbox: bool = True  # the command is the sandbox CLI's own (not only another release's)
    first_positional: int | None = None  # the index of the first positional argument, when there is one
    # where each positional is in ARGS (a computed word, and every word after `--` or after the first positional of
    # a command that stops reading flags there, counts as one)
    positional_at: tuple[int, ...] = ()


@dataclass
class _Walk:
    """Where the reading is: the sandbox's node, the history's node at the same path (if any), the words so far."""

    node: dict
    past: dict | None
    releases: Releases | None
    path: list[str] = field(default_factory=lambda: ["docker"])
    versions: list[Problem] = field(default_factory=list)
    sandbox: bool = True

    def is_group(self) -> bool:
        return bool(self.node["commands"] or (self.past and self.past.get("c")))

    def is_argument(self, word: str) -> bool:
        """WORD is no subcommand of a group that also takes arguments (`buildx history inspect REF`)."""
        return (bool(self.past and self.past.get("p")) and _child(self.node, word) is None
                and docker_versions.child(self.past, word) is None)

    def enter(self, arg: str, index: int) -> Problem | None:
        """Descend into subcommand ARG: the sandbox's, else another release's (noted), else a typo."""
        found = _child(self.node, arg) or _help(self.path, arg)
        past = docker_versions.child(self.past, found[0] if found else arg) if self.past else None
        if found:
            self.node, self.past, self.path = found[1], past[1] if past else None, self.path + [arg]
            return None
        words = " ".join(self.path[1:] + [arg])
        if "/" in arg and all(_child(self.node, part) for part in arg.split("/")):
            return Problem(index, f"'docker {words}' lists alternatives: docker takes one of "
                                  f"{', '.join(arg.split('/'))}", rule="command-list", incomplete=True)
        if past is None or self.releases is None:
            known = list(self.node["commands"]) + [a for c in self.node["commands"].values() for a in c["aliases"]]
            known += ["help"] if _help(self.path, "help") else []
            older = [*(self.past or {}).get("c", {})]
            suggestion = closest(arg, known) or closest(arg, older)
            return Problem(index, f"unknown docker command '{words}'{did_you_mean(suggestion)}", suggestion)
        if self.sandbox:  # a subcommand of a command the sandbox lacks: that command's note says it all
            self._version(index, f"docker command '{words}'", past[1].get("v", ""))
        self.node, self.past, self.path = _from_history(past[1]), past[1], self.path + [arg]
        self.sandbox = False
        return None

    def flag(self, arg: str, index: int) -> tuple[Problem | None, int, list[str]]:
        """Check one flag word; say whether the next word is its value (1) or not (0), and which flags it gives."""
        where = " ".join(self.path)
        if arg.startswith("--"):
            name, has_value = arg.split("=", 1)[0], "=" in arg
            takes = self._takes(name, index, where)
            if takes is None:
                suggestion = (closest(name, [f for f in self.node["flags"] if f.startswith("--")])
                              or closest(name, [f for f in (self.past or {}).get("f", {}) if f.startswith("--")]))
                message = f"unknown flag '{name}' for '{where}'{did_you_mean(suggestion)}"
                return Problem(index, message, suggestion), 0, []
            return None, int(takes and not has_value), [name]
        names = []
        for pos, letter in enumerate(arg[1:], start=1):
            takes = self._takes("-" + letter, index, where)
            if takes is None:
                return Problem(index, f"unknown shorthand flag '{letter}' in '{arg}' for '{where}'"), 0, []
            names.append("-" + letter)
            if takes:
                return None, int(pos == len(arg) - 1), names  # the value is the rest of the word or the next word
        return None, 0, names

    def _takes(self, name: str, index: int, where: str) -> bool | None:
        """Whether flag NAME takes a value here; None when no release has it here."""
        if name in self.node["flags"]:
            return self.node["flags"][name]
        spec = docker_versions.flag_spec(self.past, name) if self.past else None
        if spec is None:
            return False if self.node.get("open") else None
        if self.sandbox:  # inside a command the sandbox lacks, that command's note says it all
            self._version(index, f"flag '{name}' for '{where}'", spec[1])
        return spec[0]

    def _version(self, index: int, what: str, availability: str) -> None:
        verdict = self.releases.verdict(availability) if self.releases else None
        message = f"{what} {verdict.needs}" if verdict else ""
        if verdict and verdict.severity and all(found.message != message for found in self.versions):
            self.versions.append(Problem(index, message, rule=_VERSION_RULES[verdict.severity]))


def parse(tree: dict, args: list[str | None], releases: Releases | None = None) -> ParsedArgs:
    """Read `docker ARGS…` with the command table (and RELEASES for what it lacks); an arg is its literal text,
    or None when it expands at run time."""
    walk = _Walk(tree, releases.tree if releases else None, releases)
    flags: set[str] = set()
    placed: list[int] = []  # the positionals' indices
    first: list[int] = []  # the first positional's index
    i = 0

    def done(problem: Problem | None = None, computed: bool = False) -> ParsedArgs:
        return ParsedArgs(tuple(walk.path), frozenset(flags), len(placed), walk.node, problem, computed,
                          tuple(walk.versions), walk.sandbox, first[0] if first else None, tuple(placed))

    while i < len(args):
        arg = args[i]
        i += 1
        if arg is None:
            if walk.is_group() and not placed:
                return done(computed=True)
            placed.append(i - 1)
            if not walk.node["interspersed"]:
                placed.extend(range(i, len(args)))
                break
            continue
        if arg == "--":
            placed.extend(range(i, len(args)))
            break
        if arg.startswith("-") and arg != "-":
            problem, takes_value, names = walk.flag(arg, i - 1)
            if problem:
                return done(problem)
            flags.update(names)
            i += takes_value
            continue
        if walk.is_group() and not placed and not walk.is_argument(arg):
            at = i - 1
            while i + 1 < len(args) and args[i] == "/" and args[i + 1]:  # spaced alternatives: `volume / network`
                arg, i = f"{arg}/{args[i + 1]}", i + 2
            problem = walk.enter(arg, at)
            if problem:
                return done(problem)
            continue
        placed.append(i - 1)
        first.append(i - 1)
        if not walk.node["interspersed"]:
            placed.extend(range(i, len(args)))
            break
    return done()


def check(tree: dict, args: list[str | None], releases: Releases | None = None) -> list[Problem]:
    """Check `docker ARGS…` (see parse): what docker would reject or a missing required argument, after the
    commands and flags that only other releases have."""
    parsed = parse(tree, args, releases)
    found = list(parsed.versions)
    node = parsed.node
    if parsed.problem:
        return found + [parsed.problem]
    if (parsed.computed or not parsed.sandbox or "--help" in args or "-h" in args or node["commands"]
            or node is tree):
        return found
    context = _file_as_context(parsed, args)
    if context:
        found.append(context)
    if parsed.positionals < node["required"]:
        usage = node["usage"][0] if node["usage"] else " ".join(parsed.path)
        found.append(Problem(len(args), f"'{' '.join(parsed.path)}' is missing a required argument (usage: {usage})",
                             incomplete=True))
    return found


# A build context names a folder (or a URL, or `-`); a Dockerfile or a file with a file's extension is no folder.
_BUILDS = {("docker", "build"), ("docker", "image", "build"), ("docker", "buildx", "build"),
           ("docker", "builder", "build")}
_FILE_NAME = re.compile(r"(?:[^/]*[Dd]ockerfile(?:\.[\w-]+)?|Containerfile"
                        r"|[^/]*\.(?:dockerfile|ya?ml|json|txt|sh|py|js|jar|war|tar|t?gz|zip|md))")


def _file_as_context(parsed: ParsedArgs, args: list[str | None]) -> Problem | None:
    """`docker build -t x /path/to/Dockerfile`: docker refuses a context that is a file ("unable to prepare context:
    context must be a directory"). The file belongs after -f, its folder is the context."""
    if parsed.path not in _BUILDS or parsed.first_positional is None:
        return None
    context = args[parsed.first_positional]
    if context is None or "://" in context or context.startswith("git@") or not _FILE_NAME.fullmatch(
            context.rstrip("/").rsplit("/", 1)[-1]):
        return None
    folder = context.rsplit("/", 1)[0] if "/" in context.strip("/") else "."
    return Problem(parsed.first_positional,
                   f"the build context '{context}' is a file: the context is a folder; use -f FILE FOLDER"
                   f"{did_you_mean(f'-f {context} {folder}')}", f"-f {context} {folder}")


def _child(node: dict, name: str) -> tuple[str, dict] | None:
    """The sandbox's subcommand NAME (or one of its aliases) of NODE, with its own name."""
    if name in node["commands"]:
        return name, node["commands"][name]
    for key, child in node["commands"].items():
        if name in child["aliases"]:
            return key, child
    return None


def _help(path: list[str], name: str) -> tuple[str, dict] | None:
    """`docker help [COMMAND]`: the help command cobra gives the root in every release (the table leaves it out, as
    `__complete` lists it beside the real ones), which prints the usage of docker or of COMMAND."""
    if path != ["docker"] or name != "help":
        return None
    return name, {"flags": {"--help": False, "-h": False}, "commands": {}, "aliases": [], "required": 0,
                  "interspersed": True, "usage": ["docker help [command]"], "group": False, "open": False}


def _from_history(past: dict) -> dict:
    """A command only other releases have, as a node of the sandbox's tree shape with nothing of its own."""
    return {"flags": {"--help": False, "-h": False}, "commands": {}, "aliases": past.get("a", []), "required": 0,
            "interspersed": past.get("i", 1) != 0, "usage": [], "group": bool(past.get("c")), "open": "?" in past}
