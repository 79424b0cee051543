"""One failure, the same words in every format: the text report, JUnit and the pytest plugin's failure."""

from __future__ import annotations

from types import SimpleNamespace
from xml.etree import ElementTree

from docktest.adapters.pytest_plugin import CommandFailed, CommandItem
from docktest.model import Result
from docktest.report.formats import format_results

FAILED = Result("docs/a.md", 4, "doccker ps", "failed", 127, 0.1, "bash: doccker: command not found\n",
                hint="unknown command 'doccker' (did you mean 'docker'?)",
                diff="--- docs/a.md:5 (the page)\n+++ output\n-CONTAINER ID\n+bash: doccker: command not found")
HEADING = "docs/a.md:4: failed: doccker ps"
REASON = ("exit status 127, expected 0; output differs from the page; "
          "static check: unknown command 'doccker' (did you mean 'docker'?)")
BODY = ["--- docs/a.md:5 (the page)", "+++ output", "-CONTAINER ID", "+bash: doccker: command not found",
        "--- output ---", "bash: doccker: command not found"]


def test_text_junit_and_pytest_word_a_failure_alike() -> None:
    text = format_results([FAILED], "text").splitlines()
    assert text[0] == f"{HEADING} ({REASON})"
    assert [line.removeprefix("    ") for line in text[1:-1]] == BODY

    failure = ElementTree.fromstring(format_results([FAILED], "junit")).find("testsuite/testcase/failure")
    assert failure.get("message") == f"docs/a.md:4: {REASON}"
    assert failure.text.splitlines() == BODY

    shown = CommandItem.repr_failure(None, SimpleNamespace(value=CommandFailed(FAILED)))
    assert shown.splitlines() == [HEADING, REASON, *BODY]


def test_a_failure_without_a_diff_shows_its_output_unlabelled_everywhere() -> None:
    failed = Result("docs/a.md", 5, "false", "failed", 1, 0.1, "nope\n")
    assert format_results([failed], "text").splitlines()[:2] == [
        "docs/a.md:5: failed: false (exit status 1, expected 0)", "    nope"]
    assert ElementTree.fromstring(format_results([failed], "junit")).find("testsuite/testcase/failure").text == "nope\n"
    assert CommandItem.repr_failure(None, SimpleNamespace(value=CommandFailed(failed))) == (
        "docs/a.md:5: failed: false\nexit status 1, expected 0\nnope")
