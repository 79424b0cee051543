"""A tool's own console that a page starts in a shell block (heldout-13: Arthas, after `java -jar arthas-boot.jar`):
its commands in the blocks after it are typed at its prompt, a note each; before it, or mistyped, they stay errors."""

from __future__ import annotations

import pytest

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.report.formats import format_findings

START = "```bash\njava -jar arthas-boot.jar\n```\n\n"


def shown(text: str) -> list[str]:
    return format_findings(check_page("p.md", text, extract_page("p.md", text)), "text").splitlines()


@pytest.mark.parametrize("code, name", [
    ("thread -n 3", "thread"),
    ("sysprop |grep timezone", "sysprop"),
    ("jad --source-only com.macro.mall.tiny.MallTinyApplication", "jad"),  # one edit from `jar`: Arthas's all the same
    # bash's `watch` would run the class as a program; at Arthas's prompt `watch` is its own command
    ('watch com.macro.mall.tiny.service.impl.PmsBrandServiceImpl listBrand "{params,returnObj}" -x 2', "watch"),
])
def test_a_consoles_command_after_the_page_starts_it_is_a_note(code: str, name: str) -> None:
    assert [row for row in shown(START + f"```bash\n{code}\n```\n") if "p.md:6" in row] == [
        f"p.md:6: note: `{name}` is a command of Arthas's console, which the page starts on line 2: typed at its "
        "prompt, not bash's, it is not checked here [foreign-prompt]"]


@pytest.mark.parametrize("text, expected", [
    # before the console starts, bash reads it
    ("```bash\nthread -n 3\n```\n\n" + START, "p.md:2: error: unknown command 'thread' (did you mean 'head'?) "
                                             "[unknown-command]"),
    # a typo of a console's command, or of a program, stays an error after it
    (START + "```bash\nthraed -n 3\n```\n", "p.md:6: error: unknown command 'thraed' [unknown-command]"),
    (START + "```bash\ndokcer ps\n```\n", "p.md:6: error: unknown command 'dokcer' (did you mean 'docker'?) "
                                         "[unknown-command]"),
    # a jar of another name starts no console
    ("```bash\njava -jar app.jar\n```\n\n```bash\nthread -n 3\n```\n",
     "p.md:6: error: unknown command 'thread' (did you mean 'head'?) [unknown-command]"),
])
def test_a_console_excuses_no_typo_and_nothing_before_it(text: str, expected: str) -> None:
    assert [row for row in shown(text) if "error" in row] == [expected]
