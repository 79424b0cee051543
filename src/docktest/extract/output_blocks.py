"""Blocks that are output as a whole: output rows and no command, rows shaped like output no rule knows, and a
block the page itself calls output."""

from __future__ import annotations

import re

from docktest.extract import not_shell
from docktest.extract.output_lines import COLUMN_GAP, RESOURCE, log_line
from docktest.extract.prompts import has_posix_prompt
from docktest.programs import is_program, near_program


def whole_block(rows: list[str], output: list[int]) -> bool:
    """Whether a block holds output and no command: some of its rows are output (OUTPUT, see output_lines.find), and
    no other row reads as a command someone would type (not_shell.command_like; comments and blank rows aside), at a
    bare `> ` or zsh's `% ` prompt either (`% curl …`: what follows the prompt is typed)."""
    taken = set(output)
    return bool(taken) and not any(not_shell.command_like(_BARE_PROMPT.sub("", row)) or not_shell.command_like(row)
                                   for index, row in enumerate(rows)
                                   if index not in taken and row.strip() and not row.lstrip().startswith("#"))


_BARE_PROMPT = re.compile(r"^[ \t]*[>%] ")


def shaped_block(rows: list[str], output: list[int]) -> bool:
    """Whether a block is output that holds rows no output rule knows (eks-node-viewer's bars, `kubectl describe`'s
    `Image pull secrets:  <none>`, `(snip)` where lines were left out): at least half of its rows are output-shaped
    (OUTPUT, see output_lines.find, or _SHAPED), and no row names a program, a typo of one (`kubeclt get pods`), a
    path or a shell keyword. A path row indented under a `Key:` row with a `(` bash cannot read is that key's value
    (`Mounts:` ⏎ `  /data from vol (rw)`)."""
    taken, shaped, meaningful, key_indent = set(output), 0, 0, -1
    for index, row in enumerate(rows):
        stripped = row.strip()
        if not stripped or stripped.startswith("#") and not stripped.startswith("#!"):
            continue
        meaningful += 1
        indent = len(row) - len(row.lstrip())
        marked = index + 1 < len(rows) and "^" in rows[index + 1] and _CARET.fullmatch(rows[index + 1])
        if index not in taken and not marked and _typed(stripped) and not (
                indent > key_indent >= 0 and stripped[:1] == "/" and " (" in stripped):
            return False  # checked first: most blocks are commands, and their first row says so
        if index in taken or marked or _SHAPED.fullmatch(stripped) or COLUMN_GAP.search(stripped) \
                or log_line(stripped):
            shaped += 1
        if stripped.endswith(":") or indent <= key_indent:
            key_indent = indent if stripped.endswith(":") else -1
    return meaningful > 0 and shaped * 2 >= meaningful


def _typed(row: str) -> bool:
    """Whether ROW reads as a command someone types: a program, a path, a keyword, a typo of a program's name."""
    bare = row.lstrip("`'\"")
    if not_shell.command_like(bare) or has_posix_prompt(bare):
        return True
    words = bare.split()
    if not words:  # a lone quote: bash reads it as an unclosed one, not output
        return True
    first = words[0]
    if ":" in bare and _LOCATION.fullmatch(bare) and not is_program(first):  # `via main.tf:1-6 (…)`, `want (one of): …`
        return False
    if "/" in first and _RELATIVE_PATH.fullmatch(first):  # a script of the page's (`bin/setup.sh`), unless kubectl's answer
        return not RESOURCE.fullmatch(bare)
    return first.islower() and first.isascii() and not first.endswith(":") and (is_program(first) or near_program(first))


# A place in a source file, as a scanner or a compiler names it (Trivy's `main.tf:3-5`, `via main.tf:1-6
# (aws_s3_bucket.this)`), and a key qualified in parentheses (OPA's `want (one of): ["Stages"]`)
_LOCATION = re.compile(r"(?:[a-z]+[ \t]+)?[\w./-]+\.\w+:\d+(?:-\d+)?(?:[ \t]+\(.*\))?"
                       r"|[A-Za-z_][\w.-]*[ \t]+\([^()]*\):(?:[ \t].*)?")
# A compiler's marker under the place it points at (`       ^`, `  ^~~~`): the row above is quoted source
_CARET = re.compile(r"[ \t]*\^[~^]*[ \t]*")
# Rows of output no program has the shape of: a count and what it counts (`4 pods (0 pending 4 running)`), a bar
# or a box's rules (`cpu ████░░`, a scanner's `═══`, `───`, `┌`), Homebrew's `==>` log, an elision (`(snip)`, `...`),
# `Key:  value` rows (kubectl describe's, YAML's), a resource and what became of it (`service/web unchanged`), a
# place in a source file (see _LOCATION)
_SHAPED = re.compile("|".join([
    r"\d[\d.,]*%?[ \t]+[A-Za-z(].*", r".*[\u2500-\u259f].*", r"==> .*", r"\((?:snip|\.\.\.|…)\)|\.{3,}|…",
    r"(?:- )?[A-Za-z_][\w.\"'/-]*(?: [A-Za-z][\w./-]*)*:(?:[ \t].*)?", _LOCATION.pattern,
]))
_RELATIVE_PATH = re.compile(r"[\w.-]+(?:/[\w.-]+)+")


def aligned_table(rows: list[str]) -> bool:
    """Whether a block is a table a tool printed with a header in lower case (Elasticsearch's `_cat` APIs: `health
    status index  uuid …` over `green  open  pms  xlU0…`), or one whose header a paste mangled: two rows or more, a
    header of four words or more, each row under it three cells or more apart by gaps of two spaces, and each cell
    starting under a header word's start or ending under its end (numbers align right). A flag, a pipe, a redirection
    or a substitution in any row makes it commands (`docker ps   -a` under `docker run  -d  nginx`)."""
    meaningful = [row.rstrip() for row in rows if row.strip()]
    if len(meaningful) < 2 or not COLUMN_GAP.search(meaningful[0]) or any(
            row.lstrip().startswith("#") or not_shell.SHELL_SIGNS.search(row) for row in meaningful):
        return False
    words = [(word.start(), word.end()) for word in re.finditer(r"\S+", meaningful[0])]
    starts, ends = {start for start, _ in words}, {end for _, end in words}
    if len(words) < 4:
        return False
    for row in meaningful[1:]:
        cells = [(cell.start(), cell.end()) for cell in _CELL.finditer(row)]
        if len(cells) < 3 or any(start not in starts and end not in ends for start, end in cells):
            return False
    return True


_CELL = re.compile(r"\S+(?: \S+)*")  # a table's cell: words one space apart (`2 weeks ago`)


# A paragraph that announces output (`Expected output:`, `Output:`, `출력 결과:`): the fence after it shows it
_ANNOUNCES_OUTPUT = re.compile(r"(?:(?:the )?(?:expected|sample|example) )?output(?: is| looks like)?:|(?:실행 )?(?:출력|결과)"
                               r"(?: 결과)?(?:는|은)?:", re.IGNORECASE)
ANNOUNCED = ("the text above calls this block output and no line of it reads as a command: tag it ```text, or show it "
             "under its command in a ```console block with `$ ` prompts (nothing in it is checked or run)")


def announced(paragraph: str, code: str) -> bool:
    """Whether a script fence's CODE is output by what the page says: the paragraph right above it (PARAGRAPH)
    announces output, and none of its rows reads as a command (a typo of a program's name does: it stays checked)."""
    return bool(_ANNOUNCES_OUTPUT.fullmatch(paragraph.strip().rsplit("\n", 1)[-1].strip())) and not any(
        not_shell.command_like(row) or has_posix_prompt(row) for row in code.split("\n") if row.strip())
