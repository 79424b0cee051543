"""MkDocs hook: each example project under docs/examples/ as a page showing its files, and as examples/<name>.zip
(notes_site.examples makes them; a file of that name already in the docs folder wins)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

from notes_site.examples import generated


def on_files(files: Files, config, **_: object) -> Files:
    for name, content in generated(Path(config["docs_dir"])).items():
        if files.get_file_from_path(name) is None:
            files.append(File.generated(config, name, content=content))
    return files
