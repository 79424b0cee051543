"""docktest markers: `<!-- docktest … -->` comments and the front matter's `docktest:` key → validated options;
excuses (`ignore: RULE` in a marker, `# docktest ignore: RULE` in code) → the lines they cover."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from docktest import folders
from docktest.extract.excuses import RULE_NAMES
from docktest.model import Finding, Snippet
from docktest.suggest import closest, did_you_mean

MARKER = re.compile(r"\A\s*<!--\s*docktest\b(.*?)-->\s*\Z", re.S)
# `<!-- DOCKTEST …`, `<!-- dockertest …`: near misses that would silently be plain comments.
_NEAR_MARKER = re.compile(r"\A\s*<!--\s*([A-Za-z]{6,12})\b")
KEYS = ("skip", "stdin", "workdir", "exit", "timeout", "placeholders", "output", "ignore", "file")
RULE = "marker"
_DOCS_DIR = re.compile(r"^docs_dir:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.M)
# Markers are a few lines: anything bigger is a mistake or an attack (an alias bomb), refused before YAML expands it.
MAX_MARKER_BYTES = 16384
MAX_YAML_VALUES = 1000
_SHOWN = 40  # characters of a wrong value repeated in a message


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    """A wrong value as a message repeats it: its repr, cut short (YAML null reads `null`)."""
    return _cut("null" if value is None else repr(value))


def _cut(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _first_line(error: Exception) -> str:
    problem = getattr(error, "problem", None) or str(error)
    return problem.strip().split("\n", 1)[0]


def _check_value(key: str, value: Any) -> tuple[Any, str | None]:
    """The value to keep and, when it is wrong, why."""
    if key == "skip":
        if isinstance(value, str) and value.strip():
            return value.strip(), None
        return None, "skip needs a reason: write `skip: <why this block is not run>`"
    if key == "file":
        if isinstance(value, str) and value.strip():
            return value.strip(), None
        return None, "file needs the file's path: write `file: app.py` (relative to the page's working folder)"
    if key in ("stdin", "workdir"):
        if isinstance(value, str):
            if key == "workdir" and value.startswith("/"):
                return None, f"workdir must be a folder relative to the page, not {_shown(value)}"
            return value, None
        return None, f"{key} must be a string, not {_shown(value)}"
    if key == "exit":
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
        return None, f"exit must be an integer exit status, not {_shown(value)}"
    if key == "timeout":
        if _is_number(value) and 0 < value < float("inf"):
            return value, None
        return None, f"timeout must be a positive number of seconds, not {_shown(value)}"
    if key == "ignore":
        names = RULE_NAMES.findall(value) if isinstance(value, str) else value
        if isinstance(names, list) and names and all(isinstance(name, str) and name.strip() for name in names):
            return tuple(name.strip() for name in names), None
        return None, ("ignore takes rule names, e.g. `ignore: unknown-command` or "
                      "`ignore: [unknown-command, docker-usage]`")
    if key == "output":
        if value == "ignore":
            return value, None
        return None, f"output takes one value, `output: ignore` (do not compare what the block prints), not {_shown(value)}"
    # placeholders
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        if all(isinstance(v, str) or _is_number(v) for v in value.values()):
            return {k: str(v) for k, v in value.items()}, None
    return None, "placeholders must be a mapping of placeholder name to value, e.g. `placeholders: {이름: web}`"


def _options(node: yaml.Node | None, first_line: int, path: str, what: str) -> tuple[dict[str, Any], list[Finding]]:
    """Validate a composed YAML mapping node whose line 0 is file line `first_line`."""
    if node is None or node.tag == "tag:yaml.org,2002:null":
        return {}, []
    if not isinstance(node, yaml.MappingNode):
        return {}, [Finding(path, first_line + node.start_mark.line, "warning", RULE,
                            f"{what} must be a YAML mapping such as `skip: reason`")]
    if _value_count(node, MAX_YAML_VALUES) > MAX_YAML_VALUES:
        return {}, [Finding(path, first_line, "warning", RULE, f"docktest marker expands to more "
                            f"than {MAX_YAML_VALUES} YAML values (an alias bomb?): keep markers small")]
    options: dict[str, Any] = {}
    findings = []
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            findings.append(Finding(path, line, "warning", RULE, f"docktest marker keys are plain words ({', '.join(KEYS)})"))
            continue
        key = key_node.value
        if key not in KEYS:
            close = closest(key, KEYS)
            hint = did_you_mean(close) if close else f" (known keys: {', '.join(KEYS)})"
            findings.append(Finding(path, line, "warning", RULE,
                                    f"unknown docktest marker key '{_cut(key)}'{hint}", close))
            continue
        try:
            value, problem = _check_value(key, _construct(value_node))
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:  # a tag the safe loader refuses
            value, problem = None, f"{key} is not a value docktest can read: {_cut(_first_line(error))}"
        if problem:
            findings.append(Finding(path, line, "warning", RULE, problem))
        else:
            options[key] = {name: line for name in value} if key == "ignore" else value  # where each is written
    return options, findings


def _construct(node: yaml.Node) -> Any:
    """The Python value of a composed node (its size already bounded by _compose)."""
    return yaml.SafeLoader("").construct_document(node)


def _value_count(node: yaml.Node, limit: int) -> int:
    """How many values the node stands for once aliases are expanded, counting no further than limit + 1."""
    count = 0
    stack = [node]
    while stack and count <= limit:
        current = stack.pop()
        count += 1
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(item for pair in current.value for item in pair)
    return count


def _compose(text: str, first_line: int, path: str,
             max_bytes: int | None = MAX_MARKER_BYTES) -> tuple[yaml.Node | None, list[Finding]]:
    size = len(text.encode("utf-8"))
    if max_bytes is not None and size > max_bytes:
        return None, [Finding(path, first_line, "warning", RULE,
                              f"docktest marker is {size} bytes long; at most {MAX_MARKER_BYTES} are read")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return None, [Finding(path, line, "warning", RULE, f"docktest marker is not valid YAML: {problem}")]
    return node, []


def block_marker(html: str, line: int, path: str) -> tuple[dict[str, Any], list[Finding]] | None:
    """Options of an HTML comment starting at file line `line`, or None when it is no docktest marker."""
    match = MARKER.match(html)
    if not match:
        return None
    body = match.group(1)
    line_offset = line + html[: match.start(1)].count("\n")
    node, findings = _compose(body, line_offset, path)
    if findings:
        return {}, findings
    return _options(node, line_offset, path, "a docktest marker")


def near_miss(html: str, line: int, path: str) -> Finding | None:
    """A warning for a comment that looks meant as a marker (`<!-- DOCKTEST …`, `<!-- dockertest …`) but is not one."""
    near = _NEAR_MARKER.match(html)
    if near is None or MARKER.match(html) or not closest(near.group(1).lower(), ["docktest"], cutoff=0.8):
        return None
    return Finding(path, line, "warning", RULE, f"'{near.group(1)}' is not a docktest marker{did_you_mean('docktest')}",
                   "docktest")


def orphan(path: str, line: int) -> Finding:
    return Finding(path, line, "warning", RULE,
                   "docktest marker is not right before a shell code block (```bash, sh, shell, zsh or console)")


def misplaced_output(path: str, line: int) -> Finding:
    return Finding(path, line, "warning", RULE, "docktest output marker is not between a shell code block "
                   "(```bash, sh, shell or zsh) and the ```text (or ```output) block of what it prints")


def page_marker(front_matter: str, first_line: int, path: str) -> tuple[dict[str, Any], list[Finding]]:
    """Page-wide options: the `docktest:` key of the front matter whose first line is file line `first_line`."""
    if "docktest" not in front_matter:
        return {}, []
    node, problems = _compose(front_matter, first_line, path, max_bytes=None)  # MkDocs reads it all anyway
    if problems:
        return {}, []  # not ours to judge: MkDocs reports broken front matter
    if not isinstance(node, yaml.MappingNode):
        return {}, []
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == "docktest":
            options, problems = _options(value_node, first_line, path, "the front matter's docktest key")
            if options.pop("file", None) is not None:
                problems.append(Finding(path, first_line + value_node.start_mark.line, "error", RULE,
                                        "file names one block: put `file: …` in a marker right before that block"))
            return options, problems
    return {}, []


def docs_root(page: Path) -> Path:
    """The docs folder a page belongs to: the `docs_dir` of the nearest mkdocs.yml above it, else the page's folder."""
    page = page.resolve()
    for folder in page.parents:
        config = folder / "mkdocs.yml"
        if config.is_file():
            try:
                match = _DOCS_DIR.search(config.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                match = None
            docs = (folder / (match.group(1) if match else "docs")).resolve()
            if docs in page.parents:
                return docs
            break
    return page.parent


def resolve_workdir(page: Path, workdir: str, docs: Path) -> Path | str:
    """A marker's workdir as a real folder inside the docs folder (symlinks followed) with no link in it leading out
    of the docs folder, or why it cannot be used."""
    docs = docs.resolve()
    folder = (page.resolve().parent / workdir).resolve()
    if folder != docs and docs not in folder.parents:
        return f"workdir '{workdir}' is outside the docs folder {docs.as_posix()}: example folders live under it"
    if not folder.is_dir():
        return f"workdir '{workdir}' is not a folder next to {page.as_posix()}"
    refusal = folders.listing(folder, docs).refusal(docs.parent)
    if refusal:  # never copied into a sandbox: its files must be the docs folder's own
        return f"workdir '{workdir}': {refusal}"
    return folder


def example_folder(snippet: Snippet, page_dir: Path) -> Path | str | None:
    """The folder on disk a block's `workdir` names, inside the page's docs folder; why it cannot be; None: no workdir.

    PAGE_DIR is the folder of the page file (snippet.path may be shown relative to another folder).
    """
    workdir = snippet.options.get("workdir")
    if not workdir:
        return None
    page = page_dir / Path(snippet.path).name
    return resolve_workdir(page, workdir, docs_root(page))


def merge(page: dict[str, Any], block: dict[str, Any]) -> dict[str, Any]:
    """Block values over page values; placeholders and ignore merge name by name."""
    merged = {**page, **block}
    for key in ("placeholders", "ignore"):
        if key in page and key in block:
            merged[key] = {**page[key], **block[key]}
    return merged
