"""A page through extraction and the static check, its findings as `docktest check` prints them (`p.md:2: error: …
[rule]`): what most check tests compare."""

from __future__ import annotations

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.report.formats import format_findings


def check_text(text: str) -> list[str]:
    """The findings of a page of Markdown TEXT, shown as `p.md`."""
    return format_findings(check_page("p.md", text, extract_page("p.md", text)), "text").splitlines()


def check(code: str) -> list[str]:
    """The findings of a page holding CODE alone in a ```bash block (its first line is the page's line 2)."""
    return check_text(f"```bash\n{code}\n```\n")
