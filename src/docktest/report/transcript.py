"""A block's commands and what they printed in the sandbox, as a terminal transcript a reader can follow."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from docktest.extract.placeholders import substitute
from docktest.model import Result, Snippet
from docktest.run.classify import classify
from docktest.sandbox.stand_ins import BY_NAME
from docktest.compare.volatile import LAYER, clean

MAX_LINES = 60  # lines of one command's output shown; the middle of a longer one is cut
_HEAD = 40  # of those, from the start (the rest from the end, where the result usually is)
# Docker's confirmations (`image prune`, `system prune`): input given through a pipe is read, not echoed.
_CONFIRM = re.compile(r"\[y/N\] ")
# BuildKit's plain progress: `#5 [2/3] WORKDIR /app`, `#5 DONE 0.1s`, `#5 0.412 hello`.
_BUILD_LOG = re.compile(r"#\d+ .*")
# What a reader wants from a build: its Dockerfile steps (not BuildKit's own [internal] ones), errors, the image.
_BUILD_KEPT = re.compile(r"#\d+ (?:\[(?!internal\])[^\]]*\] .*|ERROR\b.*|(?:writing image|naming to) .*)")
_TIMING = re.compile(r"(?: \d+\.\d+s)?(?: done)?$")

Kind = Literal["command", "output", "note"]


class Row(NamedTuple):
    """One line of a transcript: a command as typed (`$ …`), what it printed, or a note of the site's own."""

    kind: Kind
    text: str


def transcript(snippet: Snippet, results: Sequence[Result | None]) -> str:
    """The rows of transcript_rows() as text, one line each; empty when no command ran."""
    return "\n".join(row.text for row in transcript_rows(snippet, results))


def transcript_rows(snippet: Snippet, results: Sequence[Result | None]) -> list[Row]:
    """`$ command` then its output, for each command of the block that ran; none when none did.

    A command shows the placeholder values it ran with; its output is shown as a terminal shows it (no
    escape sequences, carriage returns applied, an answer given through a pipe after its prompt), a run
    of pull layer lines and a BuildKit log as one note each, and a long output cut in the middle.
    """
    rows: list[Row] = []
    bound = snippet.options.get("placeholders", {})
    for command, result in zip(snippet.commands, results):
        if result is None or result.status == "skipped":
            continue
        ran = substitute(command.text, bound).text if bound else command.text
        first, *continued = ran.split("\n")
        rows += [Row("command", f"$ {first}"), *(Row("command", f"> {line}") for line in continued)]
        lines = [clean(line) for line in result.output.rstrip("\n").split("\n")] if result.output.strip() else []
        if classify(ran) in ("plain", "follow"):  # under a terminal, the terminal echoed what was typed
            lines = _answered(lines, str(snippet.options.get("stdin", "")))
        rows += _cut(_folded_build(_folded_layers(lines)))
    return rows


def _answered(lines: list[str], stdin: str) -> list[str]:
    """The lines with each confirmation's answer after it, and a line break, as a terminal shows typed input."""
    answers = stdin.splitlines()
    shown: list[str] = []
    for line in lines:
        while answers and (prompt := _CONFIRM.search(line)):
            shown.append(line[:prompt.end()] + answers.pop(0))
            line = line[prompt.end():]
            if not line:
                break
        else:
            shown.append(line)
    return shown


def _folded_layers(lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    layers: set[str] = set()  # the layer IDs of the run of pull progress lines being folded
    for line in lines:
        if LAYER.fullmatch(line):
            layers.add(line.split(":", 1)[0])
            continue
        if layers:
            rows.append(Row("note", f"… 레이어 {len(layers)}개를 받았습니다"))
            layers = set()
        rows.append(Row("output", line))
    if layers:
        rows.append(Row("note", f"… 레이어 {len(layers)}개를 받았습니다"))
    return rows


def _folded_build(rows: list[Row]) -> list[Row]:
    """Each BuildKit log cut to its Dockerfile steps, errors and image lines, after a note of how much was folded."""
    folded: list[Row] = []
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and (_BUILD_LOG.fullmatch(rows[end].text) or (not rows[end].text and end > start)):
            end += 1
        if end - start < 2:  # one `#1 …` line alone is not BuildKit's log
            folded.append(rows[start])
            start += 1
            continue
        log = [row.text for row in rows[start:end] if row.text]
        kept = _kept(log)
        if len(kept) < len(log):
            folded.append(Row("note", f"… 빌드 로그 {len(log)}줄 가운데 단계와 결과만 보입니다"))
        folded += [Row("output", line) for line in kept]
        start = end
    return folded


def _kept(log: list[str]) -> list[str]:
    """A build log's lines a reader keeps: each step's first line, each error, the image's last lines."""
    kept: dict[str, str] = {}  # by what the line says without its timing, so a step repeated as `… done` shows once
    for line in log:
        if _BUILD_KEPT.fullmatch(line):
            kept[_TIMING.sub("", line)] = line
    return list(kept.values())


def _cut(rows: list[Row]) -> list[Row]:
    if len(rows) <= MAX_LINES:
        return rows
    tail = MAX_LINES - _HEAD
    return [*rows[:_HEAD], Row("note", f"… ({len(rows) - MAX_LINES}줄 생략)"), *rows[-tail:]]


def engine_name(results: Iterable[Result | None]) -> str:
    """Which Docker ran these results, as readers name it ("Docker Engine 26.1.5"); "" when none recorded it."""
    versions = dict.fromkeys(result.engine for result in results if result is not None and result.engine)
    return f"Docker Engine {', '.join(versions)}" if versions else ""


def stand_in_note(results: Sequence[Result | None]) -> str:
    """What readers must know of output that came from offline stand-ins (Debian-built images under Docker Hub's
    names): which the block's commands had used, and what each really is; empty when none."""
    names = dict.fromkeys(name for result in results if result is not None for name in result.stand_ins)
    if not names:
        return ""
    each = ", ".join(f"{name} = {BY_NAME[name].made_of}" if name in BY_NAME else name for name in names)
    return ("오프라인 실행: Docker Hub의 공식 이미지 대신 Debian 13 패키지로 만든 대체 이미지에서 나온 출력입니다 — "
            + each)
