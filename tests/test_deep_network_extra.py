"""More tests of snippets/deep_network.py (Course 1, Week 4): the course's printed
outputs, a hand-computed network, every activation's backward step, dA0, extremes."""

import numpy as np
import pytest
from scipy.special import expit

from snippets.deep_network import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters_deep,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
    predict_deep,
    update_parameters,
)
from tests.helpers import numerical_gradient, relative_difference

# The course's test cases draw their inputs with np.random.seed(k) followed by
# randn calls; a local RandomState(k) gives the same numbers without touching
# NumPy's global state.


def test_linear_forward_course_output():
    r = np.random.RandomState(1)
    A, W, b = r.randn(3, 2), r.randn(1, 3), r.randn(1, 1)
    np.testing.assert_allclose(linear_forward(A, W, b)[0], [[3.26295337, -1.23429987]], rtol=1e-7)


def test_linear_activation_forward_course_output():
    r = np.random.RandomState(2)
    A, W, b = r.randn(3, 2), r.randn(1, 3), r.randn(1, 1)
    np.testing.assert_allclose(linear_activation_forward(A, W, b, "sigmoid")[0],
                               [[0.96890023, 0.11013289]], rtol=1e-7)
    np.testing.assert_allclose(linear_activation_forward(A, W, b, "relu")[0],
                               [[3.43896131, 0.0]], rtol=1e-7)


def test_L_model_forward_course_output():
    r = np.random.RandomState(6)
    X = r.randn(5, 4)
    parameters = {}
    for l, (n, n_prev) in enumerate(((4, 5), (3, 4), (1, 3)), start=1):
        parameters[f"W{l}"], parameters[f"b{l}"] = r.randn(n, n_prev), r.randn(n, 1)
    AL, caches = L_model_forward(X, parameters)
    np.testing.assert_allclose(AL, [[0.03921668, 0.70498921, 0.19734387, 0.04728177]], rtol=1e-6)
    assert len(caches) == 3


def test_compute_cost_course_output():
    assert np.isclose(compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])),
                      0.2797765635793422, rtol=1e-12)


def test_linear_backward_course_output():
    r = np.random.RandomState(1)
    dZ, A, W, b = r.randn(3, 4), r.randn(5, 4), r.randn(3, 5), r.randn(3, 1)
    dA_prev, dW, db = linear_backward(dZ, (A, W, b))
    np.testing.assert_allclose(dA_prev[0], [-1.15171336, 0.06718465, -0.3204696, 2.09812712], rtol=1e-7)
    np.testing.assert_allclose(dW[1], [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
                               rtol=1e-7)
    np.testing.assert_allclose(db, [[-0.14713786], [-0.11313155], [-0.13209101]], rtol=1e-7)


@pytest.mark.parametrize("activation,dA_prev,dW,db", [
    ("sigmoid", [[0.11017994, 0.01105339], [0.09466817, 0.00949723], [-0.05743092, -0.00576154]],
     [[0.10266786, 0.09778551, -0.01968084]], [[-0.05729622]]),
    ("relu", [[0.44090989, 0.0], [0.37883606, 0.0], [-0.2298228, 0.0]],
     [[0.44513824, 0.37371418, -0.10478989]], [[-0.20837892]]),
])
def test_linear_activation_backward_course_output(activation, dA_prev, dW, db):
    r = np.random.RandomState(2)
    dA, A, W, b, Z = r.randn(1, 2), r.randn(3, 2), r.randn(1, 3), r.randn(1, 1), r.randn(1, 2)
    got = linear_activation_backward(dA, ((A, W, b), Z), activation)
    for value, expected in zip(got, (dA_prev, dW, db)):
        np.testing.assert_allclose(value, expected, rtol=1e-6, atol=1e-12)


def test_update_parameters_course_output():
    r = np.random.RandomState(2)
    parameters = {"W1": r.randn(3, 4), "b1": r.randn(3, 1), "W2": r.randn(1, 3), "b2": r.randn(1, 1)}
    r = np.random.RandomState(3)
    grads = {"dW1": r.randn(3, 4), "db1": r.randn(3, 1), "dW2": r.randn(1, 3), "db2": r.randn(1, 1)}
    new = update_parameters(parameters, grads, 0.1)
    np.testing.assert_allclose(new["W1"][0], [-0.59562069, -0.09991781, -2.14584584, 1.82662008], rtol=1e-7)
    np.testing.assert_allclose(new["b1"], [[-0.04659241], [-1.28888275], [0.53405496]], rtol=1e-7)
    np.testing.assert_allclose(new["W2"], [[-0.55569196, 0.0354055, 1.32964895]], rtol=1e-7)
    np.testing.assert_allclose(new["b2"], [[-0.84610769]], rtol=1e-7)


def test_a_two_layer_net_by_hand():
    """x = (1, 2), one ReLU layer of 2 units and a sigmoid unit, label y = 1."""
    X, Y = np.array([[1.0], [2.0]]), np.array([[1.0]])
    parameters = {"W1": np.array([[1.0, -1.0], [0.5, 0.5]]), "b1": np.zeros((2, 1)),
                  "W2": np.array([[2.0, -2.0]]), "b2": np.array([[1.0]])}
    AL, caches = L_model_forward(X, parameters)
    # Z1 = (-1, 1.5), A1 = (0, 1.5), Z2 = 2*0 - 2*1.5 + 1 = -2
    np.testing.assert_allclose(caches[0][1], [[-1.0], [1.5]])
    assert np.isclose(AL[0, 0], 1 / (1 + np.exp(2.0)))
    assert np.isclose(compute_cost(AL, Y), np.log1p(np.exp(2.0)))  # -log σ(-2)
    grads = L_model_backward(AL, Y, caches)
    dZ2 = AL[0, 0] - 1.0  # sigmoid + cross-entropy: dZ = A - Y
    np.testing.assert_allclose(grads["dW2"], [[0.0, 1.5 * dZ2]])
    np.testing.assert_allclose(grads["db2"], [[dZ2]])
    np.testing.assert_allclose(grads["dA1"], [[2 * dZ2], [-2 * dZ2]])
    # only the second hidden unit is active (Z1 = 1.5 > 0), so only its row gets a gradient
    np.testing.assert_allclose(grads["dW1"], [[0.0, 0.0], [-2 * dZ2, -4 * dZ2]])
    np.testing.assert_allclose(grads["db1"], [[0.0], [-2 * dZ2]])


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_linear_activation_backward_matches_numerical_gradient(activation):
    rng = np.random.default_rng(11)
    m = 6
    A, W, b = rng.normal(size=(4, m)), rng.normal(size=(3, 4)), rng.normal(size=(3, 1))
    G = rng.normal(size=(3, m))  # J = (1/m) sum(G * A_out): per example, dA_out = G

    def J():
        return float(np.sum(G * linear_activation_forward(A, W, b, activation)[0]) / m)

    cache = linear_activation_forward(A, W, b, activation)[1]
    dA_prev, dW, db = linear_activation_backward(G, cache, activation)
    assert relative_difference(dW, numerical_gradient(J, W)) < 1e-7
    assert relative_difference(db, numerical_gradient(J, b)) < 1e-7
    # dA_prev is per example, like dA: m times the derivative of the average J
    assert relative_difference(dA_prev, m * numerical_gradient(J, A)) < 1e-7


def test_dA0_is_the_per_example_gradient_with_respect_to_X():
    rng = np.random.default_rng(12)
    m = 8
    X, Y = rng.normal(size=(3, m)), (rng.random((1, m)) > 0.5).astype(float)
    parameters = initialize_parameters_deep([3, 5, 4, 1], seed=3)
    for l in (1, 2, 3):
        parameters[f"b{l}"] += 0.1
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    numeric = numerical_gradient(lambda: compute_cost(L_model_forward(X, parameters)[0], Y), X)
    assert relative_difference(grads["dA0"], m * numeric) < 1e-7


def test_L_model_forward_agrees_with_scipy_composition():
    rng = np.random.default_rng(13)
    X = rng.normal(size=(6, 10))
    parameters = initialize_parameters_deep([6, 8, 5, 3, 1], seed=4)
    A = X
    for l in (1, 2, 3):
        A = np.maximum(parameters[f"W{l}"] @ A + parameters[f"b{l}"], 0)
    expected = expit(parameters["W4"] @ A + parameters["b4"])
    np.testing.assert_allclose(L_model_forward(X, parameters)[0], expected, rtol=1e-12)


def test_extreme_inputs_give_finite_cost_and_gradients():
    rng = np.random.default_rng(14)
    X = rng.normal(size=(4, 20)) * 1e4  # the output saturates to exactly 0 or 1
    Y = (rng.random((1, 20)) > 0.5).astype(float)
    parameters = initialize_parameters_deep([4, 6, 1], seed=5)
    AL, caches = L_model_forward(X, parameters)
    assert np.any((AL == 0.0) | (AL == 1.0))
    assert np.isfinite(compute_cost(AL, Y))
    grads = L_model_backward(AL, Y, caches)
    assert all(np.all(np.isfinite(g)) for g in grads.values())


def test_a_small_step_against_the_gradient_lowers_the_cost():
    rng = np.random.default_rng(15)
    X, Y = rng.normal(size=(3, 30)), (rng.random((1, 30)) > 0.5).astype(float)
    parameters = initialize_parameters_deep([3, 4, 4, 1], seed=6)
    AL, caches = L_model_forward(X, parameters)
    new = update_parameters(parameters, L_model_backward(AL, Y, caches), 0.01)
    assert compute_cost(L_model_forward(X, new)[0], Y) < compute_cost(AL, Y)


def test_predict_deep_thresholds_strictly_above_one_half():
    X = np.ones((2, 3))
    zero = {"W1": np.zeros((1, 2)), "b1": np.zeros((1, 1))}  # AL = σ(0) = 0.5 exactly
    np.testing.assert_array_equal(predict_deep(X, zero), [[0.0, 0.0, 0.0]])
    shifted = {"W1": np.zeros((1, 2)), "b1": np.array([[1e-9]])}
    np.testing.assert_array_equal(predict_deep(X, shifted), [[1.0, 1.0, 1.0]])


def test_initialize_accepts_a_generator():
    a = initialize_parameters_deep([3, 2, 1], seed=7)
    b = initialize_parameters_deep([3, 2, 1], seed=np.random.default_rng(7))
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])
