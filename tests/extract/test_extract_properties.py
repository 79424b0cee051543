"""Property tests: on any Markdown-ish text the extractor never crashes and every position is inside the file."""

from __future__ import annotations

from typing import get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docktest.extract.markdown import extract_page
from docktest.check.rules import check_page
from docktest.model import Severity

LINES = st.sampled_from([
    "```bash", "```", "~~~sh", "~~~", "````console", "````", "```{.bash}", "```python", "    ```bash", "  ```zsh",
    "- item", "1. item", "   - nested", "> quote", "> ```bash", "!!! note", "??? tip \"t\"", "???+ note", "=== \"탭\"",
    "    === \"x\"", "<!-- docktest", "-->", "<!-- docktest skip: why -->", "stdin: \"a\\n\"", "placeholders:",
    "  이름: v", "stdn: 1", "---", "docktest:", "  exit: 1", "$ docker ps", "> continued", "docker run",
    "docker imgaes", "doccker run node", "echo {이름} <이미지 ID> ${x} {a,b}", "cat <<EOF", "EOF", "if true; then",
    "fi", "echo 'unterminated", "f() { echo; }", "\t탭", "한글 문장ㅉ", "", " ", "\\", "`code ㅋ`", "[", "{",
    "<!-- docktest ignore: unknown-command -->", "  ignore: [stray-jamo, nothing]", "# docktest ignore: docker-usage",
    "docker imgaes  # docktest ignore: docker",
])
TEXTS = st.lists(st.one_of(LINES, st.text(max_size=12)), max_size=40).map("\n".join)
ENDINGS = st.sampled_from(["\n", "\r\n"])


def _line_count(text: str) -> int:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=TEXTS, ending=ENDINGS, bom=st.booleans())
def test_extract_never_crashes_and_positions_are_in_the_file(body, ending, bom):
    text = ("\ufeff" if bom else "") + body.replace("\n", ending)
    last = _line_count(text)
    snippets = extract_page("page.md", text)
    for snippet in snippets:
        assert 1 <= snippet.start_line <= snippet.end_line <= last
        for command in snippet.commands:
            assert snippet.start_line <= command.line <= snippet.end_line


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=TEXTS, ending=ENDINGS)
def test_every_finding_line_is_inside_the_file(body, ending):
    text = body.replace("\n", ending)
    last = _line_count(text)
    findings = check_page("page.md", text, extract_page("page.md", text))
    for finding in findings:
        assert 1 <= finding.line <= last, finding
        assert finding.severity in get_args(Severity)
