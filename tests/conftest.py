"""Fixtures shared by the site tests: one strict build of the whole site per session."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


class BuiltSite:
    """The result of ``mkdocs build --strict``: its output directory and log."""

    def __init__(self, path, returncode, log):
        self.path, self.returncode, self.log = path, returncode, log

    def pages(self, lang):
        """Built HTML pages of one language, as paths relative to that language's root."""
        root = self.root(lang)
        found = {p.relative_to(root).as_posix() for p in root.rglob("*.html")}
        if lang == "en":
            found = {p for p in found if not p.startswith("zh/")}
        return sorted(found)

    def root(self, lang):
        return self.path if lang == "en" else self.path / lang


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    return BuiltSite(out, proc.returncode, proc.stdout + proc.stderr)
