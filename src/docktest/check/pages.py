"""A site's pages → its snippets/ folder and its static-check findings: what the MkDocs hook, the MkDocs plugin and
`docktest extract DOCS --write DIR` all do on a build; and a page read and checked once (CheckedPage), which the
adapters hand to the runner."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from docktest.check import rules
from docktest.extract import markdown, scripts
from docktest.extract.scripts import Written
from docktest.model import CheckedPage, Finding
from docktest.project import CheckSettings


def build_snippets(docs_dir: Path, pages: Iterable[Path], out_dir: Path, root: Path,
                   settings: CheckSettings = CheckSettings()) -> tuple[Written, list[Finding]]:
    """Extract and check the pages (paths under docs_dir) as the site's SETTINGS say, write out_dir, return the
    static-check findings.

    Snippet paths are shown relative to root (`docs/….md`), the way a reader finds the page.
    """
    docs_dir, out_dir, root = docs_dir.resolve(), out_dir.resolve(), root.resolve()
    if out_dir == docs_dir or docs_dir in out_dir.parents:
        raise ValueError(f"{out_dir} is inside the docs folder {docs_dir}: writing there would loop `mkdocs serve`")
    extracted = []
    findings: list[Finding] = []
    for page in sorted(pages):
        page = page.resolve()  # like docs_dir and root, or a symlink in the path makes `../..` names
        shown = os.path.relpath(page, root).replace(os.sep, "/")
        text = markdown.read_page(str(page))
        snippets = markdown.extract_page(shown, text)
        extracted.append((os.path.relpath(page, docs_dir).replace(os.sep, "/"), snippets))
        findings.extend(rules.check_page(shown, text, snippets, settings=settings))
    return scripts.sync(extracted, out_dir), findings


def checked(file: Path, path: str, page: markdown.Page, settings: CheckSettings = CheckSettings()) -> CheckedPage:
    """PAGE as extraction parsed it (FILE on disk, shown as PATH), with its findings as reported under SETTINGS: what a
    run is handed, so a failed line's hint needs no second reading of the page."""
    findings = rules.check_parsed(path, page, page.snippets, settings=settings)
    return CheckedPage(file, path, page.snippets, tuple(findings))


def read_checked(file: Path, settings: CheckSettings = CheckSettings(), path: str | None = None) -> CheckedPage:
    """FILE read, parsed and checked once, shown as PATH (default: FILE as given, '/'-separated)."""
    path = file.as_posix() if path is None else path
    return checked(file, path, markdown.parse_page(path, markdown.read_page(str(file))), settings)
