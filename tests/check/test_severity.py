"""Severities, rule names and excuses: what each finding means for a reader, and how a page excuses one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from docktest.check import policy, registry
from docktest.check.rules import check_page
from docktest.project import CheckSettings
from docktest.extract.markdown import extract_page, find_pages, read_page
from docktest.model import Finding
from docktest.report.formats import format_findings

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide" / "markers.md"


def check(text: str, settings: CheckSettings = CheckSettings(), **options) -> list[str]:
    findings = check_page("p.md", text, extract_page("p.md", text), settings=settings, **options)
    return format_findings(findings, "text").splitlines()


def bash(code: str, marker: str = "") -> str:
    return f"{marker}\n```bash\n{code}\n```\n" if marker else f"```bash\n{code}\n```\n"


# --- the rules and their names ------------------------------------------------------------------

def test_rule_names_are_kebab_case_and_answer_to_one_rule_each():
    names = [name for rule in registry.RULES for name in (rule.name, *rule.formerly)]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name) for rule in registry.RULES)


def test_the_markers_guide_lists_every_rule_with_its_severity():
    guide = GUIDE.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (error|warning|note) \|", guide, re.M))
    assert rows == {rule.name: rule.severity for rule in registry.RULES}


def test_every_finding_on_the_repositorys_pages_is_of_a_registered_rule(monkeypatch):
    """Pages of every kind the tests keep (fixtures, the site): each finding's rule is in the registry, at its
    rule's severity (policy.configured would raise KeyError on an unregistered one)."""
    monkeypatch.chdir(ROOT)
    seen = set()
    for page in find_pages(["docs", "tests/fixtures"]):
        text = read_page(str(page))
        for finding in check_page(page.as_posix(), text, extract_page(page.as_posix(), text)):
            assert finding.severity == registry.BY_NAME[finding.rule].severity
            seen.add(finding.rule)
    assert {"unknown-command", "docker-usage", "unbound-placeholder", "stray-jamo"} <= seen


# --- severities by what a reader meets ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    (bash("doccker ps"), "p.md:2: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"),
    (bash("echo (\n"), "p.md:2: error: bash syntax error: syntax error near unexpected token `newline' [bash-syntax]"),
    ("# 제목ㅋ\n", "p.md:1: warning: stray Hangul jamo 'ㅋ' (a typo?) [stray-jamo]"),
    ("```bash\necho never closed\n", "p.md:1: warning: this code block is never closed: add a closing ``` line "
                                     "(the site shows it as plain text) [unclosed-fence]"),
    (bash("true", "<!-- docktest\nstdn: x\n-->"),
     "p.md:2: warning: unknown docktest marker key 'stdn' (did you mean 'stdin'?) [marker]"),
])
def test_each_kind_of_finding_has_its_severity(text, expected):
    assert check(text) == [expected]


def test_unbound_placeholders_are_one_note_per_block_naming_them_all():
    code = "docker run --name {이름} <이미지>\ndocker start -ai {이름}\ndocker rm {이름} <다른 것>"
    assert check(bash(code)) == [
        "p.md:2: note: needs values to run: {이름}, <이미지>, <다른 것>: add `placeholders: {이름: …, 이미지: …, "
        "다른 것: …}` to a docktest marker [unbound-placeholder]"]
    # the rest of the command is still checked, the placeholder standing for a value
    assert check(bash("docker run --rn <이미지>"))[0] == (
        "p.md:2: error: unknown flag '--rn' for 'docker run' (did you mean '--rm'?) [docker-usage]")


# --- the site's settings ---------------------------------------------------------------------------

def test_settings_turn_rules_off_change_severities_and_know_commands():
    text = "# 제목ㅋ\n\n" + bash("notesctl deploy\ndoccker ps\ndocker imgaes")
    assert check(text, CheckSettings(known_commands=frozenset({"notesctl"}), disable=frozenset({"docker-usage"}),
                                     severity={"stray-jamo": "note", "unknown-command": "warning"})) == [
        "p.md:1: note: stray Hangul jamo 'ㅋ' (a typo?) [stray-jamo]",
        "p.md:5: warning: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"]


def test_settings_name_rules_by_their_former_names_too():
    settings = registry.canonical(CheckSettings(disable=frozenset({"docker", "syntax"}),
                                                severity={"placeholder": "error"}, source="t"))
    assert (settings.disable, settings.severity) == ({"docker-usage", "bash-syntax"}, {"unbound-placeholder": "error"})


def test_at_least_and_fails_follow_the_severity_floor_and_strictness():
    findings = [Finding("p.md", 1, level, "stray-jamo", level) for level in ("note", "warning", "error")]
    assert [f.severity for f in policy.at_least(findings, "warning")] == ["warning", "error"]
    assert policy.fails(findings[:1], strict=True) is False  # a note never fails
    assert (policy.fails(findings[:2]), policy.fails(findings[:2], strict=True)) == (False, True)
    assert policy.fails(findings) is True


# --- excuses in the page ---------------------------------------------------------------------------

def test_a_markers_ignore_excuses_that_rule_in_that_block_only():
    marker = "<!-- docktest ignore: unknown-command -->"
    text = bash("notesctl get pages\ndocker imgaes", marker) + "\n" + bash("notesctl get pages")
    assert check(text) == [
        "p.md:4: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]",
        "p.md:8: error: unknown command 'notesctl' [unknown-command]"]


def test_a_shell_comment_excuses_its_line_or_the_next_with_its_continuations():
    code = ("docker imgaes  # docktest ignore: docker-usage\n"
            "# docktest ignore: docker-usage, unknown-command\n"
            "docker run -d \\\n  --rn node\n"
            "doccker ps")
    assert check(bash(code)) == [
        "p.md:3: warning: nothing here to excuse for 'unknown-command': remove it from the docktest ignore "
        "[unused-ignore]",
        "p.md:6: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"]


def test_a_comment_excuse_in_a_console_block_is_neither_a_command_nor_expected_output():
    text = "```console\n$ docker ps\nCONTAINER ID   IMAGE\n# docktest ignore: unknown-command\n$ doccker ps\n```\n"
    assert check(text) == []
    (snippet,) = extract_page("p.md", text)
    assert [command.text for command in snippet.commands] == ["docker ps", "doccker ps"]
    assert [expected.lines for expected in snippet.expectations] == [(("CONTAINER ID   IMAGE", 3),)]


def test_the_front_matters_ignore_excuses_the_rule_in_every_block_and_is_reported_once_when_unused():
    page = "---\ndocktest:\n  ignore: [unknown-command, docker-usage]\n---\n" + bash("notesctl") + bash("sitetool")
    assert check(page) == ["p.md:3: warning: nothing here to excuse for 'docker-usage': remove it from the docktest "
                           "ignore [unused-ignore]"]


def test_findings_of_the_extraction_are_excused_too():
    code = "docker ps\nCONTAINER ID   IMAGE\ndocker images"
    assert check(bash(code)) and check(bash(code, "<!-- docktest ignore: output-in-script -->")) == []
    assert check("<!-- docktest ignore: unclosed-fence -->\n```bash\necho never closed\n") == []


def test_an_excuse_naming_no_rule_says_which_was_meant():
    assert check(bash("doccker ps", "<!-- docktest ignore: unknwon-command -->")) == [
        "p.md:1: warning: unknown rule 'unknwon-command' in a docktest ignore (did you mean 'unknown-command'?) "
        "[marker]",
        "p.md:3: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"]
    assert check(bash("true  # docktest ignore: everything"))[0].startswith(
        "p.md:2: warning: unknown rule 'everything' in a docktest ignore (rules: bash-syntax, unknown-command,")


def test_an_excuse_by_a_former_name_works():
    assert check(bash("docker imgaes  # docktest ignore: docker")) == []


def test_an_excuse_of_a_rule_that_did_not_look_is_not_called_unused():
    """A rule the site turned off, or shellcheck without --shellcheck, found nothing because it did not look."""
    text = bash("echo $HOME  # docktest ignore: shellcheck, stray-jamo")
    assert check(text, CheckSettings(disable=frozenset({"stray-jamo"}))) == []
    assert check(text) == ["p.md:2: warning: nothing here to excuse for 'stray-jamo': remove it from the docktest "
                           "ignore [unused-ignore]"]


def test_ignore_takes_rule_names():
    assert check(bash("true", "<!-- docktest\nignore: {a: 1}\n-->")) == [
        "p.md:2: warning: ignore takes rule names, e.g. `ignore: unknown-command` or "
        "`ignore: [unknown-command, docker-usage]` [marker]"]


# --- every format carries the severity -------------------------------------------------------------

FINDINGS = [Finding("docs/a.md", 3, "error", "unknown-command", "unknown command 'doccker'", "docker"),
            Finding("docs/a.md", 5, "warning", "stray-jamo", "stray Hangul jamo 'ㅋ' (a typo?)"),
            Finding("docs/a.md", 7, "note", "unbound-placeholder", "needs values to run: {이름}: add …")]


def test_text_shows_severity_and_rule():
    assert format_findings(FINDINGS, "text").splitlines() == [
        "docs/a.md:3: error: unknown command 'doccker' [unknown-command]",
        "docs/a.md:5: warning: stray Hangul jamo 'ㅋ' (a typo?) [stray-jamo]",
        "docs/a.md:7: note: needs values to run: {이름}: add … [unbound-placeholder]"]


def test_github_annotations_are_error_warning_and_notice():
    assert format_findings(FINDINGS, "github").splitlines() == [
        "::error file=docs/a.md,line=3,title=unknown-command::unknown command 'doccker'",
        "::warning file=docs/a.md,line=5,title=stray-jamo::stray Hangul jamo 'ㅋ' (a typo?)",
        "::notice file=docs/a.md,line=7,title=unbound-placeholder::needs values to run: {이름}: add …"]


def test_sarif_levels_and_rule_descriptions():
    run = json.loads(format_findings(FINDINGS, "sarif"))["runs"][0]
    assert [result["level"] for result in run["results"]] == ["error", "warning", "note"]
    assert run["tool"]["driver"]["rules"] == [
        {"id": name, "shortDescription": {"text": registry.BY_NAME[name].summary},
         "defaultConfiguration": {"level": registry.BY_NAME[name].severity}}
        for name in ("stray-jamo", "unbound-placeholder", "unknown-command")]


def test_json_has_a_severity_field():
    assert [f["severity"] for f in json.loads(format_findings(FINDINGS, "json"))["findings"]] == [
        "error", "warning", "note"]
