"""Whole pages run for real, each in its own sandbox: the corrected notes, the original, and the runner's behaviours."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest import config
from docktest.run import runner
from docktest.extract.markdown import extract_page
from docktest.model import Result
from docktest.sandbox.launcher import Launcher

pytestmark = pytest.mark.docker  # runs pages in real sandboxes

ROOT = Path(__file__).resolve().parents[2]
SECTION02 = "docs/section02-images-containers.md"


@pytest.fixture(scope="module")
def launcher() -> Launcher:
    return runner.prepare(config.load())


def _run(page: str, launcher: Launcher, monkeypatch: pytest.MonkeyPatch) -> list[Result]:
    monkeypatch.chdir(ROOT)
    return runner.run_snippets(extract_page(page), (ROOT / page).parent, launcher, config.load())


def _by_line(results: list[Result]) -> dict[int, Result]:
    return {result.line: result for result in results}


def test_corrected_section02_page_passes_completely(launcher: Launcher, monkeypatch: pytest.MonkeyPatch) -> None:
    results = _run(SECTION02, launcher, monkeypatch)
    commands = [c for s in extract_page(str(ROOT / SECTION02)) for c in s.commands]
    assert [r.line for r in results] == [c.line for c in commands]
    problems = [f"{r.path}:{r.line}: {r.status} {r.command}\n{r.output}" for r in results if r.status != "passed"]
    assert problems == []
    lines = {r.command: r for r in results}
    assert "Welcome to Node.js" in lines["docker run -it node"].output
    assert lines["docker run -it node"].exit_code == 0
    rng = [r for r in results if r.command in ("docker run -it section02-rng", "docker start -ai {컨테이너 이름}")]
    for result in rng:  # the random-number app received both numbers and printed one between them
        printed = [line for line in result.output.splitlines() if line.strip().isdigit()]
        assert printed and 1 <= int(printed[-1]) <= 10, result.output


def test_original_notes_fail_at_line_16_with_command_not_found(cli_run) -> None:
    # The runner's results of the run test_run_cli reads (`docktest run`, once per session): one run, both views.
    results = _by_line(cli_run("tests/fixtures/section02-original.md").results)
    typo = results[16]
    assert (typo.path, typo.status, typo.exit_code) == ("tests/fixtures/section02-original.md", "failed", 127)
    assert "doccker: command not found" in typo.output
    assert results[13].status == "passed"  # the pull before it worked, and the page went on after it
    assert results[19].status == "passed"


def test_runner_behaviours(cli_run) -> None:
    page = "tests/fixtures/run-behaviours.md"
    results = _by_line(cli_run(page).results)  # the run test_run_cli reads too
    text = (ROOT / page).read_text().splitlines()
    line = {t: n for n, t in enumerate(text, start=1)}
    assert results[line['echo "$GREETING from $PWD"']].output == "hello from /tmp\n"
    assert results[line["greet you"]].output == "greet-you\n"
    failed = [r.line for r in results.values() if r.status == "failed"]
    assert failed == [line["false"], line["ls /no/such/folder"]]
    assert results[line["echo still-running"]].status == "passed"
    assert results[line["sh -c 'exit 3'"]].status == "passed"
    assert results[line['echo "hello {이름}"']].output == "hello world\n"
    skipped = results[line["nvidia-smi"]]
    assert (skipped.status, skipped.message) == ("skipped", "skipped: needs a GPU, which the sandbox does not have")
    hung = results[line["sleep 30"]]
    assert (hung.status, hung.exit_code) == ("timeout", None)
    assert hung.duration_s < 15
    assert results[line["echo after-the-hang"]].output == "after-the-hang\n"


def test_containers_terminals_and_follow_commands(launcher: Launcher, monkeypatch: pytest.MonkeyPatch) -> None:
    page = "tests/fixtures/run-containers.md"
    results = _run(page, launcher, monkeypatch)
    by_command = {r.command.split("\n")[0]: r for r in results}
    assert [r for r in results if r.status != "passed"] == []
    follow = by_command["docker logs -f ticker"]
    assert "tick" in follow.output and follow.message.startswith("follow-style")
    assert by_command["docker ps --filter name=ticker --format '{{.Names}} {{.Status}}'"].output.startswith("ticker Up")
    repl = by_command["docker run -it --name repl python"]
    assert "42" in repl.output and repl.exit_code == 0
    assert by_command["docker inspect --format '{{.State.ExitCode}}' repl"].output == "0\n"
    missing = by_command["docker pull no-such-image-anywhere:1"]
    assert missing.exit_code == 1 and missing.duration_s < 20
