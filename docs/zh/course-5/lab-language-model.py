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
# # 实验：字符级语言模型
#
# 这个笔记本用 NumPy 在同一段小文本上、以同样的方式训练两个字符级语言模型：一个普通 RNN 和一个 LSTM。
# 所用的都是 [第 1 周页面](../week-1/)上 `snippets/rnn.py` 中经过测试的函数：
# `language_model_loss`（正向传播、交叉熵和随时间反向传播）、`clip` 和 `sample`。
# 每次构建网站时它都会被执行，所以下面的每个数字、每条曲线和每个样本都是真实输出。
#
# 步骤：载入文本，训练两个模型，比较它们的损失曲线，看看不做梯度裁剪会发生什么，
# 再在几种温度下生成文本。
#
# 自己运行：克隆仓库，运行一次 `make serve`（它会创建 `.venv`），然后用 Jupytext 打开这个文件，
# 或者用
# `PYTHONPATH=. .venv/bin/python docs/zh/course-5/lab-language-model.py`
# 把它当作脚本运行。

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

from snippets.figures.style import RC
from snippets.rnn import language_model_loss, sample, train_language_model
from snippets.texts import load_text

plt.rcParams.update(RC)  # the site's figure style; SVG keeps text as text
# Labels are measured with a Latin font; the browser draws them with its own.
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## 1. 文本
#
# 文本是 `snippets/data/harbour.txt`：大约 2.4 KB 的英文短句，写的是一个港口小镇。
# 它是为本仓库写的，因此随仓库一起按仓库的 MIT 许可证分发。
# 文本很小，训练几秒钟就能完成；这也意味着模型学到的是把这段文本里的词背下来，而不是一般的英语。

# %%
text = load_text("harbour")
chars = sorted(set(text))
print(len(text), "个字符，其中不同的字符", len(chars), "个：", repr("".join(chars)))
print(text[:180])

# %% [markdown]
# ## 2. 用同样的方式训练 RNN 和 LSTM
#
# 两个模型都有 48 个隐藏单元，读入独热编码的字符，用 softmax 预测下一个字符。
# 200 次迭代中的每一次都随机取 32 个长为 26 个字符的窗口（25 个输入和各自的下一个字符），
# 计算每个字符的平均交叉熵，并用随时间反向传播求梯度，把每个梯度元素裁剪到 $[-5, 5]$，
# 再以学习率 0.02 做一步 Adam 更新。在各个字符之间均匀猜测的模型，损失为 $\log 27 \approx 3.3$。

# %%
results = {}
for cell in ("rnn", "lstm"):
    results[cell] = train_language_model(text, cell=cell, n_a=48, seq_len=25, batch_size=32,
                                         iterations=200, learning_rate=0.02, clip_value=5.0)


def text_loss(parameters, char_to_ix, length=50):
    """整段文本上每个字符的平均损失，文本切成长为 ``length`` 的窗口。"""
    ids = np.array([char_to_ix[ch] for ch in text])
    n = (len(ids) - 1) // length
    X = ids[:n * length].reshape(n, length)
    Y = ids[1:n * length + 1].reshape(n, length)
    return language_model_loss(X, Y, parameters)[0]


final = {cell: text_loss(p, c2i) for cell, (p, c2i, _) in results.items()}
for cell, loss in final.items():
    print(f"{cell:4s} 训练后在整段文本上的损失：{loss:.3f}")
assert final["lstm"] < final["rnn"]

# %% alt="字符级 RNN 与 LSTM 每次迭代的训练损失、滑动平均以及均匀猜测的水平线"
def smooth(values, width=15):
    return np.convolve(values, np.ones(width) / width, mode="valid")


fig, ax = plt.subplots(figsize=(7, 4))
for cell, (_, _, losses) in results.items():
    ax.plot(losses, alpha=0.25, lw=1)
    ax.plot(np.arange(14, len(losses)), smooth(losses), lw=2,
            label=f"{cell.upper()}：最终在整段文本上为 {final[cell]:.3f}")
ax.axhline(np.log(len(chars)), color="k", ls=":", label=f"均匀猜测，log {len(chars)}")
ax.set_xlabel("迭代次数")
ax.set_ylabel("每个字符的平均交叉熵")
ax.set_title("训练损失（细线：每个批量；粗线：15 次的滑动平均）")
ax.legend()
plt.show()

# %% [markdown]
# 两个模型的损失都很快从均匀猜测的水平降下来，因为它们学会了哪些字符常见、哪些字符跟在哪些后面。
# LSTM 最终的损失更低：它带门控的记忆能更多地利用已经读过的 25 个字符
# （例如把几个字符之前开始的一个词写完）。它每次迭代也慢了大约三倍，因为每一步要计算四个门。
#
# ## 3. 不做梯度裁剪
#
# Adam 会对步长做归一化，这会掩盖梯度爆炸。普通梯度下降则会暴露它：
# 这里用学习率很大（3.0）的随机梯度下降训练 RNN，一次把每个梯度元素裁剪到 $[-0.03, 0.03]$，
# 一次不做裁剪。

# %% alt="同一个 RNN 做与不做梯度裁剪时的训练损失（对数坐标）"
clipping = {}
with np.errstate(over="ignore", invalid="ignore"):
    for label, clip_value in (("裁剪到 0.03", 0.03), ("不裁剪", None)):
        clipping[label] = train_language_model(text, cell="rnn", iterations=300, learning_rate=3.0,
                                               optimizer="sgd", clip_value=clip_value)[2]

fig, ax = plt.subplots(figsize=(7, 4))
for label, losses in clipping.items():
    ax.plot(losses, lw=1.2, label=f"随机梯度下降，学习率 3，{label}：最大损失 {max(losses):.1f}")
ax.set_yscale("log")
ax.set_xlabel("迭代次数")
ax.set_ylabel("每个字符的损失（对数坐标）")
ax.set_title("同一个 RNN，做与不做梯度裁剪")
ax.legend()
plt.show()
for label, losses in clipping.items():
    print(f"{label}：最后 30 次迭代的平均损失 {np.mean(losses[-30:]):.3f}")

# %% [markdown]
# 不做裁剪时，少数几个很大的梯度把参数甩到很远的地方：损失跳到均匀猜测的许多倍，
# 在这些迭代内再也没有恢复。做裁剪时，每一步的大小都有上限，同样的学习率能稳定地（虽然慢一些）进步。
# 梯度裁剪是防止爆炸的安全网，对梯度消失则毫无作用。
#
# ## 4. 在几种温度下生成文本
#
# `sample` 把每个采样得到的字符再送回模型，遇到换行符就停止。
# 把 logits 除以温度 $\tau$ 会让分布更集中（$\tau < 1$）或更平坦（$\tau > 1$）。
# 第一个输入是零向量，所以一个样本常常从句子中间开始。每种温度下从 LSTM 采样三次：

# %%
lstm, char_to_ix, _ = results["lstm"]
ix_to_char = {i: ch for ch, i in char_to_ix.items()}
for temperature in (0.5, 1.0, 1.5):
    print(f"温度 {temperature}：")
    for seed in range(3):
        indices = sample(lstm, char_to_ix, seed=seed, temperature=temperature, max_len=120)
        print("   ", "".join(ix_to_char[i] for i in indices).rstrip("\n"))

# %% [markdown]
# 温度低时，模型重复它最有把握的短语，大多是文本中的词，顺序也说得过去。
# 温度为 1 时，它按学到的分布采样，变化更多，错误也更多。温度高时，分布被压平、趋向均匀，
# 会出现编造的词和零散的字母。作为对比，普通 RNN 在温度 1 下的样本：

# %%
rnn, _, _ = results["rnn"]
for seed in range(3):
    indices = sample(rnn, char_to_ix, seed=seed, temperature=1.0, max_len=120)
    print("   ", "".join(ix_to_char[i] for i in indices).rstrip("\n"))

# %% [markdown]
# ## 动手试试
#
# - 把两个模型都训练 1,000 次迭代：两者都把文本背下来之后，它们之间的差距是变大还是变小？
# - 把 `seq_len` 降到 5：LSTM 的优势来自长上下文，那么差距会怎样？
# - 把文本换成你自己的（几 KB 的纯文本），看看要多久样本才开始像它。
