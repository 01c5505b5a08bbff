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
# # 实验：优化算法与批归一化
#
# 这个笔记本用 `snippets/` 中经过测试的函数，比较第二课给出的几种加快训练的方法：
# [第 2 周页面](../week-2/)上的小批量梯度下降、动量和 Adam，以及
# [第 3 周页面](../week-3/)上的批归一化。每次构建网站时它都会被执行，
# 所以下面的每个数字和每张图都是真实输出。
#
# 步骤：生成“双月”数据集，用三种优化算法训练同一个网络，比较它们的代价曲线、准确率和决策边界；
# 然后训练隐藏层带批归一化的同一个网络，并在测试时使用它。
#
# 自己运行：克隆仓库，运行一次 `make serve`（它会创建 `.venv`），然后用 Jupytext 打开这个文件，
# 或者用
# `PYTHONPATH=. .venv/bin/python docs/zh/course-2/lab-optimizers-batch-norm.py`
# 把它当作脚本运行。

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

from snippets.batch_norm import bn_network_forward, predict_bn_network, train_bn_network
from snippets.datasets import make_moons, train_test_split
from snippets.deep_network import predict_deep
from snippets.figures.style import RC
from snippets.optimization import model

plt.rcParams.update(RC)  # 本站的图形样式；SVG 把文字保留为文字
# 标签的尺寸按拉丁字体测量；浏览器用它自己的字体绘制这些文字。
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## 1. 数据
#
# 两个带噪声、相互交错的半圆：$m = 600$ 个样本，每个样本有 $n_x = 2$ 个特征，按列存放。
# 其中四分之一留作测试集。没有直线能把两个类别分开，所以网络需要隐藏层。

# %% alt="训练集散点图，两个类别用不同形状标出"
# rasterized=True：成千上万个点或填充区域在 SVG 中合成一张小图片（坐标轴和文字仍是矢量），
# 页面因此保持轻量。
X, Y = make_moons(m=600, seed=3, noise=0.2)
X_train, Y_train, X_test, Y_test = train_test_split(X, Y, test_fraction=0.25, seed=0)
print("X_train", X_train.shape, "Y_train", Y_train.shape)
print("X_test ", X_test.shape, "Y_test ", Y_test.shape)

fig, ax = plt.subplots(figsize=(6, 4))
for label, marker in ((0, "o"), (1, "^")):
    pts = X_train[:, Y_train[0] == label]
    ax.scatter(pts[0], pts[1], marker=marker, s=16, rasterized=True, label=f"y = {label}")
ax.set_xlabel("特征 x1")
ax.set_ylabel("特征 x2")
ax.set_title("训练集")
ax.legend()
plt.show()

# %% [markdown]
# ## 2. 一个网络，三种优化算法
#
# 网络结构为 [LINEAR → RELU] × 2 → LINEAR → SIGMOID，各层大小为 $[2, 16, 8, 1]$。
# 三次运行从相同的权重出发，在 300 个轮次里使用完全相同的小批量（每批 64 个样本），
# 并使用相同的学习率 $\alpha = 0.01$；只有更新规则不同：
#
# - 梯度下降：$W := W - \alpha\, dW$；
# - 动量：$v_{dW} := \beta v_{dW} + (1 - \beta)\, dW$，$W := W - \alpha v_{dW}$，其中 $\beta = 0.9$；
# - Adam：动量与 RMSprop 结合并做偏差修正，
#   $\beta_1 = 0.9$，$\beta_2 = 0.999$，$\varepsilon = 10^{-8}$。

# %%
layers_dims = [2, 16, 8, 1]
runs = {}
for optimizer in ("gd", "momentum", "adam"):
    parameters, costs = model(X_train, Y_train, layers_dims, optimizer=optimizer,
                              learning_rate=0.01, mini_batch_size=64, num_epochs=300, seed=1)
    runs[optimizer] = (parameters, costs)
    train_accuracy = np.mean(predict_deep(X_train, parameters) == Y_train)
    test_accuracy = np.mean(predict_deep(X_test, parameters) == Y_test)
    print(f"{optimizer:9s} 最终代价 {costs[-1]:.4f}   训练集准确率 {train_accuracy:.3f}"
          f"   测试集准确率 {test_accuracy:.3f}")

# %% [markdown]
# ## 3. 代价曲线
#
# 每个轮次一个点：各小批量在更新之前的平均损失。在这个学习率下，梯度下降和动量的进度相同。
# 这在意料之中：动量对梯度做加权平均，权重之和为 1，所以它的典型步长与梯度下降一样大；
# 它在梯度来回振荡时才有帮助，而这里几乎没有振荡。Adam 把每一步除以该参数近期梯度的大小，
# 所以梯度很小的参数也能移动，它达到的代价要低得多。

# %% alt="同一网络上梯度下降、动量和 Adam 每轮的代价曲线"
labels = {"gd": "梯度下降", "momentum": "动量（β = 0.9）", "adam": "Adam"}
fig, ax = plt.subplots(figsize=(6.4, 3.8))
for optimizer, (_, costs) in runs.items():
    ax.plot(np.arange(1, len(costs) + 1), costs, label=labels[optimizer])
ax.set_xlabel("轮次（epoch）")
ax.set_ylabel("代价 J")
ax.set_title("同一个网络，相同的 α = 0.01")
ax.legend()
plt.show()

# %% [markdown]
# ## 4. 决策边界
#
# 背景显示训练好的网络在网格上每一点预测的类别；散点是测试样本。
# 300 个轮次之后，梯度下降训练的网络画出的边界仍然只是略微弯曲，穿过了两个月牙的尖端；
# 而 Adam 训练的网络的边界贴合了月牙的形状。

# %% alt="各优化算法学到的决策区域，以及测试样本"
x1, x2 = np.meshgrid(np.linspace(-1.5, 2.5, 200), np.linspace(-1.0, 1.5, 200))
grid = np.vstack([x1.ravel(), x2.ravel()])
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
for ax, optimizer in zip(axes, ("gd", "adam")):
    predicted = predict_deep(grid, runs[optimizer][0]).reshape(x1.shape)
    ax.contourf(x1, x2, predicted, levels=[-0.5, 0.5, 1.5], colors=["#c6dbef", "#fdd0a2"],
                rasterized=True)
    for label, marker in ((0, "o"), (1, "^")):
        pts = X_test[:, Y_test[0] == label]
        ax.scatter(pts[0], pts[1], marker=marker, s=14,
                   rasterized=True, label=f"测试集，y = {label}")
    ax.set_title(labels[optimizer])
    ax.set_xlabel("特征 x1")
axes[0].set_ylabel("特征 x2")
axes[0].legend(loc="lower left")
plt.show()

# %% [markdown]
# ## 5. 加入批归一化
#
# 现在层的大小不变，两个隐藏层都带批归一化：
# [LINEAR → BATCHNORM → RELU] × 2 → LINEAR → SIGMOID。隐藏层去掉了偏置 $b^{[l]}$，
# 增加了 $\gamma^{[l]}$ 和 $\beta^{[l]}$。优化算法是普通的小批量梯度下降，
# 学习率同样是 $\alpha = 0.01$，小批量大小和轮次数也相同。为了公平比较，
# 不带批归一化的网络也用同一个函数训练（`batch_norm=False`）。这个函数使用 He 初始化
# （权重是第 2 节的 $\sqrt{2}$ 倍），所以它不带批归一化的那次运行与第 2 节的梯度下降略有不同。

# %%
bn_runs = {}
for batch_norm in (False, True):
    parameters, running, costs, _ = train_bn_network(
        X_train, Y_train, layers_dims, batch_norm=batch_norm, learning_rate=0.01,
        num_epochs=300, mini_batch_size=64, seed=1)
    bn_runs[batch_norm] = (parameters, running, costs)
    train_accuracy = np.mean(predict_bn_network(X_train, parameters, running) == Y_train)
    test_accuracy = np.mean(predict_bn_network(X_test, parameters, running) == Y_test)
    print(f"批归一化 {str(batch_norm):5s}  最终代价 {costs[-1]:.4f}"
          f"   训练集准确率 {train_accuracy:.3f}   测试集准确率 {test_accuracy:.3f}")
print("使用批归一化时的参数：", sorted(bn_runs[True][0]))

# %% [markdown]
# 有了批归一化，普通的梯度下降就达到了 Adam 在没有批归一化时的测试集准确率，
# 代价也不到不用批归一化的梯度下降的一半：每个隐藏单元送入 ReLU 的值保持稳定的均值和离散程度，
# 所以同一个步长适合所有的层。

# %% alt="有无批归一化时梯度下降每轮的代价，以及 Adam 的曲线"
fig, ax = plt.subplots(figsize=(6.4, 3.8))
ax.plot(np.arange(1, 301), bn_runs[False][2], label="梯度下降")
ax.plot(np.arange(1, 301), bn_runs[True][2], label="梯度下降 + 批归一化")
ax.plot(np.arange(1, 301), runs["adam"][1], ls="--", color="gray", label="Adam（第 3 节）")
ax.set_xlabel("轮次（epoch）")
ax.set_ylabel("代价 J")
ax.set_title("批归一化，相同的 α = 0.01")
ax.legend()
plt.show()

# %% [markdown]
# ## 6. 测试时的批归一化
#
# 训练时，每个隐藏层都用当前小批量的统计量做归一化，并保存了它们的指数加权平均。
# 预测时使用这些滑动平均，所以一个样本不论单独出现还是在批量中出现，预测结果都相同。
# 用单个样本*自己*的统计量做归一化是行不通的：每个单元都有 $z - \mu = 0$，
# 所有样本都会得到同样的输出。

# %%
parameters, running, _ = bn_runs[True]
together = predict_bn_network(X_test, parameters, running)
one_by_one = np.hstack([predict_bn_network(X_test[:, i:i + 1], parameters, running)
                        for i in range(X_test.shape[1])])
print("逐个预测 == 整批预测：", np.array_equal(one_by_one, together))
alone = [bn_network_forward(X_test[:, i:i + 1], parameters)[0][0, 0] for i in range(5)]
print("用每个样本自己的统计量时，前五个输出：", np.round(alone, 4))
print("第 1 层前 4 个单元的滑动均值：", running["mean1"][:4, 0].round(3))
print("第 1 层前 4 个单元的滑动方差：", running["var1"][:4, 0].round(3))
