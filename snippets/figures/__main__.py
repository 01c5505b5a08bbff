"""Render figure modules: ``python -m snippets.figures MODULE=OUT_DIR ...``."""

import sys

from snippets.figures import render

for arg in sys.argv[1:]:
    module_name, _, out_dir = arg.partition("=")
    render(module_name, out_dir)
