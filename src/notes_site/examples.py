"""Each example project under docs/examples/ as a page showing its files, and as examples/<name>.zip.

Made from the folder and the notes at every build, so what the page shows and the download never drift
from them. The page and the zip's README say how to build and run the project: the commands the notes
run in that folder (blocks whose `workdir` is it), which docktest verifies there, with a link back to
each note. A folder may hold its own README.md, a page docktest runs in the folder (`workdir: .`): then the
page shows it first, with its marks, and the zip carries it as it is. Zip entries are sorted and dated by each
file's last commit (its modification time outside a git checkout), so the archive is reproducible. MkDocs makes them in hooks/example_archives.py;
generators without hooks (Zensical) get them written into the docs folder first:
`python -m notes_site.examples docs`. A link that leads outside the docs folder (to /etc/shadow, to `/`) is refused
with an error naming it: what it points at is never read, shown, zipped or walked.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docktest import folders
from docktest.extract.markdown import extract_page, find_pages, read_page
from docktest.extract.markers import example_folder
from docktest.extract.placeholders import substitute
from docktest.report.status_page import title_of

EXAMPLES = "examples"
README = "README.md"
_ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry holds
# Pygments lexer by file name; anything else is shown as plain text.
_LANGUAGES = ((re.compile(r"Dockerfile.*|.*\.dockerfile"), "dockerfile"), (re.compile(r".*\.py"), "python"),
              (re.compile(r".*\.js"), "javascript"), (re.compile(r".*\.json"), "json"),
              (re.compile(r".*\.ya?ml"), "yaml"))


class UnsafeExample(ValueError):
    """An example folder (or the docs folder) holds a link that leads outside the docs folder."""


@dataclass(frozen=True)
class Use:
    """A note that runs commands in an example's folder: its path in the docs folder, its title, those commands."""

    page: str
    title: str
    commands: tuple[str, ...]


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
            uses = notes_using(docs_dir, project)
            made[f"{EXAMPLES}/{project.name}.zip"] = zip_folder(project, docs_dir, uses)
            made[f"{EXAMPLES}/{project.name}.md"] = project_page(project, docs_dir, uses).encode("utf-8")
    return made


def unsafe_links(docs_dir: Path) -> list[Path]:
    """Links the site must not be built with: to a folder outside the docs folder (MkDocs walks what links point
    at, and `root -> /` walks the whole disk), and from an example folder to anything outside it."""
    examples = (docs_dir / EXAMPLES).resolve()
    return [link for link in folders.listing(docs_dir, docs_dir).links_out
            if link.resolve().is_dir() or examples in link.parent.resolve().parents
            or link.parent.resolve() == examples]


def notes_using(docs_dir: Path, folder: Path) -> list[Use]:
    """The notes whose blocks run in `folder` (their `workdir`), with those blocks' commands as they run."""
    uses = []
    for page in find_pages([str(docs_dir)]):
        # the example pages written for hook-less generators, and the examples' own READMEs: the pages themselves
        if (docs_dir / EXAMPLES) in page.parents:
            continue
        text = read_page(str(page))
        snippets = [s for s in extract_page(str(page), text)
                    if s.commands and example_folder(s, page.parent) == folder.resolve()]
        if snippets:
            commands = tuple(substitute(c.text, s.options.get("placeholders", {})).text
                             for s in snippets for c in s.commands)
            uses.append(Use(Path(os.path.relpath(page, docs_dir)).as_posix(), title_of(text, page.name), commands))
    return uses


def zip_folder(folder: Path, docs_dir: Path | None = None, uses: list[Use] | tuple[Use, ...] = ()) -> bytes:
    """A zip of `folder`'s files, stored under `<folder name>/` (nothing read from outside DOCS_DIR, or the folder),
    with a README.md made from `uses` if it has none."""
    files = {path.relative_to(folder).as_posix(): (path.read_bytes(), _dated(path))
             for path in _files(folder, docs_dir)}
    if uses and README not in files:
        files[README] = (readme(folder, uses).encode("utf-8"), max(date for _, date in files.values()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (content, date) in sorted(files.items()):
            entry = zipfile.ZipInfo(f"{folder.name}/{name}", time.gmtime(max(date, _ZIP_EPOCH))[:6])
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, content)
    return buffer.getvalue()


def readme(folder: Path, uses: list[Use] | tuple[Use, ...]) -> str:
    """The zip's README.md: what the project is and how the notes build and run it, for a reader without the site."""
    notes = ", ".join(f"{use.title} (`docs/{use.page}`)" for use in uses)
    return (f"# 예제 프로젝트: {folder.name}\n\nDocker 노트의 {notes}에서 빌드하고 실행하는 프로젝트입니다.\n\n"
            f"## 빌드하고 실행하기\n\n이 폴더에서 실행합니다. 노트가 실행해 검증한 명령입니다.\n\n"
            f"{_commands(uses, 'bash')}")


def project_page(folder: Path, docs_dir: Path | None = None, uses: list[Use] | tuple[Use, ...] = ()) -> str:
    """A Markdown page: how to build and run the project (linking each note back), the zip link, and each file
    of the project as a highlighted, copyable code block.

    A folder with its own README.md (the author's, run by docktest like any page) is shown by it: the README comes
    first, line for line, so its blocks carry their marks (notes_site.page_match finds them by their lines), and
    it is not shown a second time as a file; the notes' commands follow under a heading of their own."""
    # out of search: a query for a file name finds the note that builds it (it links here)
    parts = ["---\nsearch:\n  exclude: true\n---\n"]
    own = folder / README
    download = f"[{folder.name}.zip으로 폴더째 내려받기]({folder.name}.zip)\n"
    notes = ", ".join(f"[{use.title}](../{use.page})" for use in uses)
    if own.is_file():
        parts[0] += own.read_text(encoding="utf-8")  # right under the front matter: its lines stay the file's
        parts.append(f"## 내려받기\n\n{download}")
        if uses:
            parts.append(f"## 이 프로젝트를 쓰는 노트\n\n{notes}에서 이 폴더의 다음 명령을 실제로 실행해 "
                         f"검증합니다.\n\n{_commands(uses, 'text')}")
    else:
        parts += [f"# 예제 프로젝트: {folder.name}\n",
                  "노트의 명령이 빌드하는 프로젝트입니다. 파일마다 오른쪽 위의 버튼으로 복사할 수 있습니다.\n", download]
        if uses:
            parts.append(f"## 빌드하고 실행하기\n\n이 폴더에서 실행하는 명령입니다. {notes}에서 실제로 실행해 "
                         f"검증합니다. 내려받아 푼 폴더에서도 그대로 실행할 수 있습니다.\n\n{_commands(uses, 'text')}")
    for path in _files(folder, docs_dir):
        if path == own:
            continue
        name = path.relative_to(folder).as_posix()
        code = path.read_text(encoding="utf-8")
        parts.append(f"## {name}\n\n{_fenced(code, _language(path.name), name)}")
    return "\n".join(parts)


def _commands(uses: list[Use] | tuple[Use, ...], language: str) -> str:
    # On the page a text block: as `bash` it would be a shell block docktest extracts from the page written for
    # hook-less generators, run or reported a second time; the notes' own blocks are the ones verified.
    return _fenced("\n".join(command for use in uses for command in use.commands), language)


def _fenced(code: str, language: str, title: str = "") -> str:
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
    titled = f' title="{title}"' if title else ""
    return f"{fence}{language}{titled}\n{code.rstrip(chr(10))}\n{fence}\n"


def _files(folder: Path, docs_dir: Path | None) -> list[Path]:
    """The folder's files (no linked folder walked); UnsafeExample for a link leading out of the docs folder."""
    docs_dir = docs_dir or folder
    listing = folders.listing(folder, docs_dir)
    if listing.links_out:
        raise UnsafeExample(listing.refusal(docs_dir.parent))
    return list(listing.files)


def _dated(path: Path) -> int:
    """When the file last changed, in seconds since the epoch: its last commit, else its modification time."""
    try:
        logged = subprocess.run(["git", "log", "-1", "--format=%ct", "--", path.name], cwd=path.parent,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):  # no git here: the file's own time
        return int(path.stat().st_mtime)
    return int(logged.stdout) if logged.returncode == 0 and logged.stdout.strip() else int(path.stat().st_mtime)


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
