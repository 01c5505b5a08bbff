"""Figures and tables for Course 2, Week 1 (practical aspects of deep learning).

Every training run happens here, at build time, and is cached per process
(``functools.cache``) so that the English and Chinese versions of a figure and
the tables drawn from the same runs train only once.
"""

from functools import cache

import numpy as np
from matplotlib.colors import ListedColormap

from snippets.datasets import make_moons, train_test_split
from snippets.figures.style import new_figure
from snippets.gradient_check import one_sided_difference, two_sided_difference
from snippets.initialization import (
    initialize_parameters_he,
    initialize_parameters_random,
    initialize_parameters_xavier,
    initialize_parameters_zeros,
    layer_activation_stds,
)
from snippets.regularization import early_stopping, model, predict

TEXT = {
    "en": {
        "x1": "x₁", "x2": "x₂", "class0": "y = 0", "class1": "y = 1",
        "train_points": "training examples", "test_points": "test examples",
        "none": "no regularization", "l2": "L2, λ = {lambd}", "dropout": "dropout, keep_prob = {kp}",
        "early": "early stopping (iteration {it})",
        "accuracy_title": "{name}\ntrain {train:.0%}, test {test:.0%}",
        "acc_header": "| training | train accuracy | test accuracy | gap | $\\sum_l \\lVert W^{[l]}\\rVert_F^2$ |",
        "layer": "layer l", "std": "standard deviation of A[l] (symmetric log scale)",
        "zeros": "zeros", "small": "random × 0.01", "large": "random × 10",
        "xavier": "Xavier, 1/n[l-1] (with ReLU)", "he": "He, 2/n[l-1]",
        "iterations": "iteration (thousands)", "cost": "cost J (log scale)",
        "init_header": "| initialization | cost at start | cost after {n} iterations | train accuracy |",
        "init_names": {"zeros": "zeros", "random": "random × 10", "he": "He"},
        "epsilon": "step ε", "error": "error of the estimate of f′(1)",
        "one_sided": "one-sided (f(θ+ε) − f(θ)) / ε", "two_sided": "two-sided (f(θ+ε) − f(θ−ε)) / 2ε",
        "slope1": "slope 1: error ∝ ε", "slope2": "slope 2: error ∝ ε²",
        "roundoff": "round-off takes over",
        "train_cost": "training cost: {stop:.3f} at the dashed line, {end:.3f} at the end",
        "dev_cost": "dev cost: {stop:.3f} at the dashed line, {end:.3f} at the end",
        "iteration": "iteration",
        "best": "lowest dev cost (iteration {it}): stop here", "cross_entropy": "cross-entropy cost",
        "degree": "degree {d}: {label}\ntrain MSE {train:.3f}, dev MSE {dev:.3f}",
        "underfit": "high bias", "right": "just right", "overfit": "high variance",
        "x": "x", "y": "y", "train_set": "training set", "dev_set": "dev set",
    },
    "zh": {
        "x1": "x₁", "x2": "x₂", "class0": "y = 0", "class1": "y = 1",
        "train_points": "训练样本", "test_points": "测试样本",
        "none": "不使用正则化", "l2": "L2，λ = {lambd}", "dropout": "随机失活，keep_prob = {kp}",
        "early": "早停（第 {it} 次迭代）",
        "accuracy_title": "{name}\n训练 {train:.0%}，测试 {test:.0%}",
        "acc_header": "| 训练方式 | 训练集准确率 | 测试集准确率 | 差距 | $\\sum_l \\lVert W^{[l]}\\rVert_F^2$ |",
        "layer": "层 l", "std": "A[l] 的标准差（对称对数坐标）",
        "zeros": "全零", "small": "随机 × 0.01", "large": "随机 × 10",
        "xavier": "Xavier，1/n[l-1]（在 ReLU 网络中）", "he": "He，2/n[l-1]",
        "iterations": "迭代次数（千次）", "cost": "代价 J（对数坐标）",
        "init_header": "| 初始化方法 | 初始代价 | {n} 次迭代后的代价 | 训练集准确率 |",
        "init_names": {"zeros": "全零", "random": "随机 × 10", "he": "He"},
        "epsilon": "步长 ε", "error": "f′(1) 估计值的误差",
        "one_sided": "单边 (f(θ+ε) − f(θ)) / ε", "two_sided": "双边 (f(θ+ε) − f(θ−ε)) / 2ε",
        "slope1": "斜率 1：误差 ∝ ε", "slope2": "斜率 2：误差 ∝ ε²",
        "roundoff": "舍入误差开始主导",
        "train_cost": "训练集代价：虚线处 {stop:.3f}，最后 {end:.3f}",
        "dev_cost": "开发集代价：虚线处 {stop:.3f}，最后 {end:.3f}",
        "iteration": "迭代次数",
        "best": "开发集代价最低（第 {it} 次迭代）：在此停止", "cross_entropy": "交叉熵代价",
        "degree": "{d} 次多项式：{label}\n训练 MSE {train:.3f}，开发 MSE {dev:.3f}",
        "underfit": "高偏差", "right": "恰到好处", "overfit": "高方差",
        "x": "x", "y": "y", "train_set": "训练集", "dev_set": "开发集",
    },
}

REGIONS = ListedColormap(["#cfe2f3", "#fde3c8"])  # predicted 0 / predicted 1
LAYERS_DIMS = [2, 50, 20, 1]  # big enough to memorise 100 noisy points
LAMBD, KEEP_PROB = 0.7, 0.5
ITERATIONS, LEARNING_RATE = 10000, 0.3


@cache
def overfit_data():
    """A small, noisy "moons" training set (100 points) and a dev and a test set of 150 each."""
    X, Y = make_moons(m=400, seed=3, noise=0.4)
    X_train, Y_train, X_rest, Y_rest = train_test_split(X, Y, test_fraction=0.75, seed=0)
    X_dev, Y_dev, X_test, Y_test = train_test_split(X_rest, Y_rest, test_fraction=0.5, seed=1)
    return X_train, Y_train, X_dev, Y_dev, X_test, Y_test


@cache
def regularization_runs():
    """{name: trained parameters} for no regularization, L2, dropout and early stopping."""
    X_train, Y_train, X_dev, Y_dev, _, _ = overfit_data()
    settings = {"none": {}, "l2": {"lambd": LAMBD}, "dropout": {"keep_prob": KEEP_PROB}}
    runs = {name: model(X_train, Y_train, LEARNING_RATE, ITERATIONS, layers_dims=LAYERS_DIMS,
                        **kwargs)[0]
            for name, kwargs in settings.items()}
    runs["early"] = early_stopping_run()[0]
    return runs


@cache
def early_stopping_run():
    """(best parameters, best iteration, train costs, dev costs) every 100 iterations."""
    X_train, Y_train, X_dev, Y_dev, _, _ = overfit_data()
    return early_stopping(X_train, Y_train, X_dev, Y_dev, learning_rate=0.05,
                          num_iterations=6000, every=100, layers_dims=LAYERS_DIMS)


def accuracy(X, Y, parameters):
    return float(np.mean(predict(X, parameters) == Y))


def run_label(t, name):
    if name == "early":
        return t["early"].format(it=early_stopping_run()[1])
    return t[name].format(lambd=LAMBD, kp=KEEP_PROB)


def accuracy_rows():
    """[(name, train accuracy, test accuracy, sum of squared Frobenius norms)]."""
    X_train, Y_train, _, _, X_test, Y_test = overfit_data()
    return [(name, accuracy(X_train, Y_train, p), accuracy(X_test, Y_test, p),
             float(sum(np.sum(p[f"W{l}"] ** 2) for l in (1, 2, 3))))
            for name, p in regularization_runs().items()]


def accuracy_table(lang):
    """Train/test accuracy of the four runs, computed from the runs themselves."""
    t = TEXT[lang]
    lines = [t["acc_header"], "|---|---|---|---|---|"]
    for name, train, test, norms in accuracy_rows():
        lines.append(f"| {run_label(t, name)} | {train:.1%} | {test:.1%} | {train - test:+.1%} "
                     f"| {norms:.1f} |")
    return "\n".join(lines) + "\n"


def draw_boundaries(lang):
    """Decision regions of the network trained without regularization, with L2, with dropout."""
    t = TEXT[lang]
    X_train, Y_train, _, _, X_test, Y_test = overfit_data()
    runs = regularization_runs()
    fig, axes = new_figure(12.0, 4.2, ncols=3)
    x1, x2 = np.meshgrid(np.linspace(-2.0, 3.0, 250), np.linspace(-1.8, 2.3, 200))
    grid = np.vstack([x1.ravel(), x2.ravel()])
    for ax, name in zip(axes, ("none", "l2", "dropout")):
        p = runs[name]
        ax.imshow(predict(grid, p).reshape(x1.shape), origin="lower", aspect="auto",
                  interpolation="nearest",
                  extent=(-2.0, 3.0, -1.8, 2.3), cmap=REGIONS, vmin=0, vmax=1)
        for label, marker, colour in ((0, "o", "tab:blue"), (1, "^", "tab:orange")):
            pts = X_train[:, Y_train[0] == label]
            ax.scatter(pts[0], pts[1], s=18, marker=marker, color=colour, edgecolor="black",
                       linewidth=0.4, label=t[f"class{label}"])
        ax.set_title(t["accuracy_title"].format(name=run_label(t, name),
                                                train=accuracy(X_train, Y_train, p),
                                                test=accuracy(X_test, Y_test, p)), fontsize=10)
        ax.set_xlabel(t["x1"])
        ax.grid(False)
    axes[0].set_ylabel(t["x2"])
    axes[0].legend(loc="lower left", fontsize="small", title=t["train_points"])
    fig.set_layout_engine("constrained")  # laid out when saved
    return fig


def draw_early_stopping(lang):
    """Training and dev cost while the unregularized network trains; the dev minimum."""
    t = TEXT[lang]
    _, best_iteration, train_costs, dev_costs = early_stopping_run()
    iterations = np.arange(len(train_costs)) * 100
    fig, ax = new_figure(6.0, 3.8)
    k = best_iteration // 100
    ax.plot(iterations, train_costs, color="tab:blue",
            label=t["train_cost"].format(stop=train_costs[k], end=train_costs[-1]))
    ax.plot(iterations, dev_costs, color="tab:red",
            label=t["dev_cost"].format(stop=dev_costs[k], end=dev_costs[-1]))
    ax.axvline(best_iteration, color="gray", ls="--", lw=1, label=t["best"].format(it=best_iteration))
    ax.set_xlabel(t["iteration"])
    ax.set_ylabel(t["cross_entropy"])
    ax.legend()
    return fig


ACTIVATION_DEPTH, ACTIVATION_WIDTH = 15, 100


def activation_stds():
    """{name: std of A[l] for l = 1..15} in a 15-layer ReLU net of width 100 per initializer."""
    X = np.random.default_rng(0).standard_normal((ACTIVATION_WIDTH, 500))
    dims = [ACTIVATION_WIDTH] * (ACTIVATION_DEPTH + 1)
    inits = {
        "zeros": initialize_parameters_zeros(dims),
        "small": initialize_parameters_random(dims, seed=1, scale=0.01),
        "large": initialize_parameters_random(dims, seed=1, scale=10.0),
        "xavier": initialize_parameters_xavier(dims, seed=1),
        "he": initialize_parameters_he(dims, seed=1),
    }
    return {name: layer_activation_stds(X, p, "relu") for name, p in inits.items()}


def draw_activation_stds(lang):
    """How the scale of the activations evolves with depth for each initializer."""
    t = TEXT[lang]
    fig, ax = new_figure(6.4, 4.2)
    styles = {"zeros": ("tab:gray", "s"), "small": ("tab:purple", "v"),
              "large": ("tab:red", "^"), "xavier": ("tab:green", "d"), "he": ("tab:blue", "o")}
    layers = np.arange(1, ACTIVATION_DEPTH + 1)
    for name, stds in activation_stds().items():
        colour, marker = styles[name]
        ax.plot(layers, stds, color=colour, marker=marker, ms=4, label=t[name])
    ax.set_yscale("symlog", linthresh=1e-3)  # the zero line can be drawn
    ax.set_yticks([0, 1, 1e5, 1e10, 1e15, 1e20, 1e25])
    ax.set_ylim(0, 1e30)
    ax.set_xlabel(t["layer"])
    ax.set_ylabel(t["std"])
    ax.set_xticks(layers[::2])
    ax.legend(fontsize="small", loc="upper left")
    return fig


INIT_ITERATIONS = 15000


@cache
def initialization_runs():
    """{name: (parameters, costs every 1000 iterations)} on a "moons" set, course's settings."""
    X, Y = make_moons(m=300, seed=1, noise=0.15)
    inits = {"zeros": initialize_parameters_zeros, "random": initialize_parameters_random,
             "he": initialize_parameters_he}
    return {name: model(X, Y, learning_rate=0.01, num_iterations=INIT_ITERATIONS,
                        layers_dims=[2, 10, 5, 1], initialization=f)
            for name, f in inits.items()}, (X, Y)


def draw_init_curves(lang):
    """Training cost per initialization."""
    t = TEXT[lang]
    runs, _ = initialization_runs()
    fig, ax = new_figure(6.0, 3.8)
    colours = {"zeros": "tab:gray", "random": "tab:red", "he": "tab:blue"}
    for name, (_, costs) in runs.items():
        ax.plot(np.arange(len(costs)), costs, marker="o", ms=3, color=colours[name],
                label=t["init_names"][name])
    ax.set_yscale("log")
    ax.set_xlabel(t["iterations"])
    ax.set_ylabel(t["cost"])
    ax.legend()
    return fig


def init_table(lang):
    """First and last cost and training accuracy of each initialization's run."""
    t = TEXT[lang]
    runs, (X, Y) = initialization_runs()
    lines = [t["init_header"].format(n=INIT_ITERATIONS), "|---|---|---|---|"]
    for name, (parameters, costs) in runs.items():
        lines.append(f"| {t['init_names'][name]} | {costs[0]:.3f} | {costs[-1]:.3f} "
                     f"| {accuracy(X, Y, parameters):.1%} |")
    return "\n".join(lines) + "\n"


def draw_difference_errors(lang):
    """Error of one-sided and two-sided differences of f(θ) = θ³ at θ = 1 against ε."""
    t = TEXT[lang]
    epsilons = np.logspace(-12, -1, 45)
    f, exact = (lambda theta: theta ** 3), 3.0
    one = np.array([abs(one_sided_difference(f, 1.0, e) - exact) for e in epsilons])
    two = np.array([abs(two_sided_difference(f, 1.0, e) - exact) for e in epsilons])
    fig, ax = new_figure(6.0, 4.0)
    ax.loglog(epsilons, one, "o-", ms=3, color="tab:red", label=t["one_sided"])
    ax.loglog(epsilons, two, "s-", ms=3, color="tab:blue", label=t["two_sided"])
    ax.loglog(epsilons, 3 * epsilons, ":", color="tab:red", label=t["slope1"])
    ax.loglog(epsilons, epsilons ** 2, ":", color="tab:blue", label=t["slope2"])
    ax.annotate(t["roundoff"], xy=(1e-10, 1e-2), ha="center")
    ax.set_ylim(1e-17, 1)
    ax.set_xlabel(t["epsilon"])
    ax.set_ylabel(t["error"])
    ax.legend(fontsize="small", loc="lower right")
    return fig


def draw_bias_variance(lang):
    """Polynomials of degree 1, 4 and 15 fitted to 20 noisy points of a sine."""
    t = TEXT[lang]
    rng = np.random.default_rng(0)
    x_train = np.clip(np.linspace(-1, 1, 20) + rng.uniform(-0.03, 0.03, 20), -1, 1)
    x_dev = rng.uniform(-1, 1, 200)
    truth = lambda x: np.sin(np.pi * x)  # noqa: E731
    y_train = truth(x_train) + rng.normal(scale=0.25, size=x_train.size)
    y_dev = truth(x_dev) + rng.normal(scale=0.25, size=x_dev.size)
    xs = np.linspace(-1, 1, 400)
    fig, axes = new_figure(12.0, 3.8, ncols=3)
    for ax, (degree, label) in zip(axes, ((1, "underfit"), (4, "right"), (15, "overfit"))):
        poly = np.polynomial.Polynomial.fit(x_train, y_train, degree)
        train_mse = np.mean((poly(x_train) - y_train) ** 2)
        dev_mse = np.mean((poly(x_dev) - y_dev) ** 2)
        ax.scatter(x_dev, y_dev, s=6, color="tab:gray", alpha=0.4, label=t["dev_set"])
        ax.scatter(x_train, y_train, s=20, color="tab:blue", label=t["train_set"])
        ax.plot(xs, poly(xs), color="tab:red", lw=2)
        ax.set_ylim(-2.5, 2.5)
        ax.set_title(t["degree"].format(d=degree, label=t[label], train=train_mse, dev=dev_mse),
                     fontsize=10)
        ax.set_xlabel(t["x"])
    axes[0].set_ylabel(t["y"])
    axes[0].legend(loc="lower right", fontsize="small")
    fig.set_layout_engine("constrained")  # laid out when saved
    return fig


TABLES = {"c2w1-accuracy": accuracy_table, "c2w1-initialization": init_table}
RESULTS = ("accuracy_rows",)  # kept for the tests (snippets/figures/__init__.py)

FIGURES = {
    "c2w1-bias-variance": draw_bias_variance,
    "c2w1-boundaries": draw_boundaries,
    "c2w1-early-stopping": draw_early_stopping,
    "c2w1-activation-stds": draw_activation_stds,
    "c2w1-init-curves": draw_init_curves,
    "c2w1-difference-errors": draw_difference_errors,
}
