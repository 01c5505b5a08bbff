"""Course 2 Week 1: weight initialization (snippets/initialization.py)."""

import numpy as np
import pytest
from scipy import stats

from snippets.datasets import make_moons
from snippets.initialization import (
    check_layers_dims,
    initialize_parameters_he,
    initialize_parameters_random,
    initialize_parameters_xavier,
    initialize_parameters_zeros,
    layer_activation_stds,
)
from snippets.regularization import forward_propagation, model

DIMS = [3, 4, 2, 1]
INITIALIZERS = [initialize_parameters_zeros, initialize_parameters_random,
                initialize_parameters_he, initialize_parameters_xavier]


@pytest.mark.parametrize("init", INITIALIZERS)
def test_shapes_keys_and_zero_biases(init):
    params = init(DIMS, seed=0)
    assert sorted(params) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    for l in (1, 2, 3):
        assert params[f"W{l}"].shape == (DIMS[l], DIMS[l - 1])
        assert params[f"b{l}"].shape == (DIMS[l], 1) and not params[f"b{l}"].any()


def test_zeros_are_zeros():
    params = initialize_parameters_zeros([2, 3, 1])
    assert not any(v.any() for v in params.values())


@pytest.mark.parametrize("init", INITIALIZERS[1:])
def test_seeded_determinism(init):
    a, b, c = init([5, 6, 1], seed=7), init([5, 6, 1], seed=7), init([5, 6, 1], seed=8)
    np.testing.assert_array_equal(a["W1"], b["W1"])
    assert not np.array_equal(a["W1"], c["W1"])
    from_generator = init([5, 6, 1], seed=np.random.default_rng(7))
    np.testing.assert_array_equal(a["W1"], from_generator["W1"])


@pytest.mark.parametrize("init,variance", [
    (initialize_parameters_he, 2 / 400),
    (initialize_parameters_xavier, 1 / 400),
    (lambda dims, seed: initialize_parameters_xavier(dims, seed, fan_average=True), 2 / (400 + 300)),
    (initialize_parameters_random, 100.0),
])
def test_weights_are_centred_normals_with_the_stated_variance(init, variance):
    W = init([400, 300], seed=1)["W1"]
    assert np.isclose(W.var(), variance, rtol=0.02)
    assert abs(W.mean()) < 0.01 * np.sqrt(variance)
    # standardized, the weights are indistinguishable from N(0, 1) for SciPy's KS test
    assert stats.kstest(W.ravel() / np.sqrt(variance), "norm").pvalue > 0.01


def test_he_and_xavier_scale_each_layer_by_its_own_fan_in():
    he = initialize_parameters_he([1000, 10, 500], seed=2)
    assert np.isclose(he["W2"].std(), np.sqrt(2 / 10), rtol=0.05)
    assert np.isclose(he["W1"].std(), np.sqrt(2 / 1000), rtol=0.05)
    xavier = initialize_parameters_xavier([1000, 10, 500], seed=2)
    np.testing.assert_allclose(xavier["W2"], he["W2"] / np.sqrt(2))  # same draws, other scale


@pytest.mark.parametrize("dims", [[3], [], [3, 0, 1], [2, 1.5, 1], [2, True, 1], [2, "3", 1], [2, -1]])
@pytest.mark.parametrize("init", INITIALIZERS)
def test_bad_layers_dims_raise(init, dims):
    with pytest.raises(ValueError, match="layers_dims"):
        init(dims)


def test_check_layers_dims_accepts_numpy_integers():
    assert check_layers_dims(np.array([2, 3, 1])) == [2, 3, 1]


# --- activation statistics -------------------------------------------------

def test_layer_activation_stds_known_values():
    X = np.array([[1.0, -1.0]])
    params = {"W1": np.array([[2.0]]), "b1": np.array([[0.0]])}
    assert np.allclose(layer_activation_stds(X, params, "relu"), [1.0])   # [2, 0]
    assert np.allclose(layer_activation_stds(X, params, "linear"), [2.0])  # [2, -2]
    assert np.allclose(layer_activation_stds(X, params, "tanh"), [np.tanh(2.0)])
    two = {**params, "W2": np.array([[3.0]]), "b2": np.array([[1.0]])}
    assert np.allclose(layer_activation_stds(X, two, "linear"), [2.0, 6.0])  # [7, -5]


def test_layer_activation_stds_rejects_bad_input():
    params = initialize_parameters_he([3, 2], seed=0)
    with pytest.raises(ValueError, match="activation must be one of"):
        layer_activation_stds(np.ones((3, 4)), params, "sigmoid")
    with pytest.raises(ValueError, match=r"W1 must have shape \(n\[1\], 5\)"):
        layer_activation_stds(np.ones((5, 4)), params)


def test_depth_20_relu_net_he_keeps_scale_others_do_not():
    X = np.random.default_rng(0).standard_normal((100, 500))
    dims = [100] * 21
    he = layer_activation_stds(X, initialize_parameters_he(dims, seed=1))
    assert 0.3 < he.min() and he.max() < 3
    large = layer_activation_stds(X, initialize_parameters_random(dims, seed=1, scale=10.0))
    assert large[-1] > 1e30 and np.all(np.diff(np.log(large)) > np.log(30))  # grows ~70x per layer
    small = layer_activation_stds(X, initialize_parameters_random(dims, seed=1, scale=0.01))
    assert small[-1] < 1e-20
    assert not layer_activation_stds(X, initialize_parameters_zeros(dims)).any()


def test_activation_stds_are_stable_for_huge_inputs():
    X = np.full((10, 4), 1e150)
    stds = layer_activation_stds(X, initialize_parameters_he([10, 10, 10], seed=0), "tanh")
    assert np.all(np.isfinite(stds))


# --- symmetry ---------------------------------------------------------------

def test_zeros_never_break_symmetry():
    """With zeros, every hidden unit of a layer stays identical (here: identically zero)."""
    X, Y = make_moons(m=60, seed=0)
    params, costs = model(X, Y, learning_rate=0.5, num_iterations=200, layers_dims=[2, 4, 3, 1],
                          initialization=initialize_parameters_zeros)
    for l in (1, 2):
        W, b = params[f"W{l}"], params[f"b{l}"]
        assert np.all(W == W[0]) and np.all(b == b[0])
    _, cache = forward_propagation(X, params)
    A1, A2 = cache[1], cache[5]
    assert np.all(A1 == A1[0]) and np.all(A2 == A2[0])
    assert np.isclose(costs[0], np.log(2)) and np.isclose(costs[-1], costs[0], atol=1e-3)


def test_identical_nonzero_rows_also_stay_identical():
    """The problem is equal rows, not zeros: constant weights move, but in lockstep."""
    def constant(dims, seed=None):
        params = initialize_parameters_zeros(dims)
        return {k: np.full_like(v, 0.3) if k.startswith("W") else v for k, v in params.items()}

    X, Y = make_moons(m=60, seed=0)
    params, _ = model(X, Y, learning_rate=0.1, num_iterations=300, layers_dims=[2, 4, 3, 1],
                      initialization=constant)
    for l in (1, 2):
        W = params[f"W{l}"]
        assert not np.allclose(W, 0.3)              # the weights did change
        np.testing.assert_allclose(W, np.tile(W[0], (W.shape[0], 1)), rtol=1e-12)
    he, _ = model(X, Y, learning_rate=0.1, num_iterations=300, layers_dims=[2, 4, 3, 1],
                  initialization=initialize_parameters_he)
    assert not np.allclose(he["W1"], he["W1"][0])  # random rows differ, and stay different
