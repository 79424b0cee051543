"""MkDocs plugin `docktest` (`plugins: [docktest]`): on each build, write the pages' shell blocks to snippets/ and
report static-check findings, errors as warnings so `mkdocs build --strict` fails on them.

Registration and wiring only: the work is docktest.extract.scripts.build, which `docktest extract
--write` calls too. This project's own hooks/docktest_hook.py calls write_snippets below.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from docktest.extract import scripts
from docktest.model import UsageError
from docktest.report.formats import finding_line

log = logging.getLogger("mkdocs.plugins.docktest")


class DocktestConfig(base.Config):
    snippets_dir = config_options.Type(str, default="snippets")  # from the folder mkdocs.yml is in
    enabled = config_options.Type(bool, default=True)


class DocktestPlugin(BasePlugin[DocktestConfig]):
    def on_files(self, files, *, config):
        if self.config.enabled:
            write_snippets(files, config, self.config.snippets_dir)
        return files


def write_snippets(files, config, snippets_dir: str = "snippets") -> None:
    """Extract and check the site's pages, sync snippets_dir, log each finding (errors as warnings)."""
    root = Path(config.config_file_path).parent
    pages = [Path(file.abs_src_path) for file in files.documentation_pages() if file.abs_src_path]
    try:
        written, findings = scripts.build(Path(config.docs_dir), pages, root / snippets_dir, root)
    except (UsageError, ValueError) as error:  # a page docktest cannot read, a folder it must not write: no traceback
        raise PluginError(f"docktest: {error}") from None
    if written.written or written.removed:
        log.info("docktest: %s/ updated (%d written, %d removed)", snippets_dir, len(written.written),
                 len(written.removed))
    for finding in findings:
        # errors are warnings to MkDocs: `--strict` fails the build, `serve` keeps serving
        (log.warning if finding.severity == "error" else log.info)(finding_line(finding))
