"""Shared test utilities: numerical gradients and relative differences."""

import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    """Two-sided difference (f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for every entry of x.

    ``x`` is modified in place while probing and restored afterwards.
    """
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        plus = f()
        x[idx] = old - eps
        minus = f()
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * eps)
    return grad


def relative_difference(a, b):
    """||a - b|| / (||a|| + ||b||), the measure the course's gradient check uses."""
    a, b = np.ravel(a), np.ravel(b)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)
