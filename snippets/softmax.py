"""Course 2, Week 3: softmax regression, for C classes.

Shapes follow the course: examples are columns.

- ``Z``, ``A`` (= Y_hat), ``Y``, ``dZ``: ``(C, m)``, one column per example
- ``labels``: ``(m,)`` or ``(1, m)`` integers 0..C-1
- ``W``: ``(C, n_x)``, ``b``: ``(C, 1)``, ``X``: ``(n_x, m)``

``dZ`` is the course's per-example gradient Y_hat - Y: it equals m * dJ/dZ,
and the 1/m appears in dW and db, as in logistic regression.

Every region between ``--8<-- [start:name]`` and ``--8<-- [end:name]`` is shown
on the Week 3 page of Course 2.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]


# --8<-- [start:softmax]
def softmax(Z):
    """Softmax of every column: exp(z_j) / sum_k exp(z_k) over the C rows.

    Args:
        Z: logits, (C, m), one example per column.

    Returns:
        A of shape (C, m): every column is positive and sums to 1.

    The column's maximum is subtracted first. That changes nothing (the factor
    exp(-max) cancels) but keeps every exponent <= 0, so exp never overflows:
    logits of 1000 are fine.
    """
    Z = np.asarray(Z, dtype=float)
    if Z.ndim != 2:
        raise ValueError(f"Z must be 2-D (C, m) with examples as columns, got shape {Z.shape}")
    T = np.exp(Z - Z.max(axis=0, keepdims=True))   # entries in (0, 1], the largest is 1
    return T / T.sum(axis=0, keepdims=True)
# --8<-- [end:softmax]


# --8<-- [start:one_hot]
def one_hot(labels, C):
    """Turn integer class labels into one-hot columns.

    Args:
        labels: (m,) or (1, m) integers in 0..C-1.
        C: number of classes (>= 2).

    Returns:
        Y of shape (C, m) with Y[labels[i], i] = 1 and zeros elsewhere.
    """
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[0] == 1:
        labels = labels[0]
    if labels.ndim != 1:
        raise ValueError(f"labels must have shape (m,) or (1, m), got {np.asarray(labels).shape}")
    if C < 2:
        raise ValueError(f"C must be at least 2, got {C}")
    if labels.size and (np.any(labels != np.round(labels)) or labels.min() < 0 or labels.max() >= C):
        raise ValueError(f"labels must be integers in 0..C-1 = 0..{C - 1}, got {np.unique(labels)}")
    Y = np.zeros((C, labels.size))
    Y[labels.astype(int), np.arange(labels.size)] = 1.0
    return Y
# --8<-- [end:one_hot]


# --8<-- [start:softmax_cross_entropy]
def softmax_cross_entropy(Z, Y):
    """Cross-entropy cost of softmax(Z) against Y, and its gradient, from the logits.

    Args:
        Z: logits, (C, m).
        Y: targets, (C, m), every column a probability vector (one-hot for
            hard labels).

    Returns:
        (cost, dZ): cost = -(1/m) sum_i sum_j Y[j, i] log softmax(Z)[j, i], a
        float; dZ = softmax(Z) - Y, shape (C, m), the per-example gradient
        (m * dJ/dZ).

    log softmax(z)_j = z_j - max(z) - log sum_k exp(z_k - max(z)) is computed
    directly, so a probability that rounds to 0 never reaches log(0).
    """
    Z, Y = np.asarray(Z, dtype=float), np.asarray(Y, dtype=float)
    if Z.ndim != 2 or Y.shape != Z.shape:
        raise ValueError(f"Z and Y must both have shape (C, m), got {Z.shape} and {Y.shape}")
    if np.any(Y < 0) or not np.allclose(Y.sum(axis=0), 1.0):
        raise ValueError("every column of Y must be a probability vector (non-negative, sum 1)")
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_sum = np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    log_A = shifted - log_sum                         # log softmax(Z), all <= 0
    cost = float(-np.sum(Y * log_A) / Z.shape[1])
    return cost, np.exp(log_A) - Y
# --8<-- [end:softmax_cross_entropy]


# --8<-- [start:softmax_regression]
def softmax_regression(X, labels, C, learning_rate=0.5, num_iterations=500):
    """Train Z = W X + b, Y_hat = softmax(Z) by batch gradient descent from zeros.

    Args:
        X: (n_x, m); labels: (m,) or (1, m) integers 0..C-1; C: classes.
        learning_rate, num_iterations: gradient descent settings.

    Returns:
        (W, b, costs): W (C, n_x), b (C, 1), and the cost before every
        iteration (a list of floats). The cost is convex in (W, b), so starting
        from zeros is fine, as in logistic regression.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_x, m), got shape {X.shape}")
    Y = one_hot(labels, C)
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"labels must have one entry per column of X ({X.shape[1]}), got {Y.shape[1]}")
    m = X.shape[1]
    W, b, costs = np.zeros((C, X.shape[0])), np.zeros((C, 1)), []
    for _ in range(num_iterations):
        cost, dZ = softmax_cross_entropy(W @ X + b, Y)
        costs.append(cost)
        W = W - learning_rate * (dZ @ X.T) / m
        b = b - learning_rate * dZ.sum(axis=1, keepdims=True) / m
    return W, b, costs


def predict_softmax(W, b, X):
    """Most probable class of every column of X: argmax of W X + b.

    Args:
        W: (C, n_x); b: (C, 1); X: (n_x, m).

    Returns:
        (1, m) integer labels. Softmax keeps the order of the logits, so it
        need not be computed to find the largest.
    """
    return np.argmax(W @ np.asarray(X, dtype=float) + b, axis=0).reshape(1, -1)
# --8<-- [end:softmax_regression]


# --8<-- [start:make_multiclass_blobs]
def make_multiclass_blobs(m=300, C=4, seed=0, radius=2.5):
    """C Gaussian clouds with centres evenly spaced on a circle.

    Args:
        m: number of examples (>= C); class k gets about m / C of them.
        C: number of classes (>= 2).
        seed: int seed or ``numpy.random.Generator``.
        radius: distance of every centre from the origin.

    Returns:
        (X, labels): X of shape (2, m), labels of shape (1, m) with integers 0..C-1.
    """
    if C < 2 or m < C:
        raise ValueError(f"need C >= 2 classes and m >= C examples, got C={C}, m={m}")
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(m) % C)
    angles = 2 * np.pi * labels / C
    X = radius * np.vstack([np.cos(angles), np.sin(angles)]) + rng.normal(size=(2, m))
    return X, labels.reshape(1, m)
# --8<-- [end:make_multiclass_blobs]
