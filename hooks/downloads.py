"""MkDocs hook: a page's code as one script to download.

Every Markdown page that shows Python gets a file beside it, named after the
page (``course-1/week-2/`` -> ``course-1-week-2.py``, the same name in both
languages): a header, in the page's language, saying which page it comes from
and how to run it, then the text of every Python code block of the page, in
page order, exactly as the copy button copies it. It needs only NumPy and
Matplotlib: the fresh-interpreter test in ``tests/test_site.py`` runs this very
file. ``overrides/main.html`` links it (``page.meta["code_download"]``) next to
the link to the language's PDF (``make pdf``, ``hooks/pdf.py``). Lab pages offer
their own ``.ipynb`` and ``.py`` (``hooks/notebooks.py``).
"""

import html
import re
from pathlib import Path

HEADER = {
    "en": ("# {title} · Deep Learning Notes\n"
           "# Every Python code block of {url}, in page order, as one script\n"
           "# (written by the site's build). It needs only NumPy and Matplotlib:\n"
           "#     python {name}\n"),
    "zh": ("# {title} · 深度学习笔记\n"
           "# {url} 上的全部 Python 代码块，按页面顺序合成一个脚本\n"
           "#（由网站构建时生成）。只需要 NumPy 和 Matplotlib：\n"
           "#     python {name}\n"),
}


# Material renders a Python fence as <div class="language-python highlight">, with an
# optional title (<span class="filename">) before <pre><span></span><code>...</code>;
# Pygments' markup inside <code> is <span> and <a> (line anchors) only, never a
# nested </code>. A regular expression is exact for this markup and far cheaper
# than parsing every page.
BLOCK = re.compile(r'<div class="language-python highlight">(?:(?!</div>).)*?<code>(.*?)</code>',
                   re.S)
TAG = re.compile(r"<[^>]*>")


def python_blocks(content):
    """The text of the Python code blocks in the HTML ``content``, in page order."""
    return [html.unescape(TAG.sub("", match.group(1))) for match in BLOCK.finditer(content)]


def script_name(url):
    """The download's file name for the page at ``url`` (``course-1/week-2/``)."""
    return (url.strip("/").replace("/", "-") or "index") + ".py"


def script(blocks, title, url, name, lang):
    """The downloadable script: the header, then the blocks, in order."""
    header = HEADER.get(lang, HEADER["en"]).format(title=title, url=url, name=name)
    return header + "\n" + "\n\n".join(block.rstrip("\n") + "\n" for block in blocks)


def on_page_content(content, page, config, files):
    if page.file.src_uri.endswith((".py", ".ipynb")):
        return content  # a lab: its .ipynb and .py are its downloads
    blocks = python_blocks(content)
    if blocks:
        name = script_name(page.url)
        url = (config.site_url or "/") + page.url
        dest = Path(page.file.abs_dest_path).parent / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(script(blocks, page.title, url, name, config.theme["language"]),
                        encoding="utf-8")
        page.meta["code_download"] = name
    return content
