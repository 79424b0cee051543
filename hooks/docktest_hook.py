"""MkDocs hook: on build and serve, write every page's shell blocks to snippets/, warn about static-check errors and
warnings (notes are info) and about any shell code block a page renders that docktest did not extract, as the
site's `[tool.docktest]` says; whenever a Docker engine answers (DOCKTEST_LIVE=0 turns it off), `serve` re-runs
the pages whose results are missing or stale in the background.

This site's few lines over the library: the same calls as the `docktest` MkDocs plugin makes for
other sites (docktest.adapters.mkdocs_plugin), and as `docktest extract docs --write snippets`.
"""

from __future__ import annotations

from docktest.adapters.mkdocs_plugin import LiveSite, warn_unextracted, write_snippets

_live = LiveSite()  # MkDocs loads a hook module once per process, so this lives across serve's rebuilds


def on_startup(command, dirty):
    _live.startup(command)


def on_files(files, config):
    write_snippets(files, config)
    _live.queue_stale(files, config)
    return files


def on_page_content(html, page, config, **_):
    warn_unextracted(html, page, config)
    return html


def on_serve(server, config, builder):
    _live.watch_results(server)
    return server


def on_shutdown():
    _live.stop()
