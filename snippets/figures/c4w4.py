"""Figures and tables for Course 4, Week 4 (face verification and style transfer)."""

from functools import lru_cache

import numpy as np

from snippets.faces_style import (
    choose_threshold,
    embed,
    gram_matrix,
    random_features,
    synthesize_texture,
    train_triplet_embedding,
    unroll,
)
from snippets.figures.style import new_figure

TEXT = {
    "en": {
        "texture": "generated texture", "maps": "feature map {}", "gram": "Gram matrix (8 channels)",
        "channel": "channel",
        "before": "before training", "after": "after {} steps of triplet loss",
        "ap": "anchor–positive", "an": "anchor–negative", "distance": "squared distance ‖f(A) − f(·)‖²",
        "count": "triplets",
        "style": "style image", "start": "start: noise", "result": "after {} steps",
        "cost": "style cost", "step": "step",
        "verify_header": "| encoder | threshold chosen on the dev pairs | dev accuracy | test accuracy (new people) |",
        "random": "random (untrained)", "trained": "trained with the triplet loss",
    },
    "zh": {
        "texture": "生成的纹理", "maps": "特征图 {}", "gram": "格拉姆矩阵（8 个通道）",
        "channel": "通道",
        "before": "训练前", "after": "用三元组损失训练 {} 步后",
        "ap": "锚点–正例", "an": "锚点–负例", "distance": "平方距离 ‖f(A) − f(·)‖²",
        "count": "三元组数",
        "style": "风格图像", "start": "起点：噪声", "result": "{} 步之后",
        "cost": "风格代价", "step": "步数",
        "verify_header": "| 编码器 | 在开发集图像对上选出的阈值 | 开发集准确率 | 测试集准确率（新的人） |",
        "random": "随机（未训练）", "trained": "用三元组损失训练",
    },
}


def texture(n=32):
    """A generated texture: diagonal stripes with a period of 6 pixels, plus a little noise."""
    yy, xx = np.mgrid[0:n, 0:n]
    noise = np.random.default_rng(0).normal(0, 0.05, (n, n))
    return (0.5 + 0.4 * np.sin(2 * np.pi * (xx + yy) / 6.0) + noise).reshape(1, n, n, 1)


@lru_cache(maxsize=1)
def random_filters():
    rng = np.random.default_rng(1)
    return [rng.standard_normal((3, 3, 1, 8)), rng.standard_normal((5, 5, 1, 8)) / 1.7]


def draw_gram(lang):
    t = TEXT[lang]
    style = texture()
    a = random_features(style, random_filters()[:1])[0][0]
    fig, axes = new_figure(11, 2.8, ncols=4)
    axes[0].imshow(style[0, :, :, 0], cmap="gray", rasterized=True)
    axes[0].set_title(t["texture"], fontsize=9)
    for k, ax in zip((0, 1), axes[1:3]):
        ax.imshow(a[0, :, :, k], cmap="magma", rasterized=True)
        ax.set_title(t["maps"].format(k), fontsize=9)
    G = gram_matrix(unroll(a))
    image = axes[3].imshow(G, cmap="viridis", rasterized=True)
    axes[3].set_title(t["gram"], fontsize=9)
    axes[3].set_xlabel(t["channel"], fontsize=8)
    fig.colorbar(image, ax=axes[3], fraction=0.046)
    for ax in axes[:3]:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes:
        ax.grid(False)
    return fig


STEPS = 200


def identities(seed, n_people=12, per_person=8, n_x=20):
    """Synthetic "photos": a person's prototype, plus pose/light variation shared by
    everyone along three directions, plus noise. Returns (X (m, n_x), labels (m,))."""
    rng = np.random.default_rng(seed)
    nuisance = np.random.default_rng(99).standard_normal((3, n_x))      # same for all sets
    labels = np.repeat(np.arange(n_people), per_person)
    X = (0.6 * rng.standard_normal((n_people, n_x))[labels]
         + 1.5 * rng.standard_normal((len(labels), 3)) @ nuisance
         + 0.3 * rng.standard_normal((len(labels), n_x)))
    return X, labels


def pair_distances(X, labels, W, seed=0):
    """L2 distances and same-person flags of balanced pairs: every same-person pair
    and as many different-person pairs, drawn at random."""
    E = embed(X, W)
    i, j = np.triu_indices(len(X), k=1)
    same = labels[i] == labels[j]
    rng = np.random.default_rng(seed)
    pick = np.concatenate([np.flatnonzero(same), rng.choice(np.flatnonzero(~same), same.sum(), replace=False)])
    return np.linalg.norm(E[i[pick]] - E[j[pick]], axis=1), same[pick]


@lru_cache(maxsize=1)
def trained():
    X, labels = identities(seed=1)
    W, losses = train_triplet_embedding(X, labels, n_e=4, alpha=0.2, steps=STEPS, seed=0)
    W0 = np.random.default_rng(0).standard_normal(W.shape) / np.sqrt(X.shape[1])  # the start of training
    return X, labels, W0, W, losses


def triplet_distances(X, labels, W, n=300, seed=5):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, len(X), n)
    p = np.array([rng.choice(np.flatnonzero((labels == labels[i]) & (np.arange(len(X)) != i))) for i in a])
    q = np.array([rng.choice(np.flatnonzero(labels != labels[i])) for i in a])
    E = embed(X, W)
    return np.sum((E[a] - E[p]) ** 2, axis=1), np.sum((E[a] - E[q]) ** 2, axis=1)


def draw_triplets(lang):
    t = TEXT[lang]
    X_test, labels_test = identities(seed=2)                  # people never seen in training
    _, _, W0, W, _ = trained()
    fig, axes = new_figure(10, 3.4, ncols=2)
    bins = np.linspace(0, 4, 33)
    for ax, weights, title in ((axes[0], W0, t["before"]), (axes[1], W, t["after"].format(STEPS))):
        ap, an = triplet_distances(X_test, labels_test, weights)
        ax.hist(ap, bins=bins, alpha=0.6, color="C0", label=f"{t['ap']} ({ap.mean():.2f})")
        ax.hist(an, bins=bins, alpha=0.6, color="C1", label=f"{t['an']} ({an.mean():.2f})")
        ax.set_title(title, fontsize=9)
        ax.set_xlabel(t["distance"], fontsize=8)
        ax.legend(fontsize=8)
    axes[0].set_ylabel(t["count"])
    return fig


def verification_table(lang):
    t = TEXT[lang]
    X_dev, labels_dev = identities(seed=3)
    X_test, labels_test = identities(seed=2)
    _, _, W0, W, _ = trained()
    lines = [t["verify_header"], "|---|---:|---:|---:|"]
    for name, weights in (("random", W0), ("trained", W)):
        threshold, dev_acc = choose_threshold(*pair_distances(X_dev, labels_dev, weights))
        d, same = pair_distances(X_test, labels_test, weights)
        lines.append(f"| {t[name]} | {threshold:.2f} | {dev_acc:.1%} | {np.mean((d < threshold) == same):.1%} |")
    return "\n".join(lines) + "\n"


TEXTURE_STEPS = 300


@lru_cache(maxsize=1)
def synthesized():
    n = 24
    style = texture(n)
    G, costs = synthesize_texture(style, random_filters(), steps=TEXTURE_STEPS, learning_rate=0.02, seed=0)
    start = np.random.default_rng(0).uniform(style.min(), style.max(), style.shape)
    return style, start, G, costs


def draw_texture(lang):
    t = TEXT[lang]
    style, start, G, costs = synthesized()
    fig, axes = new_figure(11, 2.8, ncols=4)
    for ax, image, title in ((axes[0], style, t["style"]), (axes[1], start, t["start"]),
                             (axes[2], G, t["result"].format(TEXTURE_STEPS))):
        ax.imshow(np.clip(image[0, :, :, 0], 0, 1), cmap="gray", vmin=0, vmax=1, rasterized=True)
        ax.set_title(title, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    axes[3].semilogy(costs)
    axes[3].set_xlabel(t["step"], fontsize=8)
    axes[3].set_title(f"{t['cost']}: {costs[0]:.1e} → {costs[-1]:.1e}", fontsize=9)
    return fig


FIGURES = {"c4w4-gram": draw_gram, "c4w4-triplets": draw_triplets, "c4w4-texture": draw_texture}
TABLES = {"c4w4-verification": verification_table}
MATH_ONLY = ()
