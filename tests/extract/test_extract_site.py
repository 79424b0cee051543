"""The site renders exactly the shell blocks docktest extracts: a real `mkdocs build` with the site's config
(which names each block's language: `pygments_lang_class`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from docktest.extract.markdown import SHELL_LANGS, extract_page
from docktest.report.rendered import CODE_BLOCK, rendered_block

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def _site_hooks() -> list[str]:
    return re.findall(r"^\s+-\s+(hooks/\S+\.py)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)


def _build(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    for name in ("extract-tricky.md", "section02-original.md"):
        shutil.copy(FIXTURES / name, docs / f"fixture-{name}")
    hooks = [str(ROOT / hook) for hook in _site_hooks()]
    (tmp_path / "mkdocs.yml").write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs\nnav: null\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n"
        "hooks:\n" + "".join(f"  - {hook}\n" for hook in hooks), encoding="utf-8")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "mkdocs.yml"),
                           "-d", str(site)], capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return site


def _rendered(page_html: str) -> list[tuple[str, str]]:
    blocks = [rendered_block(match) for match in CODE_BLOCK.finditer(page_html)]
    return [(block.lang, block.text.strip("\n")) for block in blocks if block.lang in SHELL_LANGS]


def test_rendered_shell_blocks_are_the_extracted_ones(tmp_path):
    site = _build(tmp_path)
    docs = tmp_path / "docs"
    pages = sorted(docs.rglob("*.md"))
    assert any(p.name == "fixture-extract-tricky.md" for p in pages)
    compared = 0
    for page in pages:
        src = page.relative_to(docs).with_suffix("")
        out = site / ("index.html" if src.name == "index" and src.parent == Path(".") else src / "index.html")
        if src.name in ("index", "README") and src.parent != Path("."):  # an example's README: its page's first part
            out = site / src.parent / "index.html"
        rendered = _rendered(out.read_text(encoding="utf-8"))
        extracted = [(s.lang, s.code.strip("\n")) for s in extract_page(str(page))]
        assert rendered == extracted, page.name
        compared += len(extracted)
    assert compared >= 14 + 5  # the tricky fixture's blocks and the original notes' at least
