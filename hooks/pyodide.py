"""MkDocs hook: Run buttons on every Python code block and lab cell, offline.

Python runs in the reader's browser with Pyodide (CPython compiled to
WebAssembly), served by the site itself; nothing comes from another origin.

- The runtime and the wheels (NumPy, Matplotlib, micropip and their
  dependencies) are fetched once, pinned and verified, into
  ``.cache/pyodide/<version>/`` by ``scripts/pyodide_assets.py`` (``make pyodide``,
  which ``make build``, ``serve`` and ``test`` run first). The English build
  checks them (sha256: the runtime against the hashes pinned in the script, the
  wheels against the official ``pyodide-lock.json``) and serves them at
  ``pyodide/``; a missing or altered file fails the build, naming the file. The
  Chinese site (``site/zh/``) uses the same copy, at ``../pyodide/``.
- ``snippets/`` is served as one zip, ``pyodide/snippets-<hash>.zip``, made
  again only when a file under ``snippets/`` changed (cached by content in
  ``.cache/pyodide/``), so that a lab's ``from snippets... import`` works in the
  browser.
- ``overrides/main.html`` writes where these are (``config.extra.run``) into every
  page; ``overrides/assets/javascripts/run.js`` adds the buttons and, on the
  first press only, starts ``run-worker.js``, which loads Pyodide. A page that is
  never run loads none of it (the page-weight budget counts the page alone).
"""

import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import pyodide_assets  # noqa: E402

DEST = "pyodide"  # the runtime's directory in the (English) site
SNIPPETS = ROOT / "snippets"
verified = {}  # path -> (size, mtime) of a file whose sha256 was checked in this process


def snippet_files(root=SNIPPETS):
    """The files of the ``snippets`` package (sources and data), sorted."""
    return sorted(p for p in Path(root).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def snippets_zip(root=SNIPPETS, cache=pyodide_assets.CACHE.parent):
    """The zip of ``snippets/`` (members ``snippets/...``, fixed dates, so the same
    sources give the same bytes), made only when no zip of today's sources exists."""
    root, files = Path(root), snippet_files(root)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    target = Path(cache) / f"snippets-{digest.hexdigest()[:16]}.zip"
    if not target.is_file():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                info = zipfile.ZipInfo(path.relative_to(root.parent).as_posix(), (1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob("snippets-*.zip"):
            old.unlink()
        partial = target.with_suffix(".partial")
        partial.write_bytes(buffer.getvalue())
        partial.replace(target)
    return target


def check_assets(cache=pyodide_assets.CACHE):
    """{file name: path} of the Pyodide files to serve, each verified; raises
    PluginError naming every file that is missing or altered."""
    cache = Path(cache)
    hint = ("run `make pyodide` (scripts/pyodide_assets.py) to fetch and verify Pyodide "
            f"{pyodide_assets.VERSION} into {cache}")
    try:
        wanted = pyodide_assets.wanted(cache)
    except pyodide_assets.AssetError as error:
        raise PluginError(f"Pyodide for the Run buttons: {error}; {hint}") from None
    bad = []
    for name, expected in wanted.items():
        path = cache / name
        if not path.is_file():
            bad.append(f"missing {path}")
            continue
        stat = path.stat()
        if verified.get(path) != (stat.st_size, stat.st_mtime_ns):
            if pyodide_assets.sha256(path) != expected:
                bad.append(f"{path} is altered (its sha256 is not {expected})")
                continue
            verified[path] = (stat.st_size, stat.st_mtime_ns)
    if bad:
        raise PluginError("Pyodide for the Run buttons: " + "; ".join(bad) + f"; {hint}")
    return {name: cache / name for name in wanted}


def served_imports(cache=pyodide_assets.CACHE):
    """{import name: Pyodide package} for every package the site serves."""
    lock = json.loads((Path(cache) / pyodide_assets.LOCK).read_text(encoding="utf-8"))
    return {name: package for package, entry in pyodide_assets.closure(lock).items()
            for name in entry["imports"]}


def runtime_prefix(config):
    """Where ``pyodide/`` is, relative to the root of this language's site."""
    return "" if config.theme["language"] == "en" else "../"


def on_config(config):
    files = check_assets()  # fail before building anything
    prefix = runtime_prefix(config) + DEST + "/"
    config.extra["run"] = {
        "runtime": prefix,
        "snippets": "",  # on_pre_build: today's snippets/
        "imports": served_imports(),
        "version": pyodide_assets.VERSION,
        "bytes": sum(p.stat().st_size for p in files.values()),
    }
    return config


def on_pre_build(config):
    """(Every build: ``mkdocs serve`` rebuilds with the configuration it loaded once.)"""
    config.extra["run"]["snippets"] = runtime_prefix(config) + DEST + "/" + snippets_zip().name


def on_files(files, config):
    if runtime_prefix(config):
        return files  # the Chinese site uses the English site's copy
    assets = check_assets()
    zipped = snippets_zip()
    for name, path in [*assets.items(), (zipped.name, zipped)]:
        files.append(File(name, src_dir=str(path.parent), dest_dir=config.site_dir,
                          use_directory_urls=False, dest_uri=f"{DEST}/{name}"))
    return files
