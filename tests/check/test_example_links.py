"""Example folders never lead out of the docs folder: a link to a file or a folder outside is refused, never followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest import folders
from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.report.formats import format_findings


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A site: docs/examples/app/ with one file, mkdocs.yml above, and a secret outside the docs folder."""
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    app = tmp_path / "docs" / "examples" / "app"
    app.mkdir(parents=True)
    (app / "app.py").write_text("print('hi')\n", encoding="utf-8")
    (tmp_path / "secret").write_text("root:x:0:0\n", encoding="utf-8")
    return tmp_path / "docs"


def test_a_link_to_a_file_outside_is_set_apart_and_one_inside_is_a_file(docs):
    app = docs / "examples" / "app"
    (app / "shadow").symlink_to(docs.parent / "secret")
    (docs / "shared.txt").write_text("shared\n", encoding="utf-8")
    (app / "shared.txt").symlink_to("../../shared.txt")
    listing = folders.listing(app, docs)
    assert listing.files == (app / "app.py", app / "shared.txt")
    assert listing.links_out == (app / "shadow",)
    assert listing.refusal(docs.parent) == (
        f"docs/examples/app/shadow is a link to {docs.parent / 'secret'}, outside the docs folder: refused "
        "(copy what it points at into the folder instead)")


def test_a_link_to_a_folder_outside_is_never_walked(docs):
    app = docs / "examples" / "app"
    (app / "root").symlink_to("/")
    (app / "loop").symlink_to("..")  # inside the docs folder, but walking it would loop
    listing = folders.listing(app, docs)
    assert listing.files == (app / "app.py",)
    assert listing.links_out == (app / "root",)


def test_a_workdir_holding_a_link_out_is_refused_by_the_check(docs):
    (docs / "examples" / "app" / "shadow").symlink_to(docs.parent / "secret")
    page = docs / "p.md"
    text = "<!-- docktest workdir: examples/app -->\n```bash\nls\n```\n"
    page.write_text(text, encoding="utf-8")
    findings = check_page(page.as_posix(), text, extract_page(page.as_posix(), text))
    assert format_findings(findings, "text").splitlines() == [
        f"{page.as_posix()}:2: warning: workdir 'examples/app': docs/examples/app/shadow is a link to "
        f"{docs.parent / 'secret'}, outside the docs folder: refused (copy what it points at into the folder instead) [marker]"]
