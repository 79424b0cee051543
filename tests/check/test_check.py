"""Static checks: exact findings on the original notes, none on the corrected docs, and each rule's edges."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest.extract.markdown import extract_page, find_pages, read_page
from docktest.report.formats import format_findings
from docktest.check.rules import check_page

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = "tests/fixtures/section02-original.md"


def check(text: str, **options) -> list[str]:
    findings = check_page("p.md", text, extract_page("p.md", text), **options)
    return format_findings(findings, "text").splitlines()


def bash(code: str, marker: str = "") -> str:
    return f"{marker}\n```bash\n{code}\n```\n" if marker else f"```bash\n{code}\n```\n"


def test_original_notes_exact_findings(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = read_page(ORIGINAL)
    findings = check_page(ORIGINAL, text, extract_page(ORIGINAL, text))
    assert format_findings(findings, "text").splitlines() == [
        f"{ORIGINAL}:16: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]",
        f"{ORIGINAL}:55: error: 'docker run' is missing a required argument "
        "(usage: docker run [OPTIONS] IMAGE [COMMAND] [ARG...]) [docker-usage]",
        f"{ORIGINAL}:80: note: needs values to run: {{컨테이너 이름}}: "
        "add `placeholders: {컨테이너 이름: …}` to a docktest marker [unbound-placeholder]",
        f"{ORIGINAL}:99: warning: stray Hangul jamo 'ㅉ' (a typo?) [stray-jamo]",
    ]
    assert findings[0].suggestion == "docker"


def test_corrected_docs_have_no_errors(monkeypatch):
    monkeypatch.chdir(ROOT)
    pages = find_pages(["docs"])
    assert any(p.name == "section02-images-containers.md" for p in pages)
    for page in pages:
        text = read_page(str(page))
        findings = check_page(str(page), text, extract_page(str(page), text))
        assert [f for f in findings if f.severity == "error"] == [], page


@pytest.mark.parametrize("code, expected", [
    ("docker imgaes", "p.md:2: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"),
    ("docker run --rn node",
     "p.md:2: error: unknown flag '--rn' for 'docker run' (did you mean '--rm'?) [docker-usage]"),
    ("docker image lss", "p.md:2: error: unknown docker command 'image lss' (did you mean 'ls'?) [docker-usage]"),
    ("docker ps \\\n  --al",
     "p.md:3: error: unknown flag '--al' for 'docker ps' (did you mean '--all'?) [docker-usage]"),
    ("docker start -xz web", "p.md:2: error: unknown shorthand flag 'x' in '-xz' for 'docker start' [docker-usage]"),
    ("docker run -d", "p.md:2: error: 'docker run' is missing a required argument "
                      "(usage: docker run [OPTIONS] IMAGE [COMMAND] [ARG...]) [docker-usage]"),
    ("doccker run node", "p.md:2: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"),
    # `help` is the root's own help command: under a group it is an unknown subcommand, and a typo of it stays one
    ("docker image help", "p.md:2: error: unknown docker command 'image help' [docker-usage]"),
    ("docker hlep run", "p.md:2: error: unknown docker command 'hlep' (did you mean 'help'?) [docker-usage]"),
    ("docker help --al", "p.md:2: error: unknown flag '--al' for 'docker help' (did you mean '--help'?) [docker-usage]"),
    ("echo hi\nif true; then\n  echo (\nfi",
     "p.md:4: error: bash syntax error: syntax error near unexpected token `newline' [bash-syntax]"),
])
def test_errors_at_their_line(code, expected):
    assert check(bash(code)) == [expected]


@pytest.mark.parametrize("code", ["docker help", "docker help run", "docker help image ls"])
def test_docker_help_is_a_real_command(code):  # heldout-15: `$ docker help` and the usage it prints
    assert check(bash(code)) == []


@pytest.mark.parametrize("code", [
    'docker rm $(docker ps -aq -f "status=exited")',
    "docker run -it --rm -p 8080:80 --name web node",
    "docker run --gpus all --memory 512m --restart=always -dit node",
    "docker run --name=web -e A=1 node node -e 'console.log(1)' --not-a-docker-flag",
    "docker exec -it web sh -c 'ls -la'",
    "docker $CMD --whatever",
    "docker run $(docker images -q | head -1)",
    "docker images --format '{{.Repository}}' \"{{.Tag}}\"",
    "docker container ls -a && docker image list",
    "docker --help",
    "greet() { echo hi; }\ngreet",
    "alias ll='ls -l'\nll",
    "echo ${HOME} {a,b} {1..3} > out.txt 2>&1 < out.txt\n{ echo grouped; }",
    "cat <<EOF\n<html> {not a placeholder}\nEOF",
    "echo '{quoted}' # {comment}",
    "find . -name '*.md' -exec ls {} \\;",
    "./run.sh && /usr/bin/env ls",
])
def test_no_false_positives(code):
    assert check(bash(code)) == []


def test_functions_defined_earlier_on_the_page_count_later_blocks_too():
    assert check(bash("setup() { echo; }") + "\n" + bash("setup")) == []
    (found,) = check(bash("setupp") + "\n" + bash("setupp() { echo; }"))
    assert found.startswith("p.md:2: error: unknown command 'setupp'")


def test_placeholders_unbound_and_bound():
    assert check(bash("docker inspect <이미지 ID>")) == [
        "p.md:2: note: needs values to run: <이미지 ID>: add `placeholders: {이미지 ID: …}` to a docktest marker "
        "[unbound-placeholder]"]
    marker = "<!-- docktest\nplaceholders:\n  이미지 ID: node\n  컨테이너 이름: $(docker ps -lq)\n-->"
    assert check(bash("docker inspect <이미지 ID>\ndocker start -ai {컨테이너 이름}", marker)) == []


def test_placeholder_values_are_checked_like_code():
    marker = "<!-- docktest\nplaceholders: {명령: imgaes}\n-->"
    assert check(bash("docker {명령}", marker)) == [
        "p.md:5: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"]


def test_console_blocks_check_only_commands_at_their_lines():
    text = "```console\n$ docker ps\nCONTAINER ID   IMAGE\nnot a command (\n$ docker imgaes\n```\n"
    assert check(text) == ["p.md:5: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"]


def test_jamo_in_prose_only():
    text = "문장ㅋ\n\n`코드 ㅋ`\n\n```bash\necho ㅋ\n```\n\n<!-- 주석 ㅋ -->\n```text\nㅎ\n```\n끝ㅎㅎ\n"
    assert check(text) == ["p.md:1: warning: stray Hangul jamo 'ㅋ' (a typo?) [stray-jamo]",
                           "p.md:13: warning: stray Hangul jamo 'ㅎ' (a typo?) [stray-jamo]",
                           "p.md:13: warning: stray Hangul jamo 'ㅎ' (a typo?) [stray-jamo]"]


def test_marker_key_typo_via_check():
    assert check(bash("true", "<!-- docktest\nworkdri: x\n-->")) == [
        "p.md:2: warning: unknown docktest marker key 'workdri' (did you mean 'workdir'?) [marker]"]


def test_shellcheck_is_opt_in_and_only_warns():
    code = bash('docker rm $(docker ps -aq -f "status=exited")\ncd /tmp')
    assert check(code) == []
    found = check(code, shellcheck=True)
    assert found and all(": warning: SC" in line and line.endswith(" [shellcheck]") for line in found)


def test_workdir_must_be_a_folder_next_to_the_page(tmp_path):
    (tmp_path / "examples" / "rng").mkdir(parents=True)
    page = tmp_path / "page.md"
    page.write_text(bash("ls", "<!-- docktest\nworkdir: examples/rng\n-->") + "\n"
                    + bash("ls", "<!-- docktest\nworkdir: examples/rgn\n-->"), encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    findings = check_page(str(page), text, extract_page(str(page), text))
    assert [(f.line, f.message) for f in findings] == [
        (11, f"workdir 'examples/rgn' is not a folder next to {page.as_posix()}")]
