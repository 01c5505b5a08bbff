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
# # 实验：数据不匹配的项目
#
# 第三课讲的是决策：先解决哪个差距，收集什么数据，查看哪些错误。这个笔记本用真实的训练过程，
# 带一个小项目走完这些决策，所用的都是 `snippets/` 中经过测试的函数：
# [第 2 周页面](../week-2/)上的 `mismatch_diagnosis` 和 `error_analysis_table`，
# [第 1 周页面](../week-1/)上的 `precision_recall_f1` 和 `confusion_matrix`，
# 以及第一课、第二课的网络和 Adam 优化算法。每次构建网站时它都会被执行，
# 所以下面的每个数字和每张图都是真实输出。
#
# 步骤：构造两个数据来源，按课程建议的方式划分数据，训练一个网络，解读误差阶梯，
# 对开发集上的错误做误差分析，针对最大的差距采取行动，最后在测试集上检验结果。
#
# 自己运行：克隆仓库，运行一次 `make serve`（它会创建 `.venv`），然后用 Jupytext 打开这个文件，
# 或者用
# `PYTHONPATH=. .venv/bin/python docs/zh/course-3/lab-mismatched-data.py`
# 把它当作脚本运行。

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

from snippets.datasets import make_source, wavy_boundary
from snippets.deep_network import predict_deep
from snippets.figures.style import RC
from snippets.ml_strategy import (confusion_matrix, error_analysis_table,
                                  mismatch_diagnosis, precision_recall_f1)
from snippets.optimization import model

plt.rcParams.update(RC)  # 网站的图表样式；SVG 把文字保留为文字
# 标签用拉丁字体测量尺寸，浏览器用自己的字体绘制中文。
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## 1. 场景与数据
#
# 一家公司销售一种传感器：它读出两个数 $x_1$ 和 $x_2$，要判断一个零件是有故障（$y = 1$）
# 还是正常（$y = 0$）。公司在自己的**试验台架**上收集了 6000 条带标签的读数（来源 A），成本很低。
# 但真正要紧的是传感器在**现场**、也就是客户那里的表现（来源 B）：那里零件温度更高，$x_1$ 更大。
# 现场读数的标注很贵：起初只有 1100 条有标签，之后又陆续标注了 900 条（第 6 节）。
# `X_b` 存放全部 2000 条，前几轮只用前 1100 条。
#
# 数据由 `make_source` 生成，所以我们知道真实项目永远无法知道的东西：真实规则
# （曲线 $x_2 = \sin 2x_1$ 上方为 $y = 1$）和标签噪声（每个标签以 4% 的概率被翻转）。
# 因此**贝叶斯误差**恰好是 4%，我们把它作为误差阶梯中人类水平误差的替代。

# %%
BAYES = 0.04
X_a, Y_a, _ = make_source(6000, x1_mean=-1.5, x1_std=1.0, flip=BAYES, seed=1)
X_b, Y_b, flip_b = make_source(2000, x1_mean=2.5, x1_std=0.6, flip=BAYES, seed=2)
print(f"台架（A）：{X_a.shape}")
print(f"现场（B）：起初 {X_b[:, :1100].shape}，最终 {X_b.shape}")

# %% alt="来源 A 与来源 B（现场）读数的散点图，颜色表示标签，并画出真实的类别边界"
# rasterized=True：成千上万个点或填充区域在 SVG 中合成一张小图片（坐标轴和文字仍是矢量），
# 页面因此保持轻量。
def legend_by_shape(ax):
    """图例标记用灰色：这里标记的形状表示来源，颜色表示标签。"""
    legend = ax.legend(loc="lower left", fontsize=8)
    for handle in legend.legend_handles:
        if hasattr(handle, "set_facecolor"):
            handle.set_facecolor("grey")
            handle.set_edgecolor("grey")


def plot_sources(ax, sets, title):
    """散点图：sets 形如 {标签: (X, Y, 标记)}，并画出真实曲线。"""
    for label, (X, Y, marker) in sets.items():
        ax.scatter(X[0], X[1], c=Y[0], cmap="coolwarm", vmin=0, vmax=1, marker=marker,
                   rasterized=True,
                   s=10, alpha=0.6, label=label)
    x1 = np.linspace(-5, 5, 400)
    ax.plot(x1, wavy_boundary(x1), "k-", lw=1.5, label="真实边界")
    ax.set_xlim(-5, 5)
    ax.set_ylim(-4, 4)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(title)
    legend_by_shape(ax)


fig, ax = plt.subplots(figsize=(7, 4.5))
plot_sources(ax, {"台架（A）": (X_a, Y_a, "o"),
                  "现场（B）": (X_b[:, :1100], Y_b[:, :1100], "^")},
             "两个来源，同一条标注规则（红：y = 1，蓝：y = 0）")
plt.show()

# %% [markdown]
# 两个来源遵循同一条规则，但覆盖平面上不同的区域：台架数据在现场数据开始的地方变得稀疏。
#
# ## 2. 划分数据
#
# 开发集和测试集必须来自我们关心的分布：只用现场数据，各 500 条。其余 100 条现场读数
# 和全部 6000 条台架读数一起放进训练集。如果把所有数据混在一起再打乱，开发集里就会
# 充满台架数据：其中 6000 / 7100 = 85% 衡量的是错误的目标。
#
# 既然训练数据和开发数据不同，开发集误差高于训练误差既可能是方差，也可能是数据不匹配。
# 为了区分二者，从训练数据中随机留出 500 条作为**训练-开发集**：与训练集同分布，
# 但从不参与训练。

# %%
def split(X_a, Y_a, X_b, Y_b, n_field_train, seed=0):
    """训练集 / 训练-开发集 / 开发集 / 测试集；开发集和测试集只含现场数据。"""
    rng = np.random.default_rng(seed)
    dev, test = slice(0, 500), slice(500, 1000)
    extra = slice(1000, 1000 + n_field_train)
    X_pool = np.hstack([X_a, X_b[:, extra]])
    Y_pool = np.hstack([Y_a, Y_b[:, extra]])
    order = rng.permutation(X_pool.shape[1])
    train, train_dev = order[500:], order[:500]
    return {"train": (X_pool[:, train], Y_pool[:, train]),
            "train-dev": (X_pool[:, train_dev], Y_pool[:, train_dev]),
            "dev": (X_b[:, dev], Y_b[:, dev]),
            "test": (X_b[:, test], Y_b[:, test])}


NAMES = {"train": "训练集", "train-dev": "训练-开发集", "dev": "开发集", "test": "测试集"}
sets = split(X_a, Y_a, X_b, Y_b, n_field_train=100)
for name, (X, Y) in sets.items():
    print(f"{NAMES[name]}：{X.shape[1]} 个样本")

# %% [markdown]
# ## 3. 快速训练第一个模型
#
# “先快速搭建第一个系统，再迭代”：一个有两个 ReLU 隐藏层（64 和 32 个单元）的网络
# $[2, 64, 32, 1]$，用第二课的 `model` 函数以 Adam 训练（$\alpha = 0.005$，
# 小批量大小 64，60 个轮次）。然后看它在每个集合上的误差。

# %%
LAYERS = [2, 64, 32, 1]


def train(sets):
    """在 sets["train"] 上训练网络，返回其参数。"""
    parameters, _ = model(*sets["train"], LAYERS, optimizer="adam", learning_rate=0.005,
                          num_epochs=60, seed=1)
    return parameters


def errors(parameters, sets):
    """网络在每个集合上的错误率，以字典返回。"""
    return {name: float(np.mean(predict_deep(X, parameters) != Y))
            for name, (X, Y) in sets.items()}


parameters = train(sets)
first = errors(parameters, sets)
for name, e in first.items():
    print(f"{NAMES[name]}误差：{e:.1%}")

# %% [markdown]
# ## 4. 解读误差阶梯
#
# `mismatch_diagnosis` 把这五个数变成阶梯上的四个差距：可避免偏差（训练 − 人类）、
# 方差（训练-开发 − 训练）、数据不匹配（开发 − 训练-开发）和对开发集过拟合（测试 − 开发），
# 并指出最大的那个。

# %%
def ladder(e):
    return mismatch_diagnosis(BAYES, e["train"], e["train-dev"], e["dev"], e["test"])


GAPS = {"avoidable_bias": "可避免偏差", "variance": "方差", "data_mismatch": "数据不匹配",
        "dev_overfitting": "对开发集过拟合", "unclear": "不确定", "none": "无"}
diagnosis = ladder(first)
for key in ("avoidable_bias", "variance", "data_mismatch", "dev_overfitting"):
    print(f"{GAPS[key]}：{diagnosis[key]:+.1%}")
print(f"下一步处理：{GAPS[diagnosis['recommendation']]}")


# %% alt="误差阶梯柱状图：贝叶斯误差、训练集、训练-开发集、开发集和测试集误差"
def plot_ladder(ax, e, title):
    rungs = ["贝叶斯", "训练", "训练-开发", "开发", "测试"]
    values = [BAYES, e["train"], e["train-dev"], e["dev"], e["test"]]
    ax.bar(rungs, [100 * v for v in values], color=["grey", "C0", "C1", "C3", "C4"])
    for i, v in enumerate(values):
        ax.text(i, 100 * v + 0.3, f"{v:.1%}", ha="center", fontsize=9)
    ax.set_ylabel("误差（%）")
    ax.set_title(title)


fig, ax = plt.subplots(figsize=(6, 3.5))
plot_ladder(ax, first, "第一个模型：误差阶梯")
plt.show()

# %% [markdown]
# 训练误差接近贝叶斯误差，训练-开发集误差接近训练误差：问题既不在偏差，也不在方差。
# 大的台阶在训练-开发集和开发集之间，也就是**数据不匹配**：网络在与训练集相似的数据上
# 表现很好，在现场数据上表现很差。多训练几个轮次、换更大的网络或者加正则化，
# 处理的都是那几个小差距，对这个差距无能为力。从开发集到测试集的台阶也很小，只是 500 个样本中的
# 几个；它不可能是对开发集的过拟合，因为到目前为止还没有在开发集上调过任何东西：两个 500 个样本的
# 集合本来就会因偶然而不同，例如被翻转的标签数不同（第 6 节统计了这个数）。

# %% [markdown]
# ## 5. 对开发集错误做误差分析
#
# 在收集数据之前，先看看错误。真实的团队会手工查看一百个左右分错的开发集样本，
# 在电子表格里打勾。这里每一列都可以算出来：
#
# - **标签错误**：数据集里的标签是被翻转过的；
# - **超出训练数据**：$x_1$ 大于 99% 训练样本的 $x_1$，网络几乎没见过这个区域；
# - **靠近边界**：$x_2$ 与 $\sin 2x_1$（该 $x_1$ 处真实曲线的高度）相差不到 0.15，任何模型在这里都没有把握。
#
# 一个样本可以同时属于几列，也可以一列都不属于。`error_analysis_table` 给出每一列
# 占全部错误的比例和**改进上限**：如果这一列的错误全部改正，开发集误差最多能降低多少。

# %%
def mistake_sheet(parameters, X, Y, flipped, x1_limit):
    """每个分错的样本一行，每个类别一个布尔列。"""
    wrong = (predict_deep(X, parameters) != Y)[0]
    X, flipped = X[:, wrong], flipped[0, wrong]
    return np.column_stack([flipped,
                            X[0] > x1_limit,
                            np.abs(X[1] - wavy_boundary(X[0])) < 0.15])


CATEGORIES = ["标签错误", "超出训练数据", "靠近边界"]
x1_limit = np.quantile(sets["train"][0][0], 0.99)
X_dev, Y_dev = sets["dev"]
sheet = mistake_sheet(parameters, X_dev, Y_dev, flip_b[:, :500], x1_limit)
print(f"开发集错误 {sheet.shape[0]} 个；训练数据的 x1 界限：{x1_limit:.2f}")
for row in error_analysis_table(sheet, CATEGORIES, dev_error=first["dev"]):
    print(f"{row['category']}：{row['count']} 个，占 {row['share']:.0%}，"
          f"上限 {row['ceiling']:.1%}，开发集误差最低可到 {row['best_error']:.1%}")

# %% [markdown]
# 大部分错误落在训练数据之外，所以这一列的改进上限最高。改正开发集中标签错误的样本
# 价值要小得多：这些错误是贝叶斯误差的体现，因为一个完美的模型，也就是按真实规则预测的模型，
# 在每个被翻转的标签上都会出错。在这里先清理标签，是走错了第一步；
# 等其他几列缩小以后，它才值得去做。
#
# 图上看到的也是这样：网络的边界在有训练数据的地方紧贴真实曲线，在没有数据的地方只能靠猜。

# %% alt="模型的决策区域、开发集样本以及训练数据的边界"
def plot_boundary(ax, parameters, title):
    x1, x2 = np.meshgrid(np.linspace(-5, 5, 150), np.linspace(-4, 4, 120))
    grid = np.vstack([x1.ravel(), x2.ravel()])
    z = predict_deep(grid, parameters).reshape(x1.shape)
    ax.contourf(x1, x2, z, levels=[-0.5, 0.5, 1.5], colors=["#bcd3f2", "#f4c2ba"],
                rasterized=True)
    X, Y = sets["dev"]
    ax.scatter(X[0], X[1], c=Y[0], cmap="coolwarm", vmin=0, vmax=1, marker="^", s=10,
               rasterized=True,
               label="开发集（现场）")
    ax.plot(x1[0], wavy_boundary(x1[0]), "k-", lw=1.5, label="真实边界")
    ax.axvline(x1_limit, color="k", ls=":", lw=1, label="训练数据的边缘")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(title)
    legend_by_shape(ax)


fig, ax = plt.subplots(figsize=(7, 4.5))
plot_boundary(ax, parameters, "第一个模型：决策区域（底色）与开发集数据")
plt.show()

# %% [markdown]
# ## 6. 针对最大的差距：更多现场数据
#
# 课程给出两种处理数据不匹配的办法：让训练数据更像开发数据（多收集这类数据，或者人工合成），
# 以及弄清两者的差别在哪里。这里差别很清楚（现场覆盖更大的 $x_1$），于是公司把另外
# 900 条现场读数也标注出来。它们进入训练数据（分到训练集和训练-开发集中）；开发集和测试集保持原样，这样前后的数字才可比。

# %%
sets = split(X_a, Y_a, X_b, Y_b, n_field_train=1000)
x1_limit = np.quantile(sets["train"][0][0], 0.99)  # 训练数据现在延伸得更远
parameters2 = train(sets)
second = errors(parameters2, sets)
diagnosis2 = ladder(second)
for name in first:
    print(f"{NAMES[name]}误差：第一个模型 {first[name]:.1%} → 第二个模型 {second[name]:.1%}")
print(f"接下来处理：{GAPS[diagnosis2['recommendation']]}")

# %% alt="第一个和第二个模型的误差阶梯，以及第二个模型的决策区域和开发集数据"
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5), sharey=True, layout="constrained")
plot_ladder(axes[0], first, "第一个模型")
plot_ladder(axes[1], second, "第二个模型：训练数据中有 1000 条现场数据")
plt.show()

fig, ax = plt.subplots(figsize=(7, 4.5))
plot_boundary(ax, parameters2, "第二个模型：决策区域（底色）与开发集数据")
plt.show()

# %% [markdown]
# 数据不匹配的差距已经消失，开发集误差降到了贝叶斯误差附近；它甚至可能略低于 4%，
# 因为 500 个样本中被翻转的标签数本身是随机的：

# %%
for name in ("dev", "test"):
    flipped = flip_b[:, :500] if name == "dev" else flip_b[:, 500:1000]
    print(f"{NAMES[name]}：{int(flipped.sum())} 个标签被翻转，完美模型的误差是 "
          f"{flipped.mean():.1%}；第二个模型的误差是 {second[name]:.1%}")

# %% [markdown]
# 剩下的差距很小，实验自己的数字说明了有多小。阶梯现在指向可避免偏差：训练误差比贝叶斯误差高一两个百分点。
# 但这个差距是在训练集上测得的，而训练集的 6500 个样本大多是台架读数。在现场数据，也就是目标数据上，
# 开发集误差不超过 4% 的贝叶斯误差。对第二个模型重做第 5 节的误差分析，可以看出它在开发集上错在哪里
# （最后一行检查下一段所依据的两个事实）：

# %%
sheet2 = mistake_sheet(parameters2, X_dev, Y_dev, flip_b[:, :500], x1_limit)
print(f"第二个模型在开发集上的错误：{sheet2.shape[0]} 个")
for row in error_analysis_table(sheet2, CATEGORIES, dev_error=second["dev"]):
    print(f"{row['category']}：{row['count']} 个，占 {row['share']:.0%}，"
          f"上限 {row['ceiling']:.1%}，开发集误差最低可到 {row['best_error']:.1%}")
assert second["dev"] <= BAYES and sheet2[:, 0].mean() >= 0.7  # 大多是被翻转的标签

# %% [markdown]
# 剩下的开发集错误大多是被翻转的标签，任何模型都不可能做对。更大的网络或更长的训练，
# 也就是针对可避免偏差的办法，最多只能挽回其余的少数几个错误：500 个样本中的寥寥几个，
# 落在这种规模集合的噪声范围之内。所以这里不值得按阶梯所指去做。这正是第 5 节预见的时刻：
# 其他几列已经缩小，几乎只剩下标签错误这一列，清理标签变得值得去做。
# 改正开发集和测试集的标签（两者都改，而且用同样的流程，让它们仍来自同一个分布）并不会让模型变好，
# 但能让开发集测得出下一次改进：500 个样本中有这么多错误的标签，两个模型相差几个样本只是噪声。
#
# ## 7. 测试集上的精确率与召回率
#
# 正如第 2 周页面的规则所说，上面没有哪个模型是在测试集上选出的：测试集误差与其他误差并列显示，
# 只是为了检查开发集。下面是故障类的精确率、召回率和 F1，以及混淆矩阵，前后两个模型对比：

# %%
for name, params in (("第一个模型", parameters), ("第二个模型", parameters2)):
    X_test, Y_test = sets["test"]
    predictions = predict_deep(X_test, params)
    p, r, f1 = precision_recall_f1(Y_test, predictions)
    (tn, fp), (fn, tp) = confusion_matrix(Y_test, predictions)
    print(f"{name}：精确率 {p:.3f}，召回率 {r:.3f}，F1 {f1:.3f}；"
          f"TN {tn}，FP {fp}，FN {fn}，TP {tp}")

# %% [markdown]
# ## 可以尝试
#
# - 不收集现场数据，而是加入把 $x_1$ 平移 $+\pi$ 的台架数据（规则 $\sin 2x_1$
#   以 $\pi$ 为周期，所以标签仍然正确）：这就是人工数据合成。如果平移别的量，
#   合成数据的标签就错了，会发生什么？
# - 把第一个模型训练两倍的轮次，或者换一个更大的网络：哪个差距会变？
# - 把标签噪声提高到 15%（设 `BAYES = 0.15`，它同时是两个来源的 `flip`）：
#   贝叶斯误差、误差阶梯以及清理标签的价值会怎样变化？
