"""An author's elision line: two dots or more around a few words (`.. 생략 ..`, `... master ...`, `...생략...`),
where the page left lines out or says whose terminal the next lines are typed in."""

from __future__ import annotations

import re

# No command: bash would run the folder `..` (or `...`, a file nobody has); no slash, so no path (`../run.sh ..`)
ELISION = re.compile(r"[ \t]*\.{2,}[ \t]*[^./\s](?:[^/\n]*?[^./\s])?[ \t]*\.{2,}[ \t]*")


def elision(row: str) -> bool:
    """Whether ROW is an elision line (see ELISION): neither a command nor output."""
    return row.lstrip().startswith("..") and ELISION.fullmatch(row) is not None
