"""`docktest extract|check|run|report …`: parse arguments, print a report, set the exit status (0, 1 found, 2 usage)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from docktest import __version__, config
from docktest.adapters.signals import EXIT_TERMINATED, Terminated, sigterm_as_interrupt
from docktest.extract import markdown
from docktest.report import formats as report
from docktest.model import SandboxError, UsageError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="docktest", description="Extract, check and run the shell blocks of Markdown notes.")
    parser.add_argument("--version", action="version", version=f"docktest {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{extract,check,run,report}")

    extract = sub.add_parser("extract", help="list every shell block with its lines and commands")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files or directories")
    extract.add_argument("--format", choices=("json", "text"), default="json")

    check = sub.add_parser("check", help="check shell blocks statically (no Docker daemon needed)")
    check.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files or directories")
    check.add_argument("--format", choices=report.FINDING_FORMATS, default="text")
    check.add_argument("--shellcheck", action="store_true", help="add shellcheck's findings as warnings")

    run = sub.add_parser("run", help="run the shell blocks in a throwaway Docker-in-Docker sandbox")
    run.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files or directories")
    run.add_argument("--format", choices=("text", "json", "junit"), default="text")
    run.add_argument("--mode", choices=("offline", "online"), default=None,
                     help="images: offline (built from Debian packages) or online (official); default: offline "
                          "when Docker Hub's name does not resolve (env DOCKTEST_MODE)")
    run.add_argument("--timeout", type=float, default=None,
                     help="seconds per command, default 60 (marker `timeout` overrides)")
    run.add_argument("--no-cache", action="store_true",
                     help="run every page, even one unchanged since its last passing run (env DOCKTEST_NO_CACHE=1)")
    run.add_argument("--shard", metavar="I/N", default=None,
                     help="run only shard I of N: pages sorted by path, dealt round-robin (for CI matrices)")
    run.add_argument("--docker-host", metavar="ADDRESS", default=None,
                     help="the Docker engine the sandboxes run on, e.g. tcp://host:2375 (env DOCKTEST_DOCKER_HOST)")
    run.add_argument("--registry-upstream", metavar="URL", default=None,
                     help="online mode: what the sandbox's registry caches, default https://registry-1.docker.io "
                          "(a Docker Hub mirror; env DOCKTEST_REGISTRY_UPSTREAM)")

    saved = sub.add_parser("report", help="show a saved `docktest run --format json` results file in another format")
    saved.add_argument("results", metavar="RESULTS", help="the results file, e.g. .docktest/results.json")
    saved.add_argument("--format", choices=report.RESULT_FORMATS, default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "check":
            return _check(args)
        if args.command == "report":
            return _report(args)
        return _run(args)
    except UsageError as error:
        print(f"docktest: error: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    """`docktest run`: 0 all passed, 1 a command failed, 3 the sandbox broke, 130/143 interrupted (SIGINT/SIGTERM)."""
    from docktest.run import runner, shard  # heavy (sandbox, pexpect): only for `run`

    sigterm_as_interrupt()
    settings = config.load(mode=args.mode, timeout_s=args.timeout, cache=not args.no_cache,
                           docker_host=args.docker_host, registry_upstream=args.registry_upstream)
    pages = markdown.find_pages(args.paths)
    if args.shard:
        pages = shard.select(pages, shard.parse(args.shard), lambda page: page.as_posix())
    try:
        results = runner.run_pages(pages, settings)
    except KeyboardInterrupt as interrupt:
        terminated = isinstance(interrupt, Terminated)
        print(f"docktest: {'terminated' if terminated else 'interrupted'}; the sandbox was removed", file=sys.stderr)
        return EXIT_TERMINATED if terminated else 130
    except (SandboxError, subprocess.SubprocessError) as error:
        print(f"docktest: the sandbox could not run: {error}", file=sys.stderr)
        return 3
    sys.stdout.write(report.format_results(results, args.format))
    return 1 if any(result.status in ("failed", "timeout") for result in results) else 0


def _report(args: argparse.Namespace) -> int:
    """Render a saved run again (JUnit, annotations) without running anything; exit 1 if a command failed."""
    from docktest.report.verification import read_run

    try:
        results = read_run(Path(args.results)).results
    except OSError as error:
        raise UsageError(f"{args.results}: cannot read: {error.strerror}") from None
    except ValueError as error:
        raise UsageError(str(error)) from None
    sys.stdout.write(report.format_results(results, args.format))
    return 1 if any(result.status in ("failed", "timeout") for result in results) else 0


def _extract(args: argparse.Namespace) -> int:
    snippets = [s for page in markdown.find_pages(args.paths) for s in markdown.extract_page(page.as_posix())]
    if args.format == "json":
        sys.stdout.write(json.dumps({"snippets": [asdict(s) for s in snippets]},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        for snippet in snippets:
            sys.stdout.write(f"{snippet.path}:{snippet.start_line}-{snippet.end_line}: {snippet.lang} ({snippet.id})\n")
            for command in snippet.commands:
                sys.stdout.write(f"  {command.line}: {command.text}\n")
    return 0


def _check(args: argparse.Namespace) -> int:
    from docktest.check import rules  # tree-sitter and the docker CLI tree: not needed for extract

    findings = []
    blocks = 0
    for page in markdown.find_pages(args.paths):
        path = page.as_posix()
        text = markdown.read_page(path)
        snippets = markdown.extract_page(path, text)
        blocks += len(snippets)
        findings.extend(rules.check_page(path, text, snippets, shellcheck=args.shellcheck))
    sys.stdout.write(report.format_findings(findings, args.format))
    errors = sum(f.severity == "error" for f in findings)
    if args.format == "text":
        warnings = len(findings) - errors
        print(f"docktest: {blocks} blocks checked: {_count(errors, 'error')}, {_count(warnings, 'warning')}",
              file=sys.stderr)
    return 1 if errors else 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
