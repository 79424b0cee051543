"""Flags a release accepts but its reference pages leave out (`MarkHidden`, `MarkDeprecated`, `.Hidden = true`),
read from its Go sources by their names, the commands that define them, and a command with no pages at all."""

from __future__ import annotations

import re
from collections.abc import Mapping

from docktest.check.table_sources.reference_pages import Page

# A pflag definition: flags.BoolVarP(&opts.all, "all", "a", false, "…"), flags.Var(&copts.netMode, "net", "…")
_DEFINITION = re.compile(r"\.(\w+?)(P)?\(\s*(?:[^\"(),]+(?:\([^()]*\))?,\s*)?\"([a-z][\w-]*)\"(?:,\s*\"(\w)\")?")
_HIDDEN = re.compile(r"\b(?:MarkHidden|MarkDeprecated)\(\"([a-z][\w-]*)\"|Lookup\(\"([a-z][\w-]*)\"\)\.Hidden = true")
_USE = re.compile(r"\bUse:\s*\"([a-z][\w-]*)")
_VALUELESS = ("Bool", "Count")
_PFLAG_TYPES = re.compile(r"^(?:Bool|Count|String|Int|Uint|Float|Duration|IP|Var|StringSlice|StringArray|"
                          r"StringToString|Bytes|Int64|Uint64|Uint16|Int32|Uint32|Uint8|Int8|Int16)")


def hidden_flags(source: str) -> dict[str, bool]:
    """The flags SOURCE (one Go file) hides, each name ("--net", and "-x" for a shorthand) → takes a value."""
    hidden = {first or second for first, second in _HIDDEN.findall(source)} - {"help"}
    if not hidden:
        return {}
    defined = definitions(source)
    found = {}
    for name in hidden:
        if f"--{name}" in defined:
            takes, short = defined[f"--{name}"]
            found[f"--{name}"] = takes
            if short:
                found[f"-{short}"] = takes
    return found


def definitions(source: str) -> dict[str, tuple[bool, str]]:
    """Every flag SOURCE defines: "--name" → (takes a value, its shorthand or "")."""
    found = {}
    for function, shorthand_form, name, short in _DEFINITION.findall(source):
        if _PFLAG_TYPES.match(function):
            found[f"--{name}"] = (not function.startswith(_VALUELESS), short if shorthand_form else "")
    return found


def owners(source: str, documented: Mapping[tuple[str, ...], Mapping[str, bool]]) -> list[tuple[str, ...]]:
    """The commands (among DOCUMENTED, path → its documented flags) whose flags SOURCE defines: among those named by
    a `Use:` in the file when it has one, the ones whose long flags are most like the file's other flags (the same
    options file serves `run` and `create` alike), and hold at least half of them."""
    defined = definitions(source)
    hidden = set(hidden_flags(source))
    visible = {name for name in defined if name not in hidden}
    uses = set(_USE.findall(source))
    candidates = [path for path in documented if path and (not uses or path[-1] in uses)]
    if not visible:
        return candidates if len(candidates) == 1 else []
    likeness = {}
    for path in candidates:
        long = {name for name in documented[path] if name.startswith("--")}
        if len(visible & long) * 2 >= len(visible):
            likeness[path] = len(visible & long) / len(visible | long)
    best = max(likeness.values(), default=0)
    return [path for path, score in likeness.items() if score >= 0.8 * best]


def command_page(source: str) -> Page | None:
    """The command SOURCE (one Go file) defines, as a page would say it, for a plugin that has no pages."""
    use = re.search(r"\bUse:\s*\"([^\"]+)\"", source)
    if not use:
        return None
    defined = definitions(source)
    flags = {name: takes for name, (takes, _) in defined.items()}
    shorthands = {f"-{short}": name for name, (_, short) in defined.items() if short}
    flags.update({short: defined[name][0] for short, name in shorthands.items()})
    return Page((use.group(1).split()[0],), flags, shorthands, usage=[f"docker {use.group(1)}"])
