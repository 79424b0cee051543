"""The outputs readers see around a marked block, labelled: what ran here, why it failed, what the author expects.

notes_site.marks places them: a failure's reason and diff and the folded "실행 결과" box after the block
and its mark, a label on the author's own output block where it follows. What the site adds stays out of
search (`data-search-exclude`, which Material and Zensical honour): a search finds what the notes say.
"""

from __future__ import annotations

import html
import re

from docktest.report.transcript import engine_name, stand_in_note, transcript_rows
from docktest.report.verification import BlockStatus

_SIDES = {"-": ("expected", "기대"), "+": ("actual", "실제"), " ": ("same", "")}
_ELLIPSIS = re.compile(r"(?P<line>(?:^|(?<=\n))\.\.\.(?=\n|$))|\.\.\.")  # a line of its own, or inside one
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")


def recorded(status: BlockStatus) -> str:
    """A folded box with what the block's commands printed in the sandbox, prompt-style; empty if none ran.

    The site's own notes (folded layers and build logs, cut lines) are marked apart from Docker's output;
    above it, which Docker Engine ran it, and, for output from offline stand-in images, that it did.
    """
    rows = transcript_rows(status.snippet, status.results)
    if not rows:
        return ""
    shown = "\n".join(f'<span class="docktest-note">{html.escape(row.text, quote=False)}</span>'
                      if row.kind == "note" else html.escape(row.text, quote=False) for row in rows)
    engine = html.escape(engine_name(status.results), quote=False)
    ran_on = f'<p class="docktest-output__engine">샌드박스의 {engine}에서 실행했습니다.</p>' if engine else ""
    stand_ins = stand_in_note(status.results)
    disclosed = f'<p class="docktest-output__stand-ins">{html.escape(stand_ins, quote=False)}</p>' if stand_ins else ""
    return ('<details class="docktest-output" data-search-exclude><summary>실행 결과 '
            '<span class="docktest-caption">이 사이트가 샌드박스에서 실행한 출력</span></summary>'
            f"{ran_on}{disclosed}<pre><code>{shown}</code></pre></details>")


def failure(status: BlockStatus) -> str:
    """A failed block's reason as text anyone can read (no tooltip), and its output's diff labelled by side."""
    if status.state != "failed":
        return ""
    failing = next((r for r in status.results if r is not None and r.line == status.line), None)
    diff = _diff(failing.diff) if failing is not None and failing.diff else ""
    # Each part out of search on its own: Material's indexer stops skipping at the first closing tag of the same name.
    return ('<div class="docktest-failure"><div class="docktest-failure__reason" data-search-exclude>'
            f"<strong>실패한 이유</strong> {html.escape(status.reason)}</div>{diff}</div>")


def _diff(unified: str) -> str:
    """A unified diff (expected → actual) as rows labelled 기대 / 실제, a legend above; hunks apart, no file lines."""
    rows = []
    for line in unified.split("\n"):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            if rows:
                rows.append('<span class="docktest-diff__gap">⋯</span>')
            continue
        kind, word = _SIDES.get(line[:1], _SIDES[" "])
        rows.append(f'<span class="docktest-diff__{kind}"><span class="docktest-diff__side">{word}</span>'
                    f"{html.escape(line[1:], quote=False)}</span>")
    legend = ('<div class="docktest-diff__legend" data-search-exclude><span class="docktest-diff__expected">기대</span> 노트에 적힌 출력 · '
              '<span class="docktest-diff__actual">실제</span> 샌드박스에서 나온 출력</div>')
    code = "".join(row + "\n" for row in rows)
    return f'{legend}<pre class="docktest-diff" data-search-exclude><code>{code}</code></pre>'


def expected(block: str) -> str:
    """The author's output block under a label saying whose it is; each `...` marked as the elision it is."""
    marked, elided = _elisions(block)
    about = " <code>...</code>는 생략된 부분입니다(실행마다 다른 값, 줄)." if elided else ""
    return ('<div class="docktest-expected"><div class="docktest-expected__label" data-search-exclude>'
            f"<strong>기대 출력</strong> 노트가 적어 둔 출력입니다.{about}</div>{marked}</div>")


def _elisions(block: str) -> tuple[str, bool]:
    """The block with each `...` of its text (never of its tags) in a span readers can tell apart."""
    found = False

    def mark(match: re.Match) -> str:
        nonlocal found
        if match.group(1) is not None or "..." not in match.group(2):
            return match.group(0)
        found = True
        return _ELLIPSIS.sub(_elision, match.group(2))

    return _TAG_OR_TEXT.sub(mark, block), found


def _elision(match: re.Match) -> str:
    if match.group("line"):
        return '<span class="docktest-elision docktest-elision--line" title="생략된 줄">...</span>'
    return '<span class="docktest-elision" title="생략된 부분">...</span>'
