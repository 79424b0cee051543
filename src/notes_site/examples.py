"""Each example project under docs/examples/ as a page showing its files, and as examples/<name>.zip.

Made from the folder itself at every build, so what the page shows and the download never drift from
the files. Zip entries are sorted and dated 1980-01-01, so the archive is reproducible. MkDocs makes them
in hooks/example_archives.py; generators without hooks (Zensical) get them written into the docs folder
first: `python -m notes_site.examples docs`. A link that leads outside the docs folder (to /etc/shadow, to `/`)
is refused with an error naming it: what it points at is never read, shown, zipped or walked.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from docktest import folders

EXAMPLES = "examples"
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
# Pygments lexer by file name; anything else is shown as plain text.
_LANGUAGES = ((re.compile(r"Dockerfile.*|.*\.dockerfile"), "dockerfile"), (re.compile(r".*\.py"), "python"),
              (re.compile(r".*\.js"), "javascript"), (re.compile(r".*\.json"), "json"),
              (re.compile(r".*\.ya?ml"), "yaml"))


class UnsafeExample(ValueError):
    """An example folder (or the docs folder) holds a link that leads outside the docs folder."""


def generated(docs_dir: Path) -> dict[str, bytes]:
    """Each example project's page and zip, by their path in the docs folder (examples/rng.md, examples/rng.zip).

    Raises UnsafeExample for a link leading out of the docs folder (see unsafe_links)."""
    problem = folders.refusal(unsafe_links(docs_dir), docs_dir.parent)
    if problem:
        raise UnsafeExample(problem)
    examples = docs_dir / EXAMPLES
    made: dict[str, bytes] = {}
    if examples.is_dir():
        for project in sorted(p for p in examples.iterdir() if p.is_dir() and not p.is_symlink()):
            made[f"{EXAMPLES}/{project.name}.zip"] = zip_folder(project, docs_dir)
            made[f"{EXAMPLES}/{project.name}.md"] = project_page(project, docs_dir).encode("utf-8")
    return made


def unsafe_links(docs_dir: Path) -> list[Path]:
    """Links the site must not be built with: to a folder outside the docs folder (MkDocs walks what links point
    at, and `root -> /` walks the whole disk), and from an example folder to anything outside it."""
    examples = (docs_dir / EXAMPLES).resolve()
    return [link for link in folders.listing(docs_dir, docs_dir).links_out
            if link.resolve().is_dir() or examples in link.parent.resolve().parents
            or link.parent.resolve() == examples]


def zip_folder(folder: Path, docs_dir: Path | None = None) -> bytes:
    """A zip of `folder`'s files, stored under `<folder name>/` (nothing read from outside DOCS_DIR, or the folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in _files(folder, docs_dir):
            entry = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", _FIXED_DATE)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())
    return buffer.getvalue()


def project_page(folder: Path, docs_dir: Path | None = None) -> str:
    """A Markdown page with each file of the project as a highlighted, copyable code block, and the zip link."""
    # out of search: a query for a file name finds the note that builds it (it links here)
    parts = ["---\nsearch:\n  exclude: true\n---\n", f"# 예제 프로젝트: {folder.name}\n",
             "노트의 명령이 빌드하는 프로젝트입니다. 파일마다 오른쪽 위의 버튼으로 복사할 수 있습니다.\n",
             f"[{folder.name}.zip으로 폴더째 내려받기]({folder.name}.zip)\n"]
    for path in _files(folder, docs_dir):
        name = path.relative_to(folder).as_posix()
        code = path.read_text(encoding="utf-8")
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
        parts.append(f"## {name}\n\n{fence}{_language(path.name)} title=\"{name}\"\n"
                     f"{code.rstrip(chr(10))}\n{fence}\n")
    return "\n".join(parts)


def _files(folder: Path, docs_dir: Path | None) -> list[Path]:
    """The folder's files (no linked folder walked); UnsafeExample for a link leading out of the docs folder."""
    docs_dir = docs_dir or folder
    listing = folders.listing(folder, docs_dir)
    if listing.links_out:
        raise UnsafeExample(listing.refusal(docs_dir.parent))
    return list(listing.files)


def _language(name: str) -> str:
    return next((language for pattern, language in _LANGUAGES if pattern.fullmatch(name)), "text")


def main(argv: list[str] | None = None) -> int:
    """`python -m notes_site.examples DOCS`: write the pages and zips into DOCS/examples/ (for hook-less generators)."""
    docs_dir = Path((argv if argv is not None else sys.argv[1:] or ["docs"])[0])
    try:
        made = generated(docs_dir)
    except UnsafeExample as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for name, content in made.items():
        (docs_dir / name).write_bytes(content)
        print(f"wrote {docs_dir / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
