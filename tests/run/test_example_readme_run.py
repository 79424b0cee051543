"""An example project's own README runs in its folder: the goals web app is built, run, asked and cleaned up."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest import config
from docktest.check.pages import read_checked
from docktest.extract.markdown import extract_page
from docktest.compare import expect
from docktest.run import runner

ROOT = Path(__file__).resolve().parents[2]
README = "docs/examples/goals/README.md"
ANSWER = '  <p id="goal">Docker 배우기!</p>'


def _curl_block():
    """The README's block that asks the app for its page, and what the README says the app answers."""
    (block,) = [s for s in extract_page(str(ROOT / README)) if s.code.startswith("$ curl -s http://localhost:3000/")]
    (expectation,) = block.expectations
    return block, [text for text, _ in expectation.lines]


def test_the_readme_checks_the_apps_answer_and_a_wrong_one_fails() -> None:
    _, expected = _curl_block()
    assert ANSWER in expected
    right = "".join(line + "\n" for line in expected)
    assert expect.match(expected, right, 1, README).ok
    assert not expect.match(expected, right.replace("Docker 배우기!", "다른 목표"), 1, README).ok


@pytest.mark.docker  # one page in a real sandbox: build, run -d -p 3000:80, curl, clean-up (~5 s with images built)
def test_the_goals_readme_runs_the_web_app_and_its_answer_is_checked(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    settings = config.load(root=tmp_path, cache=False, progress=False)
    results = runner.run_pages([read_checked(Path(README), settings.check)], settings)
    assert [(r.line, r.status, r.message) for r in results if r.status != "passed"] == []
    block, _ = _curl_block()
    (asked,) = [r for r in results if r.line == block.commands[0].line]
    assert ANSWER in asked.output.splitlines()  # and the whole answer matched the README's (else: failed)
    assert results[0].command == "docker build -t goals ." and results[-1].command == "docker rmi goals"
    assert all(r.engine for r in results)  # which Docker ran the page, asked once for the page
