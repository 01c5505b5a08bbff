"""MkDocs hook: tidy the lab pages that mkdocs-jupyter renders.

- mkdocs-jupyter's notebook template adds ``<script>`` tags for MathJax 2 and
  Mermaid from public CDNs (or with an empty ``src``); they are removed, so lab
  pages use the site's own MathJax (``hooks/offline.py``) and stay offline.
- Its heading ids come from an ASCII-only slug function, so Chinese headings
  get empty or numeric ids that do not match the page's table of contents.
  Headings are given the same Unicode slugs as Markdown pages
  (``pymdownx.slugs``), and the table of contents is rebuilt from them.
- Next to each lab page, the build writes the lab as a Jupyter notebook
  (``<name>.ipynb``, converted by Jupytext); mkdocs-jupyter's ``include_source``
  copies the ``.py`` source. ``overrides/main.html`` links both.
"""

import html
import re
from pathlib import Path

import jupytext

from mkdocs.structure.toc import get_toc
from pymdownx.slugs import slugify

SLUGIFY = slugify(case="lower")
FOREIGN_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc=[\"'](?:https?:)?//[^>]*>\s*</script>"
    r"|<script\b[^>]*\bsrc=[\"']\s*[\"'][^>]*>\s*</script>"
    r"|<script\b[^>]*type=[\"']text/x-mathjax-config[\"'][^>]*>.*?</script>"
    r"|<script\b[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*?</script>",
    re.S | re.I,
)
HEADING = re.compile(
    r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.S)


def is_notebook(page):
    return page.file.src_uri.endswith((".py", ".ipynb"))


def nest(tokens):
    """Turn a flat list of headings into the nested tokens that get_toc expects."""
    root = {"level": 0, "children": []}
    stack = [root]
    for token in tokens:
        while stack[-1]["level"] >= token["level"]:
            stack.pop()
        stack[-1]["children"].append(token)
        stack.append(token)
    return root["children"]


def reslug_headings(content):
    """Give headings Unicode slugs; return (content, flat list of toc tokens)."""
    tokens, used = [], set()

    def replace(match):
        level, inner = int(match.group(1)), match.group(2)
        name = re.sub(r"<[^>]+>", "", inner).strip()
        base = SLUGIFY(html.unescape(name), "-") or "section"
        slug, n = base, 1
        while slug in used:
            slug, n = f"{base}_{n}", n + 1
        used.add(slug)
        tokens.append({"level": level, "id": slug, "name": name, "children": []})
        return f'<h{level} id="{slug}">{inner}<a class="anchor-link" href="#{slug}">¶</a></h{level}>'

    return HEADING.sub(replace, content), tokens


def on_page_content(content, page, config, files):
    if not is_notebook(page):
        return content
    content, tokens = reslug_headings(FOREIGN_SCRIPT.sub("", content))
    if tokens:
        page.toc = get_toc(nest(tokens))
    return content


def on_post_page(output, page, config):
    if is_notebook(page) and page.file.src_uri.endswith(".py"):
        notebook = jupytext.read(page.file.abs_src_path)
        dest = Path(page.file.abs_dest_path).with_name(f"{Path(page.file.src_uri).stem}.ipynb")
        dest.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(notebook, dest, fmt="ipynb")
    return output
