"""Every rule docktest reports, in one table: its stable name, its severity and what it finds."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from docktest import project
from docktest.extract import fences, markers
from docktest.model import Finding, Severity, UsageError
from docktest.project import CheckSettings
from docktest.suggest import closest, did_you_mean


@dataclass(frozen=True)
class Rule:
    """A kind of finding. Its severity says what the finding means for a reader (see docs/guide/markers.md):
    error: running the line as shown fails; warning: the page is wrong, the command may not be; note: what
    cannot be proven here."""

    name: str  # kebab-case, shown with every finding, named in configuration and excuses
    severity: Severity
    summary: str  # one line: what it finds
    formerly: tuple[str, ...] = ()  # names it was reported under before, still accepted in configuration and excuses


RULES = (
    Rule("bash-syntax", "error", "bash cannot parse the block", ("syntax",)),
    Rule("unknown-command", "error", "a command that is no builtin, function, alias or known program"),
    Rule("docker-usage", "error", "a docker subcommand, flag or argument the docker CLI rejects", ("docker",)),
    Rule("prompt-in-script", "error", "a `$ ` prompt inside a script block: bash would run a command named `$`",
         ("prompt",)),
    Rule("docker-version", "note", "a docker command or flag only a newer Docker release (or a plugin the sandbox "
                                   "lacks) has"),
    Rule("dockerfile", "error", "a Dockerfile block BuildKit would refuse: unknown instruction or flag, exec form "
                                "that is not JSON, a misspelt stage"),
    Rule("compose", "error", "a Compose file block the Compose Specification's schema refuses (unknown key, wrong "
                             "type or value)"),
    Rule("file", "error", "a file block whose path leaves the page's working folder"),
    Rule("file-elsewhere", "note", "a titled block naming a file by an absolute path (`/etc/docker/daemon.json`): "
                                   "neither written nor checked"),
    Rule("not-in-sandbox", "note", "a real program (not a typo) that the sandbox does not have"),
    Rule("unlisted-program", "note", "a name in no catalogue of programs that the page's prose shows as code "
                                     "(`faas-cli`) and no typo of a known program: a tool the reader installs"),
    Rule("sourced-name", "note", "an unknown name after a `source X` / `. X` (no typo of a known program): a "
                                 "function or alias the sourced script may define (venv's `deactivate`)"),
    Rule("unbound-placeholder", "note", "a placeholder no docktest marker gives a value: the block needs values "
                                        "to run", ("placeholder",)),
    Rule("foreign-prompt", "note", "lines at the prompt of a program that is no POSIX shell (`mysql>`, `PS C:\\>`), "
                                   "or under a comment naming one (`# Windows (PowerShell)`): neither checked nor run"),
    Rule("inside-container", "note", "commands a transcript or a script types into a container's shell (after "
                                     "`docker run -it … sh`): neither checked nor run on the host"),
    Rule("user-shell", "note", "commands a script types into another user's shell (after `su - grid`): neither "
                               "checked nor run"),
    Rule(markers.RULE, "warning", "a docktest marker or excuse that is malformed, misplaced or names no rule"),
    Rule(fences.UNCLOSED, "warning", "a code block that is never closed: what follows its commands is the page it "
                                     "swallowed"),
    Rule(fences.MARKDOWN_IN_CODE, "warning", "Markdown inside a shell block, let in by a missing closing fence: not "
                                             "read as commands"),
    Rule(fences.UNTAGGED, "warning", "a code block with no language that holds commands: checked, not run until "
                                     "tagged"),
    Rule(fences.NOT_DOCKERFILE, "warning", "a ```dockerfile block with no Dockerfile instruction (commands, a "
                                           "transcript, output): its commands checked like an untagged block's"),
    Rule("curly-quotes", "warning", "curly quotes (“…”, ‘…’) where bash needs straight ones: they are passed on as "
                                    "characters"),
    Rule(fences.MISSPELT_LANGUAGE, "warning", "a code block tagged with a misspelt shell language (```bsah): "
                                              "its commands checked like an untagged block's, not run"),
    Rule("docker-removed", "warning", "a docker command or flag removed before the sandbox's Docker release"),
    Rule("command-list", "warning", "a block that lists docker commands to look up (most lack arguments or hold "
                                    "placeholders): a missing argument there; a list of alternatives anywhere "
                                    "(`docker stop/start`); unknown commands and flags stay errors"),
    Rule("wrapped-command", "warning", "a transcript's command the terminal wrapped onto the next line (a list cut "
                                       "mid-word): read as one command, not as the start of its output"),
    Rule("output-in-script", "warning", "output pasted into a script block (those lines are neither checked nor run)"),
    Rule("not-shell", "warning", "a shell fence holding no shell (a Compose file, a Dockerfile, a tree listing…): "
                                 "nothing in it is checked or run"),
    Rule("flag-after-image", "warning", "docker run's flag written after the image (`mariadb -e KEY=value`): docker "
                                        "passes it to the container's command instead"),
    Rule("image-name", "warning", "a one-word image name one or two letters from an official image's, that no "
                                  "command before it on the page built or tagged (`elsaticsearch`)"),
    Rule("dockerfile-directive", "warning", "a parser directive (`# syntax=`) BuildKit reads as a plain comment: "
                                            "misplaced or misspelt"),
    Rule("dockerfile-source", "warning", "a COPY/ADD source that no file block, example folder or command of the "
                                         "page provides"),
    Rule("compose-yaml", "warning", "a yaml block with `services:` that is not valid YAML (it may hold notes)"),
    Rule("stray-jamo", "warning", "a lone Hangul jamo in prose (a typo?)"),
    Rule("unused-ignore", "warning", "a docktest excuse that excuses nothing"),
    Rule("unextracted-block", "warning", "a shell block the site shows that docktest did not extract, or the "
                                         "reverse (site builds only)", ("rendered",)),
    Rule("shellcheck", "warning", "a shellcheck finding (only with --shellcheck)"),
)
# Every name a rule answers to (its former ones too). A finding's rule must be here: one that is not is a bug.
BY_NAME = {name: rule for rule in RULES for name in (rule.name, *rule.formerly)}


def finding(path: str, line: int, rule: str, message: str, suggestion: str | None = None) -> Finding:
    """A finding of RULE, at the rule's severity."""
    return Finding(path, line, BY_NAME[rule].severity, rule, message, suggestion)


def unknown_rule(name: str, where: str = "") -> tuple[str, str | None]:
    """What to say of a name no rule has (written WHERE), and the rule it was probably meant to be."""
    near = closest(name, BY_NAME)  # a former name is near too: say the rule's name now
    close = BY_NAME[near].name if near else None
    hint = did_you_mean(close) if close else f" (rules: {', '.join(rule.name for rule in RULES)})"
    return f"unknown rule '{name}'{where}{hint}", close


def canonical(settings: CheckSettings) -> CheckSettings:
    """SETTINGS with every rule name as RULES spells it; a name no rule has is a UsageError naming where it was."""
    def name(written: str, key: str) -> str:
        found = BY_NAME.get(written)
        if found is None:
            raise UsageError(f"{settings.source}: {key}: {unknown_rule(written)[0]}")
        return found.name

    return replace(settings, disable=frozenset(name(each, "disable") for each in settings.disable),
                   severity={name(each, "severity"): level for each, level in settings.severity.items()})


def project_settings(start: Path, also: CheckSettings | None = None) -> CheckSettings:
    """The settings of the project START (a page or folder) belongs to, with ALSO's (a MkDocs plugin's options)
    over them: one CheckSettings, rule names checked."""
    found = canonical(project.find(start))
    return found.merged(canonical(also)) if also is not None else found
