"""`mkdocs serve` with live re-verification: blocks run in the background, an edit re-runs them (of the page or of an
example file it uses), Ctrl-C cleans up."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, owned as _owned, wait_until

pytestmark = pytest.mark.docker

EXTENSIONS = """markdown_extensions:
  - pymdownx.highlight:
      pygments_lang_class: true
  - pymdownx.superfences
  - notes_site.marks
"""
# This site's way (its hooks: live by default, as `bash .ci/serve` serves it) and any other site's (the plugin's
# typed option).
SITES = {
    "hooks": ("hooks:\n  - hooks/docktest_hook.py\n  - hooks/verification_hook.py\n", {}),
    "plugin": ("plugins:\n  - docktest:\n      live: true\n", {}),
}
# The first block reads a file of its example folder (docs/app), copied into the sandbox.
PAGE = "# 라이브\n\n<!-- docktest workdir: app -->\n```bash\ngrep 하나 greeting.txt\n```\n\n```bash\necho 둘\n```\n"
MARK = re.compile(r'<p class="docktest-mark docktest-mark--(\w+)"')
STARTED = re.compile(r"docktest live: starting a sandbox for the next run \(process (\d+)\)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _served(url: str) -> str:
    """The page as served now ("" while serve is not answering yet)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _marks(url: str) -> list[str]:
    return MARK.findall(_served(url))


@pytest.mark.parametrize("site", SITES)
def test_serve_reruns_an_edited_page_and_removes_its_sandboxes_on_ctrl_c(tmp_path: Path, site: str) -> None:
    wiring, live_env = SITES[site]
    (tmp_path / "mkdocs.yml").write_text(f"site_name: live\ntheme:\n  name: material\n{wiring}{EXTENSIONS}",
                                         encoding="utf-8")
    shutil.copytree(ROOT / "hooks", tmp_path / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    page = tmp_path / "docs" / "index.md"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    greeting = tmp_path / "docs" / "app" / "greeting.txt"
    greeting.parent.mkdir()
    greeting.write_text("하나\n", encoding="utf-8")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    env = {key: value for key, value in os.environ.items() if key not in ("DOCKTEST_RESULTS", "DOCKTEST_LIVE")}
    env.update(live_env, NO_MKDOCS_2_WARNING="1")
    with log.open("w") as out:
        serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr",
                                  f"127.0.0.1:{port}"], cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)

    def said() -> str:
        return f"serve said:\n{log.read_text(errors='replace')}"

    try:
        # Served at once, while the first run has hardly begun: no results yet, so no marks.
        first = wait_until("the page served", lambda: _served(url), said)
        assert "하나" in first and MARK.search(first) is None
        wait_until("both blocks verified", lambda: _marks(url) == ["verified", "verified"], said)

        page.write_text(PAGE.replace("echo 둘", "false"), encoding="utf-8")
        wait_until("the edited block failed", lambda: _marks(url) == ["verified", "failed"], said)
        results = (tmp_path / ".docktest" / "results.json").read_text(encoding="utf-8")
        assert '"command": "false"' in results and '"command": "echo 둘"' not in results

        # Only the example file changes: the page's blocks still match their results, yet its run's inputs differ.
        greeting.write_text("셋\n", encoding="utf-8")
        wait_until("the block reading the example failed", lambda: _marks(url) == ["failed", "failed"], said)

        # The next run's sandbox is already up when serve is stopped: it must go too.
        ready = int(wait_until("a fourth sandbox", lambda: STARTED.findall(log.read_text())[3:], said)[0])
        wait_until(f"process {ready}'s sandbox", lambda: _owned(ready), said)
        serve.send_signal(signal.SIGINT)
        assert serve.wait(timeout=300) == 0, log.read_text()
    finally:
        serve.kill()
    started = [int(pid) for pid in STARTED.findall(log.read_text())]
    assert len(started) >= 4  # the first run, the edited page's run, the example's, the one waiting for the next save
    assert {pid: _owned(pid) for pid in started} == {pid: [] for pid in started}
