"""A block that lists docker commands to look up (issue 16): most of its commands lack arguments, so those are one
`command-list` warning each, not errors; unknown commands and flags there stay errors, and so does a missing argument
in a block that runs commands, or in a transcript."""

from __future__ import annotations

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page

CHEAT_SHEET = """```bash
# 네트워크 관리
docker network create/ls/rm/inspect
docker network connect/disconnect
# 포트 매핑
docker port
```
"""


def findings(text: str) -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.rule) for f in check_page("p.md", text, extract_page("p.md", text))]


def test_a_list_of_commands_without_arguments_is_a_warning_per_command():
    assert findings(CHEAT_SHEET) == [(3, "warning", "command-list"), (4, "warning", "command-list"),
                                     (6, "warning", "command-list")]
    (first, *_) = check_page("p.md", CHEAT_SHEET, extract_page("p.md", CHEAT_SHEET))
    assert first.message == ("'docker network create/ls/rm/inspect' lists alternatives: docker takes one of create, ls, "
                             "rm, inspect: this block lists commands; fill in their arguments before running them")


def test_in_such_a_list_a_typo_stays_an_error():
    text = CHEAT_SHEET.replace("docker port", "docker port\ndocker netwrk ls\ndocker network create/lss")
    assert (7, "error", "docker-usage") in findings(text)
    assert (8, "error", "docker-usage") in findings(text)


def test_a_missing_argument_among_commands_that_run_stays_an_error():
    text = "```bash\ndocker network create app\ndocker run -d --network app nginx\ndocker port\n```\n"
    assert findings(text) == [(4, "error", "docker-usage")]


def test_a_transcript_is_never_a_list():
    text = "```console\n$ docker network create\n$ docker port\n```\n"
    assert [rule for _, _, rule in findings(text)] == ["docker-usage", "docker-usage"]


# heldout-12 (yeasy's Docker book): a cheat-sheet line among commands that run, alternatives spaced out or not
RUNS = "```bash\ndocker tag source:tag target:tag\ndocker push registry/image:tag\n{}\ndocker rm container\n```\n"


def test_alternatives_among_commands_that_run_are_notation_a_warning():
    assert findings(RUNS.format("docker stop/start/restart container")) == [(4, "warning", "command-list")]
    assert findings(RUNS.format("docker volume / network / service")) == [(4, "warning", "command-list")]


def test_alternatives_with_a_typo_among_them_stay_an_error():
    assert findings(RUNS.format("docker stop/strat/restart container")) == [(4, "error", "docker-usage")]
    assert findings(RUNS.format("docker volume / netwrok")) == [(4, "error", "docker-usage")]
