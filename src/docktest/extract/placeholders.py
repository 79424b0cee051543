"""Placeholders (`{컨테이너 이름}`, `<이미지 ID>`, `‹이름›`, a synopsis's `[OPTIONS]`, `IMAGE[:TAG]`, a slide's highlighted
`` `xxx` ``) → their marker values: the one recognition and substitution that check and run share.

Placeholders inside comments, single quotes and here-documents are text, not placeholders: bash never
expands them, so neither does docktest (`echo '{name}'` prints `{name}`, checked and run alike). An HTML tag
(`echo "<h1>hi</h1>"`) is not one either. Only a value to fill stays one in single quotes: `'<your-token>'` (a
`<…>` of words that is no tag: dashes, underscores, spaces, capitals or Hangul) and `'password=${your_password}'`
(the reader's own value: bash leaves it as written, and the command would send those very characters).

A synopsis line shows how a command is used (`docker run [OPTIONS] IMAGE[:TAG] [COMMAND] [ARG...]`,
`docker rm (옵션) 컨테이너_이름`, `docker rm <id> ...`): its bracketed parts (`[…]`: optional to Docker, a value to many
Korean notes: `[컨테이너 이름]`), `(옵션)`, `...` and its metavariables (UPPERCASE or Hangul words) are placeholders
too. A line is a synopsis only when it shows one of the first three or a metavariable with one (`IMAGE[:TAG]`,
`CONTAINER...`): `echo HELLO` is not one. Every placeholder stands for one value: a check reads the rest of the
command around it, and removing an optional part could only make up a missing argument.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tree_sitter import Node

from docktest import programs
from docktest.extract import shell, synopses, worded_values

# `{컨테이너 이름}`: not `${var}`, `{a,b}`, `{1..3}`, `{ cmd; }`, `{}` or a Go template's `{{.ID}}`.
_CURLY = re.compile(r"(?<![$\w{])\{(?![\s.])([^{}\n,$]*?[^{}\s,$])\}(?!\})")
# `<이미지 ID>`: not `<<EOF`, `<(cmd)`, `< file`, `2>&1`; `<컨테이너 이름 >` (a space before `>`) only around non-ASCII;
# glued to a short flag as mysql wants its password (`-p<암호>`); an absolute path to fill (`-v </path/to/config>:/config`,
# LinuxServer.io's pages) but not a closing tag (`</h1>`: one name after the slash).
_ANGLE = re.compile(r"(?:(?<![<\w])|(?<=\s-[A-Za-z]))<(?![<(&\s!?]|/[^/<>\s]*>)([^<>\n]*?[^<>\s])( ?)>(?![>&])")
_GUILLEMETS = re.compile(r"‹([^‹›\n]*[^‹›\s])›")
# `` docker service update `xxx` ``, `` ssh `user`@`A.B.C.D` ``: backticks that slides (Remark) render as highlight
# around the part to change; a command substitution of one word that is no program nor a typo of one. Not
# `` `#optional` `` (LinuxServer.io's pages mark optional flags so): a substitution holding only a comment, which bash
# expands to nothing (see shell._COMMENT_SUBSTITUTION), so there is no value to fill.
_HIGHLIGHT = re.compile(r"(?<!\\)`(?!#)([^`\s$();|&<>\\]+)`")
_HTML_TAG = re.compile(r"[A-Za-z][\w-]*")
# A value and its alternative glued on in parentheses (`$ContainerName(或者$ContainerId)`, `name(or id)`): bash
# would read `(` as a syntax error, so the whole is one value to fill
_OR_WORDS = r"\((?:或者|或|또는|혹은|または|or(?!\w))"
_OR_ALTERNATIVE = re.compile(rf"(?<![\w$])\$?\{{?[\w.-]+\}}?{_OR_WORDS}[ \t]*[^()\n]*\)")
_OR_OPENING = re.compile(_OR_WORDS)  # what every match of _OR_ALTERNATIVE holds, far quicker to look for
# In single quotes: `<your-token>`, `<YOUR_TOKEN>`, `<컨테이너 이름>` (not `<title>`, `<[^>]*>`), `${your_password}`
_TO_FILL = re.compile(rf"<(?![a-z][a-z0-9]*>)([^\W\d][\w .-]*[\w{synopses.HANGUL}])>|\$\{{(?i:your)[\w-]*\}}")
_NOT_PLACEHOLDER_NODES = ("comment", "raw_string", "heredoc_body")
OPAQUE = '"${DOCKTEST_PLACEHOLDER}"'  # what an unbound placeholder reads as to the checks: a value nobody knows


@dataclass(frozen=True)
class Placeholder:
    """One placeholder of a block's code, at its byte span."""

    start: int
    end: int
    shown: str  # as written: "<이미지 ID>", "[OPTIONS]", "IMAGE[:TAG]"

    @property
    def name(self) -> str:
        return name_of(self.shown)


@dataclass(frozen=True)
class Substitution:
    text: str  # the code with every bound placeholder replaced by its value, verbatim (so `$(…)` still runs)
    unbound: tuple[tuple[int, str], ...]  # (0-based row, "{name}") of placeholders no marker binds
    # (start, end, length of what took its place) in bytes of the code, of each placeholder replaced, in order
    replaced: tuple[tuple[int, int, int], ...] = ()
    unbound_at: tuple[int, ...] = ()  # the start byte in the code of each of UNBOUND

    def moved(self, offset: int) -> int:
        """Where byte OFFSET of the code (never inside a placeholder) is in TEXT, as bytes."""
        return offset + sum(length - (end - start) for start, end, length in self.replaced if end <= offset)


def name_of(shown: str) -> str:
    """What a marker's `placeholders:` binds a placeholder by: `{이름}` → 이름, `<이미지 ID>` → 이미지 ID, `[OPTIONS]` as is."""
    if len(shown) > 1 and shown[0] + shown[-1] in ("{}", "<>", "‹›"):
        return shown[1:-1].strip()
    if shown.startswith("${") and shown.endswith("}"):  # '${your_password}' in single quotes
        return shown[2:-1]
    return worded_values.name(shown) or shown


def substitute(code: str, bound: Mapping[str, str], unbound_as: str | None = None,
               script: shell.Script | None = None) -> Substitution:
    """CODE with its placeholders replaced: bound ones by their value, unbound ones by UNBOUND_AS (None: kept).

    SCRIPT is CODE already parsed, when the caller has it (see find)."""
    source = code.encode("utf-8")
    pieces = []
    unbound = []
    unbound_at = []
    for found in find(code, script):
        if found.name in bound:
            pieces.append((found.start, found.end, str(bound[found.name]).encode("utf-8")))
            continue
        unbound.append((source.count(b"\n", 0, found.start), found.shown))
        unbound_at.append(found.start)
        if unbound_as is not None:
            pieces.append((found.start, found.end, unbound_as.encode("utf-8")))
    if not pieces:
        return Substitution(code, tuple(unbound), (), tuple(unbound_at))
    out = bytearray()
    last = 0
    for start, end, value in pieces:
        out += source[last:start] + value
        last = end
    out += source[last:]
    return Substitution(out.decode("utf-8"), tuple(unbound),
                        tuple((start, end, len(value)) for start, end, value in pieces), tuple(unbound_at))


def find(code: str, script: shell.Script | None = None) -> list[Placeholder]:
    """The code's placeholders in order, none overlapping another (SCRIPT: CODE parsed, else it is parsed here when
    it holds anything that looks like one)."""
    values = list(_values(code))
    synopsis_lines = []
    for offset in sorted({code.rfind("\n", 0, hint.start()) + 1 for hint in synopses.HINT.finditer(code)}):
        end = code.find("\n", offset)
        line = code[offset:] if end < 0 else code[offset:end]
        shown = "" if line.lstrip().startswith("#") else line.split(" #", 1)[0]  # a comment shows no synopsis
        parts = list(synopses.parts(shown, code[:offset].rstrip("\n").endswith("\\")))
        if any(part.marks_synopsis for part in parts):
            synopsis_lines.append((offset, parts))
    to_fill = [match.span() for match in _TO_FILL.finditer(code)  # an XML element closed later is markup
               if f"</{match.group(1)}>" not in code] if "'" in code else []
    worded = list(worded_values.flag_values(code))
    escaped = list(worded_values.escaped_angles(code))
    if not values and not synopsis_lines and not to_fill and not worded and not escaped:
        return []
    literal, strings, single = _ranges(script or shell.parse(code))
    quoted = literal + strings  # "…" may hold a value (`-e "PW=<암호>"`), never a synopsis
    ascii_only = code.isascii()

    def to_byte(index: int) -> int:
        return index if ascii_only else len(code[:index].encode("utf-8"))

    def outside(ranges: tuple[tuple[int, int], ...], start: int) -> bool:
        byte = to_byte(start)
        return not any(low <= byte < high for low, high in ranges)

    found = [span for span in values if outside(literal, span[0])]
    found += [span for span in to_fill if not outside(single, span[0])]
    found += [span for span in worded if outside(quoted, span[0])]
    found += [span for span in escaped if outside(literal, span[0])]
    for offset, candidates in synopsis_lines:
        parts = [part for part in candidates if outside(quoted, offset + part.start)]
        if any(part.marks_synopsis for part in parts):
            found.extend((offset + part.start, offset + part.end) for part in parts)
    kept: list[Placeholder] = []
    for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
        if not kept or to_byte(start) >= kept[-1].end:
            kept.append(Placeholder(to_byte(start), to_byte(end), code[start:end]))
    return kept


def is_value(text: str) -> bool:
    """Whether TEXT is one placeholder value as a whole (`<TYPE>`, `{이름}`, `<checks|all>`)."""
    return any(span == (0, len(text)) for span in _values(text))


def holds_value(text: str) -> bool:
    """Whether TEXT holds a placeholder value anywhere (`type=<TYPE>`)."""
    return next(_values(text), None) is not None


def _values(code: str) -> Iterator[tuple[int, int]]:
    """(start, end) of `{…}`, `<…>`, `‹…›`: a value wherever it is written, in double quotes too. Each pattern runs only
    on code holding the character its every match holds (most blocks hold none of them; a pattern starting with a
    look-behind is tried at every position)."""
    if "{" in code:
        for match in _CURLY.finditer(code):
            if ".." not in match.group(1):  # brace expansion {1..3}
                yield match.span()
    if "<" in code:
        for match in _ANGLE.finditer(code):
            if not (match.group(2) and match.group(1).isascii()) and not _is_html(code, match):
                yield match.span()
    if "‹" in code:
        for match in _GUILLEMETS.finditer(code):
            yield match.span()
    if _OR_OPENING.search(code):
        for match in _OR_ALTERNATIVE.finditer(code):
            yield match.span()
    if "`" in code:
        for match in _HIGHLIGHT.finditer(code):
            word = match.group(1)
            opens = code.count("`", code.rfind("\n", 0, match.start()) + 1, match.start()) % 2 == 0  # not a closing one
            if opens and not programs.is_program(word) and not programs.near_program(word.lower()):
                yield match.span()


def _is_html(code: str, match: re.Match) -> bool:
    """`<h1>` closed by a `</h1>` later on its line, or a self-closing `<br/>`: markup, not a placeholder."""
    inside = match.group(1)
    if inside.endswith("/"):
        return True
    tag = _HTML_TAG.match(inside)
    line_end = code.find("\n", match.end())
    rest = code[match.end() : line_end if line_end >= 0 else len(code)]
    return tag is not None and f"</{tag.group().lower()}>" in rest.lower()


def literal_ranges(script: shell.Script) -> tuple[tuple[int, int], ...]:
    """Byte ranges bash reads as plain text, never as commands or placeholders: comments, '…', here-documents."""
    return _ranges(script)[0]


def quoted_ranges(script: shell.Script) -> tuple[tuple[int, int], ...]:
    """Byte ranges where a quote character is plain text: literal_ranges and double-quoted strings."""
    literal, strings, _ = _ranges(script)
    return literal + strings


def _ranges(script: shell.Script) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Byte ranges of literal_ranges, of double-quoted strings and of single-quoted ones, in one walk of the tree."""
    return _ranges_of(script.root)


@lru_cache(maxsize=256)  # extract's substitution and several rules read the same tree (shell.parse keeps it)
def _ranges_of(root: Node) -> tuple[tuple[tuple[int, int], ...], ...]:
    literal, strings, single = [], [], []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in _NOT_PLACEHOLDER_NODES:
            literal.append((node.start_byte, node.end_byte))
            if node.type == "raw_string":
                single.append((node.start_byte, node.end_byte))
            continue
        if node.type == "string":
            strings.append((node.start_byte, node.end_byte))
        stack.extend(node.children)
    return tuple(literal), tuple(strings), tuple(single)


def needs_values(unbound: Sequence[str]) -> str:
    """What code with these unbound placeholders (as shown: `{이름}`, `<이미지 ID>`) needs to run: the words of check's
    note and of run's failure alike."""
    shown = list(dict.fromkeys(unbound))
    values = ", ".join(f"{name_of(name)}: …" for name in shown)
    return f"needs values to run: {', '.join(shown)}: add `placeholders: {{{values}}}` to a docktest marker"
