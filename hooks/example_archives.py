"""MkDocs hook: offer each example project under docs/examples/ as examples/<name>.zip.

Built at every build from the folder itself, so the download never drifts from the files
shown on the page. Entries are sorted and dated 1980-01-01, so the archive is reproducible.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from mkdocs.structure.files import File, Files

EXAMPLES = "examples"
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def on_files(files: Files, config, **_: object) -> Files:
    examples = Path(config["docs_dir"]) / EXAMPLES
    if examples.is_dir():
        for project in sorted(p for p in examples.iterdir() if p.is_dir()):
            files.append(File.generated(config, f"{EXAMPLES}/{project.name}.zip", content=zip_folder(project)))
    return files


def zip_folder(folder: Path) -> bytes:
    """A zip of `folder`'s files, stored under `<folder name>/`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", _FIXED_DATE)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())
    return buffer.getvalue()
