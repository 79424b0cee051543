"""Checked pages + a sandbox → one Result per top-level command, in order, state carried from block to block.

The runner is handed each page as extraction and the checks read it (model.CheckedPage): it neither parses a page
again nor asks the checks anything."""

from __future__ import annotations

import posixpath
import re
import shlex
import sys
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from docktest import config, programs
from docktest.extract import markers, placeholders
from docktest.model import SEVERITIES, CheckedPage, Expectation, Finding, Result, SandboxError, Snippet
from docktest.compare import expect
from docktest.sandbox import images, kept
from docktest.run import page_files, ports
from docktest.run.cache import PageCache
from docktest.run.classify import classify
from docktest.sandbox.docker import HostDocker
from docktest.run.offline import OfflinePage, after_unavailable
from docktest.run.page_images import block_images, page_stand_ins
from docktest.sandbox.leftovers import reap_leftovers
from docktest.sandbox.launcher import Launcher, Sandbox
from docktest.run.command import run_command
from docktest.run.session import KILL_GRACE_S, STATE_DIR, Outcome, Session

DOCS_DIR = "/docs"  # the page's folder inside the sandbox; example folders are copied under it


OnResult = Callable[[Result], None]  # told of each command's result as soon as it is known (progress lines)


def run_pages(pages: Sequence[CheckedPage], settings: config.Settings,
              on_result: OnResult | None = None) -> list[Result]:
    """Run every page in its own fresh sandbox; one Result per top-level command, pages in the order given.

    A page unchanged since its last passing run is not run: its results come from the cache. While one page runs,
    the next page's sandbox starts; a used sandbox is removed in the background (before the process exits).
    """
    cache = PageCache(settings)
    started: list[Launcher] = []

    def launcher() -> Launcher:  # no engine is asked anything when every page is cached
        if not started:
            started.append(prepare(settings))
            started[0].remove_in_background = True
            if len(pages) > 1:  # each page's sandbox, its stand-ins built first, starts while the one before runs
                started[0].expect([_registry(started[0], _stand_ins(page.snippets, page.file.parent, settings),
                                             settings) for page in pages if _will_run(page, cache)])
        return started[0]

    try:
        results = [result for page in pages for result in run_page(page, cache, launcher, settings, on_result)]
    except BaseException:
        for each in started:
            each.close(wait=True)  # interrupted or broken: everything gone before the caller says so
        raise
    for each in started:
        each.close(wait=False)
    return results


def _will_run(page: CheckedPage, cache: PageCache) -> bool:
    """Whether PAGE needs a sandbox in this run: it has commands to run and no cached results."""
    return _needs_sandbox(page.snippets) and cache.lookup(page.path, cache.key(page.snippets, page.file.parent)) is None


def _stand_ins(snippets: Sequence[Snippet], page_dir: Path, settings: config.Settings) -> tuple[str, ...] | None:
    """Offline, the stand-ins beyond node and python that the page names; online, None (Docker Hub has them all)."""
    return page_stand_ins(snippets, page_dir) if settings.mode == "offline" else None


def _registry(launcher: Launcher, names: tuple[str, ...] | None, settings: config.Settings) -> str | None:
    """The registry image serving the stand-ins NAMES (built now if missing); None: the launcher's own."""
    return images.ensure_registry(names, launcher.docker, settings) if names else None


def run_page(page: CheckedPage, cache: PageCache, launcher: Callable[[], Launcher], settings: config.Settings,
             on_result: OnResult | None = None) -> list[Result]:
    """One page: its cached results if its inputs are unchanged, else a run in a fresh sandbox, whose failed lines
    get the page's static findings as hints; the outcome is stored for the next run."""
    key = cache.key(page.snippets, page.file.parent)
    cached = cache.lookup(page.path, key)
    if cached is not None:
        for result in cached:
            (on_result or _ignore)(result)
        return cached
    needed = _needs_sandbox(page.snippets)
    results = run_snippets(page.snippets, page.file.parent, launcher() if needed else None, settings, on_result)
    if any(result.status == "failed" for result in results):
        results = with_static_hints(results, page.findings)
    cache.store(page.path, key, results)
    return results


def with_static_hints(results: Sequence[Result], findings: Sequence[Finding]) -> list[Result]:
    """The static check's word on a failed line (`unknown command 'doccker' (did you mean 'docker'?)`): its most
    severe finding there, a note too (what the check could not prove may be why the command failed). A result
    that says why itself (failed unrun, a program not installed) needs no second word."""
    hints: dict[int, str] = {}
    for finding in sorted(findings, key=lambda f: SEVERITIES.index(f.severity)):
        hints.setdefault(finding.line, finding.message)
    return [replace(r, hint=hints[r.line])
            if r.status == "failed" and r.line in hints and not (r.error or r.not_installed) else r for r in results]


def prepare(settings: config.Settings, live_owner: str = "") -> Launcher:
    """Engine answering, images ready, leftovers of killed runs gone: a launcher for this run's sandboxes.

    LIVE_OWNER is the serve a live run works for (see sandbox.Launcher), "" for any other run.
    """
    docker = HostDocker.of(settings)
    docker.check_engine()
    reap_leftovers(docker, settings.user_cache)
    removed = kept.remove_stale_images(docker)  # disk stays bounded: each recipe change would leave ~1 GB behind
    if removed and settings.progress:
        print(f"docktest: removed {len(removed)} images of recipes no longer current: {', '.join(removed)}",
              file=sys.stderr)
    return Launcher(images.ensure_images(settings, docker), docker, settings, live_owner)


def _needs_sandbox(snippets: Sequence[Snippet]) -> bool:
    return any(snippet.commands and not snippet.options.get("skip") for snippet in snippets)


def run_snippets(snippets: Sequence[Snippet], page_dir: Path, launcher: Launcher | None,
                 settings: config.Settings, on_result: OnResult | None = None) -> list[Result]:
    """Run one page's snippets, in order, in one sandbox (none is started when every block is skipped)."""
    tell = on_result or _ignore
    if not _needs_sandbox(snippets):
        results = [result for snippet in snippets for result in _skipped(snippet)]
        for result in results:
            tell(result)
        return results
    if launcher is None:
        raise SandboxError("a page with commands to run needs a sandbox launcher")
    results: list[Result] = []
    names = _stand_ins(snippets, page_dir, settings)
    offline = OfflinePage(names) if names is not None else None
    with launcher.open(_registry(launcher, names, settings)) as sandbox:
        _prepare_sandbox(sandbox, snippets, page_dir)
        engine = _engine_version(sandbox)
        session = Session(sandbox)
        try:
            page = (result for snippet in snippets
                    for result in _run_snippet(sandbox, session, snippet, page_dir, settings, offline))
            for result in after_unavailable(page) if offline else page:
                result = replace(result, engine=engine) if result.status != "skipped" else result
                tell(result)
                results.append(result)
        finally:
            session.close()
    return results


def _engine_version(sandbox: Sandbox) -> str:
    """The sandbox's own Docker Engine version ("26.1.5"), which ran the page's commands; "" when it does not say."""
    asked = sandbox.run("docker", "version", "--format", "{{.Server.Version}}")
    return asked.stdout.strip() if asked.returncode == 0 else ""


def _ignore(result: Result) -> None:
    """No one listens for progress."""


def _prepare_sandbox(sandbox: Sandbox, snippets: Iterable[Snippet], page_dir: Path) -> None:
    made = sandbox.run("sh", "-c", f"mkdir -p {STATE_DIR} {DOCS_DIR} && echo 'cd {DOCS_DIR}' > {STATE_DIR}/state")
    if made.returncode:
        raise SandboxError(f"preparing sandbox {sandbox.project} failed: {made.stdout}{made.stderr}")
    copied = set()
    for snippet in snippets:
        folder = markers.example_folder(snippet, page_dir)
        if isinstance(folder, Path) and folder not in copied:  # a refused workdir fails its block instead
            copied.add(folder)
            sandbox.copy_in(folder, posixpath.normpath(f"{DOCS_DIR}/{snippet.options['workdir']}"))  # `.`: its own


def _skipped(snippet: Snippet) -> list[Result]:
    """A skipped block's commands (a block with no commands gives no results at all)."""
    reason = str(snippet.options.get("skip"))
    return [Result(snippet.path, c.line, c.text, "skipped", None, 0.0, "", snippet.id, skip_reason=reason)
            for c in snippet.commands]


def _run_snippet(sandbox: Sandbox, session: Session, snippet: Snippet, page_dir: Path,
                 settings: config.Settings, offline: OfflinePage | None = None) -> Iterator[Result]:
    """Each command's Result as soon as it finished (OFFLINE: as offline mode reports it)."""
    if snippet.options.get("skip"):
        yield from _skipped(snippet)
        return
    folder = markers.example_folder(snippet, page_dir)
    if isinstance(folder, str):
        yield from (Result(snippet.path, c.line, c.text, "failed", None, 0.0, "", snippet.id, error=folder)
                    for c in snippet.commands)
        return
    if folder is not None:
        workdir = snippet.options["workdir"]
        # The block starts in its example folder; later blocks carry on from wherever this one ends.
        session.run(f"cd {shlex.quote(f'{DOCS_DIR}/{workdir}')}", "", KILL_GRACE_S)
    # the files the page showed since the last block, in the folder its commands run in (over the example folder)
    unwritten = page_files.write_files(sandbox, snippet.files)
    timeout_s = float(snippet.options.get("timeout", settings.timeout_s))
    stdin = snippet.options.get("stdin", "")
    # An expectation is checked when the last of its commands has run; `output: ignore` turns checking off.
    closing = {} if snippet.options.get("output") == "ignore" else {e.commands[-1]: e for e in snippet.expectations}
    outputs: list[str] = []
    if offline:
        offline.block(block_images(snippet, page_dir))
    for index, (command, bound) in enumerate(zip(snippet.commands, snippet.parsed.commands)):
        if unwritten and index == 0:  # the command that would have used them fails, unrun, saying which and why
            outputs.append("")
            yield Result(snippet.path, command.line, command.text, "failed", None, 0.0, "", snippet.id,
                         error=unwritten)
            continue
        if bound.unbound:  # what would run is not what a reader runs: fail it unrun, saying what it needs
            outputs.append("")
            yield Result(snippet.path, command.line, command.text, "failed", None, 0.0, "", snippet.id,
                         error=placeholders.needs_values(bound.unbound))
            continue
        expected = snippet.options.get("exit", 0) if index == len(snippet.commands) - 1 else 0
        waited = ports.wait_for_published(sandbox, bound.shell)
        outcome = run_command(sandbox, session, bound.text, classify(bound.shell), stdin, timeout_s,
                              settings.follow_s)
        outputs.append(outcome.output)
        result = _result(snippet, command.line, command.text, outcome, expected, timeout_s)
        if waited:
            result = replace(result, waited_port=waited.port, port_wait_s=waited.seconds)
        if index in closing:
            result = _with_output_check(result, snippet.path, closing[index], outputs)
        yield offline.judge(result, bound.shell) if offline else result


def _with_output_check(result: Result, path: str, expectation: Expectation, outputs: list[str]) -> Result:
    """The result, failed with a diff when what its commands printed differs from what the page shows."""
    printed = "".join(outputs[i] for i in expectation.commands)
    found = expect.match([text for text, _ in expectation.lines], printed, expectation.line, path)
    if found.ok:
        return result
    return replace(result, status="failed" if result.status == "passed" else result.status, diff=found.diff)


def _result(snippet: Snippet, line: int, text: str, outcome: Outcome, expected: int, timeout_s: float) -> Result:
    if outcome.timed_out:
        status = "timeout"
    elif outcome.followed or outcome.exit_code == expected:
        status = "passed"
    else:
        status = "failed"
    return Result(snippet.path, line, text, status, outcome.exit_code, round(outcome.duration_s, 3), outcome.output,
                  snippet.id, expected_exit=expected, timeout_s=timeout_s if outcome.timed_out else None,
                  detached=outcome.followed, not_installed=_not_installed(outcome) if status == "failed" else "")


_NOT_FOUND = re.compile(r"^(?:.*?: )?([^\s:]+): command not found\r?$", re.MULTILINE)  # bash's, sudo's


def _not_installed(outcome: Outcome) -> str:
    """The real program (one check.catalogue knows) whose absence gave status 127, else "". An alias (`ll`) is no
    program to install: the static check's note says what to write instead."""
    if outcome.exit_code != 127:
        return ""
    return next((name for name in _NOT_FOUND.findall(outcome.output)
                 if (source := programs.source(name)) and not source.startswith("alias:")), "")
