"""Synthetic data generators (snippets/datasets.py)."""

import numpy as np
import pytest

from snippets.datasets import (make_blobs, make_flower, make_moons, make_source,
                               train_test_split, wavy_boundary)


def test_make_blobs_shapes_balance_and_seed():
    X, Y = make_blobs(m=101, seed=3)
    assert X.shape == (2, 101) and Y.shape == (1, 101)
    assert set(np.unique(Y)) == {0.0, 1.0} and Y.sum() == 50
    X2, Y2 = make_blobs(m=101, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)
    assert not np.array_equal(X, make_blobs(m=101, seed=4)[0])


def test_make_blobs_centres_are_separated():
    X, Y = make_blobs(m=4000, seed=0, separation=3.0)
    c1, c0 = X[:, Y[0] == 1].mean(axis=1), X[:, Y[0] == 0].mean(axis=1)
    assert np.isclose(np.linalg.norm(c1 - c0), 3.0, atol=0.15)


def test_make_blobs_accepts_a_generator():
    X, _ = make_blobs(m=10, seed=np.random.default_rng(1))
    assert X.shape == (2, 10)
    with pytest.raises(ValueError, match="m must be at least 2"):
        make_blobs(m=1)


def test_train_test_split_partitions_the_columns():
    X = np.arange(20.0).reshape(2, 10)
    Y = (np.arange(10) % 2).reshape(1, 10).astype(float)
    X_tr, Y_tr, X_te, Y_te = train_test_split(X, Y, test_fraction=0.3, seed=0)
    assert X_tr.shape == (2, 7) and X_te.shape == (2, 3) and Y_te.shape == (1, 3)
    cols = sorted(np.concatenate([X_tr[0], X_te[0]]))
    np.testing.assert_array_equal(cols, X[0])
    np.testing.assert_array_equal(Y_tr[0], X_tr[0] % 2)  # labels moved with their columns


def test_train_test_split_rejects_bad_input():
    with pytest.raises(ValueError, match="same m"):
        train_test_split(np.ones((2, 5)), np.ones((1, 4)))
    with pytest.raises(ValueError, match="test_fraction"):
        train_test_split(np.ones((2, 5)), np.ones((1, 5)), test_fraction=1.0)


@pytest.mark.parametrize("make", [make_flower, make_moons])
def test_two_class_generators_shapes_balance_and_seed(make):
    X, Y = make(m=101, seed=3)
    assert X.shape == (2, 101) and Y.shape == (1, 101)
    assert set(np.unique(Y)) == {0.0, 1.0} and Y.sum() == 50
    np.testing.assert_array_equal(X, make(m=101, seed=3)[0])
    assert not np.array_equal(X, make(m=101, seed=4)[0])
    with pytest.raises(ValueError, match="m must be at least 2"):
        make(m=1)


def test_flower_is_not_linearly_separable_but_moons_are_curved():
    from snippets.logistic_regression import model

    for make, ceiling in ((make_flower, 0.65), (make_moons, 0.93)):
        X, Y = make(m=400, seed=0)
        d = model(X, Y, X, Y, num_iterations=2000, learning_rate=0.5)
        assert d["train_accuracy"] < ceiling  # a straight line cannot fit either data set
    X, Y = make_flower(m=400, seed=0)
    radius = np.linalg.norm(X, axis=0)
    assert radius.max() < 5.5 and np.median(radius) > 1.0  # points lie along the petals


def test_make_source_labels_follow_the_curve_except_flipped_ones():
    X, Y, flipped = make_source(5000, x1_mean=1.0, x1_std=0.5, flip=0.1, seed=2)
    assert X.shape == (2, 5000) and Y.shape == (1, 5000) and flipped.shape == (1, 5000)
    above = X[1] > np.sin(2 * X[0])
    np.testing.assert_array_equal(Y[0] == 1, above != flipped[0])
    # the flip rate is a Bernoulli(0.1) mean: 4 standard deviations is 0.017
    assert abs(flipped.mean() - 0.1) < 0.017
    assert abs(X[0].mean() - 1.0) < 0.03 and abs(X[0].std() - 0.5) < 0.03
    assert abs(X[1].mean()) < 0.07 and abs(X[1].std() - 1.2) < 0.05


def test_make_source_bayes_error_is_the_flip_rate():
    X, Y, _ = make_source(20000, x1_mean=-1.5, flip=0.04, seed=0)
    bayes = (X[1:] > wavy_boundary(X[0])).astype(float)  # the best classifier
    assert abs(np.mean(bayes != Y) - 0.04) < 0.006  # 4 standard deviations


def test_label_noise_floor_holds_against_the_noisy_labels():
    """The glossary's label noise: with independent flips of probability p < 0.5, any
    classifier's error against the noisy labels is p + (1 - 2p) * (its error against the true
    labels), never below p; against the true labels it can be 0."""
    p = 0.1
    X, Y, flipped = make_source(20000, x1_mean=0.0, flip=p, seed=4)
    truth = (X[1:] > wavy_boundary(X[0])).astype(float)
    rng = np.random.default_rng(5)
    classifiers = {"the true rule": truth, "a line": (X[1:] > 0).astype(float),
                   "coin flips": (rng.random((1, 20000)) < 0.5).astype(float)}
    for prediction in classifiers.values():
        against_noisy = np.mean(prediction != Y)
        against_truth = np.mean(prediction != truth)
        assert against_noisy == pytest.approx(p + (1 - 2 * p) * against_truth, abs=0.01)
        assert against_noisy > p - 0.01  # 0.01: over 4 standard deviations at m = 20000
    assert np.mean(classifiers["the true rule"] != truth) == 0.0


def test_make_source_is_seeded_and_checks_its_arguments():
    a, b = make_source(50, 0.0, seed=7), make_source(50, 0.0, seed=7)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], make_source(50, 0.0, seed=8)[0])
    assert not make_source(1000, 0.0, flip=0.0, seed=1)[2].any()
    np.testing.assert_allclose(wavy_boundary([0.0, np.pi / 4]), [0.0, 1.0], atol=1e-15)
    with pytest.raises(ValueError, match="m must be an integer >= 1"):
        make_source(0, 0.0)
    with pytest.raises(ValueError, match="x1_std must be > 0"):
        make_source(10, 0.0, x1_std=0.0)
    with pytest.raises(ValueError, match=r"flip must be in \[0, 0.5\)"):
        make_source(10, 0.0, flip=0.5)
