"""Lab downloads that run on their own, outside this repository.

A lab imports the tested functions of ``snippets`` (``from snippets.rnn import
sample``), which exist only in a clone of the repository. The notebook and the
Jupytext source that a reader downloads from a lab page get one more code cell,
just before the cell that first imports from ``snippets``: it holds the source
of every ``snippets`` module the lab uses (found like the build's cache keys,
``hooks/jobs.py``: its imports, recursively; the packages' ``__init__.py``; the
data files those modules read), writes them into a fresh temporary directory
and puts that directory first on ``sys.path``. The lab's own cells are left as
they are, so the download runs the very code the site executed, with only
NumPy, Matplotlib and a Jupyter kernel (or plain Python, for the ``.py``).
``hooks/notebooks.py`` writes both downloads, and executes the notebook for the
lab's page in a temporary directory outside the repository, in a kernel that
cannot import the checkout (``tests/test_offline.py`` checks its record).
"""

import copy
import re
import shutil
from pathlib import Path

import jupytext
from nbformat.v4 import new_code_cell

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS_IMPORT = re.compile(r"^\s*(from\s+snippets[\s.]|import\s+snippets\b)", re.M)
HEADER = {
    "en": ("# Added to the download by the site's build: the `snippets` modules this lab\n"
           "# imports, copied from the notes' repository (snippets/), so that the lab runs\n"
           "# anywhere with only NumPy and Matplotlib. They are written to a temporary\n"
           "# directory that is put first on sys.path; the cells below are unchanged.\n"),
    "zh": ("# 由网站构建时加入下载文件：本实验导入的 `snippets` 模块，复制自笔记的代码仓库\n"
           "# （snippets/），使本实验只需 NumPy 和 Matplotlib 就能在任何地方运行。\n"
           "# 这些模块被写入一个临时目录，并放在 sys.path 的最前面；后面的单元格保持原样。\n"),
}


def used_files(lab, root=None):
    """Paths (relative to ``root``) of the ``snippets`` files the lab needs, sorted:
    every module it imports (recursively), the ``__init__.py`` of their packages,
    and the files of ``snippets/data`` whose name a needed module mentions."""
    from hooks import jobs  # noqa: PLC0415 (hooks/ is a directory of MkDocs hooks)

    root = Path(root or ROOT)
    needed = {p for p in jobs.dependencies([Path(lab)], root) if p != Path(lab)}  # with data
    for module in list(needed):
        for parent in module.relative_to(root).parents:
            if parent.parts and (root / parent / "__init__.py").is_file():
                needed.add(root / parent / "__init__.py")
    return sorted(p.relative_to(root).as_posix() for p in needed)


def literal(text):
    """A Python string literal for ``text``: a raw triple-quoted string when that
    spells it exactly (readable), else ``repr``."""
    if "'''" not in text and not text.endswith("\\") and "\r" not in text:
        return "r'''" + text + "'''"
    return repr(text)


def inline_cell_source(lab, lang, root=None):
    """The code of the added cell: the files, then the lines that install them."""
    root = Path(root or ROOT)
    files = used_files(lab, root)
    entries = "".join(f"    {name!r}: {literal((root / name).read_text(encoding='utf-8'))},\n"
                      for name in files)
    return (HEADER[lang]
            + "import pathlib as _pathlib\nimport sys as _sys\nimport tempfile as _tempfile\n\n"
            + "_SNIPPETS = {\n" + entries + "}\n"
            + "_root = _pathlib.Path(_tempfile.mkdtemp(prefix='dl-notes-'))\n"
            + "for _name, _text in _SNIPPETS.items():\n"
            + "    (_root / _name).parent.mkdir(parents=True, exist_ok=True)\n"
            + "    (_root / _name).write_text(_text, encoding='utf-8')\n"
            + "_sys.path.insert(0, str(_root))\n"
            + "del _SNIPPETS, _name, _text, _root\n")


def standalone_notebook(lab, lang, root=None):
    """The lab as a notebook with the ``snippets`` cell added (unchanged when it
    imports nothing from ``snippets``)."""
    notebook = copy.deepcopy(jupytext.read(lab))
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and SNIPPETS_IMPORT.search(cell.source):
            # (no final newline: the .ipynb and the .py then read back the same)
            notebook.cells.insert(i, new_code_cell(inline_cell_source(lab, lang, root).rstrip("\n")))
            break
    return notebook


def write_downloads(lab, lang, out_dir, root=None, stem=None):
    """Write ``<stem>.ipynb`` and ``<stem>.py`` (Jupytext percent format) into
    ``out_dir``; ``stem`` is the lab's file name without ``.py`` unless given."""
    notebook = standalone_notebook(lab, lang, root)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = stem or Path(lab).stem
    jupytext.write(notebook, out_dir / f"{stem}.ipynb", fmt="ipynb")
    jupytext.write(notebook, out_dir / f"{stem}.py", fmt="py:percent")
    return out_dir / f"{stem}.ipynb", out_dir / f"{stem}.py"


def cached_downloads(lab, lang, out_dir, stem, cache=None):
    """``write_downloads`` through a cache (``.cache/downloads``) keyed by the lab, the
    snippets it inlines, this module and the versions: copied, not rebuilt, when
    nothing they depend on changed."""
    from hooks import jobs  # noqa: PLC0415

    key = jobs.key([Path(lab), Path(__file__)], extra=("jupytext",))
    entry = Path(cache or ROOT / ".cache" / "downloads") / f"{lang}-{stem}-{key}"
    if not (entry / "complete").is_file():
        for old in entry.parent.glob(f"{lang}-{stem}-*"):
            shutil.rmtree(old, ignore_errors=True)
        write_downloads(lab, lang, entry, stem=stem)
        (entry / "complete").write_text("")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return tuple(Path(shutil.copyfile(entry / f"{stem}{suffix}", out_dir / f"{stem}{suffix}"))
                 for suffix in (".ipynb", ".py"))

