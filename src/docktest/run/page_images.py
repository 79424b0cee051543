"""The images a page names: docker run/create/pull's image argument (read with the docker command table, as the
checks read commands), Dockerfile `FROM` lines and Compose `image:` keys (read with the checks' own parsers), in its
blocks' commands, the files their here-documents write, its file blocks and its example folders."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml
from tree_sitter import Node

from docktest.check import docker_table, image_names
from docktest.extract import dockerfile_parse, markers, shell
from docktest.model import Snippet
from docktest.sandbox import stand_ins

# Files of an example folder that name images: Dockerfiles (Dockerfile, Dockerfile-rng, app.Dockerfile) and
# Compose files (compose.yaml, docker-compose.yml, compose.prod.yml).
IMAGE_FILES = re.compile(r"(.*\.)?dockerfile(\W.*)?|(docker-)?compose(\..*)?\.ya?ml", re.I)
MAX_FILE_BYTES = 256 * 1024


def image_arguments(command: shell.Script | str) -> list[str]:
    """The image argument of each `docker run`, `create` and `pull` in COMMAND (see shell.script_of), where it is
    literal."""
    return [use.used(args) for use, args in _image_uses(command) if use.used(args)]


def built_images(command: shell.Script | str) -> list[str]:
    """The names COMMAND makes images under: `docker build -t NAME`, `docker tag SOURCE NAME`, …"""
    return [name for use, _ in _image_uses(command) for name in use.made if name]


def _image_uses(command: shell.Script | str) -> Iterator[tuple[image_names.ImageUse, list[str | None]]]:
    """Each docker command of COMMAND: how it uses and makes images (read as the image-name check reads it), its
    args."""
    tree = docker_table.table()
    script = shell.script_of(command)
    for invocation in shell.docker_invocations(script) if tree is not None else ():
        args = [shell.literal(script, arg) for arg in invocation.args]
        use = image_names.image_use(tree, args)
        if use is not None:
            yield use, args


def dockerfile_images(code: str) -> list[str]:
    """The images a Dockerfile's FROM lines name, as BuildKit's parser reads them (not `scratch`, not an earlier
    stage, not one a build argument names)."""
    stages: set[str] = set()
    found = []
    for instruction in dockerfile_parse.parse(code).instructions:
        if instruction.cmd.upper() != "FROM" or not instruction.value:
            continue
        image, *alias = instruction.value
        if image.lower() != "scratch" and image.lower() not in stages and "$" not in image:  # ${BASE}: set elsewhere
            found.append(image)
        if len(alias) == 2 and alias[0].upper() == "AS":
            stages.add(alias[1].lower())
    return found


def compose_images(code: str) -> list[str]:
    """The `image:` of each service of a Compose file, read with PyYAML's safe loader (not one a variable names);
    none if it is not one."""
    try:
        data = yaml.safe_load(code)
    except yaml.YAMLError:
        return []
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return []
    return [service["image"] for service in services.values()
            if isinstance(service, dict) and isinstance(service.get("image"), str) and "$" not in service["image"]]


def command_images(command: shell.Script | str) -> list[str]:
    """Every image COMMAND (see shell.script_of) names: its docker arguments, and the files its here-documents write
    (a Compose file's services' images, else a Dockerfile's FROM lines)."""
    script = shell.script_of(command)
    documents = [script.text(node) for node in _nodes(script.root, "heredoc_body") if script.holds(node)]
    return image_arguments(script) + [image for code in documents for image in compose_images(code) or
                                      dockerfile_images(code)]


def _nodes(node: Node, kind: str) -> Iterator[Node]:
    if node.type == kind:
        yield node
    for child in node.children:
        yield from _nodes(child, kind)


def folder_images(folder: Path) -> list[str]:
    """Images named in the Dockerfiles and Compose files of an example FOLDER."""
    found = []
    for path in sorted(folder.rglob("*")):
        if IMAGE_FILES.fullmatch(path.name) and path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
            text = path.read_text(encoding="utf-8", errors="replace")
            found += compose_images(text) if path.suffix in (".yaml", ".yml") else dockerfile_images(text)
    return found


def block_images(snippet: Snippet, page_dir: Path) -> list[str]:
    """Images the block's example folder (its `workdir`) and the file blocks written before it name: a build or
    `compose up` there may pull them."""
    folder = markers.example_folder(snippet, page_dir)
    shown = [image for file in snippet.files
             for image in (compose_images(file.code) if file.kind == "compose" else
                           dockerfile_images(file.code) if file.kind == "dockerfile" else [])]
    return (folder_images(folder) if isinstance(folder, Path) else []) + shown


def page_images(snippets: Sequence[Snippet], page_dir: Path) -> Iterator[str]:
    """Every image the page names, in its blocks' commands and example folders."""
    for snippet in snippets:
        if snippet.options.get("skip"):
            continue
        yield from block_images(snippet, page_dir)
        for command in snippet.parsed.commands:
            yield from command_images(command.shell)


def page_stand_ins(snippets: Sequence[Snippet], page_dir: Path) -> tuple[str, ...]:
    """The stand-ins beyond the ALWAYS ones that the page names: its sandbox's registry must serve them too."""
    return stand_ins.needed(page_images(snippets, page_dir))
