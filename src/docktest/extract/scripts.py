"""Pages → snippets/<page>/<NN>.sh scripts plus manifest.json, rewritten only when their content changes."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docktest.extract.reading import read_block
from docktest.files import write_whole
from docktest.model import Snippet, snippet_fields

MANIFEST = "manifest.json"
_UNSAFE = re.compile(r"[^\w.-]+")
_SIGNATURE = " — extracted by docktest; edit the page, not this file."  # how a script says this tool wrote it


@dataclass(frozen=True)
class Written:
    """What one sync did: files written (new or changed) and stale files removed."""

    written: tuple[Path, ...]
    removed: tuple[Path, ...]


def safe_part(part: str) -> str:
    """A path component anyone's shell and file system take: word characters (Hangul too), '.', '-'.

    A component that had to change gets a short hash of the original, so two pages never share a folder.
    """
    safe = _UNSAFE.sub("_", part).lstrip(".") or "_"
    if safe != part:
        safe += "-" + hashlib.sha256(part.encode("utf-8")).hexdigest()[:6]
    return safe


def page_folder(page: str) -> str:
    """`guide/markers.md` → `guide/markers`: the snippets folder of a page (relative to the docs folder)."""
    parts = Path(page).with_suffix("").parts
    return "/".join(safe_part(p) for p in parts if p not in ("", ".", ".."))


def script(snippet: Snippet) -> str:
    """The block as an executable script: a shebang, where it comes from, then its code."""
    body = read_block(snippet.lang, snippet.code, snippet.start_line).code
    body = body if body.endswith("\n") or not body else body + "\n"
    shell = {"sh": "sh", "zsh": "zsh"}.get(snippet.lang, "bash")
    return (f"#!/usr/bin/env {shell}\n"
            f"# {snippet.path}:{snippet.start_line}{_SIGNATURE}\n"
            f"{body}")


def sync(pages: Iterable[tuple[str, list[Snippet]]], out_dir: Path) -> Written:
    """Make out_dir hold exactly the scripts of these pages (page path relative to the docs folder, snippets)."""
    previous = _previous_entries(out_dir)
    wanted: set[Path] = {out_dir / MANIFEST}
    entries = []
    written = []
    folders: set[Path] = set()
    for page, snippets in pages:
        folder = page_folder(page)
        for ordinal, snippet in enumerate(snippets, start=1):
            name = f"{folder}/{ordinal:02d}.sh"
            path = out_dir / name
            wanted.add(path)
            entry = json.dumps(_entry(name, snippet), ensure_ascii=False)
            entries.append(entry)
            # the manifest entry holds everything the script is made of: unchanged entry, unchanged script
            if previous.get(name) == entry and path.exists():
                continue
            if _write_if_changed(path, script(snippet), folders):
                written.append(path)
    # one snippet per line: readable diffs, and the C JSON encoder (indent= would use the slow one)
    manifest = '{"snippets": [\n' + ",\n".join(entries) + "\n]}\n"
    if _write_if_changed(out_dir / MANIFEST, manifest, folders):
        written.append(out_dir / MANIFEST)
    stale = [out_dir / name for name in previous] if previous else list(out_dir.rglob("*.sh"))
    return Written(tuple(written), tuple(_remove_stale(out_dir, wanted, stale)))


def _entry(name: str, snippet: Snippet) -> dict:
    return {"file": name, **block_fields(snippet)}


def block_fields(snippet: Snippet) -> dict:
    """The block as `extract --format json` and the manifest show it: its own fields, not the file blocks the run
    writes before it (they are the page's blocks, shown where they are)."""
    return {key: value for key, value in snippet_fields(snippet).items() if key != "files"}


def _previous_entries(out_dir: Path) -> dict[str, str]:
    """The last sync's manifest: file name → its entry's JSON line; empty when there is no readable one."""
    try:
        lines = (out_dir / MANIFEST).read_text(encoding="utf-8").split("\n")[1:-2]
        return {json.loads(line.rstrip(","))["file"]: line.rstrip(",") for line in lines}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_if_changed(path: Path, text: str, folders: set[Path]) -> bool:
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    if path.parent not in folders:
        path.parent.mkdir(parents=True, exist_ok=True)
        folders.add(path.parent)
    write_whole(path, data, 0o755 if path.suffix == ".sh" else 0o644)
    return True


def _remove_stale(out_dir: Path, wanted: set[Path], candidates: list[Path]) -> list[Path]:
    """Delete the scripts of blocks that disappeared, and folders left empty.

    The candidates are what the last manifest lists, or every *.sh under out_dir when there is none;
    neither is trusted: only files inside out_dir that this tool wrote are removed.
    """
    root = out_dir.resolve()
    inside: dict[Path, Path | None] = {}  # each folder resolved once: its real path when inside root, else None
    for path in candidates:
        if path.parent not in inside:
            real = path.parent.resolve()
            inside[path.parent] = real if real == root or root in real.parents else None
    removed = [path for path in candidates if path not in wanted and inside[path.parent] and _written_by_us(path)]
    folders: set[Path] = set()
    for path in removed:
        path.unlink()
        folders.add(inside[path.parent])  # type: ignore[arg-type]
    # deepest first, each folder once: rmdir refuses a folder that still holds something
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while root in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent
    return removed


def _written_by_us(path: Path) -> bool:
    """A regular *.sh file (no symlink) whose second line is this tool's signature."""
    if path.suffix != ".sh" or path.is_symlink():
        return False
    try:
        with path.open("rb") as file:
            head = file.read(4096).split(b"\n", 2)
    except OSError:
        return False
    return len(head) > 1 and head[1].decode("utf-8", "replace").endswith(_SIGNATURE)
