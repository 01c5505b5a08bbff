"""MkDocs hook: every page works with the network switched off.

- MathJax 3 is served from the site itself (``assets/mathjax/``), copied from the
  pinned ``django-static-mathjax`` package (MathJax 3.2.2, Apache-2.0); the
  site's MathJax settings are in ``overrides/assets/javascripts/mathjax.js``.
- Notebook pages are cleaned of their CDN scripts in ``hooks/notebooks.py``.
"""

from pathlib import Path

import mathjax
from mkdocs.structure.files import File

MATHJAX = Path(mathjax.__file__).resolve().parent / "static" / "mathjax" / "es5"
MATHJAX_FILES = ["tex-chtml.js"] + [
    p.relative_to(MATHJAX).as_posix()
    for p in sorted((MATHJAX / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
]


def on_files(files, config):
    for name in MATHJAX_FILES:
        files.append(File(name, src_dir=str(MATHJAX), dest_dir=config.site_dir,
                          use_directory_urls=False, dest_uri=f"assets/mathjax/{name}"))
    return files
