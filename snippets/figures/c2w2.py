"""Figures and tables for Course 2, Week 2 (optimization algorithms)."""

from functools import lru_cache

import numpy as np
from matplotlib.collections import LineCollection

from snippets.datasets import make_moons
from snippets.deep_network import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters_deep,
    predict_deep,
    update_parameters,
)
from snippets.figures.style import new_figure
from snippets.optimization import (
    critical_point_kinds,
    elongated_quadratic,
    elongated_quadratic_gradient,
    exponential_lr_decay,
    exponentially_weighted_average,
    model,
    optimizer_path,
    random_mini_batches,
    rosenbrock,
    rosenbrock_gradient,
    saddle,
    saddle_gradient,
    schedule_lr_decay,
    update_lr,
)

TEXT = {
    "en": {
        "day": "day t", "temperature": "θₜ (noisy series)", "value": "value",
        "beta": "β = {}", "corrected": "with bias correction", "raw": "without bias correction",
        "gd": "gradient descent", "momentum": "momentum", "rmsprop": "RMSprop", "adam": "Adam",
        "start": "start", "minimum": "minimum", "w1": "w₁", "w2": "w₂",
        "epoch": "epoch", "cost": "cost J (log scale)", "step": "step",
        "f": "f(w)",
        "lr": "learning rate α", "inverse": "α₀ / (1 + 0.1·epoch)",
        "exponential": "0.95^epoch · α₀", "staircase": "α₀ / (1 + ⌊epoch / 10⌋)",
        "batch": "batch (size {size}): {per} update per epoch, cost {first:.2f} → {last:.2f}",
        "mini": "mini-batch (size {size}): {per} updates per epoch, last epoch's mean {last:.2f}",
        "sgd": "stochastic (size 1): {per} updates per epoch, costs {low:.3f} to {high:.1f}",
        "sgd_average": "stochastic, average of the last ~100 costs: {last:.2f} at the end",
        "epochs": "epochs (passes over the training set)", "batch_cost": "cost on the current batch",
        "saddle": "saddle point",
        "moons_header": "| optimizer | final cost | training accuracy |",
        "points_header": "| parameters n | 2⁻ⁿ (directions independent) | minima | maxima | saddle points |",
    },
    "zh": {
        "day": "第 t 天", "temperature": "θₜ（带噪声的序列）", "value": "数值",
        "beta": "β = {}", "corrected": "有偏差修正", "raw": "无偏差修正",
        "gd": "梯度下降", "momentum": "动量", "rmsprop": "RMSprop", "adam": "Adam",
        "start": "起点", "minimum": "最小值", "w1": "w₁", "w2": "w₂",
        "epoch": "轮次", "cost": "代价 J（对数坐标）", "step": "步数",
        "f": "f(w)",
        "lr": "学习率 α", "inverse": "α₀ / (1 + 0.1·轮次)",
        "exponential": "0.95^轮次 · α₀", "staircase": "α₀ / (1 + ⌊轮次 / 10⌋)",
        "batch": "批量（大小 {size}）：每轮 {per} 次更新，代价 {first:.2f} → {last:.2f}",
        "mini": "小批量（大小 {size}）：每轮 {per} 次更新，最后一轮平均 {last:.2f}",
        "sgd": "随机（大小 1）：每轮 {per} 次更新，代价从 {low:.3f} 到 {high:.1f}",
        "sgd_average": "随机，最近约 100 个代价的平均：最后为 {last:.2f}",
        "epochs": "轮次（遍历训练集的次数）", "batch_cost": "当前批次上的代价",
        "saddle": "鞍点",
        "moons_header": "| 优化算法 | 最终代价 | 训练集准确率 |",
        "points_header": "| 参数个数 n | 2⁻ⁿ（各方向独立） | 极小值 | 极大值 | 鞍点 |",
    },
}

COLOURS = {"gd": "tab:red", "momentum": "tab:orange", "rmsprop": "tab:green", "adam": "tab:blue"}

# Hyperparameters of the two-dimensional races: each optimizer gets a rate that suits it.
QUADRATIC_RUNS = {
    "gd": {"learning_rate": 0.09},
    "momentum": {"learning_rate": 0.09, "beta": 0.9},
    "rmsprop": {"learning_rate": 0.3, "beta2": 0.9},
    "adam": {"learning_rate": 0.5},
}
ROSENBROCK_RUNS = {  # drawn in this order: the longest path first, the others on top
    "adam": {"learning_rate": 0.05},
    "rmsprop": {"learning_rate": 0.01, "beta2": 0.9},
    "momentum": {"learning_rate": 0.002, "beta": 0.9},
    "gd": {"learning_rate": 0.001},
}
SADDLE_RUNS = {
    "gd": {"learning_rate": 0.02},
    "momentum": {"learning_rate": 0.02, "beta": 0.9},
    "rmsprop": {"learning_rate": 0.02, "beta2": 0.9},
    "adam": {"learning_rate": 0.02},
}
MOONS = {"m": 300, "seed": 0, "noise": 0.2}
MOONS_NET = {"layers_dims": [2, 5, 2, 1], "learning_rate": 0.005, "mini_batch_size": 64,
             "num_epochs": 300, "seed": 3}


def draw_ewa(lang):
    """A noisy series and its averages for three betas, with and without bias correction."""
    t = TEXT[lang]
    rng = np.random.default_rng(4)
    days = np.arange(1, 151)
    theta = 15 + 8 * np.sin(days / 20) + rng.normal(scale=3, size=days.size)
    fig, axes = new_figure(10.0, 3.8, ncols=2)
    for ax, corrected in zip(axes, (True, False)):
        ax.scatter(days, theta, s=6, color="gray", alpha=0.5, label=t["temperature"])
        for beta, colour in ((0.5, "tab:green"), (0.9, "tab:red"), (0.98, "tab:purple")):
            ax.plot(days, exponentially_weighted_average(theta, beta, corrected), color=colour,
                    lw=2, label=t["beta"].format(beta))
        ax.set_title(t["corrected"] if corrected else t["raw"])
        ax.set_xlabel(t["day"])
        ax.set_ylim(-1, 32)
    axes[0].set_ylabel(t["value"])
    axes[1].legend(loc="lower right", fontsize="small")
    return fig


def contour_lines(ax, w1, w2, f, levels):
    """Draw the level curves of f as plain lines (a ContourSet is computed, then replaced)."""
    contours = ax.contour(w1, w2, f, levels=levels)
    segments = [segment for level in contours.allsegs for segment in level]
    contours.remove()
    ax.add_collection(LineCollection(segments, colors="lightgray", linewidths=0.8))


def draw_paths(lang, value, gradient, runs, start, num_steps, box, minimum, levels):
    """Contours of a function of two variables with the path of every optimizer."""
    t = TEXT[lang]
    fig, ax = new_figure(6.4, 4.4)
    w1, w2 = np.meshgrid(np.linspace(*box[:2], 300), np.linspace(*box[2:], 300))
    contour_lines(ax, w1, w2, value(np.stack([w1, w2])), levels)
    for name, settings in runs.items():
        path = optimizer_path(gradient, start, name, num_steps=num_steps, **settings)
        ax.plot(path[0], path[1], "-o", ms=2.5 if num_steps <= 100 else 0, lw=1.5,
                color=COLOURS[name], label=t[name])
        ax.plot(path[0, -1], path[1, -1], "o", ms=8, mfc="none", mew=2, color=COLOURS[name])
    ax.plot(*start, "ks", ms=6, label=t["start"])
    ax.plot(*minimum, "k*", ms=12, label=t["minimum"])
    ax.set_xlim(*box[:2])
    ax.set_ylim(*box[2:])
    ax.set_xlabel(t["w1"])
    ax.set_ylabel(t["w2"])
    ax.grid(False)
    ax.legend(loc="upper right", fontsize="small")
    return fig


def draw_quadratic(lang):
    """The four optimizers on the elongated bowl (w1^2 + 20 w2^2) / 2."""
    return draw_paths(lang, elongated_quadratic, elongated_quadratic_gradient, QUADRATIC_RUNS,
                      (-9.0, 1.5), 40, (-10, 3, -2, 2), (0, 0),
                      np.geomspace(0.05, 80, 12))


def draw_rosenbrock(lang):
    """The four optimizers on Rosenbrock's banana valley."""
    return draw_paths(lang, rosenbrock, rosenbrock_gradient, ROSENBROCK_RUNS,
                      (-1.5, 2.0), 1000, (-2, 2, -0.5, 3), (1, 1),
                      np.geomspace(0.05, 800, 14))


@lru_cache(maxsize=None)
def moons_runs():
    """Train the same network on the moons with each optimizer: {name: (parameters, costs)}."""
    X, Y = make_moons(**MOONS)
    return {name: model(X, Y, optimizer=name, **MOONS_NET) for name in COLOURS}


def draw_moons(lang):
    """Cost per epoch of the four optimizers, same network, same learning rate."""
    t = TEXT[lang]
    fig, ax = new_figure(6.4, 4.0)
    for name, (_, costs) in moons_runs().items():
        ax.plot(np.arange(1, len(costs) + 1), costs, lw=3 if name == "gd" else 1.8,
                ls="--" if name == "momentum" else "-", color=COLOURS[name], label=t[name])
    ax.set_yscale("log")
    ax.set_xlabel(t["epoch"])
    ax.set_ylabel(t["cost"])
    ax.legend(loc="lower left")
    return fig


def moons_table(lang):
    """Markdown table: final cost and training accuracy of each optimizer on the moons."""
    t = TEXT[lang]
    X, Y = make_moons(**MOONS)
    lines = [t["moons_header"], "|---|---|---|"]
    for name, (parameters, costs) in moons_runs().items():
        accuracy = float(np.mean(predict_deep(X, parameters) == Y))
        lines.append(f"| {t[name]} | {costs[-1]:.3f} | {accuracy:.1%} |")
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=None)
def batch_costs(size, num_epochs, learning_rate, seed=0):
    """Gradient descent on the moons with mini-batches of ``size``: (epochs seen, cost on each
    batch); cached, both languages draw the same runs."""
    X, Y = make_moons(**MOONS)
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters_deep([2, 5, 2, 1], rng)
    seen, costs, m = [], [], X.shape[1]
    for epoch in range(num_epochs):
        for k, (mini_X, mini_Y) in enumerate(random_mini_batches(X, Y, size, rng)):
            AL, caches = L_model_forward(mini_X, parameters)
            costs.append(compute_cost(AL, mini_Y))
            seen.append(epoch + min(m, (k + 1) * size) / m)
            parameters = update_parameters(parameters, L_model_backward(AL, mini_Y, caches),
                                           learning_rate)
    return np.array(seen), np.array(costs)


def draw_mini_batch(lang):
    """Cost on each batch against epochs for batch, mini-batch and stochastic gradient descent."""
    t = TEXT[lang]
    X, Y = make_moons(**MOONS)
    fig, ax = new_figure(6.4, 4.0)
    m = X.shape[1]
    for size, colour, key, width in ((1, "tab:gray", "sgd", 0.3), (32, "tab:blue", "mini", 1.0),
                                     (m, "tab:red", "batch", 2.0)):
        seen, costs = batch_costs(size, num_epochs=30, learning_rate=0.1, seed=2)
        per = -(-m // size)  # updates per epoch
        label = t[key].format(size=size, per=per, first=costs[0], last=costs[-per:].mean(),
                              low=costs.min(), high=costs.max())
        ax.plot(seen, costs, lw=width, color=colour, label=label, alpha=0.5 if size == 1 else 1)
        if size == 1:
            average = exponentially_weighted_average(costs, 0.99)
            ax.plot(seen, average, lw=1.5, color="black", ls="--",
                    label=t["sgd_average"].format(last=average[-1]))
    ax.set_ylim(0, 1.2)
    ax.set_xlabel(t["epochs"])
    ax.set_ylabel(t["batch_cost"])
    ax.legend(loc="upper right")
    return fig


def draw_lr_decay(lang):
    """Three learning rate decay schedules starting from alpha_0 = 0.2."""
    t = TEXT[lang]
    epochs = np.arange(0, 61)
    fig, ax = new_figure(6.4, 3.8)
    for decay, colour, label in (
            (lambda e: update_lr(0.2, e, 0.1), "tab:blue", t["inverse"]),
            (lambda e: exponential_lr_decay(0.2, e, 0.95), "tab:green", t["exponential"]),
            (lambda e: schedule_lr_decay(0.2, e, 1.0, time_interval=10), "tab:red",
             t["staircase"])):
        ax.plot(epochs, [decay(e) for e in epochs], lw=2, color=colour, label=label,
                drawstyle="steps-post" if colour == "tab:red" else "default")
    ax.set_xlabel(t["epoch"])
    ax.set_ylabel(t["lr"])
    ax.legend()
    return fig


def draw_saddle(lang):
    """Value of f(w) = w1^2 + (w2^2 - 1)^2 per step from w = (1, 1e-6).

    w1 = 1 leads into the saddle (0, 0); w2 = 1e-6 is just off its escape direction.
    """
    t = TEXT[lang]
    fig, ax = new_figure(6.4, 3.8)
    for name, settings in SADDLE_RUNS.items():
        path = optimizer_path(saddle_gradient, (1.0, 1e-6), name, num_steps=300, **settings)
        ax.plot(saddle(path), lw=2, color=COLOURS[name], label=t[name])
    ax.axhline(1.0, color="gray", ls="--", lw=1, label=t["saddle"])
    ax.set_ylim(-0.05, 2.1)
    ax.set_xlabel(t["step"])
    ax.set_ylabel(t["f"])
    ax.legend(loc="upper right")
    return fig


@lru_cache(maxsize=None)
def critical_points(n, num_samples=20000):
    """Shares of random critical points of each kind with n parameters (once for both languages)."""
    return critical_point_kinds(n, num_samples=num_samples, seed=0)


def critical_points_table(lang, dims=(1, 2, 3, 5, 10), num_samples=20000):
    """Markdown table: kinds of random critical points as the number of parameters grows."""
    t = TEXT[lang]
    lines = [t["points_header"], "|---|---|---|---|---|"]
    for n in dims:
        kinds = critical_points(n, num_samples)
        lines.append(f"| {n} | {2.0 ** -n:.4f} | {kinds['minimum']:.4f} | "
                     f"{kinds['maximum']:.4f} | {kinds['saddle']:.4f} |")
    return "\n".join(lines) + "\n"


TABLES = {"c2w2-moons": moons_table, "c2w2-critical-points": critical_points_table}

FIGURES = {
    "c2w2-mini-batch": draw_mini_batch,
    "c2w2-ewa": draw_ewa,
    "c2w2-quadratic": draw_quadratic,
    "c2w2-rosenbrock": draw_rosenbrock,
    "c2w2-moons": draw_moons,
    "c2w2-lr-decay": draw_lr_decay,
    "c2w2-saddle": draw_saddle,
}
