"""The outputs readers see around a marked block: the folded "실행 결과" box of what ran here.

notes_site.marks places it after the block and its mark.
"""

from __future__ import annotations

import html

from docktest.report.transcript import transcript_rows
from docktest.report.verification import BlockStatus



def recorded(status: BlockStatus) -> str:
    """A folded box with what the block's commands printed in the sandbox, prompt-style; empty if none ran.

    The site's own notes (folded layers and build logs, cut lines) are marked apart from Docker's output;
    output from offline stand-in images says so above it.
    """
    rows = transcript_rows(status.snippet, status.results)
    if not rows:
        return ""
    shown = "\n".join(f'<span class="docktest-note">{html.escape(row.text, quote=False)}</span>'
                      if row.kind == "note" else html.escape(row.text, quote=False) for row in rows)
    stand_ins = _stand_ins(status)
    disclosed = f'<p class="docktest-output__stand-ins">{html.escape(stand_ins)}</p>' if stand_ins else ""
    return ('<details class="docktest-output"><summary>실행 결과 '
            '<span class="docktest-caption">이 사이트가 샌드박스에서 실행한 출력</span></summary>'
            f"{disclosed}<pre><code>{shown}</code></pre></details>")


def _stand_ins(status: BlockStatus) -> str:
    """The disclosure for output that came from offline stand-ins of Docker Hub's images; empty when none did."""
    names = dict.fromkeys(name for result in status.results if result is not None for name in result.stand_ins)
    if not names:
        return ""
    return (f"오프라인 실행: Docker Hub의 공식 이미지 대신 대체 이미지({', '.join(names)})로 실행한 출력입니다. "
            "버전과 레이어는 공식 이미지와 다릅니다.")
