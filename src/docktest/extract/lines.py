"""How bash reads a block line by line, without running anything: the quote a line leaves open, whether it goes on
to the next line, and the here-documents it opens. Transcripts, output and fence checks all read lines this way."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

_SPECIAL = re.compile(r"['\"\\#<]")  # what can change how bash reads the next line
# the next character that can change the reading, by the quote open: none, single, double
_NEXT = {"": _SPECIAL, "'": re.compile("'"), '"': re.compile(r'["\\]')}
_HEREDOC = re.compile(r"<<-?[ \t]*(['\"]?)([\w.-]+)\1")
# A command the terminal wrapped mid-word: its last word a list cut short (`--query-gpu=index,name,uui`), the next
# row the rest of that word and then only flags (`d,serial --format=csv`); output has no flags after a list's piece.
_CUT_LIST = re.compile(r"(?:^|\s)\S+,\w+$")
_LIST_REST = re.compile(r"\w[\w.-]*,\S*(?:[ \t]+--?[A-Za-z][\w-]*(?:=\S+)?)+[ \t]*")


@dataclass(frozen=True)
class Heredoc:
    delimiter: str
    strip_tabs: bool  # `<<-`: the closing line may be indented with tabs

    def closed_by(self, line: str) -> bool:
        return (line.lstrip("\t") if self.strip_tabs else line) == self.delimiter


@dataclass(frozen=True)
class LineState:
    quote: str  # the quote still open after the line ("", "'" or '"')
    continued: bool  # it ends with an unquoted `\`: the next line goes on with it
    heredocs: tuple[Heredoc, ...]  # the here-documents it opens, in order


_PLAIN = LineState("", False, ())  # a line with nothing special in it


def command_starts(rows: Sequence[str], take: Callable[[int, str], bool], restarts: Collection[int] = ()) -> None:
    """Call TAKE(index, row) on each row where bash would start a command (blank ones too): not inside a
    here-document, a quote or a continued line. A row TAKE returns True for is taken out of the script: bash never
    reads it, so its quotes and here-documents open nothing. Reading starts afresh after each row of RESTARTS (a
    fence line a missing closing fence let in), which is neither read nor taken."""
    quote, continued, heredocs = "", False, []
    for index, row in enumerate(rows):
        if index in restarts:
            quote, continued, heredocs = "", False, []
            continue
        if heredocs:
            if heredocs[0].closed_by(row):
                heredocs.pop(0)
            continue
        if not quote and not continued and take(index, row):
            continue
        state = scan(row, quote)
        quote, continued = state.quote, state.continued
        heredocs.extend(state.heredocs)


@lru_cache(maxsize=4096)  # a pure function of its arguments; check, transcripts and output all read the same rows
def scan(line: str, quote: str = "") -> LineState:
    """One line read as bash reads it, QUOTE being the quote the lines before it left open. Between the characters
    that matter in the current state (see _NEXT) bash reads nothing, so the reading jumps from one to the next."""
    opened: list[Heredoc] = []
    if not quote and not _SPECIAL.search(line):
        return _PLAIN
    index = 0
    while True:
        found = _NEXT[quote].search(line, index)
        if found is None:
            break
        index, char = found.start(), found.group()
        if quote == "'":
            quote = ""
        elif char == "\\":
            index += 1
        elif quote == '"' or char in "'\"":
            quote = "" if quote else char
        elif char == "#":
            if index == 0 or line[index - 1] in " \t;|&(":
                break
        elif line.startswith("<<", index) and not line.startswith("<<<", index) and line[index - 1:index] != "<":
            heredoc = _HEREDOC.match(line, index)
            if heredoc:
                opened.append(Heredoc(heredoc.group(2), line.startswith("<<-", index)))
                index = heredoc.end()
                continue
        index += 1
    continued = not quote and (len(line) - len(line.rstrip("\\"))) % 2 == 1
    return LineState(quote, continued, tuple(opened))


def wrapped(line: str, next_line: str) -> bool:
    """Whether a terminal wrapped LINE mid-word onto NEXT_LINE (see _CUT_LIST, _LIST_REST): one command, not a command
    and its output."""
    return _CUT_LIST.search(line) is not None and _LIST_REST.fullmatch(next_line) is not None
