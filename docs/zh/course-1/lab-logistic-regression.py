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
# # 实验：从零实现逻辑回归
#
# 这个笔记本用 `snippets/` 中经过测试的函数（即[第 2 周页面](../week-2/)上的代码），
# 从头到尾训练第 2 周的模型。每次构建网站时它都会被执行，所以下面的每个数字和每张图都是真实输出。
#
# 步骤：生成一个二维数据集，对它做标准化，用梯度下降训练 $\hat{y} = \sigma(w^T x + b)$，
# 观察代价 $J(w, b)$ 的下降，并画出决策边界 $w^T x + b = 0$。
#
# 自己运行：克隆仓库，运行一次 `make serve`（它会创建 `.venv`），然后用 Jupytext 打开这个文件，
# 或者用
# `PYTHONPATH=. .venv/bin/python docs/zh/course-1/lab-logistic-regression.py`
# 把它当作脚本运行。

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

from snippets.datasets import make_blobs, train_test_split
from snippets.figures.style import RC
from snippets.logistic_regression import model, predict, propagate, standardize

plt.rcParams.update(RC)  # 本站的图形样式；SVG 把文字保留为文字
# 标签的尺寸按拉丁字体测量；浏览器用它自己的字体绘制这些文字。
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## 1. 数据
#
# 两团相互重叠的高斯分布点：$m = 600$ 个样本，每个样本有 $n_x = 2$ 个特征，
# 按列存放，所以 `X` 的形状是 $(2, 600)$，`Y` 的形状是 $(1, 600)$。
# 第二个特征被有意拉伸并平移（输出的均值和标准差显示了偏离的程度），以展示标准化为什么有帮助。
# 四分之一的样本（150 个）留作测试集，剩下 450 个用于训练。

# %%
X, Y = make_blobs(m=600, seed=42, separation=2.2)
X = X * np.array([[1.0], [25.0]]) + np.array([[3.0], [-40.0]])
X_train, Y_train, X_test, Y_test = train_test_split(X, Y, test_fraction=0.25, seed=0)
print("X_train", X_train.shape, "Y_train", Y_train.shape)
print("X_test ", X_test.shape, "Y_test ", Y_test.shape)
print("特征均值", X_train.mean(axis=1).round(2), "标准差", X_train.std(axis=1).round(2))

# %% [markdown]
# ## 2. 用训练集的统计量做标准化
#
# 在训练集上，每个特征的均值变为 0、标准差变为 1；测试集也做*同样的*变换。

# %%
X_train_n, mu, sd = standardize(X_train)
X_test_n, _, _ = standardize(X_test, mu, sd)
print("标准化后：均值", X_train_n.mean(axis=1).round(6), "标准差", X_train_n.std(axis=1).round(6))

# %% [markdown]
# ## 3. 训练
#
# 从 $w = 0$、$b = 0$ 出发，以 $\alpha = 0.1$ 做 2000 步梯度下降。
# 训练之前，代价是 $\log 2 \approx 0.693$：当 $w = 0$、$b = 0$ 时，每个预测都是 $\sigma(0) = 0.5$。

# %%
_, cost0 = propagate(np.zeros((2, 1)), 0.0, X_train_n, Y_train)
print(f"w = 0 时的代价：{cost0:.4f}（log 2 = {np.log(2):.4f}）")

d = model(X_train_n, Y_train, X_test_n, Y_test, num_iterations=2000, learning_rate=0.1)
print(f"训练集准确率：{d['train_accuracy']:.3f}")
print(f"测试集准确率：{d['test_accuracy']:.3f}")
print("w =", d["w"].ravel().round(3), " b =", round(d["b"], 3))

# %% [markdown]
# 两个准确率都接近 86%，而任何直线都不可能好很多：两团点的方差为 1，中心相距 2.2，
# 所以即使是最好的边界，也会把越过中点的那些点分错，其准确率为 $\Phi(1.1) \approx 86.4\%$
# （$\Phi$ 是标准正态分布的分布函数）。剩下的错误来自两团点的重叠。
#
# ## 4. 代价曲线
#
# 每 100 次迭代记录一次代价。它一开始下降得很快，从 $\log 2 \approx 0.693$ 降到约 0.33，
# 随后随着梯度下降到达这个凸代价函数的最小值，曲线变平。

# %% alt="逻辑回归的训练代价随迭代次数下降的曲线"
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(np.arange(len(d["costs"])) * 100, d["costs"], marker="o")
ax.set_xlabel("迭代次数")
ax.set_ylabel("代价 J")
ax.set_title("训练代价")
plt.show()

# %% [markdown]
# ## 5. 决策边界
#
# 模型在 $w^T x + b > 0$ 的地方预测 1（这里的 $x$ 是标准化后的输入）。背景显示网格上每一点的预测类别；
# 黑线是决策边界，用原始（未标准化的）单位绘制。

# %% alt="逻辑回归预测的类别区域，以及叠加在上面的测试样本"
x1, x2 = np.meshgrid(np.linspace(X[0].min() - 1, X[0].max() + 1, 200),
                     np.linspace(X[1].min() - 10, X[1].max() + 10, 200))
grid = np.vstack([x1.ravel(), x2.ravel()])
grid_n, _, _ = standardize(grid, mu, sd)
labels = predict(d["w"], d["b"], grid_n).reshape(x1.shape)

fig, ax = plt.subplots(figsize=(6, 4.5))
ax.contourf(x1, x2, labels, levels=[-0.5, 0.5, 1.5], colors=["#c6dbef", "#fdd0a2"], alpha=0.7)
ax.contour(x1, x2, labels, levels=[0.5], colors="black")
for label, marker in ((0, "o"), (1, "^")):
    pts = X_test[:, Y_test[0] == label]
    ax.scatter(pts[0], pts[1], marker=marker, s=18, label=f"测试集，y = {label}")
ax.set_xlabel("特征 x1（原始单位）")
ax.set_ylabel("特征 x2（原始单位）")
ax.legend(loc="upper left")
ax.set_title("预测类别与测试样本")
plt.show()

# %% [markdown]
# ## 6. 为什么要标准化？
#
# 在原始特征上做同样的训练，学习率必须足够小（$\alpha = 0.001$）才不会发散。同样的 2000 步之后，
# 它离最小值仍然很远：代价更高且仍在下降，测试集准确率也更低。这个被拉伸、又偏离原点的特征
# 迫使每个方向上的步长都很小。

# %%
raw = model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.001)
print(f"原始特征：  最终代价 {raw['costs'][-1]:.4f}，测试集准确率 {raw['test_accuracy']:.3f}")
print(f"标准化特征：最终代价 {d['costs'][-1]:.4f}，测试集准确率 {d['test_accuracy']:.3f}")
