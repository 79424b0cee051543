"""Unit tests of the runner's pure parts: how a command is driven, placeholder substitution, statuses."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from docktest import config
from docktest.extract.markdown import extract_page
from docktest.extract.placeholders import substitute
from docktest.run import runner, session
from docktest.run.classify import classify
from docktest.model import Command, FileBlock, Result, Snippet, UsageError


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("docker run -it node", "tty"),
        ("docker run -ti --rm node", "tty"),
        ("docker run -dit node", "tty"),
        ("docker container run --tty node", "tty"),
        ("docker exec -it web sh", "tty"),
        ("docker start -ai $(docker ps -lq)", "tty"),
        ("docker start -a -i rng", "tty"),
        ("docker attach web", "tty-follow"),
        ("docker logs -f web", "follow"),
        ("docker logs --follow web", "follow"),
        ("docker stats", "follow"),
        ("docker compose up", "follow"),
        ("docker compose logs -f", "follow"),
        ("docker run node", "plain"),
        ("docker run -d -p 3000:80 goals", "plain"),
        ("docker start web", "plain"),
        ("docker logs web", "plain"),
        ("docker stats --no-stream", "plain"),
        ("docker compose up -d", "plain"),
        ("docker build -t goals:latest .", "plain"),
        ("echo docker run -it  # not a docker command", "plain"),
        ("docker ps -a && docker run -it node", "tty"),
        ("echo 'unbalanced", "plain"),
        ("docker exec web ls -lt", "plain"),  # -t is ls's flag, not docker exec's
        ("sudo docker run -it node", "tty"),
    ],
)
def test_classify_picks_terminal_and_follow_commands(text: str, kind: str) -> None:
    assert classify(text) == kind


def test_placeholders_are_inserted_verbatim_in_both_spellings() -> None:
    values = {"컨테이너 이름": "$(docker ps -lq)", "이미지": "node"}
    assert substitute("docker start -ai {컨테이너 이름}", values).text == "docker start -ai $(docker ps -lq)"
    assert substitute("docker run <이미지> && docker rmi {이미지}", values).text == "docker run node && docker rmi node"
    assert substitute("docker ps {다른 것}", values).text == "docker ps {다른 것}"


def _snippet(**options: object) -> Snippet:
    return Snippet(id="p.md#1", path="p.md", start_line=3, end_line=4, lang="bash", code="x", options=dict(options))


def test_results_map_exit_status_timeout_and_follow_to_statuses() -> None:
    snippet = _snippet()
    passed = runner._result(snippet, 3, "true", session.Outcome(0, "", 0.1), 0, 60)
    failed = runner._result(snippet, 4, "false", session.Outcome(1, "boom\n", 0.1), 0, 60)
    expected = runner._result(snippet, 4, "exit 3", session.Outcome(3, "", 0.1), 3, 60)
    hung = runner._result(snippet, 5, "sleep 99", session.Outcome(None, "", 2.0, timed_out=True), 0, 2)
    followed = runner._result(snippet, 6, "docker logs -f x", session.Outcome(None, "tick\n", 3.0, followed=True), 0, 60)
    assert (passed.status, passed.exit_code, passed.line) == ("passed", 0, 3)
    assert (failed.status, failed.exit_code, failed.output, failed.message) == (
        "failed", 1, "boom\n", "exit status 1, expected 0")
    assert (expected.status, expected.message) == ("passed", "exited 3 as the `exit` marker expects")
    assert (hung.status, hung.exit_code) == ("timeout", None)
    assert hung.message.startswith("timed out after 2 s")
    assert (followed.status, followed.output) == ("passed", "tick\n")


def test_skipped_blocks_give_one_skipped_result_per_command_with_the_reason() -> None:
    from docktest.model import Command

    snippet = Snippet(id="p.md#2", path="p.md", start_line=9, end_line=10, lang="bash", code="a\nb",
                      commands=(Command(9, "a"), Command(10, "b")), options={"skip": "needs a GPU"})
    results = runner.run_snippets([snippet], page_dir=None, launcher=None, settings=None)  # no sandbox needed
    assert [(r.line, r.status, r.message) for r in results] == [
        (9, "skipped", "skipped: needs a GPU"), (10, "skipped", "skipped: needs a GPU")]


def test_terminal_output_is_cleaned_of_escapes_and_carriage_returns() -> None:
    assert session.clean("\x1b[1mbold\x1b[0m\r\nnext\r\n") == "bold\nnext\n"


def _results() -> list:
    from docktest.model import Result

    return [
        Result("docs/a.md", 3, "docker ps", "passed", 0, 0.2, "CONTAINER ID\n"),
        Result("docs/a.md", 4, "doccker run node", "failed", 127, 0.1, "bash: doccker: command not found\n"),
        Result("docs/a.md", 7, "sleep 99", "timeout", None, 2.0, "", timeout_s=2.0),
        Result("docs/b.md", 2, "nvidia-smi", "skipped", None, 0.0, "", skip_reason="no GPU"),
    ]


def test_text_report_lists_every_failure_with_output_and_a_tally() -> None:
    from docktest.report.formats import format_results

    assert format_results(_results(), "text") == (
        "docs/a.md:4: failed: doccker run node (exit status 127, expected 0)\n"
        "    bash: doccker: command not found\n"
        "docs/a.md:7: timeout: sleep 99 (timed out after 2 s and was killed (marker `timeout` changes the limit))\n"
        "1 passed, 1 failed, 1 timeout, 1 skipped\n")


def test_json_report_follows_the_contract() -> None:
    import json

    from docktest.report.formats import format_results

    data = json.loads(format_results(_results(), "json"))
    assert data["format"] == 2
    assert data["results"][1] == {"path": "docs/a.md", "line": 4, "command": "doccker run node", "status": "failed",
                                  "exit_code": 127, "duration_s": 0.1, "output": "bash: doccker: command not found\n",
                                  "message": "exit status 127, expected 0", "snippet_id": "", "expected_exit": 0,
                                  "skip_reason": "", "timeout_s": None, "detached": False, "cached_from": None,
                                  "error": "", "hint": "", "not_installed": "", "diff": "", "unavailable_image": "",
                                  "unverifiable_after": 0, "stand_ins": [], "waited_port": 0, "port_wait_s": 0.0,
                                  "engine": ""}
    assert data["results"][3]["skip_reason"] == "no GPU"


def test_junit_report_has_a_suite_per_page_and_a_case_per_command() -> None:
    from xml.etree import ElementTree

    from docktest.report.formats import format_results

    suites = ElementTree.fromstring(format_results(_results(), "junit"))
    assert [(s.get("name"), s.get("tests"), s.get("failures"), s.get("skipped")) for s in suites] == [
        ("docs/a.md", "3", "2", "0"), ("docs/b.md", "1", "0", "1")]
    failure = suites[0][1].find("failure")
    assert (suites[0][1].get("line"), failure.get("message")) == ("4", "docs/a.md:4: exit status 127, expected 0")
    assert failure.text == "bash: doccker: command not found\n"


def test_static_hints_join_the_failed_line_only() -> None:
    from docktest.model import Finding

    hinted = runner.with_static_hints(_results(), [
        Finding("docs/a.md", 4, "error", "unknown-command", "unknown command 'doccker' (did you mean 'docker'?)"),
        Finding("docs/a.md", 3, "error", "docker", "never shown: line 3 passed")])
    assert hinted[1].message == ("exit status 127, expected 0; static check: unknown command 'doccker' "
                                 "(did you mean 'docker'?)")
    assert hinted[0].message == ""


def test_a_note_is_a_hint_when_nothing_more_severe_is_said_of_the_line() -> None:
    from docktest.model import Finding

    hinted = runner.with_static_hints(_results(), [
        Finding("docs/a.md", 4, "note", "unbound-placeholder", "needs values to run: {이름}: add …"),
        Finding("docs/a.md", 4, "error", "unknown-command", "unknown command 'doccker' (did you mean 'docker'?)")])
    assert hinted[1].hint == "unknown command 'doccker' (did you mean 'docker'?)"
    noted = runner.with_static_hints(_results(), [
        Finding("docs/a.md", 4, "note", "unbound-placeholder", "needs values to run: {이름}: add …")])
    assert noted[1].hint == "needs values to run: {이름}: add …"
    unrun = [Result("docs/a.md", 4, "docker rm {이름}", "failed", None, 0.0, "", error="needs values to run: {이름}"),
             Result("docs/a.md", 5, "jq .", "failed", 127, 0.1, "bash: jq: command not found\n", not_installed="jq")]
    assert runner.with_static_hints(unrun, [
        Finding("docs/a.md", 4, "note", "unbound-placeholder", "needs values to run: {이름}"),
        Finding("docs/a.md", 5, "note", "not-in-sandbox", "'jq' is a real program but not in the sandbox")]) == unrun


def test_a_command_with_an_unbound_placeholder_fails_unrun_saying_what_it_needs(monkeypatch) -> None:
    """check calls an unbound placeholder a note; run cannot run it: the command fails without running, and the
    block's other commands run as usual."""
    ran = []

    def fake_run(sandbox, session, text, kind, stdin, timeout_s, follow_s):
        ran.append(text)
        return session_outcome

    session_outcome = session.Outcome(exit_code=0, output="", duration_s=0.1)
    monkeypatch.setattr(runner, "run_command", fake_run)
    (snippet,) = extract_page("p.md", "<!-- docktest placeholders: {이름: web} -->\n```bash\n"
                                      "docker start -ai {컨테이너 이름}\ndocker inspect <이미지> {이름}\ndocker ps\n```\n")
    results = list(runner._run_snippet(None, None, snippet, Path("."), config.load(mode="offline")))
    assert ran == ["docker ps"]
    assert [(r.line, r.status, r.message) for r in results] == [
        (3, "failed", "needs values to run: {컨테이너 이름}: add `placeholders: {컨테이너 이름: …}` to a docktest marker"),
        (4, "failed", "needs values to run: <이미지>: add `placeholders: {이미지: …}` to a docktest marker"),
        (5, "passed", "")]


def test_a_file_block_that_leaves_the_working_folder_fails_the_next_command_unrun(monkeypatch) -> None:
    """Never written (no sandbox is touched): the command that would use it fails saying which file and why; the
    block's other commands run."""
    ran = []
    monkeypatch.setattr(runner, "run_command", lambda sandbox, session_, text, *rest: ran.append(text) or
                        session.Outcome(exit_code=0, output="", duration_s=0.1))
    escaping = FileBlock("p.md", "../../etc/cron.d/job", "file", "text", 2, "* * * * * root true\n")
    (shown,) = extract_page("p.md", "\n\n\n```bash\ndocker build .\nls\n```\n")
    snippet = replace(shown, files=(escaping,))
    results = list(runner._run_snippet(None, None, snippet, Path("."), config.load(mode="offline")))
    assert ran == ["ls"]
    assert [(r.line, r.status, r.message) for r in results] == [
        (5, "failed", "the file block at line 1 ('../../etc/cron.d/job') was not written: file '../../etc/cron.d/job' "
                      "leaves the page's working folder ('..'): name a file inside it"),
        (6, "passed", "")]


def test_a_page_of_skipped_and_empty_blocks_needs_no_sandbox() -> None:
    skipped = Snippet("p.md#1", "p.md", 3, 3, "bash", "docker image prune -af\n",
                      (Command(3, "docker image prune -af"),), {"skip": "호스트를 지웁니다"})
    empty = Snippet("p.md#2", "p.md", 7, 7, "bash", "# 주석뿐\n", (), {})
    results = runner.run_snippets([skipped, empty], Path("."), launcher=None, settings=config.load())
    assert [(r.line, r.status, r.message) for r in results] == [(3, "skipped", "skipped: 호스트를 지웁니다")]


def test_an_unknown_mode_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKTEST_MODE", "bogus")
    with pytest.raises(UsageError, match="DOCKTEST_MODE must be 'offline' or 'online', not 'bogus'"):
        config.load()


@pytest.mark.parametrize("status, failing", [("passed", False), ("failed", True), ("timeout", True),
                                             ("skipped", False), ("unverifiable", False)])
def test_only_a_failure_or_a_timeout_fails_the_run(status, failing) -> None:
    assert Result("p.md", 1, "true", status, 0, 0.0, "").failing is failing
