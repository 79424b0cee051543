"""Static checks, one function per rule (listed in SNIPPET_RULES and PAGE_RULES): a page's snippets → Findings,
as the site's settings and the page's excuses have them reported (check.policy)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

from docktest import config, programs, project
from docktest.check import (compose, docker_args, docker_table, dockerfile, image_names, inline, installed, policy,
                            registry, unknown_commands)
from docktest.check.block import Block, PagePrograms
from docktest.check.block import finding as _finding
from docktest.check.rule_page import RulePage
from docktest.extract import dockerfile_parse, markdown, markers, placeholders, prompts
from docktest.extract import shell as commands
from docktest.model import Finding, Snippet
from docktest.suggest import did_you_mean

_JAMO = re.compile(r"[\u3131-\u318E]")
# Typographic quotes (a word processor's or a blog's “…” and ‘…’) where bash would need its own: a word that holds
# one, outside any real quote or comment. Bash passes them on as characters.
_CURLY_WORD = re.compile(r"[^\s;&|()<>]*[“”‘’„][^\s;&|()<>]*")
_GLUED_PROMPT = re.compile(rb"[ \t]*\$([a-z][\w-]*?)(?=[\s-]|$)")  # `$docker-compose up`: `$` and no space
_APOSTROPHE = re.compile(r"(?<=\w)’(?=\w)")  # It’s: between two letters the right quote is an apostrophe
_CURLY_QUOTE = re.compile("[“”‘’„]")  # the keys of _STRAIGHT
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
_SHELLCHECK_IGNORED = "SC2148,SC1090,SC1091,SC2164"  # snippets have no shebang; sourced files are elsewhere


def check_page(path: str, text: str, snippets: list[Snippet], *, shellcheck: bool = False,
               settings: project.CheckSettings = project.CheckSettings()) -> list[Finding]:
    """The page's findings as reported: in line order, excused ones and turned-off rules left out (policy.report)."""
    return check_parsed(path, markdown.parse_page(path, text), snippets, shellcheck=shellcheck, settings=settings)


def check_parsed(path: str, page: markdown.Page, snippets: Sequence[Snippet], *, shellcheck: bool = False,
                 settings: project.CheckSettings = project.CheckSettings()) -> list[Finding]:
    """check_page on the page as extraction parsed it (PAGE; SNIPPETS are its shell blocks): nothing is read again.
    Docker commands are checked against the tree of the client SETTINGS name (none: the shipped table)."""
    docker = docker_table.table(settings.docker_client)
    findings = list(page.findings)
    seen = RulePage(path, page, docker)
    for rule in PAGE_RULES:
        findings.extend(rule(seen))
    defined = set(settings.known_commands)
    # Asked for and missing is a UsageError, before any block: silence would read as "no findings".
    extra_rules = (partial(shellcheck_rule, config.shellcheck_binary()),) if shellcheck else ()
    names = image_names.shown_parts(snippet.code for snippet in snippets)
    ordered = sorted([*snippets, *page.untagged], key=lambda s: s.start_line)
    used, sourced = PagePrograms.of(ordered, page.code_spans), ()
    for snippet in ordered:
        block = _block(snippet, defined, docker)
        block.names, block.page, block.sourced = names, used, sourced
        block.installs = installed.programs(block.script, Path(path).parent.name)
        for snippet_rule in SNIPPET_RULES + extra_rules:
            findings.extend(snippet_rule(block))
        defined |= {name for _, name in block.script.functions} | installed.aliases(block.script)
        defined |= set(block.installs)
        sourced += unknown_commands.sourced_scripts(block.script)
    for file in page.files:
        if file.kind == "dockerfile":
            for script in dockerfile_parse.run_scripts(file):
                findings.extend(run_instruction_findings(path, script, docker, extra_rules))
    not_run = {"unextracted-block"} | (set() if shellcheck else {"shellcheck"})  # their excuses wait for them
    return policy.report(path, findings, snippets, settings, not_run)


def run_instruction_findings(path: str, script: dockerfile_parse.RunScript, docker: dict | None,
                             extra_rules: tuple = ()) -> Iterator[Finding]:
    """A Dockerfile's RUN through the shell rules, as a block of the page (DOCKER: its docker command tree). The
    image's programs are not the sandbox's: of unknown programs only typos are reported (errors with the known name
    they miss by one edit, `apt-gte`), neither a real program the sandbox lacks nor a name further off (a script the
    image was given, often an ordinary word two edits from some program: `RUN build a`, `RUN setup`)."""
    snippet = Snippet(f"{path}#RUN@{script.lines[0]}", path, script.lines[0], script.lines[-1], "sh", script.code)
    substituted = placeholders.substitute(script.code, {}, unbound_as=placeholders.OPAQUE)
    block = Block(snippet, commands.parse(substituted.text), script.lines, [], docker)
    for rule in (syntax_rule, docker_rule, *extra_rules):
        yield from rule(block)
    yield from unknown_commands.unknown_command_rule(block, typos_only=True)


def _block(snippet: Snippet, defined: set[str], docker: dict | None) -> Block:
    """The snippet as extraction bound and parsed it (extract.blocks), as the rules see it."""
    parsed = snippet.parsed
    return Block(snippet, parsed.script, parsed.lines, list(parsed.unbound), docker, parsed.transcript is not None,
                 set(defined))


# --- snippet rules -------------------------------------------------------------------------------

def syntax_rule(block: Block) -> Iterator[Finding]:
    """Bash syntax errors; tree-sitter flags candidates, `bash -n` (parse only) confirms them."""
    if not block.script.has_error:
        return
    error = commands.bash_syntax_error(block.script)
    if error is not None:
        row, message = error
        yield _finding(block, row, "bash-syntax", f"bash syntax error: {message}")


def prompt_rule(block: Block) -> Iterator[Finding]:
    """A `$ ` (or `> `) prompt line in a block that is a script, not a transcript: bash would run a command `$`."""
    if block.transcript:
        return
    script = block.script
    offset = 0
    assigned = set(re.findall(rb"(?:^|[\s;])([a-z_]\w*)=", script.source))
    for row, line in enumerate(script.source.split(b"\n")):
        glued = _GLUED_PROMPT.match(line)
        # quotes, comments and here-documents are read only for a line that may be a prompt (most blocks have none)
        if not (glued or line.startswith((b"$ ", b"> "))) or any(
                start <= offset < end for start, end in placeholders.literal_ranges(script)):
            pass
        elif line.startswith(b"$ "):
            yield _finding(block, row, "prompt-in-script",
                           "a `$ ` prompt inside a script block: drop the `$ `, "
                           "or start the block with it to make the whole block a transcript")
        elif line.startswith(b"> ") and prompts.angle_prompt(text := line.decode("utf-8", "replace")):
            yield _finding(block, row, "prompt-in-script", f"a `> ` prompt inside a script block: bash writes to a "
                           f"file `{text.split()[1]}` and runs the rest; drop the `> `, or start every command with it")
        elif glued and glued.group(1) not in assigned and _is_program(glued.group(1).decode()):
            name, word = glued.group(1).decode(), line.split()[0][1:].decode()
            yield _finding(block, row, "prompt-in-script",
                           f"a `$` prompt glued to `{word}`: bash expands the unset variable `${name}` to nothing and "
                           f"runs the rest; drop the `$`{did_you_mean(word)}", word)
        offset += len(line) + 1


def _is_program(name: str) -> bool:
    return name in programs.sandbox_commands() or programs.source(name) is not None


def curly_quote_rule(block: Block) -> Iterator[Finding]:
    """Curly quotes used as shell quotes (`grep “^”`, `echo ‘hi’`): bash passes them on as characters, so the
    command gets `“^”` where the page meant `^`. Once per line; inside real quotes and comments they are text."""
    script = block.script
    if script.source.isascii():  # no curly quote, as in most blocks (_CURLY_WORD backtracks on every word)
        return
    text = script.source.decode("utf-8", "replace")
    if _CURLY_QUOTE.search(text) is None:  # one scan, no copy (str.translate built one, a dict lookup a character)
        return
    quoted = placeholders.quoted_ranges(script)
    reported: set[int] = set()
    for match in _CURLY_WORD.finditer(text):
        start = len(text[: match.start()].encode())
        row = text.count("\n", 0, match.start())
        if (row in reported or any(begin <= start < end for begin, end in quoted)
                or not _CURLY_WORD.fullmatch(_APOSTROPHE.sub("", match.group()))):
            continue
        reported.add(row)
        word = match.group()
        yield _finding(block, row, "curly-quotes",
                       f"curly quotes in `{word}` are no shell quotes: bash passes them on as characters"
                       f"{did_you_mean(word.translate(_STRAIGHT))}", word.translate(_STRAIGHT))


def docker_rule(block: Block) -> Iterator[Finding]:
    """docker subcommands, flags and required arguments (also under sudo, env, xargs…), against the sandbox's docker
    CLI (see docker_table); what only another release has is a `docker-version` note or warning, not a typo."""
    tree = block.docker
    if tree is None:
        return
    releases = docker_table.releases()
    script = block.script
    checked = []
    for found in commands.docker_invocations(script):
        # xargs appends what it reads: one more argument nobody can know
        args = [commands.literal(script, arg) for arg in found.args] + ([None] if found.more_args else [])
        checked.append((found, docker_args.check(tree, args, releases)))
    listed = _command_list(block, checked)
    for found, problems in checked:
        for problem in problems:
            node = found.args[problem.index] if problem.index < len(found.args) else found.name
            if listed and problem.incomplete:
                yield _finding(block, node.start_point.row, "command-list",
                               f"{problem.message}: this block lists commands; fill in their arguments before "
                               "running them")
            else:
                yield _finding(block, node.start_point.row, problem.rule, problem.message, problem.suggestion)


def _command_list(block: Block, checked: list) -> bool:
    """Whether the block lists commands to look up rather than to run: a script (a transcript shows what was typed)
    in which at least two docker commands, and at least half of them, lack a required argument or give alternatives
    (`network create/rm`)."""
    wanting = sum(any(problem.incomplete for problem in problems) for _, problems in checked)
    return not block.transcript and wanting >= 2 and 2 * wanting >= len(checked)


def placeholder_rule(block: Block) -> Iterator[Finding]:
    """Placeholders no marker gives a value, once per block at the first: check reads them as any value (a note),
    run cannot run them."""
    if block.unbound:
        yield _finding(block, block.unbound[0][0], "unbound-placeholder",
                       placeholders.needs_values([shown for _, shown in block.unbound]))


def shellcheck_rule(binary: str, block: Block) -> Iterator[Finding]:
    """shellcheck's findings (BINARY is the program; opt-in: `--shellcheck`)."""
    proc = subprocess.run([binary, "--shell=bash", "--format=json1", f"--exclude={_SHELLCHECK_IGNORED}", "-"],
                          input=block.script.source, capture_output=True, timeout=30)
    for comment in json.loads(proc.stdout or b'{"comments": []}')["comments"]:
        yield _finding(block, comment["line"] - 1, "shellcheck", f"SC{comment['code']}: {comment['message']}")


def workdir_rule(block: Block) -> Iterator[Finding]:
    """A marker's workdir must be a folder inside the docs folder (checked when the page is on disk)."""
    if not block.snippet.options.get("workdir"):
        return  # no workdir to resolve: the disk need not be asked (most blocks)
    page = Path(block.snippet.path)
    if page.is_file():
        resolved = markers.example_folder(block.snippet, page.parent)
        if isinstance(resolved, str):
            yield registry.finding(block.snippet.path, max(1, block.snippet.start_line - 1), markers.RULE, resolved)


SNIPPET_RULES: tuple[Callable[[Block], Iterator[Finding]], ...] = (
    syntax_rule, unknown_commands.unknown_command_rule, prompt_rule, curly_quote_rule, docker_rule, placeholder_rule,
    workdir_rule)


# --- page rules ----------------------------------------------------------------------------------

def jamo_rule(page: RulePage) -> Iterator[Finding]:
    """A lone Hangul compatibility jamo in prose (like a trailing 'ㅉ') is almost always a typo."""
    for line, text in page.page.prose:
        if text.isascii():  # no jamo in it (CPython knows this without reading the text)
            continue
        for match in _JAMO.finditer(text):
            yield registry.finding(page.path, line, "stray-jamo",
                                   f"stray Hangul jamo '{match.group()}' (a typo?)")


def image_name_rule(page: RulePage) -> Iterator[Finding]:
    """`docker run elsaticsearch`: a single-name image close to an official one, that no command before it on the
    page made (see image_names); and an image name docker refuses (`docker run -v /a /b/c node`: `/b/c`, `Nginx`). A
    page rule, as what counts is what the page's earlier blocks built or tagged."""
    if page.docker is None:
        return
    images = image_names.PageImages(page.docker, docker_table.releases())
    for snippet in (snippet for snippet in page.page.snippets if "docker" in snippet.code):
        block = _block(snippet, set(), page.docker)
        for found in commands.docker_invocations(block.script):
            for index, rule, message, suggestion in images.read([commands.literal(block.script, arg)
                                                                 for arg in found.args]):
                yield registry.finding(page.path, block.line(found.args[index].start_point.row), rule, message,
                                       suggestion)


PAGE_RULES: tuple[Callable[[RulePage], Iterator[Finding]], ...] = (
    jamo_rule, image_name_rule, inline.inline_docker_rule, dockerfile.dockerfile_rule, compose.compose_rule)

