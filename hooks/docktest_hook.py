"""MkDocs hook: on build and serve, write every page's shell blocks to snippets/ and warn about static-check errors.

This site's few lines over the library: the same call as the `docktest` MkDocs plugin makes for
other sites (docktest.adapters.mkdocs_plugin), and as `docktest extract docs --write snippets`.
"""

from __future__ import annotations

from docktest.adapters.mkdocs_plugin import write_snippets


def on_files(files, config):
    write_snippets(files, config)
    return files
