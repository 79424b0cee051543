"""notes_site.flags: each dash-led word of inline code in a span the stylesheet keeps on one line; code blocks alone."""

from __future__ import annotations

import markdown

from notes_site.flags import keep_flags_whole

SITE_EXTENSIONS = ["pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.superfences", "notes_site.flags"]


def test_flags_in_inline_code_are_wrapped_and_the_text_kept() -> None:
    assert keep_flags_whole("<p><code>docker run --rm -it node</code> and <code>a-b</code></p>") == (
        '<p><code>docker run <span class="flag">--rm</span> <span class="flag">-it</span> node</code> and '
        "<code>a-b</code></p>")
    assert keep_flags_whole("<code>&lt;!-- x --&gt;</code>") == '<code>&lt;!-- x <span class="flag">--&gt;</span></code>'


def test_code_blocks_and_code_with_markup_are_left_alone() -> None:
    page = "`--rm`\n\n```bash\ndocker run --rm x\n```\n\n    -x indented\n\n<pre><code>-a</code></pre>\n"
    rendered = markdown.markdown(page, extensions=SITE_EXTENSIONS)
    assert rendered.count('class="flag"') == 1 and '<p><code><span class="flag">--rm</span></code></p>' in rendered
    assert "<code>-a</code>" in rendered and "-x indented" in rendered
