"""Dockerfile instruction flags (`COPY --chown`, `RUN --mount=…`) and parser directives, as BuildKit knows them.

Read from github.com/moby/buildkit at 73ed6825c4b7 (frontend/dockerfile/instructions/parse.go,
commands_run{mount,network,security,device}.go, parser/directives.go, linter/ruleset.go): the tables below are
those files' flag, key and value names; the messages say what BuildKit would refuse.
"""

from __future__ import annotations

import re

from docktest.extract import placeholders
from docktest.suggest import closest, did_you_mean

# Each instruction's flags: True for a bool flag (`--link`, `--link=false`), False for one that needs a value.
FLAGS: dict[str, dict[str, bool]] = {
    "FROM": {"platform": False},
    "COPY": {"chown": False, "from": False, "chmod": False, "link": True, "exclude": False, "parents": True},
    "ADD": {"chown": False, "chmod": False, "link": True, "keep-git-dir": True, "checksum": False, "unpack": True,
            "exclude": False},
    "RUN": {"mount": False, "network": False, "security": False, "device": False},
    "HEALTHCHECK": {"interval": False, "timeout": False, "start-period": False, "start-interval": False,
                    "retries": False},
}
_CHOICES = {("RUN", "network"): ("default", "none", "host"), ("RUN", "security"): ("insecure", "sandbox")}
_MOUNT_KEYS = ("type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode", "uid",
               "gid", "src", "dst", "destination", "ro", "rw", "readwrite", "env")
_MOUNT_CHOICES = {"type": ("bind", "cache", "tmpfs", "secret", "ssh"), "sharing": ("shared", "private", "locked")}
_MOUNT_BARE = ("readonly", "ro", "readwrite", "rw", "required")  # mount options that may stand without `=value`
_BOOLEANS = ("true", "false", "1", "0", "t", "f", "TRUE", "FALSE", "True", "False", "T", "F")

CHECK_OPTIONS = ("skip", "error", "experimental")
# The build checks a `# check=skip=…` directive can name (linter/ruleset.go).
CHECK_RULES = ("StageNameCasing", "FromAsCasing", "NoEmptyContinuation", "ConsistentInstructionCasing",
               "DuplicateStageName", "ReservedStageName", "JSONArgsRecommended", "MaintainerDeprecated",
               "UndefinedArgInFrom", "WorkdirRelativePath", "UndefinedVar", "MultipleInstructionsDisallowed",
               "LegacyKeyValueFormat", "InvalidBaseImagePlatform", "RedundantTargetPlatform",
               "SecretsUsedInArgOrEnv", "InvalidDefaultArgInFrom", "FromPlatformFlagConstDisallowed",
               "CopyIgnoredFile", "InvalidDefinitionDescription", "ExposeProtoCasing", "ExposeInvalidFormat")
_REFERENCE = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*"
                        r"(?::[\w][\w.-]*)?(?:@sha256:[0-9a-f]{64})?")


def flag_problem(instruction: str, flag: str) -> tuple[str, str | None] | None:
    """What BuildKit refuses in one flag word of INSTRUCTION (`--chwon=1000`): (message, suggestion), or None."""
    name, has_value, value = flag[2:].partition("=")
    known = FLAGS.get(instruction, {})
    if name not in known:
        return unknown_flag(instruction, flag)
    if known[name]:
        if has_value and value not in _BOOLEANS:
            return f"flag '--{name}' of {instruction} is true or false, not '{value}'", None
        return None
    if not has_value or not value:
        return f"flag '--{name}' of {instruction} needs a value: write --{name}=…", None
    if "$" in value:  # a build argument: known only when the image builds
        return None
    if (instruction, name) in _CHOICES:
        return _choice(f"--{name}", value, _CHOICES[instruction, name])
    if (instruction, name) == ("RUN", "mount"):
        return mount_problem(value)
    return None


def unknown_flag(instruction: str, flag: str) -> tuple[str, str | None] | None:
    """FLAG's name (`--chwon=…`), when INSTRUCTION has no such flag: (message, suggestion); else None."""
    name = flag[2:].partition("=")[0]
    known = FLAGS.get(instruction, {})
    if name in known:
        return None
    suggestion = closest(name, list(known))
    elsewhere = [other for other, flags in FLAGS.items() if name in flags]
    hint = did_you_mean(f"--{suggestion}" if suggestion else None) or (
        f" ({' and '.join(elsewhere)} {'has' if len(elsewhere) == 1 else 'have'} it)" if elsewhere else "")
    if not known:
        return f"{instruction} takes no flags: '--{name}' is not one of BuildKit's{hint}", None
    return f"unknown flag '--{name}' for {instruction}{hint}", f"--{suggestion}" if suggestion else None


def mount_problem(value: str) -> tuple[str, str | None] | None:
    """A `RUN --mount=` value's first wrong key or value (type=cache,target=/root/.cache)."""
    for field in value.split(","):
        key, has_value, item = field.partition("=")
        key = key.strip().lower()
        if not has_value:
            if key not in _MOUNT_BARE:
                suggestion = closest(key, _MOUNT_KEYS)
                return (f"--mount option '{field}' must be a key=value pair{did_you_mean(suggestion)}",
                        suggestion)
            continue
        if key not in _MOUNT_KEYS:
            suggestion = closest(key, _MOUNT_KEYS)
            return f"unknown --mount key '{key}'{did_you_mean(suggestion)}", suggestion
        if key in _MOUNT_CHOICES:
            problem = _choice(f"--mount {key}", item.lower(), _MOUNT_CHOICES[key])
            if problem:
                return problem
    return None


def _choice(what: str, value: str, choices: tuple[str, ...]) -> tuple[str, str | None] | None:
    if value in choices:
        return None
    suggestion = closest(value, choices)
    return f"{what} is '{value}', not one of {', '.join(choices)}{did_you_mean(suggestion)}", suggestion


def directive_problem(name: str, value: str) -> tuple[str, str | None] | None:
    """What is wrong with the value of `# syntax=` or `# check=` (BuildKit's parser judges `# escape=` itself)."""
    if name == "escape":
        return None
    if name == "syntax":
        if _REFERENCE.fullmatch(value):
            repository = value.split("@")[0].rsplit(":", 1)[0] if "/" in value else value
            suggestion = closest(repository, ["docker/dockerfile", "docker/dockerfile-upstream"], cutoff=0.8)
            if suggestion and suggestion != repository:
                fixed = value.replace(repository, suggestion, 1)
                return f"# syntax= names the image '{value}'{did_you_mean(fixed)}", fixed
            return None
        return f"# syntax= takes an image reference such as docker/dockerfile:1, not '{value}'", None
    for option in value.split(";"):
        key, has_value, item = option.partition("=")
        key = key.strip()
        if not has_value or key not in CHECK_OPTIONS:
            suggestion = closest(key, CHECK_OPTIONS)
            return f"# check= option '{option.strip()}' is not one of {', '.join(CHECK_OPTIONS)}" \
                   f"{did_you_mean(suggestion)}", suggestion
        if placeholders.is_value(item.strip()):
            continue  # `# check=skip=<checks|all>`: a value to fill
        if key == "error" and item.strip().lower() not in ("true", "false", "1", "0"):
            return f"# check= error is true or false, not '{item.strip()}'", None
        if key in ("skip", "experimental") and item.strip() != "all":
            for rule in (part.strip() for part in item.split(",")):
                if rule and rule not in CHECK_RULES:
                    suggestion = closest(rule, CHECK_RULES)
                    return f"# check= names no build check '{rule}'{did_you_mean(suggestion)}", suggestion
    return None
