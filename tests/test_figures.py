"""Figure code in snippets/figures: every figure of every module draws in both languages."""

import importlib
import re
import runpy
import sys

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from hooks.figures import figure_modules
from snippets.figures import LANGS

CJK = re.compile(r"[\u4e00-\u9fff]")
MODULES = {name: importlib.import_module(f"snippets.figures.{name}") for name in figure_modules()}
FIGURES = [(m, f) for m, module in MODULES.items() for f in module.FIGURES]


def texts(fig):
    """All visible strings of a figure: labels, tick labels, legends, annotations."""
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


@pytest.mark.parametrize("module_name,name", FIGURES)
def test_figures_are_labelled_in_each_language(module_name, name):
    module = MODULES[module_name]
    drawn = {lang: module.FIGURES[name](lang) for lang in LANGS}
    for fig in drawn.values():
        assert isinstance(fig, Figure) and fig.axes
    en, zh = texts(drawn["en"]), texts(drawn["zh"])
    for fig in drawn.values():
        plt.close(fig)
    assert en and not any(CJK.search(t) for t in en)
    if name not in getattr(module, "MATH_ONLY", ()):  # figures labelled only with symbols
        assert any(CJK.search(t) for t in zh), name


@pytest.mark.parametrize("module_name", sorted(MODULES))
def test_every_language_has_the_same_keys(module_name):
    module = MODULES[module_name]
    assert set(module.TEXT) == set(LANGS)
    assert module.TEXT["en"].keys() == module.TEXT["zh"].keys()
    assert module_name.startswith("c") and all(n.startswith(module_name + "-") for n in module.FIGURES)


def test_render_writes_svg_for_both_languages(tmp_path, monkeypatch):
    from snippets.figures import c1w2

    monkeypatch.setattr(sys, "argv", ["snippets.figures", f"c1w2={tmp_path}"])
    runpy.run_module("snippets.figures", run_name="__main__")
    for name in c1w2.FIGURES:
        for lang in LANGS:
            svg = (tmp_path / f"{name}.{lang}.svg").read_text(encoding="utf-8")
            assert svg.lstrip().startswith("<?xml") and "<text" in svg  # text kept as text
    for lang in LANGS:
        assert (tmp_path / f"c1w2-shapes.{lang}.md").read_text(encoding="utf-8").startswith("|")
    assert (tmp_path / "complete").read_text().split() == list(c1w2.FIGURES) + list(c1w2.TABLES)


TABLES = [(m, t) for m, module in MODULES.items() for t in getattr(module, "TABLES", {})]


@pytest.mark.parametrize("module_name,name", TABLES)
def test_tables_are_markdown_tables_in_each_language(module_name, name):
    made = {lang: MODULES[module_name].TABLES[name](lang) for lang in LANGS}
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
