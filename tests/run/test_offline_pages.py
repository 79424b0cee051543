"""Offline pages for real: servers from Debian-built stand-ins pass, an image offline mode lacks is not a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest import config
from docktest.check.pages import read_checked
from docktest.extract.markdown import extract_page
from docktest.model import Result
from docktest.run import runner
from docktest.run.cache import PageCache

pytestmark = pytest.mark.docker  # runs pages in real sandboxes

ROOT = Path(__file__).resolve().parents[2]


def _run(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Result]:
    """PAGE run as `docktest run` runs it (its stand-ins built first, no cache), offline."""
    monkeypatch.chdir(ROOT)
    settings = config.load(mode="offline", root=tmp_path, cache=False)
    return runner.run_page(read_checked(ROOT / page, settings.check, page), PageCache(settings),
                           lambda: runner.prepare(settings), settings)


def test_busybox_nginx_redis_and_postgres_pages_pass_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = _run("tests/fixtures/offline-stand-ins.md", tmp_path, monkeypatch)
    problems = [f"{r.line}: {r.status} {r.command} ({r.message})\n{r.output}" for r in results if r.status != "passed"]
    assert problems == []
    by_command = {r.command: r for r in results}
    assert by_command['docker run --rm busybox echo "hello from busybox"'].output.endswith("\nhello from busybox\n")
    curl = by_command["curl -s localhost:8080"]  # right after `docker run -d -p 8080:80 nginx`, no sleep on the page
    assert "<title>Welcome to nginx!</title>" in curl.output
    assert curl.stand_ins == ("busybox", "nginx")  # what its output came from is disclosed
    slow = by_command["curl -s localhost:8081"]  # its server listens 3 s after it starts: the command waited
    assert slow.waited_port == 8081 and slow.message.startswith("waited ")
    assert by_command['docker exec db psql -U postgres -d shop -tAc "SELECT name FROM items"'].output == "apple\n"
    assert results[-1].stand_ins == ("busybox", "nginx", "python", "redis", "postgres")


def test_an_image_offline_mode_lacks_makes_its_blocks_unverifiable_not_failed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = "tests/fixtures/offline-alpine.md"
    results = _run(page, tmp_path, monkeypatch)
    statuses = {r.command.split("\n")[0]: (r.status, r.unavailable_image, r.unverifiable_after) for r in results}
    line = {c.text.split("\n")[0]: c.line for s in extract_page(page) for c in s.commands}
    assert statuses == {
        "docker pull node:latest": ("passed", "", 0),
        'docker run --rm alpine echo "hello from alpine"': ("unverifiable", "alpine", 0),
        "docker run -d --name box alpine sleep 600": ("unverifiable", "alpine", 0),
        "docker exec box cat /etc/alpine-release": ("unverifiable", "alpine", line["docker run --rm alpine echo "
                                                                                 '"hello from alpine"']),
        "docker ps --format '{{.Names}}'": ("passed", "", 0),  # passes stay passes
        "docker build -t tiny - <<'DOCKERFILE'": ("unverifiable", "alpine:3.20", 0),  # named in BuildKit's words
        "docker run --rm tiny curl --version": ("unverifiable", "alpine", line["docker run --rm alpine echo "
                                                                                '"hello from alpine"']),
        "docker images --format '{{.Repository}}' node": ("passed", "", 0),
    }
    unavailable = next(r for r in results if r.status == "unverifiable")
    assert unavailable.message.startswith("image not available offline: alpine; exit status 125, expected 0")
