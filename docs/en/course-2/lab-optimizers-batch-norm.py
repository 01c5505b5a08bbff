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
# # Lab: optimizers and batch normalization
#
# This notebook compares the ways Course 2 offers to train a network faster,
# with the tested functions from `snippets/`: mini-batch gradient descent,
# momentum and Adam from the [Week 2 page](../week-2/), and batch
# normalization from the [Week 3 page](../week-3/). It is executed every time
# the site is built, so every number and plot below is real output.
#
# Steps: make the "moons" data set, train one network with three optimizers,
# compare their cost curves, accuracy and decision boundaries, then train the
# same network with batch norm in its hidden layers and use it at test time.
#
# To run it yourself: clone the repository, run `make serve` once (it creates
# `.venv`), then open this file with Jupytext or run it as a script with
# `PYTHONPATH=. .venv/bin/python docs/en/course-2/lab-optimizers-batch-norm.py`.

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

from snippets.batch_norm import bn_network_forward, predict_bn_network, train_bn_network
from snippets.datasets import make_moons, train_test_split
from snippets.deep_network import predict_deep
from snippets.figures.style import RC
from snippets.optimization import model

plt.rcParams.update(RC)  # the site's figure style; SVG keeps text as text
# Labels are measured with a Latin font; the browser draws them with its own.
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## 1. Data
#
# Two interleaving half circles with noise: $m = 600$ examples with $n_x = 2$
# features, stored as columns. A quarter of them is kept aside as a test set.
# No straight line separates the classes, so the network needs hidden layers.

# %% alt="Scatter plot of the training set, the two classes marked by shape"
# rasterized=True: thousands of points or a filled region become one small image
# inside the SVG (axes and text stay sharp), which keeps the page light.
X, Y = make_moons(m=600, seed=3, noise=0.2)
X_train, Y_train, X_test, Y_test = train_test_split(X, Y, test_fraction=0.25, seed=0)
print("X_train", X_train.shape, "Y_train", Y_train.shape)
print("X_test ", X_test.shape, "Y_test ", Y_test.shape)

fig, ax = plt.subplots(figsize=(6, 4))
for label, marker in ((0, "o"), (1, "^")):
    pts = X_train[:, Y_train[0] == label]
    ax.scatter(pts[0], pts[1], marker=marker, s=16, rasterized=True, label=f"y = {label}")
ax.set_xlabel("x1")
ax.set_ylabel("x2")
ax.set_title("Training set")
ax.legend()
plt.show()

# %% [markdown]
# ## 2. One network, three optimizers
#
# The network is [LINEAR → RELU] × 2 → LINEAR → SIGMOID with layer sizes
# $[2, 16, 8, 1]$. All three runs start from the same weights, see the same
# mini-batches of 64 examples for 300 epochs, and use the same learning rate
# $\alpha = 0.01$; only the update rule differs:
#
# - gradient descent: $W := W - \alpha\, dW$;
# - momentum: $v_{dW} := \beta v_{dW} + (1 - \beta)\, dW$, $W := W - \alpha v_{dW}$ with $\beta = 0.9$;
# - Adam: momentum and RMSprop together, bias-corrected, with
#   $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$.

# %%
layers_dims = [2, 16, 8, 1]
runs = {}
for optimizer in ("gd", "momentum", "adam"):
    parameters, costs = model(X_train, Y_train, layers_dims, optimizer=optimizer,
                              learning_rate=0.01, mini_batch_size=64, num_epochs=300, seed=1)
    runs[optimizer] = (parameters, costs)
    train_accuracy = np.mean(predict_deep(X_train, parameters) == Y_train)
    test_accuracy = np.mean(predict_deep(X_test, parameters) == Y_test)
    print(f"{optimizer:9s} final cost {costs[-1]:.4f}   train accuracy {train_accuracy:.3f}"
          f"   test accuracy {test_accuracy:.3f}")

# %% [markdown]
# ## 3. Cost curves
#
# One point per epoch: the average loss of the mini-batches just before their
# updates. With this learning rate, gradient descent and momentum move at the
# same pace. That is expected: momentum averages the gradients with weights
# that sum to 1, so its typical step is the same size as gradient descent's; it
# helps when the gradients oscillate, which they hardly do here. Adam divides
# each step by the recent size of its gradient, so parameters with small
# gradients still move, and it reaches a much lower cost.

# %% alt="Cost per epoch of gradient descent, momentum and Adam on the same network"
labels = {"gd": "gradient descent", "momentum": "momentum (β = 0.9)", "adam": "Adam"}
fig, ax = plt.subplots(figsize=(6.4, 3.8))
for optimizer, (_, costs) in runs.items():
    ax.plot(np.arange(1, len(costs) + 1), costs, label=labels[optimizer])
ax.set_xlabel("epoch")
ax.set_ylabel("cost J")
ax.set_title("Same network, same α = 0.01")
ax.legend()
plt.show()

# %% [markdown]
# ## 4. Decision boundaries
#
# The background shows the class each trained network predicts on a grid; the
# points are the test examples. After 300 epochs the gradient-descent network
# still draws a gently bent boundary that cuts through the tips of both moons,
# while Adam's follows their shape.

# %% alt="Decision regions learned by each optimizer, with the test examples"
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
                   rasterized=True, label=f"test, y = {label}")
    ax.set_title(labels[optimizer])
    ax.set_xlabel("x1")
axes[0].set_ylabel("x2")
axes[0].legend(loc="lower left")
plt.show()

# %% [markdown]
# ## 5. Adding batch norm
#
# Now the same layer sizes with batch norm in both hidden layers:
# [LINEAR → BATCHNORM → RELU] × 2 → LINEAR → SIGMOID. The hidden layers lose
# their bias $b^{[l]}$ and gain $\gamma^{[l]}$ and $\beta^{[l]}$. The optimizer is
# plain mini-batch gradient descent with the same $\alpha = 0.01$, the same
# mini-batch size and the same number of epochs. For a fair comparison the
# network without batch norm is trained by the same function
# (`batch_norm=False`). That function starts from He initialization (weights
# $\sqrt{2}$ times larger than in section 2), so its run without batch norm
# differs a little from section 2's gradient descent.

# %%
bn_runs = {}
for batch_norm in (False, True):
    parameters, running, costs, _ = train_bn_network(
        X_train, Y_train, layers_dims, batch_norm=batch_norm, learning_rate=0.01,
        num_epochs=300, mini_batch_size=64, seed=1)
    bn_runs[batch_norm] = (parameters, running, costs)
    train_accuracy = np.mean(predict_bn_network(X_train, parameters, running) == Y_train)
    test_accuracy = np.mean(predict_bn_network(X_test, parameters, running) == Y_test)
    print(f"batch norm {str(batch_norm):5s}  final cost {costs[-1]:.4f}"
          f"   train accuracy {train_accuracy:.3f}   test accuracy {test_accuracy:.3f}")
print("parameters with batch norm:", sorted(bn_runs[True][0]))

# %% [markdown]
# With batch norm, plain gradient descent reaches the test accuracy that Adam
# reached without it, and less than half the cost of gradient descent without
# batch norm: every hidden unit's input to the ReLU keeps a steady mean and
# spread, so the same step size suits all layers.

# %% alt="Cost per epoch of gradient descent with and without batch normalization, and Adam"
fig, ax = plt.subplots(figsize=(6.4, 3.8))
ax.plot(np.arange(1, 301), bn_runs[False][2], label="gradient descent")
ax.plot(np.arange(1, 301), bn_runs[True][2], label="gradient descent + batch norm")
ax.plot(np.arange(1, 301), runs["adam"][1], ls="--", color="gray", label="Adam (section 3)")
ax.set_xlabel("epoch")
ax.set_ylabel("cost J")
ax.set_title("Batch norm with the same α = 0.01")
ax.legend()
plt.show()

# %% [markdown]
# ## 6. Batch norm at test time
#
# Training normalized every hidden layer with the statistics of the current
# mini-batch and kept exponentially weighted averages of them. Prediction uses
# those running averages, so an example gets the same answer whether it comes
# alone or in a batch. Normalizing a single example with its *own* statistics
# would not work: $z - \mu = 0$ for every unit, and every example would get the
# same output.

# %%
parameters, running, _ = bn_runs[True]
together = predict_bn_network(X_test, parameters, running)
one_by_one = np.hstack([predict_bn_network(X_test[:, i:i + 1], parameters, running)
                        for i in range(X_test.shape[1])])
print("one at a time == all together:", np.array_equal(one_by_one, together))
alone = [bn_network_forward(X_test[:, i:i + 1], parameters)[0][0, 0] for i in range(5)]
print("first five outputs with each example's own statistics:", np.round(alone, 4))
print("running mean of layer 1, first 4 units:", running["mean1"][:4, 0].round(3))
print("running variance of layer 1, first 4 units:", running["var1"][:4, 0].round(3))
