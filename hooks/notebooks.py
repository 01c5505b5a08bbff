"""MkDocs hook: run and tidy the lab pages that mkdocs-jupyter renders.

- Each language gets its own mkdocs-jupyter cache directory, keyed by the
  ``snippets`` sources that the labs import (a lab whose notebook and snippets
  did not change is not executed again; stale caches are removed).
- Lab kernels are child processes of the build: they get ``snippets`` on their
  path, one BLAS thread (small matrices; threads only add contention), and
  talk to the build over local IPC sockets rather than unencrypted TCP
  (``hooks/jupyter/jupyter_nbconvert_config.json``).

- mkdocs-jupyter's notebook template adds ``<script>`` tags for MathJax 2 and
  Mermaid from public CDNs (or with an empty ``src``); they are removed, so lab
  pages use the site's own MathJax (``hooks/offline.py``) and stay offline.
- Its heading ids come from an ASCII-only slug function, so Chinese headings
  get empty or numeric ids that do not match the page's table of contents.
  Headings are given the same Unicode slugs as Markdown pages
  (``pymdownx.slugs``), and the table of contents is rebuilt from them.
- In Chinese, a line break inside running text must not become a space: in
  Markdown cells, breaks between two CJK characters are removed (what
  ``hooks/i18n.py`` does for Markdown pages); code cells and outputs are left
  as they are.
- Next to each lab page, the build writes the lab as a Jupyter notebook
  (``<name>.ipynb``, converted by Jupytext); mkdocs-jupyter's ``include_source``
  copies the ``.py`` source. ``overrides/main.html`` links both.
"""

import hashlib
import html
import os
import re
import shutil
from pathlib import Path

import jupytext

from mkdocs.structure.toc import get_toc
from pymdownx.slugs import slugify

ROOT = Path(__file__).resolve().parent.parent
SLUGIFY = slugify(case="lower")
FOREIGN_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc=[\"'](?:https?:)?//[^>]*>\s*</script>"
    r"|<script\b[^>]*\bsrc=[\"']\s*[\"'][^>]*>\s*</script>"
    r"|<script\b[^>]*type=[\"']text/x-mathjax-config[\"'][^>]*>.*?</script>"
    r"|<script\b[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*?</script>",
    re.S | re.I,
)
CJK = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
CJK_BREAK = re.compile(rf"(?<={CJK})[ \t]*\n\s*(?={CJK})")
CELL = re.compile(r'(?=<div class="jp-Cell jp-)')
HEADING = re.compile(
    r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.S)


def snippets_digest():
    """Short hash of every file under ``snippets/`` (labs import them)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "snippets").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def prepend_env_path(name, path):
    """Put ``path`` first on the os.pathsep-separated environment variable ``name``."""
    paths = [p for p in os.environ.get(name, "").split(os.pathsep) if p and p != str(path)]
    os.environ[name] = os.pathsep.join([str(path)] + paths)


def on_config(config):
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        lang = config.theme["language"]
        base = ROOT / ".cache" / "mkdocs-jupyter"
        cache_dir = base / f"{lang}-{snippets_digest()}"
        for old in base.glob(f"{lang}-*"):
            if old != cache_dir:
                shutil.rmtree(old, ignore_errors=True)
        jupyter.config["cache_dir"] = str(cache_dir)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    prepend_env_path("PYTHONPATH", ROOT)
    prepend_env_path("JUPYTER_CONFIG_PATH", ROOT / "hooks" / "jupyter")
    return config


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


def join_cjk_breaks(content):
    """Remove line breaks between two CJK characters in Markdown cells only."""
    return "".join(CJK_BREAK.sub("", cell) if "jp-MarkdownCell" in cell[:80] else cell
                   for cell in CELL.split(content))


def on_page_content(content, page, config, files):
    if not is_notebook(page):
        return content
    if config.theme["language"] != "en":
        content = join_cjk_breaks(content)
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
