"""Course 1, Week 2: logistic regression as a tiny neural network.

Shapes follow the course: examples are columns.

- ``X``: ``(n_x, m)``, one example per column
- ``Y``: ``(1, m)``, labels in {0, 1}
- ``w``: ``(n_x, 1)``; ``b``: a Python float

Every region between ``--8<-- [start:name]`` and ``--8<-- [end:name]`` is shown
on the Week 2 page. Run in page order, the regions form a working program that
needs nothing but NumPy.
"""

# --8<-- [start:imports]
import time

import numpy as np

# --8<-- [end:imports]


# --8<-- [start:sigmoid]
def sigmoid(z):
    """Logistic function sigma(z) = 1 / (1 + exp(-z)), element-wise.

    Args:
        z: a number or an array of any shape.

    Returns:
        An array of the same shape as ``z`` with values in [0, 1].

    ``exp`` is only ever called on non-positive numbers, so no input
    (not even z = -1000) overflows or warns.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
# --8<-- [end:sigmoid]


# --8<-- [start:initialize_with_zeros]
def initialize_with_zeros(dim):
    """Start logistic regression from w = 0, b = 0.

    Args:
        dim: number of input features n_x (a positive int).

    Returns:
        (w, b): ``w`` of shape (dim, 1) filled with zeros, and ``b = 0.0``.

    Zeros are fine here (unlike in a network with hidden layers): a single
    unit has no symmetry to break.
    """
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or dim < 1:
        raise ValueError(f"dim must be a positive integer, got {dim!r}")
    return np.zeros((dim, 1)), 0.0
# --8<-- [end:initialize_with_zeros]


# --8<-- [start:check_inputs]
def check_inputs(w, X, Y=None):
    """Raise ValueError unless w is (n_x, 1), X is (n_x, m) and Y is (1, m) of 0/1."""
    w, X = np.asarray(w, dtype=float), np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_x, m) with examples as columns, got shape {X.shape}")
    if w.shape != (X.shape[0], 1):
        raise ValueError(f"w must have shape (n_x, 1) = ({X.shape[0]}, 1), got {w.shape}")
    if Y is None:
        return w, X
    Y = np.asarray(Y, dtype=float)
    if Y.shape != (1, X.shape[1]):
        raise ValueError(
            f"Y must have shape (1, m) = (1, {X.shape[1]}) to match X's {X.shape[1]} "
            f"columns, got {Y.shape}"
        )
    if not np.isin(Y, (0.0, 1.0)).all():
        raise ValueError("Y must contain only the labels 0 and 1")
    return w, X, Y
# --8<-- [end:check_inputs]


# --8<-- [start:propagate]
def propagate(w, b, X, Y):
    """One forward and backward pass of logistic regression over all m examples.

    Args:
        w: weights, shape (n_x, 1).
        b: bias, a number.
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m), entries 0 or 1.

    Returns:
        (grads, cost): ``grads = {"dw": (n_x, 1) array, "db": float}`` and the
        cross-entropy cost J(w, b) as a float.
    """
    w, X, Y = check_inputs(w, X, Y)
    m = X.shape[1]

    # forward: Z = w^T X + b, A = sigma(Z), both (1, m)
    Z = w.T @ X + b
    A = sigmoid(Z)
    # J = -(1/m) sum(Y log A + (1 - Y) log(1 - A)), written with
    # log(sigma(z)) = -log(1 + e^{-z}) and log(1 - sigma(z)) = -log(1 + e^{z})
    # so that A = 0 or A = 1 never produces log(0).
    cost = float(np.sum(Y * np.logaddexp(0.0, -Z) + (1 - Y) * np.logaddexp(0.0, Z)) / m)

    # backward: dZ = A - Y, dw = (1/m) X dZ^T, db = (1/m) sum(dZ)
    dZ = A - Y
    dw = (X @ dZ.T) / m
    db = float(np.sum(dZ) / m)
    return {"dw": dw, "db": db}, cost
# --8<-- [end:propagate]


# --8<-- [start:propagate_loop]
def propagate_loop(w, b, X, Y):
    """The same computation as ``propagate``, one example and one feature at a time.

    This is the lecture's un-vectorized pseudo-code, kept to show (and to
    measure) what vectorization saves. Shapes and return value as ``propagate``.
    """
    w, X, Y = check_inputs(w, X, Y)
    n_x, m = X.shape
    cost, dw, db = 0.0, np.zeros((n_x, 1)), 0.0
    for i in range(m):
        z = b
        for j in range(n_x):
            z += w[j, 0] * X[j, i]
        a = float(sigmoid(z))
        cost += Y[0, i] * np.logaddexp(0.0, -z) + (1 - Y[0, i]) * np.logaddexp(0.0, z)
        dz = a - Y[0, i]
        for j in range(n_x):
            dw[j, 0] += X[j, i] * dz
        db += dz
    return {"dw": dw / m, "db": db / m}, float(cost / m)
# --8<-- [end:propagate_loop]


# --8<-- [start:optimize]
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Run batch gradient descent on w and b.

    Args:
        w: initial weights, shape (n_x, 1) (not modified).
        b: initial bias.
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m).
        num_iterations: number of gradient steps.
        learning_rate: step size alpha.
        print_cost: print the cost every 100 steps.

    Returns:
        (params, grads, costs): ``params = {"w": (n_x, 1), "b": float}`` after the
        last step, ``grads`` of the last step, and the cost recorded before
        steps 0, 100, 200, ... (a list of floats).
    """
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    w, b = np.array(w, dtype=float), float(b)
    grads, costs = {"dw": np.zeros_like(w), "db": 0.0}, []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"cost after iteration {i}: {cost:.6f}")
    return {"w": w, "b": b}, grads, costs
# --8<-- [end:optimize]


# --8<-- [start:predict]
def predict(w, b, X):
    """Label each column of X with 1 if sigma(w^T x + b) > 0.5, else 0.

    Args:
        w: weights, shape (n_x, 1).
        b: bias.
        X: inputs, shape (n_x, m).

    Returns:
        Y_prediction: array of shape (1, m) holding 0.0 and 1.0.
    """
    w, X = check_inputs(w, X)
    A = sigmoid(w.T @ X + b)
    return (A > 0.5).astype(float)
# --8<-- [end:predict]


# --8<-- [start:model]
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
          print_cost=False):
    """Train logistic regression from zeros and report accuracy.

    Args:
        X_train: (n_x, m_train); Y_train: (1, m_train).
        X_test: (n_x, m_test); Y_test: (1, m_test).
        num_iterations, learning_rate, print_cost: as for ``optimize``.

    Returns:
        A dict with ``costs``, ``w`` (n_x, 1), ``b``, ``Y_prediction_train``
        (1, m_train), ``Y_prediction_test`` (1, m_test), ``train_accuracy`` and
        ``test_accuracy`` (fractions in [0, 1]), ``learning_rate`` and
        ``num_iterations``.
    """
    w, b = initialize_with_zeros(np.shape(X_train)[0])
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate,
                                print_cost)
    w, b = params["w"], params["b"]
    check_inputs(w, X_test, Y_test)
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    return {
        "costs": costs, "w": w, "b": b,
        "Y_prediction_train": Y_prediction_train,
        "Y_prediction_test": Y_prediction_test,
        "train_accuracy": float(np.mean(Y_prediction_train == Y_train)),
        "test_accuracy": float(np.mean(Y_prediction_test == Y_test)),
        "learning_rate": learning_rate, "num_iterations": num_iterations,
    }
# --8<-- [end:model]


# --8<-- [start:image_to_vector]
def image_to_vector(images):
    """Flatten a stack of images into the columns of a matrix.

    Args:
        images: array of shape (m, height, width, channels) (or any
            (m, ...) shape).

    Returns:
        X of shape (height * width * channels, m): column i is image i.

    ``images.reshape(m, -1).T`` keeps each image's pixels together;
    ``images.reshape(-1, m)`` would mix pixels of different images.
    """
    images = np.asarray(images)
    if images.ndim < 2:
        raise ValueError(f"images must have shape (m, ...) with at least 2 axes, got {images.shape}")
    return images.reshape(images.shape[0], -1).T
# --8<-- [end:image_to_vector]


# --8<-- [start:standardize]
def standardize(X, mean=None, std=None):
    """Give every feature (row of X) zero mean and unit standard deviation.

    Args:
        X: (n_x, m).
        mean, std: (n_x, 1) statistics to reuse (pass the training set's when
            standardizing a test set); computed from X when None.

    Returns:
        (X_norm, mean, std), with X_norm of shape (n_x, m). A feature that is
        constant gets std 1, so it maps to 0 instead of dividing by zero.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_x, m), got shape {X.shape}")
    if mean is None:
        mean = X.mean(axis=1, keepdims=True)
    if std is None:
        std = X.std(axis=1, keepdims=True)
        std = np.where(std == 0, 1.0, std)
    mean, std = np.asarray(mean, dtype=float), np.asarray(std, dtype=float)
    for name, stat in (("mean", mean), ("std", std)):
        if stat.shape != (X.shape[0], 1):
            raise ValueError(f"{name} must have shape (n_x, 1) = ({X.shape[0]}, 1), got {stat.shape}")
    return (X - mean) / std, mean, std
# --8<-- [end:standardize]


# --8<-- [start:column_shares]
def column_shares(A):
    """Divide each column of A by its sum (broadcasting a (1, n) row).

    Args:
        A: (k, n) array of non-negative numbers, no column summing to 0.

    Returns:
        (k, n) array whose columns each sum to 1.
    """
    A = np.asarray(A, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"A must be 2-D, got shape {A.shape}")
    totals = A.sum(axis=0, keepdims=True)  # (1, n), not (n,)
    if np.any(totals == 0):
        raise ValueError("every column of A must have a non-zero sum")
    return A / totals
# --8<-- [end:column_shares]


# --8<-- [start:timing]
def dot_loop(a, b):
    """Inner product of two 1-D arrays of equal length, one product at a time."""
    if np.ndim(a) != 1 or np.shape(a) != np.shape(b):
        raise ValueError(f"a and b must be 1-D of equal length, got {np.shape(a)} and {np.shape(b)}")
    total = 0.0
    for i in range(len(a)):
        total += a[i] * b[i]
    return total


def best_time(fn, *args, repeats=3):
    """Smallest wall-clock time in seconds of ``fn(*args)`` over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def time_loop_vs_vectorized(n=100_000, n_x=20, m=1_000, repeats=3, seed=0):
    """Time loop and vectorized versions of two computations.

    Args:
        n: length of the vectors in the dot-product test.
        n_x, m: size of the (n_x, m) data set given to ``propagate``.
        repeats: runs per measurement (the fastest is kept).
        seed: seed of the random inputs.

    Returns:
        ``{"dot": (loop_s, vectorized_s), "propagate": (loop_s, vectorized_s)}``.
    """
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=n), rng.normal(size=n)
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    w = rng.normal(size=(n_x, 1)) * 0.1
    return {
        "dot": (best_time(dot_loop, a, b, repeats=repeats),
                best_time(np.dot, a, b, repeats=repeats)),
        "propagate": (best_time(propagate_loop, w, 0.0, X, Y, repeats=repeats),
                      best_time(propagate, w, 0.0, X, Y, repeats=repeats)),
    }
# --8<-- [end:timing]
