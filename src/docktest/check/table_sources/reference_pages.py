"""Docker's CLI reference pages → one command's flags, aliases, usage and subcommands, in each format Docker used.

Three formats: the `--help` text pasted into a fenced block (docker/cli up to 20.10), the Markdown tables generated
between `<!---MARKER_GEN_START-->` and `<!---MARKER_GEN_END-->` (docker/cli from 23.0, buildx), and the reference
YAML docs.docker.com renders (Compose, Scout, Model, Docker Desktop's plugins).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

import yaml

from docktest.check import docker_cli

_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
_GENERATED = re.compile(r"<!---MARKER_GEN_START-->(.*?)<!---MARKER_GEN_END-->", re.S)
_HEADING = re.compile(r"^#{2,4} +(.+?) *$", re.M)
_BACKTICKED = re.compile(r"`([^`]+)`")
_LISTED_COMMAND = re.compile(r"^ {2,}([a-z][\w-]*) {2,}\S")
_BOOL_TYPES = {"", "bool"}


@dataclass
class Page:
    """What one reference page says about one command (PATH under `docker`, () for `docker` itself)."""

    path: tuple[str, ...]
    flags: dict[str, bool] = field(default_factory=dict)  # "--all" and "-a" → takes a value
    shorthands: dict[str, str] = field(default_factory=dict)  # "-a" → "--all"
    aliases: list[str] = field(default_factory=list)  # other names under the same parent ("list" for "ls")
    usage: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # subcommands the page lists


def path_of(file_name: str) -> tuple[str, ...]:
    """A Markdown page's command, from its file name: `container_run.md` → ("container", "run")."""
    return tuple(file_name.rsplit("/", 1)[-1].removesuffix(".md").split("_"))


def markdown_page(text: str, path: tuple[str, ...]) -> Page | None:
    """A Markdown reference page, generated tables or pasted help text; None when it has neither."""
    generated = _GENERATED.search(text)
    if generated:
        page = _tables(generated.group(1), path)
        before = text[:generated.start()]
        page.usage = [line.strip() for block in _FENCE.findall(before) for line in block.splitlines()
                      if line.strip().startswith("docker ")][:1]
        return page
    for block in _FENCE.findall(text):
        usage = re.search(r"^\s*Usage:\s*docker((?: [a-z][\w-]*)*)", block, re.M)
        if usage and tuple(usage.group(1).split()) == path:  # not another command's help quoted as an example
            return help_text(block, path)
    return None


def help_text(text: str, path: tuple[str, ...]) -> Page:
    """`docker … --help` as old pages paste it (the same parser reads a live client's help)."""
    lines = textwrap.dedent(text).splitlines()
    parsed = docker_cli.parse_help("\n".join(lines), list(path))
    children, listing = [], False
    for line in lines:
        if re.match(r"^\s*(?:Management )?Commands:\s*$", line):
            listing = True
        elif listing and (listed := _LISTED_COMMAND.match(line)):
            children.append(listed.group(1))
        elif listing and line.strip() and not line[0].isspace():
            listing = False
    shorthands = {f"-{match[1]}": f"--{match[2]}" for match in map(docker_cli.FLAG_LINE.match, lines)
                  if match and match[1]}
    return Page(path, _without_help(parsed["flags"]), shorthands, parsed["aliases"], parsed["usage"], children)


def _without_help(flags: dict[str, bool]) -> dict[str, bool]:
    """FLAGS less `--help` and its `-h`, which every command has (a `-h` that takes a value is another flag)."""
    return {name: takes for name, takes in flags.items() if name != "--help" and (name != "-h" or takes)}


def _tables(section: str, path: tuple[str, ...]) -> Page:
    page = Page(path)
    parts = _HEADING.split(section)
    for heading, body in zip(parts[1::2], parts[2::2]):
        if heading == "Aliases":
            page.aliases += _aliases(_BACKTICKED.findall(body), path)
        elif heading == "Options":
            flags, shorthands = _options(body)
            page.flags.update(flags)
            page.shorthands.update(shorthands)
        elif heading in ("Subcommands", "Commands", "Management commands"):
            page.children += [_BACKTICKED.findall(cells[0])[0] for cells in _rows(body)
                              if _BACKTICKED.findall(cells[0])]
    page.flags = _without_help(page.flags)
    return page


def _aliases(names: list[str], path: tuple[str, ...]) -> list[str]:
    """The names among NAMES ("docker image list", or "list" alone in early buildx pages) that are other names of
    PATH under its own parent."""
    found = []
    for name in names:
        words = name.split()[1:] if name.startswith("docker ") else [*path[:-1], *name.split()]
        if path and len(words) == len(path) and words[:-1] == list(path[:-1]) and words[-1] != path[-1]:
            found.append(words[-1])
    return found


def _options(table: str) -> tuple[dict[str, bool], dict[str, str]]:
    """An Options table's flags → takes a value, from its Type column, or (early buildx pages, which have none)
    from the type written after the long flag (`--file string`), which its shorthand shares; and the shorthands."""
    header = [cell.lower() for cell in _rows(table, header=True)[0]] if _rows(table, header=True) else []
    flags, shorthands = {}, {}
    for cells in _rows(table):
        names = [name.split()[0] for name in _BACKTICKED.findall(cells[0])]
        if "type" in header:
            takes = cells[header.index("type")].strip("` ") not in _BOOL_TYPES
        else:
            takes = any(len(name.split()) > 1 for name in _BACKTICKED.findall(cells[0]))
        flags.update(dict.fromkeys(names, takes))
        long = [name for name in names if name.startswith("--")]
        shorthands.update({name: long[0] for name in names if long and not name.startswith("--")})
    return flags, shorthands


def _rows(table: str, header: bool = False) -> list[list[str]]:
    """A Markdown table's body rows as cells (HEADER: its header row alone); `\\|` stays inside its cell."""
    rows = []
    for line in table.splitlines():
        if line.startswith("|") and not re.match(r"^\|[\s:|-]+\|$", line):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))])
    return rows[:1] if header else rows[1:]


def yaml_documents(text: str) -> list:
    """The documents of a YAML file (safe loader, C-accelerated where PyYAML has it)."""
    return list(yaml.load_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def yaml_page(doc: object) -> Page | None:
    """A reference YAML document (`command: docker compose up`, `options:`, `cname:`…); None when it is none."""
    if not isinstance(doc, dict) or not str(doc.get("command", "")).startswith("docker"):
        return None
    path = tuple(str(doc["command"]).split()[1:])
    page = Page(path)
    for option in [*(doc.get("options") or []), *(doc.get("inherited_options") or [])]:
        takes = str(option.get("value_type", "")) not in _BOOL_TYPES
        page.flags["--" + str(option["option"])] = takes
        if option.get("shorthand"):
            page.flags["-" + str(option["shorthand"])] = takes
            page.shorthands["-" + str(option["shorthand"])] = "--" + str(option["option"])
    page.aliases = _aliases([alias.strip() for alias in str(doc.get("aliases") or "").split(",")], path)
    usage = str(doc.get("usage") or "").strip()
    if usage:  # Desktop's plugins write it without `docker` and the parents (`debug [OPTIONS] …`)
        page.usage = [usage if usage.startswith("docker") else " ".join(["docker", *path[:-1], usage])]
    page.children = [str(name).split()[-1] for name in doc.get("cname") or []]
    return page
