"""Results + snippets → block statuses, and the 검증 현황 page that lists them, without a build."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import datetime, timezone

import markdown
import pytest

from conftest import ROOT
from docktest.extract.markdown import extract_page
from docktest.model import Result
from docktest.report.status_page import code_span, page_statuses, short, status_page, title_of
from docktest.report.verification import BlockStatus, Run, block_statuses, page_key, read_run, rekey
from docktest.results_file import encode

# Three shell blocks (one titled, one with a skip marker, a console transcript) and a python block.
PAGE = (ROOT / "tests" / "fixtures" / "verification-page.md").read_text(encoding="utf-8")
PATH = "docs/page.md"


def _snippets():
    return extract_page(PATH, PAGE)


def _result(line: int, command: str, status: str = "passed", path: str = PATH, **fields) -> Result:
    defaults = {"exit_code": 0 if status == "passed" else None, "duration_s": 0.1, "output": ""}
    return Result(path, line, command, status, **{**defaults, **fields})


def _all(snippets, status: str = "passed") -> list[Result]:
    return [_result(c.line, c.text, status) for s in snippets for c in s.commands]


def test_the_fixture_page_has_three_shell_blocks_with_their_lines():
    snippets = _snippets()
    assert [(s.start_line, [c.line for c in s.commands]) for s in snippets] == [
        (4, [4, 5]), (12, [12]), (20, [20, 22])]


def test_all_passed_is_verified():
    snippets = _snippets()
    statuses = block_statuses(snippets, _all(snippets))
    assert [(s.state, s.line) for s in statuses] == [("verified", 4), ("verified", 12), ("verified", 20)]


def test_first_failing_command_gives_the_line_and_the_reason():
    snippets = _snippets()
    results = _all(snippets)
    results[0] = _result(4, "docker pull node:latest", "failed", exit_code=1)
    results[1] = _result(5, "docker run node", "timeout", timeout_s=60.0)
    first = block_statuses(snippets, results)[0]
    assert (first.state, first.line, first.command, first.reason) == (
        "failed", 4, "docker pull node:latest", "종료 코드 1 (기대 0)")


def test_a_timeout_fails_its_block_even_after_passed_commands():
    snippets = _snippets()
    results = _all(snippets)
    results[1] = _result(5, "docker run node", "timeout", exit_code=None)
    status = block_statuses(snippets, results)[0]
    assert (status.state, status.line, status.reason) == ("failed", 5, "시간 초과")


def test_a_failure_without_message_names_the_exit_status():
    snippets = _snippets()
    results = _all(snippets)
    results[-1] = _result(22, "docker images | grep '*' | wc -l", "failed", exit_code=2)
    assert block_statuses(snippets, results)[2].reason == "종료 코드 2 (기대 0)"


def test_skipped_reason_comes_from_the_result_message_without_its_prefix():
    snippets = _snippets()
    results = _all(snippets)
    results[2] = _result(12, "docker rm -f $(docker ps -aq)", "skipped", skip_reason="컨테이너를 모두 지움")
    status = block_statuses(snippets, results)[1]
    assert (status.state, status.reason) == ("skipped", "컨테이너를 모두 지움")


def test_skipped_reason_falls_back_to_the_skip_marker():
    snippets = _snippets()
    results = _all(snippets)
    results[2] = _result(12, "docker rm -f $(docker ps -aq)", "skipped")
    assert block_statuses(snippets, results)[1].reason == "호스트의 컨테이너를 지웁니다"


def test_a_command_without_result_leaves_its_block_unverified():
    snippets = _snippets()
    results = _all(snippets)
    del results[1]
    assert [s.state for s in block_statuses(snippets, results)] == ["unverified", "verified", "verified"]


def test_a_failure_wins_over_a_missing_result():
    snippets = _snippets()
    results = _all(snippets)[2:]
    results.append(_result(5, "docker run node", "failed", exit_code=125))
    assert block_statuses(snippets, results)[0].state == "failed"


def test_results_of_an_older_page_version_or_another_page_do_not_count():
    snippets = _snippets()
    stale = [_result(c.line, c.text + " --old", "passed") for s in snippets for c in s.commands]
    other = _all(snippets)
    other = [Result("docs/other.md", r.line, r.command, "passed", 0, 0.1, "") for r in other]
    assert {s.state for s in block_statuses(snippets, stale + other)} == {"unverified"}


@pytest.mark.parametrize(("given", "key"), [
    ("docs/section02.md", "section02.md"),
    ("./docs/sub/page.md", "sub/page.md"),
    ("/project/docs/x.md", "x.md"),
    ("docs/../docs/x.md", "x.md"),
    ("notes/x.md", "notes/x.md"),  # outside docs_dir: kept, so it matches no page
    ("/elsewhere/docs/x.md", "/elsewhere/docs/x.md"),
])
def test_page_key_makes_results_paths_relative_to_docs_dir(given, key):
    assert page_key(given, "/project/docs", "/project") == key


def test_rekeyed_results_match_snippets_named_like_mkdocs_pages():
    snippets = extract_page("page.md", PAGE)
    results = rekey(_all(_snippets()), "/project/docs", "/project")
    assert {s.state for s in block_statuses(snippets, results)} == {"verified"}


def _write(tmp_path, data) -> os.PathLike:
    path = tmp_path / "results.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_read_run_takes_finished_at_and_optional_fields(tmp_path):
    path = _write(tmp_path, {"finished_at": "2026-11-27T21:30:00+00:00", "results": [
        {"path": PATH, "line": 4, "command": "docker pull node:latest", "status": "passed",
         "exit_code": 0, "duration_s": 1.5, "output": "ok"},
        {"path": PATH, "line": 13, "command": "docker rm", "status": "skipped", "exit_code": None,
         "duration_s": 0, "output": "", "message": "skipped: why", "snippet_id": f"{PATH}#2"}]})
    run = read_run(path)
    assert run.finished_at == datetime(2026, 11, 27, 21, 30, tzinfo=timezone.utc)
    assert run.results == (Result(PATH, 4, "docker pull node:latest", "passed", 0, 1.5, "ok"),
                           Result(PATH, 13, "docker rm", "skipped", None, 0.0, "", f"{PATH}#2", skip_reason="why"))


def test_the_engine_that_ran_a_page_is_kept_and_older_files_without_it_still_load(tmp_path):
    ran = Result(PATH, 4, "docker pull node:latest", "passed", 0, 1.5, "ok", engine="26.1.5")
    path = tmp_path / "results.json"
    path.write_text(encode([ran]), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["results"][0]["engine"] == "26.1.5"
    assert read_run(path).results == (ran,)
    older = _write(tmp_path, {"format": 2, "results": [
        {"path": PATH, "line": 4, "command": "docker pull node:latest", "status": "passed", "exit_code": 0,
         "duration_s": 1.5, "output": "ok", "stand_ins": []}]})
    assert read_run(older).results == (replace(ran, engine=""),)


def test_read_run_without_finished_at_uses_the_file_time(tmp_path):
    path = _write(tmp_path, {"results": []})
    os.utime(path, (1_700_000_000, 1_700_000_000))
    assert read_run(path).finished_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)


@pytest.mark.parametrize(("data", "message"), [
    ('{"results": [\n  {"path": 1,}\n]}', ":2: not valid JSON: "),
    ({"findings": []}, ': not a docktest results file: expected {"results": [...]}'),
    ({"results": [{"path": PATH, "line": 4}]}, ": results[0] needs path, line, command and status: "),
    ({"results": [["x"]]}, ": results[0] needs path, line, command and status: "),
    ({"results": [{"path": PATH, "line": 4, "command": "x", "status": "ok"}]},
     ": results[0] has an unknown status 'ok'"),
    ({"results": [], "finished_at": "yesterday"}, ": finished_at is not an ISO timestamp: 'yesterday'"),
])
def test_read_run_names_the_file_of_a_broken_results_file(tmp_path, data, message):
    path = _write(tmp_path, data)
    with pytest.raises(ValueError) as raised:
        read_run(path)
    assert str(raised.value).startswith(f"{path}{message}")


def _render(text: str) -> str:
    """The page as the site renders it: Python-Markdown with the site's highlighting extensions."""
    return markdown.markdown(text, extensions=["pymdownx.highlight", "pymdownx.superfences", "tables"])


def _statuses() -> list[BlockStatus]:
    snippets = _snippets()
    results = _all(snippets)
    results[2] = _result(12, "docker rm -f $(docker ps -aq)", "skipped", skip_reason="호스트를 지킴 <중요>")
    results[-1] = _result(22, "docker images | grep '*' | wc -l", "failed", exit_code=1)
    return block_statuses(snippets, results)


def test_status_page_lists_every_block_linked_to_its_anchor():
    run = Run((), datetime(2026, 11, 27, 21, 30, tzinfo=timezone.utc))
    page = status_page(run, {"page.md": _statuses(), "empty.md": []}, {"page.md": "예제 | *페이지*"})
    assert page.startswith("# 검증 현황\n\n2026-11-27 21:30 UTC에 끝난 실행의 결과입니다. "
                           "셸 블록 3개: 검증됨 1 · 건너뜀 1 · 실패 1 · 결과 없음 0.\n")
    assert "empty.md" not in page
    rendered = _render(page)
    assert '<h2><a href="page.md">예제 | *페이지*</a></h2>' in rendered
    rows = rendered.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    assert len(rows) == 3
    assert '<a href="page.md#docktest-block-1" title="docs/page.md:4">블록 1</a>' in rows[0]
    assert "✓ 검증됨" in rows[0] and "<code>docker pull node:latest</code> 외 1개" in rows[0]
    assert '<a href="page.md#docktest-block-2" title="docs/page.md:12">블록 2</a>' in rows[1]
    assert "− 건너뜀" in rows[1] and "호스트를 지킴 &lt;중요&gt;" in rows[1]
    assert '<a href="page.md#docktest-block-3" title="docs/page.md:22">블록 3</a>' in rows[2]  # the failing line
    assert "✗ 실패" in rows[2] and "<td><code>docker images | grep '*' | wc -l</code>: 종료 코드 1 (기대 0)</td>" in rows[2]


def test_status_page_names_the_file_blocks_a_block_was_run_on():
    """A titled script is its own row, not a file of it; the app and Dockerfile shown before `docker build` are."""
    text = ('```python title="app.py"\nprint(1)\n```\n\n```dockerfile title="Dockerfile"\nFROM python\n```\n\n'
            '```bash title="build.sh"\ndocker build -t app .\n```\n')
    snippets = extract_page(PATH, text)
    run = Run((), datetime(2026, 12, 5, 5, 0, tzinfo=timezone.utc))
    page = status_page(run, {"page.md": block_statuses(snippets, _all(snippets))}, {})
    (row,) = _render(page).split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    assert "<td><code>docker build -t app .</code> · 파일: <code>app.py</code>, <code>Dockerfile</code></td>" in row


def test_status_page_says_which_docker_engine_ran_each_page():
    snippets = _snippets()
    ran = [replace(result, engine="26.1.5") for result in _all(snippets)]
    run = Run(tuple(ran), datetime(2026, 12, 5, 5, 0, tzinfo=timezone.utc))
    page = status_page(run, {"page.md": block_statuses(snippets, ran), "old.md": _statuses()}, {})
    rendered = _render(page)
    assert rendered.count("Docker Engine") == 1  # old.md's results (an older file) recorded none: nothing said
    assert '<a href="page.md">page.md</a></h2>\n<p>샌드박스의 Docker Engine 26.1.5에서 실행했습니다.</p>' in rendered


def test_status_page_without_results_says_so():
    page = status_page(None, {}, {})
    assert page.startswith("# 검증 현황\n\n아직 검증 결과가 없습니다.")
    assert "|" not in page


def test_long_and_multi_line_commands_are_cut_in_marks_and_rows():
    assert short("docker run \\\n  -it node") == "docker run \\ …"
    assert short("x" * 100) == "x" * 80 + " …"
    assert code_span("echo `date`") == "`` echo `date` ``" and code_span("`x`") == "`` `x` ``"


def test_what_docktest_run_writes_is_what_the_site_reads(tmp_path):
    from docktest.report.formats import format_results

    snippets = _snippets()
    results = _all(snippets)
    results[1] = _result(5, "docker run node", "failed", exit_code=125)
    written = format_results(results, "json")
    run = read_run(_write(tmp_path, written))
    assert run.finished_at == datetime.fromisoformat(json.loads(written)["finished_at"])  # not the file's time
    assert run.finished_at.utcoffset().total_seconds() == 0
    assert [(r.path, r.line, r.command, r.status) for r in run.results] == [
        (r.path, r.line, r.command, r.status) for r in results]
    assert [s.state for s in block_statuses(snippets, run.results)] == ["failed", "verified", "verified"]


@pytest.mark.parametrize(("text", "title"), [
    ("---\ntitle: x\n---\n# 예제 페이지 #\n\n## 절\n", "예제 페이지"),
    ("글만 있는 페이지\n", "page.md"),
    ("```bash\n# 주석은 제목이 아님\n```\n", "page.md"),
])
def test_title_of_is_the_first_level_one_heading(text, title):
    assert title_of(text, "page.md") == title


def test_page_statuses_names_pages_inside_the_docs_folder(tmp_path):
    (tmp_path / "docs" / "guide").mkdir(parents=True)
    (tmp_path / "docs" / "guide" / "page.md").write_text(PAGE, encoding="utf-8")
    results = [_result(c.line, c.text, path="docs/guide/page.md") for s in _snippets() for c in s.commands]
    run = Run(tuple(results), datetime(2026, 11, 27, tzinfo=timezone.utc))
    statuses = page_statuses(run, tmp_path / "docs", tmp_path, [tmp_path / "docs" / "guide" / "page.md"])
    assert list(statuses) == ["guide/page.md"]
    assert [(s.snippet.id, s.state) for s in statuses["guide/page.md"]] == [
        ("guide/page.md#1", "verified"), ("guide/page.md#2", "verified"), ("guide/page.md#3", "verified")]
