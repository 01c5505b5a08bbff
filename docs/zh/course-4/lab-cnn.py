# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 实验：用 NumPy 实现的小卷积网络
#
# 本笔记本训练一个卷积网络，它只由本课经过测试的层搭成：[第 1 周](../week-1/)的 `conv_forward`、`conv_backward`、`pool_forward` 和 `pool_backward`，再加上第二课的 softmax 和 Adam 优化器。它把这个网络与一个参数量相近、训练方式相同的全连接网络作比较，然后看卷积网络学到了什么，以及两个网络如何应对平移了几个像素的图像。每次构建网站时都会执行本笔记本，所以下面的每个数字和每幅图都是真实的输出。
#
# 自己运行：克隆代码仓库，运行一次 `make serve`（它会创建 `.venv`），然后用 Jupytext 打开本文件，或者用 `PYTHONPATH=. .venv/bin/python docs/zh/course-4/lab-cnn.py` 把它当作脚本运行。

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

from snippets.cnn import (PATTERNS, conv_backward, conv_forward, make_pattern_images, pool_backward,
                          pool_forward, shift_images)
from snippets.figures.style import RC
from snippets.optimization import initialize_adam, update_parameters_with_adam
from snippets.softmax import one_hot, softmax_cross_entropy

plt.rcParams.update(RC)  # 网站的图形样式；SVG 把文字保留为文字
# 标签用拉丁字体测量尺寸；浏览器用自己的字体绘制它们。
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## 1. 数据
#
# $16 \times 16$ 的灰度图像，每幅含四种 $5 \times 5$ 图案之一（加号、斜十字、方环、横条），位置随机，亮度随机，并加有高斯噪声。位置不包含任何关于类别的信息，这正是卷积所适用的情形。

# %% alt="十六张生成的训练图像，每张标出其图案类别"
X_train, y_train = make_pattern_images(1200, size=16, seed=0)
X_test, y_test = make_pattern_images(400, size=16, seed=1)
X_central, y_central = make_pattern_images(400, size=16, seed=2, margin=3)   # for section 5
C = len(PATTERNS)
print("训练集:", X_train.shape, "测试集:", X_test.shape, "类别:", PATTERNS)

fig, axes = plt.subplots(2, 8, figsize=(10, 2.8))
for ax, image, label in zip(axes.ravel(), X_train, y_train):
    ax.imshow(image[:, :, 0], cmap="gray", rasterized=True)
    ax.set_title(PATTERNS[label], fontsize=8)
    ax.axis("off")
plt.show()

# %% [markdown]
# ## 2. 两个网络
#
# 卷积网络为 CONV（3×3，6 个过滤器，same）→ ReLU → MAXPOOL（2）→ CONV（3×3，12 个过滤器，same）→ ReLU → MAXPOOL（2）→ 在 $4 \times 4 \times 12$ 立体上的全连接 softmax 层。全连接网络有一个ReLU 隐藏层，其大小使参数量与卷积网络相近。两者都写成一个正向函数（保存反向函数需要的东西）和一个反向函数（返回供 Adam 使用的梯度）。

# %%
def relu(Z):
    return np.maximum(Z, 0.0)


def init_cnn(seed=0, n1=6, n2=12):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((3, 3, 1, n1)) * np.sqrt(2 / 9), "b1": np.zeros((1, 1, 1, n1)),
            "W2": rng.standard_normal((3, 3, n1, n2)) * np.sqrt(2 / (9 * n1)), "b2": np.zeros((1, 1, 1, n2)),
            "W3": rng.standard_normal((C, 16 * n2)) * np.sqrt(1 / (16 * n2)), "b3": np.zeros((C, 1))}


def cnn_forward(X, p):
    same = {"stride": 1, "pad": 1}
    pool = {"f": 2, "stride": 2}
    Z1, c1 = conv_forward(X, p["W1"], p["b1"], same)
    P1, q1 = pool_forward(relu(Z1), pool)
    Z2, c2 = conv_forward(P1, p["W2"], p["b2"], same)
    P2, q2 = pool_forward(relu(Z2), pool)
    F = P2.reshape(len(X), -1).T                        # (features, m): examples as columns
    logits = p["W3"] @ F + p["b3"]
    return logits, (Z1, c1, q1, Z2, c2, q2, P2.shape, F)


def cnn_backward(dlogits, p, cache):
    Z1, c1, q1, Z2, c2, q2, shape, F = cache
    m = dlogits.shape[1]
    grads = {"dW3": dlogits @ F.T / m, "db3": dlogits.sum(axis=1, keepdims=True) / m}
    dP2 = (p["W3"].T @ dlogits / m).T.reshape(shape)
    dZ2 = pool_backward(dP2, q2, mode="max") * (Z2 > 0)
    dP1, grads["dW2"], grads["db2"] = conv_backward(dZ2, c2)
    dZ1 = pool_backward(dP1, q1, mode="max") * (Z1 > 0)
    _, grads["dW1"], grads["db1"] = conv_backward(dZ1, c1)
    return grads


def init_fc(seed=0, hidden=6):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((hidden, 256)) * np.sqrt(2 / 256), "b1": np.zeros((hidden, 1)),
            "W2": rng.standard_normal((C, hidden)) * np.sqrt(1 / hidden), "b2": np.zeros((C, 1))}


def fc_forward(X, p):
    A0 = X.reshape(len(X), -1).T                        # (256, m)
    Z1 = p["W1"] @ A0 + p["b1"]
    return p["W2"] @ relu(Z1) + p["b2"], (A0, Z1)


def fc_backward(dlogits, p, cache):
    A0, Z1 = cache
    m = dlogits.shape[1]
    dZ1 = (p["W2"].T @ dlogits) * (Z1 > 0)
    return {"dW2": dlogits @ relu(Z1).T / m, "db2": dlogits.sum(axis=1, keepdims=True) / m,
            "dW1": dZ1 @ A0.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m}


def n_params(p):
    return sum(v.size for v in p.values())


print("参数量：卷积网络", n_params(init_cnn()), "全连接网络", n_params(init_fc()))

# %% [markdown]
# 训练前先在几幅图像上做梯度检验：对每一层的几个权重，把卷积网络反向函数的结果与代价的双边差分比较。

# %%
def cost(forward, X, y, p):
    return softmax_cross_entropy(forward(X, p)[0], one_hot(y, C))[0]


p, Xs, ys = init_cnn(seed=3), X_train[:5], y_train[:5]
logits, cache = cnn_forward(Xs, p)
grads = cnn_backward(softmax_cross_entropy(logits, one_hot(ys, C))[1], p, cache)
rng = np.random.default_rng(0)
for name in ("W1", "W2", "W3", "b2"):
    for _ in range(3):
        idx = tuple(rng.integers(0, s) for s in p[name].shape)
        old = p[name][idx]
        p[name][idx] = old + 1e-6
        plus = cost(cnn_forward, Xs, ys, p)
        p[name][idx] = old - 1e-6
        minus = cost(cnn_forward, Xs, ys, p)
        p[name][idx] = old
        numeric, analytic = (plus - minus) / 2e-6, grads["d" + name][idx]
        assert abs(numeric - analytic) <= 1e-6 * max(1.0, abs(numeric)), (name, numeric, analytic)
print("梯度检验通过")

# %% [markdown]
# ## 3. 用同样的方式训练两个网络
#
# 两个网络都用大小为 32 的小批量、学习率 0.01 的 Adam，训练 6 轮。

# %% alt="卷积网络与全连接网络每个小批量的训练代价"
def train(init, forward, backward, epochs=6, batch=32, learning_rate=0.01, seed=0):
    p = init(seed)
    v, s = initialize_adam(p)
    rng, t, history = np.random.default_rng(seed), 0, []
    for _ in range(epochs):
        order = rng.permutation(len(X_train))
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            logits, cache = forward(X_train[idx], p)
            J, dlogits = softmax_cross_entropy(logits, one_hot(y_train[idx], C))
            t += 1
            p, v, s, _, _ = update_parameters_with_adam(p, backward(dlogits, p, cache), v, s, t,
                                                         learning_rate)
            history.append(J)
    return p, np.array(history)


def accuracy(forward, p, X, y):
    return float(np.mean(forward(X, p)[0].argmax(axis=0) == y))


cnn, cnn_costs = train(init_cnn, cnn_forward, cnn_backward)
fc, fc_costs = train(init_fc, fc_forward, fc_backward)
results = {"卷积网络": (cnn_forward, cnn), "全连接网络": (fc_forward, fc)}
for name, (forward, p) in results.items():
    print(f"{name}：{n_params(p)} 个参数，训练集准确率 {accuracy(forward, p, X_train, y_train):.1%}，"
          f"测试集准确率 {accuracy(forward, p, X_test, y_test):.1%}")
assert accuracy(cnn_forward, cnn, X_test, y_test) >= 0.95
assert accuracy(cnn_forward, cnn, X_test, y_test) > accuracy(fc_forward, fc, X_test, y_test)

fig, ax = plt.subplots(figsize=(6.4, 3.4))
ax.plot(cnn_costs, label="卷积网络", alpha=0.8)
ax.plot(fc_costs, label="全连接网络", alpha=0.8)
ax.set_xlabel("小批量")
ax.set_ylabel("交叉熵代价")
ax.legend()
plt.show()

# %% [markdown]
# 参数量相近，卷积网络在测试集上却准确得多。它能在每个位置使用同样的 $3 \times 3$ 检测器；全连接网络则必须在每个位置分别学习每种图案，而每个位置上的样本更少。
#
# ## 4. 网络学到了什么
#
# 第一层的六个过滤器，以及一幅测试图像经过第一次卷积和 ReLU 之后的特征图。有几个过滤器是有方向的边缘或线条检测器：无论图案的笔画在哪里，它们都会响应。

# %% alt="第一层学到的 3×3 过滤器，以及一张测试图像和它经过第一层卷积与 ReLU 后的特征图"
fig, axes = plt.subplots(1, 6, figsize=(9, 1.8))
for k, ax in enumerate(axes):
    ax.imshow(cnn["W1"][:, :, 0, k], cmap="RdBu_r", rasterized=True)
    ax.set_title(f"过滤器 {k}", fontsize=8)
    ax.axis("off")
plt.show()

image = X_test[:1]
Z1, _ = conv_forward(image, cnn["W1"], cnn["b1"], {"stride": 1, "pad": 1})
fig, axes = plt.subplots(1, 7, figsize=(10.5, 1.9))
axes[0].imshow(image[0, :, :, 0], cmap="gray", rasterized=True)
axes[0].set_title(f"输入：{PATTERNS[y_test[0]]}", fontsize=8)
for k, ax in enumerate(axes[1:]):
    ax.imshow(relu(Z1[0, :, :, k]), cmap="magma", rasterized=True)
    ax.set_title(f"特征图 {k}", fontsize=8)
for ax in axes:
    ax.axis("off")
plt.show()

# %% [markdown]
# ## 5. 平移后的图像
#
# 第二个测试集让每个图案离边界至少 3 个像素。把其中每幅图像平移至多 3 个像素（用零填充，所以没有图案被截断），再测量两个网络：同样的图案，换了位置。

# %% alt="卷积网络与全连接网络在平移几个像素的测试图像上的测试准确率"
shifts = [(0, 0), (2, 0), (0, 2), (-2, -2), (3, 1)]
table = {name: [accuracy(forward, p, shift_images(X_central, dx, dy), y_central) for dx, dy in shifts]
         for name, (forward, p) in results.items()}
print(f"{'平移 (dx, dy)':>16}" + "".join(f"{str(s):>10}" for s in shifts))
for name, values in table.items():
    print(f"{name:>16}" + "".join(f"{v:>10.1%}" for v in values))

fig, ax = plt.subplots(figsize=(6.4, 3.2))
for name, values in table.items():
    ax.plot(range(len(shifts)), values, "o-", label=name)
ax.set_xticks(range(len(shifts)), [str(s) for s in shifts])
ax.set_xlabel("平移 (dx, dy)，单位：像素")
ax.set_ylabel("测试集准确率")
ax.legend()
plt.show()

# %% [markdown]
# 无论怎样平移，卷积网络的准确率都下降得很少（把每一列与第一列比较）：它的过滤器在每个位置都相同，最大池化又能吸收小的移动，这正是第 1 周所论证的对平移的稳健性。全连接网络无论怎样平移都表现很差。训练图像里的图案本来就出现在各个位置，所以平移并没有把它带到陌生的地方；它只是从来没有学会脱离位置去识别图案，因为它的每个权重都属于某一个像素。
#
# **练习。** 去掉第二个池化层（并相应修改 `W3`）：参数量和平移后的准确率如何变化？只用四分之一的训练集训练两个网络：哪一个受的影响更大？
