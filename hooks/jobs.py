"""What the build computes, cached by what it depends on, and run in parallel.

Figures (``hooks/figures.py``) and labs (``hooks/notebooks.py``) are both
expensive and both depend on ``snippets`` modules. Each is cached under a key
that hashes its own source, the source of every ``snippets`` module it imports
(directly or through other snippets), and the versions of the packages that
shape its output. ``run`` does the stale ones in a pool of fresh interpreters,
one per core, longest first (by the time each took last), and records how long
each took in ``.cache/timings.json`` (``make bench`` prints it).
"""

import ast
import functools
import hashlib
import importlib
import json
import logging
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMINGS = ROOT / ".cache" / "timings.json"
VERSIONS = ("numpy", "matplotlib")
log = logging.getLogger("mkdocs.hooks.jobs")


def read_bytes(path):
    """The bytes of ``path``, read from disk once per process while its size and
    modification time stay the same (a build hashes each snippet for many keys;
    ``mkdocs serve`` rebuilds in the same process, so a changed file is read again)."""
    stat = Path(path).stat()
    return _read_bytes(Path(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1024)
def _read_bytes(path, mtime_ns, size):
    return path.read_bytes()


def snippet_imports(path, root=None):
    """Paths of the ``snippets`` modules that the Python file at ``path`` imports.

    Jupytext lab files are Python too; their cells' imports are found the same
    way (IPython magics are comments in the percent format).
    """
    root = root or ROOT
    found = set()
    for name in imported_names(read_bytes(path).decode("utf-8")):
        for candidate in (root.joinpath(*name.split(".")).with_suffix(".py"),
                          root.joinpath(*name.split("."), "__init__.py")):
            if candidate.is_file():
                found.add(candidate)
    return found


# an import statement naming ``snippets``, anywhere in a file (imports inside functions too),
# with its parenthesized list of names when it has one
SNIPPETS_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+snippets\b[\w.]*[ \t]+import[ \t]*(?:\([^)]*\)|[^\n]*)"
    r"|import[ \t]+snippets\b[^\n]*)", re.M)


@functools.lru_cache(maxsize=512)
def imported_names(source):
    """Dotted ``snippets...`` names that the Python ``source`` imports (or imports from),
    found once per distinct source in a process (a build asks for each file's many times).
    Only the import statements are parsed, not the whole file (``all_imported_names``
    parses it all: the tests check both agree on every file of the project)."""
    statements = "\n".join(m.group(0).strip() for m in SNIPPETS_IMPORT.finditer(source))
    return all_imported_names(statements)


def all_imported_names(source):
    """``imported_names`` from the syntax tree of the whole of ``source``."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names]
    return tuple(name for name in names if name.split(".")[0] == "snippets")


def dependencies(paths, root=None):
    """``paths``, every ``snippets`` module they import, recursively, and the files of
    ``snippets/data`` whose name (without suffix) one of those modules mentions."""
    root = root or ROOT
    todo, seen = list(paths), set()
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(snippet_imports(current, root))
    sources = "\n".join(read_bytes(p).decode("utf-8") for p in seen)
    return seen | {p for p in (root / "snippets" / "data").glob("*")
                   if p.is_file() and re.search(rf"\b{re.escape(p.stem)}\b", sources)}


def key(paths, root=None, extra=()):
    """Short hash of ``paths``, what they import from ``snippets``, and the versions."""
    root = root or ROOT
    digest = hashlib.sha256(" ".join(f"{p}={versions(p)}" for p in VERSIONS + tuple(extra)).encode())
    for dep in sorted(dependencies(paths, root)):
        digest.update(str(dep.relative_to(root)).encode() + b"\0" + read_bytes(dep))
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=None)
def versions(package):
    """The installed version of ``package`` (read from its metadata once per process)."""
    return version(package)


def read_json(path):
    """The JSON object in the file ``path``; ``{}`` if there is none (or it is damaged)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_json(path, data):
    """Write ``data`` as JSON to ``path`` whole or not at all (a reader, or another
    build process writing the same file, never sees half of it)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(path)


def read_timings():
    return read_json(TIMINGS)


def timed_call(name, target, args):
    """In a worker: run ``module:function`` ``target`` with ``args``; return (name, seconds)."""
    module, _, function = target.partition(":")
    start = time.perf_counter()
    getattr(importlib.import_module(module), function)(*args)
    return name, time.perf_counter() - start


def measured(data_file, include, target, args):
    """In a worker: run ``target`` with ``args`` under coverage.py, measuring only the
    files that match the pattern ``include`` (with branches, as the test suite
    measures), and save the data to ``data_file``. Code elsewhere runs at nearly full
    speed: it is not traced line by line."""
    import coverage  # noqa: PLC0415 (only the test suite's builds measure)

    measure = coverage.Coverage(data_file=str(data_file), branch=True, include=[include],
                                config_file=False)
    module, _, function = target.partition(":")
    measure.start()
    try:
        getattr(importlib.import_module(module), function)(*args)
    finally:
        measure.stop()
        measure.save()


def run(jobs):
    """Run ``jobs``, a dict {name: ("module:function", args)}, in fresh interpreters
    in parallel; return {name: seconds}. Raises the first job's exception after
    every job has finished or failed.
    """
    if not jobs:
        return {}
    timings = read_timings()
    order = sorted(jobs, key=lambda name: -timings.get(name, 60.0))  # unknown: first
    workers = min(len(jobs), os.cpu_count() or 1)
    log.info("Computing, %d at a time: %s", workers, ", ".join(order))
    done, errors = {}, []
    # "spawn": each worker is a new interpreter that imports today's sources
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(timed_call, name, *jobs[name]) for name in order]
        for future in futures:
            try:
                name, seconds = future.result()
                done[name] = seconds
            except Exception as error:  # reported below, once all are finished
                errors.append(error)
    timings.update(done)
    write_json(TIMINGS, dict(sorted(timings.items())))
    if errors:
        raise errors[0]
    return done
