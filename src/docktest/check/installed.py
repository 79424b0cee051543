"""Programs a block installs (made executable or put in a `bin` folder), which the page's later blocks may run."""

from __future__ import annotations

import re

from docktest.extract import shell as commands

# chmod's modes that make a file executable: +x, a+x, u+rwx, 755, 0775
_EXECUTABLE_MODE = re.compile(r"[ugoa]*[+=][rwX]*x[rwX]*|0?[0-7]?[1357][0-7]{2}")
_IN_BIN = re.compile(r"(?:^|/)s?bin/([\w.+-]+)$")
_INSTALLERS = frozenset({"mv", "cp", "ln", "install", "curl", "wget"})


def programs(script: commands.Script) -> set[str]:
    """Programs the block installs: files it makes executable (`chmod +x docker-shell`) or puts in a `bin` folder
    (`curl -Lo /usr/local/bin/x …`, `mv x /usr/local/bin/`… by name). Later blocks may run them by name."""
    names: set[str] = set()
    for found in commands.invocations(script):
        values = [value for value in (commands.literal(script, arg) for arg in found.args) if value]
        if found.program == "chmod" and any(_EXECUTABLE_MODE.fullmatch(value) for value in values):
            names |= {value.rstrip("/").rsplit("/", 1)[-1] for value in values if not _EXECUTABLE_MODE.fullmatch(value)
                      and not value.startswith("-")}
        elif found.program in _INSTALLERS:
            names |= {match.group(1) for value in values if (match := _IN_BIN.search(value))}
    return names
