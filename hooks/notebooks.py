"""MkDocs hook: run and tidy the lab pages that mkdocs-jupyter renders.

- Labs are cached per lab and per language, keyed like the figures
  (``hooks/jobs.py``): the notebook, every ``snippets`` module it imports
  (recursively) and the versions. mkdocs-jupyter's own key covers only the
  notebook and its settings, so the hook folds the lab's key into it
  (``lab_cache_key``); each language has its own cache directory
  (``.cache/labs/<lang>``), where mkdocs-jupyter evicts what no lab uses.
- Stale labs are executed before the English build starts, in parallel with
  stale figures (``hooks/generate.py``, ``execute_lab``), and both languages'
  builds then find them cached. What is executed is the lab as a reader
  downloads it (below), in a temporary directory outside the repository, with
  no path to this checkout: the page shows that run, so one execution both
  renders the page and proves that the download runs on its own.
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
- Figures in a lab's output get the alt text of the code cell that drew them:
  the cell's Jupytext metadata ``alt`` (``# %% alt="..."``), in the lab's
  language. A lab figure without one fails the build.
- The notebook template inlines JupyterLab's stylesheet (over 0.5 MB) in every
  lab page; it is moved into one shared file per language
  (``assets/stylesheets/jupyter-<hash>.css``) that each lab page links.
- Code cells scroll sideways when a line is long: they are made focusable, so
  a keyboard can reach and scroll them (WCAG's scrollable-region rule).
- Next to each lab page, the build writes the lab as a Jupyter notebook
  (``<name>.ipynb``, converted by Jupytext) and as its Jupytext source
  (``<name>.py``, replacing the plain copy that mkdocs-jupyter's
  ``include_source`` makes), both self-contained: the ``snippets`` code the lab
  imports is inlined (``hooks/standalone.py``). ``overrides/main.html`` links both.
"""

import hashlib
import html
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import jupytext
import mkdocs_jupyter.plugin
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import get_toc
from pymdownx.slugs import slugify

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # workers import hooks.notebooks from the checkout
    sys.path.insert(0, str(ROOT))

from hooks import jobs, standalone  # noqa: E402

CACHE = ROOT / ".cache" / "labs"
STANDALONE = ROOT / "hooks" / "standalone.py"  # what a lab's download (the run shown) adds
KEY_PACKAGES = ("nbconvert", "nbclient", "mkdocs-jupyter", "ipykernel")
NBCONVERT_OPTIONS = ("kernel_name", "theme", "allow_errors", "show_input", "no_input",
                     "no_prompt", "remove_tag_config", "highlight_extra_classes",
                     "include_requirejs", "custom_mathjax_url")
PLACEHOLDER_ALT = "No description has been provided for this image"
SCROLLABLE = re.compile(r'(<div class="highlight-ipynb[^"]*")(?![^>]*tabindex)')
LARGE_STYLE = re.compile(r"<style[^>]*>([^<]{20000,})</style>")
SLUGIFY = slugify(case="lower")
FOREIGN_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc=[\"'](?:https?:)?//[^>]*>\s*</script>"
    r"|<script\b[^>]*\bsrc=[\"']\s*[\"'][^>]*>\s*</script>"
    r"|<script\b[^>]*type=[\"']text/x-mathjax-config[\"'][^>]*>.*?</script>"
    r"|<script\b[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*?</script>",
    re.S | re.I,
)
CELL_HEADER = re.compile(r"^# %%(.*)$", re.M)
CELL_KIND = re.compile(r"^\s*\[(markdown|md|raw)\]")
ALT = re.compile(r'\balt=("(?:[^"\\]|\\.)*")')
CJK = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
CJK_BREAK = re.compile(rf"(?<={CJK})[ \t]*\n\s*(?={CJK})")
CELL = re.compile(r'(?=<div class="jp-Cell jp-)')
HEADING = re.compile(
    r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.S)


# the plugin's own key function (this hook is loaded once per language: patch once)
PLUGIN_KEY = getattr(mkdocs_jupyter.plugin._compute_cache_key, "unpatched",
                     mkdocs_jupyter.plugin._compute_cache_key)


def lab_cache_key(nb_path, config, exec_nb):
    """mkdocs-jupyter's cache key, extended with the lab's snippets and versions."""
    return PLUGIN_KEY(nb_path, config, exec_nb) + "-" + jobs.key(
        [Path(nb_path), STANDALONE], ROOT, extra=KEY_PACKAGES)


# mkdocs-jupyter 0.26.3 computes the key with this module-level function
lab_cache_key.unpatched = PLUGIN_KEY
mkdocs_jupyter.plugin._compute_cache_key = lab_cache_key


def labs(lang):
    """Source paths of the labs of one language."""
    return sorted((ROOT / "docs" / lang).glob("course-*/lab-*.py"))


def stale_jobs(plugin_config, langs=("en", "zh")):
    """Jobs (for ``jobs.run``) that execute every lab, in every language, whose cache
    entry is missing. ``plugin_config`` is mkdocs-jupyter's (the same in each language)."""
    options = {name: plugin_config[name] for name in NBCONVERT_OPTIONS}
    stale = {}
    for lang in langs:
        for lab in labs(lang):
            path = CACHE / lang / f"{lab_cache_key(str(lab), plugin_config, True)}.json"
            if not path.is_file():
                stale[f"lab {lang}/{lab.parent.name}/{lab.stem}"] = (
                    "hooks.notebooks:execute_lab",
                    (str(lab), str(path), options, plugin_config["toc_depth"]))
    return stale


# Run before and after the downloaded lab's own cells (and removed from the page): what
# the kernel sees, recorded in the cache entry for tests/test_offline.py
CHECK_BEFORE = ("import importlib.util as _util, json as _json, os as _os\n"
                "print(_json.dumps({'checkout_importable': _util.find_spec('snippets') is not None,"
                " 'cwd': _os.getcwd()}))\n"
                "del _util, _json, _os")
CHECK_AFTER = ("import json as _json, snippets as _snippets\n"
               "print(_json.dumps({'snippets': _snippets.__file__}))\n"
               "del _json, _snippets")
APPENDED_CSS = re.compile(r"\s*<style>[^<]*</style>\s*$")


def code_digest(notebook):
    """Hash of a notebook's code cells, in order."""
    digest = hashlib.sha256()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            digest.update(cell.source.encode() + b"\0")
    return digest.hexdigest()


def run_download(source, lang, folder, kernel_name):
    """Execute the lab as a reader downloads it (``hooks/standalone.py``: the ``snippets``
    it uses inlined) in ``folder``, a directory outside the repository, in a kernel whose
    environment cannot import this checkout. Return (the executed notebook without the
    inlined cell, a record of the run: the download's code hash and what the kernel saw)."""
    from nbclient import NotebookClient  # noqa: PLC0415
    from nbconvert.nbconvertapp import NbConvertApp  # noqa: PLC0415
    from nbformat.v4 import new_code_cell  # noqa: PLC0415

    notebook = standalone.standalone_notebook(source, lang)
    record = {"code": code_digest(notebook)}
    notebook.cells.insert(0, new_code_cell(CHECK_BEFORE))
    notebook.cells.append(new_code_cell(CHECK_AFTER))
    app = NbConvertApp()
    app.load_config_file()  # hooks/jupyter: the kernel's IPC sockets
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "JUPYTER_CONFIG_PATH")}
    NotebookClient(notebook, config=app.config, timeout=600, kernel_name=kernel_name,
                   allow_errors=False, resources={"metadata": {"path": str(folder)}}).execute(env=env)
    for cell in (notebook.cells.pop(0), notebook.cells.pop()):
        record.update(json.loads(cell.outputs[0]["text"]))
    notebook.cells = [c for c in notebook.cells if "_SNIPPETS = {" not in c.source]
    code = [c for c in notebook.cells if c.cell_type == "code"]
    for count, cell in enumerate(code, start=1):  # "In [1]" is the lab's first cell
        cell.execution_count = count
        for output in cell.outputs:
            if "execution_count" in output:
                output["execution_count"] = count
    return notebook, record


def execute_lab(source, cache_path, options, toc_depth):
    """In a worker: execute and render one lab, and write mkdocs-jupyter's cache entry.

    The page shows the run of the download itself (``run_download``), so that one
    execution serves both: the entry records it under ``"download_run"``."""
    import nbformat  # noqa: PLC0415
    from mkdocs_jupyter import convert  # noqa: PLC0415

    source = Path(source)
    lang = source.relative_to(ROOT / "docs").parts[0]
    with tempfile.TemporaryDirectory(prefix="dl-notes-lab-") as folder:
        notebook, record = run_download(source, lang, folder, options["kernel_name"])
        executed = Path(folder) / f"{source.stem}.ipynb"
        nbformat.write(notebook, executed)
        # rendered from an .ipynb, mkdocs-jupyter appends the template's stylesheet a second time
        body = APPENDED_CSS.sub("", convert.nb2html(str(executed), execute=False, **options))
    toc_tokens, title = mkdocs_jupyter.plugin._get_nb_toc_tokens(str(source), toc_depth)
    path = Path(cache_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps({"content": body, "toc_tokens": toc_tokens, "title": title,
                                   "download_run": record}), encoding="utf-8")
    partial.replace(path)  # a build never reads a half-written entry


def prepend_env_path(name, path):
    """Put ``path`` first on the os.pathsep-separated environment variable ``name``."""
    paths = [p for p in os.environ.get(name, "").split(os.pathsep) if p and p != str(path)]
    os.environ[name] = os.pathsep.join([str(path)] + paths)


def on_config(config):
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter.config["cache_dir"] = str(CACHE / config.theme["language"])
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


def cell_alts(source):
    """The ``alt`` metadata of each code cell of a Jupytext percent-format lab, in order
    (``None`` where a cell has none): read from the cells' ``# %%`` headers, which is
    what Jupytext reads them from (the tests check both agree on every lab), without
    parsing the whole notebook on every build."""
    alts = []
    for header in CELL_HEADER.findall(source):
        if not CELL_KIND.search(header):
            alt = ALT.search(header)
            alts.append(json.loads(alt.group(1)) if alt else None)
    return alts


def label_figures(content, alts, name):
    """Give each output image the ``alt`` text (``cell_alts``) of the code cell that drew it."""
    parts, n = CELL.split(content), -1
    for i, part in enumerate(parts):
        opening = part[:part.find(">") + 1]
        if "jp-CodeCell" not in opening or " id=" not in opening:
            continue  # not a code cell (the template wraps each in an id-less twin)
        n += 1
        if "<img" in part:
            if not alts[n]:
                raise PluginError(f"{name}: code cell {n + 1} draws a figure but has no "
                                  'alt text (a Jupytext header: # %% alt="...")')
            parts[i] = part.replace(f'alt="{PLACEHOLDER_ALT}"', f'alt="{html.escape(alts[n])}"')
    if n + 1 != len(alts):
        raise PluginError(f"{name}: {n + 1} code cells on the page, {len(alts)} in the source")
    return "".join(parts)


def on_page_content(content, page, config, files):
    if not is_notebook(page):
        return content
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    content = label_figures(content, cell_alts(source), page.file.src_uri)
    if config.theme["language"] != "en":
        content = join_cjk_breaks(content)
    content = SCROLLABLE.sub(r'\1 tabindex="0"', content)  # keyboard users can scroll them
    content, tokens = reslug_headings(FOREIGN_SCRIPT.sub("", content))
    if tokens:
        page.toc = get_toc(nest(tokens))
    return content


def share_styles(output, page, site_dir):
    """Move the notebook template's large inline ``<style>`` blocks (JupyterLab's
    theme, over half a megabyte, the same on every lab page) into one stylesheet
    per language that the browser downloads once; link it from the page."""
    def link(match):
        css = match.group(1)
        name = f"jupyter-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        target = Path(site_dir) / "assets" / "stylesheets" / name
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")
        href = "../" * page.url.count("/") + f"assets/stylesheets/{name}"
        return f'<link rel="stylesheet" href="{href}">'

    return LARGE_STYLE.sub(link, output)


def on_post_page(output, page, config):
    if is_notebook(page) and page.file.src_uri.endswith(".py"):
        # after mkdocs-jupyter's on_post_page (hooks run after plugins): replaces
        # the plain copy of the .py source it made with the self-contained one
        theme = getattr(config, "theme", None) or {}
        standalone.cached_downloads(page.file.abs_src_path, theme.get("language", "en"),
                                    Path(page.file.abs_dest_path).parent,
                                    stem=Path(page.file.src_uri).stem)
        output = share_styles(output, page, config.site_dir)
    return output
