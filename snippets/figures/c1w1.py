"""Figures for Course 1, Week 1 (introduction to deep learning).

These are schematics: the housing data are made up from a seed, and the
"performance against data" curves are drawn from simple formulas to show the
shape of the argument, not measurements.
"""

import numpy as np

from snippets.figures.style import new_figure
from snippets.logistic_regression import sigmoid

TEXT = {
    "en": {
        "size": "size of the house (m²)", "price": "price (thousand €)",
        "houses": "houses (made-up data)", "relu_fit": "one ReLU unit: max(0, w·size + b)",
        "inputs": ["size", "bedrooms", "zip code", "wealth"],
        "hidden": ["family size", "walkability", "school quality"],
        "output": "price y", "input_layer": "input x", "hidden_layer": "hidden units",
        "output_layer": "output",
        "data": "amount of labelled data →", "performance": "performance →",
        "traditional": "traditional learning algorithm (SVM, logistic regression, …)",
        "small": "small neural network", "medium": "medium neural network",
        "large": "large neural network",
        "small_data": "small data:\norder unclear,\nfeatures matter most",
        "schematic": "schematic, not measured data",
        "z": "z", "slope": "slope of the activation",
        "sigmoid_slope": "sigmoid: σ′(z) = σ(z)(1 − σ(z))",
        "relu_slope": "ReLU: slope 1 for z > 0", "flat": "sigmoid: almost\nno gradient here",
        "idea": "idea", "code": "code", "experiment": "experiment",
        "cycle_note": "minutes or hours per turn: many turns per week",
    },
    "zh": {
        "size": "房屋面积（平方米）", "price": "价格（千欧元）",
        "houses": "房屋（虚构数据）", "relu_fit": "一个 ReLU 单元：max(0, w·面积 + b)",
        "inputs": ["面积", "卧室数", "邮政编码", "地区富裕程度"],
        "hidden": ["家庭人口", "步行便利程度", "学区质量"],
        "output": "价格 y", "input_layer": "输入 x", "hidden_layer": "隐藏单元",
        "output_layer": "输出",
        "data": "带标签数据的数量 →", "performance": "表现 →",
        "traditional": "传统学习算法（SVM、逻辑回归等）",
        "small": "小型神经网络", "medium": "中型神经网络", "large": "大型神经网络",
        "small_data": "数据少时：\n优劣次序不确定，\n特征工程最重要",
        "schematic": "示意图，并非实测数据",
        "z": "z", "slope": "激活函数的斜率",
        "sigmoid_slope": "sigmoid：σ′(z) = σ(z)(1 − σ(z))",
        "relu_slope": "ReLU：z > 0 时斜率为 1", "flat": "sigmoid 在这里\n几乎没有梯度",
        "idea": "想法", "code": "编码", "experiment": "实验",
        "cycle_note": "每一轮只需几分钟或几小时：一周可以转很多轮",
    },
}


def draw_housing(lang):
    """Made-up house prices against size, with a single ReLU unit fitted by eye."""
    t = TEXT[lang]
    rng = np.random.default_rng(0)
    size = rng.uniform(20, 200, 60)
    price = np.maximum(0.0, 3.0 * (size - 40) + rng.normal(0, 25, size.shape))
    fig, ax = new_figure(6.0, 3.8)
    ax.scatter(size, price, s=18, color="tab:blue", alpha=0.8, label=t["houses"])
    grid = np.linspace(0, 210, 211)
    ax.plot(grid, np.maximum(0.0, 3.0 * (grid - 40)), lw=2.5, color="tab:red",
            label=t["relu_fit"])
    ax.set_xlabel(t["size"])
    ax.set_ylabel(t["price"])
    ax.legend(loc="upper left")
    return fig


def draw_housing_network(lang):
    """Four inputs, three hidden units named by what they might learn, one output."""
    t = TEXT[lang]
    fig, ax = new_figure(8.0, 4.6)
    layers = [(0.0, t["inputs"]), (1.0, t["hidden"]), (2.0, [t["output"]])]
    pos = [[(x, y) for y in np.linspace(1, -1, len(names)) * (len(names) - 1) / 3]
           for x, names in layers]
    meant = {(0, 0), (1, 0), (2, 1), (2, 2), (3, 2)}  # inputs the lecture links to each unit
    for a, b in ((0, 1), (1, 2)):
        for i, p in enumerate(pos[a]):
            for j, q in enumerate(pos[b]):
                strong = a == 1 or (i, j) in meant
                ax.plot([p[0], q[0]], [p[1], q[1]], color="tab:gray" if strong else "lightgray",
                        lw=1.6 if strong else 0.8, zorder=1)
    for (x, names), points in zip(layers, pos):
        for name, (px, py) in zip(names, points):
            ax.scatter([px], [py], s=500, color="white", edgecolors="tab:blue", lw=2, zorder=2)
            side = {0.0: (-0.12, "right"), 1.0: (0.0, "center"), 2.0: (0.12, "left")}[x]
            dy = 0.2 if x == 1.0 else 0.0
            ax.text(px + side[0], py + dy, name, ha=side[1], va="center", zorder=3,
                    bbox={"fc": "white", "ec": "none", "alpha": 0.85, "pad": 1})
    for x, key in ((0.0, "input_layer"), (1.0, "hidden_layer"), (2.0, "output_layer")):
        ax.text(x, -1.25, t[key], ha="center", color="tab:blue")
    ax.set_xlim(-0.9, 2.7)
    ax.set_ylim(-1.4, 1.3)
    ax.axis("off")
    return fig


def draw_scale(lang):
    """Schematic: performance against amount of data, classical methods vs networks."""
    t = TEXT[lang]
    x = np.linspace(0, 10, 300)
    curves = [("traditional", 0.45, 0.8, "tab:gray"), ("small", 0.62, 1.8, "tab:blue"),
              ("medium", 0.78, 2.8, "tab:orange"), ("large", 0.95, 4.0, "tab:green")]
    fig, ax = new_figure(7.0, 4.2)
    for key, top, scale, colour in curves:
        ax.plot(x, top * (1 - np.exp(-x / scale)), lw=2.5, color=colour, label=t[key])
    ax.axvspan(0, 2.5, color="lightgray", alpha=0.4)  # where the curves still cross
    ax.text(0.1, 0.78, t["small_data"], fontsize="small", va="top")
    ax.set_title(t["schematic"], fontsize="small", style="italic", color="dimgray")
    ax.set_xlabel(t["data"])
    ax.set_ylabel(t["performance"])
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 0.03), fontsize="small")
    return fig


def draw_activation_slopes(lang):
    """The sigmoid's slope vanishes for large |z|; ReLU's stays 1 for every z > 0."""
    t = TEXT[lang]
    z = np.linspace(-8, 8, 401)
    s = sigmoid(z)
    fig, ax = new_figure(6.0, 3.6)
    ax.plot(z, s * (1 - s), lw=2.5, color="tab:blue", label=t["sigmoid_slope"])
    ax.plot(z, (z > 0).astype(float), lw=2.5, color="tab:red", label=t["relu_slope"])
    ax.annotate(t["flat"], (6.0, 0.01), xytext=(5.0, 0.45), ha="center",
                arrowprops={"arrowstyle": "->", "color": "gray"})
    ax.set_xlabel(t["z"])
    ax.set_ylabel(t["slope"])
    ax.set_ylim(-0.05, 1.15)
    ax.legend(loc="upper left", fontsize="small")
    return fig


def draw_cycle(lang):
    """Idea -> code -> experiment -> idea."""
    t = TEXT[lang]
    fig, ax = new_figure(5.0, 3.6)
    angles = np.deg2rad([90, 210, 330])
    points = [(np.cos(a), np.sin(a)) for a in angles]
    for key, (x, y) in zip(("idea", "code", "experiment"), points):
        ax.text(x, y, t[key], ha="center", va="center", fontsize="large",
                bbox={"boxstyle": "round,pad=0.5", "fc": "white", "ec": "tab:blue", "lw": 2})
    for i in range(3):
        (x0, y0), (x1, y1) = points[i], points[(i + 1) % 3]
        ax.annotate("", (x0 + 0.75 * (x1 - x0), y0 + 0.75 * (y1 - y0)),
                    xytext=(x0 + 0.25 * (x1 - x0), y0 + 0.25 * (y1 - y0)),
                    arrowprops={"arrowstyle": "->", "lw": 2, "color": "tab:gray",
                                "connectionstyle": "arc3,rad=0.25"})
    ax.text(0, -1.05, t["cycle_note"], ha="center", fontsize="small", color="dimgray")
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.25, 1.35)
    ax.axis("off")
    return fig


FIGURES = {
    "c1w1-housing": draw_housing,
    "c1w1-housing-network": draw_housing_network,
    "c1w1-scale": draw_scale,
    "c1w1-activation-slopes": draw_activation_slopes,
    "c1w1-cycle": draw_cycle,
}
