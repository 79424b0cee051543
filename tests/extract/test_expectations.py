"""Expected output attached to the commands that print it: console prompts and `<!-- docktest output -->` blocks."""

from __future__ import annotations

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.model import Expectation

PAGE = "tests/fixtures/output-transcripts.md"


def test_each_prompt_expects_what_is_pasted_under_it() -> None:
    console, script = extract_page(PAGE)
    assert [c.line for c in console.commands] == [6, 14, 17, 20]
    first, ps, images, greeting = console.expectations
    assert (first.line, first.commands, len(first.lines)) == (7, (0,), 7)
    assert ps == Expectation((("NAMES     IMAGE           STATUS", 15), ("web       python:latest   Up 3 seconds", 16)),
                             15, (1,))
    assert (images.commands, greeting.commands) == ((2,), (3,))
    assert greeting.lines == (("안녕하세요, root", 21),)


def test_an_output_block_expects_all_of_its_blocks_commands() -> None:
    _, script = extract_page(PAGE)
    assert [c.text for c in script.commands] == ["echo 하나", "echo 둘 && echo 셋"]
    assert script.expectations == (Expectation((("하나", 33), ("둘", 34), ("셋", 35)), 33, (0, 1)),)


def test_a_prompt_with_nothing_under_it_expects_nothing_in_particular() -> None:
    (snippet,) = extract_page("p.md", "```console\n$ date\n$ echo hi\nhi\n```\n")
    assert snippet.expectations == (Expectation((("hi", 4),), 4, (1,)),)


def test_output_ignore_is_the_one_value_of_the_output_marker() -> None:
    text = "<!-- docktest output: ignore -->\n```console\n$ date\nSat\n```\n\n<!-- docktest output: compare -->\n```bash\nls\n```\n"
    first, second = extract_page("p.md", text)
    assert first.options == {"output": "ignore"}
    assert [f"{f.line}: {f.message}" for f in check_page("p.md", text, [first, second]) if f.rule == "marker"] == [
        "7: output takes one value, `output: ignore` (do not compare what the block prints), not 'compare'"]
