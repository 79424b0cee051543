"""notes_site.marks without a generator: Python-Markdown alone finds the page from its text and marks its blocks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest

from conftest import ROOT
from docktest.extract.markdown import extract_page
from docktest.model import Result
from docktest.report.verification import block_statuses
from notes_site import page_match
from notes_site.marks import mark_blocks

PATH = "docs/page.md"
# Three shell blocks (one titled, one with a skip marker, a console transcript) and a python block.
PAGE = (ROOT / "tests" / "fixtures" / "verification-page.md").read_text(encoding="utf-8")
FRONT_MATTER = "---\ntitle: 예제\ntags: [docker]\n---\n\n"
EXTENSIONS = ["pymdownx.highlight", "pymdownx.superfences", "tables"]


def _render(text: str, *extensions: str, **configs: dict) -> str:
    """The page as the site renders it: Python-Markdown with the site's highlighting extensions."""
    return markdown.markdown(text, extensions=[*EXTENSIONS, *extensions], extension_configs=configs)


def _result(line: int, command: str, status: str = "passed", path: str = PATH, **fields) -> Result:
    defaults = {"exit_code": 0 if status == "passed" else None, "duration_s": 0.1, "output": ""}
    return Result(path, line, command, status, **{**defaults, **fields})


def _results(path: str = PATH, text: str = PAGE) -> list[Result]:
    results = [_result(c.line, c.text, path=path) for s in extract_page(path, text) for c in s.commands]
    results[2] = _result(results[2].line, results[2].command, "skipped", path, skip_reason="호스트를 지킴 <중요>")
    results[-1] = _result(results[-1].line, results[-1].command, "failed", path, exit_code=1)
    return results


def _statuses():
    return block_statuses(extract_page(PATH, PAGE), _results())


def test_mark_blocks_wraps_each_shell_block_with_an_anchor_and_its_mark():
    marked, missing = mark_blocks(_render(PAGE), _statuses(), "2026-11-27", PATH)
    assert missing == []
    assert marked.count('<div class="docktest-block"') == 3
    assert ('<div class="docktest-block" id="docktest-block-1"><div class="highlight">'
            '<span class="filename">pull.sh') in marked
    assert ('<p class="docktest-mark docktest-mark--verified" title="2026-11-27에 Docker 샌드박스에서 이 블록의 '
            '명령을 실제로 실행해 확인했습니다" data-search-exclude><span class="docktest-mark__icon" aria-hidden="true">✓</span> '
            '검증됨 · '
            '<time datetime="2026-11-27">2026-11-27</time></p></div>') in marked
    assert '<span class="docktest-mark__icon" aria-hidden="true">−</span> 건너뜀 · 호스트를 지킴 &lt;중요&gt;</p>' in marked
    python_block = marked.index("not a shell block")  # left as it was, outside any wrapper
    assert marked.rindex('<div class="highlight">', 0, python_block) > marked.rindex("</p></div>", 0, python_block)


def test_a_failed_block_names_its_command_and_highlights_its_line():
    marked, _ = mark_blocks(_render(PAGE), _statuses(), "2026-11-27", PATH)
    # For readers: the command, not a Markdown line number; for authors: file:line in the tooltip.
    assert ('<p class="docktest-mark docktest-mark--failed" title="docs/page.md:22에서 실패: 종료 코드 1 (기대 0)" '
            'data-search-exclude>'
            '<span class="docktest-mark__icon" aria-hidden="true">✗</span> 실패 · '
            "<code>docker images | grep &#x27;*&#x27; | wc -l</code></p>") in marked
    block = marked[marked.index('id="docktest-block-3"'):]
    highlighted = block.split('<span class="hll docktest-failing">')[1:]
    assert len(highlighted) == 1
    line = highlighted[0].split("\n</span>", 1)[0]
    assert line.startswith('<span class="gp">$ </span>') and "wc" in line  # the transcript's failing line, whole
    assert marked.count("docktest-failing") == 1


def test_a_multi_line_failing_command_highlights_all_its_lines():
    page = "```bash\necho one\ndocker run \\\n  --rm node\necho three\n```\n"
    snippets = extract_page(PATH, page)
    results = [_result(2, "echo one"), _result(3, "docker run \\\n  --rm node", "failed", exit_code=125),
               _result(5, "echo three")]
    marked, _ = mark_blocks(_render(page), block_statuses(snippets, results), "2026-11-27", PATH)
    rows = [row.split("\n</span>")[0] for row in marked.split('<span class="hll docktest-failing">')[1:]]
    assert [re.sub(r"<[^>]+>", "", row) for row in rows] == ["docker run \\", "  --rm node"]


def test_mark_blocks_reports_a_block_that_did_not_render_as_code():
    broken = PAGE.replace("```bash\ndocker rm", "    ```bash\ndocker rm")  # now an indented code block
    marked, missing = mark_blocks(_render(broken), _statuses(), "2026-11-27", PATH)
    assert [m.snippet.id for m in missing] == [f"{PATH}#2"]
    assert 'id="docktest-block-1"' in marked and 'id="docktest-block-3"' in marked
    assert 'id="docktest-block-2"' not in marked


def test_a_text_is_found_on_disk_with_its_front_matter_cut():
    pages = [("other.md", "# 다른\n\n```bash\necho hi\n```\n"), ("page.md", FRONT_MATTER + PAGE)]
    assert page_match.by_content(PAGE, pages) == page_match.Match("page.md", 5)
    assert page_match.by_content(PAGE.replace("\n", "\r\n"), [("page.md", PAGE)]) == page_match.Match("page.md", 0)
    assert page_match.by_content("# 예제\n", pages) is None  # a page's heading alone is not the page
    assert page_match.by_content(PAGE[20:], pages) is None  # a tail of a page is not that page


def test_a_rewritten_text_is_found_by_its_commands():
    results = _results("page.md", FRONT_MATTER + PAGE)  # the run saw the file: 5 lines lower than the text
    other = [_result(4, "docker pull node:latest", path="other.md")]
    assert page_match.by_commands(PAGE, other + results) == page_match.Match("page.md", 5)
    added = PAGE.replace("# 예제", "# 예제\n\n(a plugin added this)")  # two lines more: the offset says so
    assert page_match.by_commands(added, other + results) == page_match.Match("page.md", 3)
    changed = PAGE.replace("docker run node", "docker run node:20")  # a command the run never saw
    assert page_match.by_commands(changed, results) is None
    assert page_match.by_commands("no shell here\n", results) is None


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A project root: docs/page.md with front matter, docs/guide/other.md, and the run's results file."""
    (tmp_path / "docs" / "guide").mkdir(parents=True)
    (tmp_path / "docs" / "page.md").write_text(FRONT_MATTER + PAGE, encoding="utf-8")
    (tmp_path / "docs" / "guide" / "other.md").write_text("# 다른\n\n```bash\ndocker ps\n```\n", encoding="utf-8")
    results = [r.__dict__ for r in _results("docs/page.md", FRONT_MATTER + PAGE)]
    (tmp_path / "results.json").write_text(json.dumps({"finished_at": "2026-11-27T21:30:00+00:00",
                                                       "results": results}), encoding="utf-8")
    return tmp_path


def test_the_extension_marks_the_page_it_is_given_by_text_alone(project):
    marks = {"results": str(project / "results.json"), "base_dir": str(project)}
    html_text = _render(PAGE, "notes_site.marks", **{"notes_site.marks": marks})  # as a generator hands it over
    states = [part.split('"', 1)[0] for part in html_text.split('class="docktest-mark docktest-mark--')[1:]]
    assert states == ["verified", "skipped", "failed"]
    assert 'title="docs/page.md:27에서 실패: 종료 코드 1 (기대 0)"' in html_text  # the file's line, front matter counted
    other = _render("# 다른\n\n```bash\ndocker ps\n```\n", "notes_site.marks", **{"notes_site.marks": marks})
    assert 'id="docktest-block-1"' in other and "docktest-mark--unverified" in other  # known page, no result


def test_without_a_results_file_the_extension_changes_nothing(project):
    marks = {"results": str(project / "missing.json"), "base_dir": str(project)}
    assert _render(PAGE, "notes_site.marks", **{"notes_site.marks": marks}) == _render(PAGE)


def test_a_broken_results_file_stops_the_render_naming_it(project):
    (project / "results.json").write_text("{", encoding="utf-8")
    marks = {"results": str(project / "results.json"), "base_dir": str(project)}
    with pytest.raises(ValueError, match=f"^verification: {project / 'results.json'}:1: not valid JSON"):
        _render(PAGE, "notes_site.marks", **{"notes_site.marks": marks})


FILES_PAGE = """\
```python title="app.py"
print("안녕")
```

```dockerfile title="Dockerfile"
FROM python
COPY app.py .
```

```python
print("not a file: no title")
```

```bash
docker build -t app .
docker run --rm app
```
"""


@pytest.mark.parametrize("status, expected", [
    ("passed", '<span class="docktest-mark__icon" aria-hidden="true">✓</span> 이 파일로 실행해 검증됨 · '
               '<time datetime="2026-12-05">2026-12-05</time></p></div>'),
    ("failed", '<span class="docktest-mark__icon" aria-hidden="true">✗</span> 이 파일을 쓴 다음 블록이 실패 · '
               '<code>docker run --rm app</code></p></div>'),
])
def test_a_file_block_is_marked_with_the_outcome_of_the_block_that_ran_on_it(status, expected):
    snippets = extract_page(PATH, FILES_PAGE)
    results = [_result(15, "docker build -t app ."), _result(16, "docker run --rm app", status)]
    marked, missing = mark_blocks(_render(FILES_PAGE), block_statuses(snippets, results), "2026-12-05", PATH)
    assert missing == []
    assert marked.count('<div class="docktest-file">') == 2 and marked.count(expected) == 2
    untitled = marked.index("not a file: no title")  # no mark: the run never wrote it
    assert marked.rindex('<div class="highlight">', 0, untitled) > marked.rindex("</p></div>", 0, untitled)
