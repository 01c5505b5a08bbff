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
# # Lab: a character-level language model
#
# This notebook trains two character-level language models in NumPy, a
# vanilla RNN and an LSTM, on the same small text and in the same way, with
# the tested functions of `snippets/rnn.py` from the [Week 1 page](../week-1/):
# `language_model_loss` (forward pass, cross-entropy and backpropagation
# through time), `clip` and `sample`. It is executed every time the site is
# built, so every number, curve and sample below is real output.
#
# Steps: load the text, train both models, compare their loss curves, see what
# happens without gradient clipping, and generate text at several
# temperatures.
#
# To run it yourself: clone the repository, run `make serve` once (it creates
# `.venv`), then open this file with Jupytext or run it as a script with
# `PYTHONPATH=. .venv/bin/python docs/en/course-5/lab-language-model.py`.

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
# ## 1. The text
#
# The text is `snippets/data/harbour.txt`, about 2.4 KB of short, plain
# sentences about a harbour town. It was written for this repository, so it
# is redistributed with it under the repository's MIT licence. A tiny text
# keeps the training within a few seconds; it also means the models will
# learn its words by heart rather than English in general.

# %%
text = load_text("harbour")
chars = sorted(set(text))
print(len(text), "characters,", len(chars), "distinct:", repr("".join(chars)))
print(text[:180])

# %% [markdown]
# ## 2. Training an RNN and an LSTM the same way
#
# Both models have 48 hidden units, read one-hot characters and predict the
# next character with a softmax. Each of 200 iterations takes 32 random
# windows of 26 characters (25 inputs and their 25 next characters), computes
# the mean cross-entropy per character and its gradients by backpropagation
# through time, clips every gradient element to $[-5, 5]$ and takes an Adam
# step with learning rate 0.02. A model that guesses uniformly among the
# characters has loss $\log 27 \approx 3.3$.

# %%
results = {}
for cell in ("rnn", "lstm"):
    results[cell] = train_language_model(text, cell=cell, n_a=48, seq_len=25, batch_size=32,
                                         iterations=200, learning_rate=0.02, clip_value=5.0)


def text_loss(parameters, char_to_ix, length=50):
    """Mean loss per character over the whole text, cut into windows of ``length``."""
    ids = np.array([char_to_ix[ch] for ch in text])
    n = (len(ids) - 1) // length
    X = ids[:n * length].reshape(n, length)
    Y = ids[1:n * length + 1].reshape(n, length)
    return language_model_loss(X, Y, parameters)[0]


final = {cell: text_loss(p, c2i) for cell, (p, c2i, _) in results.items()}
for cell, loss in final.items():
    print(f"{cell:4s} loss on the whole text after training: {loss:.3f}")
assert final["lstm"] < final["rnn"]

# %% alt="Training loss per iteration of the character-level RNN and LSTM, with moving averages and the uniform-guess level"
def smooth(values, width=15):
    return np.convolve(values, np.ones(width) / width, mode="valid")


fig, ax = plt.subplots(figsize=(7, 4))
for cell, (_, _, losses) in results.items():
    ax.plot(losses, alpha=0.25, lw=1)
    ax.plot(np.arange(14, len(losses)), smooth(losses), lw=2,
            label=f"{cell.upper()}: {final[cell]:.3f} on the whole text at the end")
ax.axhline(np.log(len(chars)), color="k", ls=":", label=f"uniform guess, log {len(chars)}")
ax.set_xlabel("iteration")
ax.set_ylabel("mean cross-entropy per character")
ax.set_title("Training loss (thin: each batch; thick: moving average of 15)")
ax.legend()
plt.show()

# %% [markdown]
# Both models drop quickly from the uniform guess, as they learn which
# characters are frequent and which follow which. The LSTM ends lower: its
# gated memory lets it use more of the 25 characters it has read (for example
# to finish a word begun several characters earlier). It is also about three
# times slower per iteration, since every step computes four gates.
#
# ## 3. Without gradient clipping
#
# With Adam the step size is normalized, which hides exploding gradients.
# Plain gradient descent shows them: here the RNN is trained with SGD at a
# large learning rate, 3.0, once with every gradient element clipped to
# $[-0.03, 0.03]$ and once without clipping.

# %% alt="Training loss of the same RNN with and without gradient clipping, on a log scale"
clipping = {}
with np.errstate(over="ignore", invalid="ignore"):
    for label, clip_value in (("clipped to 0.03", 0.03), ("no clipping", None)):
        clipping[label] = train_language_model(text, cell="rnn", iterations=300, learning_rate=3.0,
                                               optimizer="sgd", clip_value=clip_value)[2]

fig, ax = plt.subplots(figsize=(7, 4))
for label, losses in clipping.items():
    ax.plot(losses, lw=1.2, label=f"SGD, learning rate 3, {label}: largest loss {max(losses):.1f}")
ax.set_yscale("log")
ax.set_xlabel("iteration")
ax.set_ylabel("loss per character (log scale)")
ax.set_title("The same RNN with and without gradient clipping")
ax.legend()
plt.show()
for label, losses in clipping.items():
    print(f"{label:14s} mean loss over the last 30 iterations: {np.mean(losses[-30:]):.3f}")

# %% [markdown]
# Without clipping, a few large gradients throw the parameters far away: the
# loss jumps to many times the uniform guess and the training never recovers
# within these iterations. With clipping, every step is bounded, and the same
# learning rate makes steady (if slower) progress. Clipping is a safety net
# against explosions; it does nothing for vanishing gradients.
#
# ## 4. Generating text at several temperatures
#
# `sample` feeds each sampled character back in and stops after a newline.
# Dividing the logits by a temperature $\tau$ sharpens ($\tau < 1$) or
# flattens ($\tau > 1$) the distribution. The first input is the zero
# vector, so a sample often starts in the middle of a sentence. Three samples
# from the LSTM at each temperature:

# %%
lstm, char_to_ix, _ = results["lstm"]
ix_to_char = {i: ch for ch, i in char_to_ix.items()}
for temperature in (0.5, 1.0, 1.5):
    print(f"temperature {temperature}:")
    for seed in range(3):
        indices = sample(lstm, char_to_ix, seed=seed, temperature=temperature, max_len=120)
        print("   ", "".join(ix_to_char[i] for i in indices).rstrip("\n"))

# %% [markdown]
# At low temperature the model repeats its most confident phrases, mostly
# words of the text in plausible order. At temperature 1 it samples from what
# it learned, with more variety and more mistakes. At high temperature the
# distribution is flattened toward uniform, and invented words and stray
# letters appear. The vanilla RNN at temperature 1, for comparison:

# %%
rnn, _, _ = results["rnn"]
for seed in range(3):
    indices = sample(rnn, char_to_ix, seed=seed, temperature=1.0, max_len=120)
    print("   ", "".join(ix_to_char[i] for i in indices).rstrip("\n"))

# %% [markdown]
# ## Things to try
#
# - Train both models for 1,000 iterations: does the gap between them grow or
#   shrink once both have memorized the text?
# - Lower `seq_len` to 5: the LSTM's advantage comes from long contexts, so
#   what happens to the gap?
# - Replace the text by one of your own (a few KB of plain text) and watch how
#   long it takes before the samples look like it.
