"""Figures and tables for Course 1, Week 3 (shallow neural networks)."""

from functools import lru_cache

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D

from snippets.activations import (
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    sigmoid_derivative,
    tanh,
    tanh_derivative,
)
from snippets.datasets import make_flower
from snippets.figures.style import new_figure
from snippets.logistic_regression import model
from snippets.logistic_regression import predict as predict_logistic
from snippets.logistic_regression import sigmoid
from snippets.shallow_network import (
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    nn_model,
    predict,
    update_parameters,
)

HIDDEN_SIZES = (1, 2, 3, 4, 5, 20, 50)
ITERATIONS = 10_000
INIT_STEPS = 2000
LEAKY_ALPHA = 0.1  # larger than the default 0.01, so that the slope is visible

TEXT = {
    "en": {
        "z": "z", "g": "g(z)", "dg": "g′(z)",
        "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU",
        "leaky": f"leaky ReLU (α = {LEAKY_ALPHA})",
        "x1": "x₁", "x2": "x₂", "class0": "y = 0", "class1": "y = 1",
        "logistic": "logistic regression\ntraining accuracy {:.0%}",
        "network": "tanh hidden layer, n_h = {}\ntraining accuracy {:.0%}",
        "hidden": "n_h = {}: accuracy {:.0%}",
        "note": "{} iterations,\nlearning rate α = {}",
        "shapes_header": "| quantity | shape | here (n_x = {n_x}, n_h = {n_h}, m = {m}) | code |",
        "init_header": ("| initialization | saturated hidden activations at start | cost at start "
                        f"| distinct hidden units after {INIT_STEPS} steps "
                        f"| training accuracy after {INIT_STEPS} steps |"),
        "zeros": "all zeros", "constant": "every weight 0.5",
        "random": "random × {}", "course": "random × 0.01 (the course)",
    },
    "zh": {
        "z": "z", "g": "g(z)", "dg": "导数 g′(z)",
        "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU",
        "leaky": f"带泄漏 ReLU（α = {LEAKY_ALPHA}）",
        "x1": "x₁", "x2": "x₂", "class0": "y = 0", "class1": "y = 1",
        "logistic": "逻辑回归\n训练准确率 {:.0%}",
        "network": "tanh 隐藏层，n_h = {}\n训练准确率 {:.0%}",
        "hidden": "n_h = {}：准确率 {:.0%}",
        "note": "迭代 {} 次，\n学习率 α = {}",
        "shapes_header": "| 量 | 形状 | 本例（n_x = {n_x}，n_h = {n_h}，m = {m}） | 代码 |",
        "init_header": (f"| 初始化方式 | 初始时饱和的隐藏激活值占比 | 初始代价 "
                        f"| {INIT_STEPS} 步后不同隐藏单元的个数 | {INIT_STEPS} 步后的训练准确率 |"),
        "zeros": "全零", "constant": "所有权重都为 0.5",
        "random": "随机 × {}", "course": "随机 × 0.01（课程的做法）",
    },
}


def draw_activations(lang):
    """The four activations (solid) and their derivatives (dashed), one panel each."""
    t = TEXT[lang]
    fig, axes = new_figure(12.0, 3.2, ncols=4)
    z = np.linspace(-4, 4, 401)
    panels = [
        ("sigmoid", sigmoid, sigmoid_derivative),
        ("tanh", tanh, tanh_derivative),
        ("relu", relu, relu_derivative),
        ("leaky", lambda v: leaky_relu(v, LEAKY_ALPHA),
         lambda v: leaky_relu_derivative(v, LEAKY_ALPHA)),
    ]
    for ax, (key, g, dg) in zip(axes, panels):
        ax.plot(z, g(z), lw=2.2, color="tab:blue", label=t["g"])
        ax.plot(z, dg(z), lw=1.8, ls="--", color="tab:red", label=t["dg"])
        ax.axhline(0, color="gray", lw=0.8)
        ax.axvline(0, color="gray", lw=0.8)
        ax.set_title(t[key])
        ax.set_xlabel(t["z"])
        ax.set_ylim(-1.2, 2.2)
    axes[0].legend(loc="upper left", fontsize="small")
    fig.set_layout_engine("constrained")
    return fig


@lru_cache(maxsize=None)
def flower():
    """The week's data set (cached: several figures use it)."""
    return make_flower(m=400, seed=1)


@lru_cache(maxsize=None)
def trained_network(n_h):
    """Parameters of a network with n_h tanh units trained on the flower data."""
    X, Y = flower()
    return nn_model(X, Y, n_h, num_iterations=ITERATIONS, learning_rate=1.2, seed=2)[0]


@lru_cache(maxsize=None)
def trained_logistic():
    """(w, b) of logistic regression trained on the flower data."""
    X, Y = flower()
    d = model(X, Y, X, Y, num_iterations=2000, learning_rate=0.5)
    return d["w"], d["b"]


def plot_boundary(ax, classify, t):
    """Shade the plane by the class ``classify`` gives each point; scatter the data on top."""
    X, Y = flower()
    x1, x2 = np.meshgrid(np.linspace(-4.5, 4.5, 240), np.linspace(-4.5, 4.5, 240))
    labels = classify(np.vstack([x1.ravel(), x2.ravel()])).reshape(x1.shape)
    ax.imshow(labels, origin="lower", extent=(-4.5, 4.5, -4.5, 4.5), interpolation="nearest",
              cmap=ListedColormap(["#c6dbef", "#fdd0a2"]), vmin=0, vmax=1)
    for label, marker, colour in ((0, "o", "tab:blue"), (1, "^", "tab:orange")):
        pts = X[:, Y[0] == label]
        ax.scatter(pts[0], pts[1], s=9, marker=marker, color=colour, alpha=0.85,
                   label=t[f"class{label}"])
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])


def accuracy(labels):
    """Share of training examples whose predicted label is right."""
    return float(np.mean(labels == flower()[1]))


def draw_flower(lang):
    """Logistic regression against a 4-unit tanh network on the flower data."""
    t = TEXT[lang]
    X, _ = flower()
    fig, (left, right) = new_figure(9.0, 4.6, ncols=2)
    w, b = trained_logistic()
    plot_boundary(left, lambda P: predict_logistic(w, b, P), t)
    left.set_title(t["logistic"].format(accuracy(predict_logistic(w, b, X))))
    parameters = trained_network(4)
    plot_boundary(right, lambda P: predict(parameters, P), t)
    right.set_title(t["network"].format(4, accuracy(predict(parameters, X))))
    left.set_xlabel(t["x1"])
    left.set_ylabel(t["x2"])
    right.legend(loc="lower right", fontsize="small")
    fig.set_layout_engine("constrained")
    return fig


def draw_hidden_sizes(lang):
    """Decision boundaries for several hidden-layer sizes, training accuracy in each title."""
    t = TEXT[lang]
    X, _ = flower()
    fig, ax = new_figure(12.0, 6.4)
    ax.remove()
    axes = fig.subplots(2, 4).ravel()
    for panel, n_h in zip(axes, HIDDEN_SIZES):
        parameters = trained_network(n_h)
        plot_boundary(panel, lambda P: predict(parameters, P), t)
        panel.set_title(t["hidden"].format(n_h, accuracy(predict(parameters, X))), fontsize="medium")
    key = axes[-1]
    key.axis("off")
    handles = [Line2D([], [], ls="", marker=m, color=c, label=t[f"class{k}"])
               for k, m, c in ((0, "o", "tab:blue"), (1, "^", "tab:orange"))]
    key.legend(handles=handles, loc="upper center")
    key.text(0.5, 0.35, t["note"].format(ITERATIONS, 1.2), ha="center", va="center",
             transform=key.transAxes)
    fig.set_layout_engine("constrained")
    return fig


def shapes_table(lang, n_h=4):
    """Markdown table of the shapes in one forward and backward pass on the flower data."""
    t = TEXT[lang]
    X, Y = flower()
    parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0])
    A2, cache = forward_propagation(X, parameters)
    grads = backward_propagation(parameters, cache, X, Y)
    rows = [
        ("$X$", "$(n^{[0]}, m)$", X.shape, "`X`"),
        ("$W^{[1]}$, $dW^{[1]}$", "$(n^{[1]}, n^{[0]})$", grads["dW1"].shape, '`W1`, `grads["dW1"]`'),
        ("$b^{[1]}$, $db^{[1]}$", "$(n^{[1]}, 1)$", grads["db1"].shape, '`b1`, `grads["db1"]`'),
        ("$Z^{[1]}$, $A^{[1]}$", "$(n^{[1]}, m)$", cache["A1"].shape, '`cache["Z1"]`, `cache["A1"]`'),
        ("$W^{[2]}$, $dW^{[2]}$", "$(n^{[2]}, n^{[1]})$", grads["dW2"].shape, '`W2`, `grads["dW2"]`'),
        ("$b^{[2]}$, $db^{[2]}$", "$(n^{[2]}, 1)$", grads["db2"].shape, '`b2`, `grads["db2"]`'),
        ("$Z^{[2]}$, $A^{[2]}$, $Y$", "$(n^{[2]}, m)$", A2.shape, '`cache["Z2"]`, `A2`, `Y`'),
    ]
    lines = [t["shapes_header"].format(n_x=X.shape[0], n_h=n_h, m=X.shape[1]), "|---|---|---|---|"]
    lines += [f"| {q} | {s} | `{shape}` | {code} |" for q, s, shape, code in rows]
    return "\n".join(lines) + "\n"


def train_from(parameters, steps):
    """Run ``steps`` gradient descent steps (alpha = 1.2) on the flower data from ``parameters``."""
    X, Y = flower()
    for _ in range(steps):
        _, cache = forward_propagation(X, parameters)
        parameters = update_parameters(parameters, backward_propagation(parameters, cache, X, Y), 1.2)
    return parameters


def distinct_units(parameters):
    """Number of different hidden units: distinct rows of [W1 | b1] (to 8 decimals)."""
    rows = np.hstack([parameters["W1"], parameters["b1"]])
    return np.unique(np.round(rows, 8), axis=0).shape[0]


@lru_cache(maxsize=None)
def initialization_runs(n_h=4):
    """[(name key, scale, share of saturated units, start cost, distinct units, accuracy)]
    for five initializations and 2000 steps from each (once for both languages)."""
    X, Y = flower()
    zeros = {k: np.zeros_like(v) for k, v in initialize_parameters(2, n_h, 1).items()}
    constant = {k: (np.full_like(v, 0.5) if k[0] == "W" else v) for k, v in zeros.items()}
    inits = [("zeros", None, zeros), ("constant", None, constant),
             ("course", None, initialize_parameters(2, n_h, 1, seed=2, scale=0.01))]
    inits += [("random", s, initialize_parameters(2, n_h, 1, seed=2, scale=s)) for s in (10, 100)]
    rows = []
    for key, scale, start in inits:
        A2, cache = forward_propagation(X, start)
        end = train_from(start, INIT_STEPS)
        rows.append((key, scale, np.mean(np.abs(cache["A1"]) > 0.99), compute_cost(A2, Y),
                     distinct_units(end), accuracy(predict(end, X))))
    return rows


def initialization_table(lang, n_h=4):
    """Markdown table: how five initializations start and where 2000 steps take them."""
    t = TEXT[lang]
    lines = [t["init_header"], "|---|---|---|---|---|"]
    for key, scale, saturated, cost, distinct, acc in initialization_runs(n_h):
        lines.append(f"| {t[key].format(scale)} | {saturated:.0%} "
                     f"| {cost:.3f} | {distinct} / {n_h} | {acc:.1%} |")
    return "\n".join(lines) + "\n"


TABLES = {"c1w3-shapes": shapes_table, "c1w3-initialization": initialization_table}

FIGURES = {
    "c1w3-activations": draw_activations,
    "c1w3-flower": draw_flower,
    "c1w3-hidden-sizes": draw_hidden_sizes,
}
