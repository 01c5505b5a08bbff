"""MkDocs hook: before the English build, compute whatever is stale, all at once.

Stale figure modules (``hooks/figures.py``) and stale labs of both languages
(``hooks/notebooks.py``) are one pool of jobs, run by ``hooks/jobs.py`` in
parallel fresh interpreters, longest first. The English and Chinese builds then
only read the caches. (The Chinese site, built on its own, computes what it
needs the same way.)
"""

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hooks import figures, jobs, notebooks  # noqa: E402


def on_pre_build(config):
    jupyter = config.plugins.get("mkdocs-jupyter")
    langs = ("en", "zh") if config.theme["language"] == "en" else (config.theme["language"],)
    todo = figures.stale_jobs()
    if jupyter is not None:
        todo.update(notebooks.stale_jobs(jupyter.config, langs))
    try:
        jobs.run(todo)
    except Exception as error:
        raise PluginError(f"computing figures and labs failed: {error!r}") from error
