"""The `docktest` MkDocs plugin, found by its entry point, on a small second site that is not this one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PAGE = "# 다른 사이트\n\n```bash\ndocker ps -a\n```\n\n```bash\ndoccker ps\n```\n"


def _site(tmp_path: Path, plugin: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: 다른 사이트\nplugins:\n{plugin}", encoding="utf-8")
    return tmp_path


def _mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=project, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_one_line_of_config_writes_snippets_and_fails_strict_on_a_broken_command(tmp_path):
    project = _site(tmp_path, "  - docktest\n")
    build = _mkdocs(project, "--strict")
    assert build.returncode == 1
    assert "WARNING -  docs/index.md:8: error: unknown command 'doccker' (did you mean 'docker'?)" in build.stderr
    assert (project / "snippets" / "index" / "01.sh").read_text(encoding="utf-8").endswith("\ndocker ps -a\n")
    assert (project / "snippets" / "index" / "02.sh").exists() and (project / "snippets" / "manifest.json").exists()
    assert _mkdocs(project).returncode == 0  # not strict: the site builds, the warning stays a warning


def test_options_are_typed(tmp_path):
    project = _site(tmp_path, "  - docktest:\n      snippets_dir: build/scripts\n")
    assert _mkdocs(project).returncode == 0
    assert (project / "build" / "scripts" / "index" / "01.sh").exists() and not (project / "snippets").exists()

    (project / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - docktest:\n      enabled: maybe\n",
                                        encoding="utf-8")
    wrong = _mkdocs(project)
    assert wrong.returncode == 1
    assert "Plugin 'docktest' option 'enabled': Expected type: <class 'bool'> but received: <class 'str'>" in (
        wrong.stderr)

    (project / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - docktest:\n      live: soon\n", encoding="utf-8")
    wrong = _mkdocs(project)
    assert wrong.returncode == 1
    assert "Plugin 'docktest' option 'live': Expected type: <class 'bool'> but received: <class 'str'>" in wrong.stderr


def test_live_runs_nothing_on_build(tmp_path):
    """Live re-verification is for `serve`: a build with it on neither starts a sandbox nor writes results."""
    project = _site(tmp_path, "  - docktest:\n      live: true\n")
    build = _mkdocs(project)
    assert build.returncode == 0, build.stderr
    assert "docktest live" not in build.stderr and not (project / ".docktest").exists()


def test_properdocs_finds_it_by_the_same_entry_point(tmp_path):
    project = _site(tmp_path, "  - docktest\n")
    # ProperDocs' own default theme is a separate package; Material is installed with the site.
    (project / "mkdocs.yml").write_text("site_name: t\ntheme:\n  name: material\nplugins:\n  - docktest\n",
                                        encoding="utf-8")
    build = subprocess.run([str(Path(sys.executable).parent / "properdocs"), "build", "--strict", "-f", "mkdocs.yml"],
                           cwd=project, capture_output=True, text=True, timeout=300)
    assert build.returncode == 1
    assert "WARNING -  docs/index.md:8: error: unknown command 'doccker' (did you mean 'docker'?)" in build.stderr
    assert (project / "snippets" / "index" / "02.sh").exists()


def test_disabled_writes_nothing(tmp_path):
    project = _site(tmp_path, "  - docktest:\n      enabled: false\n")
    build = _mkdocs(project, "--strict")
    assert build.returncode == 0, build.stderr
    assert not (project / "snippets").exists()


# A hook that, once the build is done, writes which of the runner's heavy modules the process has imported.
IMPORTS_PROBE = """import json, sys

def on_post_build(config):
    heavy = ("pexpect", "pytest", "_pytest", "pytest_docker")
    with open("imported.json", "w") as out:
        json.dump(sorted(name for name in sys.modules if name.split(".")[0] in heavy), out)
"""


@pytest.mark.parametrize("plugins, hooks", [
    ("plugins:\n  - docktest\n", []),  # any site's way
    ("", ["hooks/docktest_hook.py", "hooks/verification_hook.py"]),  # this site's
], ids=["plugin", "hooks"])
def test_a_build_imports_nothing_only_running_needs(tmp_path, plugins, hooks):
    """`mkdocs build` checks and writes snippets; pexpect, pytest and pytest-docker are for runs (live serve)."""
    project = _site(tmp_path, "")
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "hooks" / "imports_probe.py").write_text(IMPORTS_PROBE, encoding="utf-8")
    listed = "".join(f"  - {hook}\n" for hook in ["hooks/imports_probe.py", *hooks])
    (project / "mkdocs.yml").write_text(f"site_name: t\n{plugins}hooks:\n{listed}"
                                        "markdown_extensions:\n  - notes_site.marks\n", encoding="utf-8")
    build = _mkdocs(project)
    assert build.returncode == 0, build.stderr
    assert (project / "snippets" / "index" / "01.sh").exists()  # the build did the plugin's work
    assert json.loads((project / "imported.json").read_text(encoding="utf-8")) == []
