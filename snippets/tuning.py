"""Course 2, Week 3: searching for hyperparameters.

Sampling on the right scale (``sample_log_uniform`` for the learning rate,
``sample_beta`` for the averaging parameter of momentum or Adam), and the two
ways of placing trial points in a box of hyperparameters, a grid and random
points, plus one coarse-to-fine step. Points are columns, like examples: a set
of ``n`` trials of ``d`` hyperparameters is a ``(d, n)`` array.

Every region between ``--8<-- [start:name]`` and ``--8<-- [end:name]`` is shown
on the Week 3 page of Course 2.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]


# --8<-- [start:sample_log_uniform]
def sample_log_uniform(low, high, size, rng):
    """Draw values whose base-10 logarithm is uniform on [log10 low, log10 high].

    Args:
        low, high: the range, 0 < low < high (e.g. 1e-4 and 1 for alpha).
        size: number of values (an int) or an output shape (a tuple).
        rng: int seed or ``numpy.random.Generator``.

    Returns:
        An array of shape ``size`` with values in [low, high]; every decade
        (1e-4..1e-3, 1e-3..1e-2, ...) receives the same share of them.
    """
    if not 0 < low < high:
        raise ValueError(f"low and high must satisfy 0 < low < high, got low={low}, high={high}")
    r = np.random.default_rng(rng).uniform(np.log10(low), np.log10(high), size=size)
    return np.clip(10.0 ** r, low, high)  # clip: 10 ** log10(x) may miss x by one rounding
# --8<-- [end:sample_log_uniform]


# --8<-- [start:sample_beta]
def sample_beta(low, high, size, rng):
    """Draw beta in [low, high] so that 1 - beta is log-uniform.

    Args:
        low, high: the range of beta, 0 <= low < high < 1 (e.g. 0.9 and 0.999).
        size: number of values (an int) or an output shape (a tuple).
        rng: int seed or ``numpy.random.Generator``.

    Returns:
        An array of shape ``size`` with values in [low, high]. For 0.9..0.999,
        half of them lie in 0.9..0.99 and half in 0.99..0.999: the averaging
        window 1 / (1 - beta) is spread evenly from 10 to 1000 steps on a log scale.
    """
    if not 0 <= low < high < 1:
        raise ValueError(f"low and high must satisfy 0 <= low < high < 1, got low={low}, high={high}")
    return 1.0 - sample_log_uniform(1.0 - high, 1.0 - low, size, rng)
# --8<-- [end:sample_beta]


# --8<-- [start:search_points]
def check_box(lows, highs):
    """Return lows and highs as float arrays of shape (d,); ValueError unless lows < highs."""
    lows, highs = np.atleast_1d(np.asarray(lows, dtype=float)), np.atleast_1d(np.asarray(highs, dtype=float))
    if lows.ndim != 1 or lows.shape != highs.shape or not np.all(lows < highs):
        raise ValueError(f"lows and highs must be two (d,) arrays with lows < highs, "
                         f"got {lows.tolist()} and {highs.tolist()}")
    return lows, highs


def grid_points(lows, highs, n_per_axis):
    """Every combination of ``n_per_axis`` evenly spaced values per hyperparameter.

    Args:
        lows, highs: (d,) arrays, the box [lows[k], highs[k]] of each hyperparameter.
        n_per_axis: values tried along each axis (>= 2).

    Returns:
        A (d, n_per_axis ** d) array, one trial per column.
    """
    lows, highs = check_box(lows, highs)
    if n_per_axis < 2:
        raise ValueError(f"n_per_axis must be at least 2, got {n_per_axis}")
    axes = [np.linspace(lo, hi, n_per_axis) for lo, hi in zip(lows, highs)]
    return np.stack([g.ravel() for g in np.meshgrid(*axes, indexing="ij")])


def random_points(lows, highs, n, rng):
    """``n`` trials drawn uniformly at random from the box.

    Args:
        lows, highs: (d,) arrays, the box of each hyperparameter.
        n: number of trials.
        rng: int seed or ``numpy.random.Generator``.

    Returns:
        A (d, n) array, one trial per column.
    """
    lows, highs = check_box(lows, highs)
    return np.random.default_rng(rng).uniform(lows[:, None], highs[:, None], size=(len(lows), n))
# --8<-- [end:search_points]


# --8<-- [start:zoom_in]
def zoom_in(points, scores, keep=5):
    """Coarse to fine: the smallest box around the ``keep`` best trials.

    Args:
        points: (d, n) trials, one per column.
        scores: (n,) values to minimise (e.g. dev-set error), one per trial.
        keep: how many of the best trials the new box must contain (1 <= keep <= n).

    Returns:
        (lows, highs): two (d,) arrays, the box to sample next. A hyperparameter
        on which the best trials agree exactly gets no box, so use keep >= 2.
    """
    points, scores = np.asarray(points, dtype=float), np.asarray(scores, dtype=float)
    if points.ndim != 2 or scores.shape != (points.shape[1],):
        raise ValueError(f"points must be (d, n) and scores (n,), got {points.shape} and {scores.shape}")
    if not 1 <= keep <= points.shape[1]:
        raise ValueError(f"keep must be between 1 and n = {points.shape[1]}, got {keep}")
    best = points[:, np.argsort(scores)[:keep]]
    return best.min(axis=1), best.max(axis=1)
# --8<-- [end:zoom_in]
