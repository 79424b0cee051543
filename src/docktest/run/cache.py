"""Content-hash cache: a page whose inputs are unchanged since its last passing run gives that run's results again.

A page's key hashes everything its run depends on: its shell blocks (code, lines, markers), the
example folders its blocks use (`workdir`), the sandbox images (their tags are hashes of their
recipes, see images.planned_images), the sandbox's Compose files and docktest's own code, and the
run options that change outcomes (mode, timeouts, online: the registry's upstream). One JSON file per
page in the settings' page_cache (.docktest/cache). The same key tells live re-verification which pages a
save changed (PageInputs).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import asdict, replace
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from docktest import config
from docktest.extract import markers
from docktest.files import write_whole
from docktest.sandbox import images
from docktest import results_file
from docktest.run.page_images import page_stand_ins
from docktest.model import Result, Snippet, snippet_fields

FORMAT = 2  # bump when an entry's layout changes: older entries then simply miss
_PASSING = ("passed", "skipped")


class PageCache:
    """The cache of one run: where entries live and the part of every key that is the same for all pages."""

    def __init__(self, settings: config.Settings) -> None:
        self.folder = settings.page_cache
        self.enabled = settings.cache
        self.mode = settings.mode
        self._shared = {"format": FORMAT, "docktest": _code_digest(), "mode": settings.mode,
                        "images": asdict(images.planned_images(settings.mode)),
                        "timeout_s": settings.timeout_s, "follow_s": settings.follow_s,
                        # online, the upstream decides which official images the sandbox gets
                        "registry_upstream": settings.registry_upstream if settings.mode == "online" else None}

    def key(self, snippets: Sequence[Snippet], page_dir: Path) -> str:
        folders = {str(s.options["workdir"]): markers.example_folder(s, page_dir) for s in snippets
                   if s.options.get("workdir")}
        # offline, the page's registry serves the stand-ins it names: their recipes are inputs too
        registry = images.planned_registry(page_stand_ins(snippets, page_dir)) if self.mode == "offline" else None
        inputs = {**self._shared, "snippets": [snippet_fields(s) for s in snippets], "registry": registry,
                  "examples": {workdir: _folder_digest(folder) if isinstance(folder, Path) else "refused"
                               for workdir, folder in sorted(folders.items())}}
        return hashlib.sha256(json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def lookup(self, path: str, key: str) -> list[Result] | None:
        """The results of PATH's last passing run if its key is KEY (and the cache is on), marked as cached."""
        if not self.enabled:
            return None
        try:
            entry = json.loads(self._entry(path).read_text(encoding="utf-8"))
            if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(entry.get("results"), list):
                return None
            passed_at = datetime.fromisoformat(entry["passed_at"]).isoformat(timespec="seconds")
            results = [results_file.result_from_dict(fields, f"{path} (cache)") for fields in entry["results"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no entry, or one this version cannot read: run the page
        return [replace(r, duration_s=0.0, cached_from=passed_at) if r.status == "passed" else r for r in results]

    def store(self, path: str, key: str, results: Sequence[Result]) -> None:
        """Keep a passing run's results under KEY; any other outcome removes PATH's entry (its last run failed)."""
        entry = self._entry(path)
        if not all(result.status in _PASSING for result in results):
            entry.unlink(missing_ok=True)
            return
        passed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        data = {"key": key, "path": path, "passed_at": passed_at,
                "results": [results_file.result_to_dict(r) for r in results]}
        self.folder.mkdir(parents=True, exist_ok=True)
        write_whole(entry, json.dumps(data, ensure_ascii=False).encode("utf-8"))  # parallel workers, Ctrl-C

    def _entry(self, path: str) -> Path:
        return self.folder / f"{hashlib.sha256(path.encode()).hexdigest()[:24]}.json"


class PageInputs:
    """Whether a page's run inputs changed since the last look (under `serve`, the last build): its cache key, which
    hashes everything a run of the page depends on, its example folders' files included, and not its prose."""

    def __init__(self, cache: PageCache) -> None:
        self.cache = cache
        self._seen: dict[str, str] = {}  # each page's key at the last look

    def compare(self, path: str, snippets: Sequence[Snippet], page_dir: Path) -> tuple[str, bool]:
        """PATH's key now, and whether it differs from the last look's (a page seen for the first time has not)."""
        key = self.cache.key(snippets, page_dir)
        earlier, self._seen[path] = self._seen.get(path, key), key
        return key, earlier != key


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """docktest's own code and sandbox recipes: a new runner or Compose file re-runs every page."""
    package = Path(str(resources.files("docktest")))
    files = sorted([*package.rglob("*.py"), *package.glob("sandbox/recipes/*")])
    return _digest_files((file.relative_to(package).as_posix(), file) for file in files)


def _folder_digest(folder: Path) -> str:
    """Every file under FOLDER: its path, whether it is executable, its bytes."""
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return _digest_files((file.relative_to(folder).as_posix() + ("*" if os.access(file, os.X_OK) else ""), file)
                         for file in files)


def _digest_files(named_files: Iterable[tuple[str, Path]]) -> str:
    hasher = hashlib.sha256()
    for name, file in named_files:
        hasher.update(name.encode() + b"\0" + images.file_digest(file))
    return hasher.hexdigest()
