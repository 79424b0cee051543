"""File blocks: which fences are files (Dockerfiles, Compose files, named blocks), with their names and lines."""

from __future__ import annotations

import pytest

from docktest.extract.code_spans import CodeSpan
from docktest.extract.markdown import parse_page
from docktest.model import FileBlock
from docktest.report.formats import format_findings

PAGE = """\
# 작은 앱

```dockerfile title="Dockerfile"
FROM python:3.12
COPY app.py .
```

```python title="app.py"
print("hi")
```

<!-- docktest file: web/index.html -->
```html
<p>hi</p>
```

```yaml
services:
  app:
    build: .
```

```yaml
key: value
```

```bash title="터미널"
docker build -t app .
```

```bash title="run.sh"
docker run --rm app
```

<!-- docktest file: entrypoint.sh -->
```sh
exec "$@"
```
"""


def test_files_the_page_shows_in_page_order():
    page = parse_page("p.md", PAGE)
    assert page.files == (
        FileBlock("p.md", "Dockerfile", "dockerfile", "dockerfile", 4, "FROM python:3.12\nCOPY app.py .\n"),
        FileBlock("p.md", "app.py", "file", "python", 9, 'print("hi")\n'),
        FileBlock("p.md", "web/index.html", "file", "html", 14, "<p>hi</p>\n"),
        FileBlock("p.md", "", "compose", "yaml", 18, "services:\n  app:\n    build: .\n"),
        FileBlock("p.md", "run.sh", "file", "bash", 32, "docker run --rm app\n"),
        FileBlock("p.md", "entrypoint.sh", "file", "sh", 37, 'exec "$@"\n'),
    )
    assert page.findings == ()


def test_a_titled_script_is_still_commands_and_a_marked_file_is_not():
    page = parse_page("p.md", PAGE)
    assert [snippet.code for snippet in page.snippets] == ["docker build -t app .\n", "docker run --rm app\n"]


def test_each_block_that_runs_gets_the_named_files_shown_since_the_block_before():
    """The runner writes a block's files right before its first command: the Dockerfile, app.py and index.html
    before `docker build`, the titled script before itself; entrypoint.sh has no command after it, the unnamed
    Compose block no name."""
    build, run = parse_page("p.md", PAGE).snippets
    assert [file.name for file in build.files] == ["Dockerfile", "app.py", "web/index.html"]
    assert [file.name for file in run.files] == ["run.sh"]


def test_a_skipped_block_passes_its_files_on_to_the_next_block_that_runs():
    page = parse_page("p.md", '```text title="a.txt"\na\n```\n\n<!-- docktest skip: 호스트 -->\n```bash\nreboot\n'
                              '```\n\n```bash\ncat a.txt\n```\n')
    assert [[file.name for file in snippet.files] for snippet in page.snippets] == [[], ["a.txt"]]


@pytest.mark.parametrize("info, name", [
    ('dockerfile title="backend/Dockerfile"', "backend/Dockerfile"),
    ("yaml title='compose.yaml'", "compose.yaml"),
    ('yaml {title="docker-compose.prod.yml"}', "docker-compose.prod.yml"),
    ("text title=.dockerignore", ".dockerignore"),
    ('text title="Step 1"', None),
    ('python title="예제"', None),
])
def test_titles_that_name_files(info, name):
    files = parse_page("p.md", f"```{info}\nservices: {{}}\n```\n").files
    assert [block.name for block in files] == ([name] if name else [])


def test_kinds_follow_the_language_and_the_name():
    page = parse_page("p.md", '```text title="Dockerfile.dev"\nFROM x\n```\n\n```yaml title="compose.yaml"\n'
                              'web: {}\n```\n\n```yaml title="values.yaml"\nservices: {}\n```\n')
    assert [(block.name, block.kind) for block in page.files] == [
        ("Dockerfile.dev", "dockerfile"), ("compose.yaml", "compose"), ("values.yaml", "file")]


@pytest.mark.parametrize("opening, expected", [
    ('```python title="../secret.py"', "p.md:1: error: file '../secret.py' leaves the page's working folder ('..'): "
                                       "name a file inside it [file]"),
    ("<!-- docktest file: /etc/passwd -->\n```text", "p.md:2: error: file '/etc/passwd' is an absolute path: name the "
                                                      "file relative to the page's working folder [file]"),
])
def test_a_file_path_that_leaves_the_working_folder_is_an_error(opening, expected):
    page = parse_page("p.md", f"{opening}\nx\n```\n")
    assert format_findings(page.findings, "text").splitlines() == [expected]
    assert page.files == ()


def test_a_file_marker_key_names_one_block_not_a_page():
    page = parse_page("p.md", "---\ndocktest:\n  file: app.py\n---\n\n```bash\ntrue\n```\n")
    assert format_findings(page.findings, "text").splitlines() == [
        "p.md:3: error: file names one block: put `file: …` in a marker right before that block [marker]"]


def test_inline_code_of_the_prose_with_line_and_column():
    page = parse_page("p.md", "# 제목\n\n목록은 `docker images` 와 `` `x` ``, `` a ``.\n\n```text\n`docker ps`\n```\n")
    assert page.code_spans == (CodeSpan(3, 6, "docker images"), CodeSpan(3, 26, "`x`"), CodeSpan(3, 37, "a"))


@pytest.mark.parametrize("info", ['json title="/etc/docker/daemon.json"', 'dockerfile title="/app/Dockerfile"',
                                  'json title="~/.docker/config.json"'])
def test_a_title_with_an_absolute_path_names_the_readers_file_a_note_and_nothing_written(info):
    # Material's and Docusaurus' titles say where a file lives (`/etc/docker/daemon.json`): no mistake of the page's
    page = parse_page("p.md", f"```{info}\n{{}}\n```\n")
    assert [(f.line, f.severity, f.rule) for f in page.findings] == [(1, "note", "file-elsewhere")]
    assert page.files == ()
