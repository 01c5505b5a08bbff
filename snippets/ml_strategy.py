"""Course 3: Structuring Machine Learning Projects (ML strategy, Weeks 1 and 2).

This course is about decisions, so most functions here turn a judgement from
the lectures into a small computation that can be checked: evaluation metrics
(confusion matrix, precision, recall, F1, a weighted error), choosing a model
with one optimizing and several satisficing metrics, reading the gaps between
human-level, training, train-dev, dev and test error, error-analysis
spreadsheets, and the multi-task loss with missing labels.

Shapes follow the course: labels and predictions are rows ``(1, m)`` (a flat
``(m,)`` array is accepted too), a multi-task label matrix is ``(C, m)`` with one
example per column. Error rates are fractions in [0, 1], not percentages.

The diagnosis functions return plain dicts whose ``"recommendation"`` is one of
the machine-readable codes in ``RECOMMENDATIONS``; the figure module translates
them into words, so both languages render from the same code.

Every region between ``--8<-- [start:name]`` and ``--8<-- [end:name]`` is shown
on the Course 3 pages; run in page order they need nothing but NumPy (and the
``sigmoid`` region of ``snippets/logistic_regression.py``).
"""

from snippets.logistic_regression import sigmoid

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]


# --8<-- [start:check_labels]
def check_labels(y_true, y_pred, name="y_pred"):
    """Return (y_true, y_pred) as flat int arrays; raise ValueError on bad input.

    Both must have the same shape, ``(m,)`` or ``(1, m)``, and hold only 0 and 1.
    ``name`` is the second argument's name, used in the error message.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim not in (1, 2) or (y_true.ndim == 2 and y_true.shape[0] != 1):
        raise ValueError(f"y_true must have shape (m,) or (1, m), got {y_true.shape}")
    if y_pred.shape != y_true.shape:
        raise ValueError(f"{name} must have the shape of y_true {y_true.shape}, "
                         f"got {y_pred.shape}")
    for label, arr in (("y_true", y_true), (name, y_pred)):
        if not np.isin(arr, (0, 1)).all():
            raise ValueError(f"{label} must contain only the labels 0 and 1")
    return y_true.astype(int).ravel(), y_pred.astype(int).ravel()
# --8<-- [end:check_labels]


# --8<-- [start:confusion_matrix]
def confusion_matrix(y_true, y_pred):
    """Counts of the four outcomes of a binary classifier.

    Args:
        y_true: true labels, shape (m,) or (1, m), entries 0 or 1.
        y_pred: predicted labels, same shape, entries 0 or 1.

    Returns:
        A (2, 2) int array ``[[TN, FP], [FN, TP]]``: row = true label,
        column = predicted label (the layout scikit-learn uses).
    """
    y_true, y_pred = check_labels(y_true, y_pred)
    counts = np.bincount(2 * y_true + y_pred, minlength=4)  # 0:TN 1:FP 2:FN 3:TP
    return counts.reshape(2, 2)
# --8<-- [end:confusion_matrix]


# --8<-- [start:f1_score]
def f1_score(precision, recall):
    """Harmonic mean of precision and recall, 2PR / (P + R).

    Both arguments are numbers in [0, 1]. By convention F1 = 0 when
    P + R = 0 (the harmonic mean is undefined there, and a classifier with
    neither precision nor recall deserves the worst score).
    """
    for name, value in (("precision", precision), ("recall", recall)):
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must be a number in [0, 1], got {value!r}")
    if precision + recall == 0:
        return 0.0
    return float(2 * precision * recall / (precision + recall))
# --8<-- [end:f1_score]


# --8<-- [start:precision_recall_f1]
def precision_recall_f1(y_true, y_pred):
    """Precision, recall and F1 of binary predictions (the positive class is 1).

    Args:
        y_true: true labels, shape (m,) or (1, m), entries 0 or 1.
        y_pred: predicted labels, same shape, entries 0 or 1.

    Returns:
        (precision, recall, f1) as floats, where precision = TP / (TP + FP)
        and recall = TP / (TP + FN).

    Degenerate cases never divide by zero: precision is 0.0 when there are no
    positive predictions (TP + FP = 0), recall is 0.0 when there are no
    positive labels (TP + FN = 0), and F1 is 0.0 when both are 0 (the
    convention of scikit-learn's ``zero_division=0``).
    """
    (tn, fp), (fn, tp) = confusion_matrix(y_true, y_pred)
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return float(precision), float(recall), f1_score(precision, recall)
# --8<-- [end:precision_recall_f1]


# --8<-- [start:make_scores]
def make_scores(m, positive_rate=0.3, separation=2.0, seed=0):
    """A synthetic labelled data set with a classifier's scores, from a seed.

    Args:
        m: number of examples (positive int).
        positive_rate: probability that an example has label 1, in (0, 1).
        separation: how far apart the two classes' scores lie before the
            sigmoid, in standard deviations (larger = a better classifier).
        seed: int seed or ``numpy.random.Generator``.

    Returns:
        (y_true, scores): both of shape (1, m); ``y_true`` holds 0/1 ints and
        ``scores`` = sigmoid(z) in (0, 1) with z ~ N(+separation/2, 1) for
        label 1 and N(-separation/2, 1) for label 0.
    """
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
        raise ValueError(f"m must be a positive integer, got {m!r}")
    if not 0 < positive_rate < 1:
        raise ValueError(f"positive_rate must be in (0, 1), got {positive_rate!r}")
    rng = np.random.default_rng(seed)
    y_true = (rng.random((1, m)) < positive_rate).astype(int)
    z = rng.normal(size=(1, m)) + separation * (y_true - 0.5)
    return y_true, sigmoid(z)
# --8<-- [end:make_scores]


# --8<-- [start:precision_recall_curve]
def precision_recall_curve(y_true, scores, thresholds):
    """Precision and recall when predicting 1 for every score >= threshold.

    Args:
        y_true: true labels, shape (m,) or (1, m), entries 0 or 1.
        scores: the classifier's scores, same shape.
        thresholds: 1-D sequence of k thresholds.

    Returns:
        (precision, recall): two arrays of shape (k,), computed with
        ``precision_recall_f1`` (so with its conventions for empty cases).
    """
    scores = np.asarray(scores, dtype=float)
    if scores.shape != np.shape(y_true):
        raise ValueError(f"scores must have the shape of y_true {np.shape(y_true)}, "
                         f"got {scores.shape}")
    thresholds = np.asarray(thresholds, dtype=float)
    if thresholds.ndim != 1:
        raise ValueError(f"thresholds must be 1-D (k,), got shape {thresholds.shape}")
    pairs = [precision_recall_f1(y_true, (scores >= t).astype(int))[:2]
             for t in thresholds]
    precision, recall = np.array(pairs, dtype=float).reshape(-1, 2).T
    return precision, recall
# --8<-- [end:precision_recall_curve]


# --8<-- [start:pick_best]
def pick_best(models, optimizing, satisficing, maximize=True):
    """The best model on one optimizing metric among those meeting every threshold.

    Args:
        models: dict ``name -> {metric: value}``, e.g.
            ``{"A": {"accuracy": 0.90, "runtime_ms": 80}, ...}``.
        optimizing: name of the metric to optimize.
        satisficing: dict ``metric -> upper bound``; a model qualifies only if
            its value is <= the bound for every such metric (running time,
            false alarms per day, memory: "good enough" is "small enough").
        maximize: True if a larger optimizing metric is better (accuracy, F1),
            False if smaller is better (an error rate).

    Returns:
        The name of the best qualifying model (the first one on ties), or None
        if no model meets every satisficing threshold.
    """
    if not models:
        raise ValueError("models must be a non-empty dict name -> {metric: value}")
    needed = [optimizing, *satisficing]
    for name, metrics in models.items():
        missing = [k for k in needed if k not in metrics]
        if missing:
            raise ValueError(f"model {name!r} has no value for metric(s) {missing}")
    sign = 1 if maximize else -1
    best, best_value = None, -np.inf
    for name, metrics in models.items():
        if all(metrics[k] <= bound for k, bound in satisficing.items()):
            if sign * metrics[optimizing] > best_value:
                best, best_value = name, sign * metrics[optimizing]
    return best
# --8<-- [end:pick_best]


# --8<-- [start:weighted_error]
def weighted_error(y_true, y_pred, weights):
    """Error rate in which each example counts with its own weight.

    Args:
        y_true: true labels, shape (m,) or (1, m), entries 0 or 1.
        y_pred: predicted labels, same shape.
        weights: non-negative weights, same shape, not all zero (e.g. 1 for an
            ordinary image and 10 for one the product must never get wrong).

    Returns:
        (1 / sum_i w_i) * sum_i w_i * [y_pred_i != y_true_i], a float in [0, 1].
        With all weights equal it is the ordinary error rate.
    """
    weights = np.asarray(weights, dtype=float)
    if weights.shape != np.shape(y_true):
        raise ValueError(f"weights must have the shape of y_true {np.shape(y_true)}, "
                         f"got {weights.shape}")
    y_true, y_pred = check_labels(y_true, y_pred)
    weights = weights.ravel()
    if not np.all(np.isfinite(weights)) or np.any(weights < 0) or weights.sum() == 0:
        raise ValueError("weights must be finite and non-negative, and not all zero")
    return float(np.sum(weights * (y_pred != y_true)) / weights.sum())
# --8<-- [end:weighted_error]


# --8<-- [start:dev_set_size]
def dev_set_size(error, margin, z=1.96):
    """Examples needed so that one measured error rate is within +/- margin.

    Args:
        error: the error rate you expect to measure, in (0, 1).
        margin: the half-width you can accept, in (0, 1), e.g. 0.001 to
            measure one error rate to +/- 0.1%.
        z: the normal quantile for the confidence level (1.96 for 95%).

    Returns:
        The smallest int m_dev with z * sqrt(error * (1 - error) / m_dev) <= margin:
        m_dev = ceil(z^2 * error * (1 - error) / margin^2).

    Telling two models a margin apart is another question. Measured on two
    independent sets of m_dev examples, their difference has sqrt(2) times
    the spread of each error (use margin / sqrt(2) here). On one shared dev set,
    only the examples on which the two disagree add noise: if they disagree
    on a fraction d, the difference has a standard deviation of about
    sqrt(d / m_dev).
    """
    for name, value in (("error", error), ("margin", margin)):
        if not 0 < value < 1:
            raise ValueError(f"{name} must be a fraction in (0, 1), got {value!r}")
    m_dev = z ** 2 * error * (1 - error) / margin ** 2
    return int(np.ceil(m_dev - 1e-9))  # 1e-9: don't round 400.0000000001 up to 401
# --8<-- [end:dev_set_size]


# --8<-- [start:difference_sd]
def difference_sd(error_a, m_a, error_b, m_b):
    """Standard deviation of the difference of two error rates measured on independent sets.

    Args:
        error_a, error_b: the two measured error rates, in [0, 1].
        m_a, m_b: the sizes of the two sets, positive ints.

    Returns:
        sqrt(error_a (1 - error_a) / m_a + error_b (1 - error_b) / m_b), a float.
        With equal errors and sizes it is sqrt(2) times the standard deviation
        of each error. (On one shared set, use the disagreements instead: see
        ``dev_set_size``.)
    """
    for name, e in (("error_a", error_a), ("error_b", error_b)):
        if not 0 <= e <= 1:
            raise ValueError(f"{name} must be an error rate in [0, 1], got {e!r}")
    for name, m in (("m_a", m_a), ("m_b", m_b)):
        if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
            raise ValueError(f"{name} must be a positive int, got {m!r}")
    return float(np.sqrt(error_a * (1 - error_a) / m_a + error_b * (1 - error_b) / m_b))
# --8<-- [end:difference_sd]


# --8<-- [start:check_error_rates]
def check_error_rates(**rates):
    """Raise ValueError unless every keyword argument is an error rate in [0, 1]."""
    for name, value in rates.items():
        number = isinstance(value, (int, float, np.integer, np.floating))
        if isinstance(value, bool) or not number:
            raise ValueError(f"{name} must be a number (an error rate in [0, 1]), "
                             f"got {value!r}")
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must be an error rate in [0, 1] (a fraction, "
                             f"not a percentage), got {value!r}")
# --8<-- [end:check_error_rates]


# --8<-- [start:recommend]
# Machine-readable next steps; snippets/figures/c3w1.py and c3w2.py translate them.
RECOMMENDATIONS = ("avoidable_bias", "variance", "data_mismatch", "dev_overfitting",
                   "unclear", "none")
GAP_TOL = 1e-9  # gaps closer than this count as equal (floating-point noise)


def recommend(gaps, train_error):
    """The gap to work on next; ``gaps``: dict ordered from the training set towards
    the test set, first "avoidable_bias".

    - Normally: the largest gap (on a tie, the one that comes first in ``gaps``:
      fix the training set before the dev set); "none" if no gap is positive.
    - If training error is below the human-level proxy, the proxy no longer
      measures the avoidable bias; since Bayes error >= 0, all we know is
      that avoidable bias = train_error - Bayes error <= train_error. Another
      gap wins only if it is larger than train_error, else "unclear".
    """
    surpassed = gaps["avoidable_bias"] < -GAP_TOL
    best, size = None, -np.inf
    for name, gap in gaps.items():
        if surpassed and name == "avoidable_bias":
            continue
        if gap > size + GAP_TOL:
            best, size = name, gap
    if surpassed:
        return best if size > train_error + GAP_TOL else "unclear"
    return best if size > GAP_TOL else "none"
# --8<-- [end:recommend]


# --8<-- [start:diagnose]
def diagnose(human_error, train_error, dev_error):
    """Split the dev error into avoidable bias and variance (Course 3, Week 1).

    Args:
        human_error: human-level error, the proxy for Bayes error, in [0, 1].
        train_error: training-set error in [0, 1].
        dev_error: dev-set error in [0, 1].

    Returns:
        A dict with the keys
        ``"avoidable_bias"`` = train_error - human_error,
        ``"variance"`` = dev_error - train_error,
        ``"surpassed_human"`` = whether train_error < human_error, and
        ``"recommendation"``: ``"avoidable_bias"`` or ``"variance"`` (the larger
        gap), ``"unclear"`` (past human level, see ``recommend``) or ``"none"``.
    """
    check_error_rates(human_error=human_error, train_error=train_error,
                      dev_error=dev_error)
    gaps = {"avoidable_bias": train_error - human_error,
            "variance": dev_error - train_error}
    return {**gaps, "surpassed_human": bool(gaps["avoidable_bias"] < -GAP_TOL),
            "recommendation": recommend(gaps, train_error)}
# --8<-- [end:diagnose]


# --8<-- [start:make_error_spreadsheet]
def make_error_spreadsheet(n, counts, seed=0):
    """A synthetic error-analysis spreadsheet with given column totals.

    Args:
        n: number of misclassified dev examples looked at (rows).
        counts: sequence of k ints, how many rows are ticked in each column
            (category); each in [0, n].
        seed: int seed or ``numpy.random.Generator``; it decides which rows,
            so the categories overlap at random as they do in practice.

    Returns:
        A bool array of shape (n, k): entry (i, j) is True if example i falls
        into category j. Column j has exactly ``counts[j]`` True entries.
    """
    counts = np.asarray(counts)
    if counts.ndim != 1 or np.any(counts < 0) or np.any(counts > n):
        raise ValueError(f"counts must be a 1-D sequence of ints in [0, n={n}], "
                         f"got {counts}")
    rng = np.random.default_rng(seed)
    sheet = np.zeros((n, counts.size), dtype=bool)
    for j, c in enumerate(counts):
        sheet[rng.choice(n, size=int(c), replace=False), j] = True
    return sheet
# --8<-- [end:make_error_spreadsheet]


# --8<-- [start:error_analysis_table]
def error_analysis_table(errors, categories, dev_error=None):
    """Summarise an error-analysis spreadsheet: share and ceiling per category.

    Args:
        errors: array of shape (n, k), one row per misclassified dev example
            examined (a spreadsheet, so examples are rows here), one column per
            category; nonzero/True = the example falls into that category. An
            example may fall into several categories or none.
        categories: sequence of k distinct category names.
        dev_error: optional overall dev error in [0, 1].

    Returns:
        A list of k dicts, in the order of ``categories``, with the keys
        ``"category"``, ``"count"`` (ticked rows) and ``"share"`` = count / n,
        the largest fraction of the errors that fixing the category could
        remove. With ``dev_error`` also ``"ceiling"`` = dev_error * share (the
        most the dev error can drop) and ``"best_error"`` = dev_error - ceiling.
    """
    errors = np.asarray(errors)
    if errors.ndim != 2 or errors.shape[0] == 0:
        raise ValueError(f"errors must be 2-D (n examples, k categories) with n >= 1, "
                         f"got shape {errors.shape}")
    if len(categories) != errors.shape[1] or len(set(categories)) != len(categories):
        raise ValueError(f"categories must be {errors.shape[1]} distinct names, "
                         f"one per column of errors, got {list(categories)}")
    if dev_error is not None:
        check_error_rates(dev_error=dev_error)
    counts = (errors != 0).sum(axis=0)
    rows = []
    for name, count in zip(categories, counts):
        row = {"category": name, "count": int(count), "share": count / errors.shape[0]}
        if dev_error is not None:
            row["ceiling"] = dev_error * row["share"]
            row["best_error"] = dev_error - row["ceiling"]
        rows.append(row)
    return rows
# --8<-- [end:error_analysis_table]


# --8<-- [start:split_counts]
def split_counts(n_target, n_other, n_dev, n_test, shuffle_all=False):
    """Expected composition of train/dev/test when two data sources are combined.

    Args:
        n_target: examples from the distribution you care about (e.g. app photos).
        n_other: examples from another distribution (e.g. web photos).
        n_dev, n_test: sizes of the dev and test sets.
        shuffle_all: True to merge and shuffle everything before splitting
            (the option the course advises against); False to fill dev and test
            with target data only and put the rest into training.

    Returns:
        ``{"train": {"target": t, "other": o}, "dev": {...}, "test": {...}}``
        with expected counts (floats when shuffling, since each split then
        gets target examples in proportion n_target / (n_target + n_other)).
    """
    sizes = {"n_target": n_target, "n_other": n_other, "n_dev": n_dev, "n_test": n_test}
    for name, value in sizes.items():
        integer = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
        if not integer or value < 0:
            raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    if n_target == 0:
        raise ValueError("n_target must be positive: dev and test need target data")
    total = n_target + n_other
    if n_dev + n_test > (total if shuffle_all else n_target):
        raise ValueError("n_dev + n_test is larger than the data available for them "
                         f"({'all' if shuffle_all else 'target'} examples)")
    if shuffle_all:
        share = n_target / total
        parts = {"train": total - n_dev - n_test, "dev": n_dev, "test": n_test}
        return {k: {"target": n * share, "other": n * (1 - share)}
                for k, n in parts.items()}
    return {"train": {"target": n_target - n_dev - n_test, "other": n_other},
            "dev": {"target": n_dev, "other": 0},
            "test": {"target": n_test, "other": 0}}
# --8<-- [end:split_counts]


# --8<-- [start:mismatch_diagnosis]
def mismatch_diagnosis(human, train, train_dev, dev, test):
    """Read the error ladder human -> train -> train-dev -> dev -> test (Week 2).

    Args:
        human: human-level error (proxy for Bayes error), in [0, 1].
        train: training error.
        train_dev: error on the train-dev set (same distribution as training,
            not trained on).
        dev: dev-set error (the target distribution).
        test: test-set error (same distribution as dev).

    Returns:
        A dict with the four gaps
        ``"avoidable_bias"`` = train - human, ``"variance"`` = train_dev - train,
        ``"data_mismatch"`` = dev - train_dev, ``"dev_overfitting"`` = test - dev,
        plus ``"surpassed_human"`` (train < human) and ``"recommendation"``:
        the key of the largest gap, or ``"unclear"`` / ``"none"`` as explained
        in ``recommend``. A negative gap (a dev set easier than the training
        data, say) is reported as it is and never recommended.
    """
    check_error_rates(human=human, train=train, train_dev=train_dev, dev=dev, test=test)
    gaps = {"avoidable_bias": train - human, "variance": train_dev - train,
            "data_mismatch": dev - train_dev, "dev_overfitting": test - dev}
    return {**gaps, "surpassed_human": bool(gaps["avoidable_bias"] < -GAP_TOL),
            "recommendation": recommend(gaps, train)}
# --8<-- [end:mismatch_diagnosis]


# --8<-- [start:multitask_loss]
def multitask_loss(Y_hat, Y, eps=1e-12):
    """Multi-task logistic loss that skips missing labels.

    Args:
        Y_hat: predicted probabilities, shape (C, m): C tasks (labels per
            example, e.g. pedestrian / car / stop sign / traffic light), m
            examples as columns; entries in [0, 1].
        Y: labels, shape (C, m), entries 1, 0, or NaN / -1 for "not labelled".
        eps: Y_hat is clipped to [eps, 1 - eps], so a confident wrong
            prediction costs at most -log(eps) (about 27.6) instead of log(0).

    Returns:
        J = (1/m) * sum_i sum_j L(y_hat_j^(i), y_j^(i)) over the labelled
        entries only, with L the logistic loss -(y log y_hat + (1-y) log(1-y_hat)).
        The sum over tasks is divided by m, the number of examples (columns),
        not by the number of labelled entries, as in the course.
    """
    Y_hat, Y = np.asarray(Y_hat, dtype=float), np.asarray(Y, dtype=float)
    if Y.ndim != 2 or Y.shape[1] == 0:
        raise ValueError(f"Y must be 2-D (C, m) with m >= 1, got shape {Y.shape}")
    if Y_hat.shape != Y.shape:
        raise ValueError(f"Y_hat must have the shape of Y {Y.shape}, got {Y_hat.shape}")
    labelled = ~(np.isnan(Y) | (Y == -1))
    if not np.isin(Y[labelled], (0.0, 1.0)).all():
        raise ValueError("Y must contain only 1, 0, and NaN or -1 for missing labels")
    if not np.all((Y_hat >= 0) & (Y_hat <= 1)):
        raise ValueError("Y_hat must hold probabilities in [0, 1]")
    p = np.clip(Y_hat, eps, 1 - eps)
    y = np.where(labelled, Y, 0.0)
    losses = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return float(np.sum(losses * labelled) / Y.shape[1])
# --8<-- [end:multitask_loss]
