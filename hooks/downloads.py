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

import html.parser
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


class PythonBlocks(html.parser.HTMLParser):
    """Collects the text of each ``<div class="language-python highlight">``'s ``<code>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.depth, self.code = [], 0, None

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            classes = (dict(attrs).get("class") or "").split()
            if self.depth or {"language-python", "highlight"} <= set(classes):
                self.depth += 1
        elif tag == "code" and self.depth and self.code is None:
            self.code = []

    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1
        elif tag == "code" and self.code is not None:
            self.blocks.append("".join(self.code))
            self.code = None

    def handle_data(self, data):
        if self.code is not None:
            self.code.append(data)


def python_blocks(content):
    """The text of the Python code blocks in the HTML ``content``, in page order."""
    parser = PythonBlocks()
    parser.feed(content)
    parser.close()
    return parser.blocks


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
