"""Inline code in prose that is a docker command line (`docker imgaes`, `sudo docker ps`, `$ docker compose up`) →
the docker rule's findings, at the span's line and column. Fragments (`--rm`, `-t {이미지 이름}:{태그}`,
`Dockerfile`, `docker`) are no command lines and are left alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docktest.check import docker_args, docker_table
from docktest.check.rule_page import RulePage
from docktest.extract import placeholders
from docktest.extract import shell as commands
from docktest.model import Finding
from docktest.suggest import one_edit

# A command line: an optional prompt, an optional sudo, then `docker` and a word.
_ELLIPSIS = re.compile(r"(?:^|\s)(?:\.\.\.|…)(?:\s|$)")  # `docker exec -it …`: the rest left out
_COMMAND_LINE = re.compile(r"(?:\$[ \t]+)?((?:sudo[ \t]+(?:-\S+[ \t]+)*)?docker[ \t]+\S.*)")


def inline_docker_rule(page: RulePage) -> Iterator[Finding]:
    """Each inline docker command: its subcommand and flags; its required arguments only when it gives arguments
    (`docker run` alone names the command in a sentence, `docker cp {소스경로}` is a command missing one). Only
    errors: what another release has or had (notes, warnings) is the blocks' business, where commands run."""
    tree = page.docker
    if tree is None:
        return
    releases = docker_table.releases()
    for span in page.page.code_spans:
        line = _COMMAND_LINE.fullmatch(span.text.strip())
        if line is None:
            continue
        column = span.column + len(span.text) - len(span.text.lstrip()) + line.start(1)
        elided = _ELLIPSIS.search(line.group(1)) is not None
        script = commands.parse(placeholders.substitute(line.group(1), {}, unbound_as=placeholders.OPAQUE).text)
        if script.has_error:  # a sentence's fragment in backticks, not a command line
            continue
        for found in commands.docker_invocations(script):
            args = [commands.literal(script, arg) for arg in found.args] + ([None] if found.more_args else [])
            parsed = docker_args.parse(tree, args, releases)
            # no argument given, or `…` for the rest: the sentence names the command, not a whole command line
            whole = parsed.positionals and not elided
            problems = docker_args.check(tree, args, releases) if whole else [parsed.problem]
            for problem in problems:
                if problem is not None and problem.rule == "docker-usage" and (
                        problem.index >= len(args) or _typo(args[problem.index], problem)):
                    yield Finding(page.path, span.line, "error", problem.rule, problem.message, problem.suggestion,
                                  column)


def _typo(word: str | None, problem: docker_args.Problem) -> bool:
    """Whether an unknown word is a clear near miss of a known one (`imgaes`, `--rn`): prose names things that are
    no commands of this docker (`docker engine`, `docker tomcat`), and those are left alone. `docker buildx*` names
    the command as `docker --help` lists it, its `*` marking a plugin."""
    if word is None or problem.suggestion is None or word == problem.suggestion + "*":
        return False
    return one_edit(word.split("=", 1)[0].removesuffix("*"), problem.suggestion)
