"""`docktest report RESULTS`: a saved run shown again as annotations, JUnit or text, as the publish workflow uses it."""

from __future__ import annotations

from xml.etree import ElementTree

from docktest.adapters import cli
from docktest.model import Result
from docktest.report.formats import format_results

RESULTS = [
    Result("docs/a.md", 4, "docker pull node:latest", "passed", 0, 1.0, "ok\n"),
    Result("docs/a.md", 6, "docker run -it node, %x", "failed", 125, 0.5, "Unable to find image\n"),
    Result("docs/a.md", 9, "sleep 100", "timeout", None, 60.0, ""),
    Result("docs/b.md", 3, "rm -rf /", "skipped", None, 0.0, ""),
]


def _saved(tmp_path) -> str:
    path = tmp_path / "results.json"
    path.write_text(format_results(RESULTS, "json"), encoding="utf-8")  # as `docktest run --format json` writes it
    return str(path)


def test_github_annotations_put_each_failure_on_its_line(tmp_path, capsys):
    assert cli.main(["report", _saved(tmp_path), "--format", "github"]) == 1
    assert capsys.readouterr().out == (
        "::error file=docs/a.md,line=6,title=docktest run%3A failed::docker run -it node, %25x (exit status 125, expected 0)\n"
        "::error file=docs/a.md,line=9,title=docktest run%3A timeout::sleep 100 (timed out)\n")


def test_junit_from_a_saved_run_names_the_failures(tmp_path, capsys):
    assert cli.main(["report", _saved(tmp_path), "--format", "junit"]) == 1
    suites = ElementTree.fromstring(capsys.readouterr().out)
    assert [(s.get("name"), s.get("tests"), s.get("failures"), s.get("skipped")) for s in suites] == [
        ("docs/a.md", "3", "2", "0"), ("docs/b.md", "1", "0", "1")]
    assert [f.get("message") for f in suites.iter("failure")] == [
        "docs/a.md:6: exit status 125, expected 0", "docs/a.md:9: timed out"]


def test_a_run_with_no_failure_exits_0(tmp_path, capsys):
    path = tmp_path / "results.json"
    path.write_text(format_results(RESULTS[:1], "json"), encoding="utf-8")
    assert cli.main(["report", str(path)]) == 0
    assert capsys.readouterr().out == "1 passed, 0 failed, 0 timeout, 0 skipped\n"


def test_a_missing_or_broken_results_file_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["report", str(tmp_path / "none.json")]) == 2
    missing = tmp_path / "none.json"
    assert capsys.readouterr().err == f"docktest: error: {missing}: cannot read: No such file or directory\n"
    broken = tmp_path / "broken.json"
    broken.write_text("{\n", encoding="utf-8")
    assert cli.main(["report", str(broken)]) == 2
    assert capsys.readouterr().err.startswith(f"docktest: error: {broken}:2: not valid JSON: ")
