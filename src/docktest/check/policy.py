"""A page's findings as reported: excused ones left out (an excuse that excuses nothing, or names no rule, is itself
reported), rules the site turned off dropped, each finding at its rule's severity or the one the site gives it."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace

from docktest.check import registry
from docktest.project import CheckSettings
from docktest.extract import markers
from docktest.extract.excuses import Excuse, block_excuses
from docktest.model import SEVERITIES, Finding, Severity, Snippet

UNUSED_IGNORE = "unused-ignore"


def report(path: str, findings: Iterable[Finding], snippets: Sequence[Snippet], settings: CheckSettings,
           not_run: Collection[str] = ()) -> list[Finding]:
    """FINDINGS of the page PATH as reported, in line order. An excuse of a rule in NOT_RUN (or turned off) is not
    called unused: its rule did not look."""
    excuses = [excuse for snippet in snippets for excuse in block_excuses(snippet)]
    kept, used = excused(findings, excuses)
    idle = {*settings.disable, *not_run}
    return configured([*kept, *_excuse_findings(path, excuses, used, idle)], settings)


def excused(findings: Iterable[Finding], excuses: Sequence[Excuse]) -> tuple[list[Finding], set[tuple[str, int]]]:
    """FINDINGS less those an excuse covers (its rule, one of its lines), and the (rule, line) of each excuse used."""
    named = [(rule.name, excuse) for excuse in excuses if (rule := registry.BY_NAME.get(excuse.rule))]
    kept, used = [], set()
    for finding in findings:
        covering = {(excuse.rule, excuse.line) for name, excuse in named
                    if name == finding.rule and excuse.first <= finding.line <= excuse.last}
        if covering:
            used |= covering
        else:
            kept.append(finding)
    return kept, used


def _excuse_findings(path: str, excuses: Sequence[Excuse], used: set[tuple[str, int]],
                     idle: Collection[str]) -> Iterator[Finding]:
    """An excuse naming no rule, or excusing nothing, once each (a front matter's is in every block's options)."""
    seen = set()
    for excuse in excuses:
        key = (excuse.rule, excuse.line)
        if key in seen:
            continue
        seen.add(key)
        rule = registry.BY_NAME.get(excuse.rule)
        if rule is None:
            message, close = registry.unknown_rule(excuse.rule, " in a docktest ignore")
            yield registry.finding(path, excuse.line, markers.RULE, message, close)
        elif key not in used and rule.name not in idle:
            yield registry.finding(path, excuse.line, UNUSED_IGNORE,
                                   f"nothing here to excuse for '{excuse.rule}': remove it from the docktest ignore")


def configured(findings: Iterable[Finding], settings: CheckSettings) -> list[Finding]:
    """Findings of rules the site turned off dropped, each at its rule's severity on this site, in line order."""
    return sorted((_at_severity(f, settings.severity.get(f.rule, registry.BY_NAME[f.rule].severity))
                   for f in findings if f.rule not in settings.disable), key=lambda f: f.line)


def _at_severity(finding: Finding, severity: Severity) -> Finding:
    # most findings are at their rule's severity already: dataclasses.replace (it reads every field) for the rest
    return finding if finding.severity == severity else replace(finding, severity=severity)


def at_least(findings: Iterable[Finding], floor: Severity) -> list[Finding]:
    """The findings as severe as FLOOR or more (`--severity warning`: errors and warnings)."""
    return [f for f in findings if SEVERITIES.index(f.severity) <= SEVERITIES.index(floor)]


def fails(findings: Iterable[Finding], strict: bool = False) -> bool:
    """Whether the findings fail a check: an error does, a warning only when STRICT, a note never."""
    return any(f.severity == "error" or (strict and f.severity == "warning") for f in findings)
