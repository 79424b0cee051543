"""The live worker: results merged into the results file page by page; a page changed mid-run is re-run afresh;
a page whose example files changed counts as changed; what a killed serve left is removed at the next start."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import ended_process, owned as _owned, wait_until
from docktest import config
from docktest.extract.markdown import extract_page
from docktest.model import Result
from docktest import results_file
from docktest.run.cache import PageCache, PageInputs
from docktest.run.live import LiveWorker, merge, remove_dead_scratch_files
from docktest.sandbox.owners import start_time

STARTED = re.compile(r"starting a sandbox for the next run \(process (\d+)\)")


def _result(path: str, line: int, command: str, status: str = "passed") -> Result:
    return Result(path, line, command, status, 0 if status == "passed" else 1, 0.1, "")


def test_merge_replaces_one_pages_results_where_they_were_and_keeps_the_others(tmp_path: Path) -> None:
    results = tmp_path / ".docktest" / "results.json"
    results.parent.mkdir()
    results.write_text(results_file.encode([_result("docs/a.md", 3, "echo a"), _result("docs/b.md", 3, "echo b"),
                                            _result("docs/b.md", 7, "ls"), _result("docs/c.md", 3, "echo c")]))
    merge(results, "docs/b.md", [_result("docs/b.md", 3, "echo b"), _result("docs/b.md", 8, "false", "failed")])
    merged = results_file.read(results).results
    assert [(r.path, r.line, r.command, r.status) for r in merged] == [
        ("docs/a.md", 3, "echo a", "passed"), ("docs/b.md", 3, "echo b", "passed"),
        ("docs/b.md", 8, "false", "failed"), ("docs/c.md", 3, "echo c", "passed")]
    assert sorted(p.name for p in results.parent.iterdir()) == ["results.json"]  # no temporary file left


def test_merge_starts_the_results_file_when_it_is_missing_or_unreadable(tmp_path: Path) -> None:
    results = tmp_path / ".docktest" / "results.json"
    merge(results, "docs/a.md", [_result("docs/a.md", 3, "echo a")])
    assert [r.command for r in results_file.read(results).results] == ["echo a"]
    results.write_text("{not json")
    merge(results, "docs/b.md", [_result("docs/b.md", 5, "echo b")])
    assert [r.command for r in results_file.read(results).results] == ["echo b"]


EXAMPLE_PAGE = "# 예제\n\n<!-- docktest workdir: app -->\n```bash\ndocker build -t app .\n```\n"


def test_a_changed_example_file_changes_its_page_and_an_unrelated_file_does_not(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "app").mkdir(parents=True)
    (docs / "other").mkdir()
    page = docs / "page.md"
    page.write_text(EXAMPLE_PAGE, encoding="utf-8")
    (docs / "app" / "Dockerfile").write_text("FROM python\n")
    (docs / "other" / "Dockerfile").write_text("FROM node\n")
    (docs / "notes.txt").write_text("메모\n")
    inputs = PageInputs(PageCache(config.load(mode="offline", root=tmp_path, env={})))

    def changed() -> bool:
        return inputs.compare("docs/page.md", extract_page("docs/page.md", page.read_text(encoding="utf-8")), docs)[1]

    assert not changed()  # first seen: nothing to compare with
    (docs / "other" / "Dockerfile").write_text("FROM node:20\n")
    (docs / "notes.txt").write_text("다른 메모\n")
    page.write_text(EXAMPLE_PAGE + "\n글만 더함\n", encoding="utf-8")
    assert not changed()
    (docs / "app" / "Dockerfile").write_text("FROM python:3\n")
    assert changed()
    assert not changed()  # compared with the last look, not the first
    (docs / "app" / "requirements.txt").write_text("flask\n")
    assert changed()


def test_scratch_files_of_a_serve_that_is_gone_are_removed_and_a_running_serves_kept(tmp_path: Path) -> None:
    dead_pid, dead_start = ended_process()
    me = os.getpid()
    names = {"dead": f"live-{dead_pid}-{dead_start}-abc123.json",
             "running": f"live-{me}-{start_time(me)}-def456.json",
             "pid reused": f"live-{me}-{int(start_time(me)) - 1}-ghi789.json",  # same pid, started at another time
             "no owner named": "live-k2j4h5.json"}  # an older docktest's: whose it is cannot be told
    for name in names.values():
        (tmp_path / name).write_text("{}")
    removed = remove_dead_scratch_files(tmp_path)
    assert sorted(file.name for file in removed) == sorted([names["dead"], names["pid reused"]])
    assert sorted(file.name for file in tmp_path.iterdir()) == sorted([names["running"], names["no owner named"]])


def _sleeping(pid: int) -> bool:
    return any(subprocess.run(["docker", "exec", container, "pgrep", "-x", "sleep"], capture_output=True,
                              timeout=30).returncode == 0 for container in _owned(pid))


@pytest.mark.docker
def test_a_page_changed_during_its_run_is_cancelled_its_sandbox_removed_and_run_again(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# 느린 페이지\n\n```bash\necho 시작\nsleep 300\n```\n", encoding="utf-8")
    results = tmp_path / ".docktest" / "results.json"
    said: list[str] = []

    def told() -> str:
        return f"the worker said: {said}"

    worker = LiveWorker(config.load(root=tmp_path, progress=False, env={}), said.append)
    worker.start()
    try:
        worker.submit("page.md", "first")
        first = int(wait_until("the first run's process", lambda: STARTED.findall(" ".join(said)), told)[0])
        wait_until("the page's sleep running", lambda: _sleeping(first), told)

        page.write_text("# 느린 페이지\n\n```bash\necho 시작\necho 끝\n```\n", encoding="utf-8")
        worker.submit("page.md", "second")
        wait_until("the second run's results", lambda: results.is_file(), told)
        assert [(r.line, r.command, r.status) for r in results_file.read(results).results] == [
            (4, "echo 시작", "passed"), (5, "echo 끝", "passed")]
        assert "docktest live: page.md changed; its run is cancelled" in said
        assert _owned(first) == []
        third = wait_until("a sandbox ready for the next save", lambda: STARTED.findall(" ".join(said))[2:],
                           told)[0]
        wait_until(f"process {third}'s sandbox", lambda: _owned(int(third)), told)
    finally:
        worker.stop()
    started = [int(pid) for pid in STARTED.findall(" ".join(said))]
    assert len(started) == 3  # the cancelled run, the second run, the one ready for a next save
    assert {pid: _owned(pid) for pid in started} == {pid: [] for pid in started}


def test_the_child_gets_the_workers_settings_not_its_own(tmp_path) -> None:
    import io

    from docktest import config
    from docktest.run.live import read_settings, send_settings

    settings = config.load(mode="online", timeout_s=7.5, docker_host="tcp://engine:2375", root=tmp_path,
                           env={"DOCKTEST_CACHE_DIR": str(tmp_path / "cache")})
    pipe = io.StringIO()
    send_settings(pipe, settings)
    pipe.seek(0)
    received = read_settings(pipe)
    assert received == replace(settings, progress=False)  # progress lines are the worker's to print
    assert read_settings(io.StringIO("")) is None
