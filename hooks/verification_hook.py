"""MkDocs hook: mark every shell block with what the last docktest run found, and list them all on 검증 현황.

The run's results are the JSON `docktest run docs --format json` writes, read from
$DOCKTEST_RESULTS or .docktest/results.json (docktest.config.results_path). Blocks are found
with docktest's own extractor, on the file on disk, and matched to the rendered code blocks by
their text, in order. Without a results file no page changes, and 검증 현황 says there are none.
"""

from __future__ import annotations

import html
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from docktest import config as settings
from docktest.extract.markdown import extract_page, read_page
from docktest.report.rendered import CODE_BLOCK, comparable, rendered_block
from docktest.report.verification import BlockStatus, Run, block_statuses, read_run, rekey

log = logging.getLogger("mkdocs.plugins.verification")

STATUS_PAGE = "verification.md"
LABELS = {"verified": "검증됨", "skipped": "건너뜀", "failed": "실패", "unverified": "결과 없음"}
ICONS = {"verified": "✓", "skipped": "−", "failed": "✗", "unverified": "?"}
MAX_COMMAND = 80  # characters of a command shown in a mark or a table cell
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")  # what Python-Markdown lets a backslash escape


@dataclass
class _Build:
    """What this build learnt from the results file."""

    run: Run | None = None
    statuses: dict[str, list[BlockStatus]] = field(default_factory=dict)  # by page src_uri
    status_page_generated: bool = False


# MkDocs hooks are plain modules, so a build's state lives here; on_config starts it afresh each (re)build.
_build = _Build()


def on_config(config, **_: object) -> None:
    global _build
    path = _results_path(config)
    try:
        run = read_run(path) if path.is_file() else None
    except (OSError, ValueError) as error:
        raise PluginError(f"verification: {error}") from None
    _build = _Build(run=run)
    if run is None:
        log.debug("no verification results at %s: pages carry no marks", path)
    else:
        log.info("verification marks from %s (%d results)", path, len(run.results))


def on_serve(server, config, **_: object) -> None:
    folder = _results_path(config).parent
    if folder.is_dir():  # a new run's results rebuild the served site
        server.watch(str(folder), recursive=False)


def on_files(files: Files, config, **_: object) -> Files:
    if _build.run is not None:
        base = _base_dir(config)
        results = rekey(_build.run.results, config["docs_dir"], base)
        for file in files.documentation_pages():
            if file.abs_src_path and Path(file.abs_src_path).is_file():
                snippets = extract_page(file.src_uri, read_page(file.abs_src_path))
                _build.statuses[file.src_uri] = block_statuses(snippets, results)
    if files.get_file_from_path(STATUS_PAGE) is None:  # a hand-written page of that name wins
        # Filled in by on_page_markdown, when the nav has given every page its title.
        files.append(File.generated(config, STATUS_PAGE, content="# 검증 현황\n"))
        _build.status_page_generated = True
    return files


def on_page_markdown(markdown: str, page, files: Files, **_: object) -> str:
    if page.file.src_uri != STATUS_PAGE or not _build.status_page_generated:
        return markdown
    titles = {f.src_uri: (f.page.title if f.page and f.page.title else f.src_uri) for f in files.documentation_pages()}
    return status_page(_build.run, _build.statuses, titles)


def on_page_content(html_text: str, page, config, **_: object) -> str:
    statuses = _build.statuses.get(page.file.src_uri)
    if _build.run is None or not statuses:
        return html_text
    marked, missing = mark_blocks(html_text, statuses, _build.run.finished_at.date().isoformat())
    shown = os.path.relpath(page.file.abs_src_path, _base_dir(config))
    for status in missing:
        log.warning("%s:%d: this shell block did not render as a code block, so it carries no verification mark",
                    shown, status.snippet.start_line)
    if page.present_anchor_ids is not None:  # links to the blocks' anchors validate like any other
        unmarked = {s.snippet.id for s in missing}
        page.present_anchor_ids.update(anchor(s) for s in statuses if s.snippet.id not in unmarked)
    return marked


def anchor(status: BlockStatus) -> str:
    """The block's id on its page: docktest-block-<ordinal>, the ordinal of the snippet's id."""
    return "docktest-block-" + status.snippet.id.rsplit("#", 1)[1]


def mark_blocks(html_text: str, statuses: list[BlockStatus], day: str) -> tuple[str, list[BlockStatus]]:
    """The page's HTML with each block wrapped in an anchored div that ends with its mark, and the blocks not found.

    Rendered code blocks are taken in order; each is matched to the first block still waiting
    whose code is the same text, so a block the renderer did not show as code is skipped over.
    """
    position = 0  # the first block not yet matched
    found: list[int] = []

    def wrap(match: re.Match) -> str:
        nonlocal position
        text = comparable(rendered_block(match).text)
        for index in range(position, len(statuses)):
            if comparable(statuses[index].snippet.code) == text:
                position = index + 1
                found.append(index)
                status = statuses[index]
                return (f'<div class="docktest-block" id="{anchor(status)}">{match.group(0)}'
                        f"{mark(status, day)}</div>")
        return match.group(0)

    marked = CODE_BLOCK.sub(wrap, html_text)
    return marked, [s for index, s in enumerate(statuses) if index not in found]


def mark(status: BlockStatus, day: str) -> str:
    """The small line under a block: its state, and the date, the reason or the failing line."""
    if status.state == "verified":
        detail = f'<time datetime="{day}">{day}</time>'
        title = f"{day}에 Docker 샌드박스에서 이 블록의 명령을 실제로 실행해 확인했습니다"
    elif status.state == "skipped":
        detail = html.escape(status.reason)
        title = f"실행하지 않은 블록: {status.reason}"
    elif status.state == "failed":
        detail = f"{status.line}행 <code>{html.escape(_short(status.command))}</code>"
        title = f"{status.line}행에서 실패: {status.reason}"
    else:
        detail = ""
        title = "이 블록의 실행 결과가 없습니다 (실행 뒤에 바뀌었거나 실행되지 않았습니다)"
    label = f'<span class="docktest-mark__icon" aria-hidden="true">{ICONS[status.state]}</span> {LABELS[status.state]}'
    separator = " · " if detail else ""
    return (f'<p class="docktest-mark docktest-mark--{status.state}" title="{html.escape(title)}">'
            f"{label}{separator}{detail}</p>")


def status_page(run: Run | None, statuses: dict[str, list[BlockStatus]], titles: dict[str, str]) -> str:
    """The 검증 현황 page in Markdown: a summary, then per page a table with a row per block, linked to its anchor."""
    lines = ["# 검증 현황", ""]
    if run is None:
        lines += ["아직 검증 결과가 없습니다. `docktest run docs --format json`의 결과를 "
                  "`.docktest/results.json`(또는 `DOCKTEST_RESULTS`가 가리키는 파일)에 저장한 뒤 "
                  "사이트를 다시 빌드하면, 모든 셸 블록의 검증 상태가 이 페이지와 각 블록 아래에 표시됩니다.", ""]
        return "\n".join(lines)
    every = [s for page_statuses in statuses.values() for s in page_statuses]
    counts = " · ".join(f"{LABELS[state]} {sum(s.state == state for s in every)}" for state in LABELS)
    when = run.finished_at.strftime("%Y-%m-%d %H:%M %Z").strip()
    lines += [f"{when}에 끝난 실행의 결과입니다. 셸 블록 {len(every)}개: {counts}.", ""]
    for page, page_statuses in statuses.items():
        if not page_statuses:
            continue
        lines += [f"## [{_text(titles.get(page, page))}]({page})", "",
                  "| 블록 | 상태 | 내용 |", "| --- | --- | --- |"]
        for status in page_statuses:
            ordinal = status.snippet.id.rsplit("#", 1)[1]
            block = f"[블록 {ordinal} · {status.snippet.start_line}행]({page}#{anchor(status)})"
            state = (f'<span class="docktest-state docktest-state--{status.state}">'
                     f"{ICONS[status.state]} {LABELS[status.state]}</span>")
            lines.append(f"| {block} | {state} | {_content(status)} |")
        lines.append("")
    return "\n".join(lines)


def _content(status: BlockStatus) -> str:
    if status.state == "failed":
        return f"{status.line}행 {_code_span(_short(status.command))}: {_text(status.reason)}"
    if status.state == "skipped":
        return _text(status.reason)
    commands = status.snippet.commands
    if not commands:
        return "명령 없음"
    more = f" 외 {len(commands) - 1}개" if len(commands) > 1 else ""
    return _code_span(_short(commands[0].text)) + more


def _short(command: str) -> str:
    """The command's first line, cut to MAX_COMMAND characters."""
    first = command.strip().split("\n", 1)[0]
    cut = len(first) > MAX_COMMAND or first != command.strip()
    return (first[:MAX_COMMAND] + " …") if cut else first


def _code_span(text: str) -> str:
    """`text` as a Markdown code span, its fence longer than any backtick run inside."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _text(text: str) -> str:
    """Plain text safe in a Markdown table cell: no emphasis, links, raw HTML or column breaks."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _base_dir(config) -> str:
    """The project root, where `docktest run` runs and relative results paths start."""
    return os.path.dirname(os.path.abspath(config.config_file_path)) if config.config_file_path else os.getcwd()


def _results_path(config) -> Path:
    return settings.results_path(Path(_base_dir(config)))
