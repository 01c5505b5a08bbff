"""Course 2 Week 1: gradient checking (snippets/gradient_check.py)."""

import numpy as np
import pytest
from scipy.optimize import approx_fprime

from snippets.deep_network import compute_cost, initialize_parameters_deep
from snippets.gradient_check import (
    cross_entropy_of_network,
    dictionary_to_vector,
    gradient_approx,
    gradient_check_by_parameter,
    gradient_check_n,
    gradients_to_vector,
    one_sided_difference,
    relative_difference,
    two_sided_difference,
    vector_to_dictionary,
)
from snippets.regularization import (
    backward_propagation_with_dropout,
    backward_propagation_with_regularization,
    compute_cost_with_regularization,
    forward_propagation,
    forward_propagation_with_dropout,
)
from tests.helpers import numerical_gradient


def setup(seed=0, m=3, dims=(4, 5, 3, 1)):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(dims[0], m))
    Y = (np.arange(m) % 2).reshape(1, m).astype(float)
    params = initialize_parameters_deep(list(dims), seed=seed)
    for l in (1, 2, 3):
        params[f"b{l}"] = rng.normal(scale=0.5, size=params[f"b{l}"].shape)
    return X, Y, params


def l2_cost(lambd):
    return lambda X, Y, p: compute_cost_with_regularization(forward_propagation(X, p)[0], Y, p, lambd)


def dropout_cost(keep_prob, seed):
    return lambda X, Y, p: compute_cost(forward_propagation_with_dropout(X, p, keep_prob, seed)[0], Y)


# --- one-dimensional differences --------------------------------------------

def test_course_example_cube_at_one():
    f = lambda theta: theta ** 3  # noqa: E731
    assert np.isclose(two_sided_difference(f, 1.0, 0.01), 3.0001, rtol=1e-12)  # error ε²
    assert np.isclose(one_sided_difference(f, 1.0, 0.01), 3.0301, rtol=1e-12)  # error 3ε + ε²


def test_error_orders_epsilon_and_epsilon_squared():
    f, exact = np.sin, np.cos(0.7)
    one = [abs(one_sided_difference(f, 0.7, e) - exact) for e in (1e-2, 5e-3)]
    two = [abs(two_sided_difference(f, 0.7, e) - exact) for e in (1e-2, 5e-3)]
    assert np.isclose(one[0] / one[1], 2, rtol=0.02)  # halve ε: half the error
    assert np.isclose(two[0] / two[1], 4, rtol=0.02)  # halve ε: a quarter of the error
    assert two[0] < one[0] / 100


# --- flattening ----------------------------------------------------------------

def test_dictionary_to_vector_order_and_round_trip():
    params = {"b1": np.array([[5.0], [6.0]]), "W1": np.array([[1.0, 2.0], [3.0, 4.0]]),
              "W2": np.array([[7.0, 8.0]]), "b2": np.array([[9.0]])}
    theta, layout = dictionary_to_vector(params)
    np.testing.assert_array_equal(theta.ravel(), np.arange(1.0, 10.0))  # W1 by rows, b1, W2, b2
    assert theta.shape == (9, 1)
    assert layout == [("W1", (2, 2)), ("b1", (2, 1)), ("W2", (1, 2)), ("b2", (1, 1))]
    back = vector_to_dictionary(theta, layout)
    for name in params:
        np.testing.assert_array_equal(back[name], params[name])
    back["W1"][0, 0] = -1.0
    assert theta[0, 0] == 1.0  # a copy, not a view


def test_gradients_to_vector_follows_theta_and_ignores_other_entries():
    X, Y, params = setup(1)
    grads = backward_propagation_with_regularization(X, Y, forward_propagation(X, params)[1], 0.0)
    vec = gradients_to_vector(grads)
    theta, layout = dictionary_to_vector(params)
    assert vec.shape == theta.shape
    as_dict = vector_to_dictionary(vec, layout)
    for name, _ in layout:
        np.testing.assert_array_equal(as_dict[name], grads[f"d{name}"])


def test_flattening_rejects_bad_input():
    with pytest.raises(ValueError, match="missing"):
        dictionary_to_vector({"W1": np.ones((2, 2))})
    with pytest.raises(ValueError, match="expected W1"):
        dictionary_to_vector({"b1": np.ones((2, 1))})
    with pytest.raises(ValueError, match="expected dW1"):
        gradients_to_vector({"dA1": np.ones((2, 2))})
    _, layout = dictionary_to_vector({"W1": np.ones((2, 2)), "b1": np.ones((2, 1))})
    with pytest.raises(ValueError, match=r"theta must have shape \(6, 1\)"):
        vector_to_dictionary(np.ones(6), layout)


# --- the numerical gradient ----------------------------------------------------

def test_gradient_approx_agrees_with_helpers_and_scipy():
    X, Y, params = setup(2)
    theta, layout = dictionary_to_vector(params)
    approx = gradient_approx(params, X, Y, epsilon=1e-6)
    f = lambda t: cross_entropy_of_network(X, Y, vector_to_dictionary(t.reshape(-1, 1), layout))  # noqa: E731
    reference = numerical_gradient(lambda: f(theta), theta)
    assert relative_difference(approx, reference) < 1e-10
    assert relative_difference(approx.ravel(), approx_fprime(theta.ravel(), f, 1e-8)) < 1e-6


def test_relative_difference_of_zero_vectors_is_zero():
    assert relative_difference(np.zeros((3, 1)), np.zeros((3, 1))) == 0.0
    assert relative_difference(np.array([[1.0]]), np.array([[-1.0]])) == 1.0


# --- the check passes correct backward passes ---------------------------------

@pytest.mark.parametrize("seed", [0, 1, 2])
def test_correct_backward_passes_pass(seed):
    X, Y, params = setup(seed)
    plain = backward_propagation_with_regularization(X, Y, forward_propagation(X, params)[1], 0.0)
    assert gradient_check_n(params, plain, X, Y) < 2e-7
    l2 = backward_propagation_with_regularization(X, Y, forward_propagation(X, params)[1], 0.7)
    assert gradient_check_n(params, l2, X, Y, cost=l2_cost(0.7)) < 2e-7
    cache = forward_propagation_with_dropout(X, params, 0.7, seed=seed)[1]
    dropout = backward_propagation_with_dropout(X, Y, cache, 0.7)
    assert gradient_check_n(params, dropout, X, Y, cost=dropout_cost(0.7, seed)) < 2e-7


# --- and flags planted mistakes --------------------------------------------------

def test_course_planted_mistakes_are_flagged_and_located():
    X, Y, params = setup(3)
    grads = backward_propagation_with_regularization(X, Y, forward_propagation(X, params)[1], 0.0)
    buggy = {**grads, "dW2": 2 * grads["dW2"], "db1": 4 * grads["db1"]}
    assert gradient_check_n(params, buggy, X, Y) > 1e-3
    per_parameter = gradient_check_by_parameter(params, buggy, X, Y)
    assert {name for name, d in per_parameter.items() if d > 1e-3} == {"W2", "b1"}
    assert max(d for name, d in per_parameter.items() if name not in ("W2", "b1")) < 2e-7


def test_l2_gradients_checked_against_the_unregularized_cost_fail():
    """Forgetting the penalty on one side of the check (or in backprop) is caught."""
    X, Y, params = setup(4)
    cache = forward_propagation(X, params)[1]
    without_penalty = backward_propagation_with_regularization(X, Y, cache, 0.0)
    assert gradient_check_n(params, without_penalty, X, Y, cost=l2_cost(0.7)) > 1e-3


def test_dropout_backward_without_masks_is_flagged():
    X, Y, params = setup(5, m=6)
    cache = forward_propagation_with_dropout(X, params, 0.5, seed=8)[1]
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    ones = (Z1, np.ones_like(D1), A1, W1, b1, Z2, np.ones_like(D2), A2, W2, b2, Z3, A3, W3, b3)
    forgot_masks = backward_propagation_with_dropout(X, Y, ones, 0.5)
    assert gradient_check_n(params, forgot_masks, X, Y, cost=dropout_cost(0.5, 8)) > 1e-3


def test_fresh_masks_at_every_probe_break_the_check():
    """Why the masks must come from a fixed seed: new masks make J a different function."""
    X, Y, params = setup(6, m=6)
    cache = forward_propagation_with_dropout(X, params, 0.5, seed=8)[1]
    grads = backward_propagation_with_dropout(X, Y, cache, 0.5)
    rng = np.random.default_rng(0)
    random_masks = lambda X, Y, p: compute_cost(  # noqa: E731
        forward_propagation_with_dropout(X, p, 0.5, seed=rng)[0], Y)
    assert gradient_check_n(params, grads, X, Y, cost=random_masks) > 1e-3


def test_print_msg_and_size_mismatch(capsys):
    X, Y, params = setup(7)
    grads = backward_propagation_with_regularization(X, Y, forward_propagation(X, params)[1], 0.0)
    gradient_check_n(params, grads, X, Y, print_msg=True)
    gradient_check_n(params, {**grads, "db3": 3 * grads["db3"]}, X, Y, print_msg=True)
    out = capsys.readouterr().out
    assert "it works" in out and "mistake in the backward pass" in out
    with pytest.raises(ValueError, match="gradients hold"):
        gradient_check_n(params, {**grads, "dW1": np.ones((6, 4))}, X, Y)
