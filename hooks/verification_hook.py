"""MkDocs hook: the 검증 현황 page, listing every shell block with what the last docktest run found.

The marks under the blocks are the Markdown extension notes_site.marks (so every generator shows
them); this hook adds what only MkDocs can: the generated page, a rebuild when new results arrive
under `mkdocs serve`, and the blocks' anchors for MkDocs' link validation. Other generators get the
page from `docktest report RESULTS --page docs/verification.md`.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from docktest import config as settings
from docktest.report.status_page import FRONT_MATTER, TITLE, page_statuses, readme_pages, status_page
from docktest.report.verification import Run, read_run

log = logging.getLogger("mkdocs.plugins.verification")

STATUS_PAGE = "verification.md"
_BLOCK_ANCHOR = re.compile(r'<div class="docktest-block" id="(docktest-block-\d+)">')
# MkDocs hooks are plain modules: on_config starts this build's state afresh each (re)build.
_build: dict = {"run": None, "generated": False}


def on_config(config, **_: object) -> None:
    path = _results_path(config)
    try:
        run = read_run(path) if path.is_file() else None
    except (OSError, ValueError) as error:
        raise PluginError(f"verification: {error}") from None
    _build.update(run=run, generated=False)
    if run is None:
        log.debug("no verification results at %s: pages carry no marks", path)
    else:
        log.info("verification marks from %s (%d results)", path, len(run.results))


def on_serve(server, config, **_: object) -> None:
    folder = _results_path(config).parent
    if folder.is_dir():  # a new run's results rebuild the served site
        server.watch(str(folder), recursive=False)


def on_files(files: Files, config, **_: object) -> Files:
    if files.get_file_from_path(STATUS_PAGE) is None:  # a hand-written page of that name wins
        # Filled in by on_page_markdown, when the nav has given every page its title.
        files.append(File.generated(config, STATUS_PAGE, content=f"{FRONT_MATTER}# {TITLE}\n"))
        _build["generated"] = True
    return files


def on_page_markdown(markdown: str, page, files: Files, config, **_: object) -> str:
    if page.file.src_uri != STATUS_PAGE or not _build["generated"]:
        return markdown
    run: Run | None = _build["run"]
    pages = [f for f in files.documentation_pages() if f.abs_src_path and Path(f.abs_src_path).is_file()]
    # MkDocs gives a title taken from the page's heading as HTML (`&amp;`); status_page wants the reader's text
    titles = {f.src_uri: _title(f) for f in pages}
    docs_dir = Path(config["docs_dir"])
    # a README that a page shows first (an example's, left out of the site by exclude_docs) is listed by that page
    readmes = readme_pages([f.src_uri for f in files if f.is_documentation_page()])
    titles.update({readme: _title(files.get_file_from_path(page)) for readme, page in readmes.items()})
    statuses = {} if run is None else page_statuses(run, docs_dir, Path(_base_dir(config)),
                                                    [Path(f.abs_src_path) for f in pages]
                                                    + [docs_dir / readme for readme in readmes])
    return status_page(run, statuses, titles, Path(os.path.relpath(docs_dir, _base_dir(config))).as_posix(),
                       shown_at=readmes)


def _title(file) -> str:
    return html.unescape(file.page.title) if file.page and file.page.title else file.src_uri


def on_page_content(html_text: str, page, **_: object) -> str:
    if page.present_anchor_ids is not None:  # links from 검증 현황 to the blocks validate like any other
        page.present_anchor_ids.update(_BLOCK_ANCHOR.findall(html_text))
    return html_text


def _base_dir(config) -> str:
    """The project root, where `docktest run` runs and relative results paths start."""
    return os.path.dirname(os.path.abspath(config.config_file_path)) if config.config_file_path else os.getcwd()


def _results_path(config) -> Path:
    return settings.results_path(Path(_base_dir(config)))
