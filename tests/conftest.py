"""Fixtures shared by the site tests: one strict build of the whole site per test run.

The build starts in the background as soon as the tests are collected (when any
of them needs the built site), while the other tests run. Under pytest-xdist
only the first worker builds; every worker waits for that one build. When the run measures
coverage, the build draws figure modules under coverage.py too
(``DL_NOTES_COVERAGE``, see ``hooks/figures.py``), and the data kept beside each
module's figures is handed to pytest-cov, which combines ``.coverage.*`` files:
figure code counts as run without being drawn a second time by the tests.
"""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
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


def build(out, measure):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    if measure:
        env["DL_NOTES_COVERAGE"] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    return proc.returncode, proc.stdout + proc.stderr


def hand_figure_coverage_to_pytest_cov():
    """Copy each figure module's cached coverage data where pytest-cov combines it."""
    from hooks.figures import COVERAGE_FILE, cache_dirs  # noqa: PLC0415

    for module, cache_dir in cache_dirs().items():
        data = cache_dir / COVERAGE_FILE
        if data.is_file():
            shutil.copyfile(data, ROOT / f".coverage.figures-{module}-{os.getpid()}")


def shared_dir(tmp_path_factory):
    """This test run's temporary directory, the same for every xdist worker (pytest
    keeps the last few runs' and removes older ones)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_in_background(out, measure):
    """Build into ``out``; write ``site.json`` (return code, log) there when done."""

    def work():
        returncode, log = 1, "the build did not run"
        try:
            returncode, log = build(out / "site", measure)
            if measure:
                hand_figure_coverage_to_pytest_cov()
        finally:
            partial = out / "site.json.partial"
            partial.write_text(json.dumps([returncode, log]))
            partial.replace(out / "site.json")

    threading.Thread(target=work, daemon=True).start()


def measuring(config):
    """Whether this run measures coverage (pytest-cov with a source)."""
    return bool(config.pluginmanager.hasplugin("_cov") and config.getoption("cov_source", None))


def needs_the_site(item):
    """Whether a test uses the built site (directly or through another fixture)."""
    return "built_site" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(session, config, items):
    """Tests that need the built site run last (a stable sort: the same order in every
    xdist worker), so that the others keep both cores busy while the site builds."""
    items.sort(key=needs_the_site)


def pytest_collection_finish(session):
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        return
    if any(needs_the_site(item) for item in session.items):
        # the tmp_path_factory fixture's object, which pytest keeps on the config
        build_in_background(shared_dir(session.config._tmp_path_factory),
                            measuring(session.config))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    out = shared_dir(tmp_path_factory)
    result = out / "site.json"
    deadline = time.monotonic() + 1800
    while not result.is_file():
        assert time.monotonic() < deadline, "the site build did not finish in 30 minutes"
        time.sleep(0.2)
    returncode, log = json.loads(result.read_text())
    return BuiltSite(out / "site", returncode, log)


@pytest.fixture(scope="session")
def drawn(built_site):
    """{figure module: the directory where the site build wrote its figures and tables}.

    Tests that check a number a figure's run produced read it from there (the
    tables are Markdown files ``<name>.<lang>.md``) instead of computing it again."""
    assert built_site.returncode == 0, built_site.log[-2000:]
    from hooks.figures import cache_dirs  # noqa: PLC0415

    return cache_dirs()
