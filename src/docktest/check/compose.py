"""Compose file blocks → Findings: validated by the Compose Specification's own JSON schema (data/compose-spec.json,
written by `python -m docktest.check.compose_schema_source`), each problem at the page line of its key, unknown keys
with a did-you-mean."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

import yaml
from jsonschema import Draft7Validator, ValidationError
from jsonschema.exceptions import best_match

from docktest.check import registry
from docktest.check.rule_page import RulePage
from docktest.model import FileBlock, Finding
from docktest.suggest import closest, did_you_mean

RULE = "compose"  # what the Compose Specification refuses
YAML_RULE = "compose-yaml"  # broken YAML in a yaml block that only looks like a Compose file (notes may sit in it)
SCHEMA = "compose-spec.json"
# An excerpt leaves lines out with `...` or `…` (in YAML a `...` line would end the document).
_ELISION = re.compile(r"[ \t]*(?:#[ \t]*)?(?:\.\.\.|…)[ \t]*")
_TOP_LEVEL_KEY = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]|$)")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TYPE_NAMES = {"array": "a list", "object": "a mapping", "string": "a string", "integer": "an integer",
               "number": "a number", "boolean": "true or false", "null": "empty"}


@cache
def _validator() -> Draft7Validator:
    schema = json.loads(resources.files("docktest").joinpath("data", SCHEMA).read_text("utf-8"))
    return Draft7Validator(_inlined(schema, schema.get("definitions", {}), frozenset()))


def _inlined(node, definitions: dict, within: frozenset[str]):
    """NODE with each `{"$ref": "#/definitions/NAME"}` replaced by that definition (in draft 7 a $ref's siblings are
    ignored): the same errors, a quarter less time than looking every reference up while validating."""
    if isinstance(node, list):
        return [_inlined(item, definitions, within) for item in node]
    if not isinstance(node, dict):
        return node
    name = node.get("$ref", "").removeprefix("#/definitions/")
    if name in definitions and name not in within:  # a definition that refers to itself keeps its $ref
        return _inlined(definitions[name], definitions, within | {name})
    return {key: value if key in ("enum", "const") else _inlined(value, definitions, within)
            for key, value in node.items()}


def compose_rule(page: RulePage) -> Iterator[Finding]:
    """Every Compose block of the page, against the Compose Specification."""
    for block in page.page.files:
        if block.kind == "compose":
            yield from check_compose(block)


def check_compose(block: FileBlock) -> list[Finding]:
    """One Compose file's problems. An excerpt (`...` lines, empty sections, a lone service) is held only to what
    it shows; a block of several examples (a top-level key given again) is checked example by example."""
    rows = block.code.split("\n")
    excerpt = any(_ELISION.fullmatch(row) for row in rows)
    rows = ["" if _ELISION.fullmatch(row) else row for row in rows]
    try:
        documents = list(yaml.compose_all("\n".join(rows), Loader=_LOADER))
    except yaml.YAMLError as error:
        return [] if excerpt else [_not_yaml(block, error)]
    if len(documents) != 1:
        return []  # several documents: Kubernetes manifests, not a Compose file
    examples = list(_examples(rows))
    if len(examples) == 1:
        return _check_node(block, documents[0], excerpt)
    findings = []
    for example in examples:
        try:
            root = yaml.compose(example, Loader=_LOADER)
        except yaml.YAMLError:  # an alias to an anchor of another example
            continue
        findings.extend(_check_node(block, root, excerpt))
    return sorted(findings, key=lambda finding: finding.line)


def _not_yaml(block: FileBlock, error: yaml.YAMLError) -> Finding:
    """A YAML syntax error: an error in a block the page names as a Compose file, a warning in a yaml block that
    may hold notes beside its YAML."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    line = block.start_line + (mark.line if mark else 0)
    return registry.finding(block.path, line, RULE if block.name else YAML_RULE,
                            f"this Compose file is not valid YAML: {problem}")


def _examples(rows: list[str]) -> Iterator[str]:
    """The block's text once per example in it, other examples' rows blank (so lines stay the page's)."""
    starts, seen = [0], set()
    for index, row in enumerate(rows):
        key = _TOP_LEVEL_KEY.match(row)
        if key is None:
            continue
        if key.group(1) in seen:
            start = index
            while start > starts[-1] and (not rows[start - 1].strip() or rows[start - 1].startswith("#")):
                start -= 1  # the comment that introduces the next example goes with it
            starts.append(start)
            seen = set()
        seen.add(key.group(1))
    for start, end in zip(starts, [*starts[1:], len(rows)]):
        yield "\n".join(row if start <= index < end else "" for index, row in enumerate(rows))


def _check_node(block: FileBlock, root: yaml.Node | None, excerpt: bool) -> list[Finding]:
    if not _is_compose(root, bool(block.name)):
        return []  # a service or two out of a file, or YAML of another kind
    findings = list(_duplicate_keys(block, root))
    try:
        data = _plain(yaml.SafeLoader("").construct_document(root))
    except yaml.YAMLError:  # a tag only Compose knows (`!reset`, `!override`): the schema cannot judge it
        return findings
    for error in _validator().iter_errors(data):
        error = best_match([error])
        if error.instance is None:  # an empty section: the author left it out
            continue
        if error.validator != "additionalProperties" and _interpolated(error.instance):
            continue
        if excerpt and error.validator not in ("additionalProperties", "enum"):
            continue
        findings.extend(_findings(block, root, error))
    return findings


def _is_compose(root: yaml.Node | None, named: bool) -> bool:
    """Whether the YAML reads as a Compose file: a mapping of Compose's top-level keys (`x-…` extensions and near
    misses of them too), one of them spelt right unless the page names the file; `port:`, `debug:` or a lone
    service's name make it YAML of some other kind, or an excerpt."""
    if not isinstance(root, yaml.MappingNode):
        return False
    top_level = list(_validator().schema["properties"])
    keys = [key.value for key, _ in root.value if isinstance(key, yaml.ScalarNode)]
    near = [key in top_level or key.startswith("x-") or closest(key, top_level) is not None for key in keys]
    return bool(keys) and all(near) and (named or any(key in top_level for key in keys))


def _findings(block: FileBlock, root: yaml.Node, error: ValidationError) -> Iterator[Finding]:
    path = list(error.absolute_path)
    where = _dotted(path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        patterns = error.schema.get("patternProperties", {})
        for key in error.instance:
            if key in known or any(re.search(pattern, str(key)) for pattern in patterns):
                continue
            suggestion = closest(str(key), list(known))
            place = f"in {where}" if where else "at the top level"
            yield Finding(block.path, _line(block, root, [*path, key]), "error", RULE,
                          f"unknown key '{key}' {place}{did_you_mean(suggestion)}", suggestion)
        return
    line = _line(block, root, path)
    if error.validator == "enum":
        choices = [str(choice) for choice in error.validator_value]
        suggestion = closest(str(error.instance), choices)
        yield Finding(block.path, line, "error", RULE, f"{where} is '{error.instance}', not one of "
                      f"{', '.join(choices)}{did_you_mean(suggestion)}", suggestion)
    elif error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        yield Finding(block.path, line, "error", RULE, f"{where or 'the file'} must be "
                      f"{' or '.join(_TYPE_NAMES.get(name, name) for name in expected)}, not {_shown(error.instance)}")
    else:
        yield Finding(block.path, line, "error", RULE, f"{where or 'the file'}: {error.message}")


def _duplicate_keys(block: FileBlock, node: yaml.Node) -> Iterator[Finding]:
    """A key given twice in one mapping: YAML keeps the last silently, Compose refuses the file."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    line = block.start_line + key.start_mark.line
                    if key.value in seen:
                        yield Finding(block.path, line, "error", RULE, f"key '{key.value}' is given twice "
                                      f"(first on line {seen[key.value]}): Compose refuses the file")
                    seen.setdefault(key.value, line)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def _line(block: FileBlock, root: yaml.Node, path: list) -> int:
    """The page line of the key (or list item) at PATH; its nearest ancestor when PATH leads through a merge."""
    node, line = root, root.start_mark.line
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            pair = next(((key, value) for key, value in node.value if getattr(key, "value", None) == step), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line
        else:
            break
    return block.start_line + line


def _dotted(path: list) -> str:
    """`services.app.volumes[0].type`"""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else str(step)
    return text


def _shown(value) -> str:
    if isinstance(value, (dict, list)):
        return _TYPE_NAMES["object" if isinstance(value, dict) else "array"]
    return "empty" if value is None else repr(value)


def _interpolated(value) -> bool:
    """A value with `${VAR}` or `$VAR` in it: Compose interpolates before it validates, so its type is unknown."""
    if isinstance(value, str):
        return "$" in value
    if isinstance(value, dict):
        return any(_interpolated(item) for item in value.values())
    if isinstance(value, list):
        return any(_interpolated(item) for item in value)
    return False


def _plain(value):
    """The constructed YAML as Compose reads it: dates (YAML 1.1 timestamps) stay text."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value
