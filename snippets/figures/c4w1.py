"""Figures and tables for Course 4, Week 1 (foundations of convolutional networks)."""

from functools import lru_cache

import numpy as np
from matplotlib.patches import Rectangle

from snippets.cnn import (
    EDGE_FILTERS,
    conv_forward,
    conv_output_shape,
    detect_edges,
    pool_forward,
    time_conv_loop_vs_vectorized,
)
from snippets.figures.style import new_figure

TEXT = {
    "en": {
        "image": "generated image", "vertical": "vertical filter", "horizontal": "horizontal filter",
        "sobel": "Sobel (vertical)", "scharr": "Scharr (vertical)",
        "pad_title": "n = {}, f = {}, p = {}, s = {}\noutput {} × {}",
        "padding": "zero padding", "window": "first window", "next": "next window (stride)",
        "layer": "{} images of {}×{}×{},\n{} filters of 3×3",
        "loop": "loop (lecture)", "vectorized": "vectorized (im2col + one matrix product)",
        "seconds": "seconds per forward pass (log scale)", "speedup": "×{:,.0f}",
        "lenet_header": "| layer | activation shape | activation size | parameters |",
        "input": "input", "total": "total",
    },
    "zh": {
        "image": "生成的图像", "vertical": "垂直边缘过滤器", "horizontal": "水平边缘过滤器",
        "sobel": "Sobel（垂直）", "scharr": "Scharr（垂直）",
        "pad_title": "n = {}，f = {}，p = {}，s = {}\n输出 {} × {}",
        "padding": "零填充", "window": "第一个窗口", "next": "下一个窗口（步幅）",
        "layer": "{} 张 {}×{}×{} 的图像，\n{} 个 3×3 过滤器",
        "loop": "循环版（按课程）", "vectorized": "向量化版（im2col + 一次矩阵乘法）",
        "seconds": "每次正向传播的秒数（对数坐标）", "speedup": "×{:,.0f}",
        "lenet_header": "| 层 | 激活值形状 | 激活值大小 | 参数量 |",
        "input": "输入", "total": "合计",
    },
}


def generated_image(n=32):
    """A grey test image: a bright square and a darker disc on a mid-grey background."""
    yy, xx = np.mgrid[0:n, 0:n]
    image = np.full((n, n), 0.4)
    image[6:16, 5:15] = 1.0
    image[(yy - 21) ** 2 + (xx - 21) ** 2 < 49] = 0.0
    return image


def draw_edges(lang):
    t = TEXT[lang]
    image = generated_image()
    fig, axes = new_figure(11, 2.6, ncols=5)
    panels = [("image", image)] + [(name, detect_edges(image, EDGE_FILTERS[name]))
                                   for name in ("vertical", "horizontal", "sobel", "scharr")]
    for ax, (name, picture) in zip(axes, panels):
        limit = np.abs(picture).max()
        cmap, vmin = ("gray", 0) if name == "image" else ("RdBu_r", -limit)
        ax.imshow(picture, cmap=cmap, vmin=vmin, vmax=limit, rasterized=True)
        ax.set_title(t[name], fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    return fig


def draw_padding_stride(lang):
    t = TEXT[lang]
    cases = [(6, 3, 0, 1), (6, 3, 1, 1), (7, 3, 1, 2)]
    fig, axes = new_figure(10, 3.6, ncols=3)
    for ax, (n, f, p, s) in zip(axes, cases):
        n_out = conv_output_shape(n, f, p, s)
        Z, _ = conv_forward(np.zeros((1, n, n, 1)), np.zeros((f, f, 1, 1)), np.zeros((1, 1, 1, 1)),
                            {"stride": s, "pad": p})
        assert Z.shape[1] == n_out                       # the picture shows what the code returns
        size = n + 2 * p
        for i in range(size):
            for j in range(size):
                padded = not (p <= i < p + n and p <= j < p + n)
                ax.add_patch(Rectangle((j, size - 1 - i), 1, 1, facecolor="#dddddd" if padded else "white",
                                       edgecolor="#888888", linewidth=0.6))
                if padded:
                    ax.text(j + 0.5, size - 0.5 - i, "0", ha="center", va="center", fontsize=7, color="#777777")
        ax.add_patch(Rectangle((0, size - f), f, f, fill=False, edgecolor="C0", linewidth=2.5,
                               label=t["window"]))
        ax.add_patch(Rectangle((s, size - f), f, f, fill=False, edgecolor="C1", linewidth=2, linestyle="--",
                               label=t["next"]))
        ax.set_xlim(-0.2, size + 0.2)
        ax.set_ylim(-0.2, size + 0.2)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(t["pad_title"].format(n, f, p, s, n_out, n_out), fontsize=9)
    axes[1].add_patch(Rectangle((0, 0), 0, 0, facecolor="#dddddd", edgecolor="#888888", label=t["padding"]))
    axes[1].legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=3, fontsize=8, frameon=False)
    return fig


LAYERS = [(1, 8, 3, 4), (4, 16, 8, 8), (8, 16, 8, 16)]   # (m, n_H, n_C_prev, n_C)


@lru_cache(maxsize=1)
def timings():
    return [time_conv_loop_vs_vectorized(m=m, n_H=n, n_C_prev=c, n_C=k, repeats=2, seed=0)
            for m, n, c, k in LAYERS]


def draw_timing(lang):
    t = TEXT[lang]
    fig, ax = new_figure(7.5, 3.6)
    x = np.arange(len(LAYERS))
    loop = np.array([r["loop"] for r in timings()])
    vec = np.array([r["vectorized"] for r in timings()])
    ax.bar(x - 0.2, loop, 0.4, label=t["loop"], color="C1")
    ax.bar(x + 0.2, vec, 0.4, label=t["vectorized"], color="C0")
    for xi, lo, ve in zip(x, loop, vec):
        ax.text(xi, lo * 1.3, t["speedup"].format(lo / ve), ha="center", fontsize=9)
    ax.set_yscale("log")
    ax.set_ylim(vec.min() / 3, loop.max() * 5)
    ax.set_xticks(x, [t["layer"].format(m, n, n, c, k) for m, n, c, k in LAYERS], fontsize=8)
    ax.set_ylabel(t["seconds"])
    ax.legend(fontsize=8, loc="upper left")
    return fig


def lenet_table(lang):
    """Shapes and parameter counts of a LeNet-like network, read off real forward passes."""
    t = TEXT[lang]
    A = np.zeros((1, 32, 32, 3))
    rows = [(t["input"], A.shape[1:], 0)]
    total = 0
    for name, kind, f, s, n_C in (("CONV1 (f = 5, s = 1)", "conv", 5, 1, 6), ("POOL1 (f = 2, s = 2)", "pool", 2, 2, 0),
                                  ("CONV2 (f = 5, s = 1)", "conv", 5, 1, 16), ("POOL2 (f = 2, s = 2)", "pool", 2, 2, 0)):
        if kind == "conv":
            W, b = np.zeros((f, f, A.shape[3], n_C)), np.zeros((1, 1, 1, n_C))
            A, _ = conv_forward(A, W, b, {"stride": s, "pad": 0})
            params = W.size + b.size
        else:
            A, _ = pool_forward(A, {"f": f, "stride": s}, mode="max")
            params = 0
        rows.append((name, A.shape[1:], params))
    n = A.size
    for name, units in (("FC3", 120), ("FC4", 84), ("softmax", 10)):
        params = n * units + units
        rows.append((name, (units, 1), params))
        n = units
    lines = [t["lenet_header"], "|---|---|---:|---:|"]
    for name, shape, params in rows:
        total += params
        lines.append(f"| {name} | {' × '.join(map(str, shape))} | {int(np.prod(shape)):,} | {params:,} |")
    lines.append(f"| {t['total']} | | | {total:,} |")
    return "\n".join(lines) + "\n"


FIGURES = {
    "c4w1-edges": draw_edges,
    "c4w1-padding-stride": draw_padding_stride,
    "c4w1-timing": draw_timing,
}
TABLES = {"c4w1-lenet": lenet_table}
MATH_ONLY = ()
