"""When a terminal program's output ends in a prompt: the first half of 'it is reading its input' (no Docker)."""

from __future__ import annotations

import pytest

from docktest.run.terminal import _ends_in_prompt


@pytest.mark.parametrize("chunks, prompt", [
    (["최솟값을 입력하세요: "], True),
    (["Welcome to Node.js v20.19.2.\r\nType \".help\" for more information.\r\n", "\x1b[1G\x1b[0J> \x1b[3G"], True),
    ([">>> "], True),
    (["Python 3.13.5\r\n"], False),  # a finished line: maybe more is coming
    (["42\n", "\x1b[0m"], False),  # only an escape sequence after the newline
    (["   "], False),
    ([], False),
])
def test_output_ends_in_a_prompt(chunks: list[str], prompt: bool) -> None:
    assert _ends_in_prompt(chunks) is prompt
