"""The Pyodide files behind the Run buttons: fetched once, pinned, verified, served.

``scripts/pyodide_assets.py`` (``make pyodide``) fills ``.cache/pyodide/<version>/``;
``hooks/pyodide.py`` checks it, serves it at ``pyodide/`` and zips ``snippets/``.
The browser side is tests/test_run_in_page.py.
"""

import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from hooks import pyodide as hook
from scripts import pyodide_assets as assets

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path):
    """A copy of the real cache (hard links: nothing is copied), to break at will."""
    problems = assets.problems()
    assert not problems, problems  # `make pyodide` ran (make test depends on it)
    copy = tmp_path / assets.VERSION
    copy.mkdir()
    for name in assets.wanted():
        os.link(assets.CACHE / name, copy / name)
    return copy


def test_the_served_files_are_the_runtime_and_the_closure_of_numpy_matplotlib_micropip():
    lock = json.loads((assets.CACHE / assets.LOCK).read_text(encoding="utf-8"))
    assert lock["info"]["version"] == assets.VERSION == "0.27.7"
    packages = assets.closure(lock)
    assert {"numpy", "matplotlib", "micropip", "six", "pillow", "matplotlib-pyodide"} <= set(packages)
    assert "scipy" not in packages and "pandas" not in packages
    for entry in packages.values():  # every dependency of a served package is served
        assert set(entry["depends"]) <= set(packages), entry["name"]
    wanted = assets.wanted()
    assert set(assets.RUNTIME) <= set(wanted)
    assert {packages[n]["file_name"] for n in packages} == set(wanted) - set(assets.RUNTIME)
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in wanted.values())
    size = sum((assets.CACHE / name).stat().st_size for name in wanted)
    assert 20e6 < size < 35e6, size


def test_a_second_run_downloads_nothing(cache, monkeypatch):
    def download(url, expected):
        raise AssertionError(f"downloaded {url}")

    monkeypatch.setattr(assets, "download", download)
    assert assets.ensure(cache) is False
    assert assets.problems(cache) == []


def test_a_missing_or_altered_file_is_fetched_again_and_checked(cache, monkeypatch):
    wheel = next(name for name in assets.wanted(cache) if name.startswith("numpy-"))
    (cache / wheel).unlink()
    (cache / "pyodide.js").unlink()
    (cache / "pyodide.js").write_text("altered")
    assert any(wheel in p for p in assets.problems(cache))
    assert any("pyodide.js" in p for p in assets.problems(cache))
    fetched = []

    def download(url, check):  # the real files, as the registries serve them
        fetched.append(url)
        name = "pyodide.js" if url == assets.NPM["url"] else wheel
        return (assets.CACHE / name).read_bytes()

    monkeypatch.setattr(assets, "download", download)
    monkeypatch.setattr(assets, "fetch_runtime", lambda c: assets.write(
        c / "pyodide.js", download(assets.NPM["url"], None), assets.RUNTIME["pyodide.js"]))
    monkeypatch.setattr(assets, "fetch_wheels", lambda c, names: [
        assets.write(c / n, download(assets.WHEELS["url"], None), h) for n, h in names.items()])
    assert assets.ensure(cache) is True
    assert fetched == [assets.NPM["url"], assets.WHEELS["url"]]
    assert assets.problems(cache) == []


def test_downloads_are_checked_against_the_pins():
    assert "sha512" in assets.npm_check(b"not the tarball")
    assert "sha256" in assets.wheels_check(b"not the wheel")
    with pytest.raises(assets.AssetError, match="sha256"):
        assets.write(Path("/nonexistent/x.whl"), b"data", "0" * 64)


def test_the_build_fails_naming_a_missing_or_altered_file(cache):
    assert set(hook.check_assets(cache)) == set(assets.wanted())
    wheel = next(name for name in assets.wanted(cache) if name.startswith("matplotlib-3"))
    (cache / wheel).unlink()
    with pytest.raises(PluginError, match=re.escape(wheel) + ".*make pyodide"):
        hook.check_assets(cache)
    (cache / wheel).write_bytes(b"altered")
    with pytest.raises(PluginError, match=re.escape(wheel) + " is altered"):
        hook.check_assets(cache)
    (cache / assets.LOCK).unlink()
    with pytest.raises(PluginError, match="missing .*pyodide-lock.json"):
        hook.check_assets(cache)


def test_snippets_are_zipped_once_per_content(tmp_path):
    package = tmp_path / "src" / "snippets"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text('"""Package."""\n')
    (package / "a.py").write_text("X = 1\n")
    (package / "data" / "t.txt").write_text("text\n")
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    first = hook.snippets_zip(package, tmp_path / "cache")
    first_bytes = first.read_bytes()
    assert hook.snippets_zip(package, tmp_path / "cache") == first
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == ["snippets/__init__.py", "snippets/a.py", "snippets/data/t.txt"]
        assert archive.read("snippets/a.py") == b"X = 1\n"
    (package / "a.py").write_text("X = 2\n")
    second = hook.snippets_zip(package, tmp_path / "cache")
    assert second != first and not first.exists()  # the old zip goes
    (package / "a.py").write_text("X = 1\n")
    again = hook.snippets_zip(package, tmp_path / "cache")  # the same sources: the same bytes
    assert again.name == first.name and again.read_bytes() == first_bytes


def test_the_real_snippets_zip_holds_what_labs_import():
    with zipfile.ZipFile(hook.snippets_zip()) as archive:
        names = set(archive.namelist())
    assert {"snippets/__init__.py", "snippets/datasets.py", "snippets/figures/style.py",
            "snippets/data/harbour.txt"} <= names
    assert not any("__pycache__" in n for n in names)


def test_each_language_finds_the_one_copy_of_the_runtime():
    class Config:
        def __init__(self, lang):
            self.theme, self.extra = {"language": lang}, {}

    en, zh = Config("en"), Config("zh")
    for config in (en, zh):
        hook.on_config(config)
        hook.on_pre_build(config)
    assert en.extra["run"]["runtime"] == "pyodide/" and zh.extra["run"]["runtime"] == "../pyodide/"
    assert en.extra["run"]["snippets"] == "pyodide/" + hook.snippets_zip().name
    assert zh.extra["run"]["snippets"] == "../" + en.extra["run"]["snippets"]
    assert en.extra["run"]["imports"]["numpy"] == "numpy"
    assert en.extra["run"]["imports"]["PIL"] == "pillow"


def test_make_fetches_pyodide_before_build_serve_and_test():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^pyodide: .*\n\t.*scripts/pyodide_assets\.py$", makefile, re.M)
    for target in ("build", "serve", "test"):
        assert re.search(rf"^{target}: .*\bpyodide\b", makefile, re.M), target
    assert "make pyodide" in (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert ".cache/" in (ROOT / ".gitignore").read_text(encoding="utf-8")
