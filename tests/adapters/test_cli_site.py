"""The CLI's site outputs for generators without hooks: `extract --write` (snippets/) and `report --page` (검증 현황)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD = "# 좋은 페이지\n\n```bash\ndocker ps -a\n```\n\n```console\n$ echo hi\nhi\n```\n"
BAD = "---\ntitle: 나쁜\n---\n# 나쁜 페이지\n\n```bash\ndoccker ps\n```\n"


def docktest(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docktest", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def _project(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "guide").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "docs" / "guide" / "bad.md").write_text(BAD, encoding="utf-8")
    return tmp_path


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_extract_write_makes_the_hooks_snippets_without_mkdocs(tmp_path):
    project = _project(tmp_path)
    proc = docktest("extract", "docs", "--write", "snippets", cwd=project)
    assert proc.returncode == 1  # the static-check error, as it fails a strict build
    assert proc.stdout == ("docs/guide/bad.md:7: error: unknown command 'doccker' (did you mean 'docker'?) "
                           "[unknown-command]\n")
    assert proc.stderr == "docktest: snippets: 4 written, 0 removed\n"
    by_cli = _tree(project / "snippets")
    assert sorted(by_cli) == ["guide/bad/01.sh", "index/01.sh", "index/02.sh", "manifest.json"]
    assert by_cli["index/02.sh"].decode().endswith("\necho hi\n")

    # The same files as the MkDocs hook writes for the same pages.
    (project / "mkdocs.yml").write_text(f"site_name: t\nhooks:\n  - {ROOT / 'hooks' / 'docktest_hook.py'}\n",
                                        encoding="utf-8")
    os.rename(project / "snippets", project / "by-cli")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True,
                           timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert build.returncode == 0, build.stderr
    assert _tree(project / "snippets") == by_cli

    again = docktest("extract", "docs", "--write", "snippets", cwd=project)
    assert again.stderr == "docktest: snippets: 0 written, 0 removed\n"


def test_extract_write_refuses_a_folder_inside_the_docs(tmp_path):
    project = _project(tmp_path)
    proc = docktest("extract", "docs", "--write", "docs/snippets", cwd=project)
    assert proc.returncode == 2
    assert proc.stderr.startswith("docktest: error: ") and "is inside the docs folder" in proc.stderr


def _results(project: Path) -> Path:
    results = {"finished_at": "2026-11-27T21:30:00+00:00", "results": [
        {"path": "docs/index.md", "line": 4, "command": "docker ps -a", "status": "passed", "exit_code": 0,
         "duration_s": 0.1, "output": ""},
        {"path": "docs/index.md", "line": 8, "command": "echo hi", "status": "passed", "exit_code": 0,
         "duration_s": 0.1, "output": ""},
        {"path": "docs/guide/bad.md", "line": 7, "command": "doccker ps", "status": "failed", "exit_code": 127,
         "duration_s": 0.1, "output": "", "message": "exit status 127, expected 0"}]}
    path = project / ".docktest" / "results.json"
    path.parent.mkdir()
    path.write_text(json.dumps(results), encoding="utf-8")
    return path


def test_report_page_writes_the_status_page(tmp_path):
    project = _project(tmp_path)
    _results(project)
    proc = docktest("report", ".docktest/results.json", "--page", "docs/verification.md", cwd=project)
    assert proc.returncode == 0, proc.stderr  # the page shows the failure; `docktest report RESULTS` judges the run
    assert proc.stdout == ""
    assert (project / "docs" / "verification.md").read_text(encoding="utf-8") == (
        "---\nsearch:\n  exclude: true\n---\n"
        "# 검증 현황\n\n"
        "2026-11-27 21:30 UTC에 끝난 실행의 결과입니다. 셸 블록 3개: 검증됨 2 · 건너뜀 0 · 실패 1 · 결과 없음 0.\n\n"
        "## [나쁜 페이지](guide/bad.md)\n\n| 블록 | 상태 | 내용 |\n| --- | --- | --- |\n"
        '| [블록 1](guide/bad.md#docktest-block-1 "docs/guide/bad.md:7") | '
        '<span class="docktest-state docktest-state--failed">✗ 실패</span> | `doccker ps`: 종료 코드 127 \\(기대 0\\) |\n\n'
        "## [좋은 페이지](index.md)\n\n| 블록 | 상태 | 내용 |\n| --- | --- | --- |\n"
        '| [블록 1](index.md#docktest-block-1 "docs/index.md:4") | '
        '<span class="docktest-state docktest-state--verified">✓ 검증됨</span> | `docker ps -a` |\n'
        '| [블록 2](index.md#docktest-block-2 "docs/index.md:8") | '
        '<span class="docktest-state docktest-state--verified">✓ 검증됨</span> | `echo hi` |\n')


def test_report_page_links_from_a_page_in_a_subfolder(tmp_path):
    project = _project(tmp_path)
    _results(project)
    proc = docktest("report", ".docktest/results.json", "--page", "docs/status/index.md", cwd=project)
    assert proc.returncode == 0, proc.stderr
    text = (project / "docs" / "status" / "index.md").read_text(encoding="utf-8")
    assert "## [좋은 페이지](../index.md)" in text and "[블록 1](../guide/bad.md#docktest-block-1 " in text


def test_report_page_without_the_docs_folder_is_a_usage_error(tmp_path):
    _results(tmp_path)
    proc = docktest("report", ".docktest/results.json", "--page", "docs/verification.md", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (
        2, "docktest: error: docs: no such directory (the pages to list; --docs DIR)\n")
