"""MkDocs hook: the theme's Jinja templates are compiled once, not in every build.

Each build process (one per language) compiled Material's templates again, about
fifty of them. Jinja's own ``FileSystemBytecodeCache`` keeps the compiled code in
``.cache/jinja``, keyed by each template's name and source (and Jinja's and
Python's versions), so a changed template is compiled again.
"""

from pathlib import Path

import jinja2

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "jinja"


def on_env(env, config, files):
    CACHE.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(CACHE))
    return env
