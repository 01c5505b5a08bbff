"""Tests that prove the corrections listed on the errata page (Course 1).

Each test is named on docs/*/errata.md next to the mistake it settles.
"""

import numpy as np
import pytest

from snippets.logistic_regression import propagate, sigmoid
from tests.helpers import numerical_gradient


def test_cost_is_the_average_loss_a_scalar():
    """C1W2: J = (1/m) Σ L(a, y) is one number, not the (1, m) row of losses / m."""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(3, 8)), (rng.random((1, 8)) > 0.5).astype(float)
    w, b = rng.normal(size=(3, 1)), 0.1
    A = sigmoid(w.T @ X + b)
    losses = -(Y * np.log(A) + (1 - Y) * np.log(1 - A))  # (1, m): one loss per example
    _, cost = propagate(w, b, X, Y)
    assert np.ndim(cost) == 0 and losses.shape == (1, 8)
    assert np.isclose(cost, losses.mean())
    assert not np.isclose(cost, (losses / 8)[0, 0])  # the unsummed formula is not J


def test_prediction_is_sigmoid_of_the_linear_score():
    """C1W2: ŷ = σ(wᵀx + b) lies in (0, 1); the linear score wᵀx + b does not."""
    rng = np.random.default_rng(1)
    X, w = rng.normal(size=(4, 100)) * 3, rng.normal(size=(4, 1))
    z = w.T @ X + 0.5
    a = sigmoid(z)
    assert z.min() < 0 and z.max() > 1
    assert np.all((a > 0) & (a < 1))


def _curvature_along(cost, w0, direction, ts):
    values = np.array([cost(w0 + t * direction) for t in ts])
    return values[:-2] - 2 * values[1:-1] + values[2:]  # second differences


def test_cross_entropy_is_convex_squared_error_is_not():
    """C1W2: with a sigmoid output, the squared error is non-convex in w (local optima),
    while the cross-entropy cost is convex."""
    X = np.array([[-4.0, -1.0, 1.0, 5.0]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0]])

    def cross_entropy(w):
        return propagate(np.array([[w]]), 0.0, X, Y)[1]

    def squared_error(w):
        return float(np.mean((sigmoid(w * X) - Y) ** 2) / 2)

    ts = np.linspace(-6, 6, 601)
    assert _curvature_along(cross_entropy, 0.0, 1.0, ts).min() > -1e-12
    assert _curvature_along(squared_error, 0.0, 1.0, ts).min() < -1e-6


def test_gradient_has_the_one_over_m_factor():
    """C1W2: dw = (1/m) X (A - Y)ᵀ; without 1/m it is m times the true gradient."""
    rng = np.random.default_rng(2)
    m = 10
    X, Y = rng.normal(size=(2, m)), (rng.random((1, m)) > 0.5).astype(float)
    w = rng.normal(size=(2, 1))
    numeric = numerical_gradient(lambda: propagate(w, 0.0, X, Y)[1], w)
    A = sigmoid(w.T @ X)
    assert np.allclose(numeric, X @ (A - Y).T / m, atol=1e-9)
    assert not np.allclose(numeric, X @ (A - Y).T)


def test_np_dot_of_two_rows_fails_use_sum_of_squares():
    """C1W2: np.dot(d, d) needs rank-1 arrays; with (1, m) rows write np.sum(d ** 2)."""
    d = np.array([[0.1, -0.2, 0.3]])
    with pytest.raises(ValueError):
        np.dot(d, d)
    assert np.isclose(np.sum(d ** 2), 0.14)


def test_derivatives_of_powers_and_log():
    """C1W2: d/da a² = 2a, d/da a³ = 3a², d/da ln a = 1/a (derivatives, not differentials)."""
    a, h = 2.0, 1e-5
    for f, df in ((lambda x: x ** 2, 2 * a), (lambda x: x ** 3, 3 * a ** 2), (np.log, 1 / a)):
        assert np.isclose((f(a + h) - f(a - h)) / (2 * h), df, rtol=1e-8)
