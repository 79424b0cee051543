"""Extraction: which blocks, their exact file lines, their commands as bash parses them, their marker options."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest.extract.markdown import extract_page, find_pages, parse_page
from docktest.model import Command, UsageError

FIXTURES = Path(__file__).parents[1] / "fixtures"
ORIGINAL = str(FIXTURES / "section02-original.md")
TRICKY = str(FIXTURES / "extract-tricky.md")


def test_original_notes_blocks_and_lines():
    snippets = extract_page(ORIGINAL)
    assert [(s.start_line, s.end_line, s.lang) for s in snippets] == [
        (12, 22, "bash"), (53, 55, "bash"), (75, 80, "bash"), (86, 90, "bash"), (113, 113, "bash")]
    assert snippets[0].commands == (
        Command(13, "docker pull node:latest"), Command(16, "doccker run node"),
        Command(19, "docker ps -a"), Command(22, "docker run -it node"))
    assert snippets[3].commands == (Command(87, 'docker rm $(docker ps -aq -f "status=exited")'),
                                    Command(90, "docker image prune"))
    assert snippets[0].id == f"{Path(ORIGINAL).as_posix()}#1" and snippets[4].id.endswith("#5")


def test_tricky_page_every_container_and_fence_kind():
    snippets = extract_page(TRICKY)
    lines = Path(TRICKY).read_text(encoding="utf-8").split("\n")
    assert [s.code.split("\n")[0] for s in snippets] == [
        "echo tilde", "echo four backticks", "echo list-two", "echo list-three", "echo list-four",
        "echo admonition", "echo collapsed", "echo open-collapsible", "echo tab-linux", "echo tab-mac",
        "echo quoted", "$ docker ps -a", 'read -r answer && echo "$answer"', "cat <<'EOF' > hello.txt",
        "read -r reply"]
    for snippet in snippets:  # start_line is the file line holding the first code line
        assert snippet.code.split("\n")[0].strip() in lines[snippet.start_line - 1]
    assert snippets[9].code == 'echo tab-mac\n=== "not a tab"\n'  # the tab rewrite never reaches code
    assert [s.lang for s in snippets][:5] == ["bash", "sh", "bash", "shell", "zsh"]


def test_tricky_page_commands_heredoc_continuation_chain():
    last = extract_page(TRICKY)[13]
    start = last.start_line
    assert last.commands == (
        Command(start, "cat <<'EOF' > hello.txt\nhello\nEOF"),
        Command(start + 3, 'printf "%s\\n" a \\\n  b'),
        Command(start + 5, "true && false || echo chained"),
        Command(start + 5, "echo after"))


def test_console_commands_are_dollar_lines_with_continuations():
    console = extract_page(TRICKY)[11]
    assert console.lang == "console"
    assert console.commands == (Command(console.start_line, "docker ps -a"),
                                Command(console.start_line + 2, "echo one \\\ntwo"))


def test_markers_page_values_under_block_values():
    snippets = extract_page(TRICKY)
    assert snippets[0].options == {"timeout": 30}
    assert snippets[12].options == {"timeout": 30, "stdin": "y\n"}
    assert snippets[14].options == {"timeout": 30, "stdin": "n\n"}  # a marker inside a list item


def test_marker_merge_and_placeholders():
    text = ("---\ndocktest:\n  placeholders:\n    a: 1\n  exit: 3\n---\n"
            "<!-- docktest\nexit: 0\nplaceholders: {b: two}\n-->\n```bash\necho {a} {b}\n```\n")
    (snippet,) = extract_page("p.md", text)
    assert snippet.options == {"exit": 0, "placeholders": {"a": "1", "b": "two"}}
    assert snippet.start_line == 12


@pytest.mark.parametrize("marker, line, message, suggestion", [
    ("<!-- docktest\nstdn: x\n-->", 2, "unknown docktest marker key 'stdn' (did you mean 'stdin'?)", "stdin"),
    ("<!-- docktest skip: '' -->", 1, "skip needs a reason: write `skip: <why this block is not run>`", None),
    ("<!-- docktest\ntimeout: -1\n-->", 2, "timeout must be a positive number of seconds, not -1", None),
    ("<!-- docktest\nexit: [\n-->", 3, "docktest marker is not valid YAML: expected the node content, but found '<stream end>'",
     None),
])
def test_marker_problems_are_findings_at_their_line(marker, line, message, suggestion):
    page = parse_page("p.md", f"{marker}\n```bash\ntrue\n```\n")
    (finding,) = page.findings
    assert (finding.line, finding.message, finding.suggestion, finding.rule) == (line, message, suggestion, "marker")


def test_marker_without_shell_fence_is_a_finding():
    page = parse_page("p.md", "text\n\n<!-- docktest\nstdin: x\n-->\n```python\npass\n```\n")
    assert [(f.line, f.message.split(" (")[0]) for f in page.findings] == [
        (3, "docktest marker is not right before a shell code block")]


def test_crlf_bom_tabs_and_korean_file_name(tmp_path):
    page = tmp_path / "노트 페이지.md"
    page.write_bytes("\ufeff# 제목\r\n\r\n```bash\r\necho\t하나 \\\r\n  둘\r\n```\r\n".encode("utf-8"))
    (snippet,) = extract_page(str(page))
    assert (snippet.start_line, snippet.end_line) == (4, 5)
    assert snippet.code == "echo\t하나 \\\n  둘\n"
    assert snippet.commands == (Command(4, "echo\t하나 \\\n  둘"),)
    assert snippet.id == f"{page.as_posix()}#1"


def test_front_matter_lines_count(tmp_path):
    text = "---\ntitle: x\n---\n\n```sh\nls\n```\n"
    (snippet,) = extract_page("p.md", text)
    assert snippet.start_line == 6 and snippet.commands == (Command(6, "ls"),)


def test_non_shell_and_indented_code_are_not_extracted():
    text = "```python\nprint()\n```\n\n    echo indented\n\n```\nno language\n```\n"
    assert extract_page("p.md", text) == []


def test_find_pages(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.md").write_text("x")
    (tmp_path / "c.md").write_text("y")
    (tmp_path / "d.txt").write_text("z")
    assert find_pages([str(tmp_path)]) == [tmp_path / "a" / "b.md", tmp_path / "c.md"]
    with pytest.raises(UsageError, match="no such file"):
        find_pages([str(tmp_path / "missing.md")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no Markdown"):
        find_pages([str(tmp_path / "empty")])


def test_non_utf8_page_is_a_usage_error_naming_the_path(tmp_path):
    page = tmp_path / "latin1.md"
    page.write_bytes("caf\xe9\n".encode("latin-1"))
    with pytest.raises(UsageError, match=r"latin1\.md: not UTF-8"):
        extract_page(str(page))
