"""Tools' own consoles that a page starts with a shell command (Arthas's, after `java -jar arthas-boot.jar`), and the
commands typed at their prompts in later shell blocks: neither bash's programs nor typos of them."""

from __future__ import annotations

import re

# The command that starts a console, and the console's name as the reader is told it
_STARTS = ((re.compile(r"\bjava[ \t]+(?:-\S+[ \t]+)*-jar[ \t]+(?:\S*/)?arthas-boot\.jar\b|(?:^|[\s/])as\.sh\b"),
            "Arthas"),)
# The commands of each console that no POSIX system has as a program (Arthas's `help` lists them; its `cat`, `grep`,
# `echo`, `pwd` and `reset` are also bash's, and checked as such)
_COMMANDS = {
    "Arthas": frozenset({
        "dashboard", "thread", "jvm", "sysprop", "sysenv", "vmoption", "perfcounter", "logger", "getstatic", "ognl",
        "mbean", "heapdump", "vmtool", "memory", "sc", "sm", "jad", "mc", "retransform", "redefine", "dump",
        "classloader", "monitor", "watch", "trace", "stack", "tt", "profiler", "jfr", "options", "session", "keymap",
        "quit", "cls"}),
}


def started(code: str) -> tuple[int, str] | None:
    """(offset, console) of the first command in CODE that starts a tool's console, or None."""
    if "arthas" not in code and "as.sh" not in code:  # what every start below names: most pages start no console
        return None
    found = [(match.start(), console) for pattern, console in _STARTS if (match := pattern.search(code))]
    return min(found, default=None)


def typed_at(console: str, names: list[str]) -> bool:
    """Whether NAMES (a command's program and the wrappers bash would peel off it: `watch com.x.Y method`) start
    with one of CONSOLE's commands."""
    return bool(names) and names[0] in _COMMANDS[console]
