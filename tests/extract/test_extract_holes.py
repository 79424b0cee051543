"""Issue 8's extraction holes: blocks the site shows, transcripts, broken markers, unclosed fences, page discovery."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from docktest.extract import markers, scripts
from docktest.extract.markdown import extract_page, find_pages, parse_page
from docktest.model import Command, UsageError
from docktest.report.formats import finding_line


def lines(page) -> list[str]:
    return [finding_line(f) for f in page.findings]


@pytest.mark.parametrize("text, line", [
    ("<div markdown>\n```bash\necho in-div\n```\n</div>\n", 3),
    ("<div>\n```bash\necho in-div\n```\n</div>\n", 3),
    ("<details>\n<summary>보기</summary>\n```bash\necho in-div\n```\n</details>\n", 4),
    ("# 제목\n\n<details markdown>\n<summary>보기</summary>\n\n```sh\necho in-div\n```\n\n</details>\n", 7),
])
def test_fence_inside_an_html_container_is_extracted_at_its_line(text, line):
    (snippet,) = extract_page("p.md", text)
    assert (snippet.start_line, snippet.code) == (line, "echo in-div\n")
    assert snippet.commands == (Command(line, "echo in-div"),)


def test_marker_inside_an_html_container_applies_to_its_fence():
    text = "<div markdown>\n<!-- docktest skip: 예시 -->\n```bash\necho x\n```\n</div>\n"
    (snippet,) = extract_page("p.md", text)
    assert snippet.options == {"skip": "예시"} and snippet.start_line == 4


def test_commented_out_fence_is_not_extracted():
    assert extract_page("p.md", "<!--\n```bash\nrm -rf /\n```\n-->\n") == []


def test_shell_session_is_a_transcript_like_console():
    (snippet,) = extract_page("p.md", "```shell-session\n$ docker ps -a\nCONTAINER ID\n$ echo hi\nhi\n```\n")
    assert snippet.lang == "shell-session"
    assert snippet.commands == (Command(2, "docker ps -a"), Command(4, "echo hi"))


@pytest.mark.parametrize("lang", ["bash", "sh", "shell", "zsh"])
def test_shell_block_with_prompts_is_a_transcript(lang):
    text = f"```{lang}\n# 이미지 목록\n$ docker imgaes\nREPOSITORY   TAG\n$ echo one \\\n> two\n```\n"
    (snippet,) = extract_page("p.md", text)
    assert snippet.commands == (Command(3, "docker imgaes"), Command(5, "echo one \\\ntwo"))


def test_transcript_script_holds_only_its_commands():
    (snippet,) = extract_page("docs/p.md", "```bash\n$ docker ps\nCONTAINER ID\n$ echo hi\nhi\n```\n")
    assert scripts.script(snippet).split("\n")[2:] == ["docker ps", "echo hi", ""]


def test_shell_block_without_prompts_is_a_script():
    (snippet,) = extract_page("p.md", "```bash\necho $HOME\necho $ x\n```\n")
    assert snippet.commands == (Command(2, "echo $HOME"), Command(3, "echo $ x"))


@pytest.mark.parametrize("text, expected", [
    ("<!-- docktest\nskip:\n-->\n```bash\ntrue\n```\n",
     "p.md:2: warning: skip needs a reason: write `skip: <why this block is not run>` [marker]"),
    ("<!-- docktest skip: -->\n```bash\ntrue\n```\n",
     "p.md:1: warning: skip needs a reason: write `skip: <why this block is not run>` [marker]"),
    ("---\ndocktest:\n  skip:\n---\n```bash\ntrue\n```\n",
     "p.md:3: warning: skip needs a reason: write `skip: <why this block is not run>` [marker]"),
    ("<!-- docktest\nstdin:\n-->\n```bash\ntrue\n```\n", "p.md:2: warning: stdin must be a string, not null [marker]"),
    ("---\ndocktest:\n---\n```bash\ntrue\n```\n", None),
    ("<!-- docktest\nworkdir: ~\n-->\n```bash\ntrue\n```\n", "p.md:2: warning: workdir must be a string, not null [marker]"),
])
def test_empty_marker_values_are_findings_not_crashes(text, expected):
    page = parse_page("p.md", text)
    assert lines(page) == ([expected] if expected else [])
    assert len(page.snippets) == 1


@pytest.mark.parametrize("body, message", [
    ("stdin: !!python/object:os.system x",
     "stdin is not a value docktest can read: could not determine a constructor for th…"),
    ("timeout: !!float abc", "timeout is not a value docktest can read: could not convert string to float: 'abc'"),
    ("stdin: !!timestamp 2020-13-45", "stdin is not a value docktest can read: month must be in 1..12"),
    ("placeholders: {? [a]: 1}", "placeholders is not a value docktest can read: found unhashable key"),
    ("? [1]: x", "docktest marker keys are plain words (skip, stdin, workdir, exit, timeout, placeholders, output, "
                 "ignore, file)"),
    ("timeout: .inf", "timeout must be a positive number of seconds, not inf"),
])
def test_values_the_safe_loader_refuses_are_findings(body, message):
    page = parse_page("p.md", f"<!-- docktest\n{body}\n-->\n```bash\ntrue\n```\n")
    assert lines(page) == [f"p.md:2: warning: {message} [marker]"]


def test_alias_bomb_is_refused_quickly_with_a_short_message():
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        bomb.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]")
    text = "<!-- docktest\n" + "\n".join(bomb) + "\nplaceholders: *l\n-->\n```bash\ntrue\n```\n"
    page = parse_page("p.md", text)
    assert lines(page) == ["p.md:1: warning: docktest marker expands to more than 1000 YAML values "
                           "(an alias bomb?): keep markers small [marker]"]


def test_oversized_marker_is_refused():
    text = "<!-- docktest\nstdin: '" + "x" * 20_000 + "'\n-->\n```bash\ntrue\n```\n"
    assert lines(parse_page("p.md", text)) == [
        "p.md:1: warning: docktest marker is 20011 bytes long; at most 16384 are read [marker]"]


def test_long_wrong_values_are_not_repeated_in_full():
    text = "<!-- docktest\ntimeout: '" + "y" * 500 + "'\n-->\n```bash\ntrue\n```\n"
    (finding,) = parse_page("p.md", text).findings
    assert finding.message == "timeout must be a positive number of seconds, not '" + "y" * 39 + "…"


def test_unclosed_fence_at_end_of_file_is_a_warning_at_its_opening_line():
    page = parse_page("p.md", "# 제목\n\n```bash\necho never closed\n")
    assert lines(page) == ["p.md:3: warning: this code block is never closed: add a closing ``` line "
                           "(the site shows it as plain text) [unclosed-fence]"]
    assert [s.start_line for s in page.snippets] == [4]


def test_closed_fences_give_no_warning():
    assert lines(parse_page("p.md", "```bash\necho a\n```\n\n~~~~sh\necho b\n~~~~")) == []


@pytest.mark.parametrize("comment, expected", [
    ("<!-- DOCKTEST skip: x -->", "p.md:1: warning: 'DOCKTEST' is not a docktest marker (did you mean 'docktest'?) [marker]"),
    ("<!-- dockertest\nskip: x\n-->", "p.md:1: warning: 'dockertest' is not a docktest marker (did you mean 'docktest'?) [marker]"),
    ("<!-- Docktest: skip -->", "p.md:1: warning: 'Docktest' is not a docktest marker (did you mean 'docktest'?) [marker]"),
])
def test_misspelt_marker_gets_a_did_you_mean_warning(comment, expected):
    page = parse_page("p.md", f"{comment}\n```bash\ntrue\n```\n")
    assert lines(page) == [expected]


def test_ordinary_comments_are_not_markers():
    assert lines(parse_page("p.md", "<!-- docs test later -->\n<!-- TODO -->\n```bash\ntrue\n```\n")) == []


def test_a_top_site_folder_of_pages_is_no_built_site(tmp_path):
    # kubernetes-sigs/kind keeps its Hugo pages in site/: 21 of its 29 pages went unchecked, without a word
    (tmp_path / "site" / "content").mkdir(parents=True)
    (tmp_path / "site" / "content" / "quick-start.md").write_text("x")
    assert find_pages([str(tmp_path)]) == [tmp_path / "site" / "content" / "quick-start.md"]


def test_find_pages_skips_tool_folders(tmp_path):
    for folder in (".venv/lib", "node_modules/x", ".git", "site", "docs/site"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "README.md").write_text("x")
    (tmp_path / "site" / "index.html").write_text("<html>")  # a built site
    (tmp_path / "docs" / "a.md").write_text("y")
    assert find_pages([str(tmp_path)]) == [tmp_path / "docs" / "a.md", tmp_path / "docs" / "site" / "README.md"]
    named = tmp_path / "node_modules" / "x" / "README.md"
    assert find_pages([str(named)]) == [named]  # a page named outright is taken


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_is_a_usage_error(tmp_path):
    (tmp_path / "a.md").write_text("x")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        with pytest.raises(UsageError, match=r"locked: cannot read this folder"):
            find_pages([str(tmp_path)])
    finally:
        locked.chmod(0o755)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to drop to nobody")
def test_unreadable_folder_is_a_usage_error_for_an_ordinary_user():
    base = Path(tempfile.mkdtemp(prefix="docktest-unreadable-"))  # pytest's tmp_path is closed to other users
    try:
        base.chmod(0o755)
        (base / "a.md").write_text("x")
        (base / "locked").mkdir(mode=0o700)
        code = "import sys; from docktest.adapters.cli import main; sys.exit(main(['extract', sys.argv[1]]))"
        proc = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                               sys.executable, "-c", code, str(base)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr == f"docktest: error: {base / 'locked'}: cannot read this folder: Permission denied\n"
    finally:
        shutil.rmtree(base)


def test_resolve_workdir_for_the_runner(tmp_path):
    docs = tmp_path / "docs"
    (docs / "examples" / "rng").mkdir(parents=True)
    (docs / "examples" / "out").symlink_to(tmp_path)
    page = docs / "guide" / "p.md"
    page.parent.mkdir()
    assert markers.resolve_workdir(page, "../examples/rng", docs) == (docs / "examples" / "rng").resolve()
    assert markers.resolve_workdir(page, "../../..", docs) == (
        f"workdir '../../..' is outside the docs folder {docs.resolve().as_posix()}: example folders live under it")
    assert markers.resolve_workdir(page, "../examples/out", docs).startswith("workdir '../examples/out' is outside")
    assert markers.resolve_workdir(page, "../examples/gone", docs) == (
        f"workdir '../examples/gone' is not a folder next to {page.as_posix()}")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: 'docs'  # pages\n")
    assert markers.docs_root(page) == docs.resolve()


def test_code_points_that_crash_tree_sitter_bash_are_extracted_with_their_text():
    # In a child process: were the scanner reached with them, the crash would take the test process with it.
    code = "echo w{4\U000f7f12 \U000e0001{4 {\U0010ffff}\n"
    script = ("import json, sys\nfrom docktest.extract.markdown import extract_page\n"
              "(snippet,) = extract_page('p.md', sys.stdin.read())\n"
              "print(json.dumps([(c.line, c.text) for c in snippet.commands]))")
    done = subprocess.run([sys.executable, "-c", script], input=f"# 쪽\n\n```bash\n{code}```\n", capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == json.dumps([(4, code.rstrip())])
