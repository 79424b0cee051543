"""A run's block statuses → the 검증 현황 page in Markdown: a summary, then a table per page linking each block.

The same function serves the MkDocs hook (which generates the page during the build) and
`docktest report RESULTS --page FILE` (which writes it for generators without hooks).
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from docktest.extract.markdown import extract_page, find_pages, read_page
from docktest.report.transcript import engine_name
from docktest.report.verification import BlockStatus, Run, block_statuses, rekey

LABELS = {"verified": "검증됨", "skipped": "건너뜀", "failed": "실패", "unverifiable": "오프라인 검증 불가",
          "unverified": "결과 없음"}
ICONS = {"verified": "✓", "skipped": "−", "failed": "✗", "unverifiable": "⊘", "unverified": "?"}
TITLE = "검증 현황"
# The page lists every block of the site: a search hit on it would only repeat the pages' own text.
FRONT_MATTER = "---\nsearch:\n  exclude: true\n---\n"
MAX_COMMAND = 80  # characters of a command shown in a mark or a table cell
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")  # what Python-Markdown lets a backslash escape
# Headings are all this reads: no inline parsing; front matter known, so its lines are not taken for text.
_HEADINGS = MarkdownIt("commonmark").use(front_matter_plugin).disable(["inline", "text_join"])


def anchor(status: BlockStatus) -> str:
    """The block's id on its page: docktest-block-<ordinal>, the ordinal of the snippet's id."""
    return "docktest-block-" + status.snippet.id.rsplit("#", 1)[1]


def page_statuses(run: Run, docs_dir: Path, base_dir: Path, pages: Iterable[Path]) -> dict[str, list[BlockStatus]]:
    """Each page's block statuses, keyed by its path inside docs_dir ('guide/markers.md'), as MkDocs names pages."""
    results = rekey(run.results, str(docs_dir), str(base_dir))
    statuses = {}
    for page in pages:
        key = Path(os.path.relpath(page, docs_dir)).as_posix()
        statuses[key] = block_statuses(extract_page(key, read_page(str(page))), results)
    return statuses


def site_status_page(run: Run, docs_dir: Path, base_dir: Path, page: Path) -> str:
    """The whole 검증 현황 file (front matter included) for `page` inside docs_dir, listing every other page there.

    What `docktest report RESULTS --page FILE` writes for generators without hooks; titles are the
    pages' first headings, where MkDocs' hook takes the nav's.
    """
    docs_dir, base_dir, page = docs_dir.resolve(), base_dir.resolve(), page.resolve()
    pages = [p.resolve() for p in find_pages([str(docs_dir)]) if p.resolve() != page]
    shown_at = readme_pages(Path(os.path.relpath(p, docs_dir)).as_posix() for p in pages)
    # a page showing a README is listed by the README's blocks, which are the ones run
    pages = [p for p in pages if Path(os.path.relpath(p, docs_dir)).as_posix() not in shown_at.values()]
    titles = {Path(os.path.relpath(p, docs_dir)).as_posix(): title_of(read_page(str(p)), p.name) for p in pages}
    statuses = page_statuses(run, docs_dir, base_dir, pages)
    folder = Path(os.path.relpath(page.parent, docs_dir)).as_posix()
    source_dir = Path(os.path.relpath(docs_dir, base_dir)).as_posix()
    return FRONT_MATTER + status_page(run, statuses, titles, source_dir, "" if folder == "." else folder, shown_at)


def readme_pages(keys: Iterable[str]) -> dict[str, str]:
    """Each folder's README.md among the page KEYS that a page named after its folder, also among them, shows:
    {"examples/goals/README.md": "examples/goals.md"} (an example project's page shows its README first)."""
    known = set(keys)
    return {key: key.removesuffix("/README.md") + ".md" for key in sorted(known)
            if key.endswith("/README.md") and key.removesuffix("/README.md") + ".md" in known}


def title_of(text: str, fallback: str) -> str:
    """A page's title as a reader sees it: its first level-1 heading, else the fallback (its file name)."""
    tokens = _HEADINGS.parse(text)
    for opening, inline in zip(tokens, tokens[1:]):
        if opening.type == "heading_open" and opening.tag == "h1":
            return inline.content
    return fallback


def status_page(run: Run | None, statuses: dict[str, list[BlockStatus]], titles: dict[str, str],
                source_dir: str = "docs", folder: str = "", shown_at: dict[str, str] | None = None) -> str:
    """The 검증 현황 page's Markdown (no front matter): a summary, then per page which Docker Engine ran it and a row
    per block, linked to its anchor.

    source_dir names the pages for authors in each link's tooltip (docs/x.md:12); folder is where the
    status page sits inside the docs folder, so links to the pages are relative to it. shown_at names the page the
    site shows a page's blocks on, where that is another (an example's README is shown by its example page).
    """
    lines = [f"# {TITLE}", ""]
    if run is None:
        lines += ["아직 검증 결과가 없습니다. `docktest run docs --format json`의 결과를 "
                  "`.docktest/results.json`(또는 `DOCKTEST_RESULTS`가 가리키는 파일)에 저장한 뒤 "
                  "사이트를 다시 빌드하면, 모든 셸 블록의 검증 상태가 이 페이지와 각 블록 아래에 표시됩니다.", ""]
        return "\n".join(lines)
    every = [s for page_statuses in statuses.values() for s in page_statuses]
    tally = {state: sum(s.state == state for s in every) for state in LABELS}
    # Blocks unverifiable offline come only from offline runs: counted when there are any.
    counts = " · ".join(f"{LABELS[state]} {count}" for state, count in tally.items()
                        if count or state != "unverifiable")
    when = run.finished_at.strftime("%Y-%m-%d %H:%M %Z").strip()
    lines += [f"{when}에 끝난 실행의 결과입니다. 셸 블록 {len(every)}개: {counts}.", ""]
    for page, page_statuses in statuses.items():
        if not page_statuses:
            continue
        shown = (shown_at or {}).get(page, page)
        link = posixpath.relpath(shown, folder) if folder else shown
        lines += [f"## [{_text(titles.get(page, page))}]({link})", ""]
        engine = engine_name(result for status in page_statuses for result in status.results)
        if engine:
            lines += [f"샌드박스의 {_text(engine)}에서 실행했습니다.", ""]
        lines += ["| 블록 | 상태 | 내용 |", "| --- | --- | --- |"]
        for status in page_statuses:
            ordinal = status.snippet.id.rsplit("#", 1)[1]
            where = posixpath.join(source_dir, page) if source_dir else page
            block = f'[블록 {ordinal}]({link}#{anchor(status)} "{where}:{status.line}")'
            state = (f'<span class="docktest-state docktest-state--{status.state}">'
                     f"{ICONS[status.state]} {LABELS[status.state]}</span>")
            lines.append(f"| {block} | {state} | {_content(status)}{_files(status)} |")
        lines.append("")
    return "\n".join(lines)


def _content(status: BlockStatus) -> str:
    if status.state in ("failed", "unverifiable"):
        return f"{code_span(short(status.command))}: {_text(status.reason)}"
    if status.state == "skipped":
        return _text(status.reason)
    commands = status.snippet.commands
    if not commands:
        return "명령 없음"
    more = f" 외 {len(commands) - 1}개" if len(commands) > 1 else ""
    return code_span(short(commands[0].text)) + more


def _files(status: BlockStatus) -> str:
    """The file blocks the run wrote before the block, named after what it ran; "" when there are none."""
    return " · 파일: " + ", ".join(code_span(file.name) for file in status.files) if status.files else ""


def short(command: str) -> str:
    """The command's first line, cut to MAX_COMMAND characters."""
    first = command.strip().split("\n", 1)[0]
    cut = len(first) > MAX_COMMAND or first != command.strip()
    return (first[:MAX_COMMAND] + " …") if cut else first


def code_span(text: str) -> str:
    """`text` as a Markdown code span, its fence longer than any backtick run inside."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _text(text: str) -> str:
    """Plain text safe in a Markdown table cell: no emphasis, links, raw HTML or column breaks."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))
