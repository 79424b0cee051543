"""`--shard i/n`: every page in exactly one shard, the same split whatever order pages come in, in CLI and plugin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from docktest.run import shard
from docktest.model import UsageError

PAGES = ["docs/d.md", "docs/a.md", "docs/guide/c.md", "docs/b.md", "docs/e.md"]


def test_shards_cover_each_page_once_balanced_and_independent_of_order() -> None:
    shares = [shard.select(PAGES, (i, 2)) for i in (1, 2)]
    assert shares == [["docs/d.md", "docs/a.md", "docs/guide/c.md"], ["docs/b.md", "docs/e.md"]]
    assert [shard.select(list(reversed(PAGES)), (i, 2)) for i in (1, 2)] == [list(reversed(s)) for s in shares]
    thirds = [shard.select(PAGES, (i, 3)) for i in (1, 2, 3)]
    assert sorted(p for share in thirds for p in share) == sorted(PAGES)
    assert [len(share) for share in thirds] == [2, 2, 1]
    assert shard.select(PAGES, (1, 1)) == PAGES


@pytest.mark.parametrize("text", ["0/2", "3/2", "1/0", "a/b", "1", "1/2/3"])
def test_a_malformed_shard_says_the_form(text: str) -> None:
    with pytest.raises(UsageError, match=r"expected i/n with 1 ≤ i ≤ n"):
        shard.parse(text)


def _project(root: Path) -> None:
    (root / "docs").mkdir()
    for name in ("a", "b", "c"):
        (root / "docs" / f"{name}.md").write_text(f"# {name}\n\n<!-- docktest skip: shard test -->\n"
                                                  f"```bash\necho {name}\n```\n", encoding="utf-8")
    (root / "pytest.ini").write_text("[pytest]\ntestpaths = docs\ndocktest_paths = docs\n")


@pytest.mark.docker
def test_docktest_run_and_the_plugin_pick_the_same_pages(tmp_path: Path) -> None:
    _project(tmp_path)
    picked = {}
    for index in (1, 2):
        done = subprocess.run([sys.executable, "-m", "docktest", "run", "docs", "--shard", f"{index}/2",
                               "--format", "json"], capture_output=True, text=True, cwd=tmp_path, timeout=600)
        assert done.returncode == 0, done.stderr
        picked[index] = [r["path"] for r in json.loads(done.stdout)["results"]]
    assert picked == {1: ["docs/a.md", "docs/c.md"], 2: ["docs/b.md"]}
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "--docktest-shard", "2/2"],
                               capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert collected.stdout.splitlines()[0] == "docs/b.md::L5"
    assert "1/3 tests collected (2 deselected)" in collected.stdout
    bad = subprocess.run([sys.executable, "-m", "docktest", "run", "docs", "--shard", "3/2"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert bad.returncode == 2 and "--shard '3/2': expected i/n" in bad.stderr


def test_the_validate_workflow_runs_every_shard_of_the_pages() -> None:
    import yaml

    workflow = yaml.safe_load((Path(__file__).resolve().parents[2] / ".github/workflows/validate.yml").read_text())
    job = workflow["jobs"]["pages"]
    shards = job["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) > 1
    assert job["steps"][-1]["run"] == 'docktest run docs --shard "${{ matrix.shard }}/${{ strategy.job-total }}"'
