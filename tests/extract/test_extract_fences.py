"""Issue 16, items 6 and 7: fences left open swallow prose, fences with no language hold commands.

The pages are short excerpts that reproduce patterns of real Korean notes (unclosed fences, a fence
closed by the next block's opener, untagged command blocks, Windows labs in PowerShell).
"""

from __future__ import annotations

import pytest

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page, parse_page
from docktest.model import Command
from docktest.report.formats import finding_line

IMGAES = "error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"


def findings(text: str) -> list[str]:
    return [finding_line(f) for f in check_page("p.md", text, extract_page("p.md", text))]


def rules(text: str) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in check_page("p.md", text, extract_page("p.md", text))]


UNCLOSED = """# 설치

```bash
docker build -t app .
docker run -d -p 8080:80 app

이제 컨테이너가 실행됩니다. 브라우저로 확인합니다.
- **해설**: `-d` 는 백그라운드 실행
Docker 이미지를 지우려면 `docker rmi app` 을 씁니다.
Then open the page in your browser.

## 정리
컨테이너를 멈춥니다 (stop).
"""


def test_unclosed_fence_swallowing_korean_prose_gives_one_warning_and_no_command_errors():
    assert findings(UNCLOSED) == ["p.md:3: warning: this code block is never closed: add a closing ``` line "
                                  "(the site shows it as plain text) [unclosed-fence]"]
    (snippet,) = extract_page("p.md", UNCLOSED)
    assert snippet.commands == (Command(4, "docker build -t app ."), Command(5, "docker run -d -p 8080:80 app"))
    assert (snippet.start_line, snippet.end_line) == (4, 6)


def test_unclosed_fence_still_checks_its_commands():
    text = "```bash\ndocker imgaes\n\n설명 문장입니다.\n"
    assert findings(text) == [
        "p.md:1: warning: this code block is never closed: add a closing ``` line (the site shows it as plain text) "
        "[unclosed-fence]",
        f"p.md:2: {IMGAES}"]


NEXT_FENCE_CLOSES = """# 설치

```bash
docker build -t app .

## 실행

컨테이너를 실행합니다. It's easy, 설명은 아래와 같습니다.
- `-d`: 백그라운드로 실행

```bash
docker run -d app
docker imgaes
```

마지막 문단.
"""


def test_fence_closed_by_the_next_fence_gives_one_warning_at_the_markdown():
    assert findings(NEXT_FENCE_CLOSES) == [
        "p.md:6: warning: Markdown inside a code block: is a closing fence missing above? "
        "(its Markdown lines are not read as commands) [markdown-in-code]",
        f"p.md:13: {IMGAES}"]
    assert rules(NEXT_FENCE_CLOSES)[0] == (6, "markdown-in-code")


def test_the_swallowed_prose_is_no_command_but_the_next_blocks_commands_still_are():
    (snippet,) = extract_page("p.md", NEXT_FENCE_CLOSES)
    assert [c.line for c in snippet.commands] == [4, 12, 13]
    assert snippet.code.count("\n") == 10  # the block's text as the site renders it, prose included


def test_after_a_swallowed_fence_of_another_language_nothing_is_a_command():
    text = "```bash\ndocker compose up -d\n\n설정 파일입니다.\n\n```yaml\nservices:\n  web:\n    image: nginx\n```\n"
    (snippet,) = extract_page("p.md", text)
    assert snippet.commands == (Command(2, "docker compose up -d"),)
    assert [rule for _, rule in rules(text)] == ["markdown-in-code"]


# heldout-15: boot2docker's whale, the output of `docker-machine ssh`, in a backtick fence
WHALE = """```bash
$ docker-machine ssh manager
           /\"\"\"\"\"\"\"\"\"\"\\___/ ===
      ~~~ {~~ ~~~~ ~~~ ~~~~ ~~~ ~ /  ===- ~~~
           \\______ o           __/
```
"""


def test_ascii_art_indented_like_code_is_no_fence():
    assert "markdown-in-code" not in [rule for _, rule in rules(WHALE)]
    # the same tildes where Markdown reads a fence, or an indented fence that names its language, still are
    assert "markdown-in-code" in [rule for _, rule in rules(WHALE.replace("      ~~~ {~~", "~~~ {~~"))]
    assert "markdown-in-code" in [rule for _, rule in rules(WHALE.replace("      ~~~ {~~ ~~~~ ~~~ ~~~~ ~~~ ~ /  ===- ~~~",
                                                                           "    ~~~yaml"))]


@pytest.mark.parametrize("code", [
    'echo "안녕하세요"\necho 도커',
    "cat <<EOF > note.txt\n안녕하세요 도커입니다\n- 목록\nEOF",
    "cat <<-'EOF'\n\t컨테이너를 실행합니다.\n\tEOF\ndocker ps",
    'git commit -m "첫 줄\n둘째 줄: 컨테이너 설명"',
    "# 컨테이너 실행\ndocker run -d \\\n  --name 웹서버 nginx",
    "## 두 번째 단계\n\ndocker ps",
    "TOKEN=<위에서 확인한 토큰>\necho $TOKEN",
    "FROM=ubuntu  # 베이스 이미지 ← 주석",
])
def test_korean_inside_strings_heredocs_comments_and_arguments_is_shell(code):
    text = f"```bash\n{code}\n```\n"
    assert not [f for f in parse_page("p.md", text).findings if f.rule == "markdown-in-code"]


def test_korean_output_in_a_transcript_is_output_not_markdown():
    text = "```console\n$ docker run --rm hello-ko\n안녕하세요, 도커입니다.\n- 목록도 출력합니다\n```\n"
    assert parse_page("p.md", text).findings == ()


def test_a_fence_line_inside_a_transcript_is_a_missing_fence():
    text = "```console\n$ docker ps\n\n설명\n\n```console\n$ docker images\n```\n"
    assert [(f.line, f.rule) for f in parse_page("p.md", text).findings] == [(6, "markdown-in-code")]


def test_notes_after_a_command_are_markdown_whatever_their_first_character():
    text = "```bash\ndocker volume create myvolume\n\n장점:\n✅ 간단함 (설정 불필요)\n→ 자동 배포\n```\n"
    assert findings(text) == ["p.md:4: warning: Markdown inside a code block: is a closing fence missing above? "
                              "(its Markdown lines are not read as commands) [markdown-in-code]"]


def test_a_block_of_notes_from_its_first_row_is_no_missing_fence():
    # Not shell at all (pros and cons in a bash block): a matter for the not-shell rule, not this one.
    text = "```bash\n# 장점\n- 간단함 (설정 불필요)\n- 빠름\n```\n"
    assert not [f for f in parse_page("p.md", text).findings if f.rule == "markdown-in-code"]


UNTAGGED = """# 노트

```
// react-image라는 이름으로 build
docker image -t react-image .
docker run -d --name web \\
  -p 8080:80 react-image
```
"""


def test_untagged_fence_of_docker_commands_is_checked_with_one_warning_and_never_run():
    assert findings(UNTAGGED) == [
        "p.md:3: warning: this code block has no language but holds commands: tag it ```bash, or ```console for "
        "`$ ` prompts with output, so docktest runs it [untagged-fence]",
        "p.md:5: error: unknown shorthand flag 't' in '-t' for 'docker image' [docker-usage]"]
    assert rules(UNTAGGED)[0] == (3, "untagged-fence")
    assert extract_page("p.md", UNTAGGED) == []  # what runs, what the site marks: tagged shell blocks only
    (untagged,) = parse_page("p.md", UNTAGGED).untagged
    assert [c.line for c in untagged.commands] == [5, 6]


def test_untagged_transcript_reads_as_a_console_block():
    text = "```\n$ docker imgaes\nREPOSITORY   TAG\n$ docker ps\nCONTAINER ID   IMAGE\n```\n"
    assert findings(text)[1:] == [f"p.md:2: {IMGAES}"]
    (untagged,) = parse_page("p.md", text).untagged
    assert untagged.lang == "console" and [c.line for c in untagged.commands] == [2, 4]


@pytest.mark.parametrize("content", [
    "1) dockerd는 요청을 gRPC를 통해 containerd로 전달한다.\n2) containerd는 runc를 쓴다.",
    "docker run nginx (without AuthZ): ~100ms\ndocker run nginx (with AuthZ):    ~120ms (+20%)\n측정 결과",
    "docker run vs docker service:\n\n┌──────────┐\n│ $ docker run -d nginx │\n└──────────┘",
    "docker container run --rm `\n -v $pwd\\src:c:\\src `\n <DockerID>/builder",
    "CONTAINER ID   IMAGE     COMMAND\n0f3b2c4d5e6f   nginx     \"nginx\"",
    "[Unit]\nDescription=Docker\nExecStart=/usr/bin/docker daemon -H fd://",
])
def test_untagged_prose_diagrams_output_and_other_shells_are_left_alone(content):
    text = f"```\n{content}\n```\n"
    assert findings(text) == [] and parse_page("p.md", text).untagged == ()


def test_an_alias_defined_in_an_untagged_fence_is_known_to_the_blocks_after_it():
    # a cheat sheet (docker-cheat-sheet's translations): the alias's fence has no language, its users do
    text = "```\nalias dl='docker ps -l -q'\n```\n\n```\ndocker inspect $(dl)\n```\n"
    assert rules(text) == [(1, "untagged-fence"), (5, "untagged-fence")]
    assert rules(text.replace("$(dl)", "$(dlast)"))[-1] == (6, "unknown-command")  # another name is still unknown


def test_untagged_transcript_with_a_user_at_host_prompt():
    text = "```\nubuntu@ip-172-31-0-1:~$ docker imgaes\nREPOSITORY   TAG\n```\n"
    assert findings(text)[1:] == [f"p.md:2: {IMGAES}"]


def test_a_setext_heading_and_its_rule_leave_the_fences_and_prose_around_them_as_they_were():
    # setext headings are not parsed (a paragraph and a rule instead, to save time): code stays code, prose prose
    text = "설치\n---\n\n```bash\ndocker imgaes\n```\n\n제목\n===\n`docker ps` 로 확인\n"
    assert [(c.line, c.text) for s in extract_page("p.md", text) for c in s.commands] == [(5, "docker imgaes")]
    assert f"p.md:5: {IMGAES}" in findings(text)
    assert (10, "로 확인") in [(line, text.strip()) for line, text in parse_page("p.md", text).prose]
