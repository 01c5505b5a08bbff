"""MkDocs hook: Material's search plugin reads each page without Pygments' token spans.

The search plugin parses every page's HTML with Python's ``html.parser`` when it
indexes it (``on_page_context``). Inside code blocks almost every tag is a
Pygments ``<span class="...">`` around one token: most of a week page's tags, and
none of its text (in a lab's cells too, inside ``<pre>``). Just before the plugin reads the page, ``page.content`` loses
the spans inside ``<code>`` (the text stays, character for character); just
after, the full content is back for the template. The index is the same
(``tests/test_hooks.py`` compares it), built in about half the time.
"""

import re

from mkdocs.plugins import CombinedEvent, event_priority

CODE = re.compile(r"(<(pre|code)\b[^>]*>)(.*?)(</\2>)", re.S)
SPAN = re.compile(r"</?span\b[^>]*>")


def without_code_spans(html):
    """``html`` with every ``<span>`` and ``</span>`` inside ``<pre>`` (code blocks, lab
    cells and outputs) and ``<code>`` (inline code) elements removed."""
    return CODE.sub(lambda m: m[1] + SPAN.sub("", m[3]) + m[4], html)


@event_priority(100)  # before the search plugin (priority 0)
def _lighten(context, page, config, nav):
    if page.content:
        page.full_content = page.content
        page.content = without_code_spans(page.content)
    return context


@event_priority(-100)  # after it, before the page's template is rendered
def _restore(context, page, config, nav):
    if getattr(page, "full_content", None) is not None:
        page.content, page.full_content = page.full_content, None
    return context


on_page_context = CombinedEvent(_lighten, _restore)
