"""Course 2 Week 3: hyperparameter search (snippets/tuning.py)."""

import numpy as np
import pytest
from scipy.stats import kstest

from snippets.tuning import (
    grid_points,
    random_points,
    sample_beta,
    sample_log_uniform,
    zoom_in,
)

# --- sample_log_uniform ---------------------------------------------------


def test_log_uniform_stays_in_range_and_reaches_both_ends():
    alpha = sample_log_uniform(1e-4, 1.0, 100_000, rng=0)
    assert alpha.shape == (100_000,)
    assert 1e-4 <= alpha.min() < 2e-4 and 0.5 < alpha.max() <= 1.0


def test_log10_of_log_uniform_samples_is_uniform():
    r = np.log10(sample_log_uniform(1e-4, 1.0, 5_000, rng=1))
    # uniform on [-4, 0]: scipy's "uniform" has loc=-4, scale=4
    assert kstest(r, "uniform", args=(-4, 4)).pvalue > 0.01
    # ...and the samples themselves are far from uniform on [1e-4, 1]
    assert kstest(10 ** r, "uniform", args=(1e-4, 1 - 1e-4)).pvalue < 1e-6


def test_log_uniform_puts_a_quarter_in_each_decade():
    alpha = sample_log_uniform(1e-4, 1.0, 100_000, rng=2)
    counts, _ = np.histogram(alpha, bins=[1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    np.testing.assert_allclose(counts / alpha.size, 0.25, atol=0.01)


def test_log_uniform_is_seeded_and_accepts_a_generator_and_a_shape():
    a = sample_log_uniform(1e-3, 10.0, (3, 4), rng=5)
    assert a.shape == (3, 4)
    np.testing.assert_array_equal(a, sample_log_uniform(1e-3, 10.0, (3, 4), rng=5))
    np.testing.assert_array_equal(a, sample_log_uniform(1e-3, 10.0, (3, 4), np.random.default_rng(5)))
    assert not np.array_equal(a, sample_log_uniform(1e-3, 10.0, (3, 4), rng=6))


@pytest.mark.parametrize("low,high", [(0.0, 1.0), (-1.0, 1.0), (1.0, 1.0), (2.0, 1.0)])
def test_log_uniform_rejects_bad_ranges(low, high):
    with pytest.raises(ValueError, match="0 < low < high"):
        sample_log_uniform(low, high, 10, rng=0)


# --- sample_beta ----------------------------------------------------------


def test_beta_stays_in_range():
    beta = sample_beta(0.9, 0.999, 100_000, rng=0)
    assert beta.shape == (100_000,)
    assert 0.9 <= beta.min() < 0.901 and 0.998 < beta.max() <= 0.999


def test_one_minus_beta_is_log_uniform():
    beta = sample_beta(0.9, 0.999, 5_000, rng=3)
    r = np.log10(1 - beta)  # uniform on [-3, -1]
    assert kstest(r, "uniform", args=(-3, 2)).pvalue > 0.01
    assert kstest(beta, "uniform", args=(0.9, 0.099)).pvalue < 1e-6  # not uniform in beta


def test_beta_splits_evenly_between_0_9_0_99_and_0_999():
    """The averaging window 1/(1 - beta) is as often 10..100 steps as 100..1000."""
    beta = sample_beta(0.9, 0.999, 100_000, rng=4)
    assert abs(np.mean(beta < 0.99) - 0.5) < 0.01
    # uniform sampling would put 91% of the trials below 0.99
    uniform = np.random.default_rng(4).uniform(0.9, 0.999, 100_000)
    assert np.mean(uniform < 0.99) > 0.9


@pytest.mark.parametrize("low,high", [(-0.1, 0.9), (0.9, 1.0), (0.99, 0.9), (0.9, 0.9)])
def test_beta_rejects_bad_ranges(low, high):
    with pytest.raises(ValueError, match="0 <= low < high < 1"):
        sample_beta(low, high, 10, rng=0)


# --- grid and random search -----------------------------------------------


def test_grid_points_known_values():
    pts = grid_points([0.0, 10.0], [1.0, 20.0], 3)
    assert pts.shape == (2, 9)
    assert sorted(set(pts[0])) == [0.0, 0.5, 1.0] and sorted(set(pts[1])) == [10.0, 15.0, 20.0]
    assert {tuple(p) for p in pts.T} == {(a, b) for a in (0, 0.5, 1) for b in (10, 15, 20)}


def test_random_points_shape_range_and_seed():
    pts = random_points([-4.0, 0.0, 1.0], [0.0, 1.0, 2.0], 50, rng=0)
    assert pts.shape == (3, 50)
    assert np.all(pts >= [[-4.0], [0.0], [1.0]]) and np.all(pts <= [[0.0], [1.0], [2.0]])
    np.testing.assert_array_equal(pts, random_points([-4.0, 0.0, 1.0], [0.0, 1.0, 2.0], 50, rng=0))


def test_random_search_tries_more_values_of_the_one_that_matters():
    """25 trials: a 5 x 5 grid tries only 5 learning rates, random search 25."""
    lows, highs = [-4.0, 0.0], [0.0, 1.0]   # log10(alpha) and an unimportant epsilon
    grid, rand = grid_points(lows, highs, 5), random_points(lows, highs, 25, rng=0)
    assert grid.shape == rand.shape == (2, 25)
    assert len(np.unique(grid[0])) == 5 and len(np.unique(rand[0])) == 25

    def dev_error(p):  # depends on alpha only; best at log10(alpha) = -2.3
        return (p[0] + 2.3) ** 2

    best_grid = min(dev_error(p) for p in grid.T)
    best_rand = min(dev_error(p) for p in rand.T)
    assert best_rand < best_grid


def test_zoom_in_boxes_the_best_trials():
    pts = np.array([[0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0, 9.0]])
    scores = np.array([4.0, 0.5, 0.1, 0.3, 9.0])
    lows, highs = zoom_in(pts, scores, keep=3)
    np.testing.assert_array_equal(lows, [1.0, 6.0])
    np.testing.assert_array_equal(highs, [3.0, 8.0])


def test_coarse_to_fine_gets_closer():
    def dev_error(p):
        return (p[0] + 2.3) ** 2 + 0.1 * (p[1] - 0.4) ** 2

    lows, highs = np.array([-4.0, 0.0]), np.array([0.0, 1.0])
    coarse = random_points(lows, highs, 30, rng=0)
    scores = np.array([dev_error(p) for p in coarse.T])
    new_lows, new_highs = zoom_in(coarse, scores, keep=5)
    assert np.all(new_lows >= lows) and np.all(new_highs <= highs)
    assert new_highs[0] - new_lows[0] < 1.0  # the alpha range shrank from 4 decades
    fine = random_points(new_lows, new_highs, 30, rng=1)
    assert min(dev_error(p) for p in fine.T) <= scores.min()


def test_search_helpers_reject_bad_input():
    with pytest.raises(ValueError, match="lows < highs"):
        grid_points([0.0, 1.0], [1.0, 1.0], 3)
    with pytest.raises(ValueError, match=r"two \(d,\) arrays"):
        random_points([0.0, 0.0], [1.0], 3, rng=0)
    with pytest.raises(ValueError, match="n_per_axis"):
        grid_points([0.0], [1.0], 1)
    with pytest.raises(ValueError, match=r"points must be \(d, n\)"):
        zoom_in(np.ones((2, 3)), np.ones(4))
    with pytest.raises(ValueError, match="keep"):
        zoom_in(np.ones((2, 3)), np.ones(3), keep=4)
