"""Shared fixtures: the site built once per session, served on loopback, a real Chromium; sandboxes by owner;
pages run once through `docktest run`."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import pytest

import isolated_browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


T = TypeVar("T")


def owned(pid: int) -> list[str]:
    """The labelled sandbox containers, networks and volumes the process PID owns (on this host)."""
    owner = f"label=com.docktest.owner={socket.gethostname()}:{pid}"
    found = []
    for listing in (["ps", "-a", "-q"], ["network", "ls", "-q"], ["volume", "ls", "-q"]):
        listed = subprocess.run(["docker", *listing, "--filter", owner], capture_output=True, text=True, timeout=60)
        found += listed.stdout.split()
    return found


def ended_process() -> tuple[int, str]:
    """The pid and start time of a process that has ended (an owner that is gone)."""
    from docktest.sandbox.owners import start_time

    process = subprocess.Popen(["sleep", "60"])
    started = start_time(process.pid)
    process.kill()
    process.wait(timeout=30)
    return process.pid, started


def wait_until(what: str, check: Callable[[], T], context: Callable[[], object], timeout_s: float = 600) -> T:
    """CHECK's first truthy answer, asked again after 0.05 s, then half as long again each time up to every quarter
    second (what is nearly there is seen at once; a long wait, e.g. on a sandbox, asks four times a second, not
    without pause); past TIMEOUT_S, fail naming WHAT and CONTEXT()."""
    deadline = time.monotonic() + timeout_s
    pause = 0.05
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(pause)
        pause = min(pause * 1.5, 0.25)
    raise AssertionError(f"never saw {what}; {context()}")


@dataclass(frozen=True)
class CliRun:
    """One `docktest run PAGE --format json` in the work tree: what it printed and the results it reported."""

    done: subprocess.CompletedProcess[str]
    results: tuple  # of docktest.model.Result, decoded from the JSON report


@pytest.fixture(scope="session")
def cli_run() -> Callable[[str], CliRun]:
    """PAGE run by `docktest run PAGE --format json` once per session: test_run_cli reads the command line's views
    of a run (exit status, JSON, the text report) and test_run_pages the runner's results from the same run."""
    from docktest.results_file import result_from_dict

    runs: dict[str, CliRun] = {}

    def run(page: str) -> CliRun:
        if page not in runs:
            done = subprocess.run([sys.executable, "-m", "docktest", "run", page, "--format", "json"],
                                  capture_output=True, text=True, cwd=ROOT, timeout=900)
            entries = json.loads(done.stdout)["results"] if done.stdout.startswith("{") else []
            runs[page] = CliRun(done, tuple(result_from_dict(entry, page) for entry in entries))
        return runs[page]

    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what needs Chromium (the browser and page fixtures) and the docs' own commands (run in sandboxes)."""
    from docktest.adapters.pytest_plugin import CommandItem

    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        if isinstance(item, CommandItem):
            item.add_marker(pytest.mark.docker)


@dataclass(frozen=True)
class SiteBuild:
    """One `mkdocs build --strict` run: where it wrote the site and what it printed."""

    site_dir: Path
    returncode: int
    log: str


def build_site(site_dir: Path, project: Path = ROOT, site_url: str | None = None) -> SiteBuild:
    """Run `mkdocs build --strict` for `project` into `site_dir`, for `site_url` if given."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["DOCKER_NOTES_SITE_URL"] = site_url
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return SiteBuild(site_dir, completed.returncode, completed.stdout + completed.stderr)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve `directory` with http.server on 127.0.0.1 at a free port; yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def site_with_results(folder: Path, results: dict) -> Iterator[tuple[Path, str]]:
    """(site folder, URL): the work tree's site built into FOLDER/site with RESULTS (a results file's JSON) as
    DOCKTEST_RESULTS, for where it is served on loopback (instant navigation follows links under site_url)."""
    (folder / "site").mkdir()
    path = folder / "results.json"
    path.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    with serve_directory(folder / "site") as url, pytest.MonkeyPatch.context() as env:
        env.setenv("DOCKTEST_RESULTS", str(path))
        env.setenv("DOCKER_NOTES_SITE_URL", url)
        built = build_site(folder / "site")
        assert built.returncode == 0, built.log
        yield built.site_dir, url


def screenshot_between(page, top, bottom, path: Path) -> None:
    """A screenshot of the page's full width from the top of locator TOP to the bottom of locator BOTTOM."""
    upper, lower = top.bounding_box(), bottom.bounding_box()
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=path, full_page=True, clip={"x": 0, "y": upper["y"] + page.evaluate("scrollY"),
                                                     "width": page.viewport_size["width"],
                                                     "height": lower["y"] + lower["height"] - upper["y"]})


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory):
    """(directory, URL): a directory still empty, served on loopback."""
    directory = tmp_path_factory.mktemp("site")
    with serve_directory(directory) as url:
        yield directory, url


@pytest.fixture(scope="session")
def site_build(site_server) -> SiteBuild:
    """The site built into the served directory, with site_url set to where it is served, so
    Material's instant navigation (which follows only links under site_url) works as deployed."""
    directory, url = site_server
    return build_site(directory, site_url=url)


@pytest.fixture(scope="session")
def built_site(site_build: SiteBuild) -> Path:
    """The directory of the site built from the work tree with `mkdocs build --strict`."""
    if site_build.returncode != 0:
        pytest.fail(f"mkdocs build --strict exited {site_build.returncode}:\n{site_build.log}")
    return site_build.site_dir


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_server) -> str:
    """The built site served by http.server on 127.0.0.1 at a free port, e.g. 'http://127.0.0.1:41234/'."""
    return site_server[1]


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """Debian's Chromium, headless, driven by Playwright's sync API; where this machine allows, in a network
    namespace of its own, so that Docker's interface changes cannot fail its requests (isolated_browser.py)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/test does)")
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        executable, args = CHROMIUM, CHROMIUM_ARGS
        if isolated_browser.available():
            folder = tmp_path_factory.mktemp("browser")
            stack.enter_context(isolated_browser.socks_server(folder / "proxy.sock"))
            executable, extra = isolated_browser.launcher(folder, CHROMIUM, folder / "proxy.sock")
            args = CHROMIUM_ARGS + extra
        playwright = sync_playwright().start()
        stack.callback(playwright.stop)
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=args)
        stack.callback(chromium.close)
        yield chromium


@pytest.fixture
def page(browser):
    """A fresh page in its own browser context (no shared storage between tests). Each request the
    page loses goes to stderr, which a failing test shows (net::ERR_NETWORK_CHANGED: the browser is
    not in a namespace of its own here, and Docker changed the host's network)."""
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.on("requestfailed", lambda lost: print(f"browser lost {lost.url}: {lost.failure}", file=sys.stderr))
        yield page
    finally:
        context.close()
