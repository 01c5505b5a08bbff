"""Figures and tables for Course 1, Week 4 (deep neural networks)."""

from functools import lru_cache

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import FancyBboxPatch

from snippets.activations import relu, relu_derivative
from snippets.datasets import make_flower
from snippets.deep_network import (
    L_layer_model,
    L_model_backward,
    L_model_forward,
    initialize_parameters_deep,
    predict_deep,
)
from snippets.figures.style import new_figure

TEXT = {
    "en": {
        "shapes_header": "| layer $l$ | $n^{[l]}$ | $W^{[l]}$, $dW^{[l]}$ | $b^{[l]}$, $db^{[l]}$ "
                         "| $Z^{[l]}$, $dZ^{[l]}$ | $A^{[l]}$, $dA^{[l]}$ |",
        "any_layer": "any $l$", "input": "0 (input)",
        "parity_header": "| inputs $n$ | deep: hidden layers | deep: ReLU units "
                         "| one hidden layer, a unit per odd pattern "
                         "| one hidden layer, units reading the sum | inputs checked |",
        "all_inputs": "all {}", "sample_inputs": "{} random",
        "forward": "forward", "backward": "backward", "cache": "cache",
        "layer": "layer {}", "cost": "cost", "update": "then update every layer:",
        "iteration": "iteration", "cost_axis": "cost J",
        "net": "{}-layer {}, {} parameters: train accuracy {:.0%}",
        "x1": "x₁", "x2": "x₂", "boundary_title": "{}-layer net {}",
        "x": "x", "output": "f(x)", "pieces": "k = {}: {} pieces",
        "training_header": "| network | parameters | cost at the start | after 500 iterations "
                           "| after 2500 | after {} (last recorded) | training accuracy |",
    },
    "zh": {
        "shapes_header": "| 层 $l$ | $n^{[l]}$ | $W^{[l]}$, $dW^{[l]}$ | $b^{[l]}$, $db^{[l]}$ "
                         "| $Z^{[l]}$, $dZ^{[l]}$ | $A^{[l]}$, $dA^{[l]}$ |",
        "any_layer": "任意 $l$", "input": "0（输入）",
        "parity_header": "| 输入个数 $n$ | 深层：隐藏层数 | 深层：ReLU 单元数 "
                         "| 单隐藏层，每个奇数模式一个单元 "
                         "| 单隐藏层，单元读取输入之和 | 检验过的输入 |",
        "all_inputs": "全部 {} 个", "sample_inputs": "随机 {} 个",
        "forward": "正向", "backward": "反向", "cache": "缓存",
        "layer": "第 {} 层", "cost": "代价", "update": "然后更新每一层：",
        "iteration": "迭代次数", "cost_axis": "代价 J",
        "net": "{} 层网络 {}，{} 个参数：训练集准确率 {:.0%}",
        "x1": "x₁", "x2": "x₂", "boundary_title": "{} 层网络 {}",
        "x": "x", "output": "f(x)", "pieces": "k = {}：{} 段",
        "training_header": "| 网络 | 参数个数 | 初始代价 | 500 次迭代后 "
                           "| 2500 次后 | {} 次后（最后一次记录） | 训练集准确率 |",
    },
}


# --- the table of shapes -------------------------------------------------------

def shapes_table(lang, layer_dims=(12288, 20, 7, 5, 1), m=209):
    """Markdown table of every matrix's shape in one forward and backward pass.

    The shapes are read from real arrays: ``initialize_parameters_deep``,
    ``L_model_forward`` and ``L_model_backward`` run on random inputs.
    """
    t = TEXT[lang]
    rng = np.random.default_rng(0)
    X = rng.random((layer_dims[0], m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    parameters = initialize_parameters_deep(list(layer_dims), seed=1)
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    L = len(caches)
    grads[f"dA{L}"] = -(Y / AL - (1 - Y) / (1 - AL))
    lines = [t["shapes_header"], "|---|---|---|---|---|---|",
             f"| {t['any_layer']} | $n^{{[l]}}$ | $(n^{{[l]}}, n^{{[l-1]}})$ | $(n^{{[l]}}, 1)$ "
             "| $(n^{[l]}, m)$ | $(n^{[l]}, m)$ |"]
    assert grads["dA0"].shape == X.shape
    lines.append(f"| {t['input']} | {layer_dims[0]} | | | | `{X.shape}` |")
    for l in range(1, L + 1):
        W, b, Z = parameters[f"W{l}"], parameters[f"b{l}"], caches[l - 1][1]
        A = AL if l == L else caches[l][0][0]
        dZ = AL - Y if l == L else grads[f"dA{l}"] * relu_derivative(Z)
        assert grads[f"dW{l}"].shape == W.shape and grads[f"db{l}"].shape == b.shape
        assert dZ.shape == Z.shape and grads[f"dA{l}"].shape == A.shape
        lines.append(f"| {l} | {layer_dims[l]} | `{W.shape}` | `{b.shape}` | `{Z.shape}` | `{A.shape}` |")
    return "\n".join(lines) + "\n"


# --- parity: deep and shallow networks that compute it -------------------------

def run_relu_network(layers, X):
    """Apply ``layers`` [(W, b), ...] to X: ReLU on every layer but the last, which is linear."""
    A = X
    for W, b in layers[:-1]:
        A = relu(W @ A + b)
    W, b = layers[-1]
    return W @ A + b


def xor_tree_network(n):
    """Parity of n = 2^k bits as a tree of XORs: k hidden layers, 2(n - 1) ReLU units.

    XOR(a, b) = relu(a + b) - 2 relu(a + b - 1); the subtraction is linear, so
    it is folded into the weights of the next layer.
    """
    def pairs(k):  # k values -> 2 units per pair: (a + b, a + b - 1)
        return np.kron(np.eye(k // 2), np.ones((2, 2))), np.tile([[0.0], [-1.0]], (k // 2, 1))

    def combine(k):  # 2 units per pair -> the pair's XOR
        return np.kron(np.eye(k // 2), [[1.0, -2.0]])

    layers, k = [pairs(n)], n
    while k > 2:
        W, b = pairs(k // 2)
        layers.append((W @ combine(k), b))
        k //= 2
    layers.append((combine(2), np.zeros((1, 1))))
    return layers


def pattern_network(n):
    """One hidden layer with a unit for each of the 2^(n-1) odd-parity patterns p.

    Unit p computes relu((2p - 1) . x - (|p| - 1)): 1 if x = p, else 0. This is
    the depth-2 AND/OR circuit (a sum of minterms) written with ReLU units.
    """
    codes = np.arange(2 ** n)
    patterns = ((codes[:, None] >> np.arange(n)) & 1).astype(float)
    odd = patterns[patterns.sum(axis=1) % 2 == 1]
    hidden = (2 * odd - 1, 1 - odd.sum(axis=1, keepdims=True))
    return [hidden, (np.ones((1, len(odd))), np.zeros((1, 1)))]


def sum_network(n):
    """One hidden layer of n ReLU units on s = sum(x): s - 2 relu(s - 1) + 2 relu(s - 2) - ..."""
    hidden = (np.ones((n, n)), -np.arange(n, dtype=float).reshape(n, 1))
    out = np.where(np.arange(n) % 2 == 1, -2.0, 2.0).reshape(1, n)
    out[0, 0] = 1.0
    return [hidden, (out, np.zeros((1, 1)))]


def binary_inputs(n, limit=1024, seed=0):
    """All 2^n binary inputs as columns (n, 2^n) if 2^n <= limit, else 64 random ones."""
    if 2 ** n <= limit:
        return ((np.arange(2 ** n) >> np.arange(n)[:, None]) & 1).astype(float)
    return np.random.default_rng(seed).integers(0, 2, size=(n, 64)).astype(float)


def parity_table(lang, sizes=(2, 4, 8, 16)):
    """Markdown table: units needed for the parity of n bits, deep and shallow.

    Every network is built and checked against the parity of its inputs.
    """
    t = TEXT[lang]
    lines = [t["parity_header"], "|---|---|---|---|---|---|"]
    for n in sizes:
        X = binary_inputs(n)
        parity = X.sum(axis=0, keepdims=True) % 2
        nets = [xor_tree_network(n), pattern_network(n), sum_network(n)]
        assert all(np.array_equal(run_relu_network(net, X), parity) for net in nets)
        units = [sum(W.shape[0] for W, _ in net[:-1]) for net in nets]
        checked = (t["all_inputs"] if X.shape[1] == 2 ** n else t["sample_inputs"]).format(X.shape[1])
        lines.append(f"| {n} | {len(nets[0]) - 1} | {units[0]} | {units[1]} | {units[2]} | {checked} |")
    return "\n".join(lines) + "\n"


# --- figures ---------------------------------------------------------------------

def tent(x):
    """The tent map on [0, 1] as one layer of 2 ReLU units: 2 relu(x) - 4 relu(x - 1/2)."""
    return 2 * relu(x) - 4 * relu(x - 0.5)


def count_pieces(x, y):
    """Number of linear pieces of the piecewise linear curve through the points (x, y)."""
    slopes = np.diff(y) / np.diff(x)
    return 1 + int(np.count_nonzero(np.abs(np.diff(slopes)) > 1e-6))


def draw_sawtooth(lang):
    """The tent map composed k times: k layers of 2 units give 2^k linear pieces."""
    t = TEXT[lang]
    fig, axes = new_figure(9.6, 2.6, ncols=4)
    x = np.linspace(0, 1, 2 ** 10 + 1)
    y = x
    for k, ax in enumerate(axes, start=1):
        y = tent(y)
        ax.plot(x, y, lw=1.6, color="tab:blue")
        ax.set_title(t["pieces"].format(k, count_pieces(x, y)), fontsize="medium")
        ax.set_xlabel(t["x"])
        ax.set_xticks([0, 0.5, 1])
        ax.set_yticks([0, 1])
    axes[0].set_ylabel(t["output"])
    fig.set_layout_engine("constrained")  # laid out when saved, not now
    return fig


def box(ax, x, y, title, formulas, colour, width=2.9, height=1.25):
    """A rounded box centred at (x, y): a title line above lines of math.

    The title (which may be Chinese) and the math are separate text objects, so
    that no Chinese character goes through matplotlib's mathtext.
    """
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle="round,pad=0.05", fc=colour, ec="0.3", lw=1))
    ax.text(x, y + height / 2 - 0.08, title, ha="center", va="top", fontsize=8.5, weight="bold")
    ax.text(x, y - 0.15, formulas, ha="center", va="center", fontsize=8.5, linespacing=1.6)


def arrow(ax, start, end, text="", dashed=False, offset=(0.0, 0.1)):
    """An arrow from ``start`` to ``end`` with ``text`` near its middle."""
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": "0.25", "lw": 1.2,
                            "linestyle": "--" if dashed else "-"})
    if text:
        ax.text((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1], text,
                ha="center", va="bottom", fontsize=8.5)


def draw_blocks(lang):
    """Forward blocks that save caches, backward blocks that use them."""
    t = TEXT[lang]
    fig, ax = new_figure(11.0, 4.6)
    ax.set_xlim(-0.7, 15.0)
    ax.set_ylim(-0.8, 5.4)
    ax.axis("off")
    top, bottom, half = 4.0, 1.3, 1.45
    layers = ((2.0, "1", "0"), (6.9, "l", "l-1"), (11.8, "L", "L-1"))
    for x, l, prev in layers:
        box(ax, x, top, t["layer"].format(l), f"$Z^{{[{l}]}} = W^{{[{l}]}} A^{{[{prev}]}} + b^{{[{l}]}}$"
            f"\n$A^{{[{l}]}} = g^{{[{l}]}}(Z^{{[{l}]}})$", "#dbe9f6")
        box(ax, x, bottom, t["layer"].format(l), f"$dZ^{{[{l}]}} = dA^{{[{l}]}} * g^{{[{l}]\\prime}}"
            f"(Z^{{[{l}]}})$\n$dW^{{[{l}]}},\\ db^{{[{l}]}},\\ dA^{{[{prev}]}}$", "#fde2c8")
        arrow(ax, (x, top - 0.7), (x, bottom + 0.7), dashed=True)
        ax.text(x + 0.12, (top + bottom) / 2 + 0.12, t["cache"], ha="left", va="bottom", fontsize=8.5)
        ax.text(x + 0.12, (top + bottom) / 2 - 0.02, f"$Z^{{[{l}]}}, A^{{[{prev}]}}, W^{{[{l}]}},"
                f" b^{{[{l}]}}$", ha="left", va="top", fontsize=8.5)
        arrow(ax, (x, bottom - 0.7), (x, bottom - 0.95))
        ax.text(x, bottom - 1.0, f"$dW^{{[{l}]}},\\ db^{{[{l}]}}$", ha="center", va="top", fontsize=8.5)
    ax.text(-0.65, top + 0.95, t["forward"] + " →", fontsize=10, weight="bold", color="tab:blue")
    ax.text(-0.65, bottom + 0.95, "← " + t["backward"], fontsize=10, weight="bold", color="tab:orange")
    arrow(ax, (-0.6, top), (2.0 - half, top), "$A^{[0]} = X$")
    arrow(ax, (2.0 - half, bottom), (-0.6, bottom), "$dA^{[0]}$")
    for (x0, l0, _), (x1, _, prev1) in zip(layers, layers[1:]):
        arrow(ax, (x0 + half, top), (x1 - half, top), f"$A^{{[{l0}]}}$ ⋯ $A^{{[{prev1}]}}$")
        arrow(ax, (x1 - half, bottom), (x0 + half, bottom), f"$dA^{{[{prev1}]}}$ ⋯ $dA^{{[{l0}]}}$")
    box(ax, 14.3, top, t["cost"], "$J(A^{[L]}, Y)$", "#e3f1df", width=1.2)
    arrow(ax, (11.8 + half, top), (14.3 - 0.65, top), r"$\hat{Y}$")
    ax.plot([14.3, 14.3], [top - 0.68, bottom], color="0.25", lw=1.2)
    arrow(ax, (14.3, bottom), (11.8 + half, bottom), "$dA^{[L]}$")
    ax.text(7.15, -0.75, t["update"], ha="right", va="bottom", fontsize=9)
    assign = r"\ {:}\!\!\!=\ "  # ":=" without mathtext's gap after the colon
    ax.text(7.2, -0.75, rf"$W^{{[l]}}{assign}W^{{[l]}} - \alpha\, dW^{{[l]}}, \quad "
            rf"b^{{[l]}}{assign}b^{{[l]}} - \alpha\, db^{{[l]}}$", ha="left", va="bottom", fontsize=9)
    return fig


FLOWER_NETS = ((2, 7, 1), (2, 63, 1), (2, 20, 7, 5, 1))  # the last two: 253 parameters each


COLOURS = ("tab:red", "tab:green", "tab:blue")
REGIONS = ListedColormap(["#c6dbef", "#fdd0a2"])  # predicted 0, predicted 1


@lru_cache(maxsize=None)
def train_flower():
    """Train the nets of FLOWER_NETS on the flower data (once per process)."""
    X, Y = make_flower(m=400, seed=1)
    runs = [L_layer_model(X, Y, list(dims), learning_rate=0.3, num_iterations=5000)
            for dims in FLOWER_NETS]
    return X, Y, runs


def draw_training_curves(lang):
    """Cost every 100 iterations of two 2-layer nets and a 4-layer net on the flower data."""
    t = TEXT[lang]
    X, Y, runs = train_flower()
    fig, ax = new_figure(7.0, 4.0)
    for dims, (parameters, costs), colour in zip(FLOWER_NETS, runs, COLOURS):
        accuracy = np.mean(predict_deep(X, parameters) == Y)
        size = sum(value.size for value in parameters.values())
        ax.plot(np.arange(len(costs)) * 100, costs, color=colour, lw=2,
                label=t["net"].format(len(dims) - 1, list(dims), size, accuracy))
    ax.set_xlabel(t["iteration"])
    ax.set_ylabel(t["cost_axis"])
    ax.set_ylim(bottom=0)
    ax.legend()
    return fig


def training_table(lang):
    """Markdown table: cost at a few iterations and training accuracy of the three nets."""
    t = TEXT[lang]
    X, Y, runs = train_flower()
    last = 100 * (len(runs[0][1]) - 1)
    lines = [t["training_header"].format(last), "|---|---|---|---|---|---|---|"]
    for dims, (parameters, costs) in zip(FLOWER_NETS, runs):
        size = sum(value.size for value in parameters.values())
        accuracy = np.mean(predict_deep(X, parameters) == Y)
        lines.append(f"| `{list(dims)}` | {size} | {costs[0]:.3f} | {costs[5]:.3f} | "
                     f"{costs[25]:.3f} | {costs[-1]:.3f} | {accuracy:.1%} |")
    return "\n".join(lines) + "\n"


def draw_flower_boundaries(lang):
    """Where each trained net predicts 1, with the training points on top."""
    t = TEXT[lang]
    X, Y, runs = train_flower()
    fig, axes = new_figure(11.0, 3.9, ncols=3)
    g1, g2 = np.meshgrid(np.linspace(-4.5, 4.5, 200), np.linspace(-4.5, 4.5, 200))
    grid = np.vstack([g1.ravel(), g2.ravel()])
    for ax, dims, (parameters, _) in zip(axes, FLOWER_NETS, runs):
        labels = predict_deep(grid, parameters).reshape(g1.shape)
        ax.pcolormesh(g1, g2, labels, cmap=REGIONS, vmin=0, vmax=1, shading="auto")
        for label, marker, colour in ((0, "o", "tab:blue"), (1, "^", "tab:orange")):
            pts = X[:, Y[0] == label]
            ax.scatter(pts[0], pts[1], s=9, marker=marker, color=colour)
        ax.set_title(t["boundary_title"].format(len(dims) - 1, list(dims)), fontsize="medium")
        ax.set_xlabel(t["x1"])
        ax.set_aspect("equal")
    axes[0].set_ylabel(t["x2"])
    fig.set_layout_engine("constrained")  # laid out when saved, not now
    return fig


TABLES = {"c1w4-shapes": shapes_table, "c1w4-parity": parity_table,
          "c1w4-training": training_table}

FIGURES = {
    "c1w4-blocks": draw_blocks,
    "c1w4-sawtooth": draw_sawtooth,
    "c1w4-training-curves": draw_training_curves,
    "c1w4-flower-boundaries": draw_flower_boundaries,
}
