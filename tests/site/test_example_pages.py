"""The example projects' pages and zips say how to build and run them, link back to the notes, and keep real dates."""

from __future__ import annotations

import io
import re
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, site_with_results
from docktest.extract.markdown import extract_page
from notes_site.examples import generated, notes_using, project_page, zip_folder

DOCS = ROOT / "docs"
SECTION = "section02-images-containers.md"
README = "docs/examples/goals/README.md"  # as `docktest run docs` names it, from the project root
ARTIFACTS = ROOT / "test-artifacts"


def _workdir_commands(folder: str) -> list[str]:
    """The commands of the section page's blocks whose `workdir` marker names FOLDER, as the page writes them."""
    return [c.text for s in extract_page(str(DOCS / SECTION)) if s.options.get("workdir") == folder for c in s.commands]


def test_each_example_is_used_by_the_note_that_runs_in_its_folder() -> None:
    for project in ("rng", "goals"):
        (use,) = notes_using(DOCS, DOCS / "examples" / project)
        assert use.page == SECTION and use.title == "섹션02 - Docker 이미지 & 컨테이너: 코어 빌딩 블록"
        written = _workdir_commands(f"examples/{project}")
        assert written and len(use.commands) == len(written)
    (rng,) = notes_using(DOCS, DOCS / "examples" / "rng")
    assert "docker start -ai {컨테이너 이름}" in _workdir_commands("examples/rng")
    assert rng.commands[-1] == "docker start -ai $(docker ps -lq)"  # the placeholder's value, as it ran


def test_the_page_says_how_to_build_and_run_and_links_the_note() -> None:
    page = generated(DOCS)["examples/rng.md"].decode("utf-8")
    section = page.split("## 빌드하고 실행하기\n", 1)[1].split("\n## ", 1)[0]
    assert "[섹션02 - Docker 이미지 & 컨테이너: 코어 빌딩 블록](../section02-images-containers.md)" in section
    assert "```text\ndocker build -f Dockerfile-rng -t section02-rng .\ndocker run -it section02-rng\n" in section


def test_a_project_no_note_runs_in_has_no_such_section(tmp_path: Path) -> None:
    (tmp_path / "docs" / "examples" / "idle").mkdir(parents=True)
    (tmp_path / "docs" / "examples" / "idle" / "app.py").write_text("print(1)\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# 홈\n\n```bash\necho hi\n```\n", encoding="utf-8")
    folder = tmp_path / "docs" / "examples" / "idle"
    assert notes_using(tmp_path / "docs", folder) == []
    assert "빌드하고 실행하기" not in project_page(folder, uses=[])
    assert zipfile.ZipFile(io.BytesIO(zip_folder(folder, uses=[]))).namelist() == ["idle/app.py"]


def _commit_time(path: Path) -> tuple[int, ...]:
    """The file's last commit time as a zip entry holds it (seconds in steps of two)."""
    logged = subprocess.run(["git", "log", "-1", "--format=%ct", "--", path.name], cwd=path.parent,
                            capture_output=True, text=True, timeout=30, check=True)
    if not logged.stdout.strip():
        pytest.fail(f"{path} has no commit: the test needs the repository's history")
    *day, seconds = time.gmtime(int(logged.stdout))[:6]
    return (*day, seconds - seconds % 2)


def test_the_zip_has_a_readme_and_each_file_dated_by_its_last_commit() -> None:
    folder = DOCS / "examples" / "rng"  # no README of its own: the zip gets one made from the note
    uses = notes_using(DOCS, folder)
    made = zip_folder(folder, uses=uses)
    assert made == zip_folder(folder, uses=uses)  # reproducible
    archive = zipfile.ZipFile(io.BytesIO(made))
    dates = {info.filename: info.date_time for info in archive.infolist()}
    for name in ("Dockerfile-rng", "rng.py"):
        assert dates[f"rng/{name}"] == _commit_time(folder / name) != (1980, 1, 1, 0, 0, 0)
    assert dates["rng/README.md"] == max(dates["rng/Dockerfile-rng"], dates["rng/rng.py"])
    readme = archive.read("rng/README.md").decode("utf-8")
    assert readme.startswith("# 예제 프로젝트: rng\n") and "`docs/section02-images-containers.md`" in readme
    assert "```bash\ndocker build -f Dockerfile-rng -t section02-rng .\n" in readme
    goals = zipfile.ZipFile(io.BytesIO(zip_folder(DOCS / "examples" / "goals", uses=uses)))
    assert goals.read("goals/README.md") == (DOCS / "examples" / "goals" / "README.md").read_bytes()  # the author's


def test_an_example_with_its_own_readme_shows_it_first_and_the_notes_after() -> None:
    folder = DOCS / "examples" / "goals"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    page = generated(DOCS)["examples/goals.md"].decode("utf-8")
    assert page.startswith("---\nsearch:\n  exclude: true\n---\n" + readme)  # line for line: marks find its blocks
    assert "## README.md" not in page  # shown once, as the page
    assert ["## Dockerfile", "## server.js"] == re.findall(r"^## (?:Dockerfile|server\.js)$", page, re.M)
    notes = page.split("## 이 프로젝트를 쓰는 노트\n", 1)[1]
    assert "[섹션02 - Docker 이미지 & 컨테이너: 코어 빌딩 블록](../section02-images-containers.md)" in notes
    assert "```text\ndocker build -t goals:latest .\n```" in notes
    assert notes_using(DOCS, folder)[0].page == SECTION  # the README itself is not one of the notes using it


def test_a_folder_with_its_own_readme_keeps_it(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# 내 설명\n", encoding="utf-8")
    (tmp_path / "app.py").write_text("print(1)\n", encoding="utf-8")
    uses = notes_using(DOCS, DOCS / "examples" / "rng")
    archive = zipfile.ZipFile(io.BytesIO(zip_folder(tmp_path, uses=uses)))
    assert archive.read(f"{tmp_path.name}/README.md") == b"# \xeb\x82\xb4 \xec\x84\xa4\xeb\xaa\x85\n"


@pytest.fixture(scope="module")
def goals_site(tmp_path_factory):
    """The site built with results in which every command of the goals README passed in Docker Engine 26.1.5."""
    results = [{"path": s.path, "line": c.line, "command": c.text, "status": "passed", "exit_code": 0,
                "duration_s": 0.5, "output": f"{c.text} 의 출력\n", "engine": "26.1.5"}
               for s in extract_page(README) for c in s.commands]
    with site_with_results(tmp_path_factory.mktemp("goals"),
                           {"format": 2, "finished_at": "2026-12-05T01:00:00+00:00", "results": results}) as built:
        yield built[0]


def test_the_example_page_shows_the_readmes_commands_with_their_marks(goals_site) -> None:
    article = _article(goals_site / "examples" / "goals" / "index.html")
    blocks = extract_page(README)
    assert re.findall(r'<div class="docktest-block" id="(docktest-block-\d+)">', article) == [
        f"docktest-block-{n}" for n in range(1, len(blocks) + 1)]
    assert re.findall(r'<p class="docktest-mark docktest-mark--(\w+)"', article) == ["verified"] * len(blocks)
    assert article.count("샌드박스의 Docker Engine 26.1.5에서 실행했습니다.") == len(blocks)  # in each box
    assert "curl -s http://localhost:3000/ 의 출력" in article
    status = _article(goals_site / "verification" / "index.html")
    listed = status.split('<a href="../examples/goals/">예제 프로젝트: goals</a>', 1)[1].split("<h2", 1)[0]
    assert "<p>샌드박스의 Docker Engine 26.1.5에서 실행했습니다.</p>" in listed
    assert re.findall(r'href="\.\./examples/goals/#(docktest-block-\d+)" title="docs/examples/goals/README\.md:\d+"',
                      listed) == [f"docktest-block-{n}" for n in range(1, len(blocks) + 1)]


def test_without_results_for_the_readme_its_blocks_still_carry_marks_the_status_page_links(tmp_path) -> None:
    # `mkdocs serve` re-runs pages live but not the README (exclude_docs): its blocks are listed on 검증 현황 as
    # without a result, linked to anchors on the example page, which MkDocs makes from its hook, not from a file.
    section = [{"path": f"docs/{SECTION}", "line": c.line, "command": c.text, "status": "passed", "exit_code": 0,
                "duration_s": 0.5, "output": ""} for s in extract_page(str(DOCS / SECTION)) for c in s.commands]
    with site_with_results(tmp_path, {"format": 2, "finished_at": "2026-12-05T01:00:00+00:00",
                                      "results": section}) as (site, _):
        article = _article(site / "examples" / "goals" / "index.html")
        status = _article(site / "verification" / "index.html")
    blocks = extract_page(README)
    assert re.findall(r'<div class="docktest-block" id="(docktest-block-\d+)">', article) == [
        f"docktest-block-{n}" for n in range(1, len(blocks) + 1)]
    assert re.findall(r'<p class="docktest-mark docktest-mark--(\w+)"', article) == ["unverified"] * len(blocks)
    listed = status.split('<a href="../examples/goals/">예제 프로젝트: goals</a>', 1)[1].split("<h2", 1)[0]
    assert re.findall(r'href="\.\./examples/goals/#(docktest-block-\d+)"', listed) == [
        f"docktest-block-{n}" for n in range(1, len(blocks) + 1)]


def _article(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("<article"): text.index("</article>")]


def test_code_comments_in_the_examples_are_korean() -> None:
    for path in (DOCS / "examples" / "rng" / "rng.py", DOCS / "examples" / "goals" / "server.js"):
        comments = re.findall(r'^\s*(?://|"""|#)\s*(.+)$', path.read_text(encoding="utf-8"), re.M)
        assert comments and all(re.search(r"[가-힣]", comment) for comment in comments), path


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "mobile"])
def test_a_reader_finds_how_to_run_the_example_and_the_way_back(browser, site_url, viewport) -> None:
    context = browser.new_context(locale="ko-KR", viewport=viewport)
    try:
        page = context.new_page()
        page.goto(site_url + "examples/goals/")
        heading = page.locator("article h2", has_text="빌드하고 실행하기")
        heading.scroll_into_view_if_needed()
        # the README's own commands, run by docktest: `docker build -t goals:latest .` was the note's one command
        commands = page.locator("article div.highlight code").first  # under 빌드하고 실행하기, marked or not
        assert commands.is_visible()
        assert commands.inner_text().strip() == "docker build -t goals .\ndocker run -d -p 3000:80 --name goals goals"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"example-goals-{'desktop' if viewport['width'] > 600 else 'mobile'}.png")
        page.locator("article a", has_text="섹션02 - Docker 이미지 & 컨테이너").first.click()
        page.wait_for_url("**/section02-images-containers/")
    finally:
        context.close()
