"""Course 1 Week 3: activation functions (snippets/activations.py)."""

import warnings

import numpy as np
import pytest
from scipy.special import expit

from snippets.activations import (
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    sigmoid_derivative,
    tanh,
    tanh_derivative,
)

PAIRS = [
    (lambda z: expit(z), sigmoid_derivative),
    (tanh, tanh_derivative),
    (relu, relu_derivative),
    (leaky_relu, leaky_relu_derivative),
    (lambda z: leaky_relu(z, alpha=0.2), lambda z: leaky_relu_derivative(z, alpha=0.2)),
]


@pytest.mark.parametrize("g,dg", PAIRS)
def test_derivatives_match_numerical_derivatives(g, dg):
    z = np.concatenate([np.linspace(-6, -0.01, 50), np.linspace(0.01, 6, 50)])  # avoid the kink
    eps = 1e-6
    numeric = (g(z + eps) - g(z - eps)) / (2 * eps)
    np.testing.assert_allclose(dg(z), numeric, rtol=1e-7, atol=1e-9)


def test_known_values():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(relu(z), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(relu_derivative(z), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(leaky_relu(z), [-0.02, 0.0, 3.0])
    np.testing.assert_allclose(leaky_relu_derivative(z), [0.01, 0.01, 1.0])
    assert sigmoid_derivative(0.0) == 0.25 and tanh_derivative(0.0) == 1.0
    np.testing.assert_allclose(tanh(z), np.tanh(z))


def test_shapes_are_kept():
    z = np.random.default_rng(0).normal(size=(3, 4, 2))
    for g, dg in PAIRS:
        assert g(z).shape == dg(z).shape == z.shape


def test_ranges_and_centres():
    z = np.linspace(-50, 50, 1001)
    assert np.all(np.abs(tanh(z)) <= 1) and np.isclose(tanh(0.0), 0.0)
    assert sigmoid_derivative(z).max() == 0.25  # the sigmoid's slope never exceeds 1/4
    assert np.all(relu(z) >= 0)


def test_extreme_inputs_without_warnings():
    z = np.array([-1000.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            np.testing.assert_array_equal(sigmoid_derivative(z), [0.0, 0.0])
            np.testing.assert_array_equal(tanh_derivative(z), [0.0, 0.0])
            np.testing.assert_array_equal(tanh(z), [-1.0, 1.0])


@pytest.mark.parametrize("alpha", [-0.1, 1.0, 2.0])
def test_leaky_relu_rejects_bad_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        leaky_relu(1.0, alpha=alpha)
    with pytest.raises(ValueError, match="alpha"):
        leaky_relu_derivative(1.0, alpha=alpha)
