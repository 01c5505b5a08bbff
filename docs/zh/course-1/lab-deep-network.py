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
# # 实验：从零实现深层网络
#
# 这个笔记本用 `snippets/` 中经过测试的函数（即[第 4 周页面](../week-4/)上的代码）搭建一个
# $L$ 层网络，并训练它识别小图像中的形状。每次构建网站时它都会被执行，所以下面的每个数字和每张图都是真实输出。
#
# 步骤：生成一个灰度图像数据集，把图像展平成 $X$ 的列，用批量梯度下降训练逻辑回归、
# 一个两层网络和一个四层网络，比较它们的代价曲线和准确率，再看看深层网络分错了哪些测试图像。
#
# 自己运行：克隆仓库，运行一次 `make serve`（它会创建 `.venv`），然后用 Jupytext 打开这个文件，
# 或者用
# `PYTHONPATH=. .venv/bin/python docs/zh/course-1/lab-deep-network.py`
# 把它当作脚本运行。

# %%
import time
import warnings

import matplotlib.pyplot as plt
import numpy as np

from snippets.datasets import train_test_split
from snippets.deep_network import L_layer_model, L_model_forward, predict_deep
from snippets.figures.style import RC
from snippets.image_data import make_shape_images
from snippets.logistic_regression import image_to_vector, model

plt.rcParams.update(RC)  # 本站的图形样式；SVG 把文字保留为文字
# 标签的尺寸按拉丁字体测量；浏览器用它自己的字体绘制这些文字。
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## 1. 数据
#
# 课程用猫的照片训练这个网络。这里的图像是生成的，无需下载任何东西：$m = 2000$ 张
# $16 \times 16$ 像素的灰度图像，每张画着一个实心形状，要么是**圆盘**
# （$y = 1$），要么是**正方形**（$y = 0$）。两种形状平均覆盖的面积相同。位置、大小和亮度都是随机的，
# 每个像素还带有一些噪声。像素值落在 $[0, 1]$ 内，相当于课程中除以 255 之后的结果。

# %% alt="十六张生成的圆盘和方块训练图像及其标签"
images, Y = make_shape_images(2000, size=16, seed=0)
print("images", images.shape, "Y", Y.shape)
print("圆盘：", int(Y.sum()), " 正方形：", int((1 - Y).sum()))
print("像素值范围：", images.min(), "到", images.max())

NAMES = {0: "正方形", 1: "圆盘"}
fig, axes = plt.subplots(2, 8, figsize=(9, 2.6))
for i, ax in enumerate(axes.flat):
    ax.imshow(images[i], cmap="gray", vmin=0, vmax=1)
    ax.set_title(NAMES[int(Y[0, i])], fontsize=9)
    ax.axis("off")
plt.show()

# %% [markdown]
# ## 2. 展平与划分
#
# `image_to_vector` 把每张 $16 \times 16$ 的图像变成由
# $n_x = 256$ 个数组成的一列，所以 $X$ 的形状是 $(256, 2000)$。四分之一的样本留作测试集。
# 划分时，$X$ 和 $Y$ 的列一起打乱。

# %%
X = image_to_vector(images)
X_train, Y_train, X_test, Y_test = train_test_split(X, Y, test_fraction=0.25, seed=0)
print("X_train", X_train.shape, "Y_train", Y_train.shape)
print("X_test ", X_test.shape, "Y_test ", Y_test.shape)

# %% [markdown]
# ## 3. 线性基线
#
# 逻辑回归（第 2 周）给每个像素一个权重。这足以反映亮像素通常出现在哪里，
# 却无法识别它们组成了什么形状，而形状可能出现在图像的任何位置。

# %%
start = time.perf_counter()
linear = model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.1)
print(f"逻辑回归：训练集准确率 {linear['train_accuracy']:.3f}，"
      f"测试集准确率 {linear['test_accuracy']:.3f}（{time.perf_counter() - start:.1f} 秒）")

# %% [markdown]
# ## 4. 两层网络与四层网络
#
# 隐藏层与课程中的相同（课程的输入是更大的图像）：
#
# - 两层，`[256, 7, 1]`：LINEAR → RELU → LINEAR → SIGMOID；
# - 四层，`[256, 20, 7, 5, 1]`：[LINEAR → RELU] × 3 → LINEAR → SIGMOID。
#
# 两者都从方差为 $1/n^{[l-1]}$ 的权重出发，以 $\alpha = 0.2$ 做 1000 步批量梯度下降，
# 每 100 次迭代记录一次代价。

# %%
nets = {"两层": [256, 7, 1], "四层": [256, 20, 7, 5, 1]}
trained = {}
for name, layers_dims in nets.items():
    start = time.perf_counter()
    parameters, costs = L_layer_model(X_train, Y_train, layers_dims,
                                      learning_rate=0.2, num_iterations=1000)
    trained[name] = parameters, costs
    print(f"{name} {layers_dims}：代价 {costs[0]:.3f} -> {costs[-1]:.4f}"
          f"（{time.perf_counter() - start:.1f} 秒）")

# %% [markdown]
# ## 5. 代价曲线
#
# 两条代价曲线都从约 $\log 2 \approx 0.69$ 开始下降，四层网络降得多得多（数值见上面的输出）。
# 偶尔出现的回升是某一步迈得太大、越过了谷底：在 $\alpha = 0.2$ 时，一步有时会落到代价更高的位置。更小的学习率让曲线更平滑，
# 但需要更多次迭代。

# %% alt="深层网络、两层网络和逻辑回归的训练代价曲线"
fig, ax = plt.subplots(figsize=(6.4, 3.8))
for name, (parameters, costs) in trained.items():
    ax.plot(np.arange(len(costs)) * 100, costs, lw=2, label=f"{name} {nets[name]}")
ax.set_xlabel("迭代次数")
ax.set_ylabel("代价 J")
ax.set_title("训练代价")
ax.legend()
plt.show()

# %% [markdown]
# ## 6. 准确率
#
# 训练集准确率衡量模型对它学习过的数据拟合得有多好；测试集准确率衡量它在从未见过的图像上表现如何。

# %%
rows = [("逻辑回归", linear["train_accuracy"], linear["test_accuracy"])]
for name, (parameters, _) in trained.items():
    rows.append((f"{name} {nets[name]}",
                 np.mean(predict_deep(X_train, parameters) == Y_train),
                 np.mean(predict_deep(X_test, parameters) == Y_test)))
for name, train, test in rows:
    print(f"{name}：训练集 {train:.3f}，测试集 {test:.3f}")

# %% [markdown]
# 线性模型明显最弱。两个网络对训练集的拟合都好得多，在测试集上也更好，其中四层网络最好。
# 两个网络在训练图像上的表现都比在新图像上好得多，四层网络更是几乎完全拟合了它的 1500 张训练图像：
# 它们已经记住了训练集的很多细节。这个差距就是*方差*，第二课第 1 周讲的就是如何缩小它
# （更多数据、正则化、随机失活）。还要注意，四层网络不仅更深，也更大：5,333 个参数，
# 而两层网络只有 1,807 个。[第 4 周页面](../week-4/)讨论了这样的比较能说明什么、
# 不能说明什么。

# %% [markdown]
# ## 7. 分错的图像
#
# 四层网络分错了哪些测试图像？每张图的标题是预测结果和网络估计的圆盘概率 $\hat{y} = P(y = 1)$，
# 图下方是真实标签。图中只显示了前 12 张。

# %% alt="十二张测试图像，标出预测类别和真实类别"
parameters, _ = trained["四层"]
AL, _ = L_model_forward(X_test, parameters)
predictions = (AL > 0.5).astype(float)
wrong = np.flatnonzero(predictions[0] != Y_test[0])
print(f"{Y_test.shape[1]} 张测试图像中有 {wrong.size} 张分错了")
confident = np.sum((AL[0, wrong] < 0.1) | (AL[0, wrong] > 0.9))
print(f"其中 {confident} 张的 ŷ 小于 0.1 或大于 0.9")

fig, axes = plt.subplots(2, 6, figsize=(9, 4.6), layout="constrained")
for ax, i in zip(axes.flat, wrong):
    ax.imshow(X_test[:, i].reshape(16, 16), cmap="gray", vmin=0, vmax=1)
    ax.set_title(f"预测：{NAMES[int(predictions[0, i])]}\n（ŷ = {AL[0, i]:.2f}）", fontsize=8)
    ax.set_xlabel(f"真实：{NAMES[int(Y_test[0, i])]}", fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
for ax in axes.flat[wrong.size:]:
    ax.axis("off")
plt.show()

# %% [markdown]
# 大多数错误是小形状：半径 2.5 到 4 个像素的圆盘和面积相同的正方形只差几个像素，噪声就能把差别掩盖掉。
# 少数是大而清晰、人绝不会认错的形状。无论形状大小，很多错误的 $\hat{y}$ 都很自信地接近 0 或 1，
# 上面的计数说明了这一点。
# 网络没有内置“同一个形状出现在别处”的概念：它必须从样本中逐个位置地学习，
# 而 1500 张图像覆盖不了所有位置。卷积神经网络（第四课）把这个概念内置到了结构中。
#
# ## 可以尝试
#
# - 修改 `layers_dims`：换一个更宽的两层网络（例如 `[256, 60, 1]`），或者更深的网络。
#   哪一个在测试集上最好？
# - 生成更多图像（`make_shape_images(6000, ...)`）：训练集与测试集准确率之间的差距会缩小吗？
# - 设置 `noise=0.0`，或者使用更大的 `size`（这时要把 `nets` 中的 256 改为 `size**2`，
#   并把 `reshape(16, 16)` 改为 `reshape(size, size)`）：任务会容易多少？
