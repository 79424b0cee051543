"""`docktest extract|check|run|report …`: parse arguments, print a report, set the exit status (0, 1 found, 2 usage)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from docktest import __version__, config, project
from docktest.adapters.signals import EXIT_TERMINATED, Terminated, sigterm_as_interrupt
from docktest.extract import markdown, scripts
from docktest.report import formats as report
from docktest.model import SEVERITIES, CheckedPage, SandboxError, UsageError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="docktest", description="Extract, check and run the shell blocks of Markdown notes.")
    parser.add_argument("--version", action="version", version=f"docktest {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{extract,check,run,report,clean}")

    extract = sub.add_parser("extract", help="list every shell block with its lines and commands")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files or directories")
    extract.add_argument("--format", choices=("json", "text"), default="json")
    extract.add_argument("--write", metavar="DIR", default=None,
                         help="write each block as DIR/<page>/<NN>.sh plus DIR/manifest.json (what the MkDocs hook "
                              "writes), print static-check findings, exit 1 if there are errors")

    check = sub.add_parser("check", help="check shell blocks statically (no Docker daemon needed)")
    check.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files or directories")
    check.add_argument("--format", choices=report.FINDING_FORMATS, default="text")
    check.add_argument("--shellcheck", action="store_true", help="add shellcheck's findings as warnings")
    check.add_argument("--severity", choices=SEVERITIES, default="note",
                       help="show findings this severe or more (default: note, i.e. all)")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too, not only on errors")

    run = sub.add_parser("run", help="run the shell blocks in a throwaway Docker-in-Docker sandbox")
    run.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files or directories")
    run.add_argument("--format", choices=("text", "json", "junit"), default="text")
    for option in config.RUN_OPTIONS:  # the options the pytest plugin has too, as --docktest-NAME
        run.add_argument(config.CLI_PREFIX + option.name, **option.arguments())
    run.add_argument("-v", "--verbose", action="store_true", help="the text report lists every command, not only failures")
    run.add_argument("-q", "--quiet", action="store_true",
                     help="no line per finished command on stderr, only the report")

    saved = sub.add_parser("report", help="show a saved `docktest run --format json` results file in another format")
    saved.add_argument("results", metavar="RESULTS", help="the results file, e.g. .docktest/results.json")
    saved.add_argument("--format", choices=report.RESULT_FORMATS, default="text")
    saved.add_argument("--page", metavar="FILE", default=None,
                       help="write the 검증 현황 page (Markdown) to FILE instead, for generators without hooks; exit 0")
    saved.add_argument("--docs", metavar="DIR", default="docs", help="the pages --page lists (default: docs)")

    clean = sub.add_parser("clean", help="remove what docktest keeps: its images, killed runs' sandboxes, its caches")
    clean.add_argument("--dry-run", action="store_true", help="only list what would be removed, with sizes")
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
        if args.command == "clean":
            return _clean(args)
        return _run(args)
    except UsageError as error:
        print(f"docktest: error: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    """`docktest run`: 0 all passed, 1 a command failed, 3 the sandbox broke, 130/143 interrupted (SIGINT/SIGTERM)."""
    from docktest.check.pages import read_checked
    from docktest.run import runner, shard  # heavy (sandbox, pexpect): only for `run`

    sigterm_as_interrupt()
    site = _site_settings(args.paths)
    settings = config.from_options(vars(args), config.CLI_PREFIX, check=site)
    files = _pages(args.paths, site)
    if args.shard:
        files = shard.select(files, shard.parse(args.shard), lambda page: page.as_posix())
    pages = [read_checked(file, settings.check) for file in files]  # extract and check, once per page
    # A plain line per command as it finishes, terminal or not (a CI log shows a slow page going on); stdout keeps
    # only the report (JSON stays parseable).
    show = None if args.quiet else lambda result: print(report.progress_line(result), file=sys.stderr, flush=True)
    try:
        results = runner.run_pages(pages, settings, on_result=show)
    except KeyboardInterrupt as interrupt:
        terminated = isinstance(interrupt, Terminated)
        print(f"docktest: {'terminated' if terminated else 'interrupted'}; the sandbox was removed", file=sys.stderr)
        return EXIT_TERMINATED if terminated else 130
    except (SandboxError, subprocess.SubprocessError) as error:
        print(f"docktest: the sandbox could not run: {error}", file=sys.stderr)
        return 3
    if args.update:
        _update_pages(pages, results)
    sys.stdout.write(report.format_results(results, args.format, verbose=args.verbose))
    return 1 if any(result.failing for result in results) else 0


def _clean(args: argparse.Namespace) -> int:
    """`docktest clean [--dry-run]`: say what goes (or would), and what stays because it is in use; 3: no engine."""
    from docktest.sandbox import kept
    from docktest.sandbox.docker import HostDocker

    settings = config.load(mode="offline")  # the mode does not matter here: no need to look any name up
    docker = HostDocker.of(settings)
    try:
        docker.check_engine()
        gone, left = (kept.kept(docker, settings), []) if args.dry_run else kept.clean(docker, settings)
    except (SandboxError, subprocess.SubprocessError) as error:
        print(f"docktest: cannot clean: {error}", file=sys.stderr)
        return 3
    verb = "would remove" if args.dry_run else "removed"
    sys.stdout.write("".join(f"{verb} {item}\n" for item in gone) + "".join(f"kept, in use: {item}\n" for item in left))
    if not gone and not left:
        print("docktest: nothing to remove", file=sys.stderr)
    return 0


def _update_pages(pages: Sequence[CheckedPage], results: Sequence) -> None:
    """`--update`: rewrite each page's mismatching expected output; say on stderr what changed (the run's
    report still shows the mismatches it found: run again to see the page pass)."""
    from docktest.report.update import rewrite

    for page in pages:
        said = rewrite(page.file, page.path, page.snippets, [r for r in results if r.path == page.path])
        if said:
            print(f"docktest: {said}", file=sys.stderr)


def _report(args: argparse.Namespace) -> int:
    """Render a saved run again (JUnit, annotations) without running anything; exit 1 if a command failed."""
    from docktest.report.verification import read_run

    try:
        run = read_run(Path(args.results))
    except OSError as error:
        raise UsageError(f"{args.results}: cannot read: {error.strerror}") from None
    except ValueError as error:
        raise UsageError(str(error)) from None
    if args.page:  # the page shows the failures; a site with failing blocks is still published with it
        from docktest.report.status_page import site_status_page

        if not Path(args.docs).is_dir():
            raise UsageError(f"{args.docs}: no such directory (the pages to list; --docs DIR)")
        _write(Path(args.page), site_status_page(run, Path(args.docs), Path.cwd(), Path(args.page)))
        return 0
    sys.stdout.write(report.format_results(run.results, args.format))
    return 1 if any(result.failing for result in run.results) else 0


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{path}: cannot write: {error.strerror}") from None


def _site_settings(paths: Sequence[str]) -> project.CheckSettings:
    """The settings of the project the named pages belong to (`[tool.docktest]` above them), with the docker client
    the environment names (config.check_settings)."""
    from docktest.check import registry

    return config.check_settings(
        registry.project_settings(Path(os.path.commonpath([Path(path).resolve() for path in paths]))))


def _pages(paths: Sequence[str], site: project.CheckSettings) -> list[Path]:
    """The pages named or found under PATHS, less those the site excludes."""
    return [page for page in markdown.find_pages(paths) if not site.excludes(page)]


def _extract(args: argparse.Namespace) -> int:
    if args.write:
        return _write_snippets(args)
    pages = _pages(args.paths, _site_settings(args.paths))
    snippets = [s for page in pages for s in markdown.extract_page(page.as_posix())]
    if args.format == "json":
        sys.stdout.write(json.dumps({"snippets": [scripts.block_fields(s) for s in snippets]},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        for snippet in snippets:
            sys.stdout.write(f"{snippet.path}:{snippet.start_line}-{snippet.end_line}: {snippet.lang} ({snippet.id})\n")
            for command in snippet.commands:
                sys.stdout.write(f"  {command.line}: {command.text}\n")
    return 0


def _write_snippets(args: argparse.Namespace) -> int:
    """The MkDocs hook's snippets/ without MkDocs: same library call, findings printed, errors exit 1."""
    from docktest.check import policy
    from docktest.check.pages import build_snippets

    site = _site_settings(args.paths)
    pages = _pages(args.paths, site)
    named = [Path(p) for p in args.paths]
    docs_dir = named[0] if len(named) == 1 and named[0].is_dir() else Path(os.path.commonpath(
        [p.resolve().parent for p in pages]))
    try:
        written, findings = build_snippets(docs_dir, pages, Path(args.write), Path.cwd(), site)
    except ValueError as error:
        raise UsageError(str(error)) from None
    sys.stdout.write(report.format_findings(findings, "text"))
    print(f"docktest: {args.write}: {len(written.written)} written, {len(written.removed)} removed", file=sys.stderr)
    return 1 if policy.fails(findings) else 0


def _check(args: argparse.Namespace) -> int:
    """`docktest check`: 1 when an error is shown (a warning too with --strict), else 0; notes never fail."""
    from docktest.check import policy, rules  # tree-sitter and the docker CLI tree: not needed for extract

    site = _site_settings(args.paths)
    findings = []
    blocks = 0
    for page in _pages(args.paths, site):
        path = page.as_posix()
        text = markdown.read_page(path)
        snippets = markdown.extract_page(path, text)
        blocks += len(snippets)
        findings.extend(rules.check_page(path, text, snippets, shellcheck=args.shellcheck, settings=site))
    shown = policy.at_least(findings, args.severity)
    sys.stdout.write(report.format_findings(shown, args.format))
    if args.format == "text":
        levels = SEVERITIES[: SEVERITIES.index(args.severity) + 1]
        counts = [_count(sum(f.severity == level for f in shown), level) for level in levels]
        print(f"docktest: {blocks} blocks checked: {', '.join(counts)}", file=sys.stderr)
    return 1 if policy.fails(shown, args.strict) else 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
