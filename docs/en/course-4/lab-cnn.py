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
# # Lab: a small convolutional network in NumPy
#
# This notebook trains a convolutional network built only from the tested
# layers of this course, `conv_forward`, `conv_backward`, `pool_forward` and
# `pool_backward` from the [Week 1 page](../week-1/), with the softmax and the
# Adam optimizer of Course 2. It compares the network with a fully connected
# network of about the same number of parameters, trained the same way, then
# looks at what the convolutional network learned and at how both cope with
# images shifted by a few pixels. It is executed every time the site is built,
# so every number and plot below is real output.
#
# To run it yourself: clone the repository, run `make serve` once (it creates
# `.venv`), then open this file with Jupytext or run it as a script with
# `PYTHONPATH=. .venv/bin/python docs/en/course-4/lab-cnn.py`.

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

from snippets.cnn import (PATTERNS, conv_backward, conv_forward, make_pattern_images, pool_backward,
                          pool_forward, shift_images)
from snippets.figures.style import RC
from snippets.optimization import initialize_adam, update_parameters_with_adam
from snippets.softmax import one_hot, softmax_cross_entropy

plt.rcParams.update(RC)  # the site's figure style; SVG keeps text as text
# Labels are measured with a Latin font; the browser draws them with its own.
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## 1. The data
#
# Grey $16 \times 16$ images, each with one of four $5 \times 5$ patterns (a plus
# sign, a diagonal cross, a square ring, a horizontal bar) at a random position,
# with a random brightness and Gaussian noise. The position carries no
# information about the class, which is exactly the situation convolutions are
# made for.

# %% alt="Sixteen generated training images, each titled with its pattern class"
X_train, y_train = make_pattern_images(1200, size=16, seed=0)
X_test, y_test = make_pattern_images(400, size=16, seed=1)
X_central, y_central = make_pattern_images(400, size=16, seed=2, margin=3)   # for section 5
C = len(PATTERNS)
print("train:", X_train.shape, "test:", X_test.shape, "classes:", PATTERNS)

fig, axes = plt.subplots(2, 8, figsize=(10, 2.8))
for ax, image, label in zip(axes.ravel(), X_train, y_train):
    ax.imshow(image[:, :, 0], cmap="gray", rasterized=True)
    ax.set_title(PATTERNS[label], fontsize=8)
    ax.axis("off")
plt.show()

# %% [markdown]
# ## 2. The two networks
#
# The convolutional network is CONV(3×3, 6 filters, same) → ReLU → MAXPOOL(2) →
# CONV(3×3, 12 filters, same) → ReLU → MAXPOOL(2) → a fully connected softmax
# layer on the $4 \times 4 \times 12$ volume. The fully connected network has one
# hidden layer of ReLU units, sized to have about as many parameters. Both are
# written as a forward function that keeps what the backward function needs,
# and a backward function that returns the gradients for Adam.

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


print("parameters: CNN", n_params(init_cnn()), "fully connected", n_params(init_fc()))

# %% [markdown]
# Before training, a gradient check on a few images: the backward function of
# the convolutional network against two-sided differences of the cost, for a
# handful of weights of every layer.

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
print("gradient check passed")

# %% [markdown]
# ## 3. Training both the same way
#
# Mini-batches of 32, Adam with learning rate 0.01, 6 epochs, for both
# networks.

# %% alt="Training cost per mini-batch of the CNN and of the fully connected network"
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
results = {"CNN": (cnn_forward, cnn), "fully connected": (fc_forward, fc)}
for name, (forward, p) in results.items():
    print(f"{name:>16}: {n_params(p)} parameters, train accuracy {accuracy(forward, p, X_train, y_train):.1%}, "
          f"test accuracy {accuracy(forward, p, X_test, y_test):.1%}")
assert accuracy(cnn_forward, cnn, X_test, y_test) >= 0.95
assert accuracy(cnn_forward, cnn, X_test, y_test) > accuracy(fc_forward, fc, X_test, y_test)

fig, ax = plt.subplots(figsize=(6.4, 3.4))
ax.plot(cnn_costs, label="CNN", alpha=0.8)
ax.plot(fc_costs, label="fully connected", alpha=0.8)
ax.set_xlabel("mini-batch")
ax.set_ylabel("cross-entropy cost")
ax.legend()
plt.show()

# %% [markdown]
# With about the same number of parameters, the convolutional network is far
# more accurate on the test set. It can use the same $3 \times 3$ detectors at
# every position; the fully connected network has to learn each pattern
# separately at each position, from fewer examples per position.
#
# ## 4. What the network learned
#
# The six first-layer filters, and the feature maps of one test image after the
# first convolution and ReLU. Several filters are oriented edge or line
# detectors: they respond to the strokes of the patterns wherever they are.

# %% alt="The learned 3x3 filters of the first layer, then one test image and its feature maps after the first convolution and ReLU"
fig, axes = plt.subplots(1, 6, figsize=(9, 1.8))
for k, ax in enumerate(axes):
    ax.imshow(cnn["W1"][:, :, 0, k], cmap="RdBu_r", rasterized=True)
    ax.set_title(f"filter {k}", fontsize=8)
    ax.axis("off")
plt.show()

image = X_test[:1]
Z1, _ = conv_forward(image, cnn["W1"], cnn["b1"], {"stride": 1, "pad": 1})
fig, axes = plt.subplots(1, 7, figsize=(10.5, 1.9))
axes[0].imshow(image[0, :, :, 0], cmap="gray", rasterized=True)
axes[0].set_title(f"input: {PATTERNS[y_test[0]]}", fontsize=8)
for k, ax in enumerate(axes[1:]):
    ax.imshow(relu(Z1[0, :, :, k]), cmap="magma", rasterized=True)
    ax.set_title(f"map {k}", fontsize=8)
for ax in axes:
    ax.axis("off")
plt.show()

# %% [markdown]
# ## 5. Shifted images
#
# A second test set keeps each pattern at least 3 pixels away from the border.
# Move every one of its images by up to 3 pixels (filling with zeros, so no
# pattern is cut) and measure both networks again: the same patterns, at other
# places.

# %% alt="Test accuracy of the CNN and of the fully connected network on test images shifted by a few pixels"
shifts = [(0, 0), (2, 0), (0, 2), (-2, -2), (3, 1)]
table = {name: [accuracy(forward, p, shift_images(X_central, dx, dy), y_central) for dx, dy in shifts]
         for name, (forward, p) in results.items()}
print(f"{'shift (dx, dy)':>16}" + "".join(f"{str(s):>10}" for s in shifts))
for name, values in table.items():
    print(f"{name:>16}" + "".join(f"{v:>10.1%}" for v in values))

fig, ax = plt.subplots(figsize=(6.4, 3.2))
for name, values in table.items():
    ax.plot(range(len(shifts)), values, "o-", label=name)
ax.set_xticks(range(len(shifts)), [str(s) for s in shifts])
ax.set_xlabel("shift (dx, dy) in pixels")
ax.set_ylabel("test accuracy")
ax.legend()
plt.show()

# %% [markdown]
# The convolutional network loses little accuracy under any of these shifts
# (compare each column with the first): its filters are the same at every position and max pooling absorbs small
# moves, the robustness to translation that the Week 1 page argued for. The
# fully connected network stays poor whatever the shift. The training images
# already had their patterns everywhere, so a shift does not take it somewhere
# new; it simply never learned to recognize a pattern apart from where it is,
# since each of its weights belongs to one pixel.
#
# **Exercises.** Remove the second pooling layer (and adapt `W3`): how do the
# parameter count and the shifted accuracy change? Train both networks on a
# quarter of the training set: which one suffers more?
