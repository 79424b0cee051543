"""The content-hash cache: unchanged passing pages are not run again; any changed input runs them; --no-cache forces."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from docktest import config
from docktest.sandbox import images
from docktest.run.cache import PageCache
from docktest.extract.markdown import extract_page
from docktest.model import Result

PAGE = """# Cached

<!-- docktest
workdir: app
-->
```bash
cat hello.txt
cat /proc/sys/kernel/random/uuid
```

<!-- docktest skip: not here -->
```bash
reboot
```
"""


def _page(root: Path, text: str = PAGE, example: str = "안녕\n") -> Path:
    (root / "docs" / "app").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "app" / "hello.txt").write_text(example, encoding="utf-8")
    page = root / "docs" / "page.md"
    page.write_text(text, encoding="utf-8")
    return page


def _key(root: Path, page: Path, **options: object) -> str:
    cache = PageCache(config.load(mode="offline", root=root, **options))
    return cache.key(extract_page("docs/page.md", page.read_text(encoding="utf-8")), page.parent)


def test_every_input_changes_the_key_and_prose_does_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(tmp_path)
    before = _key(tmp_path, page)
    assert _key(tmp_path, page) == before
    page.write_text(PAGE.replace("# Cached", "# Cached, retitled"), encoding="utf-8")
    assert _key(tmp_path, page) == before  # prose that moves no line
    changed = {
        "code": lambda: page.write_text(PAGE.replace("cat hello.txt", "cat  hello.txt"), encoding="utf-8"),
        "marker": lambda: page.write_text(PAGE.replace("skip: not here", "skip: not now"), encoding="utf-8"),
        "lines": lambda: page.write_text(PAGE.replace("# Cached\n", "# Cached\n\n"), encoding="utf-8"),
        "example file": lambda: (page.parent / "app" / "hello.txt").write_text("hello\n", encoding="utf-8"),
        "new example file": lambda: (page.parent / "app" / "extra.txt").write_text("", encoding="utf-8"),
        "executable bit": lambda: (page.parent / "app" / "hello.txt").chmod(0o755),
    }
    for name, change in changed.items():
        _page(tmp_path)
        (page.parent / "app" / "extra.txt").unlink(missing_ok=True)
        (page.parent / "app" / "hello.txt").chmod(0o644)
        assert _key(tmp_path, page) == before, name
        change()
        assert _key(tmp_path, page) != before, name
    _page(tmp_path)
    assert _key(tmp_path, page, timeout_s=5.0) != before
    recipe = images.planned_images("offline")
    monkeypatch.setattr(images, "planned_images", lambda mode: images.Images("docktest/dind:other", recipe.registry,
                                                                            "offline"))
    assert _key(tmp_path, page) != before  # a sandbox image built from another recipe


def test_a_passing_run_is_replayed_and_a_failing_one_forgotten(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cache = PageCache(config.load(mode="offline", root=tmp_path))
    passed = [Result("docs/page.md", 7, "cat hello.txt", "passed", 0, 0.4, "안녕\n", "docs/page.md#1"),
              Result("docs/page.md", 13, "reboot", "skipped", None, 0.0, "", "docs/page.md#2", skip_reason="not here")]
    assert cache.lookup("docs/page.md", "k1") is None
    cache.store("docs/page.md", "k1", passed)
    replayed = cache.lookup("docs/page.md", "k1")
    assert [(r.status, r.output, r.exit_code) for r in replayed] == [("passed", "안녕\n", 0), ("skipped", "", None)]
    assert replayed[0].message.startswith("from the cache: passed on ") and replayed[0].cached_from is not None
    assert replayed[1].message == "skipped: not here" and replayed[1].cached_from is None
    assert cache.lookup("docs/page.md", "k2") is None  # another key: the inputs changed
    monkeypatch.setenv(config.NO_CACHE_ENV, "1")
    assert PageCache(config.load(mode="offline", root=tmp_path)).lookup("docs/page.md", "k1") is None
    monkeypatch.delenv(config.NO_CACHE_ENV)
    assert PageCache(config.load(mode="offline", root=tmp_path, cache=False)).lookup("docs/page.md", "k1") is None
    cache.store("docs/page.md", "k1", [passed[0], Result("docs/page.md", 8, "false", "failed", 1, 0.1, "")])
    assert cache.lookup("docs/page.md", "k1") is None
    assert list((tmp_path / ".docktest" / "cache").iterdir()) == []


@pytest.mark.parametrize("entry", [
    [], "text", {"key": "k1"}, {"key": "k1", "passed_at": "2026-11-28T00:00:00+00:00", "results": {}},
    {"key": "k1", "passed_at": "2026-11-28T00:00:00+00:00", "results": [{"path": "docs/page.md"}]},
    {"key": "k1", "passed_at": "2026-11-28T00:00:00+00:00", "results": [[1, 2]]},
    {"key": "k1", "passed_at": "yesterday", "results": []},
])
def test_a_cache_entry_of_the_wrong_shape_is_a_miss_not_a_crash(tmp_path: Path, entry: object) -> None:
    cache = PageCache(config.load(mode="offline", root=tmp_path))
    cache.store("docs/page.md", "k1", [Result("docs/page.md", 7, "true", "passed", 0, 0.1, "")])
    (stored,) = (tmp_path / ".docktest" / "cache").iterdir()
    stored.write_text(json.dumps(entry), encoding="utf-8")
    assert cache.lookup("docs/page.md", "k1") is None  # the page simply runs again


def _run(root: Path, *args: str) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "docktest", "run", "docs/page.md", "--format", "json", *args],
                          capture_output=True, text=True, cwd=root, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)["results"]


@pytest.mark.docker
def test_docktest_run_uses_the_cache_until_an_input_changes(tmp_path: Path) -> None:
    _page(tmp_path)
    first = _run(tmp_path)
    uuid = first[1]["output"]
    assert [r["status"] for r in first] == ["passed", "passed", "skipped"] and first[1]["message"] == ""
    again = _run(tmp_path)
    assert again[1]["output"] == uuid and again[1]["message"].startswith("from the cache: passed on ")
    assert again[2]["message"] == "skipped: not here"
    forced = _run(tmp_path, "--no-cache")
    assert forced[1]["output"] != uuid and forced[1]["message"] == ""
    (tmp_path / "docs" / "app" / "hello.txt").write_text("바뀜\n", encoding="utf-8")
    changed = _run(tmp_path)
    assert changed[0]["output"] == "바뀜\n" and changed[0]["message"] == ""


@pytest.mark.docker
def test_pytest_plugin_uses_the_cache_and_the_option_forces_a_run(tmp_path: Path) -> None:
    _page(tmp_path)
    (tmp_path / "pytest.ini").write_text("[pytest]\ntestpaths = docs\ndocktest_paths = docs\n")

    def pytest_(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                              capture_output=True, text=True, cwd=tmp_path, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    assert "from the cache" not in pytest_()
    assert "docktest: 2 commands passed from the cache" in pytest_()
    assert "from the cache" not in pytest_("--docktest-no-cache")
    assert "docktest: 2 commands passed from the cache" in pytest_("-n", "2")


def test_a_file_block_s_text_is_in_the_key(tmp_path: Path) -> None:
    """The run writes the page's file blocks before its commands: a Dockerfile edited on the page runs again."""
    shown = '```dockerfile title="Dockerfile"\nFROM python:latest\n```\n\n```bash\ndocker build .\n```\n'
    before = _key(tmp_path, _page(tmp_path, shown))
    assert _key(tmp_path, _page(tmp_path, shown.replace("python:latest", "python:3.12"))) != before
    assert _key(tmp_path, _page(tmp_path, shown + "\n이제 빌드합니다.\n")) == before
