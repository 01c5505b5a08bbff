"""Figures and tables for Course 4, Week 2 (case studies)."""

from functools import lru_cache

import numpy as np

from snippets.cnn_architectures import (
    ALEXNET,
    GOOGLENET,
    LENET5,
    VGG16,
    colour_shift,
    compound_scaling,
    conv_cost,
    count_parameters,
    depthwise_separable_cost,
    layer_parameters,
    mirror,
    mobilenet_v2_block_cost,
    pca_colour_augmentation,
    random_crop,
    train_deep_dense,
)
from snippets.figures.style import new_figure

TEXT = {
    "en": {
        "plain": "5×5 convolution", "bottleneck": "1×1 bottleneck (16) + 5×5",
        "separable": "depthwise 5×5 + pointwise 1×1",
        "mults": "multiplications", "params": "parameters",
        "cost_title": "28×28×192 → 28×28×32",
        "original": "original", "mirror": "mirror", "crop": "random crop 24×24",
        "shift": "colour shift (+0.2, 0, −0.2)", "pca": "PCA colour augmentation",
        "layers": "number of layers", "train_error": "training error after {} Adam steps",
        "plain_net": "plain network", "residual_net": "residual network",
        "classic_header": "| network | layers counted | parameters |",
        "cost_header": "| design | multiplications | parameters | ratio to the 5×5 convolution |",
        "mobile_header": "| step | output | multiplications |",
        "expansion": "1×1 expansion", "depthwise": "3×3 depthwise", "projection": "1×1 projection",
        "block_total": "whole block", "same_conv": "ordinary 3×3 convolution at the expanded width",
        "depth_header": "| layers | plain network | residual network |",
        "eff_header": "| φ | depth × | width × | resolution × | resolution (from 224) | multiplications × |",
    },
    "zh": {
        "plain": "5×5 卷积", "bottleneck": "1×1 瓶颈层（16）+ 5×5",
        "separable": "深度 5×5 + 逐点 1×1",
        "mults": "乘法次数", "params": "参数量",
        "cost_title": "28×28×192 → 28×28×32",
        "original": "原图", "mirror": "镜像", "crop": "随机裁剪 24×24",
        "shift": "色彩偏移（+0.2, 0, −0.2）", "pca": "PCA 色彩增强",
        "layers": "层数", "train_error": "Adam 训练 {} 步后的训练误差",
        "plain_net": "普通网络", "residual_net": "残差网络",
        "classic_header": "| 网络 | 计入的层 | 参数量 |",
        "cost_header": "| 设计 | 乘法次数 | 参数量 | 与 5×5 卷积之比 |",
        "mobile_header": "| 步骤 | 输出 | 乘法次数 |",
        "expansion": "1×1 扩展", "depthwise": "3×3 深度卷积", "projection": "1×1 投影",
        "block_total": "整个模块", "same_conv": "扩展宽度下的普通 3×3 卷积",
        "depth_header": "| 层数 | 普通网络 | 残差网络 |",
        "eff_header": "| φ | 深度 × | 宽度 × | 分辨率 × | 分辨率（从 224 起） | 乘法次数 × |",
    },
}


def cost_rows():
    """(name, multiplications, parameters) of the three designs of the inception example."""
    plain = conv_cost(28, 5, 192, 32)
    bottleneck = conv_cost(28, 1, 192, 16) + conv_cost(28, 5, 16, 32)
    separable = sum(depthwise_separable_cost(28, 5, 192, 32))
    return [("plain", plain, layer_parameters(("conv", 5, 192, 32))),
            ("bottleneck", bottleneck, layer_parameters(("conv", 1, 192, 16)) + layer_parameters(("conv", 5, 16, 32))),
            ("separable", separable, 5 * 5 * 192 + 192 + layer_parameters(("conv", 1, 192, 32)))]


def draw_cost(lang):
    t = TEXT[lang]
    rows = cost_rows()
    fig, axes = new_figure(10, 3.4, ncols=2)
    for ax, column, label in ((axes[0], 1, "mults"), (axes[1], 2, "params")):
        values = [r[column] for r in rows]
        ax.barh(range(3), values, color=["C1", "C0", "C2"])
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:,}", va="center", fontsize=8)
        ax.set_yticks(range(3), [t[r[0]] for r in rows] if column == 1 else [""] * 3, fontsize=8)
        ax.set_xlim(0, max(values) * 1.45)
        ax.set_xlabel(t[label])
        ax.invert_yaxis()
    fig.suptitle(t["cost_title"], fontsize=10)
    return fig


def generated_colour_image(n=32):
    """A colour test image: a red square, a blue disc and a green stripe on a yellowish ground."""
    yy, xx = np.mgrid[0:n, 0:n]
    image = np.ones((n, n, 3)) * [0.85, 0.8, 0.55]
    image[4:14, 3:13] = [0.85, 0.15, 0.1]
    image[(yy - 21) ** 2 + (xx - 20) ** 2 < 40] = [0.15, 0.3, 0.85]
    image[24:28, :] = [0.2, 0.65, 0.25]
    return image


def draw_augment(lang):
    t = TEXT[lang]
    image = generated_colour_image()
    panels = [("original", image), ("mirror", mirror(image)), ("crop", random_crop(image, 24, seed=3)),
              ("shift", colour_shift(image, [0.2, 0.0, -0.2])),
              ("pca", pca_colour_augmentation(image, std=2.0, seed=1)[0])]
    fig, axes = new_figure(11, 2.6, ncols=5)
    for ax, (name, picture) in zip(axes, panels):
        ax.imshow(picture, rasterized=True)
        ax.set_title(t[name], fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    return fig


BLOCKS, SEEDS, STEPS = (1, 4, 8, 16), (0, 1, 2), 200


@lru_cache(maxsize=1)
def depth_experiment():
    """Final training error of plain and residual dense nets on a 4 x 4 checkerboard.

    Same data, width, optimizer, learning rate and number of steps for both; the
    residual branches' second layer starts at a tenth of the He scale, so each
    block starts close to the identity. Returns {residual: (len(BLOCKS), len(SEEDS))}.
    """
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (2, 200))
    Y = ((np.floor(X[0] * 2) + np.floor(X[1] * 2)) % 2).reshape(1, -1)
    return {residual: np.array([[train_deep_dense(X, Y, blocks, residual, width=8, steps=STEPS,
                                                  learning_rate=0.005, seed=seed,
                                                  branch_scale=0.1 if residual else 1.0)[-1]
                                 for seed in SEEDS] for blocks in BLOCKS])
            for residual in (False, True)}


def n_layers(blocks):
    return 2 * blocks + 2          # input layer, two per block, output layer


def draw_depth(lang):
    t = TEXT[lang]
    results = depth_experiment()
    fig, ax = new_figure(6.4, 3.6)
    layers = [n_layers(b) for b in BLOCKS]
    for residual, colour, label in ((False, "C1", "plain_net"), (True, "C0", "residual_net")):
        errors = results[residual]
        ax.plot(layers, errors.mean(axis=1), "o-", color=colour, label=t[label])
        for x, row in zip(layers, errors):
            ax.scatter([x] * len(row), row, color=colour, alpha=0.35, s=14)
    ax.set_xlabel(t["layers"])
    ax.set_ylabel(t["train_error"].format(STEPS))
    ax.set_xticks(layers)
    ax.legend(fontsize=8)
    return fig


def depth_table(lang):
    """Mean training error over the seeds, the numbers the figure plots."""
    t = TEXT[lang]
    results = depth_experiment()
    lines = [t["depth_header"], "|---:|---:|---:|"]
    for i, blocks in enumerate(BLOCKS):
        lines.append(f"| {n_layers(blocks)} | {results[False][i].mean():.3f} | {results[True][i].mean():.3f} |")
    return "\n".join(lines) + "\n"


def classic_table(lang):
    t = TEXT[lang]
    lines = [t["classic_header"], "|---|---|---:|"]
    for name, layers in (("LeNet-5", LENET5), ("AlexNet", ALEXNET), ("VGG-16", VGG16), ("GoogLeNet", GOOGLENET)):
        counted = sum(1 for layer in layers if layer[0] != "pool")
        lines.append(f"| {name} | {counted} | {count_parameters(layers):,} |")
    return "\n".join(lines) + "\n"


def cost_table(lang):
    t = TEXT[lang]
    rows = cost_rows()
    lines = [t["cost_header"], "|---|---:|---:|---:|"]
    for name, mults, params in rows:
        lines.append(f"| {t[name]} | {mults:,} | {params:,} | {mults / rows[0][1]:.3f} |")
    return "\n".join(lines) + "\n"


def mobilenet_table(lang, n=32, n_c=16, t_exp=6):
    t = TEXT[lang]
    cost = mobilenet_v2_block_cost(n, n_c, t_exp, n_c)
    outputs = {"expansion": t_exp * n_c, "depthwise": t_exp * n_c, "projection": n_c}
    lines = [t["mobile_header"], "|---|---|---:|"]
    for step in ("expansion", "depthwise", "projection"):
        lines.append(f"| {t[step]} | {n} × {n} × {outputs[step]} | {cost[step]:,} |")
    lines.append(f"| {t['block_total']} | {n} × {n} × {n_c} | {sum(cost.values()):,} |")
    lines.append(f"| {t['same_conv']} | {n} × {n} × {t_exp * n_c} | {conv_cost(n, 3, t_exp * n_c, t_exp * n_c):,} |")
    return "\n".join(lines) + "\n"


def efficientnet_table(lang):
    t = TEXT[lang]
    lines = [t["eff_header"], "|---:|---:|---:|---:|---:|---:|"]
    for phi in range(5):
        s = compound_scaling(phi)
        lines.append(f"| {phi} | {s['depth']:.2f} | {s['width']:.2f} | {s['resolution']:.2f} "
                     f"| {round(224 * s['resolution'])} | {s['flops']:.2f} |")
    return "\n".join(lines) + "\n"


FIGURES = {
    "c4w2-cost": draw_cost,
    "c4w2-augment": draw_augment,
    "c4w2-depth": draw_depth,
}
TABLES = {"c4w2-classic": classic_table, "c4w2-cost": cost_table, "c4w2-mobilenet": mobilenet_table,
          "c4w2-efficientnet": efficientnet_table, "c4w2-depth": depth_table}
MATH_ONLY = ()
