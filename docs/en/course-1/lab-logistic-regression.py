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
# # Lab: logistic regression from scratch
#
# This notebook trains the Week 2 model end to end with the tested functions
# from `snippets/` (the code on the [Week 2 page](../week-2/)). It is executed
# every time the site is built, so every number and plot below is real output.
#
# Steps: make a 2-D data set, standardize it, train $\hat{y} = \sigma(w^T x + b)$
# by gradient descent, watch the cost $J(w, b)$ fall, and draw the decision
# boundary $w^T x + b = 0$.
#
# To run it yourself: clone the repository, run `make serve` once (it creates
# `.venv`), then open this file with Jupytext or run it as a script with
# `PYTHONPATH=. .venv/bin/python docs/en/course-1/lab-logistic-regression.py`.

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

from snippets.datasets import make_blobs, train_test_split
from snippets.figures.style import RC
from snippets.logistic_regression import model, predict, propagate, standardize

plt.rcParams.update(RC)  # the site's figure style; SVG keeps text as text
# Labels are measured with a Latin font; the browser draws them with its own.
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## 1. Data
#
# Two overlapping Gaussian clouds: $m = 600$ examples with $n_x = 2$ features,
# stored as columns, so `X` is $(2, 600)$ and `Y` is $(1, 600)$. The second
# feature is stretched and shifted on purpose (the printed means and standard
# deviations show by how much), to show why standardization helps. A quarter
# of the examples (150) is kept aside as the test set, leaving 450 for
# training.

# %%
X, Y = make_blobs(m=600, seed=42, separation=2.2)
X = X * np.array([[1.0], [25.0]]) + np.array([[3.0], [-40.0]])
X_train, Y_train, X_test, Y_test = train_test_split(X, Y, test_fraction=0.25, seed=0)
print("X_train", X_train.shape, "Y_train", Y_train.shape)
print("X_test ", X_test.shape, "Y_test ", Y_test.shape)
print("feature means", X_train.mean(axis=1).round(2), "stds", X_train.std(axis=1).round(2))

# %% [markdown]
# ## 2. Standardize with the training statistics
#
# Each feature gets mean 0 and standard deviation 1 on the training set; the
# test set goes through the *same* transformation.

# %%
X_train_n, mu, sd = standardize(X_train)
X_test_n, _, _ = standardize(X_test, mu, sd)
print("after: means", X_train_n.mean(axis=1).round(6), "stds", X_train_n.std(axis=1).round(6))

# %% [markdown]
# ## 3. Train
#
# Start from $w = 0$, $b = 0$ and take 2000 gradient steps with
# $\alpha = 0.1$. Before training, the cost is $\log 2 \approx 0.693$:
# with $w = 0$ and $b = 0$ every prediction is $\sigma(0) = 0.5$.

# %%
_, cost0 = propagate(np.zeros((2, 1)), 0.0, X_train_n, Y_train)
print(f"cost at w = 0: {cost0:.4f} (log 2 = {np.log(2):.4f})")

d = model(X_train_n, Y_train, X_test_n, Y_test, num_iterations=2000, learning_rate=0.1)
print(f"train accuracy: {d['train_accuracy']:.3f}")
print(f"test accuracy:  {d['test_accuracy']:.3f}")
print("w =", d["w"].ravel().round(3), " b =", round(d["b"], 3))

# %% [markdown]
# Both accuracies are close to 86%, and no straight line can do much better:
# the two clouds have unit variance and centres 2.2 apart, so even the best
# possible boundary misclassifies the points that lie beyond the midpoint, and
# its accuracy is $\Phi(1.1) \approx 86.4\%$ ($\Phi$ is the standard normal
# distribution function). The remaining errors are the overlap of the clouds.
#
# ## 4. The cost curve
#
# The cost is recorded every 100 iterations. It falls fast at first, from
# $\log 2 \approx 0.693$ to about 0.33, and then flattens as gradient descent
# reaches the minimum of the convex cost.

# %% alt="Training cost of logistic regression falling with the iterations"
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(np.arange(len(d["costs"])) * 100, d["costs"], marker="o")
ax.set_xlabel("iteration")
ax.set_ylabel("cost J")
ax.set_title("Training cost")
plt.show()

# %% [markdown]
# ## 5. The decision boundary
#
# The model predicts 1 where $w^T x + b > 0$, with $x$ the standardized
# input. The background shows the
# predicted class on a grid; the black line is the boundary, drawn in the
# original (unstandardized) units.

# %% alt="Predicted class regions of logistic regression with the test examples on top"
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
    ax.scatter(pts[0], pts[1], marker=marker, s=18, label=f"test, y = {label}")
ax.set_xlabel("feature x1 (original units)")
ax.set_ylabel("feature x2 (original units)")
ax.legend(loc="upper left")
ax.set_title("Predicted class and test examples")
plt.show()

# %% [markdown]
# ## 6. Why standardize?
#
# The same training on the raw features needs a learning rate small enough
# not to diverge ($\alpha = 0.001$). After the same 2000 steps it is still far
# from the minimum: its cost is higher and still falling, and its test
# accuracy is lower. The stretched, off-centre feature forces a tiny step size
# in every direction.

# %%
raw = model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.001)
print(f"raw features:          final cost {raw['costs'][-1]:.4f}, test accuracy {raw['test_accuracy']:.3f}")
print(f"standardized features: final cost {d['costs'][-1]:.4f}, test accuracy {d['test_accuracy']:.3f}")
