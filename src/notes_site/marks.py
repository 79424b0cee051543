"""Python-Markdown extension `notes_site.marks`: under each shell block (and each file block it wrote before it
ran), what the last docktest run found.

The run's results are the JSON `docktest run docs --format json` writes, read from the `results`
option, else $DOCKTEST_RESULTS or .docktest/results.json (docktest.config.results_path). A
preprocessor sees the page's text before anything rewrites it and finds which page on disk it is
(notes_site.page_match); a postprocessor wraps each rendered code block of that page in an anchored
div ending with its mark, and highlights the failing command's lines. Because all of it happens
inside Python-Markdown, MkDocs, ProperDocs and Zensical render the same marks. Without a results
file nothing changes.
"""

from __future__ import annotations

import html
import logging
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from docktest import config as settings
from docktest.extract.markdown import extract_page, read_page
from docktest.report.status_page import ICONS, LABELS, anchor, readme_pages, short
from docktest.report.rendered import CODE_BLOCK, comparable, rendered_block
from docktest.report.verification import BlockStatus, Run, block_statuses, read_run, rekey
from notes_site import page_match
from notes_site.examples import README
from notes_site.outputs import expected, failure, recorded

# MkDocs counts warnings of its "mkdocs" loggers (so `--strict` fails on them); other generators print them.
log = logging.getLogger("mkdocs.plugins.verification")

# Before notes_site.lists (40) and every other preprocessor: the text as the file holds it.
_READ_PRIORITY = 50
# After raw_html (30) puts SuperFences' code blocks back into the page, and after amp_substitute (20).
_MARK_PRIORITY = 5
# After every treeprocessor: toc runs the postprocessors on each heading's text first; those are not the page.
_DOCUMENT_PRIORITY = -100


@dataclass(frozen=True)
class PageMarks:
    """What the postprocessor needs for one page: its blocks' statuses, the run's day, the page as authors name it."""

    statuses: tuple[BlockStatus, ...]
    day: str
    shown: str  # e.g. docs/section02.md
    recorded_output: bool = True  # a collapsed "실행 결과" box under each block that ran


class MarksExtension(Extension):
    def __init__(self, **kwargs: object) -> None:
        self.config = {
            "results": ["", "The results file; default: $DOCKTEST_RESULTS or .docktest/results.json"],
            "docs_dir": ["docs", "The folder the pages are in, from the project root"],
            "base_dir": ["", "The project root, where `docktest run` ran; default: the current folder"],
            "recorded_output": [True, "Show what each block's commands printed in the sandbox, under the block"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        base = Path(self.getConfig("base_dir") or os.getcwd()).resolve()
        results = Path(self.getConfig("results")) if self.getConfig("results") else settings.results_path(base)
        reader = _Reader(md, base / self.getConfig("docs_dir"), base, base / results,
                         bool(self.getConfig("recorded_output")))
        md.preprocessors.register(reader, "notes_site_marks_read", _READ_PRIORITY)
        md.treeprocessors.register(_DocumentReady(reader), "notes_site_marks_ready", _DOCUMENT_PRIORITY)
        md.postprocessors.register(_Marker(reader), "notes_site_marks", _MARK_PRIORITY)


class _Reader(Preprocessor):
    """Finds the page and its blocks' statuses; leaves the text as it is."""

    def __init__(self, md: Markdown, docs_dir: Path, base_dir: Path, results: Path, recorded_output: bool) -> None:
        super().__init__(md)
        self.docs_dir, self.base_dir, self.results = docs_dir, base_dir, results
        self.recorded_output = recorded_output
        self.page: PageMarks | None = None
        self.document_ready = False  # the next postprocessor run is the whole page, not a heading's text

    def run(self, lines: list[str]) -> list[str]:
        self.page = page_marks("\n".join(lines), self.docs_dir, self.base_dir, self.results, self.recorded_output)
        self.document_ready = False
        return lines


class _DocumentReady(Treeprocessor):
    def __init__(self, reader: _Reader) -> None:
        super().__init__()
        self.reader = reader

    def run(self, root) -> None:
        self.reader.document_ready = True


class _Marker(Postprocessor):
    def __init__(self, reader: _Reader) -> None:
        super().__init__()
        self.reader = reader

    def run(self, text: str) -> str:
        page = self.reader.page
        if page is None or not self.reader.document_ready:
            return text
        self.reader.document_ready = False
        marked, missing = mark_blocks(text, page.statuses, page.day, page.shown, page.recorded_output)
        for status in missing:
            log.warning("%s:%d: this shell block did not render as a code block, so it carries no verification mark",
                        page.shown, status.snippet.start_line)
        return marked


def makeExtension(**kwargs: object) -> MarksExtension:  # noqa: N802 - how Python-Markdown loads an extension by name
    return MarksExtension(**kwargs)


def page_marks(text: str, docs_dir: Path, base_dir: Path, results: Path,
               recorded_output: bool = True) -> PageMarks | None:
    """The statuses of the shell blocks of the page whose text this is; None without results or a known page."""
    run = _read_run(*_stamp(results))
    if run is None:
        return None
    rekeyed = rekey(run.results, str(docs_dir), str(base_dir))
    keys = _pages(docs_dir)
    pages = ((key, read_page(str(docs_dir / key))) for key in keys)  # read until one matches
    found = page_match.by_content(text, pages)
    readmes = {page: readme for readme, page in readme_pages(keys).items()}
    if found is not None and found.page in readmes:  # a page written from a README, which starts it line for line
        found = page_match.Match(readmes[found.page], 0)
        snippets = extract_page(found.page, text)
    elif found is not None:
        snippets = extract_page(found.page, read_page(str(docs_dir / found.page)))
    else:  # an example's page on MkDocs (made by its hook, not on disk) opens with the example's README
        shown_first = ((key, read_page(str(docs_dir / key))) for key in keys if key.endswith(f"/{README}"))
        found = page_match.by_opening(text, shown_first) or page_match.by_commands(text, rekeyed)
        if found is None:
            return None
        snippets = extract_page(found.page, "\n" * found.offset + text)  # the file's lines, front matter cut
    shown = Path(os.path.relpath(docs_dir / found.page, base_dir)).as_posix()
    return PageMarks(tuple(block_statuses(snippets, rekeyed)), run.finished_at.date().isoformat(), shown,
                     recorded_output)


def _stamp(path: Path) -> tuple[Path, int, int]:
    """The path with its modification time and size: the cache key that notices a new results file or page."""
    try:
        stat = path.stat()
    except OSError:
        return path, 0, -1
    return path, stat.st_mtime_ns, stat.st_size


# Generators make a Markdown instance per page: read the results once per build, not once per page.
@lru_cache(maxsize=4)
def _read_run(path: Path, _mtime: int, size: int) -> Run | None:
    if size < 0:
        return None
    try:
        return read_run(path)
    except (OSError, ValueError) as error:  # a broken results file must not pass unnoticed
        raise ValueError(f"verification: {error}") from None


def _pages(docs_dir: Path) -> list[str]:
    """The Markdown pages under docs_dir, as paths inside it."""
    return sorted(Path(os.path.relpath(p, docs_dir)).as_posix() for p in docs_dir.rglob("*.md") if p.is_file())


def mark_blocks(html_text: str, statuses: tuple[BlockStatus, ...] | list[BlockStatus], day: str,
                shown: str, recorded_output: bool = False) -> tuple[str, list[BlockStatus]]:
    """The page's HTML with each block wrapped in an anchored div that ends with its mark, and the blocks not found.

    Rendered code blocks are taken in order; each is matched to the first block still waiting
    whose code is the same text, so a block the renderer did not show as code is skipped over. The
    author's output block for a matched block (`<!-- docktest output -->`), where it follows, is labelled.
    """
    position = 0  # the first block not yet matched
    found: list[int] = []
    outputs: list[str] = []  # the expected output of the last block matched, when an output block of its own shows it
    files = [(file, status) for status in statuses for file in status.files]  # in page order
    file_position = 0

    def wrap(match: re.Match) -> str:
        nonlocal position, file_position
        text = comparable(rendered_block(match).text)
        for index in range(file_position, len(files)):
            file, status = files[index]
            if comparable(file.code) == text:
                file_position = index + 1
                return f'<div class="docktest-file">{match.group(0)}{file_mark(status, day, shown)}</div>'
        for index in range(position, len(statuses)):
            if comparable(statuses[index].snippet.code) == text:
                position = index + 1
                found.append(index)
                status = statuses[index]
                outputs[:] = _output_blocks(status)
                block = match.group(0)
                if status.state == "failed":
                    block = _highlight_failing(block, match, status)
                # After the block: the mark stays right under it.
                after = failure(status) + (recorded(status) if recorded_output else "")
                return (f'<div class="docktest-block" id="{anchor(status)}">{block}{mark(status, day, shown)}</div>'
                        f"{after}")
        if outputs and comparable(outputs[0]) == text:
            outputs.pop(0)
            return expected(match.group(0))
        return match.group(0)

    marked = CODE_BLOCK.sub(wrap, html_text)
    return marked, [s for index, s in enumerate(statuses) if index not in found]


def _output_blocks(status: BlockStatus) -> list[str]:
    """The text of each expected output the page shows after the block, in a block of its own."""
    return ["\n".join(text for text, _ in expectation.lines) for expectation in status.snippet.expectations
            if expectation.line > status.snippet.end_line]


def _highlight_failing(block: str, match: re.Match, status: BlockStatus) -> str:
    """The block with the failing command's lines wrapped as highlighted lines (Pygments' `hll`, as hl_lines makes)."""
    if match.group("code") is None:  # a plain <pre><code> block has no Pygments lines to highlight
        return block
    first = status.line - status.snippet.start_line  # the code's row of the command's first line
    rows = match.group("code").splitlines(keepends=True)  # Pygments closes its spans at each line's end
    for row in range(first, min(first + status.command.count("\n") + 1, len(rows))):
        rows[row] = f'<span class="hll docktest-failing">{rows[row]}</span>'
    start, end = match.span("code")
    offset = match.start()
    return block[: start - offset] + "".join(rows) + block[end - offset:]


def mark(status: BlockStatus, day: str, shown: str) -> str:
    """The small line under a block: its state, and the date, the reason or the failing command."""
    if status.state == "verified":
        detail = f'<time datetime="{day}">{day}</time>'
        title = f"{day}에 Docker 샌드박스에서 이 블록의 명령을 실제로 실행해 확인했습니다"
    elif status.state == "skipped":
        detail = html.escape(status.reason)
        title = f"실행하지 않은 블록: {status.reason}"
    elif status.state == "failed":
        detail = f"<code>{html.escape(short(status.command))}</code>"
        title = f"{shown}:{status.line}에서 실패: {status.reason}"
    elif status.state == "unverifiable":  # not wrong: the offline sandbox could not run it as written
        detail = html.escape(status.reason)
        title = (f"{shown}:{status.line}: 오프라인 샌드박스에서는 이 블록을 검증할 수 없습니다 "
                 f"({status.reason}). 틀렸다는 뜻은 아닙니다")
    else:
        detail = ""
        title = "이 블록의 실행 결과가 없습니다 (실행 뒤에 바뀌었거나 실행되지 않았습니다)"
    label = f'<span class="docktest-mark__icon" aria-hidden="true">{ICONS[status.state]}</span> {LABELS[status.state]}'
    separator = " · " if detail else ""
    # Out of search: a search for 검증됨 or a date would list every block (Material and Zensical honour the attribute).
    return (f'<p class="docktest-mark docktest-mark--{status.state}" title="{html.escape(title)}" data-search-exclude>'
            f"{label}{separator}{detail}</p>")


def file_mark(status: BlockStatus, day: str, shown: str) -> str:
    """The line under a file block: whether the block that ran right after it was written (STATUS) passed."""
    if status.state == "verified":
        label, detail = "이 파일로 실행해 검증됨", f'<time datetime="{day}">{day}</time>'
        title = (f"{day}에 이 파일을 페이지에 보이는 그대로 샌드박스의 작업 폴더에 쓰고, 다음 블록"
                 f"({shown}:{status.snippet.start_line})의 명령을 실행해 확인했습니다")
    elif status.state == "failed":
        label, detail = "이 파일을 쓴 다음 블록이 실패", f"<code>{html.escape(short(status.command))}</code>"
        title = f"{shown}:{status.line}에서 실패: {status.reason}"
    else:  # skipped, not verifiable offline, or no result: the block's own mark says so
        return ""
    icon = f'<span class="docktest-mark__icon" aria-hidden="true">{ICONS[status.state]}</span>'
    return (f'<p class="docktest-mark docktest-mark--{status.state}" title="{html.escape(title)}" data-search-exclude>'
            f"{icon} {label} · {detail}</p>")

