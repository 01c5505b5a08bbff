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
# # Lab: a deep network from scratch
#
# This notebook builds an $L$-layer network from the tested functions in
# `snippets/` (the code on the [Week 4 page](../week-4/)) and trains it to
# recognise shapes in small images. It is executed every time the site is
# built, so every number and plot below is real output.
#
# Steps: generate a data set of grey images, flatten them into the columns of
# $X$, train logistic regression, a 2-layer network and a 4-layer network with
# batch gradient descent, compare their cost curves and accuracies, and look at
# the test images the deep network gets wrong.
#
# To run it yourself: clone the repository, run `make serve` once (it creates
# `.venv`), then open this file with Jupytext or run it as a script with
# `PYTHONPATH=. .venv/bin/python docs/en/course-1/lab-deep-network.py`.

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

plt.rcParams.update(RC)  # the site's figure style; SVG keeps text as text
# Labels are measured with a Latin font; the browser draws them with its own.
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
# %config InlineBackend.figure_formats = ["svg"]

# %% [markdown]
# ## 1. Data
#
# The course trains this network on photos of cats. Here the images are
# generated, so nothing is downloaded: $m = 2000$ grey images of
# $16 \times 16$ pixels, each showing one filled shape, either a **disc**
# ($y = 1$) or a **square** ($y = 0$). The two shapes cover the same area on
# average. The position, the size and the brightness are random, and every
# pixel gets some noise. Pixel values lie in $[0, 1]$, as after the course's
# division by 255.

# %% alt="Sixteen generated training images of discs and squares with their labels"
images, Y = make_shape_images(2000, size=16, seed=0)
print("images", images.shape, "Y", Y.shape)
print("discs:", int(Y.sum()), " squares:", int((1 - Y).sum()))
print("pixel values from", images.min(), "to", images.max())

NAMES = {0: "square", 1: "disc"}
fig, axes = plt.subplots(2, 8, figsize=(9, 2.6))
for i, ax in enumerate(axes.flat):
    ax.imshow(images[i], cmap="gray", vmin=0, vmax=1)
    ax.set_title(NAMES[int(Y[0, i])], fontsize=9)
    ax.axis("off")
plt.show()

# %% [markdown]
# ## 2. Flatten and split
#
# `image_to_vector` turns each $16 \times 16$ image into a column of
# $n_x = 256$ numbers, so $X$ is $(256, 2000)$. A quarter of the examples is
# kept aside as the test set. The split shuffles the columns of $X$ and $Y$
# together.

# %%
X = image_to_vector(images)
X_train, Y_train, X_test, Y_test = train_test_split(X, Y, test_fraction=0.25, seed=0)
print("X_train", X_train.shape, "Y_train", Y_train.shape)
print("X_test ", X_test.shape, "Y_test ", Y_test.shape)

# %% [markdown]
# ## 3. A linear baseline
#
# Logistic regression (Week 2) gives every pixel one weight. That is enough
# to tell where bright pixels usually are, but not what shape they form
# anywhere in the image.

# %%
start = time.perf_counter()
linear = model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.1)
print(f"logistic regression: train accuracy {linear['train_accuracy']:.3f}, "
      f"test accuracy {linear['test_accuracy']:.3f} ({time.perf_counter() - start:.1f} s)")

# %% [markdown]
# ## 4. A 2-layer and a 4-layer network
#
# The same hidden layers as in the course (its inputs are larger images):
#
# - 2 layers, `[256, 7, 1]`: LINEAR → RELU → LINEAR → SIGMOID;
# - 4 layers, `[256, 20, 7, 5, 1]`: [LINEAR → RELU] × 3 → LINEAR → SIGMOID.
#
# Both start from weights with variance $1/n^{[l-1]}$ and take 1000 steps of
# batch gradient descent with $\alpha = 0.2$. The cost is recorded every 100
# iterations.

# %%
nets = {"2-layer": [256, 7, 1], "4-layer": [256, 20, 7, 5, 1]}
trained = {}
for name, layers_dims in nets.items():
    start = time.perf_counter()
    parameters, costs = L_layer_model(X_train, Y_train, layers_dims,
                                      learning_rate=0.2, num_iterations=1000)
    trained[name] = parameters, costs
    print(f"{name} {layers_dims}: cost {costs[0]:.3f} -> {costs[-1]:.4f} "
          f"({time.perf_counter() - start:.1f} s)")

# %% [markdown]
# ## 5. Cost curves
#
# Both costs start near $\log 2 \approx 0.69$ and fall, the 4-layer network's
# much further (the printed values above). The occasional bumps
# are steps that overshoot: with $\alpha = 0.2$ a step sometimes lands on a
# higher point of the cost. A smaller learning rate gives smoother curves but
# needs more iterations.

# %% alt="Training cost of the deep network, the 2-layer network and logistic regression"
fig, ax = plt.subplots(figsize=(6.4, 3.8))
for name, (parameters, costs) in trained.items():
    ax.plot(np.arange(len(costs)) * 100, costs, lw=2, label=f"{name} {nets[name]}")
ax.set_xlabel("iteration")
ax.set_ylabel("cost J")
ax.set_title("Training cost")
ax.legend()
plt.show()

# %% [markdown]
# ## 6. Accuracy
#
# Training accuracy measures how well each model fits the data it learned from.
# Test accuracy measures how well it does on images it has never seen.

# %%
rows = [("logistic regression", linear["train_accuracy"], linear["test_accuracy"])]
for name, (parameters, _) in trained.items():
    rows.append((f"{name} {nets[name]}",
                 np.mean(predict_deep(X_train, parameters) == Y_train),
                 np.mean(predict_deep(X_test, parameters) == Y_test)))
print(f"{'model':<30} {'train':>6} {'test':>6}")
for name, train, test in rows:
    print(f"{name:<30} {train:6.3f} {test:6.3f}")

# %% [markdown]
# The linear model is clearly the weakest. Both networks fit the training set
# far better and also do better on the test set, and the 4-layer network does
# best. Both networks do much better on their training images than on new
# ones, and the 4-layer network fits almost all of its 1500 training images: they
# have memorised much of the training set. That gap is *variance*, and
# Course 2, Week 1 is about closing it (more data, regularization, dropout).
# Note too that the 4-layer network is not only deeper but also larger: 5,333
# parameters against 1,807. The [Week 4 page](../week-4/) discusses what such
# a comparison can and cannot show.

# %% [markdown]
# ## 7. Mistakes
#
# Which test images does the 4-layer network get wrong? Each title gives the
# prediction with the network's probability of a disc, $\hat{y} = P(y = 1)$,
# and the true label is written below the image. The figure shows the first
# 12 mistakes.

# %% alt="Twelve test images with the predicted and the true class"
parameters, _ = trained["4-layer"]
AL, _ = L_model_forward(X_test, parameters)
predictions = (AL > 0.5).astype(float)
wrong = np.flatnonzero(predictions[0] != Y_test[0])
print(f"{wrong.size} of {Y_test.shape[1]} test images are misclassified")
confident = np.sum((AL[0, wrong] < 0.1) | (AL[0, wrong] > 0.9))
print(f"{confident} of these mistakes have ŷ below 0.1 or above 0.9")

fig, axes = plt.subplots(2, 6, figsize=(9, 4.6), layout="constrained")
for ax, i in zip(axes.flat, wrong):
    ax.imshow(X_test[:, i].reshape(16, 16), cmap="gray", vmin=0, vmax=1)
    ax.set_title(f"predicted {NAMES[int(predictions[0, i])]}\n(ŷ = {AL[0, i]:.2f})", fontsize=8)
    ax.set_xlabel(f"true: {NAMES[int(Y_test[0, i])]}", fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
for ax in axes.flat[wrong.size:]:
    ax.axis("off")
plt.show()

# %% [markdown]
# Most mistakes are small shapes: a disc of radius 2.5 to 4 pixels and a
# square of the same area differ in only a few pixels, and the noise can hide
# them. A few are large, clear shapes that no person would get wrong. Small or
# large, many mistakes come with a confident $\hat{y}$ near 0 or 1, as the
# count above shows. The network has no built-in notion of "the
# same shape somewhere else": it must learn every position from examples, and
# 1500 images do not cover them all. Convolutional networks (Course 4) build
# that notion in.
#
# ## Things to try
#
# - Change `layers_dims`: a wider 2-layer network (say `[256, 60, 1]`), or a
#   deeper one. Which does best on the test set?
# - Generate more images (`make_shape_images(6000, ...)`): does the gap between
#   training and test accuracy shrink?
# - Set `noise=0.0`, or use a larger `size` (then change the 256 in `nets`
#   to `size**2` and `reshape(16, 16)` to `reshape(size, size)`): how much
#   easier is the task?
