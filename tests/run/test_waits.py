"""What ends each wait in a real sandbox: a follow that caught up or reached its bound, a program blocked reading
its stdin, a settled attach — each command's Outcome says which signal it was."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from docktest import config
from docktest.run import runner
from docktest.run.classify import classify
from docktest.run.command import run_command
from docktest.run.session import Outcome, Session

pytestmark = pytest.mark.docker  # a real Docker-in-Docker sandbox

# A bound far off, for the tests where the sandbox must settle first even on a loaded machine.
FAR_BOUND_S = 30.0
# Busy for SECONDS (runnable, unlike a sleep), then print LINE.
WORK = "import time\nt = time.time()\nwhile time.time() - t < {seconds}: pass\nprint('{line}', flush=True)\n"
# Then wait as an idle server does, on nothing but an event (a timer sleep would wake by itself: not settled).
IDLE = "import threading\nthreading.Event().wait()"


@pytest.fixture(scope="module")
def run() -> Iterator:
    """Run a command in one sandbox shared by this module's tests, as the runner would."""
    launcher = runner.prepare(config.load(progress=False))
    with launcher.open() as sandbox:
        runner._prepare_sandbox(sandbox, [], Path("."))
        session = Session(sandbox)

        def run_one(text: str, stdin: str = "", follow_s: float = FAR_BOUND_S) -> Outcome:
            return run_command(sandbox, session, text, classify(text), stdin, 60, follow_s)

        assert run_one("docker pull -q python:latest").exit_code == 0
        try:
            yield run_one
        finally:
            session.close()


def test_a_follow_that_caught_up_is_detached_with_what_it_printed(run) -> None:
    script = WORK.format(seconds=1, line="worked") + IDLE
    assert run(f'docker run -d --name late python python -c "{script}"').exit_code == 0
    follow = run("docker logs -f late")
    assert (follow.followed, follow.waits, follow.timed_out) == (True, ("settled",), False)
    assert "worked" in follow.output


def test_a_follow_that_keeps_printing_is_detached_at_its_bound(run) -> None:
    script = "import time\nwhile True: print('tick', flush=True); time.sleep(0.2)"
    assert run(f'docker run -d --name ticker python python -c "{script}"').exit_code == 0
    follow = run("docker logs -f ticker", follow_s=config.DEFAULT_FOLLOW_S)
    run("docker rm -f ticker")  # it would keep the shared sandbox from ever being still
    assert (follow.followed, follow.waits) == (True, ("bound",))
    assert follow.output.count("tick") > 3


def test_a_follow_of_a_logger_asleep_between_lines_is_not_caught_up(run) -> None:
    # Between its lines the logger sleeps on a timer and nothing runs, yet more is coming: watched to the bound.
    assert run("docker run -d --name slow python sh -c 'while :; do echo slow-tick; sleep 1; done'").exit_code == 0
    follow = run("docker logs -f slow", follow_s=config.DEFAULT_FOLLOW_S)
    run("docker rm -f slow")
    assert (follow.followed, follow.waits) == (True, ("bound",))
    assert follow.output.count("slow-tick") >= 2


def test_a_follow_that_ends_by_itself_is_an_ordinary_exit(run) -> None:
    script = WORK.format(seconds=1, line="done")
    assert run(f'docker run -d --name brief python python -c "{script}"').exit_code == 0
    follow = run("docker logs -f brief")
    assert (follow.exit_code, follow.followed, follow.waits) == (0, False, ())
    assert "done" in follow.output


def test_a_program_reading_its_stdin_after_a_silent_sleep_gets_its_line(run) -> None:
    outcome = run("docker run -it --rm python sh -c 'sleep 2; read x; echo got $x'", "hello\n")
    assert (outcome.exit_code, outcome.waits) == (0, ("reading",))
    assert "got hello" in outcome.output


def test_input_waits_for_a_read_not_for_quiet_after_output(run) -> None:
    # Quiet 0.5 s after `start` used to count as waiting: the line went in during the work, before `ready`.
    script = ("print('start', flush=True)\n" + WORK.format(seconds=1.5, line="ready")
              + "print('got', input())\nprint('and', input('more? '))")
    outcome = run(f'docker run -it --rm python python -c "{script}"', "one\ntwo\n")
    assert (outcome.exit_code, outcome.waits) == (0, ("reading", "reading"))
    lines = [line.strip() for line in outcome.output.splitlines()]
    assert lines[lines.index("start"):] == ["start", "ready", "one", "got one", "more? two", "and two"]


def test_an_attach_is_fed_when_the_sandbox_settles_and_detached_once_it_settles_after_end_of_input(run) -> None:
    script = WORK.format(seconds=0.5, line="up") + IDLE
    assert run(f'docker run -dit --name server python python -c "{script}"').exit_code == 0
    attached = run("docker attach server")
    assert (attached.followed, attached.timed_out, attached.waits) == (True, False, ("settled", "settled"))


def test_an_attached_shell_takes_its_lines_and_ends_with_end_of_input(run) -> None:
    assert run("docker run -dit --name shell python sh").exit_code == 0
    attached = run("docker attach shell", "echo attached-$((6 * 7))\n")
    assert (attached.exit_code, attached.followed) == (0, False)
    assert attached.waits[0] == "settled"  # the shell waited before the attach: only the settled sandbox tells
    assert "attached-42" in attached.output
