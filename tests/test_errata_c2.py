"""Tests that prove the corrections listed on the errata page (Course 2).

Each test is named on docs/*/errata.md next to the mistake it settles.
"""

import itertools

import numpy as np
import pytest

from snippets.datasets import make_moons
from snippets.deep_network import initialize_parameters_deep
from snippets.initialization import (
    initialize_parameters_he,
    initialize_parameters_xavier,
    layer_activation_stds,
)
from snippets.logistic_regression import standardize
from snippets.regularization import (
    backward_propagation_with_dropout,
    backward_propagation_with_regularization,
    compute_cost_with_regularization,
    early_stopping,
    forward_propagation,
    forward_propagation_with_dropout,
)
from tests.helpers import numerical_gradient, relative_difference


def test_he_initialization_needs_mean_zero_not_the_all_positive_rand():
    """C2W1: He initialization needs mean 0 and variance 2 / n[l-1]: randn * sqrt(2 / n[l-1])
    or a symmetric uniform with that variance; rand (uniform on [0, 1), all positive) has the
    wrong mean and variance and explodes."""
    n = 500
    W = initialize_parameters_he([n, n], seed=0)["W1"]
    uniform = np.random.default_rng(0).random((n, n)) * np.sqrt(2 / n)
    assert abs(W.mean()) < 1e-3 and np.isclose(W.var(), 2 / n, rtol=0.02) and W.min() < 0
    assert np.isclose(uniform.mean(), 0.5 * np.sqrt(2 / n), rtol=0.02) and uniform.min() >= 0
    assert np.isclose(uniform.var(), 2 / n / 12, rtol=0.02)
    X = np.random.default_rng(1).standard_normal((n, 200))
    dims = [n] * 31
    he = layer_activation_stds(X, initialize_parameters_he(dims, seed=2))
    rng = np.random.default_rng(2)
    rand = {f"W{l}": rng.random((n, n)) * np.sqrt(2 / n) for l in range(1, 31)}
    rand.update({f"b{l}": np.zeros((n, 1)) for l in range(1, 31)})
    assert 0.2 < he[-1] < 5
    assert layer_activation_stds(X, rand)[-1] > 1e30  # explodes
    r = np.sqrt(6 / n)  # U(-r, r) has mean 0 and variance r² / 3 = 2 / n
    symmetric = {f"W{l}": rng.uniform(-r, r, (n, n)) for l in range(1, 31)}
    symmetric.update({f"b{l}": np.zeros((n, 1)) for l in range(1, 31)})
    assert np.isclose(symmetric["W1"].var(), 2 / n, rtol=0.02)
    assert 0.2 < layer_activation_stds(X, symmetric)[-1] < 5  # as good as the normal


def test_xavier_divides_by_the_fan_in():
    """C2W1: Xavier initialization scales by sqrt(1 / n[l-1]) (the fan-in), not sqrt(1 / (n - 1));
    through 30 tanh layers the activations then shrink only slowly, while half that
    variance makes them vanish exponentially."""
    W = initialize_parameters_xavier([800, 50], seed=0)["W1"]
    assert np.isclose(W.var(), 1 / 800, rtol=0.03)
    assert not np.isclose(W.var(), 1 / (50 - 1), rtol=0.5)
    X = np.random.default_rng(1).standard_normal((200, 300))
    xavier = initialize_parameters_xavier([200] * 31, seed=1)
    stds = layer_activation_stds(X, xavier, "tanh")
    assert 0.1 < stds[-1] < stds[0] < 1
    halved = {k: v / np.sqrt(2) for k, v in xavier.items()}
    assert layer_activation_stds(X, halved, "tanh")[-1] < 1e-3


def test_normal_second_argument_is_the_variance():
    """C2W1: He is W ~ N(0, 2/n): variance 2/n, standard deviation sqrt(2/n);
    N(0, sqrt(2/n)) would give standard deviation (2/n)^(1/4), four times too large at n = 500."""
    n = 500
    W = initialize_parameters_he([n, 1000], seed=3)["W1"]
    assert np.isclose(W.var(), 2 / n, rtol=0.02)
    assert np.isclose(W.std(), np.sqrt(2 / n), rtol=0.01)
    assert np.isclose((2 / n) ** 0.25, 0.2515, rtol=1e-3) and W.std() < 0.07


def test_normalize_inputs_divides_by_the_standard_deviation():
    """C2W1: normalizing inputs divides by σ (per feature), not by σ²; the test set uses the
    training set's μ and σ."""
    rng = np.random.default_rng(0)
    X = rng.normal(loc=[[3.0], [-5.0]], scale=10.0, size=(2, 5000))
    X_norm, mu, sigma = standardize(X)
    np.testing.assert_allclose(X_norm.var(axis=1), 1.0, rtol=1e-12)
    by_variance = (X - mu) / sigma ** 2
    assert np.all(by_variance.var(axis=1) < 0.02)  # about 1/σ² = 0.01: not normalized
    X_test = rng.normal(loc=[[3.0], [-5.0]], scale=10.0, size=(2, 10))
    np.testing.assert_allclose(standardize(X_test, mu, sigma)[0], (X_test - mu) / sigma)


def test_dropout_is_an_adaptive_l2_penalty():
    """C2W1: dropout acts like an L2 penalty whose weight adapts to each input's size:
    for a linear unit, E[(y - w·(d∘x)/p)²] = (y - w·x)² + (1 - p)/p Σ w_j² x_j²."""
    rng = np.random.default_rng(0)
    w, x, y, p = rng.normal(size=6), rng.normal(size=6), 0.7, 0.8
    expected = 0.0
    for d in itertools.product((0.0, 1.0), repeat=6):  # every mask, with its probability
        d = np.array(d)
        prob = np.prod(np.where(d == 1, p, 1 - p))
        expected += prob * (y - w @ (d * x) / p) ** 2
    penalty = (1 - p) / p * np.sum(w ** 2 * x ** 2)
    assert np.isclose(expected, (y - w @ x) ** 2 + penalty, rtol=1e-12)
    assert penalty > 0


def test_dropout_mask_takes_the_shape_and_keeps_the_expectation():
    """C2W1: np.random.rand(A.shape) raises TypeError; draw the mask with the shape
    (rng.random(A.shape) < keep_prob), divide by keep_prob, and reuse the mask backward."""
    A = np.ones((3, 4))
    with pytest.raises(TypeError):
        np.random.rand(A.shape)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, 10))
    params = initialize_parameters_deep([3, 8, 4, 1], seed=0)
    plain_A1 = forward_propagation(X, params)[1][1]
    runs = [forward_propagation_with_dropout(X, params, 0.8, seed=s)[1] for s in range(3000)]
    assert relative_difference(np.mean([c[2] for c in runs], axis=0), plain_A1) < 0.01
    grads = backward_propagation_with_dropout(X, (X[:1] > 0).astype(float), runs[0], 0.8)
    assert not grads["dA1"][runs[0][1] == 0].any()


def test_frobenius_norm_is_the_root_of_the_sum_of_squares():
    """C2W1: ||W||_F = sqrt(Σ w_ij²); the L2 penalty uses its square, summed over the layers:
    (λ / 2m) Σ_l ||W[l]||_F²."""
    W = np.array([[1.0, -2.0], [2.5, 0.5]])
    assert np.isclose(np.linalg.norm(W, "fro"), np.sqrt(np.sum(W ** 2)))
    assert not np.isclose(np.linalg.norm(W, "fro"), np.sum(W ** 2))
    params = initialize_parameters_deep([3, 4, 2, 1], seed=1)
    A3, Y, m, lambd = np.full((1, 5), 0.5), np.ones((1, 5)), 5, 0.3
    penalty = compute_cost_with_regularization(A3, Y, params, lambd) - np.log(2)
    norms = [np.linalg.norm(params[f"W{l}"], "fro") for l in (1, 2, 3)]
    assert np.isclose(penalty, lambd / (2 * m) * sum(n ** 2 for n in norms))
    assert not np.isclose(penalty, lambd / (2 * m) * sum(norms))


def test_l2_penalty_conventions_convert_with_lambda_over_2m():
    """C2W1: the course's penalty is (λ/2m) Σ ||W||_F², whose gradient is (λ/m) W;
    λ' Σ w² next to the average loss is the same cost, with the same gradients, for
    λ' = λ / (2m): a valid convention, whose λ' must be converted."""
    rng = np.random.default_rng(2)
    X, Y, m, lambd = rng.normal(size=(3, 7)), (rng.random((1, 7)) > 0.5) * 1.0, 7, 0.9
    params = initialize_parameters_deep([3, 4, 2, 1], seed=2)
    W = params["W2"]
    penalty = lambda: lambd / (2 * m) * np.sum(W ** 2)  # noqa: E731
    np.testing.assert_allclose(numerical_gradient(penalty, W), lambd / m * W, rtol=1e-7)
    unscaled = lambda: lambd * np.sum(W ** 2)  # noqa: E731
    np.testing.assert_allclose(numerical_gradient(unscaled, W), 2 * lambd * W, rtol=1e-7)
    cache = forward_propagation(X, params)[1]
    extra = (backward_propagation_with_regularization(X, Y, cache, lambd)["dW2"]
             - backward_propagation_with_regularization(X, Y, cache, 0.0)["dW2"])
    np.testing.assert_allclose(extra, lambd / m * W)
    # the notes' convention: loss + λ' Σ w², with loss the average cross-entropy
    A3 = forward_propagation(X, params)[0]
    notes_lambda = lambd / (2 * m)
    notes_cost = (compute_cost_with_regularization(A3, Y, params, 0.0)
                  + notes_lambda * sum(np.sum(v ** 2) for k, v in params.items() if k[0] == "W"))
    assert compute_cost_with_regularization(A3, Y, params, lambd) == pytest.approx(notes_cost,
                                                                                 rel=1e-12)
    np.testing.assert_allclose(2 * notes_lambda * W, lambd / m * W)  # the same weight decay
    assert not np.isclose(compute_cost_with_regularization(A3, Y, params, notes_lambda), notes_cost)


def test_high_bias_underfits_high_variance_overfits():
    """C2W1: high bias is underfitting (high training error, dev ≈ train); high variance is
    overfitting (training error near 0, dev error much larger)."""
    rng = np.random.default_rng(0)
    x_train = np.clip(np.linspace(-1, 1, 20) + rng.uniform(-0.03, 0.03, 20), -1, 1)
    x_dev = rng.uniform(-1, 1, 200)
    y_train = np.sin(np.pi * x_train) + rng.normal(scale=0.25, size=20)
    y_dev = np.sin(np.pi * x_dev) + rng.normal(scale=0.25, size=200)

    def errors(degree):
        poly = np.polynomial.Polynomial.fit(x_train, y_train, degree)
        return np.mean((poly(x_train) - y_train) ** 2), np.mean((poly(x_dev) - y_dev) ** 2)

    (train1, dev1), (train4, dev4), (train15, dev15) = errors(1), errors(4), errors(15)
    assert train1 > 3 * train4 and abs(dev1 - train1) < 0.1          # underfit: both high
    assert train15 < train4 / 10 and dev15 > 4 * dev4                 # overfit: big gap
    assert dev15 - train15 > 10 * abs(dev1 - train1)


def test_deep_products_explode_or_vanish_with_depth():
    """C2W1: vanishing/exploding comes from depth, ŷ ≈ W^[L]…W^[1] x ∝ 1.5^L or 0.5^L, and
    from the activations' slopes: through sigmoid layers (σ' <= 1/4) the gradient shrinks at
    least fourfold per layer even with identity weights, while an active ReLU passes it on;
    careful initialization (He for ReLU) keeps the scale O(1)."""
    x = np.ones((4, 1))
    identity = np.eye(4)
    for factor, expected in ((1.5, 1.5 ** 50), (0.5, 0.5 ** 50)):
        a = x
        for _ in range(50):
            a = factor * identity @ a
        assert np.isclose(a[0, 0], expected, rtol=1e-12)
    assert 1.5 ** 50 > 6e8 and 0.5 ** 50 < 1e-15
    X = np.random.default_rng(0).standard_normal((200, 100))
    stds = layer_activation_stds(X, initialize_parameters_he([200] * 51, seed=0))
    assert 0.3 < stds[-1] < 3
    from snippets.activations import relu_derivative, sigmoid_derivative

    rng = np.random.default_rng(1)
    for g_prime, bound in ((sigmoid_derivative, 4.0 ** -20), (relu_derivative, None)):
        a, slopes = rng.uniform(0.5, 1.5, size=(4, 1)), []
        for _ in range(20):  # z = I a: record g'(z), then a = g(z)
            slopes.append(g_prime(a))
            a = 1 / (1 + np.exp(-a)) if bound else np.maximum(a, 0)
        grad = np.ones((4, 1))
        for s in reversed(slopes):  # dA[l-1] = W^T (dA[l] * g'(Z[l])) with W = I
            grad = grad * s
        if bound:
            assert np.all(grad <= bound) and np.all(grad > 0)
        else:
            np.testing.assert_array_equal(grad, 1.0)  # positive inputs: every ReLU is active


def test_early_stopping_couples_optimizing_J_with_not_overfitting():
    """C2W1: early stopping stops where the dev cost is lowest, while the training cost J is
    still far from minimized: one knob does two jobs (not orthogonal)."""
    X, Y = make_moons(m=60, seed=3, noise=0.4)
    X_dev, Y_dev = make_moons(m=300, seed=5, noise=0.4)
    _, best, train_costs, dev_costs = early_stopping(X, Y, X_dev, Y_dev, learning_rate=0.1,
                                                     num_iterations=4000, every=100,
                                                     layers_dims=[2, 30, 10, 1])
    k = best // 100
    assert 0 < best < 4000
    assert train_costs[k] > 2 * train_costs[-1]      # J was not optimized when we stopped
    assert dev_costs[-1] > dev_costs[k] * 1.2        # and optimizing it further overfits


# --- Course 2 Week 3: batch norm, softmax, hyperparameter search ---------------

from snippets.batch_norm import batchnorm_forward  # noqa: E402
from snippets.softmax import softmax  # noqa: E402
from snippets.tuning import sample_log_uniform  # noqa: E402


def _units_with_different_means(seed=0, m=50):
    rng = np.random.default_rng(seed)
    return np.array([[1.0], [3.0], [5.0]]) + rng.normal(size=(3, m)) * np.array([[0.5], [2.0], [1.0]])


def test_batch_norm_statistics_are_per_unit_and_centred():
    """C2W3: batch norm uses each unit's mean over the mini-batch (axis=1) and the variance
    (1/m) Σ (z - μ)², not the whole matrix's sum / m nor the raw second moment (1/m) Σ z²."""
    Z = _units_with_different_means()
    m = Z.shape[1]
    Z_tilde, cache = batchnorm_forward(Z, np.ones((3, 1)), np.zeros((3, 1)))
    np.testing.assert_allclose(cache["mu"], Z.mean(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(cache["var"], Z.var(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(Z_tilde.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z_tilde.var(axis=1), 1.0, rtol=1e-6)
    # the notes' formulas
    whole_mean = Z.sum() / m                       # n[l] = 3 times the overall mean, mixing units
    second_moment = np.sum(Z ** 2, axis=1, keepdims=True) / m
    assert np.isclose(whole_mean, 3 * Z.mean()) and whole_mean > Z.mean(axis=1).max()
    assert np.all(second_moment > 1.5 * cache["var"])   # E[z²] = var + μ² > var
    notes = (Z - whole_mean) / np.sqrt(second_moment + 1e-8)
    assert not np.allclose(notes.mean(axis=1), 0.0, atol=0.1)
    assert not np.allclose(notes.var(axis=1), 1.0, atol=0.1)


def test_batch_norm_divides_by_the_standard_deviation():
    """C2W3: z_norm = (z - μ) / sqrt(σ² + ε), the standard deviation, not the variance σ²."""
    Z = _units_with_different_means(1)
    Z_tilde, _ = batchnorm_forward(Z, np.ones((3, 1)), np.zeros((3, 1)))
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    np.testing.assert_allclose(Z_tilde, (Z - mu) / np.sqrt(var + 1e-8), rtol=1e-12)
    by_variance = (Z - mu) / var
    np.testing.assert_allclose(by_variance.var(axis=1), 1 / var.ravel(), rtol=1e-10)  # not 1
    assert not np.allclose(by_variance.var(axis=1), 1.0, atol=0.1)


def test_batch_norm_output_has_mean_beta_and_variance_gamma_squared_and_keeps_the_shape():
    """C2W3: after batch norm a unit has mean β and variance γ² (learned, not 0 and 1), and
    standardizing does not make a distribution normal: its skewness is unchanged."""
    rng = np.random.default_rng(2)
    Z = rng.exponential(size=(1, 20_000))          # skewness 2
    Z_tilde, _ = batchnorm_forward(Z, np.array([[3.0]]), np.array([[-2.0]]))
    assert np.isclose(Z_tilde.mean(), -2.0) and np.isclose(Z_tilde.var(), 9.0, rtol=1e-6)

    def skewness(x):
        return np.mean((x - x.mean()) ** 3) / x.std() ** 3

    assert skewness(Z) > 1.8
    assert np.isclose(skewness(Z_tilde), skewness(Z), rtol=1e-6)


def test_softmax_output_is_normalized_not_regularized():
    """C2W3: the step after t = e^{z[L]} in the output layer is a normalization
    (归一化: divide by the column's sum), not a regularization (正则化)."""
    Z = np.random.default_rng(3).normal(size=(4, 6))
    t = np.exp(Z)
    A = t / t.sum(axis=0, keepdims=True)
    np.testing.assert_allclose(softmax(Z), A, rtol=1e-12)
    np.testing.assert_allclose(A.sum(axis=0), 1.0)
    np.testing.assert_array_equal(A.argmax(axis=0), Z.argmax(axis=0))


def test_hyperparameters_are_searched_not_only_guessed():
    """C2W3: hyperparameters are found by a systematic search: random trials on the right
    scale, e.g. α = 10^r with r uniform in [-4, 0], which covers every decade equally."""
    alpha = sample_log_uniform(1e-4, 1.0, 100_000, rng=0)
    shares = np.histogram(alpha, bins=[1e-4, 1e-3, 1e-2, 1e-1, 1.0])[0] / alpha.size
    np.testing.assert_allclose(shares, 0.25, atol=0.01)
    uniform = np.random.default_rng(0).uniform(1e-4, 1.0, 100_000)
    assert np.mean(uniform >= 0.1) > 0.89        # a uniform search spends 90% on [0.1, 1]


def _notes_d_softmax(x):
    """Notes D's softmax, as written: the body uses z, the argument is x."""
    z_exp = np.exp(z)  # noqa: F821
    z_sum = np.sum(z_exp, axis=1, keepdims=True)
    return z_exp / z_sum


def test_softmax_sums_over_the_classes_axis_0():
    """C2W3: with examples as columns, Z is (C, m) and softmax sums over axis 0; the notes'
    code names its argument x but uses z, and sums over axis 1 (the examples)."""
    Z = np.random.default_rng(4).normal(size=(3, 5))
    with pytest.raises(NameError):
        _notes_d_softmax(Z)
    by_rows = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    assert not np.allclose(by_rows.sum(axis=0), 1.0)
    np.testing.assert_allclose(softmax(Z).sum(axis=0), 1.0)


def test_softmax_needs_the_max_shift_to_avoid_overflow():
    """C2W3: exp(1000) overflows, so a softmax without subtracting the maximum returns nan;
    softmax(z) = softmax(z - max z) gives the same values without overflow. (axis=1 only
    fits the C1W2 exercise, whose rows are the examples.)"""
    Z = np.array([[1000.0], [0.0]])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True)
    assert np.isnan(naive[0, 0])
    np.testing.assert_allclose(softmax(Z), [[1.0], [0.0]])
    Z2 = np.random.default_rng(5).normal(size=(3, 4))
    np.testing.assert_allclose(softmax(Z2 + 5), softmax(Z2), rtol=1e-12)
    rows = Z2.T                                  # the C1W2 layout: one example per row
    by_rows = np.exp(rows) / np.exp(rows).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(by_rows.T, softmax(Z2), rtol=1e-12)


# --- Course 2 Week 2: optimization algorithms ----------------------------------

import math  # noqa: E402

from snippets import optimization  # noqa: E402
from snippets.datasets import make_moons  # noqa: E402
from snippets.optimization import (  # noqa: E402
    critical_point_kinds,
    initialize_adam,
    model,
    optimizer_path,
    random_mini_batches,
    saddle,
    saddle_gradient,
    update_parameters_with_adam,
)


def test_adam_bias_correction_counts_steps_not_layers():
    """C2W2: Adam divides by 1 - β₁ᵗ and 1 - β₂ᵗ where t counts the Adam steps taken (the
    same for every layer), not by powers of the layer index."""
    parameters = {f"{k}{l}": np.ones((2, 1)) for l in (1, 2, 3) for k in "Wb"}
    grads = {f"d{name}": np.full((2, 1), 0.5) for name in parameters}  # a constant gradient
    v, s = initialize_adam(parameters)
    for t in range(1, 6):
        parameters, v, s, v_corr, s_corr = update_parameters_with_adam(parameters, grads, v, s, t)
        for name in grads:  # with the step count the estimates are exact at every step
            np.testing.assert_allclose(v_corr[name], 0.5, rtol=1e-12)
            np.testing.assert_allclose(s_corr[name], 0.25, rtol=1e-12)
    np.testing.assert_allclose(parameters["W3"], 1 - 5 * 0.01 * 0.5 / (0.5 + 1e-8))
    # the note's formula with the layer index i in place of t, at the first step:
    first_v = (1 - 0.9) * 0.5
    assert np.isclose(first_v / (1 - 0.9 ** 3), 0.1845, atol=1e-4)  # layer 3: far below 0.5
    v2 = 0.9 * first_v + 0.1 * 0.5
    assert np.isclose(v2 / (1 - 0.9 ** 1) / 0.5, 1.9)  # layer 1 at step 2: overshoots
    with pytest.raises(ValueError, match="t must be a positive integer"):
        update_parameters_with_adam(parameters, grads, v, s, 0)  # index 0 would divide by 0


def test_mini_batch_gradient_descent_updates_after_every_mini_batch(monkeypatch):
    """C2W2: mini-batch gradient descent updates the parameters once per mini-batch, T times
    per epoch; one update per epoch is batch gradient descent."""
    X, Y = make_moons(m=1000, seed=0)
    calls = []
    real_step = optimization.optimizer_step

    def counting_step(parameters, *args, **kwargs):
        calls.append(parameters["W1"].copy())
        return real_step(parameters, *args, **kwargs)

    monkeypatch.setattr(optimization, "optimizer_step", counting_step)
    model(X, Y, [2, 3, 1], "gd", learning_rate=0.1, mini_batch_size=64, num_epochs=2)
    assert len(calls) == 2 * 16
    assert all(not np.array_equal(a, b) for a, b in zip(calls, calls[1:]))  # each one moved W


def test_number_of_mini_batches_is_rounded_up():
    """C2W2: an epoch has T = ceil(m / mini-batch size) iterations; the last mini-batch is
    smaller when the size does not divide m (m = 1000, size 64: 16, not 15.625)."""
    X, Y = np.zeros((2, 1000)), np.zeros((1, 1000))
    batches = random_mini_batches(X, Y, 64, seed=0)
    assert len(batches) == math.ceil(1000 / 64) == 16 != 1000 / 64
    assert batches[-1][0].shape[1] == 1000 - 15 * 64 == 40
    assert sum(b[0].shape[1] for b in batches) == 1000


def test_ewa_is_an_average_and_adam_adapts_each_step():
    """C2W2: an exponentially weighted average (指数加权平均, not 指数加权平衡) is an average:
    bias-corrected, its weights sum to 1 and a constant series averages to itself. Adam is
    adaptive moment estimation: its first step is α for any gradient size."""
    from pathlib import Path

    from snippets.optimization import exponentially_weighted_average, update_parameters_with_adam

    for beta in (0.5, 0.9, 0.98):
        v = exponentially_weighted_average(np.full(50, 7.0), beta)
        np.testing.assert_allclose(v, 7.0)
        t = np.arange(1, 51)
        weights = (1 - beta) * beta ** (50 - t) / (1 - beta ** 50)  # of θ_1 … θ_50 in v_50
        assert weights.sum() == pytest.approx(1.0)
    params = {"W1": np.zeros((1, 2)), "b1": np.zeros((1, 1))}
    grads = {"dW1": np.array([[1e-3, 1e3]]), "db1": np.array([[-5.0]])}
    new = update_parameters_with_adam(params, grads, *initialize_adam(params), t=1,
                                      learning_rate=0.01)[0]
    np.testing.assert_allclose(new["W1"], [[-0.01, -0.01]], rtol=1e-4)  # both steps are α
    np.testing.assert_allclose(new["b1"], [[0.01]], rtol=1e-6)
    glossary = (Path(__file__).resolve().parent.parent / "docs" / "zh" / "glossary.md").read_text(
        encoding="utf-8")
    assert "| exponentially weighted average | 指数加权平均 |" in glossary
    assert "指数加权平衡" not in glossary


def test_adam_does_not_choose_the_learning_rate():
    """C2W2: Adam adapts the scale of each parameter's step, but α remains a hyperparameter
    that sets the step size: on f(w) = w² from w = 5, α = 0.1 converges, α = 0.001 crawls
    (each step is at most about α long) and α = 10 jumps straight over the minimum."""
    def run(alpha, steps):
        parameters, ws = {"w": np.array([[5.0]])}, []
        v, s = initialize_adam(parameters)
        for t in range(1, steps + 1):
            grads = {"dw": 2 * parameters["w"]}
            parameters, v, s, _, _ = update_parameters_with_adam(parameters, grads, v, s, t, alpha)
            ws.append(parameters["w"][0, 0])
        return np.array(ws)

    assert abs(run(0.1, 300)[-1]) < 1e-3
    slow = run(0.001, 300)
    assert 5 - 300 * 0.001 * 1.001 < slow[-1] < 4.8  # moved about α per step, nowhere near 0
    for alpha in (0.001, 0.1, 10.0):  # the first step has length α, whatever the gradient
        assert np.isclose(5.0 - run(alpha, 1)[0], alpha)
    assert np.isclose(run(10.0, 1)[0], -5.0)  # from w = 5 to w = -5: no closer to the minimum


def test_bad_local_optima_are_rare_saddle_points_and_plateaus_are_not():
    """C2W2: in many dimensions almost every critical point is a saddle point, not a local
    optimum; what slows learning is the plateau around a saddle, which Adam leaves sooner."""
    assert abs(critical_point_kinds(1, 4000)["minimum"] - 0.5) < 0.03
    many = critical_point_kinds(10, 4000)
    assert many["minimum"] == 0.0 and many["saddle"] == 1.0
    # w1 = 1 leads into the saddle (0, 0); w2 = 1e-6 is just off its escape direction
    start = (1.0, 1e-6)

    def steps_on_plateau(optimizer):
        path = optimizer_path(saddle_gradient, start, optimizer, learning_rate=0.02, num_steps=400)
        return int(np.argmax(saddle(path) < 0.5))  # first step clearly below the saddle's f = 1

    assert steps_on_plateau("gd") > 150 > 60 > steps_on_plateau("adam") > 0
