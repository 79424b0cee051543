"""Dockerfile blocks → Findings, one function per rule, read by BuildKit's own parser (PyPI `dockerfile`); the shell
of their RUN instructions goes to the shell rules (run_scripts), checked like a block of the page."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from docktest.check import dockerfile_flags as flags
from docktest.check import registry
from docktest.check.copy_context import Context, page_context
from docktest.check.rule_page import RulePage
from docktest.extract import dockerfile_parse as read
from docktest.extract import placeholders, synopses
from docktest.model import FileBlock, Finding
from docktest.suggest import closest, did_you_mean

RULE = "dockerfile"  # what BuildKit would refuse
DIRECTIVE_RULE = "dockerfile-directive"  # a parser directive BuildKit reads as a plain comment
SOURCE_RULE = "dockerfile-source"  # a COPY/ADD source the page never shows or makes
_ELISIONS = ("...", "…")  # an excerpt's left-out lines
_PLACEHOLDER = re.compile(r"<[^<>]+>")
_DESCRIBED = re.compile(r"<[^<>]+ [^<>]+>")  # a placeholder that describes what goes there: `<install dependencies>`
_OPERATORS = ("&&", "||", "|")  # what starts a shell line continued from the one above
_EXEC_FORM = ("RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME")
# Instructions whose words no shell reads: a `# …` after them is more words, not a comment.
_NO_SHELL = ("FROM", "COPY", "ADD", "EXPOSE", "VOLUME", "ARG", "USER", "WORKDIR", "STOPSIGNAL")
_NO_END_COMMENTS = "a Dockerfile has no end-of-line comments: put the comment on a line of its own"


@dataclass(frozen=True)
class Dockerfile:
    """One Dockerfile block, parsed, with what the page gives its build."""

    block: FileBlock
    parsed: read.Parsed
    context: Context

    def finding(self, row: int, message: str, suggestion: str | None = None, rule: str = RULE) -> Finding:
        return registry.finding(self.block.path, self.block.start_line + row - 1, rule, message, suggestion)


def dockerfile_rule(page: RulePage) -> Iterator[Finding]:
    """Every Dockerfile block of the page, through every rule of RULES."""
    context = None
    for block in page.page.files:
        if block.kind == "dockerfile":
            context = context or page_context(page.path, page.page)
            document = Dockerfile(block, read.parse(block.code), context)
            for rule in RULES:
                yield from rule(document)


# --- rules ------------------------------------------------------------------------------------------------------

def parse_error_rule(document: Dockerfile) -> Iterator[Finding]:
    """What stops BuildKit's parser (`ENV A`, an unterminated here-document); an empty excerpt is no error, nor a
    reference's synopsis (`ENV <key>=<value> ...`)."""
    error = document.parsed.error
    row = document.block.code.split("\n")[error[0] - 1].strip().partition(" ")[2] if error else ""
    if error is not None and error[1] != "file with no instructions" and not synopses.is_instruction_synopsis(row):
        hint = f" ({_NO_END_COMMENTS})" if '"#"' in error[1] else ""
        yield document.finding(error[0], f"BuildKit cannot parse this Dockerfile: {error[1]}{hint}")


def instruction_rule(document: Dockerfile) -> Iterator[Finding]:
    """An instruction BuildKit does not know: each near miss of one (`FORM`, `COPPY`, an `ONBUILD` trigger), with
    the closest it knows; of other words only the first (where the block stops reading as a Dockerfile: a shell
    command or a YAML file in a dockerfile fence, a value that went on without `\\`)."""
    stopped = elided = False
    rows = document.block.code.split("\n")
    for instruction in document.parsed.instructions:
        word = instruction.sub_cmd or instruction.cmd
        # an outline's rows: `CMD, EXPOSE ...` lists instructions; under `RUN ...` the elided text ended in `\`,
        # so the indented `&& …` rows go on with it
        listed = _elided(instruction) and word.rstrip(",;").upper() in read.INSTRUCTIONS
        goes_on = elided and word in _OPERATORS and rows[instruction.start_line - 1][:1].isspace()
        elided = _elided(instruction) or goes_on
        if word.upper() in read.INSTRUCTIONS or word in _ELISIONS or listed or goes_on or _a_placeholder(instruction):
            continue  # `ONBUILD <INSTRUCTION>`, `ONBUILD <Dockerfile 명령>`: a placeholder stands for an instruction
        suggestion = closest(word.upper(), read.INSTRUCTIONS) if word.isalpha() else None
        if suggestion is None and stopped:
            continue
        stopped = stopped or suggestion is None
        shown = suggestion if word.isupper() or suggestion is None else suggestion.lower()
        yield document.finding(instruction.start_line, f"unknown instruction '{word}'{did_you_mean(shown)}",
                               shown)


def _a_placeholder(instruction) -> bool:
    """Whether the instruction's name (an ONBUILD trigger's) is a placeholder's start (`<INSTRUCTION>`, `<Dockerfile
    명령>`: one value, though the parser split it at the space)."""
    text = instruction.original.strip()
    if instruction.sub_cmd:
        text = text.split(None, 1)[1] if " " in text else ""
    found = placeholders.find(text)
    return bool(found) and found[0].start == 0


def _elided(instruction) -> bool:
    """Whether the instruction's line ends with an excerpt's elision (`RUN ...`, `CMD, EXPOSE …`)."""
    return instruction.original.rstrip().endswith(_ELISIONS)


def end_comment_rule(document: Dockerfile) -> Iterator[Finding]:
    """`FROM node:18  # base image`: no shell reads FROM's words, so the comment is more arguments (BuildKit refuses
    FROM, COPY copies files named `#`…); likewise after an exec-form `CMD [...]`."""
    for instruction in document.parsed.instructions:
        comment = _end_comment(instruction)
        if comment and not _restates(instruction, comment):
            shown = comment if len(comment) <= 30 else comment[:30] + "…"
            yield document.finding(instruction.start_line, f"'{shown}' is read as more words of "
                                   f"{read.name_of(instruction)}: {_NO_END_COMMENTS}")


def _end_comment(instruction) -> str:
    """The `# …` an instruction takes as words, or ""."""
    name = read.name_of(instruction)
    if name in _NO_SHELL and not instruction.json:
        text = " ".join(instruction.value)
        match = re.search(r"(?:^|\s)(#.*)", text)
        return match.group(1) if match else ""
    if name in ("RUN", "CMD", "ENTRYPOINT") and not instruction.json:
        match = re.fullmatch(r"(\[.*\])\s+(#.*)", _rest(instruction))
        return match.group(2) if match and _repaired(match.group(1)) else ""
    return ""


def _restates(instruction, comment: str) -> bool:
    """`WORKDIR ${FOO}   # WORKDIR /bar`: a comment that restates the instruction shows what the line reads as (a
    reference explaining substitution), not a comment the author meant the build to skip."""
    return re.match(rf"#\s*{read.name_of(instruction)}\s", comment + " ") is not None


def _synopsis(instruction) -> bool:
    """`ADD [OPTIONS] <src> ... <dest>`: the instruction's arguments are its synopsis (a reference's), not a line to
    build: its form, arguments and sources are not judged; its instruction and flag names are."""
    return synopses.is_instruction_synopsis(_rest(instruction))


def _rest(instruction) -> str:
    """The instruction's text after its name and flags."""
    return instruction.original[read.PREFIX.match(instruction.original).end():].strip()  # type: ignore[union-attr]


def flag_rule(document: Dockerfile) -> Iterator[Finding]:
    """Flags BuildKit refuses: unknown ones (`--chwon`), a missing value, a wrong `--mount`/`--network` value."""
    for instruction in document.parsed.instructions:
        if read.name_of(instruction) not in read.INSTRUCTIONS:
            continue
        name = read.name_of(instruction)
        # a synopsis's optional flags (`[--chown=<user>:<group>]`) are named, not given
        optional = re.findall(r"\[(--[\w-]+)", _rest(instruction)) if _synopsis(instruction) else []
        for flag in (*read.flags_of(instruction), *optional):
            value = flag.partition("=")[2]
            # a value to fill (`--network=<TYPE>`, `--mount=[type=<TYPE>]…`) is no wrong value
            problem = flags.unknown_flag(name, flag) if flag in optional or placeholders.holds_value(value) \
                else flags.flag_problem(name, flag)
            if problem:
                yield document.finding(instruction.start_line, *problem)


def exec_form_rule(document: Dockerfile) -> Iterator[Finding]:
    """`CMD ["python3" "app.py"]`: not JSON, so BuildKit runs the text through `/bin/sh -c` (or copies a file named
    `["a",`); SHELL has no other form."""
    for instruction in document.parsed.instructions:
        name = read.name_of(instruction)
        if name not in _EXEC_FORM or instruction.json or _end_comment(instruction) or _synopsis(instruction):
            continue
        rest = _rest(instruction)
        if name == "SHELL":
            yield document.finding(instruction.start_line, 'SHELL takes a JSON array, e.g. SHELL ["/bin/bash", "-c"]')
        elif rest.startswith("["):
            fixed = _repaired(rest)
            what = f"{name} {rest} is not a JSON array, so Docker " + (
                "runs it through /bin/sh -c as text" if name in ("RUN", "CMD", "ENTRYPOINT") else "reads its words "
                "as paths")
            if fixed:
                yield document.finding(instruction.start_line, f"{what}{did_you_mean(fixed)}", fixed)
            else:
                hint = "continue it on the next line with \\" if "]" not in rest else "write it as [\"…\", \"…\"]"
                yield document.finding(instruction.start_line, f"{what}: {hint}")


def _repaired(text: str) -> str | None:
    """The JSON array the author meant, when quotes or commas are all that is wrong; None otherwise."""
    fixed = text.replace("\u201c", '"').replace("\u201d", '"')
    if '"' not in fixed:
        fixed = fixed.replace("'", '"')
    fixed = re.sub(r'"\s+"', '", "', fixed)
    fixed = re.sub(r",\s*\]$", "]", fixed)
    try:
        value = json.loads(fixed)
    except ValueError:
        return None
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return json.dumps(value, ensure_ascii=False)
    return None


def arguments_rule(document: Dockerfile) -> Iterator[Finding]:
    """Arguments BuildKit insists on: `FROM image [AS name]`, a COPY/ADD destination."""
    arguments = [_placeholders_joined(instruction.value) for instruction in document.parsed.instructions]
    # an outline (`RUN <install dependencies>`, `COPY <code>`): a lone placeholder stands for all the arguments
    outline = any(len(values) == 1 and _DESCRIBED.fullmatch(values[0]) for values in arguments)
    for instruction, values in zip(document.parsed.instructions, arguments):
        name = read.name_of(instruction)
        if _end_comment(instruction) or _synopsis(instruction) or any(value in _ELISIONS for value in values) or (
                outline and len(values) == 1 and _PLACEHOLDER.fullmatch(values[0])):
            continue
        if name == "FROM" and len(values) not in (1, 3):
            yield document.finding(instruction.start_line, "FROM takes an image and, optionally, AS and a stage "
                                   "name (FROM image AS name)")
        elif name == "FROM" and len(values) == 3 and values[1].lower() != "as":
            yield document.finding(instruction.start_line, f"FROM names its stage with AS, not '{values[1]}'",
                                   "AS")
        elif name in ("COPY", "ADD") and len(values) < 2 and not instruction.heredocs:
            yield document.finding(instruction.start_line, f"{name} needs a source and a destination "
                                   f"({name} app.py /app/)")


def _placeholders_joined(values: tuple[str, ...]) -> list[str]:
    """An outline's placeholders as one value each: `<base image>` is one image, not two words."""
    joined: list[str] = []
    for value in values:
        if joined and joined[-1].startswith("<") and not joined[-1].endswith(">"):
            joined[-1] += " " + value
        else:
            joined.append(value)
    return joined


def directive_rule(document: Dockerfile) -> Iterator[Finding]:
    """Parser directives (`# syntax=`, `# check=`): their values, a near miss of one, and one below the first
    instruction, comment or blank line, where BuildKit reads it as a plain comment. (A wrong `# escape=` and a
    directive given twice stop BuildKit's parser: parse_error_rule says so.)"""
    rows = document.block.code.split("\n")
    directives, first_other = read.directives(rows)
    for index, match in directives:
        problem = flags.directive_problem(match.group(1).lower(), match.group(2))
        if problem:
            yield document.finding(index + 1, *problem)
    near_miss = read.DIRECTIVE.fullmatch(rows[first_other]) if first_other < len(rows) else None
    near = closest(near_miss.group(1).lower(), read.DIRECTIVES, cutoff=0.8) if near_miss else None
    if near and rows[first_other].startswith("#"):
        yield document.finding(first_other + 1, f"'# {near_miss.group(1)}=' is not a parser directive "  # type: ignore[union-attr]
                               f"(did you mean '# {near}='?)", near, DIRECTIVE_RULE)
    for index in range(first_other, len(rows)):
        match = read.DIRECTIVE.fullmatch(rows[index].strip())
        if match and match.group(1).lower() in read.DIRECTIVES:
            yield document.finding(index + 1, f"# {match.group(1)}= here is a plain comment: parser directives come "
                                   "first, before any instruction, comment or blank line", rule=DIRECTIVE_RULE)


def stage_rule(document: Dockerfile) -> Iterator[Finding]:
    """`COPY --from=buidler`, `RUN --mount=from=buidler`: a name close to an earlier stage's is a typo (BuildKit would
    look for an image of that name)."""
    stages: list[str] = []
    for instruction in document.parsed.instructions:
        name = read.name_of(instruction)
        if name == "FROM" and len(instruction.value) == 3:
            stages.append(instruction.value[2].lower())
        for flag in read.flags_of(instruction) if name in ("COPY", "RUN") else ():
            key, _, value = flag.partition("=")
            if key == "--mount":
                value = dict(field.split("=", 1) for field in value.split(",") if "=" in field).get("from", "")
            elif key != "--from":
                continue
            if not value or "$" in value or value.lower() in stages or value.isdigit():
                continue
            suggestion = closest(value.lower(), stages, cutoff=0.75)
            if suggestion:
                yield document.finding(instruction.start_line, f"no earlier stage is named '{value}'"
                                       f"{did_you_mean(suggestion)}", suggestion)


def copy_source_rule(document: Dockerfile) -> Iterator[Finding]:
    """A COPY/ADD source that no file block, example folder or command of the page provides (only when the page
    shows files or names an example folder: otherwise there is nothing to judge by)."""
    for instruction in document.parsed.instructions:
        name = read.name_of(instruction)
        if name not in ("COPY", "ADD") or _end_comment(instruction) or _synopsis(instruction) or any(
                flag.startswith("--from") for flag in read.flags_of(instruction)):
            continue  # a stage's or an image's files are not the page's
        for source in instruction.value[:-1]:
            if source in _ELISIONS or document.context.provides(source):
                continue
            suggestion = document.context.closest(source)
            yield document.finding(instruction.start_line, f"{name} source '{source}' is no file this page shows "
                                   f"or makes{document.context.where()}: the build will not find it"
                                   f"{did_you_mean(suggestion)}", suggestion, SOURCE_RULE)


RULES: tuple[Callable[[Dockerfile], Iterator[Finding]], ...] = (
    parse_error_rule, instruction_rule, end_comment_rule, flag_rule, exec_form_rule, arguments_rule, directive_rule,
    stage_rule, copy_source_rule)


