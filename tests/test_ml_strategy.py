"""Course 3 Weeks 1 and 2: ML strategy (snippets/ml_strategy.py)."""

import warnings

import numpy as np
import pytest
from scipy.special import xlogy
from scipy.stats import hmean, norm

from snippets.figures import c3w1, c3w2
from snippets.ml_strategy import (
    GAP_TOL,
    RECOMMENDATIONS,
    check_labels,
    confusion_matrix,
    dev_set_size,
    diagnose,
    difference_sd,
    error_analysis_table,
    f1_score,
    make_error_spreadsheet,
    make_scores,
    mismatch_diagnosis,
    multitask_loss,
    pick_best,
    precision_recall_curve,
    precision_recall_f1,
    split_counts,
    weighted_error,
)
from tests.helpers import numerical_gradient, relative_difference


def random_labels(seed, m=200, rate=0.4):
    rng = np.random.default_rng(seed)
    return (rng.random(m) < rate).astype(int), (rng.random(m) < 0.5).astype(int)


def loop_counts(y_true, y_pred):
    """TN, FP, FN, TP counted one example at a time, straight from the definitions."""
    tn = fp = fn = tp = 0
    for t, p in zip(np.ravel(y_true), np.ravel(y_pred)):
        if t == 1 and p == 1:
            tp += 1
        elif t == 0 and p == 1:
            fp += 1
        elif t == 1 and p == 0:
            fn += 1
        else:
            tn += 1
    return tn, fp, fn, tp


# --- check_labels ------------------------------------------------------------

def test_check_labels_accepts_rows_and_flat_arrays():
    t, p = check_labels(np.array([[1, 0, 1]]), np.array([[0, 0, 1]]))
    assert t.shape == p.shape == (3,) and t.dtype.kind == "i"
    t, p = check_labels([True, False], [False, False])
    assert list(t) == [1, 0] and list(p) == [0, 0]


@pytest.mark.parametrize("y_true,y_pred,match", [
    (np.zeros((2, 3)), np.zeros((2, 3)), r"y_true must have shape \(m,\) or \(1, m\)"),
    (np.zeros((1, 3, 1)), np.zeros((1, 3, 1)), r"y_true must have shape"),
    (np.zeros((1, 3)), np.zeros(3), r"y_pred must have the shape of y_true \(1, 3\)"),
    (np.zeros(4), np.zeros(3), r"y_pred must have the shape"),
    (np.array([0, 2]), np.array([0, 1]), r"y_true must contain only the labels 0 and 1"),
    (np.array([0, 1]), np.array([0.5, 1]), r"y_pred must contain only the labels 0 and 1"),
])
def test_check_labels_rejects_bad_input(y_true, y_pred, match):
    with pytest.raises(ValueError, match=match):
        check_labels(y_true, y_pred)


# --- confusion_matrix ----------------------------------------------------------

def test_confusion_matrix_known_values():
    y_true = np.array([[1, 1, 1, 0, 0, 0, 0]])
    y_pred = np.array([[1, 1, 0, 1, 0, 0, 0]])
    cm = confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(cm, [[3, 1], [1, 2]])  # [[TN, FP], [FN, TP]]
    assert cm.shape == (2, 2) and cm.dtype.kind == "i"


@pytest.mark.parametrize("seed", range(5))
def test_confusion_matrix_agrees_with_counting_loop(seed):
    y_true, y_pred = random_labels(seed)
    tn, fp, fn, tp = loop_counts(y_true, y_pred)
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred), [[tn, fp], [fn, tp]])
    np.testing.assert_array_equal(confusion_matrix(y_true[None, :], y_pred[None, :]),
                                  [[tn, fp], [fn, tp]])


def test_confusion_matrix_transposes_when_truth_and_prediction_swap():
    y_true, y_pred = random_labels(7, m=500)
    cm = confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(confusion_matrix(y_pred, y_true), cm.T)
    assert cm.sum() == 500 and cm[1].sum() == y_true.sum() and cm[:, 1].sum() == y_pred.sum()


def test_confusion_matrix_of_no_examples_is_zero():
    np.testing.assert_array_equal(confusion_matrix(np.zeros(0), np.zeros(0)), np.zeros((2, 2)))


# --- f1_score and precision_recall_f1 ------------------------------------------

def test_f1_of_the_course_classifiers():
    assert f1_score(0.95, 0.90) == pytest.approx(0.9243243243)  # classifier A
    assert f1_score(0.98, 0.85) == pytest.approx(0.9103825137)  # classifier B
    assert f1_score(0.95, 0.90) > f1_score(0.98, 0.85)
    assert isinstance(f1_score(np.float64(0.5), np.float64(0.5)), float)


def test_f1_is_the_harmonic_mean():
    rng = np.random.default_rng(0)
    for p, r in rng.uniform(0.01, 1, size=(50, 2)):
        assert f1_score(p, r) == pytest.approx(hmean([p, r]), rel=1e-12)
        assert min(p, r) <= f1_score(p, r) <= (p + r) / 2 + 1e-15  # below the average


def test_f1_zero_convention_and_bad_input():
    assert f1_score(0, 0) == 0.0
    assert f1_score(0.0, 1.0) == 0.0
    with pytest.raises(ValueError, match="precision must be a number in"):
        f1_score(1.2, 0.5)
    with pytest.raises(ValueError, match="recall must be a number in"):
        f1_score(0.5, -0.1)


def test_precision_recall_f1_known_values():
    y_true = np.array([[1, 1, 1, 0, 0, 0, 0]])
    y_pred = np.array([[1, 1, 0, 1, 0, 0, 0]])
    p, r, f1 = precision_recall_f1(y_true, y_pred)
    assert p == pytest.approx(2 / 3) and r == pytest.approx(2 / 3) and f1 == pytest.approx(2 / 3)
    assert all(isinstance(v, float) for v in (p, r, f1))


@pytest.mark.parametrize("seed", range(10))
def test_precision_recall_f1_agree_with_definitions_and_scipy(seed):
    y_true, y_pred = random_labels(seed, m=300)
    tn, fp, fn, tp = loop_counts(y_true, y_pred)
    p, r, f1 = precision_recall_f1(y_true, y_pred)
    assert p == pytest.approx(tp / (tp + fp), rel=1e-12)
    assert r == pytest.approx(tp / (tp + fn), rel=1e-12)
    assert f1 == pytest.approx(hmean([tp / (tp + fp), tp / (tp + fn)]), rel=1e-9)
    assert f1 == pytest.approx(2 * tp / (2 * tp + fp + fn), rel=1e-12)  # same number


def test_swapping_truth_and_prediction_swaps_precision_and_recall():
    y_true, y_pred = random_labels(3)
    p, r, f1 = precision_recall_f1(y_true, y_pred)
    p2, r2, f12 = precision_recall_f1(y_pred, y_true)
    assert (p2, r2) == pytest.approx((r, p)) and f12 == pytest.approx(f1)


def test_no_positive_predictions_gives_zero_precision_without_warnings():
    y_true = np.array([1, 0, 1, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            assert precision_recall_f1(y_true, np.zeros(4, dtype=int)) == (0.0, 0.0, 0.0)


def test_no_positive_labels_gives_zero_recall_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            p, r, f1 = precision_recall_f1(np.zeros(4, dtype=int), np.array([1, 0, 0, 0]))
            assert (p, r, f1) == (0.0, 0.0, 0.0)
            assert precision_recall_f1(np.zeros(3), np.zeros(3)) == (0.0, 0.0, 0.0)


def test_perfect_predictions():
    y = np.array([[0, 1, 1, 0, 1]])
    assert precision_recall_f1(y, y) == (1.0, 1.0, 1.0)


def test_precision_recall_f1_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"y_pred must have the shape of y_true \(1, 4\)"):
        precision_recall_f1(np.zeros((1, 4)), np.zeros((1, 5)))


# --- make_scores and precision_recall_curve ------------------------------------

def test_make_scores_shapes_range_and_determinism():
    y, s = make_scores(1000, positive_rate=0.3, separation=2.0, seed=5)
    assert y.shape == s.shape == (1, 1000) and set(np.unique(y)) == {0, 1}
    assert np.all((s > 0) & (s < 1))
    assert abs(y.mean() - 0.3) < 0.05
    y2, s2 = make_scores(1000, positive_rate=0.3, separation=2.0, seed=5)
    assert np.array_equal(y, y2) and np.array_equal(s, s2)
    y3, s3 = make_scores(1000, 0.3, 2.0, seed=np.random.default_rng(5))
    assert np.array_equal(s, s3)
    assert not np.array_equal(s, make_scores(1000, 0.3, 2.0, seed=6)[1])


def test_larger_separation_gives_a_better_classifier():
    f1s = [precision_recall_f1(*(lambda y, s: (y, (s >= 0.5).astype(int)))(
        *make_scores(4000, 0.3, sep, seed=0)))[2] for sep in (0.5, 2.0, 4.0)]
    assert f1s[0] < f1s[1] < f1s[2]
    y, s = make_scores(4000, 0.3, 3.0, seed=0)
    assert s[y == 1].mean() > 0.5 > s[y == 0].mean()


@pytest.mark.parametrize("m,rate,match", [
    (0, 0.3, "m must be a positive integer"), (2.5, 0.3, "m must be a positive integer"),
    (True, 0.3, "m must be a positive integer"), (10, 0.0, r"positive_rate must be in \(0, 1\)"),
    (10, 1.0, r"positive_rate must be in \(0, 1\)"),
])
def test_make_scores_rejects_bad_arguments(m, rate, match):
    with pytest.raises(ValueError, match=match):
        make_scores(m, rate)


def test_precision_recall_curve_matches_pointwise_computation():
    y, s = make_scores(500, 0.4, 1.5, seed=2)
    thresholds = [0.0, 0.2, 0.5, 0.8, 1.01]
    precision, recall = precision_recall_curve(y, s, thresholds)
    assert precision.shape == recall.shape == (5,)
    for t, p, r in zip(thresholds, precision, recall):
        assert (p, r) == precision_recall_f1(y, (s >= t).astype(int))[:2]
    assert recall[0] == 1.0 and precision[0] == pytest.approx(y.mean())  # predict all 1
    assert recall[-1] == 0.0 and precision[-1] == 0.0  # predict all 0: the convention


def test_raising_the_threshold_trades_recall_for_precision():
    y, s = make_scores(3000, 0.3, 2.0, seed=0)
    thresholds = np.linspace(0.05, 0.9, 18)
    precision, recall = precision_recall_curve(y, s, thresholds)
    assert np.all(np.diff(recall) <= 0)  # recall never rises with the threshold
    assert precision[-1] > precision[0] + 0.4 and recall[-1] < recall[0] - 0.4


def test_precision_recall_curve_rejects_bad_shapes():
    y, s = make_scores(10, seed=0)
    with pytest.raises(ValueError, match=r"scores must have the shape of y_true \(1, 10\)"):
        precision_recall_curve(y, s.ravel(), [0.5])
    with pytest.raises(ValueError, match=r"thresholds must be 1-D"):
        precision_recall_curve(y, s, [[0.5]])
    assert precision_recall_curve(y, s, [])[0].shape == (0,)


# --- pick_best ---------------------------------------------------------------------

COURSE_MODELS = {"A": {"accuracy": 0.90, "runtime_ms": 80},
                 "B": {"accuracy": 0.92, "runtime_ms": 95},
                 "C": {"accuracy": 0.95, "runtime_ms": 1500}}


def test_pick_best_course_example():
    assert pick_best(COURSE_MODELS, "accuracy", {"runtime_ms": 100}) == "B"
    assert pick_best(COURSE_MODELS, "accuracy", {}) == "C"  # no constraint: the most accurate
    assert pick_best(COURSE_MODELS, "accuracy", {"runtime_ms": 90}) == "A"
    assert pick_best(COURSE_MODELS, "accuracy", {"runtime_ms": 50}) is None
    assert pick_best(COURSE_MODELS, "accuracy", {"runtime_ms": 95}) == "B"  # bound inclusive


def test_pick_best_minimizing_several_constraints_and_ties():
    models = {"x": {"error": 0.05, "ms": 10, "mb": 50}, "y": {"error": 0.03, "ms": 10, "mb": 900},
              "z": {"error": 0.04, "ms": 20, "mb": 40}, "w": {"error": 0.04, "ms": 5, "mb": 40}}
    assert pick_best(models, "error", {"ms": 20, "mb": 100}, maximize=False) == "z"  # tie: first
    assert pick_best(models, "error", {"ms": 20}, maximize=False) == "y"
    assert pick_best(models, "error", {"ms": 20, "mb": 100}, maximize=True) == "x"


def test_pick_best_does_not_depend_on_order_without_ties():
    rng = np.random.default_rng(0)
    models = {f"m{i}": {"f1": float(rng.random()), "ms": int(rng.integers(10, 200))}
              for i in range(30)}
    best = pick_best(models, "f1", {"ms": 100})
    reordered = dict(reversed(list(models.items())))
    assert pick_best(reordered, "f1", {"ms": 100}) == best
    ok = {k: v for k, v in models.items() if v["ms"] <= 100}
    assert best == max(ok, key=lambda k: ok[k]["f1"])


def test_pick_best_rejects_bad_input():
    with pytest.raises(ValueError, match="models must be a non-empty dict"):
        pick_best({}, "accuracy", {})
    missing = r"model 'A' has no value for metric\(s\) \['runtime_ms'\]"
    with pytest.raises(ValueError, match=missing):
        pick_best({"A": {"accuracy": 0.9}}, "accuracy", {"runtime_ms": 100})
    with pytest.raises(ValueError, match=r"\['f1'\]"):
        pick_best(COURSE_MODELS, "f1", {})


# --- weighted_error ----------------------------------------------------------------

def test_weighted_error_with_equal_weights_is_the_error_rate():
    y_true, y_pred = random_labels(1, m=400)
    for w in (1.0, 3.5):
        assert weighted_error(y_true, y_pred, np.full(400, w)) == pytest.approx(
            np.mean(y_true != y_pred))


def test_weighted_error_known_value_and_scale_invariance():
    y_true = np.array([[0, 0, 1, 1]])
    y_pred = np.array([[1, 0, 1, 0]])
    w = np.array([[10.0, 1.0, 1.0, 1.0]])
    assert weighted_error(y_true, y_pred, w) == pytest.approx(11 / 13)
    assert weighted_error(y_true, y_pred, 7 * w) == pytest.approx(11 / 13)
    assert weighted_error(y_true, y_pred, np.array([[0.0, 1, 1, 1]])) == pytest.approx(1 / 3)


def test_weighted_error_course_example_reverses_the_ranking():
    ex = c3w1.weighted_example()
    plain = {k: np.mean(t != p) for k, (t, p, w) in ex.items()}
    weighted = {k: weighted_error(t, p, w) for k, (t, p, w) in ex.items()}
    assert plain["A"] == pytest.approx(0.03) and plain["B"] == pytest.approx(0.05)
    assert weighted["A"] == pytest.approx(120 / 1180) and weighted["B"] == pytest.approx(50 / 1180)
    assert weighted["A"] > weighted["B"]


@pytest.mark.parametrize("weights,match", [
    (np.ones(3), r"weights must have the shape of y_true \(4,\)"),
    (np.ones((1, 4)), r"weights must have the shape of y_true"),
    (np.array([1.0, -1, 1, 1]), "non-negative"),
    (np.array([1.0, np.nan, 1, 1]), "finite"),
    (np.array([1.0, np.inf, 1, 1]), "finite"),
    (np.zeros(4), "not all zero"),
])
def test_weighted_error_rejects_bad_weights(weights, match):
    with pytest.raises(ValueError, match=match):
        weighted_error(np.array([0, 1, 0, 1]), np.array([0, 1, 1, 1]), weights)


# --- dev_set_size ------------------------------------------------------------------

def test_dev_set_size_known_value_and_definition():
    assert dev_set_size(0.10, 0.01) == 3458  # 1.96² · 0.09 / 0.0001 = 3457.4
    for error, margin in ((0.10, 0.01), (0.10, 0.001), (0.01, 0.001), (0.5, 0.05)):
        n = dev_set_size(error, margin)
        half_width = lambda k: 1.96 * np.sqrt(error * (1 - error) / k)  # noqa: E731
        assert half_width(n) <= margin + 1e-15 < half_width(n - 1)


def test_dev_set_size_uses_the_normal_quantile():
    z = norm.ppf(0.975)
    assert z == pytest.approx(1.96, abs=1e-3)
    assert dev_set_size(0.2, 0.02, z=norm.ppf(0.995)) > dev_set_size(0.2, 0.02)
    assert dev_set_size(0.5, 0.05) == 385  # the textbook survey size
    assert dev_set_size(0.1, 0.001) == pytest.approx(100 * dev_set_size(0.1, 0.01), rel=1e-3)


def test_dev_set_size_margin_is_for_one_error_not_for_a_difference():
    """The docstring: n from dev_set_size(e, delta) measures each error to +/- delta, but the
    difference of two independent measurements spreads sqrt(2) times as much; a shared dev set
    on which the models disagree on a fraction d gives a difference of spread sqrt(d / n)."""
    rng = np.random.default_rng(0)
    e, delta = 0.10, 0.01
    n = dev_set_size(e, delta)
    one = rng.binomial(n, e, size=50_000) / n
    other = rng.binomial(n, e, size=50_000) / n
    assert np.quantile(np.abs(one - e), 0.95) == pytest.approx(delta, rel=0.03)
    difference = np.quantile(np.abs(one - other), 0.95)
    assert difference == pytest.approx(np.sqrt(2) * delta, rel=0.03)  # not delta
    n2 = dev_set_size(e, delta / np.sqrt(2))  # what telling them delta apart needs
    assert n2 == pytest.approx(2 * n, rel=1e-3)
    pair = (rng.binomial(n2, e, size=50_000) - rng.binomial(n2, e, size=50_000)) / n2
    assert np.quantile(np.abs(pair), 0.95) == pytest.approx(delta, rel=0.03)
    # one shared dev set: both wrong 8%, only A wrong 2%, only B wrong 2% (d = 0.04)
    counts = rng.multinomial(n, [0.08, 0.02, 0.02, 0.88], size=50_000)
    paired = (counts[:, 1] - counts[:, 2]) / n
    assert paired.std() == pytest.approx(np.sqrt(0.04 / n), rel=0.01)
    assert paired.std() < (one - other).std()  # fewer examples needed than for two sets


def test_difference_sd_known_values_and_the_sqrt_2():
    assert difference_sd(0.1, 900, 0.1, 900) == pytest.approx(np.sqrt(2) * 0.01)
    assert difference_sd(0.048, 5000, 0.065, 5000) == pytest.approx(0.004615, abs=1e-6)
    assert difference_sd(0.0, 10, 0.0, 10) == 0.0
    rng = np.random.default_rng(1)  # against a simulation of two independent sets
    a = rng.binomial(2000, 0.2, size=50_000) / 2000
    b = rng.binomial(500, 0.1, size=50_000) / 500
    assert (a - b).std() == pytest.approx(difference_sd(0.2, 2000, 0.1, 500), rel=0.01)


@pytest.mark.parametrize("args,match", [
    ((1.5, 10, 0.1, 10), "error_a"), ((0.1, 10, -0.1, 10), "error_b"),
    ((0.1, 0, 0.1, 10), "m_a"), ((0.1, 10, 0.1, 2.5), "m_b"), ((0.1, True, 0.1, 10), "m_a"),
])
def test_difference_sd_rejects_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        difference_sd(*args)


@pytest.mark.parametrize("error,margin,match", [
    (0.0, 0.01, "error must be a fraction"), (10, 0.01, "error must be a fraction"),
    (0.1, 0.0, "margin must be a fraction"), (0.1, 1.5, "margin must be a fraction"),
])
def test_dev_set_size_rejects_bad_input(error, margin, match):
    with pytest.raises(ValueError, match=match):
        dev_set_size(error, margin)


# --- diagnose ----------------------------------------------------------------------

def test_diagnose_bias_dominant_cat_example():
    d = diagnose(0.01, 0.08, 0.10)
    assert set(d) == {"avoidable_bias", "variance", "surpassed_human", "recommendation"}
    assert d["avoidable_bias"] == pytest.approx(0.07) and d["variance"] == pytest.approx(0.02)
    assert d["recommendation"] == "avoidable_bias" and d["surpassed_human"] is False


def test_diagnose_variance_dominant_same_errors_other_human_level():
    d = diagnose(0.075, 0.08, 0.10)
    assert d["avoidable_bias"] == pytest.approx(0.005) and d["variance"] == pytest.approx(0.02)
    assert d["recommendation"] == "variance"


def test_diagnose_medical_examples_and_the_choice_of_proxy():
    assert diagnose(0.005, 0.05, 0.06)["recommendation"] == "avoidable_bias"
    assert diagnose(0.01, 0.05, 0.06)["recommendation"] == "avoidable_bias"
    assert diagnose(0.005, 0.01, 0.05)["recommendation"] == "variance"
    # near human level the proxy decides: team of doctors 0.5% vs experienced doctor 0.7%
    assert diagnose(0.005, 0.007, 0.008)["recommendation"] == "avoidable_bias"
    assert diagnose(0.007, 0.007, 0.008)["recommendation"] == "variance"


def test_diagnose_past_human_level_is_unclear_unless_variance_is_larger_than_train_error():
    d = diagnose(0.005, 0.003, 0.004)
    assert d["surpassed_human"] is True and d["avoidable_bias"] == pytest.approx(-0.002)
    assert d["recommendation"] == "unclear"
    # Bayes error >= 0, so the avoidable bias is at most the training error (1%): a 4% variance wins
    assert diagnose(0.03, 0.01, 0.05)["recommendation"] == "variance"
    assert diagnose(0.03, 0.01, 0.02)["recommendation"] == "unclear"


def test_diagnose_ties_and_no_gap():
    assert diagnose(0.01, 0.02, 0.03)["recommendation"] == "avoidable_bias"  # tie: earlier rung
    assert diagnose(0.02, 0.02, 0.02)["recommendation"] == "none"
    assert diagnose(0.02, 0.02, 0.02 + GAP_TOL / 2)["recommendation"] == "none"
    assert diagnose(0.0, 0.0, 0.0)["recommendation"] == "none"


def test_diagnose_gaps_add_up_to_dev_minus_human():
    rng = np.random.default_rng(0)
    for h, t, d in rng.uniform(0, 0.3, size=(100, 3)):
        out = diagnose(h, t, d)
        assert out["avoidable_bias"] + out["variance"] == pytest.approx(d - h)
        assert out["recommendation"] in RECOMMENDATIONS


@pytest.mark.parametrize("args,match", [
    ((1.0, 8.0, 10.0), r"train_error must be an error rate in \[0, 1\] \(a fraction, "
                       r"not a percentage\)"),
    ((-0.01, 0.08, 0.1), r"human_error must be an error rate"),
    ((0.01, 0.08, np.nan), r"dev_error must be an error rate"),
    ((0.01, True, 0.1), r"train_error must be a number"),
    (("1%", 0.08, 0.1), r"human_error must be a number"),
])
def test_diagnose_rejects_bad_error_rates(args, match):
    with pytest.raises(ValueError, match=match):
        diagnose(*args)


def test_diagnose_accepts_numpy_numbers():
    d = diagnose(np.float64(0.01), np.float32(0.08), np.int64(0))
    assert d["variance"] == pytest.approx(-0.08, abs=1e-7)
    assert d["recommendation"] == "avoidable_bias"


# --- mismatch_diagnosis ------------------------------------------------------------

LADDER_KEYS = {"avoidable_bias", "variance", "data_mismatch", "dev_overfitting",
               "surpassed_human", "recommendation"}


def test_mismatch_variance_dominant():
    d = mismatch_diagnosis(0.0, 0.01, 0.09, 0.10, 0.10)
    assert set(d) == LADDER_KEYS
    assert d["variance"] == pytest.approx(0.08) and d["recommendation"] == "variance"


def test_mismatch_data_mismatch_dominant():
    d = mismatch_diagnosis(0.0, 0.01, 0.015, 0.10, 0.10)
    assert d["data_mismatch"] == pytest.approx(0.085) and d["recommendation"] == "data_mismatch"


def test_mismatch_bias_dominant_and_bias_with_mismatch():
    assert mismatch_diagnosis(0.0, 0.10, 0.11, 0.12, 0.12)["recommendation"] == "avoidable_bias"
    d = mismatch_diagnosis(0.0, 0.10, 0.11, 0.20, 0.20)
    assert d["avoidable_bias"] == pytest.approx(0.10) and d["data_mismatch"] == pytest.approx(0.09)
    assert d["recommendation"] == "avoidable_bias"


def test_mismatch_overfitting_the_dev_set():
    d = mismatch_diagnosis(0.01, 0.02, 0.025, 0.03, 0.07)
    assert d["dev_overfitting"] == pytest.approx(0.04) and d["recommendation"] == "dev_overfitting"


def test_mismatch_negative_gap_is_reported_but_never_recommended():
    d = mismatch_diagnosis(0.04, 0.07, 0.10, 0.06, 0.06)  # rear-view mirror: dev data is easier
    assert d["data_mismatch"] == pytest.approx(-0.04)
    assert d["recommendation"] == "avoidable_bias"  # 3% and 3%: the earlier rung
    assert mismatch_diagnosis(0.0, 0.0, 0.0, 0.0, 0.0)["recommendation"] == "none"
    assert mismatch_diagnosis(0.05, 0.05, 0.04, 0.03, 0.02)["recommendation"] == "none"


def test_mismatch_past_human_level():
    d = mismatch_diagnosis(0.01, 0.005, 0.006, 0.05, 0.05)
    assert d["surpassed_human"] is True and d["recommendation"] == "data_mismatch"
    assert mismatch_diagnosis(0.01, 0.005, 0.006, 0.008, 0.008)["recommendation"] == "unclear"


def test_mismatch_gaps_telescope_and_extend_diagnose():
    rng = np.random.default_rng(1)
    for ladder in rng.uniform(0, 0.3, size=(100, 5)):
        d = mismatch_diagnosis(*ladder)
        total = d["avoidable_bias"] + d["variance"] + d["data_mismatch"] + d["dev_overfitting"]
        assert total == pytest.approx(ladder[4] - ladder[0])
        assert d["recommendation"] in RECOMMENDATIONS
        # with no mismatch and no dev overfitting it says what diagnose says
        same = mismatch_diagnosis(ladder[0], ladder[1], ladder[2], ladder[2], ladder[2])
        assert same["recommendation"] == diagnose(*ladder[:3])["recommendation"]


def test_mismatch_rejects_bad_error_rates():
    with pytest.raises(ValueError, match=r"train_dev must be an error rate"):
        mismatch_diagnosis(0.0, 0.01, 9.0, 0.1, 0.1)
    with pytest.raises(ValueError, match=r"test must be a number"):
        mismatch_diagnosis(0.0, 0.01, 0.09, 0.1, None)


def test_every_recommendation_has_words_in_both_languages():
    for lang in ("en", "zh"):
        assert set(c3w2.TEXT[lang]["rec"]) == set(RECOMMENDATIONS)
        assert set(c3w2.TEXT[lang]["short"]) == set(RECOMMENDATIONS)
        week1_codes = {"avoidable_bias", "variance", "unclear", "none"}  # what diagnose returns
        assert set(c3w1.TEXT[lang]["rec"]) == set(c3w1.TEXT[lang]["short"]) == week1_codes


# --- error analysis ----------------------------------------------------------------

def test_make_error_spreadsheet_has_the_requested_column_totals():
    sheet = make_error_spreadsheet(100, [8, 43, 61, 0, 100], seed=3)
    assert sheet.shape == (100, 5) and sheet.dtype == bool
    np.testing.assert_array_equal(sheet.sum(axis=0), [8, 43, 61, 0, 100])
    assert np.array_equal(sheet, make_error_spreadsheet(100, [8, 43, 61, 0, 100], seed=3))
    assert not np.array_equal(sheet, make_error_spreadsheet(100, [8, 43, 61, 0, 100], seed=4))
    assert (sheet[:, :3].sum(axis=1) > 1).any()  # categories overlap


@pytest.mark.parametrize("counts", [[5, 101], [-1], [[1, 2]]])
def test_make_error_spreadsheet_rejects_bad_counts(counts):
    with pytest.raises(ValueError, match=r"counts must be a 1-D sequence of ints in \[0, n=100\]"):
        make_error_spreadsheet(100, counts)


def test_error_analysis_dog_example_gives_the_ceiling():
    rows = error_analysis_table(make_error_spreadsheet(100, [5], seed=0), ["dog"], dev_error=0.10)
    assert rows == [{"category": "dog", "count": 5, "share": pytest.approx(0.05),
                     "ceiling": pytest.approx(0.005), "best_error": pytest.approx(0.095)}]
    rows = error_analysis_table(make_error_spreadsheet(100, [50], seed=0), ["dog"], dev_error=0.10)
    assert rows[0]["best_error"] == pytest.approx(0.05)


def test_error_analysis_agrees_with_counting_loop_and_allows_overlap():
    errors = make_error_spreadsheet(100, [8, 43, 61, 12], seed=3).astype(int)
    names = ["dog", "great cat", "blurry", "filter"]
    rows = error_analysis_table(errors, names)
    for j, row in enumerate(rows):
        count = sum(1 for i in range(100) if errors[i][j])
        assert row == {"category": names[j], "count": count, "share": count / 100}
    assert sum(r["share"] for r in rows) > 1  # an image can be blurry and a great cat


def test_error_analysis_mislabeled_share_of_two_dev_errors():
    sheet = make_error_spreadsheet(100, [6], seed=1)
    high = error_analysis_table(sheet, ["mislabeled"], dev_error=0.10)[0]
    assert high["ceiling"] == pytest.approx(0.006) and high["best_error"] == pytest.approx(0.094)
    low = error_analysis_table(make_error_spreadsheet(100, [30], seed=1), ["mislabeled"],
                               dev_error=0.02)[0]
    assert low["ceiling"] == pytest.approx(0.006) and low["share"] == pytest.approx(0.3)


@pytest.mark.parametrize("errors,categories,dev_error,match", [
    (np.ones(5), ["a"], None, r"errors must be 2-D \(n examples, k categories\)"),
    (np.ones((0, 2)), ["a", "b"], None, r"with n >= 1, got shape \(0, 2\)"),
    (np.ones((4, 2)), ["a"], None, r"categories must be 2 distinct names"),
    (np.ones((4, 2)), ["a", "a"], None, r"categories must be 2 distinct names"),
    (np.ones((4, 1)), ["a"], 10.0, r"dev_error must be an error rate"),
])
def test_error_analysis_rejects_bad_input(errors, categories, dev_error, match):
    with pytest.raises(ValueError, match=match):
        error_analysis_table(errors, categories, dev_error=dev_error)


# --- split_counts ------------------------------------------------------------------

def test_split_counts_course_example_both_options():
    good = split_counts(10_000, 200_000, 2_500, 2_500)
    assert good == {"train": {"target": 5_000, "other": 200_000},
                    "dev": {"target": 2_500, "other": 0}, "test": {"target": 2_500, "other": 0}}
    bad = split_counts(10_000, 200_000, 2_500, 2_500, shuffle_all=True)
    assert bad["dev"]["target"] == pytest.approx(2_500 * 10 / 210)  # about 119
    assert bad["train"]["target"] + bad["train"]["other"] == pytest.approx(205_000)


def test_split_counts_conserve_every_example():
    for shuffle in (False, True):
        plan = split_counts(3_000, 7_000, 1_000, 500, shuffle_all=shuffle)
        assert sum(p["target"] for p in plan.values()) == pytest.approx(3_000)
        assert sum(p["other"] for p in plan.values()) == pytest.approx(7_000)
        assert plan["dev"]["target"] + plan["dev"]["other"] == pytest.approx(1_000)


@pytest.mark.parametrize("args,kwargs,match", [
    ((-1, 10, 1, 1), {}, "n_target must be a non-negative int"),
    ((10, 10.0, 1, 1), {}, "n_other must be a non-negative int"),
    ((10, 10, True, 1), {}, "n_dev must be a non-negative int"),
    ((0, 10, 0, 0), {}, "n_target must be positive"),
    ((10, 100, 6, 5), {}, r"larger than the data available for them \(target examples\)"),
    ((10, 100, 60, 60), {"shuffle_all": True}, r"\(all examples\)"),
])
def test_split_counts_rejects_bad_sizes(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        split_counts(*args, **kwargs)


# --- multitask_loss ----------------------------------------------------------------

def test_multitask_loss_hand_computation():
    # 2 tasks, 3 examples; NaN and -1 mark missing labels
    Y = np.array([[1.0, 0.0, np.nan],
                  [-1.0, 1.0, 0.0]])
    Y_hat = np.array([[0.8, 0.3, 0.9],
                      [0.5, 0.6, 0.2]])
    by_hand = -(np.log(0.8) + np.log(1 - 0.3) + np.log(0.6) + np.log(1 - 0.2)) / 3
    assert multitask_loss(Y_hat, Y) == pytest.approx(by_hand, rel=1e-12)
    # 0.22314 + 0.35667 + 0.51083 + 0.22314 = 1.31379, over m = 3 images
    assert multitask_loss(Y_hat, Y) == pytest.approx(1.3137877 / 3, rel=1e-6)


def test_multitask_loss_fully_labelled_matches_scipy_cross_entropy():
    rng = np.random.default_rng(0)
    Y = (rng.random((4, 50)) < 0.5).astype(float)
    Y_hat = rng.uniform(0.01, 0.99, size=(4, 50))
    expected = -np.sum(xlogy(Y, Y_hat) + xlogy(1 - Y, 1 - Y_hat)) / 50
    assert multitask_loss(Y_hat, Y) == pytest.approx(expected, rel=1e-12)


def test_multitask_loss_divides_by_m_not_by_the_number_of_labels():
    Y = np.array([[1.0, np.nan]])
    Y_hat = np.array([[0.5, 0.5]])
    assert multitask_loss(Y_hat, Y) == pytest.approx(np.log(2) / 2)


def test_unlabelled_entries_do_not_affect_the_loss_or_its_gradient():
    rng = np.random.default_rng(1)
    Y = (rng.random((3, 6)) < 0.5).astype(float)
    Y[0, 1], Y[2, 4], Y[1, 0] = np.nan, -1, np.nan
    Y_hat = rng.uniform(0.05, 0.95, size=(3, 6))
    base = multitask_loss(Y_hat, Y)
    changed = Y_hat.copy()
    changed[0, 1], changed[2, 4], changed[1, 0] = 0.01, 0.99, 0.5
    assert multitask_loss(changed, Y) == base
    grad = numerical_gradient(lambda: multitask_loss(Y_hat, Y), Y_hat)
    labelled = ~(np.isnan(Y) | (Y == -1))
    y = np.where(labelled, Y, 0)
    analytic = np.where(labelled, (Y_hat - y) / (Y_hat * (1 - Y_hat)), 0) / Y.shape[1]
    assert relative_difference(grad, analytic) < 1e-7
    assert np.all(grad[~labelled] == 0)


def test_multitask_loss_with_one_task_is_the_logistic_cost():
    rng = np.random.default_rng(2)
    y = (rng.random((1, 20)) < 0.5).astype(float)
    a = rng.uniform(0.05, 0.95, size=(1, 20))
    assert multitask_loss(a, y) == pytest.approx(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))


def test_multitask_loss_is_finite_at_extreme_predictions():
    Y = np.array([[1.0, 0.0, 1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            wrong = multitask_loss(np.array([[0.0, 1.0, 0.0, 1.0]]), Y)
            right = multitask_loss(np.array([[1.0, 0.0, 1.0, 0.0]]), Y)
    assert wrong == pytest.approx(-np.log(1e-12)) and np.isfinite(wrong)
    assert 0 <= right < 1e-11
    assert multitask_loss(np.full((2, 3), 0.5), np.full((2, 3), np.nan)) == 0.0


@pytest.mark.parametrize("Y_hat,Y,match", [
    (np.ones(3) * 0.5, np.ones(3), r"Y must be 2-D \(C, m\)"),
    (np.ones((2, 0)), np.ones((2, 0)), r"Y must be 2-D \(C, m\) with m >= 1"),
    (np.ones((2, 3)) * 0.5, np.ones((3, 2)), r"Y_hat must have the shape of Y \(3, 2\)"),
    (np.ones((1, 2)) * 0.5, np.array([[2.0, 1.0]]), r"Y must contain only 1, 0, and NaN or -1"),
    (np.array([[1.5, 0.5]]), np.array([[1.0, 0.0]]), r"Y_hat must hold probabilities"),
    (np.array([[np.nan, 0.5]]), np.array([[1.0, 0.0]]), r"Y_hat must hold probabilities"),
])
def test_multitask_loss_rejects_bad_input(Y_hat, Y, match):
    with pytest.raises(ValueError, match=match):
        multitask_loss(Y_hat, Y)


# --- the tables on the pages are the functions' results ---------------------------

def test_week1_tables_show_the_computed_choices():
    assert "**chosen**" in c3w1.satisficing_table("en").splitlines()[3]  # row of classifier B
    regions = c3w1.regions_table("en").splitlines()
    assert "**best**" in regions[4] and regions[4].startswith("| C |")
    case = c3w1.case_models()
    assert c3w1.case_choice() == "medium"
    assert case["large"]["f1"] > case["medium"]["f1"]  # the best model is too slow
    assert case["large"]["runtime_ms"] > c3w1.RUNTIME_BUDGET_MS


def test_week2_case_study_moves_from_mismatch_to_dev_overfitting():
    first, second = (mismatch_diagnosis(*r) for r in c3w2.CASE["rounds"])
    assert first["recommendation"] == "data_mismatch"
    assert second["recommendation"] == "dev_overfitting"
    assert [r["recommendation"] for r in map(lambda l: mismatch_diagnosis(*l), c3w2.LADDERS)] == [
        "variance", "data_mismatch", "avoidable_bias", "avoidable_bias", "dev_overfitting",
        "avoidable_bias"]
