"""Figure code in snippets/figures: every figure and table of every module, in both
languages, as the site build drew them (read from the build's cache, not drawn again;
the build measures the drawing's coverage, see tests/conftest.py)."""

import importlib
import re
import runpy
import sys

import pytest

from hooks.figures import figure_modules
from snippets.figures import LANGS

CJK = re.compile(r"[\u4e00-\u9fff]")
MODULES = {name: importlib.import_module(f"snippets.figures.{name}") for name in figure_modules()}
FIGURES = [(m, f) for m, module in MODULES.items() for f in module.FIGURES]
TABLES = [(m, t) for m, module in MODULES.items() for t in getattr(module, "TABLES", {})]


def svg_texts(path):
    """The text elements of an SVG figure (labels, ticks, legends, titles)."""
    return re.findall(r"<text\b[^>]*>(.*?)</text>", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("module_name,name", FIGURES)
def test_figures_are_drawn_and_labelled_in_each_language(drawn, module_name, name):
    files = {lang: drawn[module_name] / f"{name}.{lang}.svg" for lang in LANGS}
    for lang, path in files.items():
        svg = path.read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg, path
    en, zh = svg_texts(files["en"]), svg_texts(files["zh"])
    assert en, f"{name}: no text kept as text"  # svg.fonttype none: labels stay text
    assert not any(CJK.search(t) for t in en), name
    if name not in getattr(MODULES[module_name], "MATH_ONLY", ()):  # labelled with symbols only
        assert any(CJK.search(t) for t in zh), name


@pytest.mark.parametrize("module_name", sorted(MODULES))
def test_every_language_has_the_same_keys(drawn, module_name):
    module = MODULES[module_name]
    assert set(module.TEXT) == set(LANGS)
    assert module.TEXT["en"].keys() == module.TEXT["zh"].keys()
    assert module_name.startswith("c") and all(n.startswith(module_name + "-") for n in module.FIGURES)
    names = list(module.FIGURES) + list(getattr(module, "TABLES", {}))
    assert (drawn[module_name] / "complete").read_text().split() == names
    for function in getattr(module, "RESULTS", ()):  # what the tests read of the build's runs
        assert (drawn[module_name] / f"{function}.pickle").is_file(), function


def test_the_command_line_renders_each_named_module(tmp_path, monkeypatch):
    import snippets.figures as package

    calls = []
    monkeypatch.setattr(package, "render", lambda *args: calls.append(args))
    monkeypatch.setattr(sys, "argv", ["snippets.figures", f"c1w2={tmp_path}/a", f"c1w3={tmp_path}/b"])
    runpy.run_module("snippets.figures", run_name="__main__")
    assert calls == [("c1w2", f"{tmp_path}/a"), ("c1w3", f"{tmp_path}/b")]


@pytest.mark.parametrize("module_name,name", TABLES)
def test_tables_are_markdown_tables_in_each_language(drawn, module_name, name):
    made = {lang: (drawn[module_name] / f"{name}.{lang}.md").read_text(encoding="utf-8")
            for lang in LANGS}
    rows = {lang: [line for line in text.splitlines() if line.startswith("|")]
            for lang, text in made.items()}
    assert len(rows["en"]) == len(rows["zh"]) >= 3
    assert set(rows["en"][1].replace("|", "").strip()) <= set("-: ")  # header separator
    assert not CJK.search(made["en"]) and CJK.search(made["zh"])
    assert name.startswith(module_name + "-")


def test_week2_shapes_table_reports_real_shapes():
    from snippets.figures import c1w2

    table = c1w2.shapes_table("en", n_x=3, m=7)
    assert "`(3, 7)`" in table and "`(3, 1)`" in table and "`(1, 7)`" in table


def test_dense_artists_are_rasterized_and_the_rest_stays_vector():
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np

    from snippets.figures.style import DENSE, new_figure, rasterize_dense

    fig, (ax1, ax2) = new_figure(ncols=2)
    rng = np.random.default_rng(0)
    few = ax1.scatter(*rng.normal(size=(2, DENSE)))
    many = ax1.scatter(*rng.normal(size=(2, DENSE + 1)))
    image = ax2.imshow(rng.random((5, 5)))
    short, long = ax2.plot(range(10))[0], ax2.plot(range(10 * DENSE + 1))[0]
    mesh = ax2.pcolormesh(rng.random((40, 40)))
    title = ax1.set_title("text")
    assert rasterize_dense(fig) == 4
    assert [a.get_rasterized() for a in (few, many, image, short, long, mesh, title)] == [
        False, True, True, False, True, True, False]
    matplotlib.pyplot.close(fig)
