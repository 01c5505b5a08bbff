"""Course 3 metrics against scikit-learn, an established implementation."""

import numpy as np
import pytest
from sklearn import metrics

from snippets.ml_strategy import confusion_matrix, precision_recall_f1


@pytest.mark.parametrize("seed", range(20))
def test_metrics_agree_with_scikit_learn_on_random_labels(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 60))
    y_true = (rng.random(m) < rng.random()).astype(int)  # includes all-0 and all-1 cases
    y_pred = (rng.random(m) < rng.random()).astype(int)
    expected = metrics.precision_recall_fscore_support(
        y_true, y_pred, average="binary", zero_division=0)[:3]
    np.testing.assert_allclose(precision_recall_f1(y_true, y_pred), expected, rtol=1e-12)
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred),
                                  metrics.confusion_matrix(y_true, y_pred, labels=[0, 1]))


@pytest.mark.parametrize("y_true,y_pred", [
    ([0, 0, 0], [0, 0, 0]),  # no positive labels, no positive predictions
    ([1, 1, 0], [0, 0, 0]),  # no positive predictions
    ([0, 0, 0], [1, 0, 1]),  # no positive labels
])
def test_degenerate_cases_match_scikit_learns_zero_division_0(y_true, y_pred):
    expected = metrics.precision_recall_fscore_support(
        y_true, y_pred, average="binary", zero_division=0)[:3]
    assert precision_recall_f1(y_true, y_pred) == pytest.approx(expected)
