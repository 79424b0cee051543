"""Programs a block installs (made executable, put in a `bin` folder, or installed by a package manager onto the
PATH) and aliases it defines, which the rest of the block and the page's later blocks may run."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from docktest.extract import shell as commands

# chmod's modes that make a file executable: +x, a+x, u+rwx, 755, 0775
_EXECUTABLE_MODE = re.compile(r"[ugoa]*[+=][rwX]*x[rwX]*|0?[0-7]?[1357][0-7]{2}")
_IN_BIN = re.compile(r"(?:^|/)s?bin/([\w.+-]+)$")
_INSTALLERS = frozenset({"mv", "cp", "ln", "install", "curl", "wget"})
# Package managers that put a package's programs on the PATH: (program, subcommand) → the flags that must be given
# (npm installs into ./node_modules without -g). A package's program is, by convention, named after it.
_PACKAGE_MANAGERS = {("pip", "install"): (), ("pip3", "install"): (), ("pipx", "install"): (),
                     ("cargo", "install"): (), ("gem", "install"): (), ("go", "install"): (), ("go", "get"): (),
                     ("npm", "install"): ("-g", "--global"), ("npm", "i"): ("-g", "--global")}
_VALUED = frozenset({"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--path",
                     "--prefix", "--target", "-t", "--version", "-v", "--registry", "--root", "--git"})
_PACKAGE = re.compile(r"(?:@[\w.-]+/)?([A-Za-z][\w.-]*?)(?:\[[\w,.-]*\])?(?:[=<>~!@].*)?")  # name[extra]==1.0, @s/n@2
_VERSION_SUFFIX = re.compile(r"v\d+")  # a Go module's major version: example.com/tool/v2
_PLAIN_NAME = re.compile(r"[\w.+-]+")  # a folder's name with nothing bash would expand


def programs(script: commands.Script, folder: str = "") -> dict[str, int]:
    """Programs the block installs, each with the byte where the command that installs it starts: files it makes
    executable (`chmod +x docker-shell`) or puts in a `bin` folder (`curl -Lo /usr/local/bin/x …`, `mv x
    /usr/local/bin/`… by name), and packages `pip`, `pipx`, `cargo`, `gem`, `go install`/`go get` and `npm -g`
    install (`go install example.com/cmd/tool@latest`: tool). FOLDER names the page's folder, where `go install .`
    builds a program named after it, unless the block went elsewhere (`cd tool`)."""
    names: dict[str, int] = {}
    for found in commands.invocations(script):
        values = [value for value in (commands.literal(script, arg) for arg in found.args) if value]
        made: set[str] = set()
        if found.program == "chmod" and any(_EXECUTABLE_MODE.fullmatch(value) for value in values):
            made = {value.rstrip("/").rsplit("/", 1)[-1] for value in values if not _EXECUTABLE_MODE.fullmatch(value)
                    and not value.startswith("-")}
        elif found.program in _INSTALLERS:
            made = {match.group(1) for value in values if (match := _IN_BIN.search(value))}
        elif found.program == "cd" and found.args:  # `cd $GOPATH/src/example.com/tool`: its last part is plain
            path = commands.literal(script, found.args[-1]) or script.text(found.args[-1])
            name = "" if path.startswith(("-", "..", "~")) else PurePosixPath(path).name
            folder = name if _PLAIN_NAME.fullmatch(name) else ""
        elif (found.program or "").startswith("python") and values[:2] == ["-m", "pip"]:  # python3 -m pip install …
            made = _packages("pip", _PACKAGE_MANAGERS.get(("pip", values[2]), None) if len(values) > 2 else None,
                             values[3:], folder)
        elif values:
            made = _packages(found.program, _PACKAGE_MANAGERS.get((found.program, values[0])), values[1:], folder)
        for name in made:
            names.setdefault(name, found.name.start_byte)
    return names


def _packages(manager: str, needed: tuple[str, ...] | None, words: list[str], folder: str) -> set[str]:
    """The programs named after the packages of `MANAGER install WORDS`: none when it is no install (NEEDED None) or
    lacks a flag it NEEDED (npm's -g). `go get` or `go install` naming no package builds the FOLDER's."""
    if needed is None or needed and not any(word.split("=", 1)[0] in needed for word in words):
        return set()
    if manager == "go" and folder and all(word.startswith("-") for word in words):
        return {folder}
    names, skip = set(), False
    for word in words:
        if skip or word.startswith("-"):
            skip = not skip and word in _VALUED
            continue
        if manager == "go":
            path = [part for part in word.split("@", 1)[0].split("/") if part]
            path = path[:-1] if len(path) > 1 and _VERSION_SUFFIX.fullmatch(path[-1]) else path
            name = folder if path in (["."], [".", "..."]) else "" if "..." in path else path[-1]
        else:
            match = _PACKAGE.fullmatch(word) if "/" not in word.lstrip("@").split("/", 1)[-1] else None
            name = match.group(1) if match and "://" not in word else ""
        if name and name != ".":
            names.add(name)
    return names


def aliases(script: commands.Script) -> set[str]:
    """The names the block's `alias name=…` commands define: later commands and blocks may run them."""
    names: set[str] = set()
    for command in script.simple_commands:
        if script.text(command.name) == "alias":
            names |= alias_names(script, command.args)
    return names


def alias_names(script: commands.Script, args: tuple) -> set[str]:
    """The names one `alias` command's ARGS define (`ll='ls -l'`: ll)."""
    values = (commands.literal(script, arg) for arg in args)
    return {value.split("=", 1)[0] for value in values if value and "=" in value}
