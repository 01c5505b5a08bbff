"""Course 1 Week 4: the L-layer network (snippets/deep_network.py)."""

import numpy as np
import pytest
from scipy.special import expit, xlogy

from snippets.datasets import make_blobs
from snippets.deep_network import (
    L_layer_model,
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


def cost_of(X, Y, parameters):
    return compute_cost(L_model_forward(X, parameters)[0], Y)


def test_initialize_parameters_deep_shapes_scale_and_seed():
    params = initialize_parameters_deep([5, 4, 3, 1], seed=0)
    assert sorted(params) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    assert params["W1"].shape == (4, 5) and params["b2"].shape == (3, 1) and params["W3"].shape == (1, 3)
    assert not any(params[f"b{l}"].any() for l in (1, 2, 3))
    np.testing.assert_array_equal(params["W2"], initialize_parameters_deep([5, 4, 3, 1], seed=0)["W2"])
    big = initialize_parameters_deep([400, 300], seed=1)["W1"]
    assert np.isclose(big.var(), 1 / 400, rtol=0.05)  # variance 1 / n[l-1]


def test_initialization_keeps_the_scale_per_linear_step_and_relu_halves_it():
    """The docstring's claim: with variance 1 / n[l-1], E[z^2] equals the mean square of the
    layer's input; a ReLU halves the mean square (exactly in expectation: z is symmetric), so
    ten ReLU layers divide it by about 2^10 instead of keeping it."""
    rng = np.random.default_rng(3)
    X = rng.normal(scale=1.5, size=(1000, 1000))
    parameters = initialize_parameters_deep([1000] * 11, seed=4)
    A, mean_squares = X, [np.mean(X ** 2)]
    for l in range(1, 11):
        Z = parameters[f"W{l}"] @ A
        assert np.isclose(np.mean(Z ** 2), np.mean(A ** 2), rtol=0.05)  # the linear step keeps it
        A = np.maximum(Z, 0)
        mean_squares.append(np.mean(A ** 2))
    assert np.isclose(mean_squares[1], mean_squares[0] / 2, rtol=0.05)  # the first ReLU halves it
    assert abs(np.log2(mean_squares[-1] / mean_squares[0]) + 10) < 0.5  # about 2^-10 after ten


@pytest.mark.parametrize("dims", [[3], [3, 0, 1], [2, 1.5, 1], []])
def test_initialize_rejects_bad_layer_dims(dims):
    with pytest.raises(ValueError, match="layer_dims"):
        initialize_parameters_deep(dims)


def test_linear_forward_known_values():
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    W = np.array([[1.0, -1.0]])
    b = np.array([[0.5]])
    Z, cache = linear_forward(A, W, b)
    np.testing.assert_allclose(Z, [[-1.5, -1.5]])
    assert cache[0] is not None and len(cache) == 3


def test_linear_forward_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="do not fit"):
        linear_forward(np.ones((3, 2)), np.ones((1, 2)), np.zeros((1, 1)))
    with pytest.raises(ValueError, match=r"b must have shape \(n\[l\], 1\) = \(1, 1\)"):
        linear_forward(np.ones((2, 2)), np.ones((1, 2)), np.zeros(1))


def test_linear_activation_forward_applies_the_activation():
    rng = np.random.default_rng(1)
    A, W, b = rng.normal(size=(3, 4)), rng.normal(size=(2, 3)), rng.normal(size=(2, 1))
    Z = W @ A + b
    np.testing.assert_allclose(linear_activation_forward(A, W, b, "relu")[0], np.maximum(Z, 0))
    np.testing.assert_allclose(linear_activation_forward(A, W, b, "sigmoid")[0], expit(Z))
    np.testing.assert_allclose(linear_activation_forward(A, W, b, "tanh")[0], np.tanh(Z))
    with pytest.raises(ValueError, match="activation must be one of"):
        linear_activation_forward(A, W, b, "softplus")
    with pytest.raises(ValueError, match="activation must be one of"):
        linear_activation_backward(np.ones((2, 4)), ((A, W, b), Z), "swish")


def test_L_model_forward_shapes_and_caches():
    params = initialize_parameters_deep([4, 5, 3, 1], seed=2)
    X = np.random.default_rng(2).normal(size=(4, 7))
    AL, caches = L_model_forward(X, params)
    assert AL.shape == (1, 7) and len(caches) == 3
    assert np.all((AL > 0) & (AL < 1))
    assert caches[1][1].shape == (3, 7)  # Z2


def test_L_model_forward_rejects_incomplete_parameters():
    with pytest.raises(ValueError, match="W1, b1"):
        L_model_forward(np.ones((2, 3)), {"W1": np.ones((1, 2)), "c1": np.zeros((1, 1))})
    with pytest.raises(ValueError, match="W1, b1"):
        L_model_forward(np.ones((2, 3)), {})


def test_compute_cost_known_value_and_agrees_with_scipy():
    AL, Y = np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])
    expected = -(np.log(0.8) + np.log(0.9) + np.log(0.6)) / 3
    assert np.isclose(compute_cost(AL, Y), expected, rtol=1e-12)
    rng = np.random.default_rng(3)
    P, T = rng.uniform(0.01, 0.99, size=(1, 50)), (rng.random((1, 50)) > 0.5).astype(float)
    assert np.isclose(compute_cost(P, T), -np.mean(xlogy(T, P) + xlogy(1 - T, 1 - P)), rtol=1e-12)


def test_compute_cost_finite_for_exact_zero_and_one():
    cost = compute_cost(np.array([[0.0, 1.0, 1.0]]), np.array([[1, 0, 1]]))
    # each confident mistake costs -log(EPS) ≈ 34.5 (1 - (1 - EPS) rounds to 1.11e-15)
    expected = (-np.log(1e-15) - np.log(1 - (1 - 1e-15)) - np.log(1 - 1e-15)) / 3
    assert np.isfinite(cost) and np.isclose(cost, expected, rtol=1e-12) and 22 < cost < 24
    with pytest.raises(ValueError, match=r"\(1, m\)"):
        compute_cost(np.ones((1, 3)), np.ones((1, 2)))


def test_linear_backward_matches_numerical_gradient():
    rng = np.random.default_rng(4)
    A, W, b = rng.normal(size=(3, 5)), rng.normal(size=(2, 3)), rng.normal(size=(2, 1))
    G = rng.normal(size=(2, 5))  # a fixed upstream gradient: J = sum(G * Z) / m

    def J():
        return float(np.sum(G * linear_forward(A, W, b)[0]) / 5)

    dA, dW, db = linear_backward(G / 5 * 5, (A, W, b))  # dZ = G per example
    assert relative_difference(dW, numerical_gradient(J, W)) < 1e-7
    assert relative_difference(db, numerical_gradient(J, b)) < 1e-7
    np.testing.assert_allclose(dA, W.T @ G)  # dA_prev keeps the per-example scale
    with pytest.raises(ValueError, match="dZ must have shape"):
        linear_backward(np.ones((3, 5)), (A, W, b))


@pytest.mark.parametrize("layer_dims", [[3, 4, 1], [4, 5, 4, 3, 1], [2, 6, 6, 6, 6, 1]])
def test_L_model_backward_matches_numerical_gradient(layer_dims):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(layer_dims[0], 12))
    Y = (rng.random((1, 12)) > 0.5).astype(float)
    params = initialize_parameters_deep(layer_dims, seed=5)
    for l in range(1, len(layer_dims)):  # biases away from 0 so no ReLU sits on its kink
        params[f"b{l}"] += 0.1
    AL, caches = L_model_forward(X, params)
    grads = L_model_backward(AL, Y, caches)
    for name, value in params.items():
        numeric = numerical_gradient(lambda: cost_of(X, Y, params), value)
        assert grads[f"d{name}"].shape == value.shape
        assert relative_difference(grads[f"d{name}"], numeric) < 1e-7, name
    assert grads["dA0"].shape == X.shape


@pytest.mark.parametrize("z", [40.0, 1000.0, -40.0, -1000.0])
def test_L_model_backward_keeps_the_gradient_of_a_confident_mistake(z):
    """One sigmoid unit with b = z and the wrong label: dL/db = sigma(z) - y, about +-1.

    Going through dA[L] (from a clipped AL) times sigma'(Z) gave about 0 here."""
    y = 0.0 if z > 0 else 1.0
    X, Y = np.ones((1, 1)), np.array([[y]])
    parameters = {"W1": np.zeros((1, 1)), "b1": np.array([[z]])}
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    expected = expit(z) - y  # scipy's logistic function
    assert abs(expected) > 0.999
    np.testing.assert_allclose(grads["db1"], [[expected]], rtol=1e-12)
    np.testing.assert_allclose(grads["dW1"], [[expected]], rtol=1e-12)  # x = 1


@pytest.mark.parametrize("z", [40.0, 1000.0])
def test_L_model_backward_confident_mistakes_reach_the_hidden_layers(z):
    """Two examples, a hidden ReLU layer, both outputs at |z| and both wrong: every gradient
    equals the one computed from dZ[L] = sigma(Z[L]) - Y with scipy's expit."""
    X = np.array([[1.0, 2.0], [0.5, -1.0]])
    Y = np.array([[0.0, 1.0]])
    parameters = {"W1": np.array([[1.0, 0.0], [0.0, -1.0]]), "b1": np.array([[1.0], [1.0]]),
                  "W2": np.array([[0.0, 0.0]]), "b2": np.array([[0.0]])}
    A1 = np.maximum(parameters["W1"] @ X + parameters["b1"], 0)  # (2, 2), all positive
    assert np.all(A1 > 0)
    # choose W2, b2 so that Z2 = (z, -z): confident and wrong on both examples
    parameters["W2"] = np.linalg.solve(A1.T, [z, -z]).reshape(1, 2)
    AL, caches = L_model_forward(X, parameters)
    Z2 = caches[1][1]
    np.testing.assert_allclose(Z2, [[z, -z]], rtol=1e-9)
    grads = L_model_backward(AL, Y, caches)
    dZ2 = expit(Z2) - Y
    np.testing.assert_allclose(grads["db2"], dZ2.mean(axis=1, keepdims=True), atol=1e-15)
    np.testing.assert_allclose(grads["dW2"], dZ2 @ A1.T / 2, rtol=1e-12)
    dZ1 = (parameters["W2"].T @ dZ2) * (A1 > 0)
    np.testing.assert_allclose(grads["dW1"], dZ1 @ X.T / 2, rtol=1e-12)
    assert np.abs(grads["dW1"]).min() > 1.0  # the hidden layer still learns


def test_L_model_backward_rejects_mismatched_labels():
    params = initialize_parameters_deep([2, 1])
    AL, caches = L_model_forward(np.ones((2, 3)), params)
    with pytest.raises(ValueError, match="same shape"):
        L_model_backward(AL, np.ones((1, 2)), caches)


def test_update_parameters_steps_against_the_gradient():
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.5]])}
    grads = {"dW1": np.array([[0.1, -0.2]]), "db1": np.array([[1.0]])}
    new = update_parameters(params, grads, 0.5)
    np.testing.assert_allclose(new["W1"], [[0.95, 2.1]])
    np.testing.assert_allclose(new["b1"], [[0.0]])
    np.testing.assert_allclose(params["W1"], [[1.0, 2.0]])  # input untouched
    with pytest.raises(ValueError, match="learning_rate"):
        update_parameters(params, grads, -1.0)


def test_L_layer_model_learns_and_predicts(capsys):
    X, Y = make_blobs(m=200, seed=7, separation=4.0)
    params, costs = L_layer_model(X, Y, [2, 5, 3, 1], learning_rate=0.1, num_iterations=301,
                                  print_cost=True)
    assert len(costs) == 4 and costs[-1] < costs[0] / 2
    assert np.mean(predict_deep(X, params) == Y) > 0.95
    assert capsys.readouterr().out.count("cost after iteration") == 4
    _, quiet = L_layer_model(X, Y, [2, 1], learning_rate=0.1, num_iterations=101)
    assert len(quiet) == 2 and capsys.readouterr().out == ""
    with pytest.raises(ValueError, match="layers_dims must start with n_x = 2"):
        L_layer_model(X, Y, [3, 1])
