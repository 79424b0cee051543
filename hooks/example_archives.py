"""MkDocs hook: each example project under docs/examples/ as a page showing its files (its own README.md first:
mkdocs.yml's exclude_docs keeps it from being a page apart), and as examples/<name>.zip (notes_site.examples
makes them; a file of that name already in the docs folder wins). A link leading out of the docs folder stops the
build before MkDocs walks the folder (it follows links: `root -> /` would walk the whole disk)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from docktest import folders
from notes_site.examples import UnsafeExample, generated, unsafe_links


def on_config(config, **_: object):
    docs_dir = Path(config["docs_dir"])
    problem = folders.refusal(unsafe_links(docs_dir), docs_dir.parent)
    if problem:
        raise PluginError(problem)
    return config


def on_files(files: Files, config, **_: object) -> Files:
    try:
        made = generated(Path(config["docs_dir"]))
    except UnsafeExample as error:
        raise PluginError(str(error)) from None
    for name, content in made.items():
        if files.get_file_from_path(name) is None:
            files.append(File.generated(config, name, content=content))
    return files
