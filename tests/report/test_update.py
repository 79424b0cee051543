"""`--update` rewrites exactly the mismatching expected lines; every other byte of the page stays."""

from __future__ import annotations

import pytest

from docktest.extract.prompts import read_transcript
from docktest.extract.markdown import extract_page, parse_page
from docktest.report.update import Edit, apply_edits, edit_for

PAGE = """\ufeff# 컨테이너 상태

<!-- docktest workdir: examples/rng -->
```console
$ docker ps -a
CONTAINER ID   IMAGE   STATUS         NAMES
a1b2c3d4e5f6   node    Up 2 minutes   admiring_turing
$ echo 안녕
안녕히
```

1. 목록 항목 안의 블록:

   ```console
   $ docker inspect -f '{{.State.Status}}' web
   running
   $ docker rm -f web
   ```

!!! note "참고"

    ```console
    $ docker run --rm rng
    난수: ...
    끝났습니다   
    합계: 3
    ```

> ```console
> $ echo 인용
> 인용 아님
> ```
"""

PRINTED = {  # what each command printed in the sandbox, by its `$ ` line
    5: "CONTAINER ID   IMAGE     STATUS                    NAMES\n"
       "860c112c0550   node      Exited (0) 1 second ago   hardcore_clarke\n",
    8: "안녕\n",
    15: "exited\n",
    17: "web\n",
    23: "난수: 42\n끝났습니다\n합계: 4\n",
    30: "인용\n",
}

UPDATED = (PAGE
           .replace("a1b2c3d4e5f6   node    Up 2 minutes   admiring_turing",
                    "860c112c0550   node      Exited (0) 1 second ago   hardcore_clarke")
           .replace("안녕히", "안녕")
           .replace("   running", "   exited")
           .replace("    합계: 3", "    합계: 4")
           .replace("> 인용 아님", "> 인용"))


def update(page: bytes) -> bytes:
    edits = [edit for snippet in extract_page("docs/p.md", page.decode("utf-8-sig"))
             for prompt in read_transcript(snippet.code, snippet.start_line, root_prompts=True).prompts
             if (edit := edit_for(prompt.expected, PRINTED[prompt.line])) is not None]
    return apply_edits(page, edits)


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_only_the_wrong_lines_change(newline: str) -> None:
    before = PAGE.replace("\n", newline).encode("utf-8")
    after = update(before)
    assert after == UPDATED.replace("\n", newline).encode("utf-8")
    assert update(after) == after  # the page passes afterwards: nothing left to update


def test_a_page_without_bom_keeps_having_none() -> None:
    before = PAGE.removeprefix("\ufeff").encode("utf-8")
    assert update(before) == UPDATED.removeprefix("\ufeff").encode("utf-8")


def test_lines_can_be_added_and_removed() -> None:
    page = b"- x\n  ```console\n  $ ls\n  a\n  b\n  ```\n"
    assert apply_edits(page, [Edit(4, ("a", "b"), ("a", "", "c", "d"))]) == (
        b"- x\n  ```console\n  $ ls\n  a\n\n  c\n  d\n  ```\n")
    assert apply_edits(page, [Edit(4, ("a", "b"), ("b",))]) == b"- x\n  ```console\n  $ ls\n  b\n  ```\n"


def test_a_fence_on_a_list_marker_line_indents_by_the_marker_width() -> None:
    page = b"10. ```console\n    $ ls\n    a\n    ```"
    assert apply_edits(page, [Edit(3, ("a",), ("b",))]) == b"10. ```console\n    $ ls\n    b\n    ```"


def test_the_last_line_without_a_line_ending_keeps_having_none() -> None:
    assert apply_edits(b"```console\r\n$ ls\r\na", [Edit(3, ("a",), ("b", "c"))]) == b"```console\r\n$ ls\r\nb\r\nc"


def test_an_output_block_is_updated_and_an_empty_one_filled_in() -> None:
    page = ("1. 목록\n\n   ```bash\n   docker ps -q\n   ```\n   <!-- docktest output -->\n   ```text\n   ```\n\n"
            "```bash\necho 안녕\n```\n<!-- docktest output -->\n```text\n안녕히\n```\n")
    parsed = parse_page("docs/p.md", page)
    edits = [edit_for(block.expected, printed, block.line)
             for block, printed in zip(parsed.outputs, ["860c112c0550\n", "안녕\n"])]
    filled = page.replace("   ```text\n   ```", "   ```text\n   860c112c0550\n   ```").replace("안녕히", "안녕")
    assert apply_edits(page.encode(), edits) == filled.encode()


def test_overlapping_edits_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="overlaps another"):
        apply_edits(b"```\n$ ls\na\nb\n```\n", [Edit(3, ("a", "b"), ("x",)), Edit(4, ("b",), ("y",))])


def test_describe_names_the_lines_that_changed_not_the_whole_expectation():
    from docktest.report.update import Edit, describe

    edits = [Edit(33, ("하나", "둘", "넷"), ("하나", "둘", "셋")), Edit(15, ("NAMES", "web Exited"), ("NAMES", "web Up")),
             Edit(21, ("안녕히",), ("안녕",)), Edit(40, (), ("새 줄",))]
    assert describe("page.md", edits) == "page.md: rewrote the expected output at lines 16, 21, 35, 40"
    assert describe("page.md", edits[2:3]) == "page.md: rewrote the expected output at line 21"


def test_a_long_output_is_rewritten_in_bounded_time_keeping_its_common_first_and_last_lines():
    # 4,000 repetitive lines against 4,000 others took difflib 34 s; past the comparison's bound the middle is
    # replaced whole, and the lines both sides share at the start and the end stay byte for byte.
    from docktest.report.update import describe

    old = ("처음",) + tuple(f"line {i % 7}" for i in range(4000)) + ("끝",)
    new = ("처음",) + tuple(f"line {i % 5}" for i in range(4000)) + ("끝",)
    page = ("```console\n$ seq\n" + "\n".join(old) + "\n```\n").encode()
    assert apply_edits(page, [Edit(3, old, new)]) == ("```console\n$ seq\n" + "\n".join(new) + "\n```\n").encode()
    assert describe("p.md", [Edit(3, old, new)]) == "p.md: rewrote the expected output at line 9-4003"
