"""Tests that prove the corrections listed on the errata page (Course 3).

Each test is named on docs/*/errata.md next to the mistake it settles.
"""

import numpy as np
import pytest

from snippets.ml_strategy import diagnose, pick_best, split_counts


def test_work_on_the_larger_gap_not_on_any_noticeable_bias():
    """C3W1: compare avoidable bias with variance and work on the larger one; a
    "non-ignorable" avoidable bias is not by itself a reason to work on bias."""
    # 2% avoidable bias is far from negligible, but the variance (8%) is four times larger
    d = diagnose(human_error=0.005, train_error=0.025, dev_error=0.105)
    assert d["avoidable_bias"] == pytest.approx(0.02) and d["variance"] == pytest.approx(0.08)
    assert d["recommendation"] == "variance"
    # and a small avoidable bias can still be the thing to fix, when the variance is smaller
    d = diagnose(human_error=0.005, train_error=0.007, dev_error=0.008)
    assert d["avoidable_bias"] == pytest.approx(0.002) and d["recommendation"] == "avoidable_bias"


def test_choosing_by_test_accuracy_overstates_it():
    """C3W2: do error analysis (and every other decision) on the dev set; choosing
    among models by their test-set accuracy makes that accuracy optimistic."""
    rng = np.random.default_rng(0)
    true_accuracy, n_test, n_models, n_runs = 0.8, 500, 50, 2000
    chosen_on_test, fresh = [], []
    for _ in range(n_runs):
        measured = rng.binomial(n_test, true_accuracy, size=n_models) / n_test
        models = {f"m{i}": {"accuracy": a} for i, a in enumerate(measured)}
        best = pick_best(models, "accuracy", {})
        chosen_on_test.append(models[best]["accuracy"])
        fresh.append(rng.binomial(n_test, true_accuracy) / n_test)  # an untouched test set
    assert np.mean(chosen_on_test) > true_accuracy + 0.03  # about 0.84: biased upward
    assert abs(np.mean(fresh) - true_accuracy) < 0.005  # an untouched test set is not


def test_merge_and_shuffle_puts_few_target_images_in_dev():
    """C3W2: merging 200,000 web and 10,000 app images and shuffling leaves only about
    119 app images (4.8%) in a 2,500-image dev set: aim dev/test at the app data instead."""
    plan = split_counts(10_000, 200_000, 2_500, 2_500, shuffle_all=True)
    assert plan["dev"]["target"] == pytest.approx(119.05, abs=0.01)
    share = plan["dev"]["target"] / 2_500
    assert share == pytest.approx(0.0476, abs=1e-4)
    # the same by simulation: app images among the first 2,500 after a shuffle
    rng = np.random.default_rng(0)
    counts = [np.count_nonzero(rng.permutation(210_000)[:2_500] < 10_000) for _ in range(50)]
    assert abs(np.mean(counts) - plan["dev"]["target"]) < 5
    good = split_counts(10_000, 200_000, 2_500, 2_500)
    assert good["dev"] == {"target": 2_500, "other": 0}
