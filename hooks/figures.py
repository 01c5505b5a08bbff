"""MkDocs hook: draw the figures (and compute the tables) of ``snippets/figures``
and add them to the site.

A figure module's output is cached under ``.cache/figures/<key>/``, where the key
hashes the module's source, the source of every ``snippets`` module it imports
(recursively), and the NumPy and Matplotlib versions. A build in which none of
that changed draws nothing. Modules whose key changed are drawn in fresh
interpreters (so ``mkdocs serve`` never sees stale imports), one per core,
for both languages at once; each language's build then adds its own files as
``figures/<name>.svg``, and replaces each line ``<!-- table: <name> -->`` of a
page with the Markdown table ``<name>`` in the page's language (a name with no
table fails the build).
"""

import ast
import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
FIGURE_DIR = ROOT / "snippets" / "figures"
CACHE = ROOT / ".cache" / "figures"
SHARED = ("__init__.py", "__main__.py", "style.py")
TABLE_MARKER = re.compile(r"^<!-- table: ([\w-]+) -->$", re.M)
log = logging.getLogger("mkdocs.hooks.figures")
tables = {}  # table name -> Markdown file in this build's language


def snippet_imports(path):
    """Paths of the ``snippets`` modules that the module at ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name.split(".")[0] != "snippets":
                continue
            candidate = ROOT.joinpath(*name.split(".")).with_suffix(".py")
            if candidate.is_file():
                found.add(candidate)
    return found


def module_key(path):
    """Hash of a figure module, everything it imports from ``snippets``, and versions."""
    todo, seen = [path] + [FIGURE_DIR / name for name in SHARED], set()
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(snippet_imports(current))
    digest = hashlib.sha256(f"numpy={version('numpy')} mpl={version('matplotlib')}".encode())
    for dep in sorted(seen):
        digest.update(str(dep.relative_to(ROOT)).encode() + b"\0" + dep.read_bytes())
    return digest.hexdigest()[:16]


def figure_modules():
    """Names of the figure modules (``c1w2`` for ``snippets/figures/c1w2.py``)."""
    return sorted(p.stem for p in FIGURE_DIR.glob("*.py") if p.name not in SHARED)


def ensure_figures():
    """Draw what is stale; return {module: cache directory} for every module."""
    dirs = {m: CACHE / f"{m}-{module_key(FIGURE_DIR / f'{m}.py')}" for m in figure_modules()}
    stale = [m for m, d in dirs.items() if not (d / "complete").is_file()]
    if stale:
        # a fresh interpreter per worker, one worker per core, modules dealt out in turn
        log.info("Drawing figures of: %s", ", ".join(stale))
        workers = min(len(stale), os.cpu_count() or 1)
        procs = [subprocess.Popen([sys.executable, "-m", "snippets.figures"]
                                  + [f"{m}={dirs[m]}" for m in stale[i::workers]], cwd=ROOT)
                 for i in range(workers)]
        if any(proc.wait() != 0 for proc in procs):
            raise PluginError("drawing the figures failed (see the traceback above)")
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
