"""Issue 8's check holes: wrapped docker commands, prompts in script blocks, workdirs outside the docs, SARIF uris."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from docktest.adapters.cli import main
from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.report.formats import format_findings

ROOT = Path(__file__).resolve().parents[2]
IMGAES = "error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"


def check(text: str) -> list[str]:
    return format_findings(check_page("p.md", text, extract_page("p.md", text)), "text").splitlines()


def bash(code: str, marker: str = "") -> str:
    return f"{marker}\n```bash\n{code}\n```\n" if marker else f"```bash\n{code}\n```\n"


@pytest.mark.parametrize("code", [
    "sudo docker imgaes", "sudo -u root -E docker imgaes", "sudo -- docker imgaes", "time docker imgaes",
    "time -p docker imgaes", "env FOO=1 docker imgaes", "env -i -u HOME docker imgaes", "command docker imgaes",
    "exec docker imgaes", "nohup docker imgaes", "xargs -n 1 docker imgaes", "watch -n 1 docker imgaes",
    "watch -d docker imgaes", "timeout 5 docker imgaes", "timeout -s KILL 5 docker imgaes", "nice -n 10 docker imgaes", '"docker" imgaes',
    "\\docker imgaes", "'docker' imgaes", "sudo env A=1 nohup docker imgaes", "echo x | sudo docker imgaes",
    # short options combined as getopt reads them: the last one takes the next word, or the rest of its own
    "sudo -Hu paperless docker imgaes", "sudo -iu postgres docker imgaes", "sudo -uapp docker imgaes",
    "sudo -Eu app -g docker docker imgaes",
])
def test_wrapped_docker_commands_are_checked(code):
    assert check(bash(code)) == [f"p.md:2: {IMGAES}"]


def test_wrapped_unknown_command_is_named():
    assert check(bash("sudo doccker ps")) == [
        "p.md:2: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"]
    # paperless-ngx's setup page: the user's name is `-u`'s value, the command after it is still checked
    assert check(bash("sudo -Hu paperless doccker ps")) == [
        "p.md:2: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"]


@pytest.mark.parametrize("code", [
    "sudo docker ps", "sudo -v", "sudo -i", "docker ps -q | xargs docker rm", "docker ps -q | xargs -r docker stop",
    "command -v docker", "type docker", "watch 'docker ps'", "env", "time", "exec 3>&1", "nohup docker run -d node",
    "sudo -u nobody env PATH=/bin ls", "timeout 5s docker logs -f web", "env -- docker ps",
    "sudo -s", "sudo -iu postgres", "sudo -Hu paperless ls -la",
])
def test_wrappers_give_no_false_positives(code):
    assert check(bash(code)) == []


@pytest.mark.parametrize("code, program", [
    ("sudo -Hu paperless python3 manage.py migrate", "python3"), ("sudo -iu postgres psql", "psql")])
def test_combined_sudo_options_leave_the_user_out_of_the_command(code, program):
    """The user's name is `-u`'s value (it was read as the command: unknown command 'paperless')."""
    assert [line.split(" is a real")[0] for line in check(bash(code))] == [f"p.md:2: note: '{program}'"]


def test_prompt_transcript_in_a_bash_block_is_checked():
    text = "```bash\n$ docker imgaes\nREPOSITORY   TAG\n```\n"
    assert check(text) == [f"p.md:2: {IMGAES}"]


def test_prompt_in_the_middle_of_a_script_block_is_an_error():
    text = "```bash\necho a\n$ docker imgaes\n```\n"
    assert check(text) == ["p.md:3: error: a `$ ` prompt inside a script block: drop the `$ `, "
                           "or start the block with it to make the whole block a transcript [prompt-in-script]"]


def test_syntax_error_at_the_end_points_at_the_last_code_line():
    assert check(bash("echo hi\nif true; then\n  echo x")) == [
        "p.md:4: error: bash syntax error: syntax error: unexpected end of file [bash-syntax]"]


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "examples" / "rng").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    return docs


def _check_file(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return format_findings(check_page(page.as_posix(), text, extract_page(page.as_posix(), text)), "text").splitlines()


@pytest.mark.parametrize("workdir", ["../../../../etc", "../..", "../../x"])
def test_workdir_outside_the_docs_folder_is_refused(tmp_path, workdir):
    docs = _docs(tmp_path)
    page = docs / "guide" / "p.md"
    page.write_text(bash("ls", f"<!-- docktest\nworkdir: {workdir}\n-->"), encoding="utf-8")
    assert _check_file(page) == [f"{page.as_posix()}:4: warning: workdir '{workdir}' is outside the docs folder "
                                 f"{docs.as_posix()}: example folders live under it [marker]"]


def test_workdir_through_a_symlink_out_of_the_docs_is_refused(tmp_path):
    docs = _docs(tmp_path)
    (docs / "examples" / "etc").symlink_to("/etc")
    page = docs / "p.md"
    page.write_text(bash("ls", "<!-- docktest\nworkdir: examples/etc\n-->"), encoding="utf-8")
    assert _check_file(page) == [f"{page.as_posix()}:4: warning: workdir 'examples/etc' is outside the docs folder "
                                 f"{docs.as_posix()}: example folders live under it [marker]"]


def test_workdir_up_and_back_inside_the_docs_is_fine(tmp_path):
    docs = _docs(tmp_path)
    page = docs / "guide" / "p.md"
    page.write_text(bash("ls", "<!-- docktest\nworkdir: ../examples/rng\n-->"), encoding="utf-8")
    assert _check_file(page) == []


def test_sarif_uris_are_percent_encoded(tmp_path, capsys):
    page = tmp_path / "노트 #1.md"
    page.write_text(bash("doccker ps"), encoding="utf-8")
    assert main(["check", "--format", "sarif", str(page)]) == 1
    log = json.loads(capsys.readouterr().out)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    expected = page.as_posix().replace(" ", "%20").replace("#", "%23").replace("노트", "%EB%85%B8%ED%8A%B8")
    assert location["artifactLocation"]["uri"] == expected


def test_empty_marker_value_through_the_cli_is_one_line(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("<!-- docktest\nskip:\n-->\n```bash\ntrue\n```\n", encoding="utf-8")
    for command in ("check", "extract"):
        proc = subprocess.run([sys.executable, "-m", "docktest", command, str(page)], capture_output=True,
                              text=True, timeout=120, cwd=ROOT)
        assert "Traceback" not in proc.stderr
    assert proc.returncode == 0
    check_proc = subprocess.run([sys.executable, "-m", "docktest", "check", str(page)], capture_output=True,
                                text=True, timeout=120, cwd=ROOT)
    # a marker problem is a warning (the page is wrong, its commands are not): it fails `check --strict` only
    assert (check_proc.returncode, check_proc.stdout) == (
        0, f"{page}:2: warning: skip needs a reason: write `skip: <why this block is not run>` [marker]\n")
    strict = subprocess.run([sys.executable, "-m", "docktest", "check", "--strict", str(page)], capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    assert (strict.returncode, strict.stdout) == (1, check_proc.stdout)
