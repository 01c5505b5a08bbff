"""Figures for Course 2, Week 3 (hyperparameter search, batch norm, softmax)."""

from functools import lru_cache

import numpy as np
from matplotlib.colors import to_rgba

from snippets.batch_norm import train_bn_network
from snippets.datasets import make_moons
from snippets.figures.style import new_figure
from snippets.softmax import make_multiclass_blobs, predict_softmax, softmax_regression
from snippets.tuning import grid_points, random_points, sample_beta, sample_log_uniform

TEXT = {
    "en": {
        "grid": "grid search: {} distinct values of α",
        "random": "random search: {} distinct values of α",
        "log_alpha": "learning rate α (log scale)",
        "epsilon": "a hyperparameter that hardly matters",
        "error": "dev error (depends on α only)",
        "best": "best trial",
        "decade": "share of samples per decade",
        "uniform": "uniform on [0.0001, 1]",
        "log_uniform": "uniform in log₁₀ α (sample_log_uniform)",
        "beta_title": "β from sample_beta(0.9, 0.999)",
        "beta_axis": "β (axis spaced by log₁₀(1 − β))",
        "count": "number of samples",
        "window": "1/(1 − β) ≈ {} steps",
        "without": "without batch norm: Z of layer {}",
        "with": "with batch norm: Z̃ of layer {}",
        "change": "medians move by up to {move:.2f}, 15–85 spreads end ×{low:.2f} to ×{high:.2f}",
        "epoch": "epoch",
        "preact": "input to the ReLU",
        "unit": "unit {}: 15th–85th percentile, median",
        "x1": "feature x₁", "x2": "feature x₂",
        "class": "class {}",
        "regions": "softmax regression, C = {}: predicted class\n(training accuracy {:.0%})",
    },
    "zh": {
        "grid": "网格搜索：α 只取了 {} 个不同的值",
        "random": "随机搜索：α 取了 {} 个不同的值",
        "log_alpha": "学习率 α（对数坐标）",
        "epsilon": "一个几乎无关紧要的超参数",
        "error": "开发集误差（只取决于 α）",
        "best": "最好的一次试验",
        "decade": "每个数量级内样本所占比例",
        "uniform": "在 [0.0001, 1] 上均匀采样",
        "log_uniform": "log₁₀ α 均匀采样（sample_log_uniform）",
        "beta_title": "sample_beta(0.9, 0.999) 采样的 β",
        "beta_axis": "β（坐标按 log₁₀(1 − β) 等距）",
        "count": "样本数",
        "window": "1/(1 − β) ≈ {} 步",
        "without": "不用批归一化：第 {} 层的 Z",
        "with": "使用批归一化：第 {} 层的 Z̃",
        "change": "中位数最多移动 {move:.2f}，15–85 百分位区间最后为原来的 ×{low:.2f} 到 ×{high:.2f}",
        "epoch": "轮次（epoch）",
        "preact": "ReLU 的输入",
        "unit": "单元 {}：第 15–85 百分位数与中位数",
        "x1": "特征 x₁", "x2": "特征 x₂",
        "class": "类别 {}",
        "regions": "softmax 回归，C = {}：预测的类别\n（训练准确率 {:.0%}）",
    },
}

COLOURS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown"]


def dev_error(log_alpha):
    """A made-up dev error that depends on the learning rate only (best at α ≈ 0.005)."""
    return 0.05 + 0.04 * (log_alpha + 2.3) ** 2


def draw_grid_vs_random(lang):
    """25 trials as a 5 x 5 grid and at random, over (log10 α, an unimportant hyperparameter)."""
    t = TEXT[lang]
    lows, highs = [-4.0, 0.0], [0.0, 1.0]
    trials = {"grid": grid_points(lows, highs, 5), "random": random_points(lows, highs, 25, rng=3)}
    fig, axes = new_figure(10.0, 4.6, ncols=2)
    r = np.linspace(-4, 0, 200)
    for ax, (name, pts) in zip(axes, trials.items()):
        ax.imshow(dev_error(r)[None, :], extent=(-4, 0, 0, 1), aspect="auto", origin="lower",
                  cmap="Greens_r", alpha=0.5)
        errors = dev_error(pts[0])
        ax.scatter(pts[0], pts[1], s=30, color="black", zorder=3)
        best = np.argmin(errors)
        ax.scatter(pts[0, best], pts[1, best], s=160, facecolors="none", edgecolors="tab:red",
                   lw=2, zorder=4, label=f"{t['best']}: {errors[best]:.3f}")
        ax.plot(pts[0], np.full(pts.shape[1], -0.04), "|", color="tab:blue", ms=12, clip_on=False)
        ax.set_title(t[name].format(len(np.unique(pts[0]))))
        ax.set_xlim(-4.15, 0.15)
        ax.set_ylim(-0.07, 1.05)
        ax.set_xticks([-4, -3, -2, -1, 0], ["0.0001", "0.001", "0.01", "0.1", "1"])
        ax.set_xlabel(t["log_alpha"])
        ax.grid(False)
        ax.legend(loc="upper right", fontsize="small")
    axes[0].set_ylabel(t["epsilon"])
    fig.set_layout_engine("constrained")
    return fig


def draw_log_scale(lang):
    """Where samples of α and β land: uniform vs log-uniform α, and sample_beta."""
    t = TEXT[lang]
    n = 10_000
    fig, (ax_a, ax_b) = new_figure(10.0, 4.0, ncols=2)
    decades = [1e-4, 1e-3, 1e-2, 1e-1, 1.0]
    uniform = np.random.default_rng(0).uniform(1e-4, 1.0, n)
    log_uniform = sample_log_uniform(1e-4, 1.0, n, rng=0)
    x = np.arange(4)
    for offset, values, colour, key in ((-0.2, uniform, "tab:gray", "uniform"),
                                        (0.2, log_uniform, "tab:green", "log_uniform")):
        shares = np.histogram(values, bins=decades)[0] / n
        ax_a.bar(x + offset, shares, width=0.4, color=colour, label=t[key])
        for xi, s in zip(x, shares):
            ax_a.annotate(f"{100 * s:.0f}%", (xi + offset, s), ha="center", va="bottom", fontsize=8)
    ax_a.set_xticks(x, ["10⁻⁴–10⁻³", "10⁻³–10⁻²", "10⁻²–10⁻¹", "10⁻¹–1"])
    ax_a.set_xlabel(t["log_alpha"])
    ax_a.set_ylabel(t["decade"])
    ax_a.set_ylim(0, 1.05)
    ax_a.legend(loc="upper left", fontsize="small")

    beta = sample_beta(0.9, 0.999, n, rng=1)
    ax_b.hist(np.log10(1 - beta), bins=np.linspace(-3, -1, 21), color="tab:purple", alpha=0.8)
    ax_b.set_xticks([-1, -2, -3], ["0.9", "0.99", "0.999"])
    ax_b.set_xlim(-0.9, -3.1)   # beta grows to the right
    for r, steps in ((-1.5, 10), (-2.5, 100)):
        ax_b.annotate(t["window"].format(f"{steps}–{10 * steps}"), (r, n / 20 * 1.08), ha="center",
                      fontsize=8)
    ax_b.set_ylim(0, n / 20 * 1.25)
    ax_b.set_title(t["beta_title"])
    ax_b.set_xlabel(t["beta_axis"])
    ax_b.set_ylabel(t["count"])
    fig.set_layout_engine("constrained")
    return fig


@lru_cache(maxsize=None)
def bn_record(batch_norm, num_epochs=60):
    """The probe's inputs to the ReLU in every layer after every epoch (both languages)."""
    X, Y = make_moons(m=600, seed=0, noise=0.2)
    return train_bn_network(X, Y, [2, 16, 16, 16, 16, 1], batch_norm=batch_norm,
                            learning_rate=0.05, num_epochs=num_epochs, mini_batch_size=32,
                            seed=1, probe=X[:, :300])[3]


def draw_bn_distribution(lang, layer=3, units=(0, 1, 2), num_epochs=60):
    """Percentiles of three units' inputs to the ReLU over training, without and with batch norm.

    The same 4-hidden-layer network, data (moons), seed and learning rate; the
    values are measured on a fixed probe of 300 training examples after every epoch.
    """
    t = TEXT[lang]
    fig, axes = new_figure(10.0, 4.2, ncols=2)
    for ax, batch_norm in zip(axes, (False, True)):
        record = bn_record(batch_norm, num_epochs)
        Z = np.array([epoch[layer - 1] for epoch in record])   # (epochs + 1, n[l], k)
        epochs = np.arange(Z.shape[0])
        moves, spreads = [], []
        for colour, unit in zip(COLOURS, units):
            low, mid, high = np.percentile(Z[:, unit, :], [15, 50, 85], axis=1)
            ax.fill_between(epochs, low, high, color=colour, alpha=0.25)
            ax.plot(epochs, mid, color=colour, lw=2, label=t["unit"].format(unit + 1))
            moves.append(abs(mid[-1] - mid[0]))
            spreads.append((high[-1] - low[-1]) / (high[0] - low[0]))
        ax.set_title(t["with" if batch_norm else "without"].format(layer) + "\n"
                     + t["change"].format(move=max(moves), low=min(spreads), high=max(spreads)),
                     fontsize="medium")
        ax.set_xlabel(t["epoch"])
    axes[0].set_ylabel(t["preact"])
    axes[1].sharey(axes[0])
    axes[0].legend(loc="upper left", fontsize="small")
    fig.set_layout_engine("constrained")
    return fig


def draw_softmax_regions(lang, C=4):
    """Decision regions of softmax regression trained on C Gaussian clouds."""
    t = TEXT[lang]
    X, labels = make_multiclass_blobs(m=400, C=C, seed=0)
    W, b, _ = softmax_regression(X, labels, C, learning_rate=0.5, num_iterations=500)
    x1, x2 = np.meshgrid(np.linspace(-7, 7, 300), np.linspace(-7, 7, 300))
    grid = np.vstack([x1.ravel(), x2.ravel()])
    regions = predict_softmax(W, b, grid).reshape(x1.shape)
    fig, ax = new_figure(5.8, 5.2)
    colours = COLOURS[:C]
    # (ContourSet objects are avoided: the figure tests read every artist's text)
    tint = np.array([to_rgba(c, alpha=0.2) for c in colours])[regions]
    edge = np.zeros(regions.shape, dtype=bool)
    edge[1:, :] |= regions[1:, :] != regions[:-1, :]
    edge[:, 1:] |= regions[:, 1:] != regions[:, :-1]
    tint[edge] = to_rgba("black")
    ax.imshow(tint, extent=(-7, 7, -7, 7), origin="lower", interpolation="nearest")
    for k, colour in enumerate(colours):
        pts = X[:, labels[0] == k]
        ax.scatter(pts[0], pts[1], s=12, color=colour, label=t["class"].format(k))
    ax.set_xlabel(t["x1"])
    ax.set_ylabel(t["x2"])
    ax.set_title(t["regions"].format(C, np.mean(predict_softmax(W, b, X) == labels)))
    ax.set_aspect("equal")
    ax.legend(loc="upper right", fontsize="small")
    return fig


FIGURES = {
    "c2w3-grid-vs-random": draw_grid_vs_random,
    "c2w3-log-scale": draw_log_scale,
    "c2w3-bn-distribution": draw_bn_distribution,
    "c2w3-softmax-regions": draw_softmax_regions,
}
