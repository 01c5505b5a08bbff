"""MkDocs hook: code blocks that did not change are not highlighted again.

Pygments highlighting is the largest part of rendering a page here (about 40% of
a build's Markdown time: every page shows several blocks from ``snippets/``).
Its result depends only on the code, the lexer with its options, the HTML
formatter's options and the Pygments version, so it is kept per language in
``.cache/highlight/<lang>.json`` and reused. ``pymdownx.highlight`` calls
Pygments' ``highlight(src, lexer, formatter)`` through its module's name
``highlight``; this hook puts a caching function under that name (the pinned
pymdown-extensions; ``tests/test_hooks.py`` checks the output is unchanged and
fails if the name goes away). Only the entries a build used are written back, so
the file does not grow.
"""

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

import pygments
import pymdownx.highlight

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "highlight"
PYGMENTS = pygments.highlight
kept = {"path": None, "known": {}, "used": {}}


def block_key(src, lexer, formatter):
    """Hash of everything Pygments' output for this block depends on."""
    digest = hashlib.sha256(version("Pygments").encode())
    for part in (type(lexer).__name__, sorted(lexer.options.items()),
                 type(formatter).__name__, sorted(formatter.options.items()), src):
        digest.update(repr(part).encode() + b"\0")
    return digest.hexdigest()


def cached_highlight(src, lexer, formatter):
    """Pygments' ``highlight``, answered from the last build when the block is unchanged."""
    key = block_key(src, lexer, formatter)
    html = kept["known"].get(key)
    if html is None:
        html = PYGMENTS(src, lexer, formatter)
    kept["used"][key] = html
    return html


def on_config(config):
    path = CACHE / f"{config.theme['language']}.json"
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    kept.update(path=path, known=known, used={})
    pymdownx.highlight.highlight = cached_highlight
    return config


def on_post_build(config):
    path = kept["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_text(json.dumps(kept["used"], ensure_ascii=False), encoding="utf-8")
    partial.replace(path)
