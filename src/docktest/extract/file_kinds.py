"""What file a shell fence holds as a whole when it holds no shell: a Compose file, a Dockerfile, nginx.conf, a
Caddyfile, an INI file, a program's --help, HTTP requests, a folder listing, a diagram, XML, JSON, a .dockerignore."""

from __future__ import annotations

import json
import re

from docktest.extract.dockerfile_parse import INSTRUCTIONS
from docktest.extract.not_shell import HTTP_REQUEST, command_like

_YAML_KEY = re.compile(r"[ \t]*(?:- )?[\w.\"'/-]+:(?:[ \t].*)?")
_YAML_ITEM = re.compile(r"[ \t]*- .*|[ \t]+.*")
_COMPOSE_TOP = re.compile(r"(?:services|version|volumes|networks|configs|secrets|name|include|x-[\w-]+):.*")
_CONF_BLOCK = re.compile(r"[ \t]*(?:server|http|events|location|upstream|stream|map|if)\b[^;]*\{[ \t]*")
_CONF_LINE = re.compile(r"[ \t]*(?:[\w.-]+[ \t][^{}]*;|\}|[\w.-]+[ \t].*\{)[ \t]*(?:#.*)?")
# A Caddyfile: site blocks led by an address (`https://[DOMAIN]:8443 {`, `:8080 {`) over directives (`reverse_proxy
# https://host:8080 {`, `header_up Host {host}`, `tls_insecure_skip_verify`) and closing braces
_CADDY_SITE = re.compile(r"[ \t]*(?:https?://)?[\w.*\[\]-]*(?:[.:][\w.*\[\]-]+)[ \t]*\{[ \t]*")
_CADDY_LINE = re.compile(r"[ \t]*(?:[a-z_]+(?:[ \t]+(?:[^\s{};]+|\{[\w.]+\}))*(?:[ \t]+\{)?|\})[ \t]*")
_DOCKERFILE = re.compile(rf"[ \t]*(?:{'|'.join(INSTRUCTIONS)})\b.*")
_TREE = re.compile(r".*(?:├──|└──|│  ).*")
# An ASCII folder listing: a folder's name (`your-plugin/`) over rows led by `|` (`  |- plugin.yaml`, `  |`): a pipe
# starts no command
_ASCII_TREE = re.compile(r"[ \t]*(?:[\w.-]+/|[|`]-*(?:[ \t].*)?)")
# Rego (OPA's, Trivy's checks): `package name` first, then rules (`deny[res] {`) and `name := value`
_REGO_PACKAGE = re.compile(r"package[ \t]+[\w.]+")
_REGO_RULE = re.compile(r"[ \t]*(?:[\w.\[\]]+(?:\([^()]*\))?[ \t]+:=[ \t].*|[A-Za-z_]\w*\[[\w.]*\][ \t]*\{"
                        r"|import[ \t]+(?:data|input|rego)\b.*)")
# A Kubernetes manifest (Kyverno's policy): `apiVersion:` first, a top-level `kind:`, top-level rows all keys; the
# indented rows may hold anything (a block scalar's PEM key)
_MANIFEST_TOP = re.compile(r"(?:[A-Za-z_][\w.-]*:(?:[ \t].*)?|---|#.*)")
# An HTTP message: its request line (`GET /foo HTTP/1.1`) or status line, then `Name: value` headers (a folded one
# indented) up to a blank line, then its body
_HTTP_START = re.compile(r"(?:(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)[ \t]+\S+[ \t]+HTTP/\d(?:\.\d)?"
                         r"|HTTP/\d(?:\.\d)?[ \t]+\d{3}\b.*)[ \t]*")
_HTTP_HEADER = re.compile(r"[\w-]+:.*|[ \t]+\S.*")
# A program's option list (its --help): `  -p, --port <port>    Use port for clients`, under `Server Options:`.
# A command's continuation line ends in `\` and has no description column after a gap.
_OPTION_ROW = re.compile(r"[ \t]*--?[A-Za-z][\w-]*(?:,[ \t]*--?[A-Za-z][\w-]*)*(?:[ =][^ \t\\]+)*(?:[ \t]{2,}(\S.*))?")
# A configuration file of `key: value` / `key = value` rows in `name {` … `}` sections (NATS, HOCON, HCL)
_CONF_ENTRY = re.compile(r"[ \t]*(?:[\w.\"-]+[ \t]*(?:[:=][ \t]*\S.*|[:=]?[ \t]*[{\[][ \t]*)|[}\]][ \t]*,?)[ \t]*(?:#.*)?")
_CONF_VALUE = re.compile(r"[ \t]*[\w.\"-]+[ \t]*[:=][ \t]*[^{\s].*")
_CONF_SECTION = re.compile(r"[ \t]*[\w.\"-]+[ \t]*[:=]?[ \t]*\{[ \t]*")
_IGNORE_PATTERN = re.compile(r"!?[\w.*?/\[\]-]+")
# An INI file (a systemd unit or drop-in, my.cnf): `[Section]` headers over `Key=value` rows. Bash would run a
# `[Service]` row as a program (`[` takes a space after it) and `ExecStart=/usr/bin/dockerd -H …` as `-H`.
_XML_DECLARATION = re.compile(r"[ \t]*<\?xml[ \t]")
_INI_SECTION = re.compile(r"\[[A-Za-z][\w .-]*\][ \t]*")
_INI_ENTRY = re.compile(r"[A-Za-z][\w.-]*[ \t]*=.*|[;#].*")
# A diagram's arrow (`Dockerfile ──build──> 基础镜像`, `↓` between two steps): bash has no use for either
_ARROW = re.compile(r"─+>|[→↓↑←⟶▼]")


def block_kind(rows: list[str], meaningful: list[str]) -> tuple[str, str] | None:
    """(what it is, the tag to use) when a shell fence holds something else as a whole; None for shell."""
    if not meaningful:
        return None
    text = "\n".join(rows)
    if any(_COMPOSE_TOP.fullmatch(row) for row in meaningful) and all(
            _YAML_KEY.fullmatch(row) or _YAML_ITEM.fullmatch(row) for row in meaningful) and _not_commands(meaningful):
        return "a YAML file (a Compose file?)", "yaml"
    if all(_DOCKERFILE.fullmatch(row) or row[:1].isspace() for row in meaningful) and _DOCKERFILE.match(meaningful[0]):
        return "a Dockerfile", "dockerfile"
    if any(_CONF_BLOCK.fullmatch(row) for row in meaningful) and all(_CONF_LINE.fullmatch(row) for row in meaningful):
        return "a configuration file (nginx?)", "nginx"
    if _CADDY_SITE.fullmatch(meaningful[0]) and all(_CADDY_SITE.fullmatch(row) or _CADDY_LINE.fullmatch(row)
                                                    for row in meaningful) and _not_commands(
            [row for row in meaningful if row.strip() != "}"]):  # a closing brace ends a shell group too
        return "a Caddyfile", "caddyfile"
    if (any(_CONF_SECTION.fullmatch(row) for row in meaningful) and all(_CONF_ENTRY.fullmatch(row) for row in meaningful)
            and _not_commands([row for row in meaningful if _CONF_VALUE.fullmatch(row)])):
        return "a configuration file", "text"
    if _INI_SECTION.fullmatch(meaningful[0]) and all(_INI_SECTION.fullmatch(row) or _INI_ENTRY.fullmatch(row)
                                                     for row in meaningful[1:]):
        return "an INI file (a systemd unit?)", "ini"
    if _help_text(meaningful):
        return "a program's option list (its --help)", "text"
    if all(HTTP_REQUEST.fullmatch(row.strip()) for row in meaningful):
        return "a list of HTTP requests", "http"
    if sum(bool(_TREE.fullmatch(row)) for row in meaningful) * 2 >= len(meaningful) or (
            meaningful[0].rstrip().endswith("/") and all(_ASCII_TREE.fullmatch(row) for row in meaningful)
            and any(row.lstrip()[:1] in "|`" for row in meaningful)):
        return "a folder listing", "text"
    # arrows outside comments, and no line that reads as a command (`echo "──>"` keeps the block shell)
    if _ARROW.search(text) and any(_ARROW.search(row) for row in meaningful) and _not_commands(meaningful):
        return "a diagram", "text"
    if _REGO_PACKAGE.fullmatch(meaningful[0].strip()) and any(_REGO_RULE.fullmatch(row) for row in meaningful):
        return "a Rego policy", "rego"
    if meaningful[0].startswith("apiVersion:") and "kind:" in text and all(
            _MANIFEST_TOP.fullmatch(row) for row in meaningful if not row[:1].isspace()) and any(
            row.startswith("kind:") for row in meaningful):
        return "a Kubernetes manifest (YAML)", "yaml"
    if _HTTP_START.fullmatch(meaningful[0]) and _headers(rows):
        return "an HTTP message", "http"
    if _XML_DECLARATION.match(meaningful[0]):  # bash would read `<?xml` as input from a file named `?xml`
        return "an XML file", "xml"
    if meaningful[0].lstrip()[:1] in "{[" and _is_json(text):
        return "JSON", "json"
    if (len(meaningful) > 1 and all(_IGNORE_PATTERN.fullmatch(row.strip()) for row in meaningful)
            and any(set(row) & set("*.!/") for row in meaningful) and _not_commands(meaningful)):
        return "a list of file patterns (a .dockerignore?)", "text"
    return None


def _headers(rows: list[str]) -> bool:
    """Whether the rows after an HTTP message's first line, up to the first blank one, are its headers."""
    start = next(index for index, row in enumerate(rows) if row.strip()) + 1
    end = next((index for index in range(start, len(rows)) if not rows[index].strip()), len(rows))
    return all(_HTTP_HEADER.fullmatch(row) for row in rows[start:end])


def _help_text(rows: list[str]) -> bool:
    """Mostly option rows with a description column (three at least), and no line that reads as a command."""
    described = [match for row in rows if (match := _OPTION_ROW.fullmatch(row)) and match.group(1)]
    return len(described) >= 3 and len(described) * 2 >= len(rows) and _not_commands(rows)


def _not_commands(rows: list[str]) -> bool:
    return not any(command_like(row) for row in rows)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):  # `[[[[…` deeper than the decoder's recursion limit: not a JSON file
        return False
    return True
