"""The site refuses a link out of the docs folder: in the example zip and page, and before MkDocs walks the folder."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT
from notes_site import examples


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    app = tmp_path / "docs" / "examples" / "app"
    app.mkdir(parents=True)
    (app / "app.py").write_text("print('hi')\n", encoding="utf-8")
    (tmp_path / "secret").write_text("root:x:0:0\n", encoding="utf-8")
    return tmp_path / "docs"


def _hook():
    spec = importlib.util.spec_from_file_location("example_archives", ROOT / "hooks" / "example_archives.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_link_to_a_file_outside_is_in_neither_the_zip_nor_the_page(docs):
    app = docs / "examples" / "app"
    (app / "shadow").symlink_to(docs.parent / "secret")
    expected = (f"docs/examples/app/shadow is a link to {docs.parent / 'secret'}, outside the docs folder: refused "
                "(copy what it points at into the folder instead)")
    for make in (examples.zip_folder, examples.project_page):
        with pytest.raises(examples.UnsafeExample) as refused:
            make(app, docs)
        assert str(refused.value) == expected
    with pytest.raises(examples.UnsafeExample, match="shadow is a link to"):
        examples.generated(docs)


def test_the_hook_stops_the_build_before_mkdocs_walks_a_link_to_the_root(docs):
    (docs / "notes").mkdir()
    (docs / "notes" / "root").symlink_to("/")
    with pytest.raises(PluginError) as refused:
        _hook().on_config({"docs_dir": str(docs)})
    assert str(refused.value) == ("docs/notes/root is a link to /, outside the docs folder: refused (copy what it "
                                  "points at into the folder instead)")


def test_a_link_to_a_file_outside_and_outside_the_examples_is_mkdocs_business(docs):
    (docs / "README.md").symlink_to(docs.parent / "secret")  # a common way to show a repository's README
    assert _hook().on_config({"docs_dir": str(docs)}) == {"docs_dir": str(docs)}


def test_mkdocs_build_stops_at_a_link_to_the_root(docs):
    (docs / "index.md").write_text("# 홈\n", encoding="utf-8")
    (docs / "root").symlink_to("/")
    config = docs.parent / "mkdocs.yml"
    config.write_text(f"site_name: t\nhooks:\n  - {ROOT / 'hooks' / 'example_archives.py'}\n", encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], cwd=docs.parent,
                           capture_output=True, text=True, timeout=120)
    assert built.returncode == 1
    assert "docs/root is a link to /, outside the docs folder: refused" in built.stderr
    assert not (docs.parent / "site" / "root").exists()


def test_generators_without_hooks_get_the_same_refusal(docs, capsys):
    (docs / "examples" / "app" / "shadow").symlink_to(docs.parent / "secret")
    assert examples.main([str(docs)]) == 1
    assert "shadow is a link to" in capsys.readouterr().err
    assert not (docs / "examples" / "app.zip").exists()
