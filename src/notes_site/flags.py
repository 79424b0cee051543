"""Python-Markdown extension `notes_site.flags`: a flag in inline code (`--rm`, `-it`) never breaks across lines.

Browsers may break a line after a hyphen, so `--rm` ended a line with `--` and began the next with `rm`,
and `--build` split between its two dashes; CSS cannot take that break opportunity away from one word
alone. Each word of inline code that starts with a dash is wrapped in a span of class `flag`, which the
site's stylesheet keeps on one line (docs/stylesheets/reading.css); other words, a long path among them,
still wrap as before. The text is unchanged, so a copy gives what the author wrote.

A postprocessor on the page's HTML, since pymdownx.inlinehilite hands its code to the page as stashed
HTML, not as elements; so MkDocs, ProperDocs and Zensical all run it (`markdown_extensions: [notes_site.flags]`).
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

# Inline code as Python-Markdown and inlinehilite write it: no attributes, no markup inside; code blocks
# (inside <pre>) are passed over whole.
_INLINE_CODE = re.compile(r"(?P<block><pre[\s>].*?</pre>)|<code>(?P<text>[^<]*)</code>", re.DOTALL)
_FLAG = re.compile(r"(?<!\S)-\S+")  # a word that starts with a dash: -it, --rm, --mount=type=cache, -->
# After raw_html (30) puts the stashed code back; before notes_site.marks (5) adds its own code.
PRIORITY = 10


class FlagsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(_KeepFlagsWhole(md), "notes_site_flags", PRIORITY)


class _KeepFlagsWhole(Postprocessor):
    def run(self, text: str) -> str:
        return keep_flags_whole(text)


def keep_flags_whole(html_text: str) -> str:
    """The HTML with each dash-led word of its inline code in a span of class `flag`."""
    return _INLINE_CODE.sub(_flags_kept, html_text)


def _flags_kept(found: re.Match) -> str:
    if found.group("block") is not None:
        return found.group("block")
    return "<code>" + _FLAG.sub(r'<span class="flag">\g<0></span>', found.group("text")) + "</code>"


def makeExtension(**kwargs: object) -> FlagsExtension:  # noqa: N802 - how Python-Markdown loads an extension by name
    return FlagsExtension(**kwargs)
