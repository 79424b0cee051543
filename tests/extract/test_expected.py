"""Expected output in console blocks: which lines belong to which command, at which file lines."""

from __future__ import annotations

from docktest.extract.expected import Prompt, transcript
from docktest.extract.markdown import extract_page

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
