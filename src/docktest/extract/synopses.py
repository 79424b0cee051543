"""Synopsis lines (`docker run [OPTIONS] IMAGE[:TAG] [COMMAND] [ARG...]`, `docker rm (옵션) 컨테이너_이름`): the words
of a line that are its placeholders, were the line a synopsis, and which of them only a synopsis has (see
extract.placeholders, which decides and substitutes)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

HANGUL = "\uac00-\ud7a3"  # Hangul syllables, as a regex range
# A metavariable: IMAGE, SRC_PATH, CONTAINER:SRC_PATH, KEY=VALUE, DEST_PATH|-, 컨테이너_이름; then [:TAG]… and `...`.
_METAVARIABLE = re.compile(rf"(?:[A-Z][A-Z0-9_]*[A-Z0-9]|[{HANGUL}][{HANGUL}\w-]*)"
                           rf"(?:[:=@/|.-]+(?:[A-Z][A-Z0-9_]*|[{HANGUL}][{HANGUL}\w-]*))*(?:\|-)?"
                           r"(?P<optional>(?:\[[^\s]*\])*)(?P<more>\.\.\.|…)?")
_ELLIPSIS = {"...", "…"}
# An elision among an exec form's items: `...`, `…`, or `..` standing alone (`["<dir>", "<dir>", ..]`), never a path's
_ELIDED = re.compile(r"\.\.\.|…|(?<![^\s,\[])\.\.(?![^\s,\]])")
# A `[…]` part opens a word or a flag's value (`--driver=[드라이버]`), never `[[` or a test's `[ `.
_BRACKET_START = re.compile(r"(?:--?[\w-]+=)?\[(?=[^\s\[])")
# What a `[…]` part holds: a flag, an UPPERCASE metavariable, Hangul, "options", a repetition, or words with a space
# between (`[container id]`: a glob's brackets hold no space, bash would split the word there).
_BRACKET_CONTENT = re.compile(rf"^-|[A-Z]{{2}}|[{HANGUL}]|\b(?i:options?)\b|\.\.\.|…|^[a-z]+(?: [a-z]+)+$")
# `HOST-DIRECTORY`, `YOUR-USER-NAME` in a docker command: no variable is named so (elsewhere such are real names:
# iptables' `DOCKER-USER` chain, MySQL's `READ-COMMITTED`)
_DASHED_CAPITALS = re.compile(r"(?<![\w-])[A-Z]{2,}(?:-[A-Z]{2,})+(?![\w-])")
# `(옵션)`, `(optional)`: Hangul or "option" in parentheses after a word, where bash would see a syntax error.
_PAREN_CONTENT = re.compile(rf"[{HANGUL}]|\b(?i:option)")
# `(REPO_PATH | REPO_URL)`: one value to fill, either metavariable (a subshell runs commands, never capitals alone)
_ALTERNATIVES = re.compile(r"[ \t]*[A-Z][A-Z0-9_]*(?:[ \t]*\|[ \t]*[A-Z][A-Z0-9_]*)+[ \t]*")
_SPACED_PAREN = re.compile(r"(?<=\w )\(([^()\n]* [^()\n]*)\)(?=\s|$)")  # `(옵션 값)`: a group of words
_WORD = re.compile(r"\S+")
_PROGRAM = re.compile(r"[a-z][\w.+-]*")
# What only a synopsis line has: a bracket not opening a test (`[ -f x ]`, `[[`), `...`, words in parentheses,
# capitals joined by a dash, `docker ~` (a Korean note's "every command starts with docker": the home folder is no
# subcommand).
HINT = re.compile(r"\[[^\s\[]|\.\.\.|…|\S \([^)$]|[A-Z]{2}-[A-Z]{2}|\bdocker[ \t]+~[ \t]*$", re.M)


def is_instruction_synopsis(arguments: str) -> bool:
    """Whether a Dockerfile instruction's ARGUMENTS (after its name; no shell reads them) are a synopsis, read like a
    command's: `[OPTIONS] <src> ... <dest>`, `[--platform=<platform>] <image> [AS <name>]`. A bracket that opens
    with a quote is an exec form (`['python', 'APP.py']`, wrong or right), a synopsis only with an elision inside
    (`["<src>", ... "<dest>"]`)."""
    return any(part.marks_synopsis and (arguments[part.start] != "[" or arguments[part.start + 1] not in "\"'"
                                        or _ELIDED.search(arguments[part.start:part.end]) is not None)
               for part in parts(arguments, continued=True))


@dataclass(frozen=True)
class Part:
    """A word of a line that would be a synopsis part, were the line a synopsis."""

    start: int
    end: int
    marks_synopsis: bool  # only a synopsis has it: `[OPTIONS]`, `...`, `(옵션)`, `IMAGE[:TAG]`, not a bare `IMAGE`


def parts(line: str, continued: bool = False) -> Iterator[Part]:
    """The parts of LINE; CONTINUED: it goes on with the line above (which ended in `\\`), whose program it shows."""
    words = list(_WORD.finditer(line))
    if not words or not continued and not _PROGRAM.fullmatch(words[0].group()):
        return  # a synopsis shows a program (`docker`, `ctr`, `sudo`), not a note (`✅ 간단함 (설정 불필요)`)
    index = 0 if continued else 1
    docker = continued or any(word.group() in ("docker", "docker-compose") for word in words[:2])  # `sudo docker`
    while index < len(words):
        word = words[index]
        text = word.group()
        bracket = _BRACKET_START.match(text)
        start = word.start() + (bracket.end() - 1 if bracket else 0)
        end = _closing_bracket(line, start) if bracket else None
        if end is not None and _BRACKET_CONTENT.search(line[start + 1 : end - 1]) and (
                end == len(line) or line[end] in " \t["):
            yield Part(start, end, True)
            while index < len(words) and words[index].start() < end:
                index += 1
            continue
        if text in _ELLIPSIS or (text[0] + text[-1] == "()" and _paren_placeholder(text[1:-1])) or (
                docker and index == 1 and text == "~" and len(words) == 2):  # `docker ~`: "docker, then anything"
            yield Part(word.start(), word.end(), True)
        elif docker and _DASHED_CAPITALS.search(text):
            yield from (Part(word.start() + found.start(), word.start() + found.end(), True)
                        for found in _DASHED_CAPITALS.finditer(text))
        else:
            metavariable = _METAVARIABLE.fullmatch(text)
            if metavariable:
                decorated = metavariable.group("optional") or metavariable.group("more")
                yield Part(word.start(), word.end(), bool(decorated))
        index += 1
    paren = _SPACED_PAREN.search(line)
    if paren and _paren_placeholder(paren.group(1)):
        yield Part(paren.start(), paren.end(), True)


def _paren_placeholder(content: str) -> bool:
    """Whether words in parentheses are a synopsis's: `(옵션)`, `(optional)`, alternatives `(REPO_PATH | REPO_URL)`."""
    return bool(_PAREN_CONTENT.search(content) or _ALTERNATIVES.fullmatch(content))


def _closing_bracket(line: str, start: int) -> int | None:
    """The end of the `[…]` group opening at START (nested groups inside), or None when it does not close."""
    depth = 0
    for index in range(start, len(line)):
        depth += {"[": 1, "]": -1}.get(line[index], 0)
        if depth == 0:
            return index + 1
    return None
