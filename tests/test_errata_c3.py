"""Tests that prove the corrections listed on the errata page (Course 3).

Each test is named on docs/*/errata.md next to the mistake it settles.
"""

import numpy as np
import pytest

from snippets.ml_strategy import (diagnose, error_analysis_table, f1_score, make_error_spreadsheet,
                                  pick_best, precision_recall_f1, split_counts)


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


def test_f1_is_the_harmonic_mean_not_the_average():
    """C3W1: F1 = 2PR / (P + R), the harmonic mean, which stays near the smaller of P
    and R; the arithmetic mean lets a high precision hide a useless recall."""
    # 100 images, 50 cats; the classifier flags one obvious cat and nothing else
    y_true = np.array([[1] * 50 + [0] * 50])
    y_pred = np.zeros_like(y_true)
    y_pred[0, 0] = 1
    p, r, f1 = precision_recall_f1(y_true, y_pred)
    assert (p, r) == (1.0, 0.02)
    assert f1 == pytest.approx(2 * 0.02 / 1.02)  # 0.039
    assert (p + r) / 2 == pytest.approx(0.51)  # the average would call it half good
    # harmonic <= arithmetic mean, equal only when P = R; and F1 <= 2 min(P, R)
    rng = np.random.default_rng(0)
    for p, r in rng.uniform(0.01, 1, size=(1000, 2)):
        assert f1_score(p, r) <= (p + r) / 2 + 1e-15
        assert f1_score(p, r) <= 2 * min(p, r)
    assert f1_score(0.7, 0.7) == pytest.approx(0.7)


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


def test_random_label_errors_in_the_dev_set_matter_as_a_share_of_its_errors():
    """C3W2: deep learning tolerates random label errors in the training set; in the
    dev set, judge them by their share of the dev errors. The same 0.6 points of label
    errors are 6% of a 10% dev error and 30% of a 2% one."""
    shares = {}
    for dev_error, mislabeled in [(0.10, 6), (0.02, 30)]:
        row = error_analysis_table(make_error_spreadsheet(100, [mislabeled], seed=1),
                                   ["mislabeled"], dev_error=dev_error)[0]
        assert row["ceiling"] == pytest.approx(0.006)
        shares[dev_error] = row["share"]
    assert shares == {0.10: pytest.approx(0.06), 0.02: pytest.approx(0.30)}
