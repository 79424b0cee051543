"""MkDocs hook: on build and serve, write every page's shell blocks to snippets/, warn about static-check errors and
about any shell code block a page renders that docktest did not extract.

This site's few lines over the library: the same calls as the `docktest` MkDocs plugin makes for
other sites (docktest.adapters.mkdocs_plugin), and as `docktest extract docs --write snippets`.
"""

from __future__ import annotations

from docktest.adapters.mkdocs_plugin import warn_unextracted, write_snippets


def on_files(files, config):
    write_snippets(files, config)
    return files


def on_page_content(html, page, config, **_):
    warn_unextracted(html, page, config)
    return html
