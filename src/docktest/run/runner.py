"""Pages' snippets + a sandbox → one Result per top-level command, in order, state carried from block to block."""

from __future__ import annotations

import argparse
import functools
import os
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal, Sequence

import pexpect

from docktest import config
from docktest.run import images
from docktest.report import formats as report
from docktest.run import shard
from docktest.run.cache import PageCache
from docktest.extract.markdown import extract_page, find_pages, read_page
from docktest.model import Finding, Result, Snippet
from docktest.check.rules import check_page
from docktest.run.sandbox import SAVE_STATE, STATE_DIR, Launcher, Sandbox, SandboxError, Session, check_engine, reap_leftovers

DOCS_DIR = "/docs"  # the page's folder inside the sandbox; example folders are copied under it
MAX_OUTPUT = 64_000  # characters of output kept per command (the tail)
QUIET_AFTER_OUTPUT_S = 0.5  # a program that printed and then went quiet this long is waiting for input
QUIET_WITHOUT_OUTPUT_S = 3.0  # …or one that printed nothing for this long
KILL_GRACE_S = 10.0

# Runs one command that needs a terminal, in a bash of its own with the page session's saved state.
WRAPPER = f"""
__docktest_command=$DOCKTEST_COMMAND; unset DOCKTEST_COMMAND
echo $$ > {STATE_DIR}/pid
exec 2>&1
. {STATE_DIR}/state
set -a
eval "$__docktest_command"
__docktest_status=$?
set +a
export -n __docktest_status
{SAVE_STATE} > {STATE_DIR}/state.next && mv {STATE_DIR}/state.next {STATE_DIR}/state
exit $__docktest_status
"""
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")

OPERATORS = ("&&", "||", ";", "|", "&", "(", ")", ";;", "|&", "`")
Kind = Literal["plain", "tty", "follow", "tty-follow"]


@dataclass(frozen=True)
class Outcome:
    """What the sandbox said about one command."""

    exit_code: int | None
    output: str
    duration_s: float
    timed_out: bool = False
    followed: bool = False  # a follow-style command watched for a while, then detached on purpose


def main(args: argparse.Namespace) -> int:
    """`docktest run PATH... --format text|json|junit`: 0 all passed, 1 a command failed, 3 the sandbox broke."""
    if args.docker_host:
        os.environ[config.DOCKER_HOST_ENV] = args.docker_host  # read by config.docker_host for every docker call
    options = config.RunOptions(mode=args.mode, timeout_s=args.timeout, cache=not args.no_cache)
    options = replace(options, mode=config.resolve_mode(options))  # one lookup: the cache key and the run agree
    pages = find_pages(args.paths)
    if args.shard:
        pages = shard.select(pages, shard.parse(args.shard), lambda page: page.as_posix())
    try:
        results = run_pages(pages, options)
    except KeyboardInterrupt:
        print("docktest: interrupted; the sandbox was removed", file=sys.stderr)
        return 130
    except (SandboxError, RuntimeError, subprocess.SubprocessError) as error:
        print(f"docktest: the sandbox could not run: {error}", file=sys.stderr)
        return 3
    sys.stdout.write(report.format_results(results, args.format))
    return 1 if any(result.status in ("failed", "timeout") for result in results) else 0


def run_pages(pages: Sequence[Path | str], options: config.RunOptions) -> list[Result]:
    """Run every page in its own fresh sandbox; one Result per top-level command, pages in the order given.

    A page unchanged since its last passing run is not run: its results come from the cache.
    """
    cache = PageCache(options)
    launcher = functools.cache(lambda: prepare(options))  # no engine is asked anything when every page is cached
    return [result for page in pages
            for result in run_page(Path(page), Path(page).as_posix(), cache, launcher, options)]


def run_page(file: Path, path: str, cache: PageCache, launcher: Callable[[], Launcher],
             options: config.RunOptions) -> list[Result]:
    """One page, shown as PATH: its cached results if its inputs are unchanged, else a run in a fresh sandbox.

    Failed lines get the static check's word; the outcome is stored for the next run.
    """
    text = read_page(str(file))
    snippets = extract_page(path, text)
    key = cache.key(snippets, file.parent)
    cached = cache.lookup(path, key)
    if cached is not None:
        return cached
    results = run_snippets(snippets, file.parent, launcher(), options)
    if any(result.status == "failed" for result in results):
        results = with_static_hints(results, check_page(path, text, snippets))
    cache.store(path, key, results)
    return results


def with_static_hints(results: Sequence[Result], findings: Sequence[Finding]) -> list[Result]:
    """Add the static check's word on a failed line (`unknown command 'doccker' (did you mean 'docker'?)`)."""
    errors = {}
    for finding in findings:
        if finding.severity == "error":
            errors.setdefault(finding.line, finding.message)
    return [replace(r, message=f"{r.message}; static check: {errors[r.line]}")
            if r.status == "failed" and r.line in errors else r for r in results]


def prepare(options: config.RunOptions) -> Launcher:
    """Engine answering, images ready, leftovers of killed runs gone: a launcher for this run's sandboxes."""
    check_engine()
    reap_leftovers()
    return Launcher(images.ensure_images(config.resolve_mode(options), progress=options.progress))


def run_snippets(snippets: Sequence[Snippet], page_dir: Path, launcher: Launcher,
                 options: config.RunOptions) -> list[Result]:
    """Run one page's snippets, in order, in one sandbox (none is started when every block is skipped)."""
    if all(snippet.options.get("skip") or not snippet.commands for snippet in snippets):
        return [result for snippet in snippets for result in _skipped(snippet)]
    results: list[Result] = []
    with launcher.open() as sandbox:
        _prepare_sandbox(sandbox, snippets, page_dir)
        session = Session(sandbox)
        try:
            for snippet in snippets:
                results += _run_snippet(sandbox, session, snippet, page_dir, options)
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
    reason = f"skipped: {snippet.options.get('skip')}"  # a block with no commands gives no results at all
    return [Result(snippet.path, c.line, c.text, "skipped", None, 0.0, "", snippet.id, reason) for c in snippet.commands]


def _run_snippet(sandbox: Sandbox, session: Session, snippet: Snippet, page_dir: Path,
                 options: config.RunOptions) -> list[Result]:
    if snippet.options.get("skip"):
        return _skipped(snippet)
    workdir = snippet.options.get("workdir")
    if workdir:
        if not (page_dir / workdir).is_dir():
            message = f"workdir {workdir!r} is not a folder next to the page ({page_dir / workdir})"
            return [Result(snippet.path, c.line, c.text, "failed", None, 0.0, "", snippet.id, message)
                    for c in snippet.commands]
        # The block starts in its example folder; later blocks carry on from wherever this one ends.
        session.run(f"cd {shlex.quote(f'{DOCS_DIR}/{workdir}')}", "", KILL_GRACE_S)
    timeout_s = float(snippet.options.get("timeout", options.timeout_s))
    stdin = snippet.options.get("stdin", "")
    results = []
    for index, command in enumerate(snippet.commands):
        text = substitute(command.text, snippet.options.get("placeholders", {}))
        expected = snippet.options.get("exit", 0) if index == len(snippet.commands) - 1 else 0
        outcome = run_command(sandbox, session, text, classify(text), stdin, timeout_s, options.follow_s)
        results.append(_result(snippet, command.line, command.text, outcome, expected, timeout_s))
    return results


def _result(snippet: Snippet, line: int, text: str, outcome: Outcome, expected: int, timeout_s: float) -> Result:
    if outcome.timed_out:
        status, message = "timeout", f"timed out after {timeout_s:g} s and was killed (marker `timeout` changes the limit)"
    elif outcome.followed:
        status, message = "passed", "follow-style command: watched its output, then detached"
    elif outcome.exit_code == expected:
        status, message = "passed", "" if expected == 0 else f"exited {expected} as the `exit` marker expects"
    else:
        status = "failed"
        message = f"exit status {outcome.exit_code}, expected {expected}"
    return Result(snippet.path, line, text, status, outcome.exit_code, round(outcome.duration_s, 3),
                  outcome.output, snippet.id, message)


def substitute(text: str, placeholders: dict[str, str]) -> str:
    """Put each placeholder's marker value in place of `{name}` / `<name>`, verbatim (so `$(…)` still runs)."""
    for name, value in placeholders.items():
        text = text.replace(f"{{{name}}}", value).replace(f"<{name}>", value)
    return text


def classify(text: str) -> Kind:
    """How a command must be driven: a terminal for `-t`/`start -ai`/`attach`, a time box for `logs -f` and the like."""
    try:
        lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        tokens = list(lexer)
    except ValueError:
        return "plain"
    tty = follow = False
    for words in _simple_commands(tokens):
        if not words or words[0].rsplit("/", 1)[-1] != "docker":
            continue
        words = words[1:]
        verbs = [w for w in words if not w.startswith("-")]
        flags = [w for w in words if w.startswith("-")]
        if verbs[:1] == ["container"]:
            verbs = verbs[1:]
        verb = verbs[0] if verbs else ""
        short = "".join(f[1:] for f in flags if not f.startswith("--"))
        if verb in ("run", "create", "exec") and ("t" in short or "--tty" in flags):
            tty = True
        elif verb == "start" and ("a" in short or "--attach" in flags) and ("i" in short or "--interactive" in flags):
            tty = True
        elif verb == "attach":
            tty = follow = True
        elif verb == "logs" and ("f" in short or "--follow" in flags):
            follow = True
        elif verb == "events" or (verb == "stats" and "--no-stream" not in flags):
            follow = True
        elif verb == "compose" and len(verbs) > 1:
            if verbs[1] == "logs" and ("f" in short or "--follow" in flags):
                follow = True
            elif verbs[1] == "up" and not ("d" in short or "--detach" in flags or "--wait" in flags):
                follow = True
    if tty:
        return "tty-follow" if follow else "tty"
    return "follow" if follow else "plain"


def _simple_commands(tokens: list[str]) -> Iterator[list[str]]:
    """Split at shell operators; drop leading `VAR=value`, `sudo` and `time` so the program comes first."""
    words: list[str] = []
    for token in [*tokens, ";"]:
        if token in OPERATORS:
            yield words
            words = []
        elif words or not ("=" in token.split("/", 1)[0] or token in ("sudo", "time", "command", "exec")):
            words.append(token)


def run_command(sandbox: Sandbox, session: Session, text: str, kind: Kind, stdin: str, timeout_s: float,
                follow_s: float) -> Outcome:
    """Run TEXT in the page's shell session, or under a pseudo-terminal of its own when it asks for one."""
    if kind in ("tty", "tty-follow"):
        outcome = _run_in_terminal(sandbox, text, stdin, timeout_s, follow_s if kind == "tty-follow" else None)
        session.run(f". {STATE_DIR}/state", "", KILL_GRACE_S)  # take over what the terminal's shell changed
        return outcome
    limit = min(follow_s, timeout_s) if kind == "follow" else timeout_s
    started = time.monotonic()
    exit_code, output, expired = session.run(text, stdin, limit)
    followed = expired and kind == "follow"
    return Outcome(exit_code, _clean(output), time.monotonic() - started, timed_out=expired and not followed,
                   followed=followed)


def _run_in_terminal(sandbox: Sandbox, text: str, stdin: str, timeout_s: float, follow_s: float | None) -> Outcome:
    """Drive an interactive command: feed STDIN a line at a time whenever it waits, then end-of-input."""
    argv = sandbox.exec_argv("bash", "-c", WRAPPER, tty=True, env={"DOCKTEST_COMMAND": text, "TERM": "dumb"})
    started = time.monotonic()
    child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", codec_errors="replace", dimensions=(24, 160),
                          env=_terminal_env())
    pending = stdin.splitlines(keepends=True)
    chunks: list[str] = []
    last_activity, printed, eof_sent = started, False, False
    timed_out = followed = False
    while True:
        now = time.monotonic()
        if now - started > timeout_s or (follow_s is not None and eof_sent and now - started > follow_s):
            followed = follow_s is not None and not now - started > timeout_s
            timed_out = not followed
            _kill(sandbox)
            break
        try:
            chunks.append(child.read_nonblocking(4096, timeout=0.1))
            last_activity, printed = time.monotonic(), True
        except pexpect.TIMEOUT:
            quiet = now - last_activity
            if not (printed and quiet >= QUIET_AFTER_OUTPUT_S) and quiet < QUIET_WITHOUT_OUTPUT_S:
                continue
            if pending:
                child.send(pending.pop(0))
            elif not eof_sent:
                child.sendeof()
                eof_sent = True
            else:
                continue
            last_activity, printed = time.monotonic(), False
        except pexpect.EOF:
            break
    _drain(child, chunks)
    child.close(force=True)
    exit_code = child.exitstatus if not (timed_out or followed) else None
    return Outcome(exit_code, _clean("".join(chunks)), time.monotonic() - started, timed_out, followed)


def _terminal_env() -> dict[str, str]:
    """A bare environment for the terminal's `docker exec`, keeping the engine's address."""
    env = {"TERM": "dumb", "PATH": "/usr/local/bin:/usr/bin:/bin"}
    host = config.docker_env().get("DOCKER_HOST")
    if host:
        env["DOCKER_HOST"] = host
    return env


def _drain(child: pexpect.spawn, chunks: list[str]) -> None:
    deadline = time.monotonic() + KILL_GRACE_S
    while time.monotonic() < deadline:
        try:
            chunks.append(child.read_nonblocking(4096, timeout=0.5))
        except (pexpect.TIMEOUT, pexpect.EOF):
            return


def _kill(sandbox: Sandbox) -> None:
    """Kill the running command's whole process group inside the sandbox (a host-side kill would not reach it)."""
    sandbox.run("sh", "-c", f'kill -KILL -- -"$(cat {STATE_DIR}/pid)" 2>/dev/null || kill -KILL "$(cat {STATE_DIR}/pid)"',
                timeout=KILL_GRACE_S)


def _clean(output: str) -> str:
    output = ANSI.sub("", output)
    return output[-MAX_OUTPUT:]
