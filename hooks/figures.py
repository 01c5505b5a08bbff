"""MkDocs hook: the figures and tables of ``snippets/figures``, added to the site.

A figure module's output is cached under ``.cache/figures/<module>-<key>/``, where
the key (``hooks/jobs.py``) hashes the module's source, the source of every
``snippets`` module it imports (recursively), and the NumPy and Matplotlib
versions. A build in which none of that changed draws nothing. Stale modules are
drawn before the English build starts, in parallel with stale labs
(``hooks/generate.py``), by fresh interpreters, both languages at once; each
language's build then adds its own files as ``figures/<name>.svg``, and replaces
each line ``<!-- table: <name> -->`` of a page with the Markdown table
``<name>`` in the page's language (a name with no table fails the build).

When ``DL_NOTES_COVERAGE`` is set (the test suite's builds), modules are drawn
under coverage.py and the data is kept beside the figures (``coverage``), so the
tests count figure code as run without drawing it a second time; a cached module
without that data is then drawn again. Only ``snippets/figures`` is measured
there: the topic modules they call (training loops, mostly) are covered by their
own unit tests, and tracing them line by line made drawing several times slower.
"""

import os
import re
import shutil
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # workers import hooks.jobs and snippets from the checkout
    sys.path.insert(0, str(ROOT))

from hooks import jobs  # noqa: E402

FIGURE_DIR = ROOT / "snippets" / "figures"
CACHE = ROOT / ".cache" / "figures"
SHARED = ("__init__.py", "style.py")
TABLE_MARKER = re.compile(r"^<!-- table: ([\w-]+) -->$", re.M)
COVERAGE_FILE = "coverage"
tables = {}  # table name -> Markdown file in this build's language


def measuring():
    """Whether figure modules are drawn under coverage (the test suite's builds)."""
    return bool(os.environ.get("DL_NOTES_COVERAGE"))


def module_key(path):
    """Hash of a figure module, everything it imports from ``snippets``, and versions."""
    return jobs.key([path] + [FIGURE_DIR / name for name in SHARED], ROOT)


def figure_modules():
    """Names of the figure modules (``c1w2`` for ``snippets/figures/c1w2.py``)."""
    return sorted(p.stem for p in FIGURE_DIR.glob("*.py")
                  if p.name not in SHARED and p.name != "__main__.py")


def cache_dirs():
    """{module: its cache directory for today's sources}."""
    return {m: CACHE / f"{m}-{module_key(FIGURE_DIR / f'{m}.py')}" for m in figure_modules()}


def is_fresh(cache_dir):
    return (cache_dir / "complete").is_file() and (
        not measuring() or (cache_dir / COVERAGE_FILE).is_file())


def stale_jobs():
    """Jobs (for ``jobs.run``) that draw every module whose cache is stale."""
    stale = {}
    for module, cache_dir in cache_dirs().items():
        if not is_fresh(cache_dir):
            shutil.rmtree(cache_dir, ignore_errors=True)  # no half-written leftovers
            job = ("snippets.figures:render", (module, str(cache_dir)))
            if measuring():
                job = ("hooks.jobs:measured", (str(cache_dir / COVERAGE_FILE), str(FIGURE_DIR / "*"), *job))
            stale[f"figures {module}"] = job
    return stale


def ensure_figures():
    """Draw what is stale; remove what no source needs; return {module: cache directory}."""
    dirs = cache_dirs()
    try:
        jobs.run(stale_jobs())
    except Exception as error:
        raise PluginError(f"drawing the figures failed: {error!r}") from error
    keep = {d.name for d in dirs.values()}
    for old in CACHE.glob("*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    return dirs


def on_files(files, config):
    lang = config.theme["language"]
    tables.clear()
    for cache_dir in ensure_figures().values():
        for svg in sorted(cache_dir.glob(f"*.{lang}.svg")):
            name = svg.name[: -len(f".{lang}.svg")]
            files.append(File.generated(config, f"figures/{name}.svg", abs_src_path=str(svg)))
        for table in sorted(cache_dir.glob(f"*.{lang}.md")):
            tables[table.name[: -len(f".{lang}.md")]] = table
    return files


def insert_table(match):
    name = match.group(1)
    if name not in tables:
        raise PluginError(f"no table named {name!r} in snippets/figures (TABLES)")
    return tables[name].read_text(encoding="utf-8").strip()


def on_page_markdown(markdown, page, config, files):
    return TABLE_MARKER.sub(insert_table, markdown)
