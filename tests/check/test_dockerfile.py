"""Dockerfile blocks: each rule with a correct and a wrong case, exact messages at the page's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.report.formats import format_findings


def check(text: str, path: str = "p.md", **options) -> list[str]:
    findings = check_page(path, text, extract_page(path, text), **options)
    return format_findings(findings, "text").splitlines()


def dockerfile(code: str, title: str = "") -> str:
    """A page whose Dockerfile block's first line is page line 3."""
    info = f' title="{title}"' if title else ""
    return f"# 이미지\n```dockerfile{info}\n{code}\n```\n"


CORRECT = """\
# syntax=docker/dockerfile:1
# check=skip=JSONArgsRecommended;error=true
FROM --platform=$BUILDPLATFORM golang:1.22 AS builder
WORKDIR /src
RUN --mount=type=cache,target=/root/.cache/go-build,sharing=locked --network=none \\
    go build -o /out/app .
FROM alpine:3.20
COPY --from=builder --chown=1000:1000 --chmod=755 --link /out/app /usr/local/bin/app
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tgz /
HEALTHCHECK --interval=30s --timeout=3s CMD wget -q -O- http://localhost/ || exit 1
ENTRYPOINT ["app"]
CMD ["--port", "8080"]"""


def test_a_correct_dockerfile_has_no_findings():
    assert check(dockerfile(CORRECT)) == []


@pytest.mark.parametrize("code, expected", [
    ("FORM python:3.12", "p.md:3: error: unknown instruction 'FORM' (did you mean 'FROM'?) [dockerfile]"),
    ("FROM python:3.12\nCOPPY app.py /app/", "p.md:4: error: unknown instruction 'COPPY' (did you mean 'COPY'?) [dockerfile]"),
    ("from python:3.12\ncopi app.py /app/", "p.md:4: error: unknown instruction 'copi' (did you mean 'copy'?) [dockerfile]"),
    ("FROM python:3.12\nONBUILD RUNN make", "p.md:4: error: unknown instruction 'RUNN' (did you mean 'RUN'?) [dockerfile]"),
])
def test_unknown_instructions_with_the_closest_one(code, expected):
    assert check(dockerfile(code)) == [expected]


def test_of_words_that_are_no_instruction_only_the_first_is_reported():
    code = "FROM node\nRUN npm install &&\n    npm test\ncat > .dockerignore\nnode_modules"
    assert check(dockerfile(code)) == [
        "p.md:4: error: bash syntax error: syntax error: unexpected end of file [bash-syntax]",  # the RUN ends with its line
        "p.md:5: error: unknown instruction 'npm' [dockerfile]"]


def test_a_dockerfile_fence_of_commands_is_one_warning_and_its_commands_are_checked_not_run():
    # Windows-container docs (korean-heldout) tag `docker build` commands and `C:\>` transcripts as ```dockerfile:
    # each line was an "unknown instruction" error.
    page = dockerfile("docker build -t iis .\ndocker run -d -p 80:80 iis")
    assert check(page) == ["p.md:2: warning: this ```dockerfile block holds no Dockerfile instruction: tag it ```bash, "
                           "or ```console for `$ ` prompts with output, so docktest runs it [not-dockerfile]"]
    assert [c.text for s in extract_page("p.md", page) for c in s.commands] == []  # nothing of it runs
    typo = dockerfile("docker biuld -t iis .")
    assert "p.md:3: error: unknown docker command 'biuld' (did you mean 'build'?) [docker-usage]" in check(typo)
    transcript = dockerfile("C:\\> docker images\nREPOSITORY   TAG   IMAGE ID")
    assert check(transcript) == ["p.md:2: warning: this ```dockerfile block holds no Dockerfile instruction: tag it "
                                 "```console for a transcript, or ```text [not-dockerfile]"]


def test_a_script_in_a_dockerfile_fence_is_one_warning():
    # an image's entrypoint script shown under a ```dockerfile tag (container.training): `set`, `exec`, `fi` were
    # "unknown instruction" errors, near misses of SHELL and EXPOSE
    page = dockerfile(" #!/bin/sh\n set -e\n if [ \"$1\" = 'redis-server' ]; then\n \texec su-exec redis \"$@\"\n fi\n"
                      " exec \"$@\"")
    assert check(page) == ["p.md:2: warning: this ```dockerfile block holds no Dockerfile instruction: tag it "
                           "```console for a transcript, or ```text [not-dockerfile]"]


@pytest.mark.parametrize("code", ["FORM python:3.12\nRUNN make", "# syntax=docker/dockerfile:1", "",
                                  "# syntax=docker/dockerfile:1\nFORM alpine\nRUN set -e"])
def test_a_mistyped_or_empty_dockerfile_is_still_a_dockerfile(code):
    assert "not-dockerfile" not in " ".join(check(dockerfile(code)))
    titled = check(dockerfile("docker build -t iis .", title="Dockerfile"))  # a file named Dockerfile is one
    assert titled == ["p.md:3: error: unknown instruction 'docker' [dockerfile]"]


def test_an_excerpt_may_leave_lines_out():
    assert check(dockerfile("FROM node:20\n...\nCOPY --from=deps ... ./\nCMD [\"node\", \"server.js\"]")) == []


def test_an_outline_of_a_dockerfile_is_no_dockerfile_error():
    # the official images' pages and container.training's slides outline Dockerfiles with described placeholders
    assert check(dockerfile("# Example\nFROM <base image>\nENV JAVA_HOME=/opt/java/openjdk")) == []
    assert check(dockerfile("FROM <baseimage>\nRUN <install dependencies>\nCOPY <code>\nRUN <build code>\n"
                            "COPY <test data sets and fixtures>\nCMD, EXPOSE ...")) == []
    # `RUN ...` left out a line that ended in `\`: the indented `&& …` rows go on with it
    assert check(dockerfile("ENV NODE_VERSION 10.2.1\n...\nRUN ...\n    && curl -fsSLO https://nodejs.org/x.tar.xz \\\n"
                            "    && tar -xf x.tar.xz")) == []


@pytest.mark.parametrize("code, expected", [
    # no outline: a lone placeholder is one value, which COPY cannot do with
    ("FROM node:20\nCOPY <file>", "p.md:4: error: COPY needs a source and a destination (COPY app.py /app/) [dockerfile]"),
    ("FROM <base image> AS build extra",
     "p.md:3: error: FROM takes an image and, optionally, AS and a stage name (FROM image AS name) [dockerfile]"),
    # without an elision above it, a `&&` row is a RUN continued without its `\`
    ("FROM alpine\nRUN apk update\n    && apk add curl", "p.md:5: error: unknown instruction '&&' [dockerfile]"),
    ("FORM alpine ...", "p.md:3: error: unknown instruction 'FORM' (did you mean 'FROM'?) [dockerfile]"),
])
def test_what_an_outline_does_not_excuse(code, expected):
    assert check(dockerfile(code)) == [expected]


def test_an_instructions_synopsis_is_read_like_a_commands():
    # BuildKit's Dockerfile reference shows each instruction's synopsis in a ```dockerfile fence (heldout-4: 27 errors)
    synopses = ["ADD [OPTIONS] <src> ... <dest>", 'ADD [OPTIONS] ["<src>", ... "<dest>"]',
                "FROM [--platform=<platform>] <image> [AS <name>]", 'RUN [OPTIONS] [ "<command>", ... ]',
                "COPY [--link[=<boolean>]] <src> ... <dest>", "COPY [--exclude=<path> ...] <src> ... <dest>",
                "RUN --mount=[type=<TYPE>][,option=<value>[,option=<value>]...]", "RUN --network=<TYPE>",
                "RUN --security=<sandbox|insecure>", "ONBUILD <INSTRUCTION>",
                # heldout-12 (a Korean blog's Dockerfile notes): `..` as the elision, a placeholder of words
                'VOLUME ["<컨테이너 디렉토리>", "<컨테이너 디렉토리>", ..]', "ONBUILD <Dockerfile 명령> <매개 변수>"]
    for code in synopses:
        assert check(dockerfile(code)) == [], code
    assert check(dockerfile("# check=skip=<checks|all>\n# check=error=<boolean>")) == []


@pytest.mark.parametrize("code, expected", [
    # an instruction's or a flag's name stays checked in a synopsis, given or optional
    ("FORM [--platform=<platform>] <image> [AS <name>]",
     "p.md:3: error: unknown instruction 'FORM' (did you mean 'FROM'?) [dockerfile]"),
    ("COPY [--chwon=<user>:<group>] <src> ... <dest>",
     "p.md:3: error: unknown flag '--chwon' for COPY (did you mean '--chown'?) [dockerfile]"),
    ("RUN --netwrok=<TYPE>", "p.md:3: error: unknown flag '--netwrok' for RUN (did you mean '--network'?) [dockerfile]"),
    ("# check=skp=<checks|all>",
     "p.md:3: error: # check= option 'skp=<checks|all>' is not one of skip, error, experimental (did you mean "
     "'skip'?) [dockerfile]"),
    # a quoted exec form is no synopsis, whatever its words
    ("CMD ['python', 'APP.py']", 'p.md:3: error: CMD [\'python\', \'APP.py\'] is not a JSON array, so Docker runs it '
     'through /bin/sh -c as text (did you mean \'["python", "APP.py"]\'?) [dockerfile]'),
    # a path's `..` is no elision; a trigger that only starts like a placeholder is no placeholder
    ('VOLUME ["../data" "/x"]', 'p.md:3: error: VOLUME ["../data" "/x"] is not a JSON array, so Docker reads its words '
     'as paths (did you mean \'["../data", "/x"]\'?) [dockerfile]'),
    ("ONBUILD <Dockerfile 명령", "p.md:3: error: unknown instruction '<Dockerfile' [dockerfile]"),
])
def test_what_a_synopsis_does_not_excuse(code, expected):
    assert check(dockerfile(code)) == [expected]


def test_an_end_comment_that_restates_its_instruction_is_an_annotation():
    # the reference shows what substitution makes of each line after a `#` (heldout-4: 3 errors)
    assert check(dockerfile("FROM busybox\nENV FOO=/bar\nWORKDIR ${FOO}   # WORKDIR /bar\nADD . $FOO       # ADD . /bar"
                            "\nCOPY \\$FOO /quux # COPY $FOO /quux")) == []
    assert check(dockerfile("FROM busybox\nWORKDIR /app  # COPY goes here")) == [
        "p.md:4: error: '# COPY goes here' is read as more words of WORKDIR: a Dockerfile has no end-of-line comments: "
        "put the comment on a line of its own [dockerfile]"]


@pytest.mark.parametrize("code, expected", [
    ("FROM alpine\nCOPY --chwon=1000 app /app",
     "p.md:4: error: unknown flag '--chwon' for COPY (did you mean '--chown'?) [dockerfile]"),
    ("FROM alpine\nADD --from=builder /a /b", "p.md:4: error: unknown flag '--from' for ADD (COPY has it) [dockerfile]"),
    ("FROM alpine\nENV --force A=1", "p.md:4: error: ENV takes no flags: '--force' is not one of BuildKit's [dockerfile]"),
    ("FROM alpine\nCOPY --from app /app", "p.md:4: error: flag '--from' of COPY needs a value: write --from=… [dockerfile]"),
    ("FROM alpine\nCOPY --link=yes app /app", "p.md:4: error: flag '--link' of COPY is true or false, not 'yes' [dockerfile]"),
    ("FROM alpine\nRUN --mount=type=cahce,target=/root/.cache pip install flask",
     "p.md:4: error: --mount type is 'cahce', not one of bind, cache, tmpfs, secret, ssh (did you mean 'cache'?) [dockerfile]"),
    ("FROM alpine\nRUN --mount=type=cache,traget=/root/.cache pip install flask",
     "p.md:4: error: unknown --mount key 'traget' (did you mean 'target'?) [dockerfile]"),
    ("FROM alpine\nRUN --network=hots apk add curl",
     "p.md:4: error: --network is 'hots', not one of default, none, host (did you mean 'host'?) [dockerfile]"),
    ("FROM alpine\nRUN --security=insecur make",
     "p.md:4: error: --security is 'insecur', not one of insecure, sandbox (did you mean 'insecure'?) [dockerfile]"),
    ("FROM --platfrom=linux/amd64 alpine",
     "p.md:3: error: unknown flag '--platfrom' for FROM (did you mean '--platform'?) [dockerfile]"),
])
def test_flags_buildkit_refuses(code, expected):
    assert check(dockerfile(code)) == [expected]


@pytest.mark.parametrize("code, expected", [
    ('FROM python:3.12\nCMD ["python3" "app.py"]',
     "p.md:4: error: CMD [\"python3\" \"app.py\"] is not a JSON array, so Docker runs it through /bin/sh -c as text "
     "(did you mean '[\"python3\", \"app.py\"]'?) [dockerfile]"),
    ("FROM python:3.12\nENTRYPOINT ['python3', 'app.py']",
     "p.md:4: error: ENTRYPOINT ['python3', 'app.py'] is not a JSON array, so Docker runs it through /bin/sh -c as "
     "text (did you mean '[\"python3\", \"app.py\"]'?) [dockerfile]"),
    ('FROM python:3.12\nCMD ["python3",\n     "app.py"]',
     "p.md:4: error: CMD [\"python3\", is not a JSON array, so Docker runs it through /bin/sh -c as text: continue "
     "it on the next line with \\ [dockerfile]"),
    ("FROM python:3.12\nSHELL /bin/bash -c", 'p.md:4: error: SHELL takes a JSON array, e.g. SHELL ["/bin/bash", "-c"] [dockerfile]'),
])
def test_exec_form_that_is_not_json(code, expected):
    found = check(dockerfile(code))
    assert found[0] == expected


def test_end_of_line_comments_are_words_of_instructions_no_shell_reads():
    code = "FROM node:18-alpine  # 베이스 이미지\nCOPY package.json ./  # 의존성만 먼저\nRUN npm ci  # a shell comment"
    assert check(dockerfile(code)) == [
        "p.md:3: error: '# 베이스 이미지' is read as more words of FROM: a Dockerfile has no end-of-line comments: "
        "put the comment on a line of its own [dockerfile]",
        "p.md:4: error: '# 의존성만 먼저' is read as more words of COPY: a Dockerfile has no end-of-line comments: "
        "put the comment on a line of its own [dockerfile]",
    ]


def test_a_parse_error_at_its_line():
    assert check(dockerfile("FROM alpine\nWORKDIR /app\nENV A=1 B")) == [
        "p.md:5: error: BuildKit cannot parse this Dockerfile: Syntax error - can't find = in \"B\". Must be of the "
        "form: name=value [dockerfile]"]
    assert check(dockerfile("FROM alpine\nRUN <<EOF\necho hi")) == [
        "p.md:4: error: BuildKit cannot parse this Dockerfile: unterminated heredoc [dockerfile]"]


def test_a_references_synopsis_is_no_parse_error_and_an_env_without_its_value_is():
    # heldout-14 (a Chinese Dockerfile cheat sheet): ENV's synopsis, and ENV with its value left out (a real defect)
    assert check(dockerfile("ENV <key>=<value> ...")) == []
    assert check(dockerfile("ENV my_var")) == [
        "p.md:3: error: BuildKit cannot parse this Dockerfile: ENV must have two arguments [dockerfile]"]


def test_an_env_with_an_end_of_line_comment_is_a_parse_error_with_the_reason():
    assert check(dockerfile("FROM alpine\nWORKDIR /app\nENV NODE_ENV=production  # 운영")) == [
        "p.md:5: error: BuildKit cannot parse this Dockerfile: Syntax error - can't find = in \"#\". Must be of the "
        "form: name=value (a Dockerfile has no end-of-line comments: put the comment on a line of its own) [dockerfile]"]


@pytest.mark.parametrize("code, expected", [
    ("FROM python:3.12 python", "p.md:3: error: FROM takes an image and, optionally, AS and a stage name "
                                "(FROM image AS name) [dockerfile]"),
    ("FROM python:3.12 IS base", "p.md:3: error: FROM names its stage with AS, not 'IS' [dockerfile]"),
    ("FROM python:3.12\nCOPY app.py", "p.md:4: error: COPY needs a source and a destination (COPY app.py /app/) [dockerfile]"),
])
def test_arguments_buildkit_insists_on(code, expected):
    assert check(dockerfile(code)) == [expected]


@pytest.mark.parametrize("code, expected", [
    ("# escape=~\nFROM alpine",
     "p.md:3: error: BuildKit cannot parse this Dockerfile: invalid escape token '~' does not match ` or \\ [dockerfile]"),
    ("# syntax=docker/dockerfiel:1\nFROM alpine",
     "p.md:3: error: # syntax= names the image 'docker/dockerfiel:1' (did you mean 'docker/dockerfile:1'?) [dockerfile]"),
    ("# check=skip=JSONArgsRecomended\nFROM alpine",
     "p.md:3: error: # check= names no build check 'JSONArgsRecomended' (did you mean 'JSONArgsRecommended'?) [dockerfile]"),
    ("# check=eror=true\nFROM alpine",
     "p.md:3: error: # check= option 'eror=true' is not one of skip, error, experimental (did you mean 'error'?) [dockerfile]"),
    ("# syntax=docker/dockerfile:1\n# syntax=docker/dockerfile:1.7\nFROM alpine",
     "p.md:4: error: BuildKit cannot parse this Dockerfile: only one syntax parser directive can be used [dockerfile]"),
    ("# sytnax=docker/dockerfile:1\nFROM alpine",
     "p.md:3: warning: '# sytnax=' is not a parser directive (did you mean '# syntax='?) [dockerfile-directive]"),
    ("# 빌드 캐시 예제\n# syntax=docker/dockerfile:1\nFROM alpine",
     "p.md:4: warning: # syntax= here is a plain comment: parser directives come first, before any instruction, "
     "comment or blank line [dockerfile-directive]"),
])
def test_parser_directives(code, expected):
    assert check(dockerfile(code)) == [expected]


def test_run_lines_go_through_the_shell_rules_at_their_page_lines():
    code = ("FROM debian:12\nRUN apt-get update && \\\n    # the packages\n\n    apt-gte install -y curl\n"
            "RUN pip install flask && mvn -v && unzip a.zip\nRUN docker imgaes")
    assert check(dockerfile(code)) == [
        "p.md:7: error: unknown command 'apt-gte' (did you mean 'apt-get'?) [unknown-command]",
        "p.md:9: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]",
    ]


def test_an_images_own_script_two_edits_from_a_program_is_no_typo_but_one_edit_is():
    # BuildKit's merge-diff page: stand-in build steps, one per stage (`build` is two edits from `bind`)
    code = "FROM alpine as a\nRUN build a\n\nFROM alpine as b\nRUN build b\nRUN setup && runner\nRUN biuld a"
    assert check(dockerfile(code)) == []
    assert check(dockerfile("FROM alpine\nRUN pyhton app.py && ecoh done")) == [
        "p.md:4: error: unknown command 'pyhton' (did you mean 'python'?) [unknown-command]",
        "p.md:4: error: unknown command 'ecoh' (did you mean 'echo'?) [unknown-command]"]


def test_a_run_here_document_is_a_script_unless_it_names_another_program():
    code = ("FROM debian:12\nRUN <<EOF\nset -e\napt-gte update\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\n"
            "print('apt-gte')\nEOF\nRUN python3 <<EOF\nimport sys\nEOF")
    assert check(dockerfile(code)) == ["p.md:6: error: unknown command 'apt-gte' (did you mean 'apt-get'?) [unknown-command]"]


def test_run_syntax_errors_are_bash_syntax_errors():
    assert check(dockerfile("FROM debian:12\nRUN if true; then echo hi")) == [
        "p.md:4: error: bash syntax error: syntax error: unexpected end of file [bash-syntax]"]


def test_windows_dockerfiles_are_not_read_as_posix_shell():
    excerpt = ("RUN Install-PackageProvider -Name chocolatey -Force; `\n"
               "    Install-Package -Name microsoft-build-tools -Force; `\n"
               "    & C:\\Chocolatey\\bin\\nuget install Microsoft.Data.Tools.Msbuild")
    assert check(dockerfile(excerpt)) == []
    assert check(dockerfile('FROM mcr.microsoft.com/windows/servercore\nSHELL ["powershell", "-Command"]\n'
                            "RUN if ($true) { Write-Host hi }")) == []


def test_copy_from_a_stage_name_with_a_typo():
    code = "FROM golang AS builder\nRUN go build -o /app\nFROM alpine\nCOPY --from=buidler /app /app"
    assert check(dockerfile(code)) == ["p.md:6: error: no earlier stage is named 'buidler' (did you mean 'builder'?) [dockerfile]"]
    assert check(dockerfile(code.replace("buidler", "builder"))) == []
    assert check(dockerfile(code.replace("buidler", "nginx:1.27"))) == []


APP_PAGE = """\
# 앱

```python title="app.py"
print("hi")
```

```dockerfile title="Dockerfile"
FROM python:3.12
COPY {source} /app/
COPY requirements*.txt /app/
CMD ["python3", "/app/app.py"]
```

```bash
echo flask > requirements.txt
docker build -t app .
```
"""


def test_copy_sources_are_judged_by_the_files_the_page_shows():
    assert check(APP_PAGE.format(source="app.py")) == []
    assert check(APP_PAGE.format(source="ap.py")) == [
        "p.md:9: warning: COPY source 'ap.py' is no file this page shows or makes (file blocks: app.py, Dockerfile): "
        "the build will not find it (did you mean 'app.py'?) [dockerfile-source]"]


def test_copy_sources_are_not_judged_without_files_or_example_folder():
    assert check(dockerfile("FROM python:3.12\nCOPY main.py /app/")) == []


def test_copy_sources_from_the_example_folder(tmp_path: Path):
    (tmp_path / "examples" / "app").mkdir(parents=True)
    (tmp_path / "examples" / "app" / "server.js").write_text("")
    page = tmp_path / "page.md"
    text = ("```dockerfile\nFROM node\nCOPY server.js .\nCOPY index.js .\n```\n\n"
            "<!-- docktest workdir: examples/app -->\n```bash\ndocker build .\n```\n")
    page.write_text(text)
    assert check(text, path=str(page)) == [
        f"{page}:4: warning: COPY source 'index.js' is no file this page shows or makes (example folder "
        "examples/app): the build will not find it [dockerfile-source]"]
