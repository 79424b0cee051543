"""Image references as Docker parses them (distribution/reference's grammar): what `docker run`, `create` and `pull`
refuse as "invalid reference format" before anything runs."""

from __future__ import annotations

import re

# distribution/reference (regexp.go): [host[:port]/]path-component[/path-component…][:tag][@digest]
COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"  # one part of a repository's path (`hello-world`, `rocket.chat`)
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REFERENCE = re.compile(rf"(?:{_HOST}/)?{COMPONENT}(?:/{COMPONENT})*(?::{_TAG})?(?:@{_DIGEST})?")


# A reference written as a value to fill, which placeholders' note covers: `%%IMAGE%%`, `traefik[:version]`,
# `{{ .Image }}`, an elision (`......`, `sha256:e3b0…`), a translated word (`algunaimágen`), a metavariable (`IMAGE`,
# `ghcr.io/USER/REPO`)
_TO_FILL = re.compile(r"[%\[\]{}<>]|\.\.|…|[^\x00-\x7f]|(?:^|/)[A-Z][A-Z0-9_]*(?=[/:@]|$)")
_DASHES = "–—‐−"  # what a word processor makes of `--`


def reference_problem(reference: str) -> str | None:
    """Docker's words for why REFERENCE is no image reference (`/var/www/webapp`, `Nginx`, `nginx:`), None when it is
    one or a value to fill."""
    if _REFERENCE.fullmatch(reference):
        return None
    if reference[:1] in _DASHES:
        return (f"invalid reference format: '{reference}' begins with '{reference[0]}', not '-': docker reads it as "
                f"the image (did you mean '--{reference.lstrip(_DASHES)}'?)")
    if _TO_FILL.search(reference) or reference == ".":  # `docker run -v … . . .`: an elision spaced out
        return None
    name, at, digest = reference.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last[last.index(":"):] if ":" in last else ""
    repository = name[: len(name) - len(tag)]
    if _REFERENCE.fullmatch(repository.lower() + tag + at + digest):
        return f"invalid reference format: repository name ({repository}) must be lowercase"
    return f"invalid reference format: '{reference}' is no image name"
