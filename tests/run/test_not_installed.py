"""A real program the sandbox lacks fails its command with a reason of its own, not as a typo would."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest import config
from docktest.extract.markdown import extract_page
from docktest.model import Result
from docktest.run import runner
from docktest.run.session import Outcome

MESSAGE = "not installed in the sandbox: jq; install it in the page, or mark the block `skip`"


@pytest.mark.parametrize("output, missing", [
    ("bash: line 1: kubectl: command not found\n", "kubectl"),
    ("sudo: helm: command not found\n", "helm"),
    ("bash: line 3: doccker: command not found\n", ""),  # a typo: the static check's hint says what it meant
    ("kubectl: command not found, says the script\n", ""),  # not bash's line
    ("bash: line 1: ll: command not found\n", ""),  # an alias: nothing to install, the static note says what to write
])
def test_status_127_names_a_real_program_only(output: str, missing: str) -> None:
    assert runner._not_installed(Outcome(127, output, 0.1)) == missing


def test_another_status_names_nothing() -> None:
    assert runner._not_installed(Outcome(1, "bash: line 1: kubectl: command not found\n", 0.1)) == ""


def test_the_reason_is_a_field_and_the_message_words_it() -> None:
    result = Result("p.md", 2, "jq --version", "failed", 127, 0.1, "bash: line 1: jq: command not found\n",
                    not_installed="jq")
    assert result.message == MESSAGE


@pytest.mark.docker
def test_a_page_using_a_program_the_sandbox_lacks(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("```bash\njq --version\nechoo hi\necho done\n```\n", encoding="utf-8")
    launcher = runner.prepare(config.load())
    try:
        results = runner.run_snippets(extract_page(str(page)), tmp_path, launcher, config.load())
    finally:
        launcher.close(wait=True)
    jq, typo, done = results
    assert (jq.status, jq.exit_code, jq.not_installed) == ("failed", 127, "jq")
    assert jq.message == MESSAGE
    assert (typo.status, typo.exit_code, typo.not_installed) == ("failed", 127, "")
    assert (done.status, done.output) == ("passed", "done\n")
