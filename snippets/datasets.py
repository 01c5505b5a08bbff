"""Small synthetic data sets, generated from a seed (nothing is downloaded).

Shapes follow the course: ``X`` is ``(n_x, m)`` with one example per column and
``Y`` is ``(1, m)``.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]


# --8<-- [start:make_blobs]
def make_blobs(m=200, seed=0, separation=2.0):
    """Two Gaussian clouds in the plane, labelled 0 and 1.

    Args:
        m: number of examples (>= 2); half of them (rounded down) get label 1.
        seed: int seed or ``numpy.random.Generator``.
        separation: distance between the two cloud centres.

    Returns:
        (X, Y): X of shape (2, m), Y of shape (1, m) with entries 0.0 / 1.0.
    """
    if m < 2:
        raise ValueError(f"m must be at least 2, got {m}")
    rng = np.random.default_rng(seed)
    Y = (np.arange(m) < m // 2).astype(float)
    rng.shuffle(Y)
    centre = np.array([[1.0], [1.0]]) * separation / (2 * np.sqrt(2))
    X = rng.normal(size=(2, m)) + np.where(Y == 1, centre, -centre)
    return X, Y.reshape(1, m)
# --8<-- [end:make_blobs]


# --8<-- [start:train_test_split]
def train_test_split(X, Y, test_fraction=0.25, seed=0):
    """Shuffle the columns of X and Y together and split them in two.

    Args:
        X: (n_x, m); Y: (k, m).
        test_fraction: share of examples that go to the test set, in (0, 1).
        seed: int seed or ``numpy.random.Generator``.

    Returns:
        (X_train, Y_train, X_test, Y_test).
    """
    X, Y = np.asarray(X), np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[1] != Y.shape[1]:
        raise ValueError(f"X (n_x, m) and Y (k, m) need the same m; got {X.shape} and {Y.shape}")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    n_test = max(1, int(round(m * test_fraction)))
    test, train = order[:n_test], order[n_test:]
    return X[:, train], Y[:, train], X[:, test], Y[:, test]
# --8<-- [end:train_test_split]


# --8<-- [start:make_flower]
def make_flower(m=400, seed=1, petals=4, noise=0.2):
    """The "planar flower": two interleaved classes of petals in the plane.

    Points lie along the rose curve r = 4 sin(petals * t); the angle range is
    split in two halves, one per class, so the classes alternate petal by petal
    and no straight line separates them.

    Args:
        m: number of examples (>= 2), half of each class (rounded down for class 1).
        seed: int seed or ``numpy.random.Generator``.
        petals: frequency of the rose curve (4 gives eight petals).
        noise: standard deviation of the noise added to angle and radius.

    Returns:
        (X, Y): X of shape (2, m), Y of shape (1, m) with entries 0.0 / 1.0.
    """
    if m < 2:
        raise ValueError(f"m must be at least 2, got {m}")
    rng = np.random.default_rng(seed)
    Y = (np.arange(m) >= m - m // 2).astype(float)  # first half 0, second half 1
    t = np.where(Y == 1, np.pi, 0.0) + np.linspace(0, np.pi, m) % np.pi
    t = t + rng.normal(scale=noise, size=m)
    r = 4 * np.sin(petals * t) + rng.normal(scale=noise, size=m)
    return np.vstack([r * np.sin(t), r * np.cos(t)]), Y.reshape(1, m)
# --8<-- [end:make_flower]


# --8<-- [start:make_moons]
def make_moons(m=300, seed=0, noise=0.2):
    """Two interleaving half circles ("moons") in the plane.

    Args:
        m: number of examples (>= 2), half per class (rounded down for class 1).
        seed: int seed or ``numpy.random.Generator``.
        noise: standard deviation of Gaussian noise added to every coordinate.

    Returns:
        (X, Y): X of shape (2, m), Y of shape (1, m) with entries 0.0 / 1.0.
    """
    if m < 2:
        raise ValueError(f"m must be at least 2, got {m}")
    rng = np.random.default_rng(seed)
    Y = (rng.permutation(m) < m // 2).astype(float)
    t = rng.uniform(0, np.pi, size=m)
    x = np.where(Y == 1, 1 - np.cos(t), np.cos(t))
    y = np.where(Y == 1, 0.5 - np.sin(t), np.sin(t))
    X = np.vstack([x, y]) + rng.normal(scale=noise, size=(2, m))
    return X, Y.reshape(1, m)
# --8<-- [end:make_moons]


# --8<-- [start:make_source]
def wavy_boundary(x1):
    """The true decision boundary of ``make_source``: x2 = sin(2 x1), any shape."""
    return np.sin(2.0 * np.asarray(x1, dtype=float))


def make_source(m, x1_mean, x1_std=1.0, flip=0.04, seed=0):
    """Examples from one data source of a mismatched-data problem (Course 3).

    Every source labels the same way: y = 1 above the curve x2 = sin(2 x1) and
    0 below, then each label is flipped with probability ``flip`` (label noise).
    The Bayes error is therefore exactly ``flip``: the best possible classifier
    predicts the unflipped rule and is wrong on the flipped labels only.
    Sources differ in where their examples lie: x1 ~ N(x1_mean, x1_std^2),
    x2 ~ N(0, 1.2^2) (a shift in the inputs, not in the labelling rule).

    Args:
        m: number of examples (>= 1).
        x1_mean, x1_std: mean and standard deviation (> 0) of the first feature.
        flip: probability in [0, 0.5) that a label is flipped.
        seed: int seed or ``numpy.random.Generator``.

    Returns:
        (X, Y, flipped): X of shape (2, m), Y of shape (1, m) with entries
        0.0 / 1.0, flipped of shape (1, m), True where the label was flipped.
    """
    if int(m) != m or m < 1:
        raise ValueError(f"m must be an integer >= 1, got {m}")
    if not x1_std > 0:
        raise ValueError(f"x1_std must be > 0, got {x1_std}")
    if not 0 <= flip < 0.5:
        raise ValueError(f"flip must be in [0, 0.5) so that labels still follow the rule, "
                         f"got {flip}")
    rng = np.random.default_rng(seed)
    m = int(m)
    X = np.vstack([rng.normal(x1_mean, x1_std, size=m), rng.normal(0.0, 1.2, size=m)])
    clean = X[1] > wavy_boundary(X[0])
    flipped = rng.random(m) < flip
    Y = (clean != flipped).astype(float)
    return X, Y.reshape(1, m), flipped.reshape(1, m)
# --8<-- [end:make_source]
