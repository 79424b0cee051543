"""Expected output on a page: which lines belong to which command or shell block, at which file lines."""

from __future__ import annotations

import pytest

from docktest.extract.expected import OutputBlock
from docktest.extract.markdown import extract_page, parse_page
from docktest.extract.prompts import Prompt, read_transcript


def transcript(code: str, start_line: int) -> list[Prompt]:
    return list(read_transcript(code, start_line, root_prompts=True).prompts)

PAGE = """---
title: 예
---
# 출력

```console
앞의 설명은 어느 명령의 출력도 아닙니다
$ docker run --rm hello
안녕하세요
> 이 줄도 출력입니다

$ docker ps \\
> -a
CONTAINER ID   IMAGE   NAMES
$ docker rm -f web

$ echo done
done


```

1. 목록 안에서도:

   ```console
   $ docker images
   REPOSITORY   TAG
   $ true
   ```
"""


def prompts_of(text: str) -> list[list[Prompt]]:
    return [transcript(s.code, s.start_line) for s in extract_page("docs/p.md", text)]


def test_each_command_gets_the_lines_under_it_with_their_file_lines() -> None:
    first, in_list = prompts_of(PAGE)
    assert first == [
        Prompt(8, (("docker run --rm hello", 8),), (("안녕하세요", 9), ("> 이 줄도 출력입니다", 10))),
        Prompt(12, (("docker ps \\", 12), ("-a", 13)), (("CONTAINER ID   IMAGE   NAMES", 14),)),
        Prompt(15, (("docker rm -f web", 15),), None),
        Prompt(17, (("echo done", 17),), (("done", 18),)),
    ]
    assert in_list == [
        Prompt(26, (("docker images", 26),), (("REPOSITORY   TAG", 27),)),
        Prompt(28, (("true", 28),), None),
    ]


def test_lines_are_the_files_with_crlf_and_bom() -> None:
    crlf = "\ufeff" + PAGE.replace("\n", "\r\n")
    assert prompts_of(crlf) == prompts_of(PAGE)


def test_nothing_pasted_is_none_not_empty_output() -> None:
    assert transcript("$ docker rm -f web\n\n   \n", 3) == [Prompt(3, (("docker rm -f web", 3),), None)]
    assert transcript("no prompt at all\n", 3) == []


def test_a_blank_line_inside_the_output_is_output() -> None:
    assert transcript("$ printf 'a\\n\\nb\\n'\na\n\nb\n", 1)[0].expected == (("a", 2), ("", 3), ("b", 4))


OUTPUT_PAGE = """# 출력 블록

```bash
docker run --rm hello
echo 끝
```

<!-- docktest output -->
```text
안녕하세요

끝

```

!!! note "알림 상자 안에서도"

    ```sh
    true
    ```
    <!-- docktest  output -->
    ```output
    ```
"""


def test_an_output_block_after_a_shell_block_is_its_expected_output() -> None:
    page = parse_page("docs/p.md", OUTPUT_PAGE)
    assert page.findings == ()
    assert page.outputs == (
        OutputBlock("docs/p.md#1", 10, (("안녕하세요", 10), ("", 11), ("끝", 12))),
        OutputBlock("docs/p.md#2", 23, ()),  # an empty block: the commands print nothing
    )
    assert [s.id for s in page.snippets] == ["docs/p.md#1", "docs/p.md#2"]
    assert not {10, 11, 12} & {line for line, _ in page.prose}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("Some prose.\n\n<!-- docktest output -->\n```text\nhi\n```\n", 3, id="after-prose"),
        pytest.param("```bash\necho hi\n```\n\n<!-- docktest output -->\n```bash\necho\n```\n", 5,
                     id="before-a-shell-block"),
        pytest.param("```bash\necho hi\n```\n<!-- docktest output -->\n\nhi\n", 4, id="before-prose"),
        pytest.param("```bash\necho hi\n```\n<!-- docktest output -->\n", 4, id="at-the-end"),
        pytest.param("```console\n$ echo hi\n```\n<!-- docktest output -->\n```text\nhi\n```\n", 4,
                     id="after-a-console-block"),
    ],
)
def test_a_misplaced_output_marker_is_a_warning_at_its_line(text: str, line: int) -> None:
    page = parse_page("docs/p.md", text)
    assert page.outputs == ()
    assert [(f.line, f.severity, f.message) for f in page.findings] == [(line, "warning", (
        "docktest output marker is not between a shell code block (```bash, sh, shell or zsh) "
        "and the ```text (or ```output) block of what it prints"))]
