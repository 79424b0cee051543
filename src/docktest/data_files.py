"""The package's data files: reading one, and writing one from a public repository's git dir (for the scripts)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path


def read(name: str) -> dict:
    """data/NAME, a JSON file shipped with the package."""
    return json.loads(resources.files("docktest").joinpath("data", name).read_text(encoding="utf-8"))


def write(name: str, data: dict) -> Path:
    """Rewrite data/NAME with DATA (JSON, one item a line as diffs read best); its path."""
    target = Path(str(resources.files("docktest") / "data" / name))
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target


def git(repo: Path, *args: str) -> str:
    """What `git ARGS…` prints in the git dir REPO (a mirror of the repository a data file is made from)."""
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def regenerate(name: str, make: Callable[[Path], dict], summary: Callable[[dict], str]) -> None:
    """A script's work: rewrite data/NAME with what MAKE reads from the git dir named on the command line."""
    data = make(Path(sys.argv[1]))
    print(f"wrote {write(name, data)}: {summary(data)}")
