"""Numbers and comparisons stated by the captions and sentences of Courses 1-3.

Where a figure or a table comes from a training run, the test reads what the build drew: the
text of the SVG (legends and titles carry the measured numbers) or the Markdown table, from the
directory where the site build wrote them (the ``drawn`` fixture of tests/conftest.py: these
tests train nothing). Where the figure's computation is instant (a formula, a 2-D path of an
optimizer, a synthetic sample), the test calls the figure module's own code. Each test names
the page and the sentence it checks.
"""

import html
import re

import numpy as np
import pytest

from snippets.figures import LANGS

NUMBER = r"[-−]?\d+(?:\.\d+)?"


def texts(drawn, name, lang="en"):
    """Every text element of a drawn figure, e.g. "c1w2-timing", as a list of strings."""
    svg = (drawn[name.split("-")[0]] / f"{name}.{lang}.svg").read_text(encoding="utf-8")
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def grab(drawn, name, pattern, lang="en"):
    """The numbers captured by ``pattern`` in the figure's texts: one tuple per matching text."""
    found = [m.groups() for t in texts(drawn, name, lang) if (m := re.search(pattern, t))]
    assert found, (name, pattern)
    return [tuple(value(g) for g in groups) for groups in found]


def value(text):
    """A number from a table cell or a label: '89.2%' -> 0.892, '`[2, 7, 1]`' stays a string."""
    text = text.strip().strip("`*").replace("−", "-").replace(",", "")
    if text.endswith("%"):
        return float(text[:-1]) / 100
    try:
        return float(text)
    except ValueError:
        return text


def table(drawn, name, lang="en"):
    """The rows (lists of cells, header and separator left out) of a table the build wrote."""
    markdown = (drawn[name.split("-")[0]] / f"{name}.{lang}.md").read_text(encoding="utf-8")
    rows = [line.strip("|").split("|") for line in markdown.splitlines() if line.startswith("|")]
    return [[value(cell) for cell in row] for row in rows[2:]]


def test_numbers_in_each_figure_are_the_same_in_both_languages(drawn):
    """A figure states the same measured numbers in English and in Chinese (in its labels,
    legends and titles; tick labels alone may differ, as matplotlib places them by width)."""
    for module, directory in drawn.items():
        if not module.startswith(("c1", "c2", "c3")):
            continue
        for svg in sorted(directory.glob("*.en.svg")):
            name = svg.name[: -len(".en.svg")]
            labels = {lang: [t for t in texts(drawn, name, lang)
                             if not re.fullmatch(r"[\d.,\s%×−\-⁰¹²³⁴⁵⁶⁷⁸⁹⁻]*", t)] for lang in LANGS}
            numbers = {lang: sorted(re.findall(r"\d+(?:\.\d+)?", " ".join(labels[lang])))
                       for lang in LANGS}
            assert numbers["en"] == numbers["zh"], name


# --- Course 1 -------------------------------------------------------------------------------

def test_c1_activation_captions():
    """C1W1, C1W2, C1W3: the sigmoid's slope is at most 1/4 (at z = 0) and tiny beyond |z| = 5;
    sigmoid and tanh slopes vanish for large |z|; ReLU's slope is 1 for z > 0; leaky ReLU
    keeps its slope α for z < 0; a ReLU unit max(0, w·size + b) is never negative."""
    from snippets.activations import (leaky_relu_derivative, relu, relu_derivative,
                                      sigmoid_derivative, tanh_derivative)

    z = np.linspace(-20, 20, 4001)
    assert sigmoid_derivative(z).max() == pytest.approx(0.25) and sigmoid_derivative(0.0) == 0.25
    assert sigmoid_derivative(5.0) < 0.01 * 0.25 * 3  # under 3% of the top slope
    assert sigmoid_derivative(10.0) < 1e-4 and tanh_derivative(10.0) < 1e-8
    np.testing.assert_array_equal(relu_derivative(z[z > 0]), 1.0)
    np.testing.assert_allclose(leaky_relu_derivative(z[z < 0], 0.1), 0.1)
    assert relu(3.0 * z - 40).min() == 0.0


def test_c1w2_captions(drawn):
    """C1W2: all learning rates start from log 2; after 3000 iterations α = 0.001 is well above
    the lowest cost and α = 0.1 has reached it; vectorized code is many times faster; some
    points lie on the wrong side of the boundary."""
    from snippets.logistic_regression import initialize_with_zeros, propagate
    from snippets.datasets import make_blobs

    X, Y = make_blobs(m=300, seed=1, separation=2.5)
    w, b = initialize_with_zeros(2)
    assert propagate(w, b, X, Y)[1] == pytest.approx(np.log(2))  # the common start
    last = {lr: cost for lr, cost, _ in grab(drawn, "c1w2-learning-rates",
                                             rf"α = ({NUMBER}): cost ({NUMBER}) after ({NUMBER})")}
    (lowest, _), = grab(drawn, "c1w2-learning-rates", rf"lowest cost ({NUMBER}) \(α = 1, ({NUMBER})")
    assert set(last) == {0.001, 0.01, 0.1}
    assert last[0.001] - lowest > 0.1 and np.log(2) - last[0.001] > 0.2  # falling, still far
    assert last[0.1] - lowest < 1e-3
    factors = [f for f, in grab(drawn, "c1w2-timing", rf"×({NUMBER}) faster")]
    assert len(factors) == 2 and min(factors) > 10
    (accuracy,), = grab(drawn, "c1w2-decision-boundary", rf"training accuracy ({NUMBER})%")
    assert 80 < accuracy < 100


def test_c1w3_captions_and_the_initialization_paragraph(drawn):
    """C1W3: logistic regression gets about half the flower right, four tanh units most of it;
    one or two hidden units leave whole petals wrong, three to five follow the petals, twenty
    and fifty are slightly higher. The paragraph under the initialization table: zeros never
    learn; equal weights learn as one unit (about the one-unit network's accuracy); random ×
    0.01 learns well; × 10 recovers after a costly start; × 100 saturates and does not."""
    (logistic,), (network,) = grab(drawn, "c1w3-flower", rf"^training accuracy ({NUMBER})%")
    assert 40 <= logistic <= 60 and network >= 90
    hidden = dict(grab(drawn, "c1w3-hidden-sizes", rf"n_h = ({NUMBER}): accuracy ({NUMBER})%"))
    assert max(hidden[1], hidden[2]) < 80
    assert min(hidden[3], hidden[4], hidden[5]) >= 90
    assert min(hidden[20], hidden[50]) > max(hidden[3], hidden[4], hidden[5])
    assert max(hidden[20], hidden[50]) - max(hidden[3], hidden[4], hidden[5]) <= 3  # slightly
    rows = {row[0]: row[1:] for row in table(drawn, "c1w3-initialization")}
    zeros, equal, course, ten, hundred = rows.values()
    assert zeros[2] == "1 / 4" and zeros[3] == 0.5
    assert equal[2] == "1 / 4" and abs(100 * equal[3] - hidden[1]) <= 2
    assert course[2] == "4 / 4" and course[3] > 0.9
    assert ten[1] > 5 and ten[3] > 0.9  # costly start, then it recovers
    assert hundred[0] > 0.9 and hundred[3] < 0.8


def test_c1w4_captions(drawn):
    """C1W4: k layers of two ReLU units make 2, 4, 8, 16 pieces; the small 2-layer network
    stalls on a plateau, the 4-layer one keeps improving and ends lowest, the wide 2-layer one
    with as many parameters gets close but more slowly; the larger networks fit more petals."""
    pieces = grab(drawn, "c1w4-sawtooth", rf"k = ({NUMBER}): ({NUMBER}) pieces")
    assert pieces == [(k, 2.0 ** k) for k in (1, 2, 3, 4)]
    small, wide, deep = table(drawn, "c1w4-training")
    name, size, start, at500, at2500, end, accuracy = range(7)
    assert small[at2500] - small[end] < 0.005  # a plateau
    assert deep[at2500] - deep[end] > 0.005 and deep[end] < wide[end] < small[end]
    assert wide[size] == deep[size] and wide[end] < 1.25 * deep[end]  # gets close ...
    assert wide[at500] > deep[at500] + 0.05 and wide[at2500] > deep[at2500]  # ... more slowly
    assert small[accuracy] < min(wide[accuracy], deep[accuracy])


# --- Course 2 -------------------------------------------------------------------------------

def test_c2w1_bias_variance_and_regularization_captions(drawn):
    """C2W1: degree 1 has high, close training and dev errors; degree 4 both low; degree 15 a
    training error near 0 and a dev error far larger. Without regularization the network fits
    every training example; L2 and dropout lower the training accuracy, raise the test
    accuracy and shrink the gap; dropout smooths less than L2 (larger weights)."""
    d1, d4, d15 = grab(drawn, "c2w1-bias-variance", rf"train MSE ({NUMBER}), dev MSE ({NUMBER})")
    assert min(d1) > 0.2 and abs(d1[0] - d1[1]) < 0.1
    assert max(d4) < 0.1
    assert d15[0] < 0.01 and d15[1] > 4 * d4[1]
    rows = {row[0]: row[1:] for row in table(drawn, "c2w1-accuracy")}
    (train0, test0, gap0, weights0), *regularized = rows.values()
    assert train0 == 1.0
    for train, test, gap, _ in regularized:
        assert train < train0 and test > test0 and abs(gap) < gap0
    l2, dropout = list(rows.values())[1:3]
    assert l2[3] < dropout[3] < weights0
    titles = grab(drawn, "c2w1-boundaries", rf"train ({NUMBER})%, test ({NUMBER})%")
    assert titles[0][0] == 100


def test_c2w1_early_stopping_caption(drawn):
    """C2W1: the training cost keeps falling while the dev cost reaches its minimum early and
    then climbs; early stopping keeps the parameters at the dashed line."""
    (train_stop, train_end), = grab(drawn, "c2w1-early-stopping",
                                    rf"^training cost: ({NUMBER}) at the dashed line, ({NUMBER})")
    (dev_stop, dev_end), = grab(drawn, "c2w1-early-stopping",
                                rf"^dev cost: ({NUMBER}) at the dashed line, ({NUMBER})")
    (iteration,), = grab(drawn, "c2w1-early-stopping", rf"iteration ({NUMBER})\): stop here")
    assert train_end < train_stop and dev_end > dev_stop
    assert iteration < 6000 / 4  # early in the 6000 iterations
    rows = table(drawn, "c2w1-accuracy")
    assert f"iteration {iteration:.0f}" in rows[-1][0]  # the table's early-stopping row


def test_c2w1_initialization_captions(drawn):
    """C2W1: with He the activation spread stays between about 0.5 and 0.85 at every depth;
    weights × 10 grow it about 70-fold per layer, × 0.01 make it vanish, Xavier halves the
    variance per layer, zeros give 0. Zeros: the cost stays at log 2; random × 10 starts huge
    and ends higher than He, which ends lowest."""
    from snippets.figures import c2w1

    stds = c2w1.activation_stds()
    assert 0.45 < stds["he"].min() and stds["he"].max() < 0.85
    growth = np.exp(np.mean(np.log(stds["large"][1:] / stds["large"][:-1])))
    assert 60 < growth < 80
    assert stds["small"][-1] < 1e-15 and not stds["zeros"].any()
    halving = np.exp(np.mean(np.log((stds["xavier"][1:] / stds["xavier"][:-1]) ** 2)))
    assert 0.4 < halving < 0.6
    zeros, random10, he = (row[1:] for row in table(drawn, "c2w1-initialization"))
    assert zeros[0] == zeros[1] == pytest.approx(np.log(2), abs=5e-4)
    assert random10[0] > 5 and random10[1] > he[1] and he[1] < he[0]


def test_c2w1_difference_errors_caption():
    """C2W1: the one-sided error falls with slope 1 and the two-sided with slope 2; the
    two-sided estimate is best for ε between about 1e-6 and 1e-5 (errors of 1e-10 or less)
    and still about 1e-10 at ε = 1e-7."""
    from snippets.gradient_check import one_sided_difference, two_sided_difference

    f = lambda theta: theta ** 3  # noqa: E731 (the figure's function, exact f'(1) = 3)
    eps = np.logspace(-12, -1, 45)
    one = np.array([abs(one_sided_difference(f, 1.0, e) - 3) for e in eps])
    two = np.array([abs(two_sided_difference(f, 1.0, e) - 3) for e in eps])
    big = eps >= 1e-3
    assert np.polyfit(np.log10(eps[big]), np.log10(one[big]), 1)[0] == pytest.approx(1, abs=0.05)
    assert np.polyfit(np.log10(eps[big]), np.log10(two[big]), 1)[0] == pytest.approx(2, abs=0.05)
    assert 1e-6 <= eps[np.argmin(two)] <= 1e-5
    assert two[(eps >= 1e-6 * 0.99) & (eps <= 1e-5 * 1.01)].max() <= 1e-10
    at = two[np.argmin(np.abs(np.log10(eps) + 7))]
    assert 3e-11 < at < 3e-10


def test_c2w2_mini_batch_caption(drawn):
    """C2W2: the full batch makes 30 updates and ends far above the others; mini-batches of 32
    make 10 updates per epoch and end much lower; single examples make 300 per epoch, their
    costs range from near 0 to above the top of the plot (1.2)."""
    (per_b, first, last_b), = grab(drawn, "c2w2-mini-batch",
                                   rf"^batch \(size 300\): ({NUMBER}) update per epoch, cost "
                                   rf"({NUMBER}) → ({NUMBER})")
    (per_m, last_m), = grab(drawn, "c2w2-mini-batch",
                            rf"^mini-batch \(size 32\): ({NUMBER}) updates per epoch, last "
                            rf"epoch's mean ({NUMBER})")
    (per_s, low, high), = grab(drawn, "c2w2-mini-batch",
                               rf"^stochastic \(size 1\): ({NUMBER}) updates per epoch, costs "
                               rf"({NUMBER}) to ({NUMBER})")
    assert (per_b, per_m, per_s) == (1, 10, 300)
    assert last_b > 0.5 and last_b - last_m > 0.2
    assert low < 0.01 and high > 1.2


def test_c2w2_average_and_path_captions():
    """C2W2: β = 0.98 without bias correction is still about a third too low after 50 days,
    every uncorrected curve starts at (1 - β)θ₁; on the bowl gradient descent zigzags,
    momentum overshoots and turns back, RMSprop flattens the steep direction first; on
    Rosenbrock's function all reach the valley at once, gradient descent is short of the bend,
    momentum past it, and Adam is closest to the minimum, then RMSprop; at the saddle gradient
    descent reaches the plateau within about 50 steps and stays until about step 150, RMSprop
    and Adam leave within about 50; the decay schedules halve, lose 5% and hold for 10 epochs."""
    from snippets.figures import c2w2
    from snippets.optimization import (elongated_quadratic_gradient, exponential_lr_decay,
                                       exponentially_weighted_average, optimizer_path,
                                       rosenbrock_gradient, saddle, saddle_gradient,
                                       schedule_lr_decay, update_lr)

    rng = np.random.default_rng(4)  # the figure's series
    days = np.arange(1, 151)
    theta = 15 + 8 * np.sin(days / 20) + rng.normal(scale=3, size=days.size)
    for beta in (0.5, 0.9, 0.98):
        raw = exponentially_weighted_average(theta, beta, False)
        assert raw[0] == pytest.approx((1 - beta) * theta[0])
    ratio = (exponentially_weighted_average(theta, 0.98, False)[49]
             / exponentially_weighted_average(theta, 0.98, True)[49])
    assert 0.6 < ratio < 0.72  # about a third too low
    paths = {n: optimizer_path(elongated_quadratic_gradient, (-9.0, 1.5), n, num_steps=40, **s)
             for n, s in c2w2.QUADRATIC_RUNS.items()}
    signs = np.sign(paths["gd"][1][1:])
    assert np.mean(signs[1:] != signs[:-1]) > 0.9  # zigzag
    w1 = paths["momentum"][0]
    assert w1.max() > 0.5 and w1[-1] < w1.max()  # overshoots, turns back
    w1, w2 = paths["rmsprop"]
    first_flat = np.argmax(np.abs(w2) < 0.05)
    assert first_flat <= 5 and w1[first_flat] < -5  # the steep direction goes first
    ends = {n: optimizer_path(rosenbrock_gradient, (-1.5, 2.0), n, num_steps=1000, **s)
            for n, s in c2w2.ROSENBROCK_RUNS.items()}
    for path in ends.values():
        assert np.argmax(np.abs(path[1] - path[0] ** 2) < 0.1) <= 10  # in the valley at once
    distance = {n: np.linalg.norm(p[:, -1] - 1) for n, p in ends.items()}
    assert distance["adam"] < distance["rmsprop"] < min(distance["gd"], distance["momentum"])
    assert ends["gd"][0, -1] < 0 < ends["momentum"][0, -1] < 1  # short of / past the bend
    for name, settings in c2w2.SADDLE_RUNS.items():
        f = saddle(optimizer_path(saddle_gradient, (1.0, 1e-6), name, num_steps=300, **settings))
        on = np.flatnonzero(np.abs(f - 1) < 0.05)
        if name == "gd":
            assert on[0] <= 50 and 140 <= on[-1] <= 170
        elif name in ("rmsprop", "adam"):
            assert np.argmax(f < 0.5) <= 50
    assert update_lr(0.2, 10, 0.1) == pytest.approx(0.1)
    assert exponential_lr_decay(0.2, 10, 0.95) > 0.1
    assert exponential_lr_decay(0.2, 11, 0.95) == pytest.approx(0.95 * exponential_lr_decay(0.2, 10, 0.95))
    assert {schedule_lr_decay(0.2, e, 1.0, time_interval=10) for e in range(10, 20)} == {0.1}


def test_c2w2_optimizer_comparison(drawn):
    """C2W2: on the moons, momentum's curve lies on top of gradient descent's, and RMSprop and
    Adam end about eight times lower."""
    rows = {row[0]: row[1] for row in table(drawn, "c2w2-moons")}
    gd, momentum, rmsprop, adam = rows.values()
    assert abs(gd - momentum) < 0.01
    for cost in (rmsprop, adam):
        assert 6 < gd / cost < 10


def test_c2w3_captions(drawn):
    """C2W3: the grid tests 5 learning rates, the random points 25, and the best random trial
    lands closer to the minimum; uniform sampling puts 90% of α in the top decade and log
    sampling 25% per decade; without batch norm layer 3's input drifts and widens, with it
    barely moves; softmax regression gets most points right."""
    from snippets.figures.c2w3 import dev_error
    from snippets.tuning import grid_points, random_points

    grid, rand = grid_points([-4.0, 0.0], [0.0, 1.0], 5), random_points([-4.0, 0.0], [0.0, 1.0], 25, rng=3)
    assert len(np.unique(grid[0])) == 5 and len(np.unique(rand[0])) == 25
    best = [pts[0, np.argmin(dev_error(pts[0]))] for pts in (grid, rand)]
    assert abs(best[1] + 2.3) < abs(best[0] + 2.3)  # the minimum is at log10 α = -2.3
    shares = [s for s, in grab(drawn, "c2w3-log-scale", rf"^({NUMBER})%$")]
    assert shares[:4] == [0, 1, 9, 90] and shares[4:] == [25, 25, 25, 25]
    (without, with_bn) = grab(drawn, "c2w3-bn-distribution",
                              rf"move by up to ({NUMBER}), 15–85 spreads end ×({NUMBER}) to "
                              rf"×({NUMBER})")
    assert without[0] > 4 * with_bn[0] and without[1] > 1.3
    assert 0.75 < with_bn[1] and with_bn[2] < 1.25
    (accuracy,), = grab(drawn, "c2w3-softmax-regions", rf"training accuracy ({NUMBER})%")
    assert 90 <= accuracy < 100


# --- Course 3 -------------------------------------------------------------------------------

def test_c3w1_captions_and_case_study(drawn):
    """C3W1: precision climbs (dips under 0.01) and recall falls as the threshold rises, F1
    peaks in between; in the last row of the right panel training error is below the human
    tick; the longer coloured segment decides. Case study: the large network is the best
    but too slow; with the panel the avoidable bias is 1.1% and the variance 4.6%, and even
    with the single annotator (already beaten) the variance exceeds the training error."""
    from snippets.figures import c3w1
    from snippets.ml_strategy import diagnose, f1_score, make_scores, precision_recall_curve

    y, scores = make_scores(2000, positive_rate=0.3, separation=2.0, seed=0)
    thresholds = np.linspace(0.02, 0.98, 97)
    thresholds = thresholds[thresholds <= scores.max()]
    precision, recall = precision_recall_curve(y, scores, thresholds)
    assert np.diff(precision).min() > -0.01 and precision[-1] > precision[0] + 0.3
    assert np.all(np.diff(recall) <= 0)
    f1 = [f1_score(p, r) for p, r in zip(precision, recall)]
    assert 0 < np.argmax(f1) < len(f1) - 1
    human, train, dev = c3w1.NEAR_CASES[-1]
    assert train < human and diagnose(human, train, dev)["recommendation"] == "unclear"
    for human, train, dev in c3w1.CAT_CASES + c3w1.FAR_CASES + c3w1.NEAR_CASES[:-1]:
        d = diagnose(human, train, dev)
        longer = "avoidable_bias" if d["avoidable_bias"] > d["variance"] else "variance"
        assert d["recommendation"] == longer
    models = {row[0]: row for row in table(drawn, "c3w1-case-models")}
    assert models["large"][1] == "240 ms" and models["medium"][-1] == "chosen"
    assert models["large"][4] == max(row[4] for row in models.values())
    panel, single = table(drawn, "c3w1-case-diagnosis")
    assert (panel[4], panel[5]) == pytest.approx((0.011, 0.046))
    assert single[4] < 0 and single[5] > single[2]


def test_c3w2_sentences_and_ladder(drawn):
    """C3W2: 5 dogs of 100 errors cap the gain at 10% -> 9.5%, 50 could halve it; 0.6 points of
    label errors are 0.6 against 9.4 at 10% and 30% of 2%; row D's avoidable bias (10 points)
    beats its data mismatch (9); the rear-view mirror row is a tie (3 points each) and the
    model is at human level on mirror speech; the shaded step is the largest gap; in the case
    study the mismatch (8 points) is far larger than every other gap, shrinks to 0.8, and the
    1.7-point dev-test gap is about 3.7 standard deviations; car noise explains 55% of the
    errors, 12% -> 5.4%."""
    from snippets.figures import c3w2
    from snippets.ml_strategy import difference_sd, mismatch_diagnosis

    five, fifty = table(drawn, "c3w2-dogs")
    assert five[3] == pytest.approx(0.095) and fifty[3] == pytest.approx(fifty[2] / 2)
    ten, two = table(drawn, "c3w2-labels")
    assert (ten[1], ten[2]) == pytest.approx((0.006, 0.094)) and two[3] == pytest.approx(0.30)
    ladder = {row[0]: row for row in table(drawn, "c3w2-ladder")}
    bias, variance, mismatch, overfit = 6, 7, 8, 9
    assert (ladder["D"][bias], ladder["D"][mismatch]) == pytest.approx((0.10, 0.09))
    assert ladder["D"][10].startswith("avoidable bias")
    mirror = ladder["rear-view mirror speech"]
    assert mirror[bias] == mirror[variance] == pytest.approx(0.03) and mirror[10].startswith("tie")
    general = table(drawn, "c3w2-general")
    assert general[0][2] == general[1][2] == general[2][2]  # at human level on mirror speech
    for rung in c3w2.LADDERS[:5] + c3w2.CASE["rounds"]:
        d = mismatch_diagnosis(*rung)
        gaps = [d[k] for k in c3w2.RUNG_OF]
        assert c3w2.RUNG_OF[d["recommendation"]] == int(np.argmax(gaps))
    (round1,), (round2,) = table(drawn, "c3w2-case-round-1"), table(drawn, "c3w2-case-round-2")
    assert round1[mismatch] == pytest.approx(0.08)
    assert round1[mismatch] > 4 * max(round1[bias], round1[variance], round1[overfit])
    assert (round2[mismatch], round2[overfit]) == pytest.approx((0.008, 0.017))
    z = round2[overfit] / difference_sd(round2[4], 5000, round2[5], 5000)
    assert 3.5 < z < 4
    noise = table(drawn, "c3w2-case-errors")[0]
    assert (noise[2], noise[4]) == pytest.approx((0.55, 0.054)) and round1[4] == pytest.approx(0.12)
