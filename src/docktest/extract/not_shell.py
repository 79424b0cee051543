"""What in a shell fence is not shell, line by line (a list item, YAML, a crontab entry, a note, prose, code of
another language), and what a command line looks like."""

from __future__ import annotations

import re

from docktest.extract.dockerfile_parse import INSTRUCTIONS
from docktest.extract.elisions import ELISION
from docktest.extract.lines import command_starts
from docktest.programs import is_program, near_program
from docktest.suggest import closest

_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=")
_FLAG_ROW = re.compile(r"--?[A-Za-z][\w.-]*(?:[ =].*)?")  # Traefik's `--accesslog.filters.retryattempts`
# `docker run -d \  # 설명`: the comment ends the command there; so does a space after the `\` (bash reads `\ ` as a
# space, and the line break ends the command)
_BROKEN_CONTINUATION = re.compile(r"\\[ \t]+(?:#|$)")
HTTP_REQUEST = re.compile(r"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)[ \t]+/\S*.*")


def command_like(row: str) -> bool:
    """Whether a line reads as a command: it starts with a program (after sudo and assignments), a path, a shell
    keyword, or a near-miss of a program's name (`doccker ps` stays a command, to be reported)."""
    words = _command_words(row)
    if not words:
        return False
    first = words[0].lstrip("\\(")
    if is_program(first) or first.startswith(("./", "/", "~/", "$", "{", "}")) or first in ("if", "for"):
        return True
    return first.islower() and _near_program(first)


def _command_words(row: str) -> list[str]:
    """ROW's words from its command's name on (sudo, a pasted `$` and assignments before it left out)."""
    words = row.split()
    while words and (words[0] in ("sudo", "$", "\\") or _ASSIGNMENT.match(words[0])):
        words.pop(0)
    return words


def _near_program(word: str) -> bool:
    # the programs a Docker page's readers type most (`kubeclt get pods` among output rows is a typo, not output)
    return closest(word, ["docker", "sudo", "cd", "ls", "cat", "echo", "curl", "kubectl", "podman", "helm"], 0.8) is not None


_INSTRUCTIONS = "|".join(INSTRUCTIONS)  # BuildKit's, as a regex alternation
# An image on a registry (`docker.io/rocker/rstudio`, `ghcr.io/o/app:1`, `localhost:5000/app`): its first part a host
# (a dot, a port or `localhost`), as Docker tells a registry from a namespace; a script's path ends in its extension.
REGISTRY_IMAGE = re.compile(r"(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?/[a-z0-9._/-]*[a-z0-9](?::[\w.-]+)?"
                            r"(?:@sha256:[0-9a-f]+)?(?<!\.sh)(?<!\.py)")

_GLOSSARY = "a term and its meaning (`name - Meaning`)"  # unless a program is the term (`echo - Hello` prints)
# Lines no one types into a shell, whatever block they sit in: what each is, as the reader is told.
_NOT_SHELL_LINES = (
    (re.compile(r"[-*+•] \S.*"), "a list item"),
    (re.compile(r"\d+\. \S.*"), "a numbered list's item"),  # `1. CMD service nginx start`: bash has no program `1.`
    (re.compile(r"[A-Za-z_][\w.-]*:(?:[ \t].*)?"), "YAML (`key: value`)"),
    (re.compile(rf"(?:{_INSTRUCTIONS}) .*"), "a Dockerfile instruction"),
    (re.compile(r"[\d*/,-]+(?:[ \t]+[\d*/,-]+){4}[ \t]+\S.*"), "a crontab entry"),
    (HTTP_REQUEST, "an HTTP request line"),
    (re.compile(r"(?:SELECT|SHOW|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|GRANT|USE)\b.*(?:;|\\G)"), "SQL"),
    # the same typed in lower case, as a MySQL client takes it (`show master status;`, `change master to …;`): the
    # statement's words and its closing `;` or `\G` say so (`show` alone, or without its `;`, stays a command)
    (re.compile(r"(?:select|show|insert|update|delete|create|drop|alter|grant|flush|change[ \t]+(?:master|replication"
                r"[ \t]+source)[ \t]+to|(?:start|stop|reset)[ \t]+(?:slave|replica|master))[ \t].*(?:;|\\G;?)"), "SQL"),
    # mongosh's and mysql's own commands: bash has no `use` or `show` program
    (re.compile(r"(?:use[ \t]+[\w.-]+|show[ \t]+(?:dbs|databases|collections|tables|users|roles|profile|logs))[ \t]*;?"),
     "a database shell's command (`use db`, `show dbs`)"),
    # what maps to what (`localhost:port -> host.docker.internal:port`): no program's name has a colon, and bash
    # would write to a file named after the arrow
    (re.compile(r"[\w.-]+:[\w./-]+[ \t]+(?:->|=>)[ \t]+\S+(?:[ \t]+#.*)?"), "a note (`a -> b`)"),
    # an address a command printed (`docker-machine ip` → `192.168.99.101`), before an image's
    # `name:tag` and a version's dotted numbers
    (re.compile(r"\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:/\d{1,2})?(?:[ \t]+#.*)?"), "an IP address"),
    (re.compile(r"[\w./-]+:[\w.+-]+(?:[ \t]+#.*)?"), "an image name (`name:tag`)"),
    # the files a certificate comes as (`blog.example.com.key # 私钥`): no program is a key or a certificate
    (re.compile(r"[\w.-]+\.(?:key|pem|crt|cer|csr|p12|pfx|jks)(?:[ \t]+#.*)?"), "a file's name (a key or a certificate)"),
    (re.compile(rf"{REGISTRY_IMAGE.pattern}(?:[ \t]+#.*)?"), "an image name (`name:tag`)"),
    (re.compile(r"v?\d+(?:\.\d+)+[\w.+-]*(?:[ \t]+#.*)?"), "a version number"),
    (re.compile(rf"(?:\.{{3,}}|…)(?:[ \t].*)?|{ELISION.pattern}"), "an elision (`...`: lines left out)"),
    (re.compile(r"\[[^\]\s]+\](?:[:=,@/.]?\[[^\]\s]+\])+"), "a value's format (`[host-path]:[container-path]`)"),
    # a configuration reference's optional setting (Prometheus's `[ timeout: <duration> ]`, `[ method: <string> |
    # default = "GET" ]`): a key and its colon inside `[ … ]`, which no test of bash's starts with
    (re.compile(r"\[[ \t]+(?:[A-Za-z_][\w.-]*|<[\w-]+>):[ \t].*\](?:[ \t]+#.*)?"),
     "a configuration reference's optional setting (`[ key: <type> ]`)"),
    # a cheat sheet's keys to press (`Ctrl + P, Ctrl + Q   # detach`): no program is named Ctrl
    (re.compile(r"(?i)(?:ctrl|control)[ \t]*[-+][ \t]*[a-z0-9]\b.*"), "a key press (`Ctrl + C`)"),
    (re.compile(r"[\uac00-\ud7a3].*"), "a note in Korean (no command has a Korean name)"),
    (re.compile(r"[^\x00-\x7f\uac00-\ud7a3].*"), "a note (it starts with a symbol)"),
    # Other files pasted into a shell fence: an env file's `KEY=###remark###` lines (bash would run the remark's second
    # word), /etc/hosts rows, what `rpm -qa` lists, a systemd unit's `ExecStart=` lines (bash would run its flags)
    (re.compile(r"[A-Za-z_]\w*=#{2,}.*"), "an env file's line (`KEY=###remark###`)"),
    (re.compile(r"(?:\d{1,3}(?:\.\d{1,3}){3}|[\da-fA-F:]*::[\da-fA-F:]*)(?:[ \t]+[A-Za-z][\w.-]*)+(?:[ \t]+#.*)?"),
     "a hosts file's line (`IP  name …`)"),
    (re.compile(r"[\w+.-]+-\d[\w.+~]*-[\w.+~]+\.(?:x86_64|aarch64|noarch|i686|ppc64le|s390x)"),
     "a package list's row (what `rpm -qa` prints)"),
    (re.compile(r"(?:Exec(?:Start|Stop|Reload|Condition)(?:Pre|Post)?|Environment(?:File)?)=.*"),
     "a systemd unit's line (`ExecStart=…`)"),
    # a setting's value that is a template (paperless-ngx's `X={{ created_year }}/{{ title }}`): bash would run the
    # word after `{{`; the name of a pseudo-header in parentheses (HTTP signatures' `(request-target): get /foo`)
    (re.compile(r"[A-Za-z_]\w*=\S*\{\{[ \t].*\}\}.*"), "a template (`{{ name }}`)"),
    (re.compile(r"\([\w-]+\):(?:[ \t].*)?"), "a header line (`(name): value`)"),
    # a property's or a claim's name alone (Traefik's `user.name`, GitHub's `jobs.<job_id>.environment`); a file's
    # name (`app.py`, `run.sh`, `notes.txt`) is a program, or a mistake to report
    (re.compile(r"(?![\w.-]*\.(?:sh|bash|py|pl|rb|js|php|exe|cmd|bat|ps1|jar|txt|md|json|ya?ml|toml|ini|conf|cfg"
                r"|html?|xml|csv|log|env|sql|tar|gz|tgz|zip)$)[a-z_][\w-]*(?:\.(?:[a-z_][\w-]*|<[\w-]+>))+"),
     "a property's name (`user.name`)"),
    # a Ruby or PHP setting (GitLab's `unicorn['worker_processes'] = 2`): bash's associative arrays take no spaces
    (re.compile(r"\$?[A-Za-z_]\w*(?:\[(?:'[^'\n]*'|\"[^\"\n]*\")\])+[ \t]+=[ \t]+\S.*"),
     "a Ruby or PHP setting (`name['key'] = value`)"),
    # A script's usage text: `-v: version to build`, `"-x sharding"   is to specify …` (bash would run `-v:`)
    (re.compile(r"--?[A-Za-z][\w-]*:(?:[ \t]+\S.*)?|\"--?[A-Za-z][^\"]*\"(?:[ \t]{2,}|\t)\S.*"),
     "a program's option list (its --help)"),
    # a glossary's row (MongoDB's operators: `lte - Less Than Equals`): a word, a spaced dash, capitalised words
    (re.compile(r"[a-z][\w$.]*[ \t]+-[ \t]+[A-Z][a-z]*(?:[ \t]+[A-Za-z]+)*"), _GLOSSARY),
)


def _scoped(pattern: re.Pattern) -> str:
    """PATTERN's text with its leading global flags (`(?i)…`) made local (`(?i:…)`), to sit in an alternation."""
    flags = re.match(r"\(\?([imsx]+)\)", pattern.pattern)
    return f"(?{flags.group(1)}:{pattern.pattern[flags.end():]})" if flags else pattern.pattern


# The same as one pattern, tried once per line: group `_i` is the i-th shape (the first that matches, as in the list)
_NOT_SHELL_LINE = re.compile("|".join(f"(?P<_{i}>{_scoped(pattern)})" for i, (pattern, _) in enumerate(_NOT_SHELL_LINES)))

# Code of other languages: bash has none of these shapes, so a line of this shape is never a command.
_CALL = "a call (`name(…)`)"  # its arguments may go on over the lines below, to its closing bracket
_OTHER_CODE = (
    # `app.run(host=…)`, `rate(x[5m])`: a name right before `(` with something inside (`name()` defines a function)
    (re.compile(r"(?:await |return )?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\((?!\)).*"), _CALL),
    # `objgraph.show_most_common_types()`: a method called with nothing (a bash function's name has no dot)
    (re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\(\)[ \t]*(?:#.*)?"), _CALL),
    # `signature=base64(HMAC(…))`: pseudo-code assigning a call (bash reads `(` after `=` as an array only at once)
    (re.compile(r"[A-Za-z_]\w*[ \t]*=[ \t]*[A-Za-z_][\w.]*\(.*\)[ \t]*"), "pseudo-code (`x = f(…)`)"),
    # `(a / b) * 100`: after a subshell's `)` bash takes no arithmetic operator
    (re.compile(r"\([^()]*\)[ \t]*[*/+%][ \t]*\S.*"), "an arithmetic expression"),
    # PromQL's `metric{label!=""}`: a word with a label matcher in braces (brace expansion needs a comma)
    (re.compile(r"[A-Za-z_:][\w:]*\{[^{},]*(?:=|!=|=~|!~)[^{},]*\}.*"), "a query (`metric{label=…}`)"),
    # Python's block headers end with `:`; bash's `if`/`for`/`while` go on with `then`/`do`
    (re.compile(r"(?:if|elif|while|for|def|class|with|try|except|else|finally)\b[^;]*:"), "Python"),
    # k9s and vim commands: bash's `:` builtin is followed by a space
    (re.compile(r":[A-Za-z][\w-]*!?(?:[ \t].*)?"), "an editor's or k9s's command (`:name`)"),
    # `int main () {`: a C function's header (bash's function definitions take no type before the name)
    (re.compile(r"(?:(?:static|const|unsigned|signed|struct|extern|inline)[ \t]+)*(?:int|void|char|float|double|long"
                r"|short|bool|size_t)[ \t]*\**[ \t]*[A-Za-z_]\w*[ \t]*\([^()]*\)[ \t]*\{?"), "C code"),
    # `|____Dockerfile`, `|-- app`, `` `-- main.py ``, `|_dump`: an ASCII folder listing (a pipe that starts a line
    # is an error)
    (re.compile(r"(?:[|│][ \t]*)*[|`+\\](?:__|--|_(?=\w)).*"), "a folder listing"),
)
# The same as one pattern (see _NOT_SHELL_LINE): one try per line instead of one per shape
_OTHER_CODE_LINE = re.compile("|".join(f"(?P<_{i}>{_scoped(pattern)})" for i, (pattern, _) in enumerate(_OTHER_CODE)))
# Settings of other files, when their first word names no program: an nginx directive (`deny all;`), an smb.conf
# line (`server min protocol = NT1`: a key of several words; `NAME = value` stays bash's usual mistake, an error)
_NGINX_DIRECTIVE = re.compile(r"[a-z][a-z_]*(?:[ \t]+[^\s;#-][^\s;]*)+;")
_KEY_OF_WORDS = re.compile(r"[a-z]+(?:[ \t]+[a-z]+)+[ \t]+=(?:[ \t]+\S.*)?")
_COMMENT = re.compile(r"[ \t]+#.*")
_QUOTED = re.compile(r"'[^']*'|\"(?:\\.|[^\"\\])*\"")
# Prose after a first word that is no program: a symbol (→ ✅), a `word:` label, a capitalised word, `(` that opens
# no substitution. A typo's arguments look like a command's (`gti status`, `Docker run -d`): they stay commands.
_PROSE = re.compile(r"[^\x00-\x7f\uac00-\ud7a3]|\w: |\w:$|(?<![\w$<>=(])\(|(?<![\w$.=/-])[A-Z][a-z]"
                    r"|(?<=\s):(?:\s|$)")  # `For example :`, `Choose from : …`: a colon spaced as in prose
# Words a sentence has and a command's arguments hardly ever: after a capitalised first word that names no program
# (`It builds a container image for a DNS server`, `Create NFS volume for /oradata`) the line is prose
_SENTENCE = re.compile(r"(?:^|\s)(?:a|an|the|is|are|was|to|for|of|with|will|be|this|that|you|your|if|not|from|by"
                       r"|on|in|and)(?=\s|$)")
# What prose never has and a command line often does: a flag, a pipe or list operator, a redirection, a substitution
SHELL_SIGNS = re.compile(r"(?:^|[ \t])--?[A-Za-z][\w-]*|\$[({]|`|[|&;<>]")
# A capitalised identifier with dashes or dots (`CVE-2024-1234`, `MAJOR.MINOR.PATCH`): no program is named so
_LABEL = re.compile(r"[A-Z][A-Z0-9]*(?:[-.][A-Z0-9]+)+")
# A comment naming a configuration file (`# /etc/gitlab/gitlab.rb`): the lines under it are that file's
_FILE_COMMENT = re.compile(r"#[ \t]*(?:\S*/)?[\w.-]+\.(?:rb|conf|cnf|cfg|ini|toml|ya?ml|json|properties|env|xml|hcl)"
                           r"[ \t]*")


def lines(rows: list[str]) -> list[tuple[int, str]]:
    """(row, what it is) of each row where bash would start a command but that no one types into a shell: a list
    item, YAML, a Dockerfile instruction, a crontab entry, a note in Korean or led by a symbol (`✅ 장점`), prose,
    code of another language and the lines right under it, a configuration file's lines under a comment naming it."""
    found = []
    going_on = None  # what the lines below go on with: code of another language, a file named in a comment
    depth = 0  # brackets a call left open (`db.createUser({`): its arguments go on to the closing one

    def take(index: int, row: str) -> bool:
        nonlocal going_on, depth
        stripped = row.strip()
        if depth > 0:
            depth += _brackets(stripped)
            found.append((index, going_on or "code of another language"))
            return True
        shape = _NOT_SHELL_LINE.fullmatch(stripped)
        what = _NOT_SHELL_LINES[int(shape.lastgroup[1:])][1] if shape else None
        if what == _GLOSSARY and is_program(stripped.split()[0]):
            what = None
        if what is None and (stripped.endswith(";") or " = " in stripped):
            what = _setting(stripped)
        cut_short = index and _BROKEN_CONTINUATION.search(rows[index - 1])
        if what is None and _FLAG_ROW.fullmatch(stripped) and not cut_short:
            # a cheat sheet's row; after `\ # comment`, continued (`-ti \`) under a command that lacks its `\`, or
            # right under the last line of a continued command (`mongo:4.2` ⏎ `--auth`), it is a command cut short:
            # bash runs the flags as a command of their own
            continued_above = index > 1 and rows[index - 2].rstrip().endswith("\\")
            cut_short = index > 0 and _lacks_continuation(rows, index - 1) and (stripped.endswith("\\")
                                                                                  or continued_above)
            what = None if cut_short else "a list of flags"
        code = None if what is not None or cut_short else _other_code(stripped, going_on)
        if _FILE_COMMENT.fullmatch(stripped):
            going_on = "a configuration file's line (a comment above names the file)"
        elif not stripped or stripped.startswith("#") or code is None:
            going_on = None
        else:
            going_on = going_on or f"{code}, and the lines right under it"
            depth = max(0, _brackets(stripped)) if code == _CALL else 0
        what = what or code or (None if cut_short else _prose(stripped))
        if what is not None:
            found.append((index, what))
        return what is not None

    command_starts(rows, take)
    return found


def _setting(row: str) -> str | None:
    """What ROW is when it is another file's setting (_NGINX_DIRECTIVE, _KEY_OF_WORDS) and its first word names no program. An nginx
    directive's name is no typo of a program's either, unless nginx has it (`gti status;` stays a command, `deny all;`
    does not, though `deny` is one letter from `dent`)."""
    nginx = _NGINX_DIRECTIVE.fullmatch(row) is not None
    if not nginx and not _KEY_OF_WORDS.fullmatch(row):
        return None
    first = row.split()[0]
    if is_program(first) or command_like(row) or nginx and first not in _NGINX_NAMES and near_program(first):
        return None
    return "an nginx directive (`name value;`)" if nginx else "a configuration file's `key = value` line"


# nginx's directives that are one letter from a program's name (`deny`: `dent`, `root`: `rook`, `user`: `users`)
_NGINX_NAMES = frozenset({"deny", "root", "user", "types", "charset"})


def _lacks_continuation(rows: list[str], index: int) -> bool:
    """Whether row INDEX ends a command whose `\\` went missing (the flag lines under it go on with `\\`): a command
    line, or a line that a `\\` above continues (`--net=lsio` after `docker create \\`)."""
    stripped = rows[index].strip()
    if stripped.endswith("\\") or stripped.startswith("#") or not stripped:
        return False
    return index > 0 and rows[index - 1].rstrip().endswith("\\") or command_like(stripped)


def _brackets(row: str) -> int:
    """How many brackets ROW leaves open (negative: closes), its quoted strings and comment left out."""
    bare = _COMMENT.sub("", _QUOTED.sub("''", row))
    return sum(bare.count(char) for char in "([{") - sum(bare.count(char) for char in ")]}")


def _other_code(row: str, going_on: str | None) -> str | None:
    """What ROW is when it is code of another language (see _OTHER_CODE), or goes on with the code or the file
    of the rows above it (GOING_ON) without reading as a command."""
    if not row or row.startswith("#"):
        return None
    shape = _OTHER_CODE_LINE.fullmatch(row)  # one pattern for all of them: the first shape that matches, as listed
    what = _OTHER_CODE[int(shape.lastgroup[1:])][1] if shape else None
    if what is not None or going_on is None or command_like(row) or _typo(row):
        return what
    return going_on


def _typo(row: str) -> bool:
    """`Docker run`, `gti status`: a program's name capitalised or mistyped starts a command that fails."""
    words = _command_words(row)
    return bool(words) and (is_program(words[0].lower()) or near_program(words[0].lower()))


def _prose(row: str) -> str | None:
    """What ROW is when its first word is no program's nor a typo of one and the rest is no shell (see _PROSE). A
    program's name capitalised reads as prose when prose follows it (`S3 Versioning`), as a typo when shell does."""
    words = _command_words(row)
    if not words or row.startswith("#") or command_like(row) or words[0].islower() and _typo(row):
        return None
    if _ASSIGNMENT.match(row.split()[0]):  # `TIMESTAMP=$(date +%Y%m%d)`: bash's own syntax, whatever follows
        return None
    if _LABEL.fullmatch(words[0]):
        return "a label or an identifier (no program is named so)"
    rest = _QUOTED.sub("''", _COMMENT.sub("", " " + " ".join(words[1:]))).strip()
    if SHELL_SIGNS.search(rest):  # an unknown program with flags, a pipe or a substitution is a command
        return None
    if _PROSE.search(rest) or (not rest and words[0] != words[0].lower()) or (
            words[0][:1].isupper() and _SENTENCE.search(rest)):  # `CoreDNS is running at …` (kubectl cluster-info)
        return "prose or a table (its first word is no program's)"
    return None


def sentence(text: str) -> bool:
    """Whether TEXT, whose first word may well name a program, reads as a sentence: it has words a sentence has (see
    _SENTENCE) and nothing a command line has (a flag, a pipe, a redirection, a substitution). A comment
    `# ls the folder` (or `# the original file path`: `the` is a Debian program) is no root prompt, `# ls -la /tmp`
    may be."""
    text = _QUOTED.sub("''", text)
    return not SHELL_SIGNS.search(text) and _SENTENCE.search(text) is not None
