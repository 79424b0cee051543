"""A page that uses what a current reader's Docker has — BuildKit, buildx, Compose v2 — runs offline as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docktest import config
from docktest.extract.markdown import extract_page
from docktest.run import runner

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parents[2]
PAGE = "tests/fixtures/modern-docker.md"


def test_modern_docker_page_passes_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    options = config.load(mode="offline")
    monkeypatch.chdir(ROOT)
    snippets = extract_page(PAGE)
    results = runner.run_snippets(snippets, (ROOT / PAGE).parent, runner.prepare(options), options)
    assert [r.line for r in results] == [c.line for s in snippets for c in s.commands]
    problems = [f"{r.path}:{r.line}: {r.status} {r.command}\n{r.output}" for r in results if r.status != "passed"]
    assert problems == []
    output = {r.command: r.output for r in results}
    # Client and server are both Engine 26, the release Debian 13 packages.
    versions = output["docker version --format '{{.Client.Version}} {{.Server.Version}}'"]
    assert re.fullmatch(r"26\.\d+\.\d+\S* 26\.\d+\.\d+\S*\n", versions), versions
    assert output["docker buildx version"].startswith("github.com/docker/buildx 0.13.")
    assert output["docker compose version"].startswith("Docker Compose version 2.")
    assert "#1 [internal] load build definition from Dockerfile" in output["docker build -t greeter ."]
    assert output["docker run --rm greeter cat greeting.txt"] == "hello from a multi-stage build\n"
    assert re.search(r"^greeter\s+buildx\s", output["sudo docker image ls greeter"], re.M)
    for service in ("web", "client"):  # the built one and the pulled one, both up
        assert re.search(rf"\s{service}\s+.*\sUp ", output["docker compose ps"]), output["docker compose ps"]
    assert "greeter listening on :8000" in output["docker compose logs web"]
