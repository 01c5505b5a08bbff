"""The MkDocs hooks: language links, Chinese line joining, figure and lab caching,
notebook clean-up."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hooks import figures, i18n, jobs, notebooks

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


def test_a_change_rebuilds_only_the_languages_it_affects():
    docs = ROOT / "docs"
    assert i18n.languages_for({str(docs / "zh/course-1/week-2.md")}) == {"zh"}
    assert i18n.languages_for({str(ROOT / "mkdocs.zh.yml")}) == {"zh"}
    assert i18n.languages_for({str(docs / "en/index.md"), str(docs / "en/errata.md")}) == {"en"}
    assert i18n.languages_for({str(docs / "en/index.md"), str(docs / "zh/index.md")}) == {"en", "zh"}
    for shared in ("snippets/softmax.py", "overrides/main.html", "mkdocs.yml", "hooks/i18n.py"):
        assert i18n.languages_for({str(docs / "zh/index.md"), str(ROOT / shared)}) == {"en", "zh"}
    assert i18n.languages_for(set()) == {"en", "zh"}


def test_serve_rebuilds_the_changed_language_only(monkeypatch, tmp_path):
    class Observer:
        handlers = []

        def schedule(self, handler, path, recursive):
            self.handlers.append(handler)

    class Server:
        observer = Observer()

        def watch(self, path):
            pass

    class Config:
        site_dir, site_url, strict = str(tmp_path), "http://127.0.0.1:8000/", False

    class Event:
        is_directory = False

        def __init__(self, path):
            self.src_path = str(path)

    calls = []
    monkeypatch.setattr(i18n, "build", lambda config, dirty: calls.append(("zh", config.site_dir)))
    server = i18n.on_serve(Server(), Config(), lambda: calls.append(("en", i18n.state["build_zh"])))
    for path in (ROOT / "docs/zh/index.md", ROOT / "docs/en/index.md", ROOT / "snippets/softmax.py"):
        for handler in Server.observer.handlers[:1]:
            handler.on_any_event(Event(path))
        server.builder()
    assert calls == [("zh", str(tmp_path / "zh")), ("en", False), ("en", True)]
    assert i18n.state["build_zh"] is True


def test_an_english_only_build_keeps_the_chinese_site(tmp_path, monkeypatch):
    class Config:
        site_dir = str(tmp_path)
        theme = {"language": "en"}

    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "index.html").write_text("中文")
    monkeypatch.setitem(i18n.state, "build_zh", False)
    i18n.on_pre_build(Config())
    assert not (tmp_path / "zh").exists() and (tmp_path / i18n.KEPT).is_dir()
    i18n.on_post_build(Config())  # after MkDocs has cleaned and rebuilt the English site
    assert (tmp_path / "zh" / "index.html").read_text() == "中文"


# --- figures ----------------------------------------------------------------------

def make_tree(tmp_path, monkeypatch):
    figs = tmp_path / "snippets" / "figures"
    figs.mkdir(parents=True)
    for name in figures.SHARED:
        (figs / name).write_text("")
    (tmp_path / "snippets" / "a.py").write_text("X = 1\n")
    (tmp_path / "snippets" / "b.py").write_text("from snippets.c import Z\n")
    (tmp_path / "snippets" / "c.py").write_text("Z = 1\n")
    (figs / "c9w9.py").write_text("from snippets.a import X\nimport snippets.figures.style\n")
    monkeypatch.setattr(figures, "ROOT", tmp_path)
    monkeypatch.setattr(figures, "FIGURE_DIR", figs)
    monkeypatch.setattr(figures, "CACHE", tmp_path / "cache")
    return figs / "c9w9.py"


def test_figure_key_follows_imported_snippets_only(tmp_path, monkeypatch):
    module = make_tree(tmp_path, monkeypatch)
    assert jobs.snippet_imports(module, tmp_path) == {
        tmp_path / "snippets" / "a.py", tmp_path / "snippets" / "figures" / "style.py"}
    key = figures.module_key(module)
    (tmp_path / "snippets" / "b.py").write_text("Y = 2\n")  # not imported: same key
    assert figures.module_key(module) == key
    (tmp_path / "snippets" / "a.py").write_text("X = 2\n")  # imported: new key
    assert figures.module_key(module) != key


def test_keys_follow_imports_through_other_snippets(tmp_path):
    (tmp_path / "snippets").mkdir()
    for name, text in (("a", "from snippets.b import Y\n"), ("b", "import snippets.c\n"),
                       ("c", "Z = 1\n"), ("d", "W = 1\n")):
        (tmp_path / "snippets" / f"{name}.py").write_text(text)
    lab = tmp_path / "lab.py"
    lab.write_text("# %%\nfrom snippets.a import X\n")
    assert jobs.dependencies([lab], tmp_path) == {lab} | {
        tmp_path / "snippets" / f"{n}.py" for n in "abc"}
    key = jobs.key([lab], tmp_path)
    (tmp_path / "snippets" / "d.py").write_text("W = 2\n")
    assert jobs.key([lab], tmp_path) == key
    (tmp_path / "snippets" / "c.py").write_text("Z = 2\n")  # imported through a and b
    assert jobs.key([lab], tmp_path) != key


def test_keys_follow_the_data_files_a_module_reads(tmp_path):
    (tmp_path / "snippets" / "data").mkdir(parents=True)
    (tmp_path / "snippets" / "t.py").write_text('def text():\n    return read("harbour")\n')
    for name in ("harbour", "other"):
        (tmp_path / "snippets" / "data" / f"{name}.txt").write_text("words\n")
    lab = tmp_path / "lab.py"
    lab.write_text("# %%\nfrom snippets.t import text\n")
    assert tmp_path / "snippets" / "data" / "harbour.txt" in jobs.dependencies([lab], tmp_path)
    key = jobs.key([lab], tmp_path)
    (tmp_path / "snippets" / "data" / "other.txt").write_text("other words\n")  # not read
    assert jobs.key([lab], tmp_path) == key
    (tmp_path / "snippets" / "data" / "harbour.txt").write_text("new words\n")
    assert jobs.key([lab], tmp_path) != key


def test_jobs_run_in_parallel_workers_and_record_their_time(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs, "TIMINGS", tmp_path / "timings.json")
    done = jobs.run({"one": ("os:mkdir", (str(tmp_path / "one"),)),
                     "two": ("os:mkdir", (str(tmp_path / "two"),))})
    assert set(done) == {"one", "two"} and (tmp_path / "one").is_dir()
    assert set(jobs.read_timings()) == {"one", "two"}
    with pytest.raises(FileNotFoundError):  # a failing job fails the run, after the others
        jobs.run({"bad": ("os:rmdir", (str(tmp_path / "missing"),)),
                  "three": ("os:mkdir", (str(tmp_path / "three"),))})
    assert (tmp_path / "three").is_dir() and "three" in jobs.read_timings()
    assert jobs.run({}) == {}


def test_a_measured_job_saves_its_coverage_data(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs, "TIMINGS", tmp_path / "timings.json")
    data = tmp_path / "coverage"
    jobs.run({"measured": ("hooks.jobs:measured", (str(data), str(ROOT / "snippets" / "tuning.py"),
                                                    "snippets.tuning:sample_log_uniform",
                                                    (1e-4, 1, 3, 0)))})
    import coverage

    measured = coverage.CoverageData(str(data))
    measured.read()
    assert any(f.endswith("snippets/tuning.py") for f in measured.measured_files())
    # only the files ``include`` matches: what it calls elsewhere (NumPy's Python code) is not
    assert all(f.endswith("snippets/tuning.py") for f in measured.measured_files())


def test_only_stale_figure_modules_become_jobs(tmp_path, monkeypatch):
    make_tree(tmp_path, monkeypatch)
    (tmp_path / "snippets" / "figures" / "c9w8.py").write_text("X = 2\n")
    monkeypatch.delenv("DL_NOTES_COVERAGE", raising=False)
    dirs = figures.cache_dirs()
    assert set(figures.stale_jobs()) == {"figures c9w8", "figures c9w9"}
    dirs["c9w8"].mkdir(parents=True)
    (dirs["c9w8"] / "complete").write_text("")
    todo = figures.stale_jobs()
    assert list(todo) == ["figures c9w9"]
    assert todo["figures c9w9"] == ("snippets.figures:render", ("c9w9", str(dirs["c9w9"])))
    monkeypatch.setenv("DL_NOTES_COVERAGE", "1")  # the tests' builds need coverage data too
    assert set(figures.stale_jobs()) == {"figures c9w8", "figures c9w9"}
    assert figures.stale_jobs()["figures c9w8"] == ("hooks.jobs:measured", (
        str(dirs["c9w8"] / "coverage"), str(figures.FIGURE_DIR / "*"), "snippets.figures:render",
        ("c9w8", str(dirs["c9w8"]))))


def test_failed_drawing_fails_the_build_and_old_caches_go(tmp_path, monkeypatch):
    make_tree(tmp_path, monkeypatch)
    old = tmp_path / "cache" / "c9w9-0000000000000000"
    old.mkdir(parents=True)
    monkeypatch.setattr(figures.jobs, "run", lambda todo: (_ for _ in ()).throw(OSError("x")))
    with pytest.raises(figures.PluginError, match="drawing the figures failed"):
        figures.ensure_figures()
    monkeypatch.setattr(figures.jobs, "run", lambda todo: {})
    figures.ensure_figures()
    assert not old.exists()


def test_figures_are_not_drawn_again_when_nothing_changed(built_site, monkeypatch):
    assert built_site.returncode == 0

    def forbidden(todo):
        assert todo == {}, f"figures were drawn again: {list(todo)}"
        return {}

    monkeypatch.setattr(figures.jobs, "run", forbidden)
    dirs = figures.ensure_figures()
    assert "c1w2" in dirs and all((d / "complete").is_file() for d in dirs.values())


@pytest.mark.parametrize("config_file", ["mkdocs.yml", "mkdocs.zh.yml"])
def test_a_warm_build_computes_nothing(built_site, config_file, monkeypatch):
    """After the test run's build, the next build's first step (``hooks/generate.py``,
    the only place figures and labs are computed) finds no stale job in any language,
    and the cache entry of every lab is where mkdocs-jupyter looks for it."""
    from mkdocs.config import load_config  # noqa: PLC0415

    from hooks import generate  # noqa: PLC0415

    assert built_site.returncode == 0
    config = load_config(str(ROOT / config_file))
    asked = []
    monkeypatch.setattr(generate.jobs, "run", asked.append)
    generate.on_pre_build(config)
    assert asked == [{}]
    notebooks.on_config(config)  # where this language's build keeps its executed labs
    jupyter = config.plugins["mkdocs-jupyter"].config
    for lab in notebooks.labs(config.theme["language"]):
        key = notebooks.mkdocs_jupyter.plugin._compute_cache_key(str(lab), jupyter, True)
        path = notebooks.mkdocs_jupyter.plugin._get_cache_path(jupyter["cache_dir"], key)
        assert path.is_file(), lab


def test_table_markers_are_replaced_and_unknown_names_fail(tmp_path, monkeypatch):
    table = tmp_path / "t.en.md"
    table.write_text("| a | b |\n|---|---|\n| 1 | 2 |\n")
    monkeypatch.setattr(figures, "tables", {"c9w9-t": table})
    page = "Text\n\n<!-- table: c9w9-t -->\n\nMore"
    assert figures.on_page_markdown(page, None, None, None) == (
        "Text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nMore")
    with pytest.raises(figures.PluginError, match="c9w9-missing"):
        figures.on_page_markdown("<!-- table: c9w9-missing -->", None, None, None)


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
        url = "course-1/lab-x/"

    class Config:
        site_dir = str(tmp_path)

    assert notebooks.on_post_page("<html>", Page(), Config()) == "<html>"
    notebook = notebooks.jupytext.read(tmp_path / "course-1/lab-x/lab-x.ipynb")
    assert notebook.cells[0].cell_type == "markdown" and len(notebook.cells) > 5


def test_lab_kernels_get_snippets_one_blas_thread_and_their_own_ipc_sockets(monkeypatch):
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
    assert Path(Jupyter.config["cache_dir"]) == ROOT / ".cache" / "labs" / "zh"
    # the settings nbconvert reads: IPC sockets whose names differ between processes
    from traitlets.config import PyFileConfigLoader

    config_dir = os.environ["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0]
    settings = PyFileConfigLoader("jupyter_nbconvert_config.py", path=config_dir).load_config()
    assert settings.KernelManager.transport == "ipc"
    assert settings.KernelManager.ip.endswith(f"-{os.getpid()}-kernel-ipc")


def test_lab_cache_key_extends_the_plugins_key_with_the_labs_snippets():
    import mkdocs_jupyter.plugin

    lab = ROOT / "docs/en/course-1/lab-logistic-regression.py"
    config = {name: None for name in notebooks.NBCONVERT_OPTIONS} | {"toc_depth": 3}
    key = notebooks.lab_cache_key(str(lab), config, True)
    assert mkdocs_jupyter.plugin._compute_cache_key(str(lab), config, True) == key  # patched
    assert key == notebooks.PLUGIN_KEY(str(lab), config, True) + "-" + jobs.key(
        [lab, ROOT / "hooks" / "standalone.py"], ROOT,
        extra=("nbconvert", "nbclient", "mkdocs-jupyter", "ipykernel"))
    assert ROOT / "snippets" / "logistic_regression.py" in jobs.dependencies([lab])


def test_stale_labs_become_jobs_in_each_language(tmp_path, monkeypatch):
    monkeypatch.setattr(notebooks, "CACHE", tmp_path)
    config = {name: f"<{name}>" for name in notebooks.NBCONVERT_OPTIONS} | {"toc_depth": 3}
    todo = notebooks.stale_jobs(config)
    assert len(todo) == 2 * len(notebooks.labs("en")) >= 8
    name = "lab zh/course-1/lab-logistic-regression"
    target, (source, cache, options, depth) = todo[name]
    assert target == "hooks.notebooks:execute_lab" and depth == 3
    assert source.endswith("docs/zh/course-1/lab-logistic-regression.py")
    assert options["kernel_name"] == "<kernel_name>" and Path(cache).parent == tmp_path / "zh"
    Path(cache).parent.mkdir(parents=True)
    Path(cache).write_text("{}")  # cached: no longer a job
    assert name not in notebooks.stale_jobs(config) and len(notebooks.stale_jobs(config)) == len(todo) - 1
    assert set(notebooks.stale_jobs(config, ("en",))) == {n for n in todo if n.startswith("lab en/")}


def test_lab_figures_get_their_cells_alt_text_and_a_missing_one_fails():
    cell = ('<div class="jp-Cell jp-CodeCell jp-Notebook-cell">\n'
            '<div class="jp-Cell jp-CodeCell jp-Notebook-cell" id="cell-id=1">{}</div></div>')
    img = f'<img alt="{notebooks.PLACEHOLDER_ALT}" src="data:x">'
    html = cell.format("") + cell.format(img)
    source = '# %% [markdown]\n# Text\n\n# %%\nx = 1\n\n# %% alt="Curves: a < b"\ny = 2\n'
    out = notebooks.label_figures(html, notebooks.cell_alts(source), "lab.py")
    assert 'alt="Curves: a &lt; b"' in out and "No description" not in out
    with pytest.raises(notebooks.PluginError, match="lab.py: code cell 2 draws a figure"):
        notebooks.label_figures(html, notebooks.cell_alts(source.replace(' alt="Curves: a < b"', "")),
                                "lab.py")
    with pytest.raises(notebooks.PluginError, match="lab.py: 2 code cells on the page, 3 in"):
        notebooks.label_figures(html, notebooks.cell_alts(source + "\n# %%\nz = 3\n"), "lab.py")


def test_alt_texts_read_from_cell_headers_are_jupytext_s():
    labs = sorted((ROOT / "docs").glob("*/course-*/lab-*.py"))
    assert len(labs) >= 12
    for lab in labs:
        expected = [c.metadata.get("alt") for c in notebooks.jupytext.read(lab).cells
                    if c.cell_type == "code"]
        assert notebooks.cell_alts(lab.read_text(encoding="utf-8")) == expected, lab
        assert any(expected), lab
    quoted = '# %% alt="a \\"quoted\\" word" tags=["x"]\nx = 1\n'
    assert notebooks.cell_alts(quoted) == [c.metadata.get("alt") for c in
                                           notebooks.jupytext.reads(quoted, fmt="py:percent").cells]


def test_large_inline_styles_move_to_one_shared_stylesheet(tmp_path):
    class Page:
        url = "course-1/lab-x/"

    css = "body { color: red; }" * 2000
    html = f"<head><style>{css}</style><style>small {{}}</style></head>"
    out = notebooks.share_styles(html, Page(), tmp_path)
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', out)
    assert len(links) == 1 and links[0].startswith("../../assets/stylesheets/jupyter-")
    assert "<style>small {}</style>" in out and css not in out
    assert (tmp_path / links[0].removeprefix("../../")).read_text() == css
    assert notebooks.share_styles(html, Page(), tmp_path) == out  # same file for every lab


def test_scrollable_code_cells_are_keyboard_focusable():
    html = '<div class="highlight-ipynb hl-python"><pre>x</pre></div><div class="highlight-ipynb" tabindex="0">'
    out = notebooks.SCROLLABLE.sub(r'\1 tabindex="0"', html)
    assert out.count('tabindex="0"') == 2


@pytest.mark.parametrize("uri,expected", [("course-1/lab-x.py", True), ("a/b.ipynb", True),
                                          ("course-1/week-2.md", False)])
def test_is_notebook(uri, expected):
    class File:
        src_uri = uri

    class Page:
        file = File()

    assert notebooks.is_notebook(Page()) is expected


# --- search index -------------------------------------------------------------------

@pytest.mark.parametrize("page", ["course-2/week-2/index.html", "zh/course-4/week-1/index.html",
                                  "course-3/lab-mismatched-data/index.html"])
def test_search_indexes_the_same_sections_without_code_spans(built_site, page):
    from material.plugins.search.plugin import Parser  # noqa: PLC0415

    from hooks import search_index  # noqa: PLC0415

    html = (built_site.path / page).read_text(encoding="utf-8")
    article = html[html.index("<article"):html.rindex("</article>")]
    light = search_index.without_code_spans(article)
    assert light.count("<span") < article.count("<span") / 2  # the spans were most of the tags
    sections = []
    for content in (article, light):
        parser = Parser()
        parser.feed(content)
        parser.close()
        sections.append([(s.id, "".join(s.title), "".join(s.text)) for s in parser.data])
    assert sections[0] == sections[1] and len(sections[0]) > 3


def test_the_search_plugin_reads_the_light_page_and_the_template_the_full_one():
    from types import SimpleNamespace  # noqa: PLC0415

    from hooks import search_index  # noqa: PLC0415

    full = '<p>x</p><pre><code><span class="k">def</span> <span class="nf">f</span>():</code></pre>'
    page = SimpleNamespace(content=full)
    first, last = search_index.on_page_context.methods
    assert first.mkdocs_priority > 0 > last.mkdocs_priority  # around the plugin (priority 0)
    first({}, page, None, None)
    assert page.content == "<p>x</p><pre><code>def f():</code></pre>"
    last({}, page, None, None)
    assert page.content == full


def test_lab_downloads_are_made_once_and_copied_after(tmp_path, monkeypatch):
    from hooks import standalone  # noqa: PLC0415

    lab = ROOT / "docs" / "en" / "course-1" / "lab-logistic-regression.py"
    first = standalone.cached_downloads(lab, "en", tmp_path / "a", "lab", cache=tmp_path / "c")
    assert [p.name for p in first] == ["lab.ipynb", "lab.py"]
    assert "_SNIPPETS = {" in first[1].read_text(encoding="utf-8")

    def forbidden(*args, **kwargs):
        raise AssertionError("made again")

    monkeypatch.setattr(standalone, "write_downloads", forbidden)
    again = standalone.cached_downloads(lab, "en", tmp_path / "b", "lab", cache=tmp_path / "c")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in first]
    monkeypatch.setattr(jobs, "key",
                        lambda *args, **kwargs: "changed")
    with pytest.raises(AssertionError, match="made again"):  # what it depends on changed
        standalone.cached_downloads(lab, "en", tmp_path / "d", "lab", cache=tmp_path / "c")


def test_search_entries_of_an_unchanged_page_come_from_the_last_build(tmp_path, monkeypatch):
    """The second build indexes nothing for an unchanged page (no parsing, no jieba) and
    gets the very entries the plugin made; a changed page is indexed again."""
    from types import SimpleNamespace  # noqa: PLC0415

    from material.plugins.search.plugin import SearchIndex  # noqa: PLC0415

    from hooks import search_index  # noqa: PLC0415

    monkeypatch.setattr(search_index, "CACHE", tmp_path)
    toc = [SimpleNamespace(id="a", url="#a", title="A", children=[])]
    page = SimpleNamespace(url="x/", title="X", meta={}, toc=toc,
                           content='<h2 id="a">A</h2><p>梯度下降 gradient descent</p>')

    def build(add=None):
        plugin = SimpleNamespace(search_index=SearchIndex(), config={"lang": ["zh"]})
        if add:
            plugin.search_index.add_entry_from_context = add
        config = SimpleNamespace(plugins={"material/search": plugin}, theme={"language": "zh"})
        search_index.on_config(config)
        plugin.search_index.add_entry_from_context(page)
        search_index.on_post_build(config)
        return plugin.search_index.entries

    first = build()
    assert "\u200b下降\u200b" in first[-1]["text"]  # segmented by jieba

    def forbidden(page):
        raise AssertionError("indexed again")

    assert build(add=forbidden) == first
    page.content = page.content.replace("gradient", "stochastic gradient")
    with pytest.raises(AssertionError, match="indexed again"):
        build(add=forbidden)


def test_code_blocks_highlight_the_same_from_the_cache(tmp_path, monkeypatch):
    """A block highlighted in one build is served from the cache in the next, byte for
    byte, and only a changed block is highlighted again; inline code is not cached."""
    from types import SimpleNamespace  # noqa: PLC0415

    import markdown  # noqa: PLC0415
    import pymdownx.highlight  # noqa: PLC0415

    from hooks import highlight  # noqa: PLC0415

    assert pymdownx.highlight.Highlight.highlight in (highlight.HIGHLIGHT, highlight.cached_highlight)
    monkeypatch.setattr(highlight, "CACHE", tmp_path)
    monkeypatch.setattr(pymdownx.highlight.Highlight, "highlight", highlight.HIGHLIGHT)
    text = (ROOT / "snippets" / "activations.py").read_text(encoding="utf-8")
    page = f"```python\n{text}\n```\n\n```python\nsmall = 1\n```\n\nand `#!python x = 1` inline\n"
    extensions = ["pymdownx.highlight", "pymdownx.superfences", "pymdownx.inlinehilite"]
    configs = {"pymdownx.highlight": {"line_spans": "__span", "anchor_linenums": True,
                                      "pygments_lang_class": True}}

    def render():
        return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(page)

    plain = render()
    config = SimpleNamespace(theme={"language": "xx"})
    highlight.on_config(config)
    assert render() == plain
    highlight.on_post_build(config)
    assert len(json.loads((tmp_path / "xx.json").read_text(encoding="utf-8"))) == 2  # the fences
    calls, original = [], highlight.HIGHLIGHT  # (superfences turns an exception into a plain block)

    def counting(self, src, *args, **kwargs):
        calls.append(src)
        return original(self, src, *args, **kwargs)

    monkeypatch.setattr(highlight, "HIGHLIGHT", counting)
    highlight.on_config(config)
    assert render() == plain and calls == ["x = 1"]  # inline code only
    page = page.replace("small = 1", "small = 2")
    calls.clear()
    assert render() != plain and sorted(calls) == ["small = 2", "x = 1"]


def test_import_scan_agrees_with_the_syntax_tree_on_every_file():
    """``jobs.imported_names`` parses only the import statements; on every Python file of
    the project (snippets, figure modules, labs, hooks, tests) it finds what a walk of
    the whole syntax tree finds, and it sees imports inside functions and in lists."""
    files = [p for folder in ("snippets", "docs", "hooks", "tests", "scripts")
             for p in (ROOT / folder).rglob("*.py")]
    assert len(files) > 100
    for path in files:
        source = path.read_text(encoding="utf-8")
        assert sorted(jobs.imported_names(source)) == sorted(jobs.all_imported_names(source)), path
    source = ("import os\nfrom snippets.rnn import (\n    clip,\n    sample,\n)\n\n"
              "def f():\n    import snippets.cnn as c  # noqa\n    from snippets import texts\n")
    assert sorted(jobs.imported_names(source)) == sorted([
        "snippets.rnn", "snippets.rnn.clip", "snippets.rnn.sample", "snippets.cnn",
        "snippets", "snippets.texts"])
