"""Image builds say what they are doing: chosen output lines as they come, and a line naming every running step
whenever stderr has been quiet too long, so a cold build never looks hung."""

from __future__ import annotations

import subprocess

import pytest
from conftest import wait_until

from docktest.sandbox.builder import Builder
from docktest.sandbox.docker import HostDocker


def test_follow_says_the_chosen_lines_and_returns_them_all(capsys: pytest.CaptureFixture[str]) -> None:
    builder = Builder(HostDocker(), progress=True)
    printed = "Step 1/2 : FROM base\nGet:1 http://deb.debian.org trixie InRelease\n\nStep 2/2 : CMD [\"node\"]\n"
    with subprocess.Popen(["printf", "%s", printed], stdout=subprocess.PIPE, text=True) as process:
        output = builder.follow(process, process.stdout, "node", said=lambda line: line.startswith("Step "))
    assert "".join(output) == printed
    said = [line.split("] ", 1)[1] for line in capsys.readouterr().err.splitlines()]
    assert said == ["  node: Step 1/2 : FROM base", '  node: Step 2/2 : CMD ["node"]']


def test_a_quiet_stretch_names_each_running_step_and_its_latest_line(capsys: pytest.CaptureFixture[str]) -> None:
    builder = Builder(HostDocker(), progress=True, quiet_limit_s=0.2)
    seen: list[str] = []

    def quiet_time_lines() -> list[str]:
        seen.extend(line.split("] ", 1)[1] for line in capsys.readouterr().err.splitlines())
        return [line for line in seen if line.startswith("  still ")]

    with builder.heartbeat(), builder.step("dind"), builder.step("node"):
        builder.doing("dind", "Unpacking docker.io (26.1.5) ...")
        still = wait_until("a quiet-time line", quiet_time_lines, lambda: seen, timeout_s=30)
    assert still[0] == "  still dind: Unpacking docker.io (26.1.5) ...; node: starting"
