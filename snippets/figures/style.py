"""Shared look of the site's figures.

SVG output keeps text as text (``svg.fonttype: none``), so the reader's browser
draws the labels, Chinese included, with its own fonts: nothing is embedded and
no CJK font is needed at build time. While laying out Chinese labels,
matplotlib measures them with a Latin font and warns that glyphs are missing;
``save`` silences exactly that warning, on purpose.

Dense artists (images, meshes, filled contours, scatters of many points, long
lines) would become megabytes of SVG paths: ``save`` rasterizes them into one
embedded image each, at ``RASTER_DPI``, while axes, ticks and text stay vector.

Laying out a formula (mathtext, also every tick label of a log axis) is slow, and
matplotlib remembers the formulas it parsed only per renderer (a new one for each
saved file) and only the last 50: each formula was parsed again for every figure,
language and layout pass. ``_parse_cached`` shares one cache, per kind of output,
for the whole process.
"""

import functools
import warnings

import matplotlib.pyplot as plt
from matplotlib.collections import Collection, QuadMesh
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.mathtext import MathTextParser

RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "dl-notes",  # stable ids: the same figure gives the same file
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Noto Sans CJK SC", "PingFang SC",
                        "Microsoft YaHei", "WenQuanYi Micro Hei", "sans-serif"],
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
}
plt.rcParams.update(RC)
_PARSE = MathTextParser._parse_cached.__wrapped__
_PARSERS = {"vector": MathTextParser("path"), "raster": MathTextParser("agg")}


@functools.lru_cache(4096)
def _parse_once(output_type, s, dpi, prop, antialiased, load_glyph_flags):
    """The layout of formula ``s`` for ``output_type`` ("vector" or "raster"), parsed once."""
    return _PARSE(_PARSERS[output_type], s, dpi, prop, antialiased, load_glyph_flags)


def _parse_cached(self, s, dpi, prop, antialiased, load_glyph_flags):
    """matplotlib's formula cache, keyed by the kind of output instead of the renderer."""
    return _parse_once(self._output_type, s, dpi, prop, antialiased, load_glyph_flags)


MathTextParser._parse_cached = _parse_cached  # see the module docstring


def new_figure(width=6.4, height=4.0, ncols=1):
    """Return (fig, axes) drawn in the site's style."""
    return plt.subplots(1, ncols, figsize=(width, height))


RASTER_DPI = 100  # about one image pixel per screen pixel at the width pages show figures
DENSE = 100        # a collection with more items, or a line with 10 times more points, is dense


def is_dense(artist):
    """Whether ``artist`` would be too heavy as SVG paths (see the module docstring)."""
    if isinstance(artist, AxesImage):
        return True
    if isinstance(artist, QuadMesh):  # counted from its grid: get_paths would build every cell
        rows, cols = artist.get_coordinates().shape[:2]
        return (rows - 1) * (cols - 1) > DENSE
    if isinstance(artist, Collection):  # scatters, meshes, filled contours, line collections
        return max(len(artist.get_offsets()), len(artist.get_paths())) > DENSE or any(
            len(path.vertices) > 10 * DENSE for path in artist.get_paths())
    if isinstance(artist, Line2D):
        return len(artist.get_xydata()) > 10 * DENSE
    return False


def rasterize_dense(fig):
    """Mark every dense artist of ``fig`` to be drawn as an embedded image; return how many."""
    dense = [a for ax in fig.axes for a in ax.get_children() if is_dense(a)]
    for artist in dense:
        artist.set_rasterized(True)
    return len(dense)


def save(fig, path):
    """Write ``fig`` to ``path`` as SVG, dense parts rasterized, deterministically; close it."""
    rasterize_dense(fig)
    with warnings.catch_warnings():
        # Chinese labels are measured with a Latin font: expected, see above
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        fig.savefig(path, format="svg", bbox_inches="tight", dpi=RASTER_DPI,
                    metadata={"Date": None})
    plt.close(fig)
