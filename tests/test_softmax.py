"""Course 2 Week 3: softmax regression (snippets/softmax.py)."""

import warnings

import numpy as np
import pytest
from scipy.special import log_softmax as scipy_log_softmax
from scipy.special import softmax as scipy_softmax

from snippets.logistic_regression import propagate
from snippets.softmax import (
    make_multiclass_blobs,
    one_hot,
    predict_softmax,
    softmax,
    softmax_cross_entropy,
    softmax_regression,
)
from tests.helpers import numerical_gradient, relative_difference

# --- softmax -----------------------------------------------------------------


def test_softmax_known_values():
    # the lecture's example: z = (5, 2, -1, 3)
    A = softmax(np.array([[5.0], [2.0], [-1.0], [3.0]]))
    t = np.exp([5.0, 2.0, -1.0, 3.0])
    np.testing.assert_allclose(A.ravel(), t / t.sum(), rtol=1e-15)
    np.testing.assert_allclose(A.ravel(), [0.842, 0.042, 0.002, 0.114], atol=1e-3)
    np.testing.assert_allclose(softmax(np.zeros((4, 2))), 0.25)


def test_softmax_agrees_with_scipy_over_the_class_axis():
    Z = np.random.default_rng(0).normal(scale=10, size=(5, 8))
    A = softmax(Z)
    assert A.shape == Z.shape
    np.testing.assert_allclose(A, scipy_softmax(Z, axis=0), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-14)
    assert not np.allclose(A, scipy_softmax(Z, axis=1))  # the rows are not the examples


def test_softmax_is_stable_for_huge_logits():
    Z = np.array([[1000.0, -1000.0, 1000.0], [0.0, -1000.0, 1000.0], [-1000.0, 0.0, -1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            A = softmax(Z)
    assert np.all(np.isfinite(A))
    np.testing.assert_allclose(A[:, 0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(A[:, 1], [0.0, 0.0, 1.0])
    np.testing.assert_allclose(A[:, 2], [0.5, 0.5, 0.0])
    np.testing.assert_allclose(A, scipy_softmax(Z, axis=0), atol=1e-300)


def test_softmax_is_invariant_to_a_constant_per_column():
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(4, 6))
    shift = rng.normal(scale=500, size=(1, 6))   # a different constant for every example
    np.testing.assert_allclose(softmax(Z + shift), softmax(Z), rtol=1e-10)


def test_softmax_keeps_the_order_of_the_logits():
    Z = np.random.default_rng(2).normal(size=(6, 50))
    A = softmax(Z)
    np.testing.assert_array_equal(A.argmax(axis=0), Z.argmax(axis=0))
    np.testing.assert_array_equal(np.argsort(A, axis=0), np.argsort(Z, axis=0))


def test_softmax_with_two_classes_is_the_sigmoid():
    z = np.random.default_rng(3).normal(scale=4, size=(1, 9))
    A = softmax(np.vstack([z, np.zeros_like(z)]))
    np.testing.assert_allclose(A[0], 1 / (1 + np.exp(-z[0])), rtol=1e-12)


def test_softmax_rejects_non_matrix():
    with pytest.raises(ValueError, match=r"Z must be 2-D \(C, m\)"):
        softmax(np.array([1.0, 2.0, 3.0]))


# --- one_hot -----------------------------------------------------------------


def test_one_hot_known_values():
    Y = one_hot(np.array([1, 0, 3, 1]), C=4)
    np.testing.assert_array_equal(Y, [[0, 1, 0, 0], [1, 0, 0, 1], [0, 0, 0, 0], [0, 0, 1, 0]])
    np.testing.assert_array_equal(one_hot(np.array([[1, 0, 3, 1]]), 4), Y)   # (1, m) labels
    np.testing.assert_array_equal(one_hot([2.0, 0.0], 3), [[0, 1], [0, 0], [1, 0]])
    assert one_hot(np.array([], dtype=int), 3).shape == (3, 0)


def test_one_hot_columns_sum_to_one_and_invert_with_argmax():
    labels = np.random.default_rng(4).integers(0, 7, size=30)
    Y = one_hot(labels, 7)
    assert Y.shape == (7, 30)
    np.testing.assert_array_equal(Y.sum(axis=0), 1.0)
    np.testing.assert_array_equal(Y.argmax(axis=0), labels)


@pytest.mark.parametrize("labels", [[0, 3], [-1, 0], [0.5, 1], [2, 1, 3]])
def test_one_hot_rejects_labels_outside_0_to_C_minus_1(labels):
    with pytest.raises(ValueError, match=r"integers in 0\.\.C-1 = 0\.\.2"):
        one_hot(np.array(labels), C=3)


def test_one_hot_rejects_bad_shapes_and_C():
    with pytest.raises(ValueError, match=r"labels must have shape \(m,\) or \(1, m\)"):
        one_hot(np.zeros((2, 3), dtype=int), 3)
    with pytest.raises(ValueError, match="C must be at least 2"):
        one_hot(np.zeros(3, dtype=int), 1)


# --- softmax_cross_entropy -----------------------------------------------------


def test_cross_entropy_known_values():
    Z = np.array([[5.0, 0.0], [2.0, 0.0], [-1.0, 0.0], [3.0, 0.0]])
    Y = one_hot([1, 0], 4)
    cost, dZ = softmax_cross_entropy(Z, Y)
    A = softmax(Z)
    # the loss of an example is -log of the probability of its true class
    assert np.isclose(cost, -(np.log(A[1, 0]) + np.log(0.25)) / 2, rtol=1e-14)
    np.testing.assert_allclose(dZ, A - Y, rtol=1e-14)
    assert dZ.shape == (4, 2) and isinstance(cost, float)


def test_cross_entropy_agrees_with_scipy_log_softmax():
    rng = np.random.default_rng(5)
    Z = rng.normal(scale=30, size=(5, 40))
    Y = one_hot(rng.integers(0, 5, size=40), 5)
    cost, _ = softmax_cross_entropy(Z, Y)
    assert np.isclose(cost, -np.sum(Y * scipy_log_softmax(Z, axis=0)) / 40, rtol=1e-12)


def test_cross_entropy_gradient_is_y_hat_minus_y_numerically():
    rng = np.random.default_rng(6)
    Z = rng.normal(scale=2, size=(4, 9))
    for Y in (one_hot(rng.integers(0, 4, size=9), 4), scipy_softmax(rng.normal(size=(4, 9)), axis=0)):
        cost, dZ = softmax_cross_entropy(Z, Y)
        numeric = numerical_gradient(lambda: softmax_cross_entropy(Z, Y)[0], Z)
        m = Z.shape[1]
        # dZ is per example: dJ/dZ = (Y_hat - Y) / m
        assert relative_difference(dZ / m, numeric) < 1e-7
        np.testing.assert_allclose(dZ, softmax(Z) - Y, rtol=1e-12, atol=1e-15)


def test_cross_entropy_is_finite_for_confident_mistakes():
    Z = np.array([[1000.0], [-1000.0], [0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            cost, dZ = softmax_cross_entropy(Z, one_hot([1], 3))
    assert np.isclose(cost, 2000.0)   # -log softmax = 1000 - (-1000) + log(1 + e^-2000 + e^-1000)
    np.testing.assert_allclose(dZ.ravel(), [1.0, -1.0, 0.0])


def test_cross_entropy_with_two_classes_is_logistic_regression():
    rng = np.random.default_rng(7)
    X, y = rng.normal(size=(3, 20)), (rng.random((1, 20)) > 0.5).astype(float)
    w, b = rng.normal(size=(3, 1)), 0.2
    z = w.T @ X + b
    cost, dZ = softmax_cross_entropy(np.vstack([z, np.zeros_like(z)]), np.vstack([y, 1 - y]))
    grads, logistic_cost = propagate(w, b, X, y)
    assert np.isclose(cost, logistic_cost, rtol=1e-12)
    np.testing.assert_allclose(X @ dZ[:1].T / 20, grads["dw"], rtol=1e-12)


def test_cross_entropy_rejects_bad_input():
    with pytest.raises(ValueError, match=r"Z and Y must both have shape \(C, m\)"):
        softmax_cross_entropy(np.zeros((3, 4)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match="probability vector"):
        softmax_cross_entropy(np.zeros((2, 2)), np.array([[1.0, 1.0], [1.0, 0.0]]))
    with pytest.raises(ValueError, match="probability vector"):
        softmax_cross_entropy(np.zeros((2, 1)), np.array([[2.0], [-1.0]]))


# --- softmax regression ----------------------------------------------------------


def test_softmax_regression_learns_four_blobs():
    X, labels = make_multiclass_blobs(m=400, C=4, seed=0)
    X_test, labels_test = make_multiclass_blobs(m=200, C=4, seed=1)
    W, b, costs = softmax_regression(X, labels, C=4, learning_rate=0.5, num_iterations=300)
    assert W.shape == (4, 2) and b.shape == (4, 1) and len(costs) == 300
    assert np.isclose(costs[0], np.log(4))          # from zeros every class gets 1/4
    assert all(later <= earlier for earlier, later in zip(costs, costs[1:]))
    pred = predict_softmax(W, b, X_test)
    assert pred.shape == (1, 200) and np.mean(pred == labels_test) > 0.85


def test_softmax_regression_gradient_matches_numerical():
    X, labels = make_multiclass_blobs(m=12, C=3, seed=2)
    Y = one_hot(labels, 3)
    W, b, _ = softmax_regression(X, labels, 3, num_iterations=2)   # some non-zero weights
    cost, dZ = softmax_cross_entropy(W @ X + b, Y)
    num_W = numerical_gradient(lambda: softmax_cross_entropy(W @ X + b, Y)[0], W)
    num_b = numerical_gradient(lambda: softmax_cross_entropy(W @ X + b, Y)[0], b)
    assert relative_difference(dZ @ X.T / 12, num_W) < 1e-7
    assert relative_difference(dZ.sum(axis=1, keepdims=True) / 12, num_b) < 1e-7


def test_softmax_regression_rejects_bad_input():
    X, labels = make_multiclass_blobs(m=10, C=3, seed=0)
    with pytest.raises(ValueError, match="X must be 2-D"):
        softmax_regression(X[0], labels, 3)
    with pytest.raises(ValueError, match="one entry per column of X"):
        softmax_regression(X, labels[:, :9], 3)


def test_make_multiclass_blobs():
    X, labels = make_multiclass_blobs(m=10, C=3, seed=0)
    assert X.shape == (2, 10) and labels.shape == (1, 10)
    np.testing.assert_array_equal(np.bincount(labels[0]), [4, 3, 3])
    X2, labels2 = make_multiclass_blobs(m=10, C=3, seed=0)
    np.testing.assert_array_equal(X, X2)
    with pytest.raises(ValueError, match="C >= 2"):
        make_multiclass_blobs(m=2, C=3)
