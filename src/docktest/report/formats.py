"""Findings (and run Results) → text, JSON, GitHub annotations, SARIF strings; renderers return text, never print."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from urllib.parse import quote
from xml.etree import ElementTree

from docktest import __version__
from docktest.check import registry
from docktest.model import Finding, Result
from docktest.report.failure import failure_text
from docktest import results_file

FINDING_FORMATS = ("text", "json", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_GITHUB_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}  # GitHub's annotation levels


def format_findings(findings: Sequence[Finding], fmt: str) -> str:
    if fmt not in FINDING_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FINDING_FORMATS)}")
    return {"text": _text, "json": _json, "github": _github, "sarif": _sarif}[fmt](findings)


def finding_line(finding: Finding) -> str:
    """`docs/x.md:16: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]` — like a compiler,
    with the rule's name to configure or excuse it by (and the column after the line when the finding has one:
    `docs/x.md:3:7: …` for inline code)."""
    column = f":{finding.column}" if finding.column is not None else ""
    return f"{finding.path}:{finding.line}{column}: {finding.severity}: {finding.message} [{finding.rule}]"


def _text(findings: Sequence[Finding]) -> str:
    return "".join(finding_line(f) + "\n" for f in findings)


def _json(findings: Sequence[Finding]) -> str:
    shown = [{key: value for key, value in asdict(f).items() if key != "column" or value is not None} for f in findings]
    return json.dumps({"findings": shown}, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on its line (a note a notice)."""
    return "".join(
        f"::{_GITHUB_COMMANDS[f.severity]} file={_escape_property(f.path)},line={f.line}"
        f"{f',col={f.column}' if f.column else ''},title={_escape_property(f.rule)}::{_escape_data(f.message)}\n"
        for f in findings
    )


def _sarif(findings: Sequence[Finding]) -> str:
    rules = sorted({f.rule for f in findings})
    results = []
    for f in findings:
        result = {
            "ruleId": f.rule,
            "ruleIndex": rules.index(f.rule),
            "level": f.severity,
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": quote(f.path)},  # a URI: spaces, # and Hangul encoded
                "region": {"startLine": f.line, **({"startColumn": f.column} if f.column else {})},
            }}],
        }
        if f.suggestion is not None:
            result["properties"] = {"suggestion": f.suggestion}
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "docktest",
                "version": __version__,
                "rules": [_sarif_rule(rule) for rule in rules],
            }},
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _sarif_rule(name: str) -> dict:
    rule = registry.BY_NAME[name]
    return {"id": name, "shortDescription": {"text": rule.summary}, "defaultConfiguration": {"level": rule.severity}}


RESULT_FORMATS = ("text", "json", "junit", "github", "sarif")


_PROGRESS_WORDS = {"passed": "ok", "failed": "FAILED", "timeout": "TIMEOUT", "skipped": "skipped",
                   "unverifiable": "unverifiable offline"}
_RAN = ("passed", "failed", "timeout", "unverifiable")  # statuses of commands that ran: their time is worth showing
MAX_SHOWN_COMMAND = 60  # characters of a command in a progress line
SHOWN_OUTPUT_LINES = 20  # the text report's failures show the last lines of what they printed


def progress_line(result: Result) -> str:
    """`docs/x.md:16 docker pull node:latest … ok 8.8 s`: one finished command, as progress and `-v` show it."""
    command = result.command.strip().split("\n", 1)[0]
    if len(command) > MAX_SHOWN_COMMAND or command != result.command.strip():
        command = command[:MAX_SHOWN_COMMAND] + " …"
    word = "cached" if result.cached_from else _PROGRESS_WORDS[result.status]
    timing = f" {result.duration_s:.1f} s" if result.status in _RAN and not result.cached_from else ""
    return f"{result.path}:{result.line} {command} … {word}{timing}"


def format_results(results: Sequence[Result], fmt: str, verbose: bool = False) -> str:
    """Results of `docktest run` as text (failures with output, then what could not be verified, then a tally;
    VERBOSE: every command first), JSON, JUnit XML, GitHub annotations or SARIF."""
    if fmt == "json":
        return results_file.encode(results)
    if fmt == "junit":
        return _junit(results)
    if fmt == "github":
        return _github_results(results)
    if fmt == "sarif":
        return _sarif_results(results)
    lines = [progress_line(result) for result in results] if verbose else []
    for result in results:
        if result.failing:
            failure = failure_text(result, output_lines=SHOWN_OUTPUT_LINES)
            lines.append(f"{failure.heading} ({failure.reason})")
            lines += [f"    {line}" for line in failure.body]
    lines += [f"{r.path}:{r.line}: unverifiable: {r.command} ({r.message})" for r in results
              if r.status == "unverifiable"]
    tally = {status: sum(r.status == status for r in results) for status in ("passed", "failed", "timeout", "skipped")}
    tally["unverifiable"] = sum(r.status == "unverifiable" for r in results)  # offline only: said when there are any
    lines.append(", ".join(f"{count} {status}" for status, count in tally.items() if count or status != "unverifiable"))
    return "\n".join(lines) + "\n"


def _github_results(results: Sequence[Result]) -> str:
    """GitHub Actions workflow commands: each failed or timed-out command becomes an error on its line, each one that
    could not be verified offline a notice."""
    return "".join(
        f"::{'notice' if r.status == 'unverifiable' else 'error'} file={_escape_property(r.path)},line={r.line},"
        f"title={_escape_property(f'docktest run: {r.status}')}::{_escape_data(f'{r.command} ({r.message})')}\n"
        for r in results if r.status in ("failed", "timeout", "unverifiable")
    )


def _sarif_results(results: Sequence[Result]) -> str:
    """SARIF: each failed or timed-out command a failure (level error), each one that could not be verified offline
    an open result (SARIF's "could not tell pass from fail", level none)."""
    shown = [r for r in results if r.status in ("failed", "timeout", "unverifiable")]
    rules = sorted({r.status for r in shown})
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "docktest", "version": __version__,
                            "rules": [{"id": rule, "shortDescription": {"text": _RUN_RULE_HELP[rule]}}
                                      for rule in rules]}},
        "results": [{"ruleId": r.status, "ruleIndex": rules.index(r.status),
                     "kind": "open" if r.status == "unverifiable" else "fail",
                     "level": "none" if r.status == "unverifiable" else "error",
                     "message": {"text": f"{r.command} ({r.message})"},
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": quote(r.path)},
                                                         "region": {"startLine": r.line}}}]} for r in shown],
    }]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


_RUN_RULE_HELP = {
    "failed": "a command exited otherwise than the page says, or printed other output",
    "timeout": "a command did not finish within its time limit",
    "unverifiable": "offline, a command needed an image offline mode lacks, or failed after one on its page",
}


def _junit(results: Sequence[Result]) -> str:
    """One <testsuite> per page, one <testcase> per command, named after its line."""
    suites = ElementTree.Element("testsuites", name="docktest")
    pages: dict[str, list[Result]] = {}
    for result in results:
        pages.setdefault(result.path, []).append(result)
    for path, page_results in pages.items():
        suite = ElementTree.SubElement(suites, "testsuite", name=path, tests=str(len(page_results)),
                                       failures=str(sum(r.failing for r in page_results)),
                                       skipped=str(sum(r.status in ("skipped", "unverifiable") for r in page_results)),
                                       time=f"{sum(r.duration_s for r in page_results):.3f}")
        for result in page_results:
            case = ElementTree.SubElement(suite, "testcase", classname=path, name=f"L{result.line}: {result.command}",
                                          file=path, line=str(result.line), time=f"{result.duration_s:.3f}")
            if result.failing:
                words = failure_text(result)
                failure = ElementTree.SubElement(case, "failure", type=result.status,
                                                 message=f"{words.where}: {words.reason}")
                failure.text = "".join(f"{line}\n" for line in words.body)
            elif result.status in ("skipped", "unverifiable"):  # JUnit has no "could not tell": skipped, saying why
                ElementTree.SubElement(case, "skipped", type=result.status, message=result.message)
            elif result.output:
                ElementTree.SubElement(case, "system-out").text = result.output
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
