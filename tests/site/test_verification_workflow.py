"""The publish workflow runs the blocks, annotates, uploads JUnit, builds with the results, deploys, then fails if due.

actionlint itself runs in test_site_workflows.py; here the order of the steps, and the annotate
step's own script, run by bash on a saved results file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT
from docktest.model import Result
from docktest.report.formats import format_results

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def _workflow() -> dict:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True)  # YAML 1.1 reads the key `on` as true
    return workflow


def _step(steps: list[dict], text: str) -> int:
    """The index of the one step whose `run` or `uses` contains text."""
    found = [i for i, step in enumerate(steps) if text in step.get("run", "") + step.get("uses", "")]
    assert len(found) == 1, (text, found)
    return found[0]


def test_blocks_run_before_the_build_that_reads_their_results():
    steps = _workflow()["jobs"]["build"]["steps"]
    check = _step(steps, "docktest check docs --format github")
    run = _step(steps, "docktest run docs --format json > .docktest/results.json")
    annotate = _step(steps, "docktest report .docktest/results.json --format github")
    upload = _step(steps, "actions/upload-artifact@")
    build = _step(steps, "mkdocs build --strict")
    pages = _step(steps, "actions/upload-pages-artifact@")
    assert check < run < annotate < upload < build < pages
    assert steps[check]["continue-on-error"] is True and steps[run]["continue-on-error"] is True
    assert steps[upload]["with"] == {"name": "docktest-junit", "path": "docktest-junit.xml"}
    assert "docktest-junit.xml" in steps[annotate]["run"]
    assert "DOCKTEST_RESULTS" not in steps[build].get("env", {})  # the default place, .docktest/results.json


def test_a_failed_check_or_run_still_deploys_then_turns_the_workflow_red():
    jobs = _workflow()["jobs"]
    assert jobs["build"]["outputs"] == {"check": "${{ steps.check.outcome }}", "run": "${{ steps.run.outcome }}"}
    assert jobs["deploy"]["needs"] == "build"
    verdict = jobs["verdict"]
    assert verdict["needs"] == ["build", "deploy"]
    assert verdict["if"] == "needs.build.outputs.check != 'success' || needs.build.outputs.run != 'success'"
    assert verdict["steps"][-1]["run"].rstrip().endswith("exit 1")


def _annotate(tmp_path: Path, results_text: str) -> subprocess.CompletedProcess[str]:
    """The annotate step's script, run by bash -e as GitHub runs it, in a folder holding the results file."""
    steps = _workflow()["jobs"]["build"]["steps"]
    script = steps[_step(steps, "docktest report .docktest/results.json --format github")]["run"]
    (tmp_path / ".docktest").mkdir()
    (tmp_path / ".docktest" / "results.json").write_text(results_text, encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)


def test_annotate_step_reports_failures_and_writes_junit(tmp_path):
    results = [Result("docs/a.md", 4, "docker pull node:latest", "passed", 0, 1.0, ""),
               Result("docs/a.md", 6, "docker run nod", "failed", 125, 0.5, "Unable to find image\n")]
    done = _annotate(tmp_path, format_results(results, "json"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "::error file=docs/a.md,line=6,title=docktest run%3A failed::docker run nod (exit status 125, expected 0)\n")
    assert "1 passed, 1 failed, 0 timeout, 0 skipped" in done.stdout
    assert '<failure type="failed" message="docs/a.md:6: exit status 125, expected 0">' in (
        tmp_path / "docktest-junit.xml").read_text(encoding="utf-8")


def test_annotate_step_fails_on_a_broken_results_file(tmp_path):
    done = _annotate(tmp_path, "")  # `docktest run` broke before writing anything
    assert done.returncode != 0
    assert "docktest: error: .docktest/results.json:1: not valid JSON" in done.stderr


def test_the_result_cache_is_kept_between_runs_and_a_manual_run_can_ignore_it():
    workflow = _workflow()
    steps = workflow["jobs"]["build"]["steps"]
    cache = _step(steps, "actions/cache@")
    run = _step(steps, "docktest run docs --format json > .docktest/results.json")
    assert cache < run
    # Every push saves a new entry and restores the newest: docktest's per-page content keys decide what reruns.
    assert steps[cache]["with"] == {"path": ".docktest/cache", "key": "docktest-results-${{ runner.os }}-${{ github.sha }}",
                                    "restore-keys": "docktest-results-${{ runner.os }}-"}
    full_run = workflow["on"]["workflow_dispatch"]["inputs"]["full_run"]
    assert (full_run["type"], full_run["default"]) == ("boolean", False)
    assert steps[run]["env"]["DOCKTEST_NO_CACHE"] == "${{ inputs.full_run && '1' || '' }}"
    from docktest import config

    assert config.load(env={"DOCKTEST_NO_CACHE": "1"}).cache is False  # what that variable does
    assert config.load(env={"DOCKTEST_NO_CACHE": ""}).cache is True  # and the empty value of a push
