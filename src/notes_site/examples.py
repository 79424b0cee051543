"""Each example project under docs/examples/ as a page showing its files, and as examples/<name>.zip.

Made from the folder itself at every build, so what the page shows and the download never drift from
the files. Zip entries are sorted and dated 1980-01-01, so the archive is reproducible. MkDocs makes them
in hooks/example_archives.py; generators without hooks (Zensical) get them written into the docs folder
first: `python -m notes_site.examples docs`.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

EXAMPLES = "examples"
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
# Pygments lexer by file name; anything else is shown as plain text.
_LANGUAGES = ((re.compile(r"Dockerfile.*|.*\.dockerfile"), "dockerfile"), (re.compile(r".*\.py"), "python"),
              (re.compile(r".*\.js"), "javascript"), (re.compile(r".*\.json"), "json"),
              (re.compile(r".*\.ya?ml"), "yaml"))


def generated(docs_dir: Path) -> dict[str, bytes]:
    """Each example project's page and zip, by their path in the docs folder (examples/rng.md, examples/rng.zip)."""
    examples = docs_dir / EXAMPLES
    made: dict[str, bytes] = {}
    if examples.is_dir():
        for project in sorted(p for p in examples.iterdir() if p.is_dir()):
            made[f"{EXAMPLES}/{project.name}.zip"] = zip_folder(project)
            made[f"{EXAMPLES}/{project.name}.md"] = project_page(project).encode("utf-8")
    return made


def zip_folder(folder: Path) -> bytes:
    """A zip of `folder`'s files, stored under `<folder name>/`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in _files(folder):
            entry = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", _FIXED_DATE)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())
    return buffer.getvalue()


def project_page(folder: Path) -> str:
    """A Markdown page with each file of the project as a highlighted, copyable code block, and the zip link."""
    # out of search: a query for a file name finds the note that builds it (it links here)
    parts = ["---\nsearch:\n  exclude: true\n---\n", f"# 예제 프로젝트: {folder.name}\n",
             "노트의 명령이 빌드하는 프로젝트입니다. 파일마다 오른쪽 위의 버튼으로 복사할 수 있습니다.\n",
             f"[{folder.name}.zip으로 폴더째 내려받기]({folder.name}.zip)\n"]
    for path in _files(folder):
        name = path.relative_to(folder).as_posix()
        code = path.read_text(encoding="utf-8")
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
        parts.append(f"## {name}\n\n{fence}{_language(path.name)} title=\"{name}\"\n"
                     f"{code.rstrip(chr(10))}\n{fence}\n")
    return "\n".join(parts)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _language(name: str) -> str:
    return next((language for pattern, language in _LANGUAGES if pattern.fullmatch(name)), "text")


def main(argv: list[str] | None = None) -> int:
    """`python -m notes_site.examples DOCS`: write the pages and zips into DOCS/examples/ (for hook-less generators)."""
    docs_dir = Path((argv if argv is not None else sys.argv[1:] or ["docs"])[0])
    for name, content in generated(docs_dir).items():
        (docs_dir / name).write_bytes(content)
        print(f"wrote {docs_dir / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
