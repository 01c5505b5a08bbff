"""Course 2 Week 3: batch normalization (snippets/batch_norm.py)."""

import warnings

import numpy as np
import pytest

from snippets.batch_norm import (
    batchnorm_backward,
    batchnorm_forward,
    batchnorm_inference,
    bn_network_backward,
    bn_network_cost,
    bn_network_forward,
    initialize_bn_network,
    predict_bn_network,
    train_bn_network,
    update_running_stats,
)
from snippets.datasets import make_moons
from tests.helpers import numerical_gradient, relative_difference


def algorithm_1(x, gamma, beta, eps):
    """Ioffe & Szegedy (2015), Algorithm 1, written out for one unit.

    x holds the unit's values over the mini-batch, x_1..x_m (a Python list).
    """
    m = len(x)
    mu = sum(x) / m                                        # mini-batch mean
    var = sum((xi - mu) ** 2 for xi in x) / m              # mini-batch variance (1/m)
    x_hat = [(xi - mu) / (var + eps) ** 0.5 for xi in x]   # normalize, eps inside the root
    return [gamma * xh + beta for xh in x_hat]             # scale and shift


def random_case(seed=0, n=4, m=6):
    rng = np.random.default_rng(seed)
    Z = rng.normal(loc=3.0, scale=2.0, size=(n, m))
    gamma = rng.uniform(0.5, 2.0, size=(n, 1))
    beta = rng.normal(size=(n, 1))
    return rng, Z, gamma, beta


# --- batchnorm_forward -----------------------------------------------------


def test_forward_known_values():
    Z = np.array([[1.0, 2.0, 3.0, 6.0]])   # mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5
    Z_tilde, cache = batchnorm_forward(Z, np.array([[2.0]]), np.array([[1.0]]), eps=0.0)
    expected = 2.0 * (Z - 3.0) / np.sqrt(3.5) + 1.0
    np.testing.assert_allclose(Z_tilde, expected, rtol=1e-15)
    assert cache["mu"][0, 0] == 3.0 and cache["var"][0, 0] == 3.5


def test_forward_matches_algorithm_1_of_the_paper():
    _, Z, gamma, beta = random_case(1, n=3, m=5)
    for eps in (1e-8, 1e-3, 0.5):
        Z_tilde, _ = batchnorm_forward(Z, gamma, beta, eps=eps)
        for k in range(Z.shape[0]):
            expected = algorithm_1(list(Z[k]), gamma[k, 0], beta[k, 0], eps)
            np.testing.assert_allclose(Z_tilde[k], expected, rtol=1e-12)


def test_forward_normalizes_each_unit_over_the_examples():
    _, Z, gamma, beta = random_case(2, n=5, m=200)
    Z_tilde, cache = batchnorm_forward(Z, np.ones((5, 1)), np.zeros((5, 1)))
    assert Z_tilde.shape == Z.shape and cache["mu"].shape == cache["var"].shape == (5, 1)
    np.testing.assert_allclose(Z_tilde.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z_tilde.var(axis=1), 1.0, rtol=1e-6)   # np.var: ddof=0
    np.testing.assert_allclose(cache["var"].ravel(), Z.var(axis=1), rtol=1e-12)
    # with gamma and beta the unit gets mean beta and standard deviation gamma
    Z_tilde, _ = batchnorm_forward(Z, gamma, beta)
    np.testing.assert_allclose(Z_tilde.mean(axis=1, keepdims=True), beta, atol=1e-12)
    np.testing.assert_allclose(Z_tilde.std(axis=1, keepdims=True), gamma, rtol=1e-6)


def test_forward_ignores_a_bias_added_before_it():
    """Adding b to Z shifts mu by b: the output is the same, so b is redundant."""
    rng, Z, gamma, beta = random_case(3)
    b = rng.normal(size=(Z.shape[0], 1)) * 10
    np.testing.assert_allclose(batchnorm_forward(Z + b, gamma, beta)[0],
                               batchnorm_forward(Z, gamma, beta)[0], atol=1e-10)


def test_forward_is_stable_on_constant_and_huge_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            Z_tilde, _ = batchnorm_forward(np.full((2, 4), 7.0), np.ones((2, 1)), np.full((2, 1), 0.5))
            np.testing.assert_array_equal(Z_tilde, 0.5)    # zero variance: eps keeps it finite
            big = np.array([[1e150, -1e150, 3e150, 0.0]])
            Z_big, _ = batchnorm_forward(big, np.ones((1, 1)), np.zeros((1, 1)))
    assert np.all(np.isfinite(Z_big)) and np.isclose(Z_big.var(), 1.0)


def test_forward_rejects_bad_shapes():
    with pytest.raises(ValueError, match=r"Z must be 2-D \(n\[l\], m\)"):
        batchnorm_forward(np.ones(3), np.ones((3, 1)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"gamma must have shape \(n\[l\], 1\) = \(3, 1\)"):
        batchnorm_forward(np.ones((3, 4)), np.ones(3), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"beta must have shape"):
        batchnorm_forward(np.ones((3, 4)), np.ones((3, 1)), np.zeros((1, 3)))


# --- batchnorm_backward ----------------------------------------------------


@pytest.mark.parametrize("eps", [1e-8, 1e-2])
def test_backward_matches_numerical_gradient(eps):
    rng, Z, gamma, beta = random_case(4, n=3, m=7)
    G = rng.normal(size=Z.shape)   # J = (1/m) sum(G * Z_tilde), so m dJ/dZ_tilde = G
    m = Z.shape[1]

    def cost():
        return float(np.sum(G * batchnorm_forward(Z, gamma, beta, eps)[0]) / m)

    _, cache = batchnorm_forward(Z, gamma, beta, eps)
    dZ, dgamma, dbeta = batchnorm_backward(G, cache)
    assert dZ.shape == Z.shape and dgamma.shape == dbeta.shape == (3, 1)
    assert relative_difference(dZ / m, numerical_gradient(cost, Z)) < 1e-7
    assert relative_difference(dgamma, numerical_gradient(cost, gamma)) < 1e-7
    assert relative_difference(dbeta, numerical_gradient(cost, beta)) < 1e-7


def test_backward_of_a_nonlinear_cost():
    rng, Z, gamma, beta = random_case(5, n=2, m=5)
    m = Z.shape[1]

    def cost():
        return float(np.sum(np.tanh(batchnorm_forward(Z, gamma, beta)[0]) ** 2) / m)

    Z_tilde, cache = batchnorm_forward(Z, gamma, beta)
    dZ_tilde = 2 * np.tanh(Z_tilde) * (1 - np.tanh(Z_tilde) ** 2)   # m dJ/dZ_tilde
    dZ, dgamma, dbeta = batchnorm_backward(dZ_tilde, cache)
    assert relative_difference(dZ / m, numerical_gradient(cost, Z)) < 1e-7
    assert relative_difference(dgamma, numerical_gradient(cost, gamma)) < 1e-7
    assert relative_difference(dbeta, numerical_gradient(cost, beta)) < 1e-7


def test_backward_gradient_sums_to_zero_over_the_batch():
    """Shifting every example of a unit by the same amount changes nothing."""
    rng, Z, gamma, beta = random_case(6)
    dZ, _, _ = batchnorm_backward(rng.normal(size=Z.shape), batchnorm_forward(Z, gamma, beta)[1])
    np.testing.assert_allclose(dZ.sum(axis=1), 0.0, atol=1e-12)


def test_backward_rejects_bad_shape():
    _, Z, gamma, beta = random_case(7)
    _, cache = batchnorm_forward(Z, gamma, beta)
    with pytest.raises(ValueError, match=r"dZ_tilde must have the shape of Z, \(4, 6\)"):
        batchnorm_backward(np.ones((4, 5)), cache)


# --- test time ---------------------------------------------------------------


def test_running_stats_known_values():
    mean, var = update_running_stats(np.zeros((1, 1)), np.ones((1, 1)),
                                     np.array([[2.0]]), np.array([[5.0]]), momentum=0.9)
    assert np.isclose(mean[0, 0], 0.2) and np.isclose(var[0, 0], 1.4)


def test_running_stats_converge_to_batch_statistics_of_a_stationary_input():
    rng, Z, gamma, beta = random_case(8, n=3, m=32)
    mean, var = np.zeros((3, 1)), np.ones((3, 1))
    _, cache = batchnorm_forward(Z, gamma, beta)
    for _ in range(300):  # the same batch every step: 0.9^300 < 1e-13
        mean, var = update_running_stats(mean, var, cache["mu"], cache["var"])
    np.testing.assert_allclose(mean, cache["mu"], rtol=1e-10)
    np.testing.assert_allclose(var, cache["var"], rtol=1e-10)
    # so test-time batch norm reproduces the training output on that batch, column by column
    Z_test = batchnorm_inference(Z, gamma, beta, mean, var)
    np.testing.assert_allclose(Z_test, batchnorm_forward(Z, gamma, beta)[0], rtol=1e-9)
    one = batchnorm_inference(Z[:, :1], gamma, beta, mean, var)
    np.testing.assert_allclose(one, Z_test[:, :1], rtol=1e-12)


def test_running_stats_track_a_stationary_distribution():
    rng = np.random.default_rng(9)
    loc, scale = np.array([[3.0], [-1.0]]), np.array([[2.0], [0.5]])
    mean, var = np.zeros((2, 1)), np.ones((2, 1))
    for _ in range(2000):
        Z = loc + scale * rng.normal(size=(2, 256))
        _, cache = batchnorm_forward(Z, np.ones((2, 1)), np.zeros((2, 1)))
        mean, var = update_running_stats(mean, var, cache["mu"], cache["var"], momentum=0.99)
    np.testing.assert_allclose(mean, loc, atol=0.03)
    np.testing.assert_allclose(var, scale ** 2 * 255 / 256, rtol=0.03)  # biased: (m-1)/m sigma^2


def test_running_stats_reject_bad_input():
    col = np.zeros((2, 1))
    with pytest.raises(ValueError, match="momentum"):
        update_running_stats(col, col, col, col, momentum=1.0)
    with pytest.raises(ValueError, match=r"must all have shape \(n\[l\], 1\)"):
        update_running_stats(col, col, np.zeros(2), col)
    with pytest.raises(ValueError, match=r"must all have shape"):
        update_running_stats(np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2))


def test_inference_rejects_bad_shapes():
    col = np.zeros((2, 1))
    with pytest.raises(ValueError, match="Z must be 2-D"):
        batchnorm_inference(np.ones(2), col, col, col, col)
    with pytest.raises(ValueError, match=r"running_var must have shape \(n\[l\], 1\) = \(2, 1\)"):
        batchnorm_inference(np.ones((2, 3)), col, col, col, np.ones(2))


# --- the network -------------------------------------------------------------


def test_initialize_bn_network_shapes():
    params, running = initialize_bn_network([2, 5, 3, 1], batch_norm=True, seed=0)
    assert sorted(params) == ["W1", "W2", "W3", "b3", "beta1", "beta2", "gamma1", "gamma2"]
    assert params["W2"].shape == (3, 5) and params["gamma2"].shape == (3, 1)
    assert np.all(params["gamma1"] == 1) and not params["beta1"].any()
    assert sorted(running) == ["mean1", "mean2", "var1", "var2"]
    params, running = initialize_bn_network([2, 5, 3, 1], batch_norm=False, seed=0)
    assert sorted(params) == ["W1", "W2", "W3", "b1", "b2", "b3"] and running == {}
    with pytest.raises(ValueError, match="layers_dims"):
        initialize_bn_network([2], seed=0)
    with pytest.raises(ValueError, match="layers_dims"):
        initialize_bn_network([2, 0, 1], seed=0)


@pytest.mark.parametrize("batch_norm", [True, False])
def test_network_gradients_match_numerical_gradient(batch_norm):
    X, Y = make_moons(m=12, seed=0)
    params, _ = initialize_bn_network([2, 4, 3, 1], batch_norm=batch_norm, seed=1)
    rng = np.random.default_rng(2)
    for name in params:   # move away from gamma = 1, beta = 0, b = 0
        params[name] += 0.3 * rng.normal(size=params[name].shape)
    AL, caches = bn_network_forward(X, params)
    grads = bn_network_backward(AL, Y, caches)
    assert sorted(grads) == sorted(f"d{name}" for name in params)
    for name, value in params.items():
        numeric = numerical_gradient(lambda: bn_network_cost(bn_network_forward(X, params)[0], Y), value)
        assert grads[f"d{name}"].shape == value.shape
        assert relative_difference(grads[f"d{name}"], numeric) < 1e-7, name


def test_network_backward_rejects_mismatched_labels():
    X, Y = make_moons(m=6, seed=0)
    params, _ = initialize_bn_network([2, 3, 1], seed=0)
    AL, caches = bn_network_forward(X, params)
    with pytest.raises(ValueError, match=r"AL and Y must have the same shape \(1, m\)"):
        bn_network_backward(AL, Y[:, :5], caches)


def test_cost_is_finite_for_saturated_predictions():
    # two confident mistakes: clipped to 1 - 1e-15 and 1e-15 instead of log(0)
    cost = bn_network_cost(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]))
    expected = -(np.log(1 - (1 - 1e-15)) + np.log(1e-15)) / 2
    assert np.isfinite(cost) and np.isclose(cost, expected, rtol=1e-12)


def test_training_with_and_without_batch_norm_learns_the_moons():
    X, Y = make_moons(m=400, seed=1)
    X_test, Y_test = make_moons(m=200, seed=2)
    for batch_norm in (True, False):
        params, running, costs, record = train_bn_network(
            X, Y, [2, 16, 16, 1], batch_norm=batch_norm, learning_rate=0.1, num_epochs=40,
            mini_batch_size=32, seed=0)
        assert len(costs) == 40 and costs[-1] < 0.5 * costs[0] and record == []
        assert np.mean(predict_bn_network(X_test, params, running) == Y_test) > 0.9
        assert ("gamma1" in params) == batch_norm == ("mean1" in running)


def test_training_is_seeded_and_records_the_probe():
    X, Y = make_moons(m=100, seed=3)
    kwargs = dict(layers_dims=[2, 6, 5, 1], num_epochs=3, mini_batch_size=30, seed=4, probe=X[:, :10])
    p1, r1, c1, rec1 = train_bn_network(X, Y, **kwargs)
    p2, r2, c2, rec2 = train_bn_network(X, Y, **kwargs)
    assert c1 == c2 and all(np.array_equal(p1[k], p2[k]) for k in p1)
    assert len(rec1) == 4 and [z.shape for z in rec1[0]] == [(6, 10), (5, 10), (1, 10)]
    # with batch norm the probe's hidden pre-activations have mean beta and std gamma
    np.testing.assert_allclose(rec1[-1][0].mean(axis=1, keepdims=True), p1["beta1"], atol=1e-10)


def test_running_averages_follow_the_training_batches():
    """After training, the running mean is close to the batch mean of the whole training set."""
    X, Y = make_moons(m=256, seed=5)
    params, running, _, _ = train_bn_network(X, Y, [2, 8, 1], learning_rate=0.01, num_epochs=30,
                                             mini_batch_size=64, seed=0)
    Z1 = params["W1"] @ X
    np.testing.assert_allclose(running["mean1"], Z1.mean(axis=1, keepdims=True), atol=0.05)
    np.testing.assert_allclose(running["var1"], Z1.var(axis=1, keepdims=True), rtol=0.15)


def test_prediction_of_a_single_example_needs_the_running_averages():
    X, Y = make_moons(m=200, seed=6)
    params, running, _, _ = train_bn_network(X, Y, [2, 8, 8, 1], num_epochs=30, seed=0)
    batch = predict_bn_network(X, params, running)
    one_by_one = np.hstack([predict_bn_network(X[:, i:i + 1], params, running) for i in range(20)])
    np.testing.assert_array_equal(one_by_one, batch[:, :20])
    # with mini-batch statistics a single example normalizes to beta: every prediction is the same
    single = [bn_network_forward(X[:, i:i + 1], params)[0][0, 0] for i in range(20)]
    assert np.ptp(single) < 1e-12


def test_train_rejects_mismatched_shapes():
    X, Y = make_moons(m=20, seed=0)
    with pytest.raises(ValueError, match="layers_dims"):
        train_bn_network(X, Y, [3, 4, 1], num_epochs=1)
    with pytest.raises(ValueError, match="layers_dims"):
        train_bn_network(X, Y[:, :10], [2, 4, 1], num_epochs=1)
