"""Tests that prove the corrections listed on the errata page (Course 1).

Each test is named on docs/*/errata.md next to the mistake it settles.
"""

import numpy as np
import pytest

from snippets.logistic_regression import propagate, sigmoid
from tests.helpers import numerical_gradient


def test_supervised_learning_is_jiandu_xuexi():
    """C1W1: the Chinese term for supervised learning is 监督学习 (the glossary's), never 监管学习."""
    from pathlib import Path

    zh = Path(__file__).resolve().parent.parent / "docs" / "zh"
    rows = [line.split("|")[1:3] for line in (zh / "glossary.md").read_text(encoding="utf-8")
            .splitlines() if line.startswith("| ")]
    assert dict((e.strip(), c.strip()) for e, c in rows)["supervised learning"] == "监督学习"
    pages = [p.read_text(encoding="utf-8") for p in zh.rglob("*") if p.suffix in (".md", ".py")]
    assert sum("监督学习" in text for text in pages) >= 3
    assert not any("监管学习" in text for text in pages if "Supervised Learning 监管学习" not in text)


def test_cost_is_the_average_loss_a_scalar():
    """C1W2: J = (1/m) Σ L(a, y) is one number, not the (1, m) row of losses / m."""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(3, 8)), (rng.random((1, 8)) > 0.5).astype(float)
    w, b = rng.normal(size=(3, 1)), 0.1
    A = sigmoid(w.T @ X + b)
    losses = -(Y * np.log(A) + (1 - Y) * np.log(1 - A))  # (1, m): one loss per example
    _, cost = propagate(w, b, X, Y)
    assert np.ndim(cost) == 0 and losses.shape == (1, 8)
    assert np.isclose(cost, losses.mean())
    assert not np.isclose(cost, (losses / 8)[0, 0])  # the unsummed formula is not J


def test_prediction_is_sigmoid_of_the_linear_score():
    """C1W2: ŷ = σ(wᵀx + b) lies in (0, 1); the linear score wᵀx + b does not."""
    rng = np.random.default_rng(1)
    X, w = rng.normal(size=(4, 100)) * 3, rng.normal(size=(4, 1))
    z = w.T @ X + 0.5
    a = sigmoid(z)
    assert z.min() < 0 and z.max() > 1
    assert np.all((a > 0) & (a < 1))


def _curvature_along(cost, w0, direction, ts):
    values = np.array([cost(w0 + t * direction) for t in ts])
    return values[:-2] - 2 * values[1:-1] + values[2:]  # second differences


def test_cross_entropy_is_convex_squared_error_is_not():
    """C1W2: with a sigmoid output, the squared error is non-convex in w (flat regions, local
    minima), while the cross-entropy cost is convex."""
    X = np.array([[-4.0, -1.0, 1.0, 5.0]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0]])

    def cross_entropy(w):
        return propagate(np.array([[w]]), 0.0, X, Y)[1]

    def squared_error(w):
        return float(np.mean((sigmoid(w * X) - Y) ** 2) / 2)

    ts = np.linspace(-6, 6, 601)
    assert _curvature_along(cross_entropy, 0.0, 1.0, ts).min() > -1e-12
    assert _curvature_along(squared_error, 0.0, 1.0, ts).min() < -1e-6
    _squared_error_has_flat_regions_and_can_have_two_local_minima()


def _squared_error_and_gradient(theta, X, Y):
    """Summed squared error 1/2 sum (σ(wᵀx + b) - y)² with theta = (w, b), and its gradient."""
    a = sigmoid(theta[:-1] @ X + theta[-1])
    g = (a - Y) * a * (1 - a)
    return 0.5 * float(np.sum((a - Y) ** 2)), np.append(X @ g, np.sum(g))


def _squared_error_has_flat_regions_and_can_have_two_local_minima():
    """C1W2 (the Week 2 page): one example's squared error has no stationary point at a finite
    (w, b), but flat regions near its worst value; a summed cost can have two local minima."""
    from scipy.optimize import minimize

    # one example: the gradient (a - y) a (1 - a) x~ never vanishes, but it gets tiny
    x, y = np.array([1.5, -2.0]), 1.0
    rng = np.random.default_rng(0)
    for theta in rng.normal(scale=2, size=(1000, 3)):  # |z| up to about 20
        assert np.linalg.norm(_squared_error_and_gradient(theta, x[:, None], y)[1]) > 0
    loss, grad = _squared_error_and_gradient(np.array([-4.0, 4.0, 0.0]), x[:, None], y)  # z = -14
    assert loss > 0.4999 and np.linalg.norm(grad) < 1e-5  # wrong, and almost flat

    # nine examples with two features: gradient descent from two starts ends in two minima
    X = np.array([[-2, 0, 0, 1, 2, 1, 2, 3, -4], [0, 1, 2, -1, 1, -1, 0, 1, 2]], dtype=float)
    Y = np.array([0, 1, 0, 0, 0, 1, 1, 1, 1], dtype=float)
    minima = []
    for start in ([0.0, 0.0, 0.0], [-1.0, -3.0, 5.0]):
        result = minimize(_squared_error_and_gradient, start, args=(X, Y), jac=True,
                          method="BFGS", options={"gtol": 1e-12})
        theta = result.x
        assert np.linalg.norm(_squared_error_and_gradient(theta, X, Y)[1]) < 1e-9
        eps = 1e-5
        hessian = np.array([(_squared_error_and_gradient(theta + eps * e, X, Y)[1]
                             - _squared_error_and_gradient(theta - eps * e, X, Y)[1]) / (2 * eps)
                            for e in np.eye(3)])
        assert np.linalg.eigvalsh((hessian + hessian.T) / 2).min() > 1e-3  # a strict minimum
        minima.append((theta, result.fun))
    (theta1, cost1), (theta2, cost2) = minima
    assert np.linalg.norm(theta1 - theta2) > 5 and cost2 > cost1 + 0.25  # the second is worse


def test_gradient_has_the_one_over_m_factor():
    """C1W2: dw = (1/m) X (A - Y)ᵀ; without 1/m it is m times the true gradient."""
    rng = np.random.default_rng(2)
    m = 10
    X, Y = rng.normal(size=(2, m)), (rng.random((1, m)) > 0.5).astype(float)
    w = rng.normal(size=(2, 1))
    numeric = numerical_gradient(lambda: propagate(w, 0.0, X, Y)[1], w)
    A = sigmoid(w.T @ X)
    assert np.allclose(numeric, X @ (A - Y).T / m, atol=1e-9)
    assert not np.allclose(numeric, X @ (A - Y).T)


def test_np_dot_of_two_rows_fails_use_sum_of_squares():
    """C1W2: np.dot(d, d) needs rank-1 arrays; with (1, m) rows write np.sum(d ** 2)."""
    d = np.array([[0.1, -0.2, 0.3]])
    with pytest.raises(ValueError):
        np.dot(d, d)
    assert np.isclose(np.sum(d ** 2), 0.14)


def test_derivatives_of_powers_and_log():
    """C1W2: d/da a² = 2a, d/da a³ = 3a², d/da ln a = 1/a (derivatives, not differentials)."""
    a, h = 2.0, 1e-5
    for f, df in ((lambda x: x ** 2, 2 * a), (lambda x: x ** 3, 3 * a ** 2), (np.log, 1 / a)):
        assert np.isclose((f(a + h) - f(a - h)) / (2 * h), df, rtol=1e-8)


# --- Course 1 Week 3 ---------------------------------------------------------

def _c1w3_train(parameters, X, Y, steps):
    """Gradient descent steps (alpha = 1.2) on the Week 3 network."""
    from snippets.shallow_network import backward_propagation, forward_propagation, update_parameters

    for _ in range(steps):
        _, cache = forward_propagation(X, parameters)
        parameters = update_parameters(parameters, backward_propagation(parameters, cache, X, Y), 1.2)
    return parameters


def test_tanh_ranges_over_minus_one_to_one_and_is_a_rescaled_sigmoid():
    """C1W3: tanh maps onto (-1, 1) and is centred on 0, not onto (0, 1);
    tanh z = 2σ(2z) − 1 is the sigmoid shifted and rescaled, not a shift of it."""
    from snippets.activations import tanh

    z = np.linspace(-20, 20, 10001)
    t = tanh(z)
    assert t.min() == -1.0 and t.max() == 1.0  # reached only by rounding at |z| = 20
    assert np.all(np.abs(tanh(np.linspace(-5, 5, 101))) < 1)
    assert np.isclose(t.mean(), 0.0, atol=1e-12) and np.isclose(sigmoid(z).mean(), 0.5)
    np.testing.assert_allclose(t, 2 * sigmoid(2 * z) - 1, atol=1e-15)
    # no shift alone: tanh(z) - σ(z) is not a constant, and the slopes at 0 are 1 and 1/4
    assert np.ptp(t - sigmoid(z)) > 0.9
    slope = lambda f: (f(1e-6) - f(-1e-6)) / 2e-6  # noqa: E731
    assert slope(tanh) == pytest.approx(1.0) and slope(sigmoid) == pytest.approx(0.25)


def test_relu_is_max_of_zero_and_z_not_a_constant():
    """C1W3: ReLU, the rectified linear unit, is a = max(0, z), with slope 0 for z < 0
    and 1 for z > 0; "max(0, 1)" would be the constant 1."""
    from snippets.activations import relu, relu_derivative

    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(relu(z), [0.0, 0.0, 3.0])
    assert max(0, 1) == 1 and not np.array_equal(relu(z), np.ones(3))
    np.testing.assert_array_equal(relu_derivative(np.array([-2.0, 3.0])), [0.0, 1.0])


def test_hidden_weights_are_centred_and_b1_has_n1_rows():
    """C1W3: W1 = randn(n1, n0) * 0.01 and b1 = zeros((n1, 1)); np.random.rand((a, b))
    raises TypeError, np.zero does not exist, and a bias of shape (n0, 1) does not fit."""
    from snippets.shallow_network import forward_propagation, initialize_parameters

    with pytest.raises(TypeError):
        np.random.rand((4, 2))  # rand takes separate ints, not a shape tuple
    assert not hasattr(np, "zero")
    n0, n1 = 2, 4
    p = initialize_parameters(n0, n1, 1, seed=0)
    assert p["W1"].shape == (n1, n0) and p["b1"].shape == (n1, 1)
    big = initialize_parameters(200, 300, 1, seed=0)["W1"]
    assert big.min() < 0 < big.max() and abs(big.mean()) < 1e-4  # centred, both signs
    X = np.ones((n0, 5))
    assert (p["W1"] @ X + p["b1"]).shape == (n1, 5)
    with pytest.raises(ValueError):
        p["W1"] @ X + np.zeros((n0, 1))  # (4, 5) + (2, 1): NumPy cannot broadcast
    with pytest.raises(ValueError, match=r"b1 must have shape \(4, 1\)"):
        forward_propagation(X, {**p, "b1": np.zeros((n0, 1))})


def test_output_activation_must_cover_the_range_of_y():
    """C1W3: sigmoid for labels y in {0, 1}; a linear output for targets of either sign;
    ReLU (or linear) for y >= 0. A sigmoid output can never reach y = -3."""
    from snippets.activations import relu

    z = np.linspace(-50, 50, 10001)
    assert np.min((sigmoid(z) - (-3.0)) ** 2) >= 9  # sigmoid(z) > 0 > -3 for every z
    assert np.isclose(np.min((z - (-3.0)) ** 2), 0.0)  # linear: z = -3 fits exactly
    assert np.min((sigmoid(z) - 5.0) ** 2) >= 16  # sigmoid(z) < 1 cannot reach y = 5 either
    assert np.isclose(np.min((relu(z) - 5.0) ** 2), 0.0) and relu(z).min() == 0.0


def test_sigmoid_remains_the_output_activation_for_binary_labels():
    """C1W3: sigmoid is not obsolete: it is the output activation for binary classification,
    ŷ = σ(z) read as P(y = 1 | x); tanh or ReLU replace it only in hidden layers."""
    from snippets.datasets import make_flower
    from snippets.shallow_network import forward_propagation, initialize_parameters

    z = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(1 - sigmoid(z), sigmoid(-z), atol=1e-15)  # P(y = 0) = σ(-z)
    X, _ = make_flower(m=100, seed=0)
    A2, cache = forward_propagation(X, initialize_parameters(2, 4, 1, seed=0, scale=1.0))
    np.testing.assert_array_equal(A2, sigmoid(cache["Z2"]))  # the output layer is a sigmoid
    assert np.all((A2 > 0) & (A2 < 1)) and cache["A1"].min() < 0  # the hidden layer is not


def test_identical_weights_keep_the_units_of_a_layer_identical():
    """C1W3: the symmetry is within a layer, not across layers: with equal rows of W1
    (or all-zero weights) every hidden unit computes the same function after every step;
    random W1 breaks the symmetry."""
    from snippets.datasets import make_flower
    from snippets.shallow_network import initialize_parameters

    X, Y = make_flower(m=100, seed=0)
    constant = {"W1": np.full((4, 2), 0.5), "b1": np.zeros((4, 1)),
                "W2": np.full((1, 4), 0.5), "b2": np.zeros((1, 1))}
    after = _c1w3_train(constant, X, Y, 10)
    assert not np.allclose(after["W1"], constant["W1"])  # it learns, but in lockstep:
    assert np.allclose(after["W1"], after["W1"][0]) and np.allclose(after["b1"], after["b1"][0])
    assert np.allclose(after["W2"], after["W2"][0, 0])
    zeros = _c1w3_train({k: np.zeros_like(v) for k, v in constant.items()}, X, Y, 10)
    assert not zeros["W1"].any() and not zeros["W2"].any()  # all-zero weights never move
    broken = _c1w3_train(initialize_parameters(2, 4, 1, seed=2), X, Y, 10)
    assert not np.allclose(broken["W1"], broken["W1"][0])
    # "cost is not changed": with zero weights the output bias still learns the share of
    # positive labels, so the cost falls from log 2 to that share's entropy (unless balanced)
    from snippets.shallow_network import compute_cost, forward_propagation

    Y_unbalanced = (np.arange(100) % 4 == 0).astype(float)[None, :]  # 25% positives
    zero = {k: np.zeros_like(v) for k, v in constant.items()}
    trained = _c1w3_train(zero, X, Y_unbalanced, 200)
    cost = compute_cost(forward_propagation(X, trained)[0], Y_unbalanced)
    entropy = -(0.25 * np.log(0.25) + 0.75 * np.log(0.75))
    assert compute_cost(forward_propagation(X, zero)[0], Y_unbalanced) == pytest.approx(np.log(2))
    assert cost == pytest.approx(entropy, abs=1e-6) and cost < np.log(2) - 0.1
    assert not trained["W1"].any() and not trained["W2"].any() and trained["b2"][0, 0] < 0
    balanced = _c1w3_train(zero, X, Y, 50)  # the flower data: half the labels are 1
    assert np.mean(Y) == 0.5
    assert compute_cost(forward_propagation(X, balanced)[0], Y) == pytest.approx(np.log(2))


# --- Course 1 Week 4 ---------------------------------------------------------

def _c1w4_net(layer_dims, m=12, seed=0):
    """Inputs, labels and parameters of a small deep network (biases off ReLU kinks)."""
    from snippets.deep_network import initialize_parameters_deep

    rng = np.random.default_rng(seed)
    X = rng.normal(size=(layer_dims[0], m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    parameters = initialize_parameters_deep(layer_dims, seed=seed)
    for l in range(1, len(layer_dims)):
        parameters[f"b{l}"] += 0.1
    return X, Y, parameters


def test_update_uses_the_learning_rate_and_each_layers_own_gradient():
    """C1W4: W[l] := W[l] - α dW[l] and b[l] := b[l] - α db[l], the same l on both sides.
    Notes D drop α, write layer l's result into slot l + 1, and read gradients that were
    stored from layer L down as if they were stored from layer 1 up."""
    from snippets.deep_network import L_model_backward, L_model_forward, compute_cost, update_parameters

    X, Y, parameters = _c1w4_net([3, 4, 1])
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    new = update_parameters(parameters, grads, 0.05)
    for l in (1, 2):
        np.testing.assert_allclose(new[f"W{l}"], parameters[f"W{l}"] - 0.05 * grads[f"dW{l}"])
        np.testing.assert_allclose(new[f"b{l}"], parameters[f"b{l}"] - 0.05 * grads[f"db{l}"])
    assert compute_cost(L_model_forward(X, new)[0], Y) < compute_cost(AL, Y)
    # the notes' version: lists W = [W1, W2], gradients appended while going backwards
    W = [parameters["W1"], parameters["W2"]]
    dW = [grads["dW2"], grads["dW1"]]
    with pytest.raises(ValueError, match="broadcast"):
        W[1] = W[0] - dW[0]  # W1 (4, 3) minus layer 2's gradient (1, 4)


def test_output_layer_is_a_sigmoid_not_a_relu():
    """C1W4: layers 1..L-1 use ReLU and layer L the sigmoid. Notes D test `l != L` while
    l runs over range(L), which is always true: the output layer becomes a ReLU, whose
    values are not probabilities (0 exactly, or above 1) and break the cross-entropy."""
    from snippets.activations import relu
    from snippets.deep_network import L_model_forward, compute_cost

    X, Y, parameters = _c1w4_net([4, 5, 3, 1], m=200, seed=1)
    X = 10 * X
    AL, _ = L_model_forward(X, parameters)
    assert np.all((AL > 0) & (AL < 1)) and np.isfinite(compute_cost(AL, Y))
    A = X
    for l in range(1, 4):  # the notes' loop: ReLU on every layer
        A = relu(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
    assert A.min() == 0.0 and A.max() > 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        log_terms = Y * np.log(A) + (1 - Y) * np.log(1 - A)
    assert not np.all(np.isfinite(log_terms))


def _c1w4_backward_with_stale_variables(AL, Y, caches):
    """Notes D's backward loop: the ReLU mask uses the Z, and dA the W, that the forward
    loop left behind (those of layer L), not the cached Z[l] and W[l]."""
    (_, W, _), Z = caches[-1]
    m, L, grads = Y.shape[1], len(caches), {}
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        (A_prev, _, _), _ = caches[l - 1]
        if l == L:
            dZ = dA * AL * (1 - AL)
        else:
            dZ = np.array(dA, copy=True)
            dZ[Z <= 0] = 0
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        dA = W.T @ dZ
    return grads


def test_backward_pass_uses_each_layers_cached_values():
    """C1W4: dZ[l] = dA[l] * g'(Z[l]), dW[l] = (1/m) dZ[l] A[l-1]ᵀ, db[l] = (1/m) Σ dZ[l],
    dA[l-1] = W[l]ᵀ dZ[l], all with layer l's cached values. With the stale Z and W of
    Notes D the gradients fail the gradient check, or the code crashes."""
    from snippets.deep_network import L_model_backward, L_model_forward, compute_cost
    from tests.helpers import relative_difference

    X, Y, parameters = _c1w4_net([4, 5, 3, 1], seed=2)
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    for name, value in parameters.items():
        numeric = numerical_gradient(lambda: compute_cost(L_model_forward(X, parameters)[0], Y), value)
        assert relative_difference(grads[f"d{name}"], numeric) < 1e-7, name
    with pytest.raises(IndexError, match="boolean index did not match"):
        _c1w4_backward_with_stale_variables(AL, Y, caches)
    # with a 1-unit hidden layer the shapes happen to fit, and the numbers are wrong
    X, Y, parameters = _c1w4_net([4, 3, 1, 1], seed=2)
    AL, caches = L_model_forward(X, parameters)
    stale = _c1w4_backward_with_stale_variables(AL, Y, caches)
    right = L_model_backward(AL, Y, caches)
    assert relative_difference(stale["dW2"], right["dW2"]) > 0.1
    assert stale["dW1"].shape != parameters["W1"].shape
    # the notes' output layer, dA * σ(Z)(1 - σ(Z)), at a confident mistake: y = 0, z = 40
    Z, Y = np.array([[40.0]]), np.array([[0.0]])
    A = sigmoid(Z)
    with np.errstate(divide="ignore", invalid="ignore"):
        dA = -(np.divide(Y, A) - np.divide(1 - Y, 1 - A))
        notes = dA * sigmoid(Z) * (1 - sigmoid(Z))
    assert A[0, 0] == 1.0 and np.isnan(notes[0, 0])
    assert (A - Y)[0, 0] == 1.0


def test_initialization_builds_one_matrix_per_layer_after_the_input():
    """C1W4: with layer_dims = [n[0], ..., n[L]] there are L weight matrices,
    W[l] of shape (n[l], n[l-1]) for l = 1..L. Notes D loop over range(len(layer_dims)),
    so at l = 0 `layer_dims[l - 1]` wraps around to n[L]; and they print a (1, 1)
    cost with "%f", which NumPy 2 refuses (squeeze it first)."""
    from snippets.deep_network import initialize_parameters_deep

    dims = [5, 4, 3, 2]
    parameters = initialize_parameters_deep(dims)
    assert len(parameters) == 2 * (len(dims) - 1)
    for l in range(1, len(dims)):
        assert parameters[f"W{l}"].shape == (dims[l], dims[l - 1])
        assert parameters[f"b{l}"].shape == (dims[l], 1)
    notes_shapes = [(dims[l], dims[l - 1]) for l in range(len(dims))]
    assert len(notes_shapes) == len(dims) and notes_shapes[0] == (5, 2)  # (n[0], n[L])
    assert notes_shapes[0] not in {value.shape for value in parameters.values()}
    cost = np.array([[0.6931]])
    with pytest.raises(TypeError):
        "%f" % cost
    assert "%f" % np.squeeze(cost) == "0.693100"


def test_layer_superscripts_need_braces_in_latex():
    """C1W4: in TeX, ^ raises one token, so `dZ^[l]` raises only "[" and `n^[l-1]`
    only "["; write `dZ^{[l]}`, `dA^{[l-1]}`, `n^{[l-1]}`. Checked with matplotlib's
    TeX-like parser, and on every page of the site."""
    import re
    from pathlib import Path

    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("path")

    def sizes(tex):  # font size of each character (glyphs are (font, size, char, ...))
        return {chr(glyph[2]): glyph[1] for glyph in parser.parse(tex)[3]}

    unbraced, braced = sizes(r"$dZ^[l]$"), sizes(r"$dZ^{[l]}$")
    assert unbraced["["] < unbraced["Z"] == unbraced["l"] == unbraced["]"]
    assert braced["["] == braced["l"] == braced["]"] < braced["Z"]
    docs = Path(__file__).resolve().parent.parent / "docs"
    for page in sorted(docs.glob("*/**/*.md")):
        prose = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        prose = re.sub(r"`[^`\n]*`", "", prose)  # code, such as a quoted mistake, may show it
        assert "^[" not in prose, page
