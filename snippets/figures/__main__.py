"""Render figure modules: ``python -m snippets.figures MODULE=OUT_DIR ...``."""

import importlib
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, never a window

from snippets.figures import LANGS  # noqa: E402
from snippets.figures.style import save  # noqa: E402


def render(module_name, out_dir):
    """Write ``<name>.<lang>.svg`` for every figure and ``<name>.<lang>.md`` for every
    table of ``snippets.figures.<module_name>``."""
    module = importlib.import_module(f"snippets.figures.{module_name}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, draw in module.FIGURES.items():
        for lang in LANGS:
            save(draw(lang), out_dir / f"{name}.{lang}.svg")
    for name, make in getattr(module, "TABLES", {}).items():
        for lang in LANGS:
            (out_dir / f"{name}.{lang}.md").write_text(make(lang), encoding="utf-8")
    names = list(module.FIGURES) + list(getattr(module, "TABLES", {}))
    (out_dir / "complete").write_text("\n".join(names) + "\n")


for arg in sys.argv[1:]:
    module_name, _, out_dir = arg.partition("=")
    render(module_name, out_dir)
