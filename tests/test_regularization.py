"""Course 2 Week 1: L2 regularization and dropout (snippets/regularization.py)."""

import warnings

import numpy as np
import pytest
from scipy.special import expit, xlogy

from snippets.datasets import make_moons
from snippets.deep_network import L_model_backward, L_model_forward, compute_cost, initialize_parameters_deep
from snippets.regularization import (
    backward_propagation_with_dropout,
    backward_propagation_with_regularization,
    compute_cost_with_regularization,
    early_stopping,
    forward_propagation,
    forward_propagation_with_dropout,
    model,
    predict,
)
from tests.helpers import numerical_gradient, relative_difference


def setup(seed=0, m=5, dims=(3, 4, 3, 1)):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(dims[0], m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    params = initialize_parameters_deep(list(dims), seed=seed)
    for l in (1, 2, 3):
        params[f"b{l}"] = rng.normal(scale=0.1, size=params[f"b{l}"].shape)
    return X, Y, params


def hand_params():
    return {"W1": np.array([[1.0, -1.0], [0.5, 2.0]]), "b1": np.array([[0.0], [-1.0]]),
            "W2": np.array([[1.0, 1.0]]), "b2": np.array([[0.5]]),
            "W3": np.array([[2.0]]), "b3": np.array([[-1.0]])}


# --- forward and cost -------------------------------------------------------

def test_forward_known_values():
    X = np.array([[1.0, -2.0], [2.0, 1.0]])
    A3, cache = forward_propagation(X, hand_params())
    # Z1 = [[-1, -3], [3.5, 0]] -> A1 = [[0, 0], [3.5, 0]]; Z2 = [[4, 0.5]]; Z3 = [[7, 0]]
    np.testing.assert_allclose(cache[0], [[-1.0, -3.0], [3.5, 0.0]])
    np.testing.assert_allclose(cache[8], [[7.0, 0.0]])
    np.testing.assert_allclose(A3, expit(np.array([[7.0, 0.0]])))
    assert len(cache) == 12 and A3.shape == (1, 2)


def test_forward_agrees_with_the_L_layer_network():
    X, _, params = setup(1, m=7)
    AL, _ = L_model_forward(X, params)
    np.testing.assert_allclose(forward_propagation(X, params)[0], AL, rtol=1e-14)


def test_regularized_cost_known_value_and_scipy():
    X, Y, params = setup(2, m=6)
    A3, _ = forward_propagation(X, params)
    cross_entropy = -np.mean(xlogy(Y, A3) + xlogy(1 - Y, 1 - A3))
    penalty = sum(np.linalg.norm(params[f"W{l}"], "fro") ** 2 for l in (1, 2, 3))
    cost = compute_cost_with_regularization(A3, Y, params, lambd=0.1)
    assert np.isclose(cost, cross_entropy + 0.1 / (2 * 6) * penalty, rtol=1e-12)
    assert compute_cost_with_regularization(A3, Y, params, 0.0) == compute_cost(A3, Y)
    hand = compute_cost_with_regularization(np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]]),
                                            {"W1": np.array([[3.0, 4.0]]), "b1": np.ones((1, 1))}, 2.0)
    assert np.isclose(hand, np.log(2) + 2.0 / 4 * 25)  # biases are not penalized


# --- backward passes against numerical gradients ---------------------------

@pytest.mark.parametrize("lambd", [0.0, 0.7])
def test_backward_with_regularization_matches_numerical_gradient(lambd):
    X, Y, params = setup(3)
    _, cache = forward_propagation(X, params)
    grads = backward_propagation_with_regularization(X, Y, cache, lambd)

    def cost():
        return compute_cost_with_regularization(forward_propagation(X, params)[0], Y, params, lambd)

    for name in params:
        assert grads[f"d{name}"].shape == params[name].shape
        assert relative_difference(grads[f"d{name}"], numerical_gradient(cost, params[name])) < 1e-7


def test_backward_without_penalty_equals_the_L_layer_backward():
    X, Y, params = setup(4)
    AL, caches = L_model_forward(X, params)
    reference = L_model_backward(AL, Y, caches)
    grads = backward_propagation_with_regularization(X, Y, forward_propagation(X, params)[1], 0.0)
    for name in ("dW1", "db1", "dW2", "db2", "dW3", "db3", "dA1", "dA2"):
        np.testing.assert_allclose(grads[name], reference[name], rtol=1e-12, atol=1e-15)


def test_penalty_adds_lambda_over_m_times_W():
    X, Y, params = setup(5, m=8)
    cache = forward_propagation(X, params)[1]
    plain = backward_propagation_with_regularization(X, Y, cache, 0.0)
    reg = backward_propagation_with_regularization(X, Y, cache, 0.4)
    for l in (1, 2, 3):
        np.testing.assert_allclose(reg[f"dW{l}"] - plain[f"dW{l}"], 0.4 / 8 * params[f"W{l}"])
        np.testing.assert_array_equal(reg[f"db{l}"], plain[f"db{l}"])


@pytest.mark.parametrize("keep_prob", [0.5, 0.8, 1.0])
def test_backward_with_dropout_matches_numerical_gradient_with_fixed_masks(keep_prob):
    X, Y, params = setup(6, m=6)
    _, cache = forward_propagation_with_dropout(X, params, keep_prob, seed=11)
    grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)

    def cost():  # the same seed draws the same masks at every probe
        return compute_cost(forward_propagation_with_dropout(X, params, keep_prob, seed=11)[0], Y)

    for name in params:
        assert relative_difference(grads[f"d{name}"], numerical_gradient(cost, params[name])) < 1e-7


# --- dropout -----------------------------------------------------------------

def test_dropout_masks_scaling_and_seed():
    X, _, params = setup(7, m=50, dims=(3, 40, 30, 1))
    A3, cache = forward_propagation_with_dropout(X, params, keep_prob=0.7, seed=3)
    Z1, D1, A1, _, _, Z2, D2, A2 = cache[:8]
    assert set(np.unique(D1)) <= {0.0, 1.0} and D1.shape == (40, 50) and D2.shape == (30, 50)
    assert abs(D1.mean() - 0.7) < 0.03
    np.testing.assert_allclose(A1, np.maximum(Z1, 0) * D1 / 0.7)
    np.testing.assert_allclose(A2, np.maximum(Z2, 0) * D2 / 0.7)
    again = forward_propagation_with_dropout(X, params, keep_prob=0.7, seed=3)
    np.testing.assert_array_equal(again[0], A3)
    other = forward_propagation_with_dropout(X, params, keep_prob=0.7, seed=4)
    assert not np.array_equal(other[1][1], D1)


def test_keep_prob_one_is_the_plain_network():
    X, _, params = setup(8)
    A3, cache = forward_propagation_with_dropout(X, params, keep_prob=1.0, seed=0)
    np.testing.assert_array_equal(A3, forward_propagation(X, params)[0])
    assert cache[1].all() and cache[6].all()


def test_inverted_dropout_preserves_the_expected_activation():
    X, _, params = setup(9, m=20, dims=(3, 10, 3, 1))
    plain_A1 = forward_propagation(X, params)[1][1]
    mean_A1 = np.mean([forward_propagation_with_dropout(X, params, 0.6, seed=s)[1][2]
                       for s in range(4000)], axis=0)
    assert relative_difference(mean_A1, plain_A1) < 0.01


def test_dropped_units_pass_no_gradient():
    X, Y, params = setup(10, m=30, dims=(3, 12, 6, 1))
    _, cache = forward_propagation_with_dropout(X, params, 0.5, seed=2)
    grads = backward_propagation_with_dropout(X, Y, cache, 0.5)
    D1, D2 = cache[1], cache[6]
    assert not grads["dA1"][D1 == 0].any() and not grads["dA2"][D2 == 0].any()
    assert grads["dA1"][D1 == 1].any()


# --- bad input -----------------------------------------------------------------

def test_bad_shapes_raise():
    X, Y, params = setup(11)
    with pytest.raises(ValueError, match=r"X must be 2-D \(n_x, m\)"):
        forward_propagation(np.ones(3), params)
    with pytest.raises(ValueError, match="missing"):
        forward_propagation(X, {k: v for k, v in params.items() if k != "b2"})
    with pytest.raises(ValueError, match=r"W1 must be \(n1, 5\)"):
        forward_propagation(np.ones((5, 2)), params)
    with pytest.raises(ValueError, match=r"b2 \(n2, 1\)"):
        forward_propagation(X, {**params, "b2": np.zeros(3)})
    with pytest.raises(ValueError, match=r"W3 must have shape \(1, n2\)"):
        forward_propagation(X, initialize_parameters_deep([3, 4, 3, 2]))
    cache = forward_propagation(X, params)[1]
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\)"):
        backward_propagation_with_regularization(X, Y[:, :2], cache, 0.1)
    dcache = forward_propagation_with_dropout(X, params, 0.5)[1]
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\)"):
        backward_propagation_with_dropout(X, Y.T, dcache, 0.5)
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\) = \(1, 5\)"):
        model(X, Y[:, :3], num_iterations=1, layers_dims=[3, 4, 3, 1])


@pytest.mark.parametrize("keep_prob", [0.0, -0.1, 1.5])
def test_bad_keep_prob_raises(keep_prob):
    X, Y, params = setup(12)
    with pytest.raises(ValueError, match="keep_prob must be in"):
        forward_propagation_with_dropout(X, params, keep_prob)
    cache = forward_propagation_with_dropout(X, params, 0.5)[1]
    with pytest.raises(ValueError, match="keep_prob must be in"):
        backward_propagation_with_dropout(X, Y, cache, keep_prob)


def test_negative_lambda_and_both_regularizers_raise():
    X, Y, params = setup(13)
    A3, cache = forward_propagation(X, params)
    with pytest.raises(ValueError, match="lambd must be >= 0"):
        compute_cost_with_regularization(A3, Y, params, -1.0)
    with pytest.raises(ValueError, match="lambd must be >= 0"):
        backward_propagation_with_regularization(X, Y, cache, -1.0)
    with pytest.raises(ValueError, match="not both"):
        model(X, Y, lambd=0.1, keep_prob=0.5)
    with pytest.raises(ValueError, match=r"layers_dims must be \[n_x, n1, n2, 1\]"):
        model(X, Y, layers_dims=[3, 4, 1])


# --- extreme inputs ------------------------------------------------------------

def test_huge_inputs_stay_finite_without_warnings():
    X, Y, params = setup(14)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            A3, cache = forward_propagation(X * 1e6, params)
            cost = compute_cost_with_regularization(A3, Y, params, 0.5)
            grads = backward_propagation_with_regularization(X * 1e6, Y, cache, 0.5)
    assert np.isfinite(cost) and all(np.all(np.isfinite(g)) for g in grads.values())


# --- training, prediction, early stopping ------------------------------------

def test_model_trains_and_l2_shrinks_the_weights(capsys):
    X, Y = make_moons(m=80, seed=1, noise=0.3)
    plain, costs = model(X, Y, learning_rate=0.3, num_iterations=10001, print_cost=True)
    assert len(costs) == 11 and costs[-1] < costs[0] / 3
    assert capsys.readouterr().out.count("cost after iteration") == 2
    assert plain["W1"].shape == (20, 2) and plain["W2"].shape == (3, 20)  # the course's sizes
    l2, _ = model(X, Y, learning_rate=0.3, num_iterations=3000, lambd=1.0)
    plain3k, _ = model(X, Y, learning_rate=0.3, num_iterations=3000)
    norm = lambda p: sum(np.sum(p[f"W{l}"] ** 2) for l in (1, 2, 3))  # noqa: E731
    assert norm(l2) < norm(plain3k) / 2


def test_model_with_dropout_is_seeded():
    X, Y = make_moons(m=40, seed=2)
    a, costs = model(X, Y, num_iterations=500, keep_prob=0.8, seed=5)
    b, _ = model(X, Y, num_iterations=500, keep_prob=0.8, seed=5)
    c, _ = model(X, Y, num_iterations=500, keep_prob=0.8, seed=6)
    np.testing.assert_array_equal(a["W1"], b["W1"])
    assert not np.array_equal(a["W1"], c["W1"]) and costs[0] > 0


def test_predict_thresholds_the_output():
    X = np.array([[1.0, -2.0], [2.0, 1.0]])
    np.testing.assert_array_equal(predict(X, hand_params()), [[1.0, 0.0]])  # σ(7) > 0.5, σ(0) = 0.5


def test_early_stopping_returns_the_dev_minimum():
    X, Y = make_moons(m=60, seed=3, noise=0.4)
    X_dev, Y_dev = make_moons(m=200, seed=4, noise=0.4)
    dims = [2, 30, 10, 1]
    best, it, train_costs, dev_costs = early_stopping(X, Y, X_dev, Y_dev, learning_rate=0.1,
                                                      num_iterations=3000, every=100,
                                                      layers_dims=dims)
    assert len(train_costs) == len(dev_costs) == 31
    assert it == 100 * int(np.argmin(dev_costs)) and 0 < it < 3000
    assert train_costs[-1] < train_costs[it // 100]   # training kept improving after the stop
    same, _ = model(X, Y, learning_rate=0.1, num_iterations=it, layers_dims=dims)
    for name in best:
        np.testing.assert_allclose(best[name], same[name], rtol=1e-12)
    with pytest.raises(ValueError, match="every must be a positive"):
        early_stopping(X, Y, X_dev, Y_dev, every=0)


def test_regularized_runs_on_the_page_have_a_smaller_gap(drawn):
    """The runs behind the page's table (as the build ran them): L2 and dropout shrink
    the train/test gap."""
    from snippets.figures import stored

    rows = {name: (train, test) for name, train, test, _ in stored(drawn["c2w1"], "accuracy_rows")}
    gap = {name: train - test for name, (train, test) in rows.items()}
    assert rows["none"][0] == 1.0 and gap["none"] > 0.15   # memorises the noisy training set
    for name in ("l2", "dropout", "early"):
        assert gap[name] < gap["none"] / 2 and rows[name][1] > rows["none"][1]
