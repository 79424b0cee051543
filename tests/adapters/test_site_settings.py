"""A site's settings in one place: `[tool.docktest]` in pyproject.toml (CLI, pytest plugin, hook) and the MkDocs
plugin's options; `check`'s exit status by severity (`--strict`, `--severity`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docktest import project
from docktest.check import registry
from docktest.project import CheckSettings
from docktest.model import UsageError

pytest_plugins = ["pytester"]

PAGE = ("# 노트ㅋ\n\n"  # line 1: a warning (stray jamo)
        "```bash\nnotesctl deploy\ndocker inspect {이름}\n```\n")  # line 4: an error (unknown command), 5: a note
TABLE = '[tool.docktest]\nknown-commands = ["notesctl"]\n'


def docktest(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docktest", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def _site(tmp_path: Path, pyproject: str | None = None, page: str = PAGE) -> Path:
    (tmp_path / "docs" / "drafts").mkdir(parents=True, exist_ok=True)
    (tmp_path / "docs" / "a.md").write_text(page, encoding="utf-8")
    (tmp_path / "docs" / "drafts" / "b.md").write_text("```bash\ndoccker ps\n```\n", encoding="utf-8")
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return tmp_path


# --- exit status by severity -----------------------------------------------------------------------

def test_check_exits_1_on_errors_only_and_shows_every_severity(tmp_path):
    site = _site(tmp_path)
    proc = docktest("check", "docs/a.md", cwd=site)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "docs/a.md:1: warning: stray Hangul jamo 'ㅋ' (a typo?) [stray-jamo]",
        "docs/a.md:4: error: unknown command 'notesctl' [unknown-command]",
        "docs/a.md:5: note: needs values to run: {이름}: add `placeholders: {이름: …}` to a docktest marker "
        "[unbound-placeholder]"]
    assert proc.stderr == "docktest: 1 blocks checked: 1 error, 1 warning, 1 note\n"


def test_warnings_fail_only_under_strict_and_notes_never(tmp_path):
    site = _site(tmp_path, TABLE)
    assert docktest("check", "docs/a.md", cwd=site).returncode == 0  # a warning and a note
    assert docktest("check", "--strict", "docs/a.md", cwd=site).returncode == 1
    (site / "docs" / "a.md").write_text("```bash\ndocker inspect {이름}\n```\n", encoding="utf-8")
    assert docktest("check", "--strict", "docs/a.md", cwd=site).returncode == 0  # only a note


def test_severity_picks_the_floor_shown_and_the_exit_status_follows_what_is_shown(tmp_path):
    site = _site(tmp_path)
    proc = docktest("check", "--severity", "warning", "docs/a.md", cwd=site)
    assert [line.split(": ")[1] for line in proc.stdout.splitlines()] == ["warning", "error"]
    assert proc.stderr == "docktest: 1 blocks checked: 1 error, 1 warning\n"
    site = _site(tmp_path, TABLE)
    proc = docktest("check", "--strict", "--severity", "error", "docs/a.md", cwd=site)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "docktest: 1 blocks checked: 0 errors\n")
    assert docktest("check", "--severity", "fatal", "docs/a.md", cwd=site).returncode == 2


# --- [tool.docktest] in pyproject.toml -------------------------------------------------------------

def test_pyproject_settings_apply_to_check_and_extract(tmp_path):
    site = _site(tmp_path, TABLE + 'disable = ["unbound-placeholder"]\nexclude = ["drafts"]\n'
                 '[tool.docktest.severity]\nstray-jamo = "error"\n')
    proc = docktest("check", str(site / "docs"), cwd=tmp_path.parent)  # found from the pages up, not from here
    assert (proc.returncode, proc.stdout) == (
        1, f"{site.as_posix()}/docs/a.md:1: error: stray Hangul jamo 'ㅋ' (a typo?) [stray-jamo]\n")
    written = docktest("extract", "docs", "--write", "snippets", cwd=site)
    assert written.stdout == "docs/a.md:1: error: stray Hangul jamo 'ㅋ' (a typo?) [stray-jamo]\n"
    assert not (site / "snippets" / "drafts").exists() and (site / "snippets" / "a" / "01.sh").exists()
    assert "drafts" not in docktest("extract", "--format", "text", "docs", cwd=site).stdout


def test_the_nearest_pyproject_with_the_table_is_read(tmp_path):
    site = _site(tmp_path, TABLE)
    (site / "docs" / "pyproject.toml").write_text("[project]\nname = 'not-docktest-settings'\n", encoding="utf-8")
    assert "notesctl" not in docktest("check", "docs/a.md", cwd=site).stdout


@pytest.mark.parametrize("table, message", [
    ('[tool.docktest]\ndisabel = ["x"]\n', "pyproject.toml [tool.docktest]: unknown key 'disabel' (did you mean "
                                          "'disable'?)"),
    ('[tool.docktest]\ndisable = ["stray-jam"]\n', "pyproject.toml [tool.docktest]: disable: unknown rule "
                                                   "'stray-jam' (did you mean 'stray-jamo'?)"),
    ('[tool.docktest.severity]\nunknwon-command = "note"\n',
     "pyproject.toml [tool.docktest]: severity: unknown rule 'unknwon-command' (did you mean 'unknown-command'?)"),
    ('[tool.docktest.severity]\nstray-jamo = "fatal"\n', "pyproject.toml [tool.docktest]: severity of 'stray-jamo' "
                                                         "must be error, warning or note, not 'fatal'"),
    ('[tool.docktest]\nexclude = "drafts"\n', "pyproject.toml [tool.docktest]: exclude must be a list of strings, "
                                              "e.g. exclude = [\"docs/drafts/*\"]"),
    ("[tool.docktest\n", "pyproject.toml: not valid TOML: "),
])
def test_a_wrong_setting_is_a_usage_error_saying_what_was_meant(tmp_path, table, message):
    site = _site(tmp_path, table)
    for command in ("check", "extract", "run"):
        proc = docktest(command, "docs/a.md", cwd=site)
        assert proc.returncode == 2 and proc.stderr.startswith(f"docktest: error: {message}"), (command, proc.stderr)


def test_exclude_globs():
    folder = Path("/site").resolve()
    settings = CheckSettings(exclude=tuple((folder, glob) for glob in ("docs/drafts", "*.draft.md", "docs/x/*.md")))
    assert [settings.excludes(folder / path) for path in (
        "docs/drafts/a.md", "docs/drafts/deep/b.md", "docs/a.draft.md", "docs/x/y/z.md", "docs/a.md",
        "docs/drafts-2/a.md")] == [True, True, True, True, False, False]
    assert not settings.excludes(Path("/elsewhere/docs/drafts/a.md"))


def test_plugin_options_join_the_pyprojects_and_win_on_severity(tmp_path):
    site = _site(tmp_path, TABLE + 'disable = ["stray-jamo"]\n[tool.docktest.severity]\nmarker = "error"\n')
    given = project.read({"disable": ["docker"], "severity": {"marker": "note"}}, "mkdocs.yml plugins.docktest", site)
    settings = registry.project_settings(site, given)
    assert settings.disable == {"stray-jamo", "docker-usage"} and settings.severity == {"marker": "note"}
    assert settings.known_commands == {"notesctl"}
    with pytest.raises(UsageError, match=r"^mkdocs.yml plugins.docktest: disable: unknown rule 'dockr' "
                                         r"\(did you mean 'docker-usage'\?\)$"):
        registry.project_settings(site, project.read({"disable": ["dockr"]}, "mkdocs.yml plugins.docktest", site))


# --- the MkDocs plugin and the pytest plugin read the same -----------------------------------------

def _mkdocs(site: Path, plugin: str, *args: str) -> subprocess.CompletedProcess:
    (site / "mkdocs.yml").write_text(f"site_name: t\nplugins:\n{plugin}", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=site, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_mkdocs_logs_notes_as_info_and_fails_strict_on_warnings(tmp_path):
    site = _site(tmp_path, TABLE + 'exclude = ["drafts"]\n')
    build = _mkdocs(site, "  - docktest\n", "--strict")
    lines = [line for line in build.stderr.splitlines() if "docs/" in line]
    assert lines == ["WARNING -  docs/a.md:1: warning: stray Hangul jamo 'ㅋ' (a typo?) [stray-jamo]",
                     "INFO    -  docs/a.md:5: note: needs values to run: {이름}: add `placeholders: {이름: …}` to a "
                     "docktest marker [unbound-placeholder]"]
    assert build.returncode == 1
    assert not (site / "snippets" / "drafts").exists()
    (site / "docs" / "a.md").write_text("```bash\ndocker inspect {이름}\n```\n", encoding="utf-8")
    assert _mkdocs(site, "  - docktest\n", "--strict").returncode == 0  # a note never fails a build


def test_mkdocs_plugin_options_configure_the_check(tmp_path):
    site = _site(tmp_path)
    options = ("  - docktest:\n      known_commands: [notesctl]\n      disable: [unbound-placeholder]\n"
               "      exclude: [drafts]\n      severity:\n        stray-jamo: note\n")
    build = _mkdocs(site, options, "--strict")
    assert build.returncode == 0, build.stderr
    assert [line for line in build.stderr.splitlines() if "docs/" in line] == [
        "INFO    -  docs/a.md:1: note: stray Hangul jamo 'ㅋ' (a typo?) [stray-jamo]"]
    wrong = _mkdocs(site, "  - docktest:\n      disable: [stray-jam]\n")
    assert wrong.returncode == 1
    assert ("docktest: mkdocs.yml plugins.docktest: disable: unknown rule 'stray-jam' (did you mean 'stray-jamo'?)"
            in wrong.stderr)
    wrong = _mkdocs(site, "  - docktest:\n      severity: {stray-jamo: fatal}\n")
    assert wrong.returncode == 1 and "Plugin 'docktest' option 'severity'" in wrong.stderr


def test_pytest_plugin_collects_no_excluded_page(pytester: pytest.Pytester):
    pytester.makefile(".toml", pyproject='[tool.pytest.ini_options]\ndocktest_paths = ["docs"]\n'
                                         '[tool.docktest]\nexclude = ["docs/drafts"]\n')
    pytester.mkdir("docs")
    pytester.mkdir("docs/drafts")
    (pytester.path / "docs" / "a.md").write_text("```bash\necho a\n```\n", encoding="utf-8")
    (pytester.path / "docs" / "drafts" / "b.md").write_text("```bash\necho b\n```\n", encoding="utf-8")
    collected = pytester.runpytest("--collect-only", "-q", "-p", "no:cacheprovider", "docs")
    assert [line for line in collected.outlines if "::" in line] == ["docs/a.md::L2"]
