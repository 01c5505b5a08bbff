"""Figures for Course 5, Week 4 (transformer): positional encodings and masked attention."""

import numpy as np

from snippets.figures.style import new_figure
from snippets.transformer import (create_look_ahead_mask, positional_encoding,
                                  scaled_dot_product_attention)

TEXT = {
    "en": {
        "pe_title": "Positional encodings, 50 positions, d_model = 64",
        "dim": "dimension (even: sin, odd: cos)", "pos": "position",
        "query": "query position", "key": "key position",
        "no_mask": "self-attention, no mask", "mask": "with the look-ahead mask",
    },
    "zh": {
        "pe_title": "位置编码：50 个位置，d_model = 64",
        "dim": "维度（偶数：sin，奇数：cos）", "pos": "位置",
        "query": "查询位置", "key": "键位置",
        "no_mask": "自注意力，无掩码", "mask": "使用前瞻掩码",
    },
}


def draw_positional_encoding(lang):
    t = TEXT[lang]
    fig, ax = new_figure(7.0, 4.0)
    image = ax.pcolormesh(positional_encoding(50, 64), cmap="RdBu", vmin=-1, vmax=1, rasterized=True)
    ax.set(xlabel=t["dim"], ylabel=t["pos"], title=t["pe_title"])
    ax.invert_yaxis()
    ax.grid(False)
    fig.colorbar(image, ax=ax, fraction=0.04)
    return fig


def draw_masked_attention(lang):
    t = TEXT[lang]
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1, 8, 16)) + positional_encoding(8, 16)
    fig, axes = new_figure(8.0, 3.8, ncols=2)
    for ax, mask, title in ((axes[0], None, t["no_mask"]), (axes[1], create_look_ahead_mask(8), t["mask"])):
        _, weights = scaled_dot_product_attention(x, x, x, mask)
        image = ax.imshow(weights[0], cmap="viridis", vmin=0, vmax=1, rasterized=True)
        ax.set(xlabel=t["key"], ylabel=t["query"], title=title)
        ax.grid(False)
    fig.colorbar(image, ax=axes, fraction=0.03)
    return fig


FIGURES = {"c5w4-positional-encoding": draw_positional_encoding,
           "c5w4-masked-attention": draw_masked_attention}
MATH_ONLY = ()
