"""A block's commands and what they printed in the sandbox, as a terminal transcript a reader can follow."""

from __future__ import annotations

from collections.abc import Sequence

from docktest.model import Result, Snippet
from docktest.run.stand_ins import BY_NAME
from docktest.run.volatile import LAYER, clean

MAX_LINES = 60  # lines of one command's output shown; the middle of a longer one is cut
_HEAD = 40  # of those, from the start (the rest from the end, where the result usually is)


def transcript(snippet: Snippet, results: Sequence[Result | None]) -> str:
    """`$ command` then its output, for each command of the block that ran; empty when none did.

    Output is shown as a terminal shows it (no ANSI codes, carriage returns applied), a run of pull
    layer lines as one line, and a long output cut in the middle with a note saying how much.
    """
    lines: list[str] = []
    for command, result in zip(snippet.commands, results):
        if result is None or result.status == "skipped":
            continue
        first, *continued = command.text.split("\n")
        lines += [f"$ {first}", *(f"> {line}" for line in continued)]
        lines += _shown(result.output)
    return "\n".join(lines)


def _shown(output: str) -> list[str]:
    rows: list[str] = []
    layers: set[str] = set()  # the layer IDs of the run of pull progress lines being folded
    for line in output.rstrip("\n").split("\n") if output.strip() else []:
        line = clean(line)
        if LAYER.fullmatch(line):
            layers.add(line.split(":", 1)[0])
            continue
        if layers:
            rows.append(f"… 레이어 {len(layers)}개를 받았습니다")
            layers = set()
        rows.append(line)
    if layers:
        rows.append(f"… 레이어 {len(layers)}개를 받았습니다")
    if len(rows) > MAX_LINES:
        tail = MAX_LINES - _HEAD
        rows = [*rows[:_HEAD], f"… ({len(rows) - MAX_LINES}줄 생략)", *rows[-tail:]]
    return rows


def stand_in_note(results: Sequence[Result | None]) -> str:
    """What readers must know of output that came from offline stand-ins (Debian-built images under Docker Hub's
    names): which the block's commands had used, and what each really is; empty when none."""
    names = dict.fromkeys(name for result in results if result is not None for name in result.stand_ins)
    if not names:
        return ""
    each = ", ".join(f"{name} = {BY_NAME[name].made_of}" if name in BY_NAME else name for name in names)
    return ("오프라인 실행: Docker Hub의 공식 이미지 대신 Debian 13 패키지로 만든 대체 이미지에서 나온 출력입니다 — "
            + each)
