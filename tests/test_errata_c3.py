"""Tests that prove the corrections listed on the errata page (Course 3).

Each test is named on docs/*/errata.md next to the mistake it settles.
"""

import numpy as np
import pytest

from scipy.stats import hmean

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


def test_orthogonal_controls_act_on_one_goal_while_parameters_interact():
    """C3W1: orthogonalization is about controls acting on one goal each, not about parameters
    that do not affect each other: in a network they always do."""
    from snippets.deep_network import L_model_backward, L_model_forward, initialize_parameters_deep

    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(3, 20)), (rng.random((1, 20)) > 0.5).astype(float)
    parameters = initialize_parameters_deep([3, 4, 1], seed=1)
    AL, caches = L_model_forward(X, parameters)
    before = L_model_backward(AL, Y, caches)["dW2"]
    nudged = {**parameters, "W1": parameters["W1"] + 0.1}
    AL, caches = L_model_forward(X, nudged)
    assert np.abs(L_model_backward(AL, Y, caches)["dW2"] - before).max() > 1e-3  # W1 moves dW2
    # the course's gaps: each depends only on its own pair of errors
    base = diagnose(0.01, 0.08, 0.10)
    worse_dev = diagnose(0.01, 0.08, 0.15)
    assert worse_dev["avoidable_bias"] == base["avoidable_bias"]
    assert worse_dev["variance"] > base["variance"]
    other_human = diagnose(0.05, 0.08, 0.10)
    assert other_human["variance"] == base["variance"]
    assert other_human["avoidable_bias"] < base["avoidable_bias"]


def test_f1_is_for_precision_and_recall_and_the_gap_is_avoidable_bias():
    """C3W1: F1 is the harmonic mean of exactly precision and recall; several error rates are
    averaged (their harmonic mean would hide the worst one); the gap is the avoidable bias."""
    rng = np.random.default_rng(1)
    for p, r in rng.uniform(0.01, 1, size=(100, 2)):
        assert f1_score(p, r) == pytest.approx(hmean([p, r]))
    with pytest.raises(TypeError):
        f1_score(0.9, 0.8, 0.7)  # two numbers, no more
    markets = np.array([0.03, 0.05, 0.02, 0.10])  # error rates of four markets
    assert markets.mean() == pytest.approx(0.05)
    assert hmean(markets) < 0.036 < markets.mean() - 0.01  # pulled towards the best market
    d = diagnose(human_error=0.01, train_error=0.08, dev_error=0.10)
    assert "avoidable_bias" in d and d["avoidable_bias"] == pytest.approx(0.07)


def test_transfer_learning_freezes_or_fine_tunes_the_pretrained_layers():
    """C3W2: transfer learning keeps the pre-trained layers and replaces only the output
    layer; frozen layers keep their values exactly (they learn nothing, old or new) while the
    new layer learns; fine-tuned layers start from the pre-trained values and move."""
    from snippets.datasets import make_moons
    from snippets.deep_network import (L_layer_model, L_model_backward, L_model_forward,
                                       compute_cost, update_parameters)

    X_a, Y_a = make_moons(m=200, seed=0)
    pretrained, _ = L_layer_model(X_a, Y_a, [2, 8, 4, 1], learning_rate=0.5, num_iterations=300)
    X_b, Y_b = make_moons(m=40, seed=1)
    Y_b = 1 - Y_b  # task B: the other class is the positive one
    rng = np.random.default_rng(2)
    new_layer = {"W3": rng.normal(size=(1, 4)) * 0.1, "b3": np.zeros((1, 1))}

    def train(parameters, trainable, steps=200):
        for _ in range(steps):
            AL, caches = L_model_forward(X_b, parameters)
            grads = L_model_backward(AL, Y_b, caches)
            step = {k: v for k, v in parameters.items() if k in trainable}
            parameters = {**parameters, **update_parameters(step, grads, 0.5)}
        return parameters

    start = {**pretrained, **new_layer}  # only the output layer is replaced
    cost0 = compute_cost(L_model_forward(X_b, start)[0], Y_b)
    frozen = train(start, {"W3", "b3"})
    for k in ("W1", "b1", "W2", "b2"):
        np.testing.assert_array_equal(frozen[k], pretrained[k])  # frozen: exactly unchanged
    assert compute_cost(L_model_forward(X_b, frozen)[0], Y_b) < cost0 - 0.1  # the new layer learns
    tuned = train(start, set(start))
    assert all(not np.array_equal(tuned[k], pretrained[k]) for k in ("W1", "W2"))
    change = np.linalg.norm(tuned["W1"] - pretrained["W1"]) / np.linalg.norm(pretrained["W1"])
    assert 0 < change < 1  # fine-tuned from the pre-trained values, not replaced by new ones


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
