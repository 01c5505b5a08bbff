"""Figure code in snippets/figures: every figure draws in both languages."""

import re
import runpy
import sys

import pytest
from matplotlib.figure import Figure

from snippets.figures import LANGS, c1w2

CJK = re.compile(r"[\u4e00-\u9fff]")
MODULES = [c1w2]


def texts(fig):
    """All visible strings of a figure: labels, tick labels, legends, annotations."""
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]


@pytest.mark.parametrize("name", sorted(c1w2.FIGURES))
def test_week2_figures_are_labelled_in_each_language(name):
    drawn = {lang: c1w2.FIGURES[name](lang) for lang in LANGS}
    for fig in drawn.values():
        assert isinstance(fig, Figure) and fig.axes
    en, zh = texts(drawn["en"]), texts(drawn["zh"])
    assert en and not any(CJK.search(t) for t in en)
    if name != "c1w2-sigmoid":  # the sigmoid figure's labels are pure math
        assert any(CJK.search(t) for t in zh)


def test_every_language_has_the_same_keys():
    for module in MODULES:
        assert set(module.TEXT) == set(LANGS)
        assert module.TEXT["en"].keys() == module.TEXT["zh"].keys()


def test_render_writes_svg_for_both_languages(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["snippets.figures", f"c1w2={tmp_path}"])
    runpy.run_module("snippets.figures", run_name="__main__")
    for name in c1w2.FIGURES:
        for lang in LANGS:
            svg = (tmp_path / f"{name}.{lang}.svg").read_text(encoding="utf-8")
            assert svg.lstrip().startswith("<?xml") and "<text" in svg  # text kept as text
    assert (tmp_path / "complete").read_text().split() == list(c1w2.FIGURES)
