"""Which fenced blocks are files: Dockerfiles, Compose files, and blocks the page names (a title or a marker)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import replace

from docktest.extract.fences import SHELL_LANGS
from docktest.model import FileBlock, FileKind, Snippet

RULE = "file"  # a file block the page names wrongly
ELSEWHERE_RULE = "file-elsewhere"  # a titled block naming a file outside any working folder (`/etc/docker/daemon.json`)
DOCKERFILE_LANGS = frozenset({"dockerfile", "containerfile"})
YAML_LANGS = frozenset({"yaml", "yml"})
# Material's (and Hugo's) title attribute: ```python title="app.py"```, ```yaml {title="compose.yaml"}```.
_TITLE = re.compile(r"""(?:^|[\s{,])title\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s,}"']+))""")
_DOCKERFILE_NAME = re.compile(r"(?:Dockerfile|Containerfile)(?:[.-][\w.-]*)?|[\w.-]+\.(?:dockerfile|Dockerfile)")
_COMPOSE_NAME = re.compile(r"(?:docker-)?compose(?:[.-][\w.-]*)?\.ya?ml")
# Names that are files though they have no extension.
_BARE_FILE_NAMES = frozenset({"Makefile", "Procfile", "Gemfile", "Jenkinsfile", "Vagrantfile", "Caddyfile",
                              "Brewfile", "Pipfile", "Rakefile", "LICENSE", "README"})
_ABSOLUTE = re.compile(r"[/~]|[A-Za-z]:[\\/]")  # `/etc/…`, `~/.docker/…`, `C:\…`
_TOP_LEVEL_SERVICES = re.compile(r"^services:[ \t]*(?:#.*)?$", re.M)


def title(info: str) -> str:
    """The fence's title attribute, "" when it has none."""
    match = _TITLE.search(info)
    return next((group for group in match.groups() if group is not None), "").strip() if match else ""


def looks_like_file_name(name: str) -> bool:
    """Whether a title names a file (`app.py`, `src/main.go`, `Dockerfile`) rather than labels the block
    (`터미널`, `Step 1`): one word with an extension, a folder, or a file name known to have none."""
    if not name or any(char.isspace() for char in name) or len(name) > 255:
        return False
    base = posixpath.basename(name.rstrip("/"))
    return ("." in base.strip(".") or "/" in name or base.startswith(".") or base in _BARE_FILE_NAMES
            or bool(_DOCKERFILE_NAME.fullmatch(base)))


def path_finding(name: str, marked: bool) -> tuple[str, str, str] | None:
    """(severity, rule, message) for a file block NAME that docktest cannot write (see path_problem), else None.
    MARKED: a docktest marker names it, which asks for a file it cannot make (an error); a title with an absolute
    path shows where the file lives on the reader's machine (`/etc/docker/daemon.json`), which is no mistake."""
    problem = path_problem(name)
    if problem is None:
        return None
    if not marked and _ABSOLUTE.match(name):
        return "note", ELSEWHERE_RULE, (f"file '{name}' lives outside the page's working folder: docktest neither "
                                        "writes nor checks it (name it relatively, or in a `docktest file:` marker, "
                                        "to have it checked)")
    return "error", RULE, problem


def path_problem(name: str) -> str | None:
    """Why a file name cannot be written into the page's working folder, or None: it must stay inside it."""
    if _ABSOLUTE.match(name):
        return f"file '{name}' is an absolute path: name the file relative to the page's working folder"
    if ".." in re.split(r"[\\/]", name):
        return f"file '{name}' leaves the page's working folder ('..'): name a file inside it"
    return None


def kind_of(name: str, lang: str, code: str) -> FileKind | None:
    """What a fence is as a file: a Dockerfile, a Compose file, another named file, or None (not a file)."""
    base = posixpath.basename(name)
    if lang in DOCKERFILE_LANGS or (lang not in SHELL_LANGS and _DOCKERFILE_NAME.fullmatch(base)):
        return "dockerfile"
    if lang in YAML_LANGS and (_COMPOSE_NAME.fullmatch(base) if name else _TOP_LEVEL_SERVICES.search(code)):
        return "compose"
    return "file" if name else None


def file_block(path: str, name: str, lang: str, code: str, start_line: int) -> FileBlock | None:
    """The fence as a file block (NAME from its title or marker, "" when it has none), or None when it is no file."""
    kind = kind_of(name, lang, code)
    return None if kind is None else FileBlock(path, name, kind, lang, start_line, code)


def with_files(snippets: Sequence[Snippet], files: Sequence[FileBlock]) -> tuple[Snippet, ...]:
    """Each block that runs given the named file blocks shown since the one before it (a titled script is written
    before it runs): the files a run writes right before that block's first command, in the folder it runs in.
    Files after the last such block are never used by a command and go nowhere; an unnamed one has no file name."""
    named = [file for file in files if file.name]
    given = []
    for snippet in snippets:
        if snippet.commands and not snippet.options.get("skip"):
            before = tuple(file for file in named if file.start_line <= snippet.start_line)
            named = [file for file in named if file.start_line > snippet.start_line]
            snippet = replace(snippet, files=before) if before else snippet
        given.append(snippet)
    return tuple(given)
