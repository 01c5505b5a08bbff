"""Figures drawn while the site builds, one module per course week.

Each module ``cNwM.py`` defines ``FIGURES``: a dict from a figure's name to a
function ``draw(lang) -> matplotlib.figure.Figure`` whose labels are in
``lang`` ("en" or "zh"). It may also define ``TABLES``: a dict from a table's
name to a function ``make(lang) -> str`` returning a Markdown table computed by
the snippets, so that numbers on a page cannot drift from the code.
``render(module, out_dir)`` (or ``python -m snippets.figures MODULE=OUT_DIR ...``)
writes ``OUT_DIR/<name>.<lang>.svg`` and ``OUT_DIR/<name>.<lang>.md`` for every
figure and table of the module and both languages; the MkDocs hook
``hooks/figures.py`` calls it for modules whose code changed, reuses the files
otherwise, serves figures at ``figures/<name>.svg`` and replaces a line
``<!-- table: <name> -->`` in a page with the table in the page's language.

A module may also list in ``RESULTS`` the names of its (cached) functions
without arguments whose results its figures and tables show, such as a trained
model's measurements. ``render`` saves each one's return value as
``OUT_DIR/<function>.pickle``, so that tests check the numbers of the very run
that drew the figures (``stored(out_dir, function)``) instead of training again.
"""

import importlib
import pickle
from pathlib import Path

LANGS = ("en", "zh")


def render(module_name, out_dir):
    """Write every figure and table of ``snippets.figures.<module_name>`` to ``out_dir``."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")  # files only, never a window
    from snippets.figures.style import save  # noqa: PLC0415

    module = importlib.import_module(f"snippets.figures.{module_name}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, draw in module.FIGURES.items():
        for lang in LANGS:
            save(draw(lang), out_dir / f"{name}.{lang}.svg")
    for name, make in getattr(module, "TABLES", {}).items():
        for lang in LANGS:
            (out_dir / f"{name}.{lang}.md").write_text(make(lang), encoding="utf-8")
    for function in getattr(module, "RESULTS", ()):
        with open(out_dir / f"{function}.pickle", "wb") as file:
            pickle.dump(getattr(module, function)(), file)
    names = list(module.FIGURES) + list(getattr(module, "TABLES", {}))
    (out_dir / "complete").write_text("\n".join(names) + "\n")


def stored(out_dir, function):
    """What ``render`` saved of ``function()`` in ``out_dir`` (see ``RESULTS``)."""
    with open(Path(out_dir) / f"{function}.pickle", "rb") as file:
        return pickle.load(file)
