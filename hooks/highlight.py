"""MkDocs hook: code blocks that did not change are not highlighted again.

Highlighting with Pygments (a lexer and an HTML formatter made for every block)
was the largest part of rendering a page here, about 40% of a build's Markdown
time: every page shows several blocks from ``snippets/``. The HTML of a block
depends only on its code, the arguments of ``pymdownx.highlight``'s
``Highlight.highlight`` and the extension's settings, and on the versions of
pymdown-extensions and Pygments, so it is kept per language in
``.cache/highlight/<lang>.json`` and reused. Inline code, and titles written as
HTML (which the extension stashes in the page as a side effect), go to the
extension as before. ``tests/test_hooks.py`` checks the output is unchanged.
Only the entries a build used are written back, so the file does not grow.
"""

import hashlib
import sys
from importlib.metadata import version
from pathlib import Path

import pymdownx.highlight

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hooks import jobs  # noqa: E402

CACHE = ROOT / ".cache" / "highlight"
HIGHLIGHT = pymdownx.highlight.Highlight.highlight  # the extension's own method
VERSIONS = f"pymdown-extensions {version('pymdown-extensions')} Pygments {version('Pygments')}"
kept = {"path": None, "known": {}, "used": {}}


def block_key(highlighter, args, kwargs):
    """Hash of everything the HTML of one block depends on."""
    settings = {k: v for k, v in vars(highlighter).items() if k != "md"}
    text = repr((VERSIONS, sorted(settings.items()), args, sorted(kwargs.items())))
    return hashlib.sha256(text.encode()).hexdigest()


def cached_highlight(self, *args, **kwargs):
    """``Highlight.highlight``, answered from the last build when the block is unchanged."""
    if kwargs.get("inline") or self.title_mode == "html":
        return HIGHLIGHT(self, *args, **kwargs)
    key = block_key(self, args, kwargs)
    html = kept["known"].get(key)
    if html is None:
        html = HIGHLIGHT(self, *args, **kwargs)
    kept["used"][key] = html
    return html


def on_config(config):
    path = CACHE / f"{config.theme['language']}.json"
    known = jobs.read_json(path)
    kept.update(path=path, known=known, used={})
    pymdownx.highlight.Highlight.highlight = cached_highlight
    return config


def on_post_build(config):
    jobs.write_json(kept["path"], kept["used"])
