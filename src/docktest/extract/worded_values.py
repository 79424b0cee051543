"""Values to fill written in words where bash would read something else: a flag's value in parentheses
(`-v (Software Version)`) and a placeholder whose brackets a Markdown escape kept (`\\<container name\\>`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

# After a flag, `(` where bash expects a word is a syntax error; capitalised words in it (no operator, quote or `$`)
# name what to write there: `./buildContainerImage.sh -v (Software Version)`. `(cd dir && make)`, `$(…)` and a
# command's word in parentheses (`docker run -d (nginx)`: a mistake) stay shell.
_FLAG_VALUE = re.compile(r"(?<=\s)(?:-[A-Za-z]|--[\w-]+)[ \t]+(\([A-Z][\w.-]*(?: [A-Z0-9][\w.-]*)*\))"
                         r"(?=[ \t]*$|[ \t]+[^\s(])", re.M)
# `\<Administration Server container name\>`: an escape Markdown needs outside a code block, copied into one; bash
# reads the words apart, and `\<` … `\>` around them shows a placeholder.
_ESCAPED_ANGLE = re.compile(r"\\<(?![\s/])([^<>\\\n]*[^<>\\\s])\\>")


def flag_values(code: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each flag's value in parentheses in CODE (shell only outside quotes)."""
    for match in _FLAG_VALUE.finditer(code) if " (" in code else ():
        yield match.span(1)


def escaped_angles(code: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each escaped placeholder in CODE, its backslashes included: in double quotes too
    (`-e "SA_PASSWORD=\\<YourStrong@Passw0rd\\>"`), where a stand-in after a kept `\\` would escape its quote."""
    for match in _ESCAPED_ANGLE.finditer(code) if "\\<" in code else ():
        yield match.span()


def name(shown: str) -> str | None:
    """What a marker binds an escaped placeholder SHOWN by (`\\<container name\\>`: container name), else None. A
    flag's value in parentheses is bound as written, like a synopsis's `(옵션)`."""
    return shown[2:-2] if _ESCAPED_ANGLE.fullmatch(shown) else None
