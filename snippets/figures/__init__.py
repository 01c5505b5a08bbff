"""Figures drawn while the site builds, one module per course week.

Each module ``cNwM.py`` defines ``FIGURES``: a dict from a figure's name to a
function ``draw(lang) -> matplotlib.figure.Figure`` whose labels are in
``lang`` ("en" or "zh"). It may also define ``TABLES``: a dict from a table's
name to a function ``make(lang) -> str`` returning a Markdown table computed by
the snippets, so that numbers on a page cannot drift from the code.
``python -m snippets.figures MODULE=OUT_DIR ...`` writes
``OUT_DIR/<name>.<lang>.svg`` and ``OUT_DIR/<name>.<lang>.md`` for every figure
and table of every named module and both languages; the MkDocs hook
``hooks/figures.py`` calls it for modules whose code changed, reuses the files
otherwise, serves figures at ``figures/<name>.svg`` and replaces a line
``<!-- table: <name> -->`` in a page with the table in the page's language.
"""

LANGS = ("en", "zh")
