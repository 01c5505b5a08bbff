"""Course 1 Week 2: logistic regression (snippets/logistic_regression.py)."""

import warnings

import numpy as np
import pytest
from scipy.special import expit, xlogy

from snippets.datasets import make_blobs
from snippets.logistic_regression import (
    best_time,
    column_shares,
    dot_loop,
    image_to_vector,
    initialize_with_zeros,
    model,
    optimize,
    predict,
    propagate,
    propagate_loop,
    sigmoid,
    standardize,
    time_loop_vs_vectorized,
)
from tests.helpers import numerical_gradient, relative_difference

# The course's printed example (deterministic).
W = np.array([[1.0], [2.0]])
B = 2.0
X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
Y = np.array([[1, 0, 1]])


def naive_cost(w, b, X, Y):
    """The textbook formula, fine where no prediction rounds to 0 or 1."""
    A = expit(w.T @ X + b)
    return -np.mean(xlogy(Y, A) + xlogy(1 - Y, 1 - A))


# --- sigmoid -------------------------------------------------------------

def test_sigmoid_known_values():
    assert sigmoid(0) == 0.5
    assert np.isclose(sigmoid(np.log(3.0)), 0.75)  # 1 / (1 + 1/3)
    assert np.allclose(sigmoid(np.array([-1.0, 1.0])), [0.26894142, 0.73105858])


def test_sigmoid_agrees_with_scipy_and_keeps_shape():
    z = np.random.default_rng(0).normal(scale=20, size=(4, 7))
    out = sigmoid(z)
    assert out.shape == z.shape
    np.testing.assert_allclose(out, expit(z), rtol=1e-12, atol=0)


def test_sigmoid_stable_at_extremes_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            out = sigmoid(np.array([-1000.0, 1000.0, -745.0, 710.0]))
    assert out[0] == 0.0 and out[1] == 1.0  # exp(-1000) underflows to 0: exact enough
    assert np.all(np.isfinite(out))


def test_sigmoid_symmetry_and_derivative():
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(sigmoid(z) + sigmoid(-z), 1.0, atol=1e-15)
    eps = 1e-6
    numeric = (sigmoid(z + eps) - sigmoid(z - eps)) / (2 * eps)
    np.testing.assert_allclose(numeric, sigmoid(z) * (1 - sigmoid(z)), atol=1e-9)


# --- initialize_with_zeros ----------------------------------------------

def test_initialize_with_zeros_shapes():
    w, b = initialize_with_zeros(3)
    assert w.shape == (3, 1) and not w.any()
    assert b == 0.0 and isinstance(b, float)


@pytest.mark.parametrize("bad", [0, -2, 2.5, "3", True, None])
def test_initialize_with_zeros_rejects_bad_dim(bad):
    with pytest.raises(ValueError, match="dim"):
        initialize_with_zeros(bad)


# --- propagate -----------------------------------------------------------

def test_propagate_course_example():
    grads, cost = propagate(W, B, X, Y)
    np.testing.assert_allclose(grads["dw"], [[0.99845601], [2.39507239]], rtol=1e-7)
    assert np.isclose(grads["db"], 0.00145557813678, rtol=1e-9)
    assert np.isclose(cost, 5.801545319394553, rtol=1e-12)
    assert grads["dw"].shape == W.shape
    assert isinstance(cost, float) and isinstance(grads["db"], float)


def test_propagate_cost_matches_textbook_formula():
    rng = np.random.default_rng(1)
    X_r, Y_r = rng.normal(size=(5, 40)), (rng.random((1, 40)) > 0.5).astype(float)
    w, b = rng.normal(size=(5, 1)), 0.3
    assert np.isclose(propagate(w, b, X_r, Y_r)[1], naive_cost(w, b, X_r, Y_r), rtol=1e-12)


def test_propagate_gradients_match_numerical_gradient():
    rng = np.random.default_rng(2)
    X_r, Y_r = rng.normal(size=(4, 25)), (rng.random((1, 25)) > 0.5).astype(float)
    w, b = rng.normal(size=(4, 1)), np.array([0.7])
    grads, _ = propagate(w, b[0], X_r, Y_r)
    num_dw = numerical_gradient(lambda: propagate(w, b[0], X_r, Y_r)[1], w)
    num_db = numerical_gradient(lambda: propagate(w, b[0], X_r, Y_r)[1], b)
    assert relative_difference(grads["dw"], num_dw) < 1e-7
    assert relative_difference(grads["db"], num_db) < 1e-7


def test_cost_finite_when_prediction_is_exactly_zero_or_one():
    w = np.array([[1.0]])
    X_e = np.array([[40.0, -40.0, 40.0, -40.0]])
    assert sigmoid(40.0) == 1.0 and sigmoid(-40.0) < 1e-17  # predictions round to 1 and ~0
    Y_e = np.array([[0, 1, 1, 0]])  # two confident mistakes, two confident hits
    grads, cost = propagate(w, 0.0, X_e, Y_e)
    assert np.isfinite(cost)
    assert np.isclose(cost, (40 + 40) / 4, rtol=1e-12)  # each mistake costs log(1 + e^40) ≈ 40
    assert np.all(np.isfinite(grads["dw"]))


def test_propagate_rejects_mismatched_columns():
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\) = \(1, 3\)"):
        propagate(W, B, X, np.array([[1, 0]]))


def test_propagate_rejects_bad_w_and_X():
    with pytest.raises(ValueError, match="w must have shape"):
        propagate(np.ones((3, 1)), B, X, Y)
    with pytest.raises(ValueError, match="w must have shape"):
        propagate(np.ones(2), B, X, Y)  # rank-1 w
    with pytest.raises(ValueError, match="X must be 2-D"):
        propagate(W, B, np.ones(3), Y)


def test_propagate_rejects_non_binary_labels():
    with pytest.raises(ValueError, match="only the labels 0 and 1"):
        propagate(W, B, X, np.array([[1, 2, 0]]))


def test_propagate_loop_agrees_with_vectorized():
    rng = np.random.default_rng(3)
    X_r, Y_r = rng.normal(size=(6, 30)), (rng.random((1, 30)) > 0.5).astype(float)
    w, b = rng.normal(size=(6, 1)), -0.2
    (g1, c1), (g2, c2) = propagate(w, b, X_r, Y_r), propagate_loop(w, b, X_r, Y_r)
    np.testing.assert_allclose(g1["dw"], g2["dw"], rtol=1e-12)
    assert np.isclose(g1["db"], g2["db"], rtol=1e-12) and np.isclose(c1, c2, rtol=1e-12)


# --- optimize, predict, model ------------------------------------------

def test_optimize_course_example():
    w0 = W.copy()
    params, grads, costs = optimize(W, B, X, Y, num_iterations=100, learning_rate=0.009)
    np.testing.assert_allclose(params["w"], [[0.19033591], [0.12259159]], rtol=1e-7)
    assert np.isclose(params["b"], 1.92535983008, rtol=1e-10)
    np.testing.assert_allclose(grads["dw"], [[0.67752042], [1.41625495]], rtol=1e-7)
    assert np.isclose(grads["db"], 0.219194504541, rtol=1e-10)
    assert costs == [pytest.approx(5.801545319394553)]
    np.testing.assert_array_equal(W, w0)  # the caller's w is untouched


def test_optimize_records_every_100_iterations_and_prints(capsys):
    _, _, costs = optimize(W, B, X, Y, num_iterations=301, learning_rate=0.1, print_cost=True)
    assert len(costs) == 4
    assert all(later < earlier for earlier, later in zip(costs, costs[1:]))
    assert capsys.readouterr().out.count("cost after iteration") == 4


def test_optimize_rejects_non_positive_learning_rate():
    with pytest.raises(ValueError, match="learning_rate"):
        optimize(W, B, X, Y, learning_rate=0.0)


def test_predict_course_example():
    w = np.array([[0.1124579], [0.23106775]])
    X_p = np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])
    pred = predict(w, -0.3, X_p)
    assert pred.shape == (1, 3)
    np.testing.assert_array_equal(pred, [[1.0, 1.0, 0.0]])


def test_predict_is_sign_of_linear_score():
    rng = np.random.default_rng(4)
    X_r, w = rng.normal(size=(3, 50)), rng.normal(size=(3, 1))
    np.testing.assert_array_equal(predict(w, 0.1, X_r), (w.T @ X_r + 0.1 > 0).astype(float))


def test_model_learns_separable_blobs():
    X_tr, Y_tr = make_blobs(m=300, seed=5, separation=4.0)
    X_te, Y_te = make_blobs(m=100, seed=6, separation=4.0)
    d = model(X_tr, Y_tr, X_te, Y_te, num_iterations=1000, learning_rate=0.5)
    assert d["train_accuracy"] > 0.95 and d["test_accuracy"] > 0.95
    assert d["Y_prediction_test"].shape == (1, 100) and d["w"].shape == (2, 1)
    assert len(d["costs"]) == 10 and d["costs"][-1] < d["costs"][0]
    assert d["learning_rate"] == 0.5 and d["num_iterations"] == 1000


def test_model_rejects_test_set_with_other_features():
    X_tr, Y_tr = make_blobs(m=20, seed=0)
    with pytest.raises(ValueError, match="w must have shape"):
        model(X_tr, Y_tr, np.ones((3, 5)), np.zeros((1, 5)), num_iterations=1)


# --- array handling -------------------------------------------------------

def test_image_to_vector_keeps_each_image_in_its_column():
    images = np.random.default_rng(7).integers(0, 255, size=(5, 8, 6, 3))
    X_img = image_to_vector(images)
    assert X_img.shape == (8 * 6 * 3, 5)
    for i in range(5):
        np.testing.assert_array_equal(X_img[:, i], images[i].ravel())


def test_image_to_vector_rejects_single_axis():
    with pytest.raises(ValueError, match="images"):
        image_to_vector(np.ones(4))


def test_standardize_gives_zero_mean_unit_std_and_reuses_statistics():
    rng = np.random.default_rng(8)
    X_raw = rng.normal(loc=[[5.0], [-300.0], [0.01]], scale=[[2.0], [80.0], [0.001]], size=(3, 500))
    X_n, mu, sd = standardize(X_raw)
    np.testing.assert_allclose(X_n.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(X_n.std(axis=1), 1, rtol=1e-12)
    assert mu.shape == sd.shape == (3, 1)
    X_again, _, _ = standardize(X_raw[:, :7], mu, sd)
    np.testing.assert_allclose(X_again, X_n[:, :7])


def test_standardize_constant_feature_maps_to_zero():
    X_c = np.array([[1.0, 2.0, 3.0], [4.0, 4.0, 4.0]])
    X_n, _, sd = standardize(X_c)
    assert sd[1, 0] == 1.0 and not X_n[1].any()


def test_standardize_rejects_bad_shapes():
    with pytest.raises(ValueError, match="X must be 2-D"):
        standardize(np.ones(3))
    with pytest.raises(ValueError, match=r"mean must have shape \(n_x, 1\)"):
        standardize(np.ones((2, 3)), mean=np.ones(2))


def test_column_shares():
    A = np.array([[1.0, 3.0], [3.0, 1.0]])
    np.testing.assert_allclose(column_shares(A), [[0.25, 0.75], [0.75, 0.25]])
    with pytest.raises(ValueError, match="non-zero sum"):
        column_shares(np.array([[1.0, 0.0], [1.0, 0.0]]))
    with pytest.raises(ValueError, match="2-D"):
        column_shares(np.ones(3))


# --- vectorization helpers ----------------------------------------------

def test_dot_loop_agrees_with_numpy():
    a, b = np.random.default_rng(9).normal(size=(2, 1000))
    assert np.isclose(dot_loop(a, b), np.dot(a, b), rtol=1e-12)
    with pytest.raises(ValueError, match="1-D of equal length"):
        dot_loop(a, b[:10])


def test_best_time_takes_the_minimum(monkeypatch):
    ticks = iter([0.0, 3.0, 10.0, 11.0, 20.0, 22.0])
    monkeypatch.setattr("snippets.logistic_regression.time.perf_counter", lambda: next(ticks))
    assert best_time(lambda: None, repeats=3) == 1.0


def test_time_loop_vs_vectorized_reports_both_kernels():
    t = time_loop_vs_vectorized(n=200, n_x=3, m=20, repeats=1)
    assert set(t) == {"dot", "propagate"}
    assert all(len(pair) == 2 and min(pair) > 0 for pair in t.values())
