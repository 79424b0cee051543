"""A page's file blocks are written where its commands run, as shown, before them: a build uses the page's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest import config
from docktest.extract.markdown import extract_page
from docktest.run import runner

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parents[2]
PAGE = "tests/fixtures/file-blocks.md"


def test_a_page_builds_its_own_files_and_an_edited_dockerfile_replaces_the_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    options = config.load(mode="offline")
    monkeypatch.chdir(ROOT)
    snippets = extract_page(PAGE)
    results = runner.run_snippets(snippets, (ROOT / PAGE).parent, runner.prepare(options), options)
    by_command = [(r.command, r.status, r.output) for r in results]
    assert [(r.command, r.status) for r in results if r.status != "passed"] == [("ls /etc/evil.conf", "failed")], \
        by_command
    runs = [r.output for r in results if r.command == "docker run --rm greeter"]
    assert runs == ["안녕, app.py\n", "두 번째 Dockerfile\n"]  # the second build used the edited Dockerfile
    output = {r.command: r.output for r in results}
    assert output["cat static/hello.txt"] == "하위 폴더의 파일\n"  # its folder made, its bytes and last newline kept
    assert output["head -1 compose.yaml"] == "services:\n"  # the example folder first, the page's file on top
    assert output["cat note.txt"] == "페이지의 파일\n"
    refused = results[-1]
    assert refused.exit_code is None and refused.output == ""  # failed unrun: nothing written through the link
    assert refused.error.startswith("the file block at line 58 ('escape/evil.conf') was not written: it resolves to "
                                    "/etc/evil.conf, outside the working folder /docs/modern-docker"), refused.error
