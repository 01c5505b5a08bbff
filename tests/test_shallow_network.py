"""Course 1 Week 3: the two-layer network (snippets/shallow_network.py)."""

import warnings

import numpy as np
import pytest
from scipy.special import expit, xlogy

from snippets.datasets import make_flower
from snippets.deep_network import linear_activation_backward, linear_activation_forward
from snippets.logistic_regression import model
from snippets.shallow_network import (
    EPS,
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    layer_sizes,
    nn_model,
    predict,
    update_parameters,
)
from tests.helpers import numerical_gradient, relative_difference

NAMES = ("W1", "b1", "W2", "b2")


def random_problem(n_x=3, n_h=5, m=7, seed=0, scale=1.0):
    """A small data set and parameters large enough for a sharp gradient check."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    parameters = initialize_parameters(n_x, n_h, 1, seed=rng, scale=scale)
    parameters["b1"] = rng.normal(size=(n_h, 1))
    parameters["b2"] = rng.normal(size=(1, 1))
    return X, Y, parameters


def cost_of(X, Y, parameters):
    return compute_cost(forward_propagation(X, parameters)[0], Y)


# --- layer_sizes -------------------------------------------------------------

def test_layer_sizes_reads_the_data_shapes():
    assert layer_sizes(np.zeros((5, 3)), np.zeros((2, 3))) == (5, 4, 2)
    X, Y = make_flower()
    assert layer_sizes(X, Y) == (2, 4, 1)


@pytest.mark.parametrize("X,Y", [
    (np.zeros((5, 3)), np.zeros((1, 4))),   # different m
    (np.zeros(5), np.zeros((1, 5))),        # rank-1 X
    (np.zeros((2, 5)), np.zeros(5)),        # rank-1 Y
])
def test_layer_sizes_rejects_mis_shaped_data(X, Y):
    with pytest.raises(ValueError, match=r"X must be \(n_x, m\) and Y \(n_y, m\)"):
        layer_sizes(X, Y)


# --- initialize_parameters ---------------------------------------------------

def test_initialize_parameters_shapes_and_zero_biases():
    p = initialize_parameters(2, 4, 1)
    assert {k: v.shape for k, v in p.items()} == {
        "W1": (4, 2), "b1": (4, 1), "W2": (1, 4), "b2": (1, 1)}
    assert not p["b1"].any() and not p["b2"].any()
    assert 0 < np.abs(p["W1"]).max() < 0.05  # small: about 0.01 in size


def test_initialize_parameters_is_gaussian_with_the_given_scale():
    W1 = initialize_parameters(500, 400, 1, seed=0)["W1"]
    assert np.isclose(W1.std(), 0.01, rtol=0.01)
    assert abs(W1.mean()) < 1e-4 and W1.min() < 0 < W1.max()  # mixed signs, centred
    assert np.isclose(initialize_parameters(300, 300, 1, seed=0, scale=2.0)["W1"].std(), 2.0, rtol=0.02)


def test_initialize_parameters_is_seeded():
    a, b = initialize_parameters(3, 4, 1, seed=7), initialize_parameters(3, 4, 1, seed=7)
    for name in NAMES:
        np.testing.assert_array_equal(a[name], b[name])
    assert not np.array_equal(a["W1"], initialize_parameters(3, 4, 1, seed=8)["W1"])
    gen = initialize_parameters(3, 4, 1, seed=np.random.default_rng(7))
    np.testing.assert_array_equal(gen["W1"], a["W1"])  # a Generator works as well


@pytest.mark.parametrize("bad", [0, -1, 2.5, "3", True, None])
def test_initialize_parameters_rejects_bad_sizes(bad):
    with pytest.raises(ValueError, match="n_h must be a positive integer"):
        initialize_parameters(2, bad, 1)


# --- forward_propagation -----------------------------------------------------

def test_forward_propagation_known_values():
    X = np.array([[1.0, -2.0], [0.5, 0.0]])
    parameters = {"W1": np.array([[1.0, 2.0], [-1.0, 0.0]]), "b1": np.array([[0.0], [1.0]]),
                  "W2": np.array([[2.0, -1.0]]), "b2": np.array([[0.5]])}
    A2, cache = forward_propagation(X, parameters)
    Z1 = np.array([[2.0, -2.0], [0.0, 3.0]])  # by hand: W1 X + b1
    np.testing.assert_allclose(cache["Z1"], Z1)
    np.testing.assert_allclose(cache["A1"], np.tanh(Z1))
    Z2 = 2 * np.tanh(Z1[0]) - np.tanh(Z1[1]) + 0.5
    np.testing.assert_allclose(cache["Z2"], [Z2])
    np.testing.assert_allclose(A2, expit([Z2]), rtol=1e-15)
    assert cache["A2"] is A2


def test_forward_propagation_shapes_and_range():
    X, _, parameters = random_problem(n_x=3, n_h=5, m=7)
    A2, cache = forward_propagation(X, parameters)
    assert A2.shape == (1, 7)
    assert cache["Z1"].shape == cache["A1"].shape == (5, 7)
    assert np.all((A2 > 0) & (A2 < 1)) and np.all(np.abs(cache["A1"]) < 1)


def test_forward_propagation_extreme_inputs_without_warnings():
    X, _, parameters = random_problem(scale=10.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            A2, cache = forward_propagation(X * 1e6, parameters)
    assert np.all(np.isfinite(A2)) and np.all((A2 >= 0) & (A2 <= 1))
    assert np.all(np.abs(cache["A1"]) == 1.0)  # every hidden unit saturated


def test_forward_propagation_rejects_mis_shaped_input():
    X, _, parameters = random_problem(n_x=3, n_h=5)
    with pytest.raises(ValueError, match=r"X must be 2-D \(n_x, m\)"):
        forward_propagation(X[0], parameters)
    with pytest.raises(ValueError, match=r"W1 must have shape \(5, 2\)"):
        forward_propagation(X[:2], parameters)  # n_x does not fit W1
    with pytest.raises(ValueError, match=r"b1 must have shape \(5, 1\)"):
        forward_propagation(X, {**parameters, "b1": np.zeros(5)})  # rank-1 bias
    with pytest.raises(ValueError, match=r"b2 must have shape \(1, 1\)"):
        forward_propagation(X, {**parameters, "b2": np.zeros((5, 1))})
    with pytest.raises(ValueError, match=r"W2 \(n_y, n_h\) must be 2-D"):
        forward_propagation(X, {**parameters, "W2": np.ones(5)})
    with pytest.raises(ValueError, match="parameters must hold W1, b1, W2, b2"):
        forward_propagation(X, {"W1": parameters["W1"]})


def test_forward_propagation_rejects_W2_that_does_not_fit_the_hidden_layer():
    X, _, parameters = random_problem(n_x=3, n_h=5)
    with pytest.raises(ValueError, match=r"W2 must have shape \(1, 5\)"):
        forward_propagation(X, {**parameters, "W2": np.ones((1, 4))})


# --- compute_cost ------------------------------------------------------------

def test_compute_cost_known_values():
    assert np.isclose(compute_cost(np.array([[0.5, 0.5]]), np.array([[1, 0]])), np.log(2))
    A2 = np.array([[0.9, 0.2, 0.7]])
    Y = np.array([[1, 0, 0]])
    expected = -(np.log(0.9) + np.log(0.8) + np.log(0.3)) / 3
    assert np.isclose(compute_cost(A2, Y), expected, rtol=1e-14)
    assert isinstance(compute_cost(A2, Y), float)


def test_compute_cost_agrees_with_scipy():
    rng = np.random.default_rng(3)
    A2 = rng.uniform(0.01, 0.99, size=(1, 50))
    Y = (rng.random((1, 50)) > 0.5).astype(float)
    reference = -np.mean(xlogy(Y, A2) + xlogy(1 - Y, 1 - A2))
    assert np.isclose(compute_cost(A2, Y), reference, rtol=1e-12)


def test_compute_cost_finite_when_A2_is_exactly_zero_or_one():
    A2 = np.array([[1.0, 0.0, 1.0, 0.0]])
    Y = np.array([[0, 1, 1, 0]])  # two confident mistakes, two confident hits
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            cost = compute_cost(A2, Y)
    assert np.isfinite(cost)
    assert np.isclose(cost, 2 * -np.log(EPS) / 4, rtol=1e-3)  # each mistake costs about 34.5
    assert compute_cost(np.array([[1.0, 0.0]]), np.array([[1, 0]])) < 1e-14


@pytest.mark.parametrize("A2,Y", [
    (np.full((1, 3), 0.5), np.ones((1, 4))),
    (np.full(3, 0.5), np.ones(3)),
    (np.full((2, 3), 0.5), np.ones((2, 3))),
])
def test_compute_cost_rejects_mis_shaped_input(A2, Y):
    with pytest.raises(ValueError, match=r"A2 and Y must both have shape \(1, m\)"):
        compute_cost(A2, Y)


# --- backward_propagation ----------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backward_propagation_matches_numerical_gradient(seed):
    X, Y, parameters = random_problem(seed=seed)
    _, cache = forward_propagation(X, parameters)
    grads = backward_propagation(parameters, cache, X, Y)
    for name in NAMES:
        numeric = numerical_gradient(lambda: cost_of(X, Y, parameters), parameters[name])
        assert grads["d" + name].shape == parameters[name].shape
        assert relative_difference(grads["d" + name], numeric) < 1e-7, name


def test_backward_propagation_with_the_course_initialization():
    X, Y = make_flower(m=40, seed=3)
    parameters = initialize_parameters(2, 4, 1, seed=2)
    _, cache = forward_propagation(X, parameters)
    grads = backward_propagation(parameters, cache, X, Y)
    numeric = numerical_gradient(lambda: cost_of(X, Y, parameters), parameters["W2"])
    assert relative_difference(grads["dW2"], numeric) < 1e-7


def test_backward_propagation_agrees_with_the_week4_layers():
    X, Y, p = random_problem(seed=4)
    A1, hidden = linear_activation_forward(X, p["W1"], p["b1"], "tanh")
    A2, output = linear_activation_forward(A1, p["W2"], p["b2"], "sigmoid")
    dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
    dA1, dW2, db2 = linear_activation_backward(dA2, output, "sigmoid")
    _, dW1, db1 = linear_activation_backward(dA1, hidden, "tanh")
    grads = backward_propagation(p, forward_propagation(X, p)[1], X, Y)
    for name, value in (("dW1", dW1), ("db1", db1), ("dW2", dW2), ("db2", db2)):
        np.testing.assert_allclose(grads[name], value, rtol=1e-10, atol=1e-14)


def test_backward_propagation_is_invariant_to_the_order_of_examples():
    X, Y, p = random_problem(m=9, seed=5)
    order = np.random.default_rng(0).permutation(9)
    g = backward_propagation(p, forward_propagation(X, p)[1], X, Y)
    h = backward_propagation(p, forward_propagation(X[:, order], p)[1], X[:, order], Y[:, order])
    for name in g:
        np.testing.assert_allclose(g[name], h[name], rtol=1e-12, atol=1e-15)


def test_permuting_hidden_units_permutes_the_gradients():
    X, Y, p = random_problem(n_h=5, seed=6)
    order = np.array([3, 0, 4, 1, 2])
    q = {"W1": p["W1"][order], "b1": p["b1"][order], "W2": p["W2"][:, order], "b2": p["b2"]}
    A2p, cache_p = forward_propagation(X, p)
    A2q, cache_q = forward_propagation(X, q)
    np.testing.assert_allclose(A2p, A2q, rtol=1e-14)  # the same function
    g, h = backward_propagation(p, cache_p, X, Y), backward_propagation(q, cache_q, X, Y)
    np.testing.assert_allclose(g["dW1"][order], h["dW1"], rtol=1e-12)
    np.testing.assert_allclose(g["dW2"][:, order], h["dW2"], rtol=1e-12)


def test_backward_propagation_rejects_mismatched_labels():
    X, Y, parameters = random_problem(m=7)
    _, cache = forward_propagation(X, parameters)
    with pytest.raises(ValueError, match=r"Y must have the shape \(n_y, m\) = \(1, 7\)"):
        backward_propagation(parameters, cache, X, Y[:, :6])
    with pytest.raises(ValueError, match=r"Y must have the shape \(n_y, m\) = \(1, 7\)"):
        backward_propagation(parameters, cache, X, Y[0])
    with pytest.raises(ValueError, match="with X's 6 columns"):
        backward_propagation(parameters, cache, X[:, :6], Y)  # cache from another X
    with pytest.raises(ValueError, match=r"X must be 2-D"):
        backward_propagation(parameters, cache, X[0], Y)


# --- update_parameters -------------------------------------------------------

def test_update_parameters_known_values_and_no_mutation():
    p = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1)), "W2": np.ones((1, 2)), "b2": np.zeros((1, 1))}
    g = {"dW1": np.full((2, 3), 0.5), "db1": np.ones((2, 1)), "dW2": -np.ones((1, 2)),
         "db2": np.full((1, 1), 2.0)}
    new = update_parameters(p, g, learning_rate=0.1)
    np.testing.assert_allclose(new["W1"], 0.95)
    np.testing.assert_allclose(new["b1"], -0.1)
    np.testing.assert_allclose(new["W2"], 1.1)
    np.testing.assert_allclose(new["b2"], -0.2)
    np.testing.assert_array_equal(p["W1"], 1.0)  # the input dict is untouched
    assert np.allclose(update_parameters(p, g)["W1"], 1 - 1.2 * 0.5)  # default alpha = 1.2


def test_update_parameters_lowers_the_cost():
    X, Y, p = random_problem(seed=7)
    g = backward_propagation(p, forward_propagation(X, p)[1], X, Y)
    assert cost_of(X, Y, update_parameters(p, g, learning_rate=0.01)) < cost_of(X, Y, p)


@pytest.mark.parametrize("rate", [0, -0.5])
def test_update_parameters_rejects_non_positive_learning_rate(rate):
    X, Y, p = random_problem()
    g = backward_propagation(p, forward_propagation(X, p)[1], X, Y)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        update_parameters(p, g, learning_rate=rate)


def test_update_parameters_rejects_mis_shaped_gradients():
    X, Y, p = random_problem(n_h=5)
    g = backward_propagation(p, forward_propagation(X, p)[1], X, Y)
    with pytest.raises(ValueError, match=r"db1 must have the shape \(5, 1\) of b1"):
        update_parameters(p, {**g, "db1": g["db1"].ravel()})


# --- nn_model and predict ----------------------------------------------------

def test_nn_model_learns_the_flower_where_logistic_regression_cannot():
    X, Y = make_flower(m=400, seed=1)
    parameters, costs = nn_model(X, Y, n_h=4, num_iterations=10000, learning_rate=1.2)
    network = np.mean(predict(parameters, X) == Y)
    logistic = model(X, Y, X, Y, num_iterations=2000, learning_rate=0.5)["train_accuracy"]
    assert network >= 0.85
    assert abs(logistic - 0.5) < 0.1  # a straight line does no better than chance
    assert len(costs) == 10 and np.isclose(costs[0], np.log(2), atol=1e-3)
    assert costs[-1] < 0.5 * costs[0]


def test_nn_model_is_seeded_and_prints_its_cost(capsys):
    X, Y = make_flower(m=60, seed=2)
    a, costs_a = nn_model(X, Y, 3, num_iterations=1001, print_cost=True, seed=5)
    out = capsys.readouterr().out
    assert "cost after iteration 0:" in out and "cost after iteration 1000:" in out
    b, costs_b = nn_model(X, Y, 3, num_iterations=1001, seed=5)
    assert costs_a == costs_b and capsys.readouterr().out == ""
    np.testing.assert_array_equal(a["W1"], b["W1"])
    c, _ = nn_model(X, Y, 3, num_iterations=1001, seed=6)
    assert not np.array_equal(a["W1"], c["W1"])


def test_nn_model_rejects_mismatched_data():
    X, Y = make_flower(m=20)
    with pytest.raises(ValueError, match="same m"):
        nn_model(X, Y[:, :10], 4, num_iterations=1)


def test_predict_thresholds_the_output_at_one_half():
    parameters = {"W1": np.array([[1.0]]), "b1": np.zeros((1, 1)),
                  "W2": np.array([[10.0]]), "b2": np.zeros((1, 1))}
    X = np.array([[-2.0, -0.01, 0.0, 0.01, 3.0]])
    np.testing.assert_array_equal(predict(parameters, X), [[0.0, 0.0, 0.0, 1.0, 1.0]])  # A2 = 0.5 -> 0
    assert predict(parameters, X).shape == (1, 5)
    with pytest.raises(ValueError, match=r"W1 must have shape \(1, 2\)"):
        predict(parameters, np.ones((2, 5)))
