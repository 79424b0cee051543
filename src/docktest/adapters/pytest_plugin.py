"""pytest adapter: each docs page is a file, each top-level command an item `page.md::L<line>`, run in the page's sandbox."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import pytest

from docktest import config as settings
from docktest import project
from docktest.adapters import pytest_sandbox
from docktest.adapters.pytest_sandbox import FixtureItem, PageSandboxes
from docktest.adapters.signals import sigterm_as_interrupt
from docktest.extract import markdown
from docktest.model import Result, UsageError
from docktest.run import shard
from docktest.run.cache import PageCache
from docktest.sandbox.launcher import Launcher

LAUNCHER = pytest.StashKey[Launcher]()
CACHE = pytest.StashKey[PageCache]()
SETTINGS = pytest.StashKey[settings.Settings]()
SITE = pytest.StashKey[project.CheckSettings]()  # `[tool.docktest]` of the project: excluded pages, hints
SHARD = pytest.StashKey[tuple[int, int]]()
UPDATED = pytest.StashKey[list[str]]()  # what --docktest-update rewrote, one line per page
FROM_CACHE = "docktest_from_cache"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("docktest_paths", "folders whose Markdown pages are run in the docktest sandbox", type="paths",
                  default=[])
    group = parser.getgroup("docktest")
    for option in settings.RUN_OPTIONS:  # the options `docktest run` has too, as --NAME
        group.addoption(settings.PYTEST_PREFIX + option.name, **option.arguments())


def pytest_configure(config: pytest.Config) -> None:
    sigterm_as_interrupt()  # a cancelled CI job removes its sandboxes as Ctrl-C does
    if config.getini("docktest_paths"):
        from docktest.check.registry import project_settings

        try:
            config.stash[SITE] = project_settings(config.rootpath)
        except UsageError as error:
            raise pytest.UsageError(str(error)) from None
        # pytest-docker's fixtures, defaulting to the packaged recipe: registered after pytest-docker, before conftests
        config.stash[pytest_sandbox.LAUNCHER] = lambda: _launcher(config, _settings(config))
        config.pluginmanager.register(pytest_sandbox, "docktest-sandbox")
    if config.getoption("docktest_shard"):
        try:
            config.stash[SHARD] = shard.parse(config.getoption("docktest_shard"), settings.PYTEST_PREFIX + "shard")
        except UsageError as error:
            raise pytest.UsageError(str(error)) from None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under --docktest-shard, deselect the commands of pages outside the shard (the shard module's rule)."""
    if SHARD not in config.stash:
        return
    pages = list(dict.fromkeys(item.parent for item in items if isinstance(item, CommandItem)))
    kept = set(shard.select(pages, config.stash[SHARD], DocPage.shown_path))
    deselected = [item for item in items if isinstance(item, CommandItem) and item.parent not in kept]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".md":
        return None
    roots = parent.config.getini("docktest_paths")
    if any(file_path.is_relative_to(root) for root in roots) and not parent.config.stash[SITE].excludes(file_path):
        return DocPage.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """Under `-n`, keep a page's items on one worker (one sandbox per page) instead of spreading them."""
    if config.getoption("dist") == "load" and config.getini("docktest_paths"):
        from xdist.scheduler import LoadScopeScheduling

        return LoadScopeScheduling(config, log)
    return None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say what --docktest-update rewrote, and how many commands passed from the cache (xdist workers send it
    back in user_properties)."""
    for line in terminalreporter.config.stash.get(UPDATED, []):
        terminalreporter.write_line(f"docktest: {line}")
    cached = sum(1 for report in terminalreporter.stats.get("passed", [])
                 if report.when == "call" and (FROM_CACHE, True) in report.user_properties)
    if cached:
        terminalreporter.write_line(f"docktest: {cached} commands passed from the cache (their pages are unchanged "
                                    "since their last passing run; --docktest-no-cache runs them)")


class DocPage(pytest.File):
    """A Markdown page; its commands run once, in order, in one fresh sandbox, when its first item runs."""

    _results: list[Result] | None = None
    _broken: BaseException | None = None  # the sandbox failed to start: every item reports it, none retries
    _page: markdown.Page | None = None  # what collect() parsed: what is checked and runs

    def shown_path(self) -> str:
        try:
            return self.path.relative_to(self.config.rootpath).as_posix()
        except ValueError:
            return str(self.path)

    def collect(self) -> Iterator[CommandItem]:
        self._page = markdown.parse_page(self.shown_path(), markdown.read_page(str(self.path)))
        seen: dict[int, int] = {}
        commands = (command for snippet in self._page.snippets for command in snippet.commands)
        for ordinal, command in enumerate(commands):
            seen[command.line] = seen.get(command.line, 0) + 1
            name = f"L{command.line}" + (f".{seen[command.line]}" if seen[command.line] > 1 else "")
            yield CommandItem.from_parent(self, name=name, line=command.line, command=command.text, ordinal=ordinal)

    def results(self, request: pytest.FixtureRequest) -> list[Result]:
        """The page's results, run when first asked, its sandbox from pytest-docker's fixtures as REQUEST sees them."""
        if self._broken is not None:
            raise self._broken
        if self._results is None:
            from docktest.check.pages import checked
            from docktest.run.runner import run_page

            run_settings = _settings(self.config)
            page = checked(self.path, self.shown_path(), self._page, run_settings.check)  # the parse collect() made
            try:
                self._results = run_page(page, _cache(self.config, run_settings),
                                         lambda: PageSandboxes(_launcher(self.config, run_settings), request),
                                         run_settings)
            except Exception as error:
                self._broken = error
                raise
            if self.config.getoption("docktest_update"):
                from docktest.report.update import rewrite

                said = rewrite(self.path, self.shown_path(), page.snippets, self._results)
                if said:  # shown in the summary; this run's items still report what they found
                    self.config.stash.setdefault(UPDATED, []).append(said)
        return self._results


class CommandItem(FixtureItem):
    """One top-level command; passes when the command did what the page says it does."""

    def __init__(self, *, line: int, command: str, ordinal: int, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.line, self.command, self.ordinal = line, command, ordinal

    def runtest(self) -> None:
        result = self.parent.results(self._request)[self.ordinal]
        if result.cached_from:
            self.user_properties.append((FROM_CACHE, True))
        if result.status in ("skipped", "unverifiable"):  # unverifiable offline: not wrong, not verified either
            pytest.skip(result.message)
        if result.status != "passed":
            raise CommandFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: object = None) -> str:
        if isinstance(excinfo.value, CommandFailed):
            from docktest.report.failure import failure_text

            words = failure_text(excinfo.value.result)
            return "\n".join((words.heading, words.reason, *words.body))
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line - 1, f"{self.parent.shown_path()}:{self.line}: {self.command}"


class CommandFailed(Exception):
    """A documented command failed or timed out in the sandbox."""

    def __init__(self, result: Result) -> None:
        super().__init__(f"{result.path}:{result.line}: {result.status}")
        self.result = result


def _settings(config: pytest.Config) -> settings.Settings:
    """The run's settings, built once from the options, the ini file and the environment."""
    if SETTINGS not in config.stash:
        try:
            config.stash[SETTINGS] = settings.from_options(vars(config.option), settings.PYTEST_PREFIX,
                                                           root=config.rootpath, check=config.stash[SITE])
        except UsageError as error:
            raise pytest.UsageError(str(error)) from None
    return config.stash[SETTINGS]


def _cache(config: pytest.Config, run_settings: settings.Settings) -> PageCache:
    """One cache per process: the key's shared part (code, image recipes) is hashed once."""
    if CACHE not in config.stash:
        config.stash[CACHE] = PageCache(run_settings)
    return config.stash[CACHE]


def _launcher(config: pytest.Config, run_settings: settings.Settings) -> Launcher:
    """One launcher per process (per xdist worker): images checked and leftovers reaped once, progress shown."""
    if LAUNCHER not in config.stash:
        from docktest.run.runner import prepare

        capture = config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            config.stash[LAUNCHER] = prepare(run_settings)
    return config.stash[LAUNCHER]
