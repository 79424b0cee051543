"""A page is read once: extracting, checking and running it parses its Markdown once and each block's shell once,
and the hints on its failed lines are the static check's words, as when the runner asked the checks again after a
failure."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from docktest import config
from docktest.check.pages import read_checked
from docktest.check.rules import check_page
from docktest.extract import markdown, reading, shell
from docktest.run import runner, session
from docktest.run.cache import PageCache
from fake_sandbox import Launcher, Session

PAGE = """# 예제

```bash
docker pull node
doccker ps
```

```console
$ docker ps
CONTAINER ID   IMAGE
```

<!-- docktest placeholders: {이름: web} -->
```bash
docker rm -f {이름}
```
"""
BLOCKS = 3
BOUND_BLOCKS = 1  # its code with the value in place is a second text to parse


def _outcome(sandbox, session_, text, kind, stdin, timeout_s, follow_s) -> session.Outcome:
    if text.startswith("doccker"):
        return session.Outcome(127, "bash: doccker: command not found\n", 0.1)
    return session.Outcome(0, "", 0.1)


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(runner, "Session", Session)
    monkeypatch.setattr(runner, "run_command", _outcome)
    file = tmp_path / "page.md"
    file.write_text(PAGE, encoding="utf-8")
    return file


def _run(file: Path) -> list:
    """FILE as the adapters run it: read and checked once (check.pages), then handed to the runner."""
    settings = config.load(mode="offline", root=file.parent, cache=False, progress=False)
    return runner.run_page(read_checked(file, settings.check), PageCache(settings), Launcher, settings)


def test_run_page_parses_the_page_and_each_block_once(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for cached in (markdown.parse_page, shell.parse, reading.read_block):
        cached.cache_clear()  # a parse an earlier test left cached would hide one
    calls = {"parse_page": 0, "markdown": 0, "tree-sitter": 0}
    parse_page, markdown_it, parser = markdown.parse_page, markdown._markdown(), shell._parser()

    def counted(name: str, function):
        def call(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return call

    monkeypatch.setattr(markdown, "parse_page", counted("parse_page", parse_page))
    monkeypatch.setattr(markdown_it, "parse", counted("markdown", markdown_it.parse))
    spy = type("Parser", (), {"parse": staticmethod(counted("tree-sitter", parser.parse)), "language": parser.language})
    monkeypatch.setattr(shell, "_parser", spy)
    results = _run(page)
    assert [r.status for r in results] == ["passed", "failed", "failed", "passed"]  # so the hints were asked for
    assert calls == {"parse_page": 1, "markdown": 1, "tree-sitter": BLOCKS + BOUND_BLOCKS}


def test_hints_on_failed_lines_are_the_static_checks_words(page: Path) -> None:
    results = _run(page)
    path, text = page.as_posix(), PAGE
    before = runner.with_static_hints([replace(r, hint="") for r in results],
                                      check_page(path, text, markdown.extract_page(path, text)))
    assert [r.hint for r in results] == [r.hint for r in before]
    assert results[1].hint == "unknown command 'doccker' (did you mean 'docker'?)"
    assert results[3].command == "docker rm -f {이름}"
