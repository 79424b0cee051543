"""Lines that fail (or mislead) when a reader runs them are reported, and their look-alikes that do not are not:
curly quotes, a prompt glued to its command, a build context that is a file, a misspelt shell fence (heldout-2,
heldout-3 false passes)."""

from __future__ import annotations

import pytest

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.report.formats import format_findings


def check(text: str) -> list[str]:
    return format_findings(check_page("p.md", text, extract_page("p.md", text)), "text").splitlines()


def bash(code: str, lang: str = "bash") -> str:
    return f"```{lang}\n{code}\n```\n"


@pytest.mark.parametrize("code, found", [
    ("grep “^” notes.txt", "p.md:2: warning: curly quotes in `“^”` are no shell quotes: bash passes them on as "
                           "characters (did you mean '\"^\"'?) [curly-quotes]"),
    ("echo ‘hi’", "p.md:2: warning: curly quotes in `‘hi’` are no shell quotes: bash passes them on as characters "
                  "(did you mean ''hi''?) [curly-quotes]"),
    ("docker run -e “A=1” alpine env", "p.md:2: warning: curly quotes in `“A=1”` are no shell quotes: bash passes "
                                       "them on as characters (did you mean '\"A=1\"'?) [curly-quotes]"),
])
def test_curly_quotes_used_as_shell_quotes_are_a_warning(code, found):
    assert check(bash(code)) == [found]


@pytest.mark.parametrize("code", [
    'echo "It’s “quoted” text"',  # inside real quotes they are text
    "echo 'say “hi”'",
    "echo It’s done",  # an apostrophe between letters
    "ls  # the “list” command",
])
def test_curly_quotes_that_are_text_are_not_reported(code):
    assert check(bash(code)) == []


def test_in_a_transcript_curly_quotes_are_reported_in_the_command_not_its_output():
    assert check(bash("$ echo “hello”\n“hello”", "console")) == [
        "p.md:2: warning: curly quotes in `“hello”` are no shell quotes: bash passes them on as characters "
        "(did you mean '\"hello\"'?) [curly-quotes]"]


def test_a_prompt_glued_to_a_program_is_an_error():
    assert check(bash("$docker-compose up")) == [
        "p.md:2: error: a `$` prompt glued to `docker-compose`: bash expands the unset variable `$docker` to nothing "
        "and runs the rest; drop the `$` (did you mean 'docker-compose'?) [prompt-in-script]"]


@pytest.mark.parametrize("code", ["$HOME/bin/tool", "docker=/usr/bin/docker\n$docker ps", "echo $docker"])
def test_a_variable_at_a_lines_start_is_no_glued_prompt(code):
    assert check(bash(code)) == []


@pytest.mark.parametrize("code, suggestion", [
    ("docker build -t myscript /path/to/Dockerfile", "-f /path/to/Dockerfile /path/to"),
    ("docker image build -t app ./app/Dockerfile.dev", "-f ./app/Dockerfile.dev ./app"),
    ("docker buildx build -t app Dockerfile", "-f Dockerfile ."),
])
def test_a_build_context_that_names_a_file_is_an_error(code, suggestion):
    context = suggestion.split()[1]
    assert check(bash(code)) == [
        f"p.md:2: error: the build context '{context}' is a file: the context is a folder; use -f FILE FOLDER "
        f"(did you mean '{suggestion}'?) [docker-usage]"]


@pytest.mark.parametrize("code", [
    "docker build -t app .", "docker build -t app -f Dockerfile.dev ./app", "docker build -t app ./my.app",
    "docker build https://github.com/docker/rootfs.git#container:docker", "docker build - < Dockerfile",
])
def test_a_build_context_that_is_a_folder_url_or_stdin_passes(code):
    assert check(bash(code)) == []


@pytest.mark.parametrize("tag, meant", [("sb", "sh"), ("bsah", "bash"), ("consle", "console")])
def test_a_misspelt_shell_fence_is_a_warning_and_its_commands_are_checked(tag, meant):
    assert check(bash("docker imgaes", tag)) == [
        f"p.md:1: warning: unknown language '{tag}': the block is shown as plain text and not run "
        f"(did you mean '{meant}'?) [misspelt-language]",
        "p.md:2: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"]


@pytest.mark.parametrize("tag", ["js", "csh", "ksh", "ash", "ssh", "text", "ps1", "powershell"])
def test_a_real_language_near_a_shells_name_is_no_typo(tag):
    assert check(bash("docker imgaes", tag)) == []
