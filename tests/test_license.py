"""The LICENSE file is the license pyproject.toml declares."""

from __future__ import annotations

import tomllib

from conftest import ROOT


def test_license_file_matches_the_declared_license() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert declared == "MIT" and text.startswith("MIT License\n")
    assert "Copyright (c) 2026 Docker 노트 contributors" in text
