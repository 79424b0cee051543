"""Write data/docker-history.json from Docker's repositories at every release (a maintainer's step, never a check's):

    python -m docktest.check.table_sources [--mirrors /work/.mirror]

MIRRORS holds a git directory per repository of sources.SOURCES, as `<owner>+<name>/repo` (full history, tags).
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path

from docktest.check import docker_versions
from docktest.check.table_sources import git_releases, go_flags, reference_pages
from docktest.check.table_sources.history_tree import History
from docktest.check.table_sources.reference_pages import Page
from docktest.check.table_sources.sources import (BUILDX_SERVES, DESKTOP_PLUGINS, MIRRORS, NOT_COMMANDS, ROOT_PAGES,
                                                  SOURCES, Source)

def release_pages(source: Source, git_dir: Path, tag: str) -> list[Page]:
    """The pages of one release of SOURCE, hidden flags from its Go sources added to the commands that define them."""
    paths = [path for path in _first_folder(git_dir, tag, source.docs) if path.endswith(source.page_suffix)]
    pages = []
    for path, text in git_releases.read(git_dir, tag, paths).items():
        if source.page_suffix == ".yaml":
            page = reference_pages.yaml_page(reference_pages.yaml_documents(text)[0])
        elif source.page_suffix == ".go":
            page = None if path.endswith("_test.go") else go_flags.command_page(text)
        else:
            stem = path.rsplit("/", 1)[-1].removesuffix(".md")
            if stem in NOT_COMMANDS:
                continue
            page = reference_pages.markdown_page(text, () if stem in ROOT_PAGES else reference_pages.path_of(stem))
        if page is not None:
            pages.append(page)
    for group in source.unpaged:
        pages.extend(_unpaged_group(git_dir, tag, tuple(f"{folder}/{group}" for folder in source.go), group))
    _add_hidden_flags(git_dir, tag, source.go, pages)
    _drop_undefined_flags(git_dir, tag, pages)
    return pages


def _unpaged_group(git_dir: Path, tag: str, folders: tuple[str, ...], group: str) -> list[Page]:
    """The command GROUP and its subcommands as the Go files under the first of FOLDERS present at TAG define them
    (none when it is not there): a group that no reference page documents."""
    go_files = [path for path in _first_folder(git_dir, tag, folders)
                if path.endswith(".go") and not path.endswith("_test.go")]
    pages = []
    for text in git_releases.read(git_dir, tag, go_files).values():
        page = go_flags.command_page(text)
        if page is not None:
            page.path = page.path if page.path == (group,) else (group, *page.path)
            page.usage = [" ".join(["docker", *page.path[:-1], usage.removeprefix("docker ")]) for usage in page.usage]
            pages.append(page)
    return pages


def _drop_undefined_flags(git_dir: Path, tag: str, pages: list[Page]) -> None:
    """Leave out the flags a page documents but no Go source of the release names (a stale page: Compose 2.2 and
    2.3 still list `up -e, --environment`, which 2.2 dropped); a release with no Go sources keeps its pages."""
    names = git_releases.go_strings(git_dir, tag)
    if not names:
        return
    for page in pages:
        longs = {flag: page.shorthands.get(flag, flag) for flag in page.flags}  # a shorthand goes with its flag
        page.flags = {flag: takes for flag, takes in page.flags.items()
                      if not longs[flag].startswith("--") or longs[flag][2:] in names}


def _add_hidden_flags(git_dir: Path, tag: str, folders: tuple[str, ...], pages: list[Page]) -> None:
    go_files = [path for path in _first_folder(git_dir, tag, folders)
                if path.endswith(".go") and not path.endswith("_test.go")]
    documented = {page.path: page.flags for page in pages}
    by_path = {page.path: page for page in pages}
    for text in git_releases.read(git_dir, tag, go_files).values():
        hidden = go_flags.hidden_flags(text)
        for path in go_flags.owners(text, documented) if hidden else ():
            by_path[path].flags = {**hidden, **by_path[path].flags}


def _first_folder(git_dir: Path, tag: str, folders: tuple[str, ...]) -> list[str]:
    """The files of the first of FOLDERS that is there at TAG (a repository's layout changes over time)."""
    return next((found for folder in folders if (found := git_releases.files(git_dir, tag, folder))), [])


def desktop_pages() -> list[tuple[str, Page]]:
    """(product, page) of each command in desktop_plugins.yaml: the product is the plugin's name."""
    pages = map(reference_pages.yaml_page, reference_pages.yaml_documents(DESKTOP_PLUGINS.read_text(encoding="utf-8")))
    return [(page.path[0], page) for page in pages if page is not None]


def build(mirrors: Path, log=print) -> dict:
    """The whole data file: the history tree and, per product, where it was read."""
    products: dict[str, dict] = {}
    versions: dict[str, list[str]] = {}  # product → the releases read, oldest first
    read: list[tuple[str, str, list[Page]]] = []
    for source in SOURCES:
        git_dir = source.git_dir(mirrors)
        kept = []
        for release in git_releases.releases(git_dir, source.tags, source.first):
            pages = release_pages(source, git_dir, release.tag)
            if pages:
                read.append((source.product, release.version, pages))
                kept.append(release)
        log(f"{source.repo}: {len(kept)} releases, {kept[0].tag} … {kept[-1].tag}")
        versions[source.product] = [release.version for release in kept]
        products[source.product] = {
            "name": source.name, "repo": f"https://github.com/{source.repo}", "commit": git_releases.commit(git_dir),
            "licence": source.licence, "tags": [release.tag for release in kept],
            "read": f"*{source.page_suffix} under {' or '.join(source.docs)}"
                    + (f"; hidden flags from *.go under {' or '.join(source.go)}" if source.go else ""),
            **({"discontinued": source.discontinued} if source.discontinued else {})}
    desktop = desktop_pages()
    about = reference_pages.yaml_documents(DESKTOP_PLUGINS.read_text(encoding="utf-8"))[0]
    for product, _ in desktop:
        products.setdefault(product, {**about[product], "licence": "Apache-2.0", "tags": []})
        versions.setdefault(product, [""])  # one snapshot: no versions to tell apart
    history = History(versions)
    for product, version, pages in read:
        for page in pages:
            history.add(product, version, page)
            for served in BUILDX_SERVES.get(page.path, ()) if product == "buildx" else ():
                history.add(product, version, Page(served, page.flags), flags_only=True)
    for product, page in desktop:
        history.add(product, "", page)
    return {"format": docker_versions.FORMAT,
            "about": "Every release's docker commands and flags, with the releases that have them (see "
                     "docktest.check.docker_versions); generated by `python -m docktest.check.table_sources`.",
            "products": products, "tree": history.tree()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m docktest.check.table_sources", description=__doc__.split("\n")[0])
    parser.add_argument("--mirrors", type=Path, default=MIRRORS)
    args = parser.parse_args(argv)
    table = build(args.mirrors, log=lambda line: print(line, file=sys.stderr))
    out = Path(str(resources.files("docktest") / "data" / docker_versions.HISTORY))
    out.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True, indent=0, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
