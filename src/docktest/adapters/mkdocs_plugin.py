"""MkDocs plugin `docktest` (`plugins: [docktest]`): on each build, write the pages' shell blocks to snippets/ and
report static-check findings and shell blocks a page shows but docktest did not extract, as warnings, so
`mkdocs build --strict` fails on them.

Registration and wiring only: the work is docktest.check.pages.build_snippets, which `docktest extract
--write` calls too. This project's own hooks/docktest_hook.py calls write_snippets below.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from docktest.check.pages import build_snippets
from docktest.extract.markdown import extract_page, read_page
from docktest.model import UsageError
from docktest.report.formats import finding_line
from docktest.report.rendered import unextracted_blocks

log = logging.getLogger("mkdocs.plugins.docktest")


class DocktestConfig(base.Config):
    snippets_dir = config_options.Type(str, default="snippets")  # from the folder mkdocs.yml is in
    enabled = config_options.Type(bool, default=True)


class DocktestPlugin(BasePlugin[DocktestConfig]):
    def on_files(self, files, *, config):
        if self.config.enabled:
            write_snippets(files, config, self.config.snippets_dir)
        return files

    def on_page_content(self, html, *, page, config, files):
        if self.config.enabled:
            warn_unextracted(html, page, config)
        return html


def write_snippets(files, config, snippets_dir: str = "snippets") -> None:
    """Extract and check the site's pages, sync snippets_dir, log each finding (errors as warnings)."""
    root = Path(config.config_file_path).parent
    pages = [Path(file.abs_src_path) for file in files.documentation_pages() if file.abs_src_path]
    try:
        written, findings = build_snippets(Path(config.docs_dir), pages, root / snippets_dir, root)
    except (UsageError, ValueError) as error:  # a page docktest cannot read, a folder it must not write: no traceback
        raise PluginError(f"docktest: {error}") from None
    if written.written or written.removed:
        log.info("docktest: %s/ updated (%d written, %d removed)", snippets_dir, len(written.written),
                 len(written.removed))
    for finding in findings:
        # errors are warnings to MkDocs: `--strict` fails the build, `serve` keeps serving
        (log.warning if finding.severity == "error" else log.info)(finding_line(finding))


def warn_unextracted(html: str, page, config) -> None:
    """Warn at file:line about a shell block the page renders but docktest did not extract (or the reverse)."""
    source = page.file.abs_src_path
    if not source or not Path(source).is_file():  # generated pages have no Markdown on disk
        return
    root = Path(config.config_file_path).parent.resolve()
    shown = os.path.relpath(Path(source).resolve(), root).replace(os.sep, "/")
    text = read_page(source)  # extraction is cached from on_files: same path, same text
    for finding in unextracted_blocks(shown, html, extract_page(shown, text), text):
        log.warning(finding_line(finding))  # a block nobody checks fails `--strict`
