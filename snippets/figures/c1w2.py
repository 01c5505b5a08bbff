"""Figures for Course 1, Week 2 (logistic regression)."""

from functools import lru_cache

import numpy as np

from snippets.datasets import make_blobs
from snippets.figures.style import new_figure
from snippets.logistic_regression import model, propagate, sigmoid, time_loop_vs_vectorized

TEXT = {
    "en": {
        "z": "z", "sigma": "σ(z)", "threshold": "decision threshold 0.5",
        "iteration": "iteration (hundreds)", "cost": "cost J",
        "lr": "α = {lr}: cost {cost:.3f} after {n} iterations",
        "lowest": "lowest cost {:.3f} (α = 1, {} iterations)",
        "x1": "feature x₁", "x2": "feature x₂", "class0": "y = 0", "class1": "y = 1",
        "boundary": "decision boundary wᵀx + b = 0\n(training accuracy {:.0%})",
        "seconds": "time (ms, log scale)", "loop": "for-loop", "vectorized": "vectorized",
        "dot": "dot product\n(n = 100 000)", "propagate": "propagate\n(n_x = 20, m = 1000)",
        "speedup": "×{:.0f} faster",
        "header": "| quantity | shape | here (n_x = {n_x}, m = {m}) | code |",
        "scalar": "scalar",
    },
    "zh": {
        "z": "z", "sigma": "σ(z)", "threshold": "决策阈值 0.5",
        "iteration": "迭代次数（百次）", "cost": "代价 J",
        "lr": "α = {lr}：{n} 次迭代后代价为 {cost:.3f}",
        "lowest": "最低代价 {:.3f}（α = 1，{} 次迭代）",
        "x1": "特征 x₁", "x2": "特征 x₂", "class0": "y = 0", "class1": "y = 1",
        "boundary": "决策边界 wᵀx + b = 0\n（训练准确率 {:.0%}）",
        "seconds": "耗时（毫秒，对数坐标）", "loop": "for 循环", "vectorized": "向量化",
        "dot": "点积\n(n = 100 000)", "propagate": "propagate\n(n_x = 20, m = 1000)",
        "speedup": "快 {:.0f} 倍",
        "header": "| 量 | 形状 | 本例（n_x = {n_x}，m = {m}） | 代码 |",
        "scalar": "标量",
    },
}


def draw_sigmoid(lang):
    """The logistic function with its 0.5 threshold."""
    t = TEXT[lang]
    fig, ax = new_figure(6.0, 3.6)
    z = np.linspace(-8, 8, 401)
    ax.plot(z, sigmoid(z), lw=2.5, color="tab:blue", label=t["sigma"])
    ax.axhline(0.5, ls="--", color="gray", lw=1, label=t["threshold"])
    ax.axvline(0.0, color="gray", lw=0.8)
    ax.set_xlabel(t["z"])
    ax.set_ylabel(t["sigma"])
    ax.set_ylim(-0.05, 1.05)
    ax.legend(loc="upper left")
    return fig


@lru_cache(maxsize=None)
def learning_rate_costs(learning_rate, iterations):
    """Costs every 100 iterations of logistic regression on the blobs data (both languages)."""
    X, Y = make_blobs(m=300, seed=1, separation=2.5)
    return model(X, Y, X, Y, num_iterations=iterations, learning_rate=learning_rate)["costs"]


def draw_learning_rates(lang):
    """Cost every 100 iterations for three learning rates on the blobs data, with the
    lowest cost (a long run with a large rate: the cost is convex) as a dashed line."""
    t = TEXT[lang]
    fig, ax = new_figure(6.0, 3.8)
    iterations = 3000
    for lr, colour in ((0.001, "tab:red"), (0.01, "tab:orange"), (0.1, "tab:green")):
        costs = learning_rate_costs(lr, iterations)
        ax.plot(np.arange(len(costs)), costs, marker="o", ms=3, color=colour,
                label=t["lr"].format(lr=lr, cost=costs[-1], n=100 * (len(costs) - 1)))
    long_run = 5000
    lowest = learning_rate_costs(1.0, long_run)[-1]
    ax.axhline(lowest, ls="--", color="gray", lw=1, label=t["lowest"].format(lowest, long_run))
    ax.set_xlabel(t["iteration"])
    ax.set_ylabel(t["cost"])
    ax.legend()
    return fig


def draw_decision_boundary(lang):
    """Training data and the line where the trained model's output is 0.5."""
    t = TEXT[lang]
    X, Y = make_blobs(m=300, seed=1, separation=2.5)
    d = model(X, Y, X, Y, num_iterations=2000, learning_rate=0.5)
    w, b = d["w"].ravel(), d["b"]
    accuracy = d["train_accuracy"]
    fig, ax = new_figure(5.6, 4.4)
    for label, marker, colour in ((0, "o", "tab:blue"), (1, "^", "tab:orange")):
        pts = X[:, Y[0] == label]
        ax.scatter(pts[0], pts[1], s=16, marker=marker, color=colour, alpha=0.8,
                   label=t[f"class{label}"])
    x1 = np.linspace(X[0].min(), X[0].max(), 2)
    ax.plot(x1, -(w[0] * x1 + b) / w[1], color="black", lw=2,
            label=t["boundary"].format(accuracy))
    ax.set_ylim(X[1].min() - 0.5, X[1].max() + 0.5)
    ax.set_xlabel(t["x1"])
    ax.set_ylabel(t["x2"])
    ax.legend(loc="lower right", fontsize="small")
    return fig


@lru_cache(maxsize=None)
def timings():
    """Loop and vectorized times, measured once so that both languages show the same numbers."""
    return time_loop_vs_vectorized(n=100_000, n_x=20, m=1_000, repeats=3)


def draw_timing(lang):
    """Loop against vectorized time for a dot product and for ``propagate``."""
    t = TEXT[lang]
    timings_ = timings()
    fig, ax = new_figure(6.0, 3.8)
    x = np.arange(2)
    loops = np.array([timings_["dot"][0], timings_["propagate"][0]]) * 1e3
    vecs = np.array([timings_["dot"][1], timings_["propagate"][1]]) * 1e3
    ax.bar(x - 0.2, loops, width=0.4, color="tab:red", label=t["loop"])
    ax.bar(x + 0.2, vecs, width=0.4, color="tab:green", label=t["vectorized"])
    for i in range(2):
        ax.annotate(t["speedup"].format(loops[i] / vecs[i]), (x[i], loops[i]),
                    ha="center", va="bottom")
    ax.set_yscale("log")
    ax.set_xticks(x, [t["dot"], t["propagate"]])
    ax.set_ylabel(t["seconds"])
    ax.set_ylim(top=loops.max() * 5)
    ax.legend(loc="upper right")
    return fig


def shapes_table(lang, n_x=4, m=5):
    """Markdown table of the shapes in one vectorized pass, measured on real arrays."""
    t = TEXT[lang]
    rng = np.random.default_rng(0)
    X, w, b = rng.normal(size=(n_x, m)), rng.normal(size=(n_x, 1)), 0.5
    Y = (rng.random((1, m)) > 0.5).astype(float)
    Z = w.T @ X + b
    A = sigmoid(Z)
    grads, cost = propagate(w, b, X, Y)
    rows = [
        ("$X$", "$(n_x, m)$", X.shape, "`X`"),
        ("$w$, $dw$", "$(n_x, 1)$", grads["dw"].shape, '`w`, `grads["dw"]`'),
        ("$b$, $db$", t["scalar"], np.shape(grads["db"]), '`b`, `grads["db"]`'),
        ("$Z$, $A$, $dZ$", "$(1, m)$", (A - Y).shape, "`Z`, `A`, `dZ`"),
        ("$J$", t["scalar"], np.shape(cost), "`cost`"),
    ]
    lines = [t["header"].format(n_x=n_x, m=m), "|---|---|---|---|"]
    lines += [f"| {q} | {s} | `{shape}` | {code} |" for q, s, shape, code in rows]
    return "\n".join(lines) + "\n"


TABLES = {"c1w2-shapes": shapes_table}

MATH_ONLY = {"c1w2-sigmoid"}  # its labels are the symbols z and σ(z)

FIGURES = {
    "c1w2-sigmoid": draw_sigmoid,
    "c1w2-learning-rates": draw_learning_rates,
    "c1w2-decision-boundary": draw_decision_boundary,
    "c1w2-timing": draw_timing,
}
