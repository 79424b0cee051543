"""The sandbox copy of an example folder refuses a link out of the docs folder: nothing is copied, the block fails
with an error naming the link."""

from __future__ import annotations

import subprocess
from pathlib import Path

from docktest import config
from docktest.extract.markdown import extract_page
from docktest.run import runner


class RecordingSandbox:
    """Stands in for a sandbox: every command succeeds, every copy is recorded."""

    project = "test"

    def __init__(self) -> None:
        self.copied: list[tuple[Path, str]] = []

    def run(self, *argv: str, **_: object) -> subprocess.CompletedProcess:
        return subprocess.CompletedProcess(argv, 0, "", "")

    def copy_in(self, source: Path, target: str) -> None:
        self.copied.append((source, target))


def test_an_example_folder_with_a_link_out_is_not_copied_and_its_block_fails(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    app = tmp_path / "docs" / "examples" / "app"
    app.mkdir(parents=True)
    (app / "app.py").write_text("print('hi')\n", encoding="utf-8")
    (tmp_path / "secret").write_text("root:x:0:0\n", encoding="utf-8")
    (app / "shadow").symlink_to(tmp_path / "secret")
    page = tmp_path / "docs" / "p.md"
    page.write_text("<!-- docktest workdir: examples/app -->\n```bash\ncat shadow\n```\n", encoding="utf-8")
    snippets = extract_page(page.as_posix())
    sandbox = RecordingSandbox()
    runner._prepare_sandbox(sandbox, snippets, page.parent)
    assert sandbox.copied == []
    results = list(runner._run_snippet(sandbox, None, snippets[0], page.parent, config.load()))
    assert [(result.status, result.error) for result in results] == [(
        "failed", f"workdir 'examples/app': docs/examples/app/shadow is a link to {tmp_path / 'secret'}, outside the "
                  "docs folder: refused (copy what it points at into the folder instead)")]
    (app / "shadow").unlink()
    runner._prepare_sandbox(sandbox, snippets, page.parent)
    assert sandbox.copied == [(app.resolve(), "/docs/examples/app")]
