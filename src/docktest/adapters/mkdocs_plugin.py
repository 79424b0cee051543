"""MkDocs plugin `docktest` (`plugins: [docktest]`): on each build, write the pages' shell blocks to snippets/ and
report static-check findings and shell blocks a page shows but docktest did not extract: errors and warnings as
MkDocs warnings, so `mkdocs build --strict` fails on them (as `docktest check --strict` does), notes as info;
under `mkdocs serve`, whenever a Docker engine answers (`live: false` or DOCKTEST_LIVE=0 turns it off), re-run
in the background the pages whose results are missing or stale. The site's rules come from `[tool.docktest]` in
its pyproject.toml and this plugin's options.

Registration and wiring only: the work is docktest.check.pages.build_snippets, which `docktest extract
--write` calls too, and docktest.run.live. This project's own hooks/docktest_hook.py calls write_snippets
and LiveSite below.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from docktest import config as settings
from docktest import project
from docktest.check import policy, registry
from docktest.check.pages import build_snippets
from docktest.extract.excuses import block_excuses
from docktest.extract.markdown import extract_page, read_page
from docktest.model import SEVERITIES, Finding, SandboxError, UsageError
from docktest.report.formats import finding_line
from docktest.report.rendered import unextracted_blocks
from docktest.report.verification import block_statuses, read_run
from docktest.run.cache import PageCache, PageInputs
from docktest.sandbox.docker import HostDocker

if TYPE_CHECKING:
    from docktest.run.live import LiveWorker

log = logging.getLogger("mkdocs.plugins.docktest")


class DocktestConfig(base.Config):
    snippets_dir = config_options.Type(str, default="snippets")  # from the folder mkdocs.yml is in
    enabled = config_options.Type(bool, default=True)
    # under `serve`: re-run changed pages in a sandbox; unset, whenever a Docker engine answers (see config.live)
    live = config_options.Optional(config_options.Type(bool))
    # what is normal for this site, as `[tool.docktest]` in pyproject.toml says it (both are read, lists joined)
    known_commands = config_options.ListOfItems(config_options.Type(str), default=[])
    disable = config_options.ListOfItems(config_options.Type(str), default=[])
    severity = config_options.DictOfItems(config_options.Choice(SEVERITIES), default={})
    exclude = config_options.ListOfItems(config_options.Type(str), default=[])


class DocktestPlugin(BasePlugin[DocktestConfig]):
    def __init__(self) -> None:
        self.live = LiveSite()  # the plugin has on_startup, so MkDocs keeps this instance across rebuilds
        self.site: project.CheckSettings | None = None  # this build's site settings, read in on_files

    def on_startup(self, *, command, dirty):
        self.live.startup(command)

    def on_files(self, files, *, config):
        if self.config.enabled:
            self.site = site_settings(config, {key.replace("_", "-"): self.config[key]
                                               for key in ("known_commands", "disable", "severity", "exclude")})
            write_snippets(files, config, self.config.snippets_dir, self.site)
            self.live.queue_stale(files, config, self.config.live, self.site)
        return files

    def on_serve(self, server, *, config, builder):
        self.live.watch_results(server)
        return server

    def on_shutdown(self):
        self.live.stop()

    def on_page_content(self, html, *, page, config, files):
        if self.config.enabled:
            warn_unextracted(html, page, config, self.site)
        return html


def site_settings(config, options: dict | None = None) -> project.CheckSettings:
    """The site's settings: `[tool.docktest]` of the pyproject.toml at or above mkdocs.yml's folder, with the
    plugin's OPTIONS (spelled as in the table) over them, and the docker client the environment names (as `docktest
    check` has them); a wrong name or value stops the build."""
    root = Path(config.config_file_path).parent.resolve()
    try:
        given = project.read(options, "mkdocs.yml plugins.docktest", root) if options else None
        return settings.check_settings(registry.project_settings(root, given))
    except UsageError as error:
        raise PluginError(f"docktest: {error}") from None


def write_snippets(files, config, snippets_dir: str = "snippets", site: project.CheckSettings | None = None) -> None:
    """Extract and check the site's pages (those its settings do not exclude), sync snippets_dir, log each finding."""
    site = site_settings(config) if site is None else site
    root = Path(config.config_file_path).parent
    pages = [Path(file.abs_src_path) for file in files.documentation_pages()
             if file.abs_src_path and not site.excludes(Path(file.abs_src_path))]
    try:
        written, findings = build_snippets(Path(config.docs_dir), pages, root / snippets_dir, root, site)
    except (UsageError, ValueError) as error:  # a page docktest cannot read, a folder it must not write: no traceback
        raise PluginError(f"docktest: {error}") from None
    if written.written or written.removed:
        log.info("docktest: %s/ updated (%d written, %d removed)", snippets_dir, len(written.written),
                 len(written.removed))
    for finding in findings:
        log_finding(finding)


def log_finding(finding: Finding) -> None:
    """Errors and warnings are MkDocs warnings (`--strict` fails the build, `serve` keeps serving); notes are info."""
    (log.info if finding.severity == "note" else log.warning)(finding_line(finding))


def warn_unextracted(html: str, page, config, site: project.CheckSettings | None = None) -> None:
    """Warn at file:line about a shell block the page renders but docktest did not extract (or the reverse)."""
    source = page.file.abs_src_path
    if not source or not Path(source).is_file():  # generated pages have no Markdown on disk
        return
    site = site_settings(config) if site is None else site
    if site.excludes(Path(source)):
        return
    root = Path(config.config_file_path).parent.resolve()
    shown = os.path.relpath(Path(source).resolve(), root).replace(os.sep, "/")
    text = read_page(source)  # extraction is cached from on_files: same path, same text
    snippets = extract_page(shown, text)
    excuses = [excuse for snippet in snippets for excuse in block_excuses(snippet)]
    kept, _ = policy.excused(unextracted_blocks(shown, html, snippets, text), excuses)
    for finding in policy.configured(kept, site):
        log_finding(finding)  # a block nobody checks fails `--strict`


def engine_unanswered(run_settings: settings.Settings) -> str | None:
    """Why no Docker engine answers where the settings point, or None when one does."""
    try:
        HostDocker.of(run_settings).check_engine()
    except SandboxError as error:
        return str(error)
    return None


class LiveSite:
    """Live re-verification under `mkdocs serve`: each build queues the pages whose results are missing or stale,
    and those whose run's inputs changed since the last build (a saved example file: serve watches the docs
    folder, which holds the example folders, yet the page's blocks still match their results).

    Whether a serve is live is decided at its first build (config.live: on whenever a Docker engine answers, unless
    the author chose) and said in the log. The worker then starts and does the runs in the background, so the
    site is served at once; each finished run rewrites the results file, whose folder serve watches.
    ENGINE_ERROR is how the engine is asked (tests give a fake).
    """

    def __init__(self, engine_error: Callable[[settings.Settings], str | None] = engine_unanswered) -> None:
        self.engine_error = engine_error
        self.serving = False
        self.live: bool | None = None  # decided at serve's first build
        self.settings: settings.Settings | None = None  # the live runs': loaded once
        self.site: project.CheckSettings | None = None  # the site's settings (exclusions, run hints), from queue_stale
        self.worker: LiveWorker | None = None
        self.inputs: PageInputs | None = None

    def startup(self, command: str) -> None:
        self.serving = command == "serve"

    def decide(self, config, option: bool | None = None) -> bool:
        """Whether this serve re-runs pages; OPTION is the plugin's `live` (None: not given)."""
        if self.live is None:
            root = Path(config.config_file_path).parent.resolve()
            try:
                choice = settings.live(option, lambda: self.engine_error(self._loaded(root)))
            except UsageError as error:
                raise PluginError(f"docktest live: {error}") from None
            if choice.said:
                log.info(choice.said)
            self.live = choice.on
        return self.live

    def queue_stale(self, files, config, live: bool | None = None, site: project.CheckSettings | None = None) -> None:
        if not self.serving:
            return
        self.site = site_settings(config) if site is None else site
        if not self.decide(config, live):
            return
        root = Path(config.config_file_path).parent.resolve()
        run_settings = self._loaded(root)
        if self.worker is None:
            # Only a live serve runs pages: `mkdocs build` must not pay for the runner's imports (pexpect, pytest).
            from docktest.run.live import LiveWorker

            self.worker = LiveWorker(run_settings, log.info)
            self.inputs = PageInputs(PageCache(run_settings))
            self.worker.start()
        results = run_settings.results
        try:
            known = read_run(results).results if results.is_file() else ()
        except ValueError as error:
            log.warning("docktest live: %s: every page is run again", error)
            known = ()
        for file in files.documentation_pages():
            if not file.abs_src_path or not Path(file.abs_src_path).is_file():
                continue
            if self.site.excludes(Path(file.abs_src_path)):
                continue
            shown = os.path.relpath(Path(file.abs_src_path).resolve(), root).replace(os.sep, "/")
            text = read_page(file.abs_src_path)
            snippets = extract_page(shown, text)
            key, changed = self.inputs.compare(shown, snippets, Path(file.abs_src_path).parent)
            if changed or any(None in status.results for status in block_statuses(snippets, known)):
                # a new version on a new text too: a save retries a run that could not finish
                self.worker.submit(shown, hashlib.sha256(f"{key}\0{text}".encode()).hexdigest())

    def watch_results(self, server) -> None:
        """New results rebuild the site: serve watches the results file's folder (made now if missing)."""
        if self.worker is not None:
            folder = self.worker.settings.results.parent
            folder.mkdir(parents=True, exist_ok=True)
            server.watch(str(folder), recursive=False)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None

    def _loaded(self, root: Path) -> settings.Settings:
        """The live runs' settings, loaded once; a bad one stops serve with its one line."""
        if self.settings is None:
            try:
                self.settings = settings.load(root=root, progress=False, check=self.site)
            except UsageError as error:
                raise PluginError(f"docktest live: {error}") from None
        return self.settings
