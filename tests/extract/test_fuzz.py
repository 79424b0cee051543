"""Fuzzing: random Markdown-ish pages never give a traceback from extract, check or the hook's library calls.

Exit codes stay 0/1/2 and the JSON and SARIF outputs always parse. A few seconds by default;
DOCKTEST_FUZZ_EXAMPLES=2000 (say) searches longer.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

import markdown as python_markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docktest.adapters.cli import main
from docktest.check.pages import build_snippets
from docktest.extract.markdown import extract_page
from docktest.report.rendered import unextracted_blocks

EXAMPLES = int(os.environ.get("DOCKTEST_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)  # any character but lone surrogates
HANGUL = st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3) | st.sampled_from("ㄱㅋㅎ \t"), max_size=10)
OPENERS = st.sampled_from([
    "```bash", "```sh", "```shell", "```zsh", "```console", "```shell-session", "~~~bash", "````sh", "```{.bash}",
    "``` bash title=\"x\"", "```BASH", "```python", "```", "    ```bash", "> ```bash", "- ```bash", "=== \"탭\"\n    ```bash",
    "!!! note\n    ```bash", "<div markdown>\n```bash", "<details>\n<summary>s</summary>\n```sh", "<!--\n```bash",
])
CODE = st.sampled_from([
    "docker ps -a", "docker imgaes", "sudo docker run --rn node", "$ docker ps", "CONTAINER ID", "> continued",
    "xargs docker rm", "env A=1 docker", "if true; then", "fi", "echo 'open", "cat <<EOF", "EOF", "f() { :; }",
    "echo {이름} <이미지 ID>", "\\docker ps", "\"docker\" ps", "watch -n 1 docker ps", "$", "time", "",
]) | HANGUL | TEXT
YAML_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6)
MARKER_LINE = st.one_of(
    st.builds(lambda key, value: f"{key}: {json.dumps(value, ensure_ascii=False)}",
              st.sampled_from(["skip", "stdin", "workdir", "exit", "timeout", "placeholders", "stdn"]), YAML_VALUE),
    st.sampled_from(["skip:", "workdir: ../../../../etc", "a: &a [1, *a]", "b: &b [x]\nc: [*b, *b]", "- list",
                     "stdin: !!python/object:os.system x", "timeout: !!float x", "? [1]: x", "{", "  : :", "\t"]),
    TEXT)
MARKER = st.builds(lambda opener, lines: opener + "\n" + "\n".join(lines) + "\n-->",
                   st.sampled_from(["<!-- docktest", "<!-- DOCKTEST", "<!-- dockertest", "---\ndocktest:"]),
                   st.lists(MARKER_LINE, max_size=4))
FENCE = st.builds(lambda opener, code, close: opener + "\n" + "\n".join(code) + ("\n```" if close else ""),
                  OPENERS, st.lists(CODE, max_size=5), st.booleans())
PART = st.one_of(FENCE, MARKER, HANGUL, TEXT, st.sampled_from(["", "\x00", "</div>", "</details>", "---", "- 항목"]))
PAGE = st.builds(lambda parts, ending: "\n".join(parts).replace("\n", ending),
                 st.lists(PART, max_size=8), st.sampled_from(["\n", "\r\n", "\r"]))


# Pages that crashed before issue 8 was fixed: always tried, whatever the random search finds.
KNOWN = ["<!-- docktest\nskip:\n-->\n```bash\ntrue\n```", "---\ndocktest:\n  skip:\n---\n```bash\ntrue\n```",
         "<!-- docktest\ntimeout: !!float x\n-->\n```sh\nls\n```\r\n한글\x00"]


def _examples(test):
    for text in KNOWN:
        test = example(text=text)(test)
    return test


def _cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(argv))
    return code, out.getvalue()


@FUZZ
@given(text=PAGE)
@_examples
def test_extract_and_check_never_crash(text):
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "페이지.md"
        page.write_text(text, encoding="utf-8", newline="")
        code, out = _cli("extract", str(page))
        assert code == 0 and isinstance(json.loads(out)["snippets"], list)
        for fmt in ("json", "sarif", "text", "github"):
            code, out = _cli("check", "--format", fmt, str(page))
            assert code in (0, 1), (fmt, code)
            if fmt == "json":
                assert all(f["line"] >= 1 for f in json.loads(out)["findings"])
            elif fmt == "sarif":
                assert json.loads(out)["version"] == "2.1.0"


_SITE = python_markdown.Markdown(extensions=["md_in_html", "pymdownx.highlight", "pymdownx.superfences"],
                                 extension_configs={"pymdownx.highlight": {"pygments_lang_class": True}})


@FUZZ
@given(text=PAGE)
@_examples
def test_hook_library_calls_never_crash(text):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "docs").mkdir()
        page = root / "docs" / "p.md"
        page.write_text(text, encoding="utf-8", newline="")
        _written, findings = build_snippets(root / "docs", [page], root / "snippets", root)
        assert all(f.line >= 1 for f in findings)
        _SITE.reset()
        html = _SITE.convert(text.replace("\x00", ""))  # Python-Markdown's own limits are not ours to test
        snippets = extract_page("docs/p.md", text)
        assert all(f.line >= 1 for f in unextracted_blocks("docs/p.md", html, snippets, text))
