"""pytest adapter: each docs page is a file, each top-level command an item `page.md::L<line>`, run in the page's sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from docktest import config as settings
from docktest.markdown import extract_page, read_page
from docktest.model import Result, Snippet

LAUNCHER = pytest.StashKey[object]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("docktest_paths", "folders whose Markdown pages are run in the docktest sandbox", type="paths",
                  default=[])
    group = parser.getgroup("docktest")
    group.addoption("--docktest-mode", choices=("offline", "online"), default=None,
                    help="force offline (locally built images) or online (official images); default: decide "
                         "from whether Docker Hub's name resolves (env DOCKTEST_MODE)")
    group.addoption("--docktest-timeout", type=float, default=settings.DEFAULT_TIMEOUT_S,
                    help="per-command timeout in seconds (a block's `timeout` marker overrides it)")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".md":
        return None
    roots = parent.config.getini("docktest_paths")
    if any(file_path.is_relative_to(root) for root in roots):
        return DocPage.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """Under `-n`, keep a page's items on one worker (one sandbox per page) instead of spreading them."""
    if config.getoption("dist") == "load" and config.getini("docktest_paths"):
        from xdist.scheduler import LoadScopeScheduling

        return LoadScopeScheduling(config, log)
    return None


class DocPage(pytest.File):
    """A Markdown page; its commands run once, in order, in one fresh sandbox, when its first item runs."""

    _results: list[Result] | None = None
    _broken: BaseException | None = None  # the sandbox failed to start: every item reports it, none retries

    def shown_path(self) -> str:
        try:
            return self.path.relative_to(self.config.rootpath).as_posix()
        except ValueError:
            return str(self.path)

    def snippets(self) -> list[Snippet]:
        return extract_page(self.shown_path(), read_page(str(self.path)))

    def collect(self) -> Iterator[CommandItem]:
        seen: dict[int, int] = {}
        for snippet in self.snippets():
            for command in snippet.commands:
                seen[command.line] = seen.get(command.line, 0) + 1
                name = f"L{command.line}" + (f".{seen[command.line]}" if seen[command.line] > 1 else "")
                yield CommandItem.from_parent(self, name=name, line=command.line, command=command.text,
                                              ordinal=sum(seen.values()) - 1)

    def results(self) -> list[Result]:
        if self._broken is not None:
            raise self._broken
        if self._results is None:
            from docktest.rules import check_page
            from docktest.runner import run_snippets, with_static_hints

            options = _run_options(self.config)
            snippets = self.snippets()
            try:
                results = run_snippets(snippets, self.path.parent, _launcher(self.config, options), options)
            except Exception as error:
                self._broken = error
                raise
            if any(result.status == "failed" for result in results):
                path = self.shown_path()
                results = with_static_hints(results, check_page(path, read_page(str(self.path)), snippets))
            self._results = results
        return self._results


class CommandItem(pytest.Item):
    """One top-level command; passes when the command did what the page says it does."""

    def __init__(self, *, line: int, command: str, ordinal: int, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.line, self.command, self.ordinal = line, command, ordinal

    def runtest(self) -> None:
        result = self.parent.results()[self.ordinal]
        if result.status == "skipped":
            pytest.skip(result.message)
        if result.status != "passed":
            raise CommandFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: object = None) -> str:
        if isinstance(excinfo.value, CommandFailed):
            result = excinfo.value.result
            return (f"{result.path}:{result.line}: {result.status}: {result.command}\n{result.message}\n"
                    f"--- output ---\n{result.output.rstrip()}")
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line - 1, f"{self.parent.shown_path()}:{self.line}: {self.command}"


class CommandFailed(Exception):
    """A documented command failed or timed out in the sandbox."""

    def __init__(self, result: Result) -> None:
        super().__init__(f"{result.path}:{result.line}: {result.status}")
        self.result = result


def _run_options(config: pytest.Config) -> settings.RunOptions:
    return settings.RunOptions(mode=config.getoption("docktest_mode"), timeout_s=config.getoption("docktest_timeout"),
                               root=config.rootpath)


def _launcher(config: pytest.Config, options: settings.RunOptions) -> object:
    """One launcher per process (per xdist worker): images checked and leftovers reaped once, progress shown."""
    if LAUNCHER not in config.stash:
        from docktest.runner import prepare

        capture = config.pluginmanager.getplugin("capturemanager")
        if capture is not None:
            with capture.global_and_fixture_disabled():
                config.stash[LAUNCHER] = prepare(options)
        else:
            config.stash[LAUNCHER] = prepare(options)
    return config.stash[LAUNCHER]
