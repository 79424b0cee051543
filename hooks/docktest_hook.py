"""MkDocs hook: on build and serve, write every page's shell blocks to snippets/ and warn about static-check errors,
and about any shell code block a page renders that docktest did not extract.

A thin adapter: the work is docktest.snippets.build, which runs without MkDocs too (`docktest extract`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from docktest.report import formats as report
from docktest.report.rendered import unextracted_blocks
from docktest.extract import scripts as snippets
from docktest.extract.markdown import extract_page, read_page
from docktest.model import UsageError

log = logging.getLogger("mkdocs.plugins.docktest")


def on_files(files, config):
    root = Path(config.config_file_path).parent
    pages = [Path(file.abs_src_path) for file in files.documentation_pages() if file.abs_src_path]
    try:
        written, findings = snippets.build(Path(config.docs_dir), pages, root / "snippets", root)
    except UsageError as error:  # a page docktest cannot read: say which, without a traceback
        raise PluginError(str(error)) from None
    if written.written or written.removed:
        log.info("docktest: snippets/ updated (%d written, %d removed)", len(written.written), len(written.removed))
    for finding in findings:
        # errors are warnings to MkDocs: `--strict` fails the build, `serve` keeps serving
        (log.warning if finding.severity == "error" else log.info)(report.finding_line(finding))
    return files


def on_page_content(html, page, config, **_):
    source = page.file.abs_src_path
    if source and Path(source).is_file():  # generated pages have no Markdown on disk
        root = Path(config.config_file_path).parent.resolve()
        shown = os.path.relpath(Path(source).resolve(), root).replace(os.sep, "/")
        text = read_page(source)  # extraction is cached from on_files: same path, same text
        for finding in unextracted_blocks(shown, html, extract_page(shown, text), text):
            log.warning(report.finding_line(finding))  # a block nobody checks fails `--strict`
    return html
