"""Shared look of the site's figures.

SVG output keeps text as text (``svg.fonttype: none``), so the reader's browser
draws the labels, Chinese included, with its own fonts: nothing is embedded and
no CJK font is needed at build time. While laying out Chinese labels,
matplotlib measures them with a Latin font and warns that glyphs are missing;
``new_figure`` silences exactly that warning, on purpose.
"""

import warnings

import matplotlib.pyplot as plt

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


def new_figure(width=6.4, height=4.0, ncols=1):
    """Return (fig, axes) drawn in the site's style."""
    return plt.subplots(1, ncols, figsize=(width, height))


def save(fig, path):
    """Write ``fig`` to ``path`` as SVG, with deterministic output, and close it."""
    with warnings.catch_warnings():
        # Chinese labels are measured with a Latin font: expected, see above
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        fig.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
