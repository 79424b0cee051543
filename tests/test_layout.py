"""The engine's shape: stages import one way (extract ← check ← compare ← sandbox ← run ← report ← adapters), modules
stay readable."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "docktest"
# A stage may import its own and earlier stages; the shared modules (model, config, suggest) come first of all.
STAGES = {"": 0, "extract": 1, "check": 2, "compare": 3, "sandbox": 4, "run": 5, "report": 6, "adapters": 7}
MAX_LINES = 300
PYTHON = sorted([*PACKAGE.rglob("*.py"), *(ROOT / "src" / "notes_site").rglob("*.py"), *(ROOT / "hooks").glob("*.py")])


def _stage(module: str) -> str:
    """docktest.run.cache → "run"; docktest.model → "" (shared); `python -m docktest` is the CLI."""
    if module == "docktest.__main__":
        return "adapters"
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in STAGES else ""


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(part for part in relative.parts if part != "__init__")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of a docktest or notes_site module, nested ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] in ("docktest", "notes_site")]


def test_stages_import_only_themselves_and_earlier_stages() -> None:
    backwards = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        for line, imported in _imports(path):
            if imported.startswith("notes_site"):
                backwards.append(f"{path.relative_to(ROOT)}:{line}: the engine imports site code {imported}")
            elif STAGES[_stage(imported)] > STAGES[_stage(module)]:
                backwards.append(f"{path.relative_to(ROOT)}:{line}: {_stage(module) or 'shared'} imports {imported}")
    assert backwards == []


# What a page's findings come from: the runner is handed them (model.CheckedPage) and never asks again.
CHECKS = ("docktest.check.rules", "docktest.check.pages")


def test_the_runner_never_calls_the_checks() -> None:
    """run/ reads check/'s docker command table (docker_table, docker_args) but imports no rule and no page check:
    extraction and the checks read a page once, before the runner is handed it."""
    calls = [f"{path.relative_to(ROOT)}:{line}: {imported}" for path in sorted((PACKAGE / "run").rglob("*.py"))
             for line, imported in _imports(path) if imported.startswith(CHECKS)]
    assert calls == []


def test_importing_the_runner_loads_no_check() -> None:
    """Not even through another module: a process that imports the runner and the live worker has no rule loaded."""
    program = ("import sys, docktest.run.runner, docktest.run.live; "
               "print(*sorted(name for name in sys.modules if name.startswith('docktest.check')))")
    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)}).stdout.split()
    assert "docktest.check.docker_table" in loaded  # the table, which the classifier reads
    assert [name for name in loaded if name.startswith(CHECKS)] == []


@pytest.mark.parametrize("path", PYTHON, ids=lambda path: str(path.relative_to(ROOT)))
def test_modules_are_short_enough_to_read_in_one_sitting(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it by what it does"


def test_every_module_opens_with_a_sentence_saying_its_job() -> None:
    undocumented = [str(path.relative_to(ROOT)) for path in PYTHON if not ast.get_docstring(ast.parse(path.read_text()))]
    assert undocumented == []


def test_nothing_runs_through_a_shell() -> None:
    """Every subprocess gets an argument list: no `shell=True` (quoting, injection, no timeout by default)."""
    shelled = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in PYTHON
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.keyword) and node.arg == "shell"
               and not (isinstance(node.value, ast.Constant) and node.value.value is False)]
    assert shelled == []


def test_only_the_pytest_plugin_imports_pytest_docker() -> None:
    """The engine (CLI, live) drives Compose itself; pytest-docker is how the pytest plugin gives pages sandboxes."""
    importers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == "pytest_docker" for name in names):
                importers.append(_module_name(path))
    assert set(importers) <= {"docktest.adapters.pytest_sandbox"}
