"""The MkDocs hook and docktest.snippets: scripts in snippets/, written only on change, warnings under --strict."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from conftest import wait_until
from docktest.check.pages import build_snippets
from docktest.extract import scripts as snippets
from docktest.extract.markdown import extract_page

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "hooks" / "docktest_hook.py"
GOOD = "# 좋은 페이지\n\n```bash\ndocker ps -a\n```\n\n```console\n$ echo hi\nhi\n```\n"
BAD = "# 나쁜 페이지\n\n```bash\ndoccker ps\n```\n"


def _pages(text: str, page: str = "section/노트 1.md") -> list:
    return [(page, extract_page(f"docs/{page}", text))]


def test_sync_writes_scripts_manifest_and_only_on_change(tmp_path):
    out = tmp_path / "snippets"
    first = snippets.sync(_pages(GOOD), out)
    folder = snippets.page_folder("section/노트 1.md")
    script = out / folder / "01.sh"
    assert sorted(p.relative_to(out).as_posix() for p in first.written) == sorted([
        f"{folder}/01.sh", f"{folder}/02.sh", "manifest.json"])
    assert script.read_text() == ("#!/usr/bin/env bash\n"
                                  "# docs/section/노트 1.md:4 — extracted by docktest; edit the page, not this file.\n"
                                  "docker ps -a\n")
    assert (out / folder / "02.sh").read_text().endswith("\necho hi\n")  # console: commands only
    assert script.stat().st_mode & stat.S_IXUSR
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["snippets"][0]["file"] == f"{folder}/01.sh"
    assert manifest["snippets"][0]["start_line"] == 4
    before = script.stat().st_mtime_ns
    again = snippets.sync(_pages(GOOD), out)
    assert again.written == () and again.removed == ()
    assert script.stat().st_mtime_ns == before


def test_sync_removes_scripts_of_blocks_that_disappeared(tmp_path):
    out = tmp_path / "snippets"
    snippets.sync(_pages(GOOD), out)
    result = snippets.sync([("other.md", extract_page("docs/other.md", BAD))], out)
    folder = out / snippets.page_folder("section/노트 1.md")
    assert sorted(p.name for p in result.removed) == ["01.sh", "02.sh"]
    assert not folder.exists()
    assert (out / "other" / "01.sh").exists()


@pytest.mark.parametrize("page", ["../../etc/passwd.md", "a b/c;rm -rf.md", ".hidden.md", "탭\t이름.md", "x/$(id).md"])
def test_folder_names_are_safe(tmp_path, page):
    folder = snippets.page_folder(page)
    assert ".." not in folder.split("/") and not folder.startswith((".", "/"))
    assert all(ch.isalnum() or ch in "._-/" for ch in folder), folder
    out = tmp_path / "snippets"
    snippets.sync([(page, extract_page("docs/p.md", GOOD))], out)
    assert all(out in p.parents for p in out.rglob("*"))


def test_unsafe_names_that_collide_get_distinct_folders():
    assert snippets.page_folder("a b.md") != snippets.page_folder("a_b.md")


def test_build_refuses_to_write_under_docs(tmp_path):
    (tmp_path / "docs").mkdir()
    with pytest.raises(ValueError, match="inside the docs folder"):
        build_snippets(tmp_path / "docs", [], tmp_path / "docs" / "snippets", tmp_path)


def _project(tmp_path: Path, page: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\nhooks:\n  - {HOOK}\n", encoding="utf-8")
    return tmp_path


def _mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_strict_build_fails_on_static_check_errors(tmp_path):
    project = _project(tmp_path, BAD)
    proc = _mkdocs("build", "--strict", cwd=project)
    assert proc.returncode == 1
    assert "WARNING -  docs/index.md:4: error: unknown command 'doccker' (did you mean 'docker'?)" in proc.stderr
    assert (project / "snippets" / "index" / "01.sh").exists()
    assert not list((project / "docs").rglob("*.sh"))


def test_strict_build_passes_on_clean_page(tmp_path):
    project = _project(tmp_path, GOOD)
    proc = _mkdocs("build", "--strict", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((project / "snippets" / "manifest.json").read_text())["snippets"][0]["path"] == "docs/index.md"


def test_serve_keeps_serving_and_shows_the_warning(tmp_path):
    project = _project(tmp_path, BAD)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                             cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DOCKTEST_LIVE": "0"})  # no runs here
    def served() -> str:
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
        except OSError:
            return ""

    try:
        body = wait_until("the page served", served, lambda: "serve did not answer", timeout_s=60)
        assert "doccker" in body
    finally:
        serve.terminate()
        output = serve.communicate(timeout=30)[0]
    assert "docs/index.md:4: error: unknown command 'doccker'" in output


def test_sync_restores_a_deleted_script_and_cleans_without_a_manifest(tmp_path):
    out = tmp_path / "snippets"
    snippets.sync(_pages(GOOD), out)
    script = out / snippets.page_folder("section/노트 1.md") / "01.sh"
    script.unlink()
    assert snippets.sync(_pages(GOOD), out).written == (script,)
    (out / "manifest.json").unlink()
    (out / "old").mkdir()
    # a script an earlier sync wrote (only those are removed: see test_snippets_safety.py)
    (out / "old" / "01.sh").write_text(snippets.script(extract_page("docs/old.md", BAD)[0]))
    result = snippets.sync(_pages(GOOD), out)
    assert result.removed == (out / "old" / "01.sh",) and not (out / "old").exists()
