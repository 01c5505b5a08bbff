"""Figures drawn while the site builds, one module per course week.

Each module ``cNwM.py`` defines ``FIGURES``: a dict from a figure's name to a
function ``draw(lang) -> matplotlib.figure.Figure`` whose labels are in
``lang`` ("en" or "zh"). ``python -m snippets.figures MODULE=OUT_DIR ...``
writes ``OUT_DIR/<name>.<lang>.svg`` for every figure of every named module and
both languages; the MkDocs hook ``hooks/figures.py`` calls it for modules whose
code changed and reuses the files otherwise.
"""

LANGS = ("en", "zh")
