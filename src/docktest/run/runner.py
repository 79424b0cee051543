"""Pages' snippets + a sandbox → one Result per top-level command, in order, state carried from block to block."""

from __future__ import annotations

import functools
import shlex
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from docktest import config
from docktest.check.rules import check_page
from docktest.extract import placeholders
from docktest.extract.markdown import extract_page, read_page
from docktest.model import Finding, Result, SandboxError, Snippet
from docktest.run import images
from docktest.run.cache import PageCache
from docktest.run.classify import classify
from docktest.run.docker import HostDocker
from docktest.run.sandbox import Launcher, Sandbox, reap_leftovers
from docktest.run.session import KILL_GRACE_S, STATE_DIR, Outcome, Session, run_command

DOCS_DIR = "/docs"  # the page's folder inside the sandbox; example folders are copied under it


def run_pages(pages: Sequence[Path | str], settings: config.Settings) -> list[Result]:
    """Run every page in its own fresh sandbox; one Result per top-level command, pages in the order given.

    A page unchanged since its last passing run is not run: its results come from the cache.
    """
    cache = PageCache(settings)
    launcher = functools.cache(lambda: prepare(settings))  # no engine is asked anything when every page is cached
    return [result for page in pages
            for result in run_page(Path(page), Path(page).as_posix(), cache, launcher, settings)]


def run_page(file: Path, path: str, cache: PageCache, launcher: Callable[[], Launcher], settings: config.Settings,
             snippets: Sequence[Snippet] | None = None, text: str | None = None) -> list[Result]:
    """One page, shown as PATH: its cached results if its inputs are unchanged, else a run in a fresh sandbox.

    SNIPPETS and TEXT are the page as the caller already read it (the pytest plugin runs what it collected);
    failed lines get the static check's word; the outcome is stored for the next run.
    """
    if text is None:
        text = read_page(str(file))
    if snippets is None:
        snippets = extract_page(path, text)
    key = cache.key(snippets, file.parent)
    cached = cache.lookup(path, key)
    if cached is not None:
        return cached
    results = run_snippets(snippets, file.parent, launcher(), settings)
    if any(result.status == "failed" for result in results):
        results = with_static_hints(results, check_page(path, text, list(snippets)))
    cache.store(path, key, results)
    return results


def with_static_hints(results: Sequence[Result], findings: Sequence[Finding]) -> list[Result]:
    """The static check's word on a failed line (`unknown command 'doccker' (did you mean 'docker'?)`)."""
    errors: dict[int, str] = {}
    for finding in findings:
        if finding.severity == "error":
            errors.setdefault(finding.line, finding.message)
    return [replace(r, hint=errors[r.line]) if r.status == "failed" and r.line in errors else r for r in results]


def prepare(settings: config.Settings) -> Launcher:
    """Engine answering, images ready, leftovers of killed runs gone: a launcher for this run's sandboxes."""
    docker = HostDocker.of(settings)
    docker.check_engine()
    reap_leftovers(docker)
    return Launcher(images.ensure_images(settings.mode, docker, progress=settings.progress), docker,
                    settings.registry_upstream)


def run_snippets(snippets: Sequence[Snippet], page_dir: Path, launcher: Launcher | None,
                 settings: config.Settings) -> list[Result]:
    """Run one page's snippets, in order, in one sandbox (none is started when every block is skipped)."""
    if all(snippet.options.get("skip") or not snippet.commands for snippet in snippets):
        return [result for snippet in snippets for result in _skipped(snippet)]
    if launcher is None:
        raise SandboxError("a page with commands to run needs a sandbox launcher")
    results: list[Result] = []
    with launcher.open() as sandbox:
        _prepare_sandbox(sandbox, snippets, page_dir)
        session = Session(sandbox)
        try:
            for snippet in snippets:
                results += _run_snippet(sandbox, session, snippet, page_dir, settings)
        finally:
            session.close()
    return results


def _prepare_sandbox(sandbox: Sandbox, snippets: Iterable[Snippet], page_dir: Path) -> None:
    made = sandbox.run("sh", "-c", f"mkdir -p {STATE_DIR} {DOCS_DIR} && echo 'cd {DOCS_DIR}' > {STATE_DIR}/state")
    if made.returncode:
        raise SandboxError(f"preparing sandbox {sandbox.project} failed: {made.stdout}{made.stderr}")
    for workdir in sorted({s.options["workdir"] for s in snippets if s.options.get("workdir")}):
        if (page_dir / workdir).is_dir():
            sandbox.copy_in(page_dir / workdir, f"{DOCS_DIR}/{workdir}")


def _skipped(snippet: Snippet) -> list[Result]:
    """A skipped block's commands (a block with no commands gives no results at all)."""
    reason = str(snippet.options.get("skip"))
    return [Result(snippet.path, c.line, c.text, "skipped", None, 0.0, "", snippet.id, skip_reason=reason)
            for c in snippet.commands]


def _run_snippet(sandbox: Sandbox, session: Session, snippet: Snippet, page_dir: Path,
                 settings: config.Settings) -> list[Result]:
    if snippet.options.get("skip"):
        return _skipped(snippet)
    workdir = snippet.options.get("workdir")
    if workdir:
        if not (page_dir / workdir).is_dir():
            error = f"workdir {workdir!r} is not a folder next to the page ({page_dir / workdir})"
            return [Result(snippet.path, c.line, c.text, "failed", None, 0.0, "", snippet.id, error=error)
                    for c in snippet.commands]
        # The block starts in its example folder; later blocks carry on from wherever this one ends.
        session.run(f"cd {shlex.quote(f'{DOCS_DIR}/{workdir}')}", "", KILL_GRACE_S)
    timeout_s = float(snippet.options.get("timeout", settings.timeout_s))
    stdin = snippet.options.get("stdin", "")
    bound = snippet.options.get("placeholders", {})
    results = []
    for index, command in enumerate(snippet.commands):
        text = placeholders.substitute(command.text, bound).text
        expected = snippet.options.get("exit", 0) if index == len(snippet.commands) - 1 else 0
        outcome = run_command(sandbox, session, text, classify(text), stdin, timeout_s, settings.follow_s)
        results.append(_result(snippet, command.line, command.text, outcome, expected, timeout_s))
    return results


def _result(snippet: Snippet, line: int, text: str, outcome: Outcome, expected: int, timeout_s: float) -> Result:
    if outcome.timed_out:
        status = "timeout"
    elif outcome.followed or outcome.exit_code == expected:
        status = "passed"
    else:
        status = "failed"
    return Result(snippet.path, line, text, status, outcome.exit_code, round(outcome.duration_s, 3), outcome.output,
                  snippet.id, expected_exit=expected, timeout_s=timeout_s if outcome.timed_out else None,
                  detached=outcome.followed)
