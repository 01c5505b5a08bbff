"""MkDocs hook: Material's search plugin reads each page without Pygments' token spans.

The search plugin parses every page's HTML with Python's ``html.parser`` when it
indexes it (``on_page_context``). Inside code blocks almost every tag is a
Pygments ``<span class="...">`` around one token: most of a week page's tags, and
none of its text (in a lab's cells too, inside ``<pre>``). Just before the plugin reads the page, ``page.content`` loses
the spans inside ``<code>`` (the text stays, character for character); just
after, the full content is back for the template. The index is the same
(``tests/test_hooks.py`` compares it), built in about half the time.
"""

import hashlib
import json
import re
import sys
from importlib.metadata import version
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hooks import jobs  # noqa: E402

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


# --- entries of unchanged pages, from the last build -----------------------------------
#
# Indexing a page means parsing its HTML and, for any Chinese text, segmenting it
# with jieba, whose dictionary takes one to several seconds to load in every build
# process. The entries of a page depend only on what the plugin reads of it (its
# URL, title, metadata, table of contents and lightened HTML), jieba and Material:
# they are kept per language in ``.cache/search/<lang>.json`` and reused for a page
# whose inputs are unchanged, so a build in which no page changed loads no dictionary.

CACHE = ROOT / ".cache" / "search"
kept = {}  # this build: {"path": cache file, "known": {key: entries}, "used": {key: entries}}


def toc_outline(toc):
    """What the plugin reads of a table of contents: ids, links and titles, nested."""
    return [(item.id, item.url, item.title, toc_outline(item.children)) for item in toc]


def entry_key(page, settings):
    """Hash of everything the search plugin's entries for ``page`` depend on."""
    digest = hashlib.sha256(settings.encode())
    for part in (page.url, page.title, json.dumps(page.meta, sort_keys=True, default=str),
                 json.dumps(toc_outline(page.toc)), page.content):
        digest.update(str(part).encode() + b"\0")
    return digest.hexdigest()


def search_plugin(config):
    return next(p for name, p in config.plugins.items() if name.split("/")[-1] == "search")


@event_priority(-100)  # after the search plugin has made its index (on_config)
def on_config(config):
    plugin = search_plugin(config)
    index, add = plugin.search_index, plugin.search_index.add_entry_from_context
    settings = " ".join([version("mkdocs-material"), version("jieba"),
                         repr(sorted(plugin.config.items()))])
    path = CACHE / f"{config.theme['language']}.json"
    known = jobs.read_json(path)
    used = {}

    def add_entry_from_context(page):
        key = entry_key(page, settings)
        if key in known:
            index.entries.extend(known[key])
        else:
            start = len(index.entries)
            add(page)
            known[key] = index.entries[start:]
        used[key] = known[key]

    index.add_entry_from_context = add_entry_from_context
    kept.update(path=path, used=used)
    return config


def on_post_build(config):
    """Keep the entries of this build's pages (only those: the file does not grow)."""
    jobs.write_json(kept["path"], kept["used"])
