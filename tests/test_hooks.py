"""The MkDocs hooks: language links, Chinese line joining, figure and lab caching,
notebook clean-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hooks import figures, i18n, notebooks

ROOT = Path(__file__).resolve().parent.parent


# --- i18n -----------------------------------------------------------------------

def test_alternates_point_to_the_same_page():
    en = {a["lang"]: a for a in i18n.alternates("course-1/week-2/", "en")}
    assert en["zh"]["link"] == "../../zh/course-1/week-2/" and en["en"]["current"]
    zh = {a["lang"]: a for a in i18n.alternates("course-1/week-2/", "zh")}
    assert zh["en"]["link"] == "../../../course-1/week-2/" and zh["zh"]["current"]
    home = {a["lang"]: a["link"] for a in i18n.alternates("", "zh")}
    assert home == {"en": "../", "zh": "../zh/"}


def test_join_cjk_lines_only_inside_running_text():
    text = "## 标题\n第一行\n第二行。\n\n```python\n# 中文\n# 注释\n```\nEnglish\n中文"
    assert i18n.join_cjk_lines(text) == (
        "## 标题\n第一行第二行。\n\n```python\n# 中文\n# 注释\n```\nEnglish\n中文")


# --- figures ----------------------------------------------------------------------

def make_tree(tmp_path, monkeypatch):
    figs = tmp_path / "snippets" / "figures"
    figs.mkdir(parents=True)
    for name in figures.SHARED:
        (figs / name).write_text("")
    (tmp_path / "snippets" / "a.py").write_text("X = 1\n")
    (tmp_path / "snippets" / "b.py").write_text("Y = 1\n")
    (figs / "c9w9.py").write_text("from snippets.a import X\nimport snippets.figures.style\n")
    monkeypatch.setattr(figures, "ROOT", tmp_path)
    monkeypatch.setattr(figures, "FIGURE_DIR", figs)
    return figs / "c9w9.py"


def test_figure_key_follows_imported_snippets_only(tmp_path, monkeypatch):
    module = make_tree(tmp_path, monkeypatch)
    assert figures.snippet_imports(module) == {
        tmp_path / "snippets" / "a.py", tmp_path / "snippets" / "figures" / "style.py"}
    key = figures.module_key(module)
    (tmp_path / "snippets" / "b.py").write_text("Y = 2\n")  # not imported: same key
    assert figures.module_key(module) == key
    (tmp_path / "snippets" / "a.py").write_text("X = 2\n")  # imported: new key
    assert figures.module_key(module) != key


def test_figures_are_not_drawn_again_when_nothing_changed(built_site, monkeypatch):
    assert built_site.returncode == 0

    def forbidden(*args, **kwargs):
        raise AssertionError(f"figures were drawn again: {args}")

    monkeypatch.setattr(figures.subprocess, "Popen", forbidden)
    dirs = figures.ensure_figures()
    assert "c1w2" in dirs and all((d / "complete").is_file() for d in dirs.values())


def test_a_warm_build_reuses_figures_and_executed_labs(built_site, tmp_path):
    assert built_site.returncode == 0
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-v",
                           "--site-dir", str(tmp_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-2000:]
    assert "Drawing figures" not in log
    assert "Converting notebook" not in log
    labs = len(list((ROOT / "docs").glob("*/course-*/lab-*.py")))
    assert labs >= 2 and log.count("Cache hit") == labs  # every lab, in each language


def test_table_markers_are_replaced_and_unknown_names_fail(tmp_path, monkeypatch):
    table = tmp_path / "t.en.md"
    table.write_text("| a | b |\n|---|---|\n| 1 | 2 |\n")
    monkeypatch.setattr(figures, "tables", {"c9w9-t": table})
    page = "Text\n\n<!-- table: c9w9-t -->\n\nMore"
    assert figures.on_page_markdown(page, None, None, None) == (
        "Text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nMore")
    with pytest.raises(figures.PluginError, match="c9w9-missing"):
        figures.on_page_markdown("<!-- table: c9w9-missing -->", None, None, None)


def test_stale_figures_are_drawn_by_parallel_workers(tmp_path, monkeypatch):
    module = make_tree(tmp_path, monkeypatch)
    (module.parent / "c9w8.py").write_text("X = 2\n")
    monkeypatch.setattr(figures, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(figures.os, "cpu_count", lambda: 2)
    calls = []

    class Worker:
        fail_first = True

        def __init__(self, cmd, cwd):
            self.code = 1 if (Worker.fail_first and not calls) else 0
            calls.append(cmd)
            if not self.code:
                for arg in cmd[3:]:
                    name, _, out = arg.partition("=")
                    Path(out).mkdir(parents=True)
                    (Path(out) / "complete").write_text(name)

        def wait(self):
            return self.code

    monkeypatch.setattr(figures.subprocess, "Popen", Worker)
    with pytest.raises(figures.PluginError, match="drawing the figures failed"):
        figures.ensure_figures()  # the first worker "fails"
    assert sorted(len(cmd) for cmd in calls) == [4, 4]  # one module each
    Worker.fail_first = False
    calls.clear()
    assert set(figures.ensure_figures()) == {"c9w8", "c9w9"}
    assert len(calls) == 1  # only the module whose worker failed is drawn again
    calls.clear()
    figures.ensure_figures()
    assert calls == []  # everything cached now


# --- notebooks --------------------------------------------------------------------

def test_foreign_scripts_are_removed_and_local_ones_kept():
    html = ('<script src="https://cdn.example/x.js"> </script><script src=""> </script>'
            '<script type="text/x-mathjax-config">MathJax.Hub.Config({})</script>'
            "<script type=\"module\">import m from 'https://cdn.example/m.js'</script>"
            '<script src="../assets/a.js"></script><script>var x = 1;</script>')
    assert notebooks.FOREIGN_SCRIPT.sub("", html) == (
        '<script src="../assets/a.js"></script><script>var x = 1;</script>')


def test_cjk_breaks_are_joined_in_markdown_cells_only():
    markdown = ('<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell">'
                "<p>开发集里就会\n充满测试台数据，见\n<code>split</code>\n函数。</p></div>")
    code = ('<div class="jp-Cell jp-CodeCell jp-Notebook-cell">'
            "<pre>训练集：5600 个样本\n开发集：500 个样本</pre></div>")
    out = notebooks.join_cjk_breaks(markdown + code)
    assert "会充满" in out and "见\n<code>" in out  # only CJK-to-CJK breaks go
    assert out.endswith(code)  # outputs keep their lines


def test_headings_get_unicode_slugs_and_a_matching_toc():
    html = ('<h1 id="">实验<a class="anchor-link" href="#">¶</a></h1>'
            '<h2 id="1">1. 数据<a class="anchor-link" href="#1">¶</a></h2>'
            '<h3 id="x">细节 <code>X</code><a class="anchor-link" href="#x">¶</a></h3>'
            '<h2 id="1">1. 数据<a class="anchor-link" href="#1">¶</a></h2>')
    out, tokens = notebooks.reslug_headings(html)
    assert [t["id"] for t in tokens] == ["实验", "1-数据", "细节-x", "1-数据_1"]
    assert 'id="1-数据"' in out and 'href="#1-数据"' in out
    toc = notebooks.get_toc(notebooks.nest(tokens))
    top = list(toc)
    assert [a.id for a in top] == ["实验"]
    assert [a.id for a in top[0].children] == ["1-数据", "1-数据_1"]
    assert [a.id for a in top[0].children[0].children] == ["细节-x"]


def test_labs_are_written_as_notebooks_beside_their_page(tmp_path):
    class File:
        src_uri = "course-1/lab-x.py"
        abs_src_path = str(ROOT / "docs/en/course-1/lab-logistic-regression.py")
        abs_dest_path = str(tmp_path / "course-1/lab-x/index.html")

    class Page:
        file = File()

    assert notebooks.on_post_page("<html>", Page(), None) == "<html>"
    notebook = notebooks.jupytext.read(tmp_path / "course-1/lab-x/lab-x.ipynb")
    assert notebook.cells[0].cell_type == "markdown" and len(notebook.cells) > 5


def test_lab_kernels_get_snippets_one_blas_thread_and_ipc(monkeypatch, tmp_path):
    monkeypatch.setenv("PYTHONPATH", f"/elsewhere{os.pathsep}{ROOT}")
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)

    class Jupyter:
        config = {}

    class Config:
        theme = {"language": "zh"}
        plugins = {"mkdocs-jupyter": Jupyter()}

    notebooks.on_config(Config())
    assert os.environ["PYTHONPATH"].split(os.pathsep) == [str(ROOT), "/elsewhere"]
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    config_dir = Path(os.environ["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0])
    settings = (config_dir / "jupyter_nbconvert_config.json").read_text()
    assert '"transport": "ipc"' in settings
    cache = Path(Jupyter.config["cache_dir"])
    assert cache.parent == ROOT / ".cache" / "mkdocs-jupyter"
    assert cache.name == f"zh-{notebooks.snippets_digest()}"


@pytest.mark.parametrize("uri,expected", [("course-1/lab-x.py", True), ("a/b.ipynb", True),
                                          ("course-1/week-2.md", False)])
def test_is_notebook(uri, expected):
    class File:
        src_uri = uri

    class Page:
        file = File()

    assert notebooks.is_notebook(Page()) is expected
