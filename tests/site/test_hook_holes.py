"""The hook during a real `mkdocs build`: shell blocks shown but not extracted are warnings; broken markers never crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from docktest.extract.markdown import extract_page
from docktest.report.formats import finding_line
from docktest.report.rendered import unextracted_blocks

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "hooks" / "docktest_hook.py"
EXTENSIONS = """markdown_extensions:
  - md_in_html
  - pymdownx.highlight:
      pygments_lang_class: {lang_class}
  - pymdownx.superfences
"""
# CommonMark reads the indented fence as the paragraph's continuation; SuperFences renders it as code.
HIDDEN = "문단\n    ```bash\n    doccker ps\n    ```\n"


def _build(tmp_path: Path, page: str, *args: str, lang_class: str = "true") -> subprocess.CompletedProcess:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\nhooks:\n  - {HOOK}\n" + EXTENSIONS.format(lang_class=lang_class),
                                         encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_block_shown_but_not_extracted_fails_a_strict_build(tmp_path):
    proc = _build(tmp_path, HIDDEN, "--strict")
    assert proc.returncode == 1
    assert ("WARNING -  docs/index.md:3: warning: this bash block renders as code on the site but docktest did not "
            "extract it, so it is never checked or run") in proc.stderr


def test_block_shown_but_not_extracted_is_a_warning_without_strict(tmp_path):
    proc = _build(tmp_path, HIDDEN)
    assert proc.returncode == 0, proc.stderr
    assert "docs/index.md:3: warning: this bash block renders as code" in proc.stderr


def test_blocks_in_html_containers_are_checked_in_a_build(tmp_path):
    page = "<div markdown>\n```bash\ndocker imgaes\n```\n</div>\n\n<details>\n<summary>더</summary>\n```sh\nls\n```\n</details>\n"
    proc = _build(tmp_path, page, "--strict")
    assert proc.returncode == 1
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("WARNING -  docs/")]
    assert warnings == ["WARNING -  docs/index.md:3: error: unknown docker command 'imgaes' (did you mean 'images'?) "
                        "[docker-usage]"]


def test_site_without_language_classes_says_it_cannot_compare(tmp_path):
    proc = _build(tmp_path, "```bash\nls\n```\n", lang_class="false")
    assert ("docs/index.md:1: warning: the site's code blocks carry no language class, so docktest cannot tell "
            "whether it extracted every shell block: set `pygments_lang_class: true` under pymdownx.highlight"
            ) in proc.stderr


def test_empty_marker_value_is_one_line_in_a_plain_build(tmp_path):
    proc = _build(tmp_path, "<!-- docktest\nskip:\n-->\n```bash\ntrue\n```\n")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0
    assert ("WARNING -  docs/index.md:2: warning: skip needs a reason: write `skip: <why this block is not run>` "
            "[marker]" in proc.stderr)


def test_commented_out_fence_is_neither_extracted_nor_reported():
    text = "<!--\n```bash\nrm -rf /\n```\n-->\n"
    html = '<!--\n<div class="language-bash highlight"><pre><span></span><code>rm -rf /\n</code></pre></div>\n-->'
    assert unextracted_blocks("p.md", html, extract_page("p.md", text), text) == []


def test_extracted_but_not_rendered_is_reported_at_the_fence():
    text = "# t\n\n```bash\necho a\n```\n"
    findings = unextracted_blocks("p.md", "<h1>t</h1>", extract_page("p.md", text), text)
    assert [finding_line(f) for f in findings] == [
        "p.md:3: warning: docktest extracted this block but the site does not render it as a code block "
        "[unextracted-block]"]
