"""The example projects the notes build really work: rng.py with python3, server.js with the host's node."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.parse
import urllib.request

import pytest

from conftest import ROOT

EXAMPLES = ROOT / "docs" / "examples"
# Straight to loopback, whatever proxy the environment names.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _rng(stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(["python3", str(EXAMPLES / "rng" / "rng.py")], input=stdin,
                          capture_output=True, text=True, timeout=30)


def test_rng_prints_a_number_between_the_minimum_and_maximum():
    for _ in range(3):
        result = _rng("3\n7\n")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("최솟값을 입력하세요: 최댓값을 입력하세요: ")
        assert 3 <= int(result.stdout.split(": ")[-1]) <= 7


def test_rng_with_equal_bounds_prints_that_number():
    assert _rng("5\n5\n").stdout.split(": ")[-1].strip() == "5"


def test_rng_refuses_a_maximum_below_the_minimum():
    assert "최댓값은 최솟값보다 작을 수 없습니다." in _rng("9\n1\n").stdout


def test_rng_dockerfile_runs_rng_py_as_the_page_says():
    dockerfile = (EXAMPLES / "rng" / "Dockerfile-rng").read_text(encoding="utf-8")
    instructions = [line.split(maxsplit=1) for line in dockerfile.splitlines() if line.strip()]
    assert instructions == [["FROM", "python"], ["WORKDIR", "/app"], ["COPY", "rng.py ."], ["CMD", '["python", "rng.py"]']]


def test_goals_dockerfile_serves_server_js_on_port_80():
    dockerfile = (EXAMPLES / "goals" / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM node$", dockerfile, re.M)
    assert re.search(r"^EXPOSE 80$", dockerfile, re.M)
    assert re.search(r'^CMD \["node", "server.js"\]$', dockerfile, re.M)
    assert not (EXAMPLES / "goals" / "package.json").exists()  # no npm dependencies to install


@pytest.fixture
def goals_url():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the goals example needs Node.js (Debian: apt-get install nodejs)")
    env = {**os.environ, "PORT": "0", "HOST": "127.0.0.1"}
    server = subprocess.Popen([node, "server.js"], cwd=EXAMPLES / "goals", env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()  # "listening on http://127.0.0.1:PORT", once it listens
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, f"server.js did not start: {line!r} {server.stderr.read() if server.poll() is not None else ''}"
        yield f"http://127.0.0.1:{match.group(1)}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
        server.stderr.close()


def test_goals_serves_its_page_and_stores_a_goal(goals_url):
    with _OPENER.open(goals_url + "/", timeout=10) as response:
        assert response.status == 200
        assert "나의 강의 목표" in response.read().decode("utf-8")

    form = urllib.parse.urlencode({"goal": "<Docker> 마스터하기"}).encode()
    with _OPENER.open(urllib.request.Request(goals_url + "/store-goal", data=form), timeout=10) as response:
        page = response.read().decode("utf-8")  # urllib follows the 303 back to /
    assert response.url == goals_url + "/"
    assert '<p id="goal">&#60;Docker&#62; 마스터하기</p>' in page


def test_goals_answers_404_for_other_paths(goals_url):
    with pytest.raises(urllib.error.HTTPError) as error:
        _OPENER.open(goals_url + "/nothing", timeout=10)
    assert error.value.code == 404
