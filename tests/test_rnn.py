"""Course 5, Week 1: RNN, LSTM and GRU cells, BPTT, clipping and sampling."""

import numpy as np
import pytest
from scipy.special import expit
from scipy.special import softmax as sp_softmax

from snippets.rnn import (brnn_forward, clip, gru_cell_forward, init_language_model,
                          language_model_loss, lstm_cell_backward, lstm_cell_forward,
                          lstm_backward, lstm_forward, rnn_backward, rnn_cell_backward,
                          rnn_cell_forward, rnn_forward, sample, sigmoid, softmax,
                          train_language_model)
from tests.helpers import numerical_gradient, relative_difference

n_x, n_a, n_y, m, T_x = 3, 5, 2, 4, 6


def rnn_params(seed=0):
    rng = np.random.default_rng(seed)
    return {"Wax": rng.normal(size=(n_a, n_x)), "Waa": rng.normal(size=(n_a, n_a)) * 0.5,
            "Wya": rng.normal(size=(n_y, n_a)), "ba": rng.normal(size=(n_a, 1)),
            "by": rng.normal(size=(n_y, 1))}


def lstm_params(seed=0):
    rng = np.random.default_rng(seed)
    p = {f"W{g}": rng.normal(size=(n_a, n_a + n_x)) * 0.7 for g in "fico"}
    p.update({f"b{g}": rng.normal(size=(n_a, 1)) for g in "fico"})
    p.update(Wy=rng.normal(size=(n_y, n_a)), by=rng.normal(size=(n_y, 1)))
    return p


def data(seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n_x, m, T_x)), rng.normal(size=(n_a, m)), rng.normal(size=(n_a, m, T_x))


def test_helpers_agree_with_scipy_and_survive_extremes():
    z = np.random.default_rng(0).normal(size=(4, 3)) * 30
    assert np.allclose(sigmoid(z), expit(z), rtol=1e-12, atol=0)
    assert np.allclose(softmax(z), sp_softmax(z, axis=0), rtol=1e-12)
    big = np.array([[1000.0, -1000.0], [0.0, 1000.0]])
    assert np.all(np.isfinite(softmax(big))) and np.all(np.isfinite(sigmoid(big)))
    assert sigmoid(np.array(-1000.0)) == 0.0 and sigmoid(np.array(1000.0)) == 1.0


def test_rnn_cell_known_values_and_shapes():
    p = {"Wax": np.array([[1.0, 0.0]]), "Waa": np.array([[0.5]]), "Wya": np.array([[1.0], [-1.0]]),
         "ba": np.array([[0.1]]), "by": np.zeros((2, 1))}
    a_next, yt, _ = rnn_cell_forward(np.array([[0.2], [9.0]]), np.array([[0.4]]), p)
    assert np.isclose(a_next[0, 0], np.tanh(0.2 + 0.2 + 0.1))
    assert np.allclose(yt[:, 0], [expit(2 * a_next[0, 0]), expit(-2 * a_next[0, 0])])
    x, a0, _ = data()
    a, y_pred, caches = rnn_forward(x, a0, rnn_params())
    assert a.shape == (n_a, m, T_x) and y_pred.shape == (n_y, m, T_x) and len(caches[0]) == T_x
    assert np.allclose(y_pred.sum(axis=0), 1.0)


def test_rnn_is_vectorized_over_the_batch():
    x, a0, _ = data()
    p = rnn_params()
    a, y_pred, _ = rnn_forward(x, a0, p)
    for i in range(m):  # each example alone gives the same as in the batch
        a_i, y_i, _ = rnn_forward(x[:, i:i + 1], a0[:, i:i + 1], p)
        assert np.allclose(a_i[:, 0], a[:, i]) and np.allclose(y_i[:, 0], y_pred[:, i])


def check_bptt(forward, backward, params, names):
    x, a0, da = data()

    def loss():  # a loss whose gradient with respect to a<t> is da[:, :, t]
        return np.sum(da * forward(x, a0, params)[0])

    grads = backward(da, forward(x, a0, params)[-1])
    for name in names:
        target = {"dx": x, "da0": a0}.get(name)
        target = params[name[1:]] if target is None else target
        assert grads[name].shape == target.shape, name
        assert relative_difference(grads[name], numerical_gradient(loss, target)) < 1e-7, name


def test_rnn_backward_matches_numerical_gradients():
    check_bptt(rnn_forward, rnn_backward, rnn_params(), ["dx", "da0", "dWax", "dWaa", "dba"])


def test_lstm_backward_matches_numerical_gradients():
    names = ["dx", "da0"] + [k + g for k in ("dW", "db") for g in "fico"]
    check_bptt(lstm_forward, lstm_backward, lstm_params(), names)


def test_lstm_cell_backward_through_c_next():
    """dc_next enters the step's gradient too (the memory path of BPTT)."""
    rng = np.random.default_rng(3)
    p, xt, a_prev, c_prev = lstm_params(), rng.normal(size=(n_x, m)), rng.normal(size=(n_a, m)), \
        rng.normal(size=(n_a, m))
    da, dc = rng.normal(size=(n_a, m)), rng.normal(size=(n_a, m))

    def loss():
        a, c = lstm_cell_forward(xt, a_prev, c_prev, p)[:2]
        return np.sum(da * a) + np.sum(dc * c)

    g = lstm_cell_backward(da, dc, lstm_cell_forward(xt, a_prev, c_prev, p)[3])
    for name, target in (("dxt", xt), ("da_prev", a_prev), ("dc_prev", c_prev), ("dWf", p["Wf"])):
        assert relative_difference(g[name], numerical_gradient(loss, target)) < 1e-7, name


def test_lstm_cell_follows_the_lstm_equations():
    rng = np.random.default_rng(4)
    p, xt, a_prev, c_prev = lstm_params(), rng.normal(size=(n_x, m)), rng.normal(size=(n_a, m)), \
        rng.normal(size=(n_a, m))
    a_next, c_next, yt, _ = lstm_cell_forward(xt, a_prev, c_prev, p)
    concat = np.vstack([a_prev, xt])
    f, i, o = (expit(p[f"W{g}"] @ concat + p[f"b{g}"]) for g in "fio")
    cc = np.tanh(p["Wc"] @ concat + p["bc"])
    assert np.allclose(c_next, f * c_prev + i * cc)
    assert np.allclose(a_next, o * np.tanh(f * c_prev + i * cc))
    assert np.allclose(yt, sp_softmax(p["Wy"] @ a_next + p["by"], axis=0))
    # forget gate open, update gate shut: the memory passes through unchanged
    p2 = dict(p, bf=np.full((n_a, 1), 1e3), bi=np.full((n_a, 1), -1e3))
    assert np.array_equal(lstm_cell_forward(xt, a_prev, c_prev, p2)[1], c_prev)
    a, y, c, caches = lstm_forward(rng.normal(size=(n_x, m, T_x)), a_prev, p)
    assert a.shape == c.shape == (n_a, m, T_x) and y.shape == (n_y, m, T_x)


def gru_params(seed=0):
    rng = np.random.default_rng(seed)
    p = {f"W{g}": rng.normal(size=(n_a, n_a + n_x)) for g in "urc"}
    p.update({f"b{g}": rng.normal(size=(n_a, 1)) for g in "urc"})
    return p


def test_gru_known_values_and_limits():
    # one unit, one input: hand-computed
    p = {"Wu": np.array([[0.5, 1.0]]), "Wr": np.array([[-1.0, 2.0]]), "Wc": np.array([[2.0, -1.0]]),
         "bu": np.array([[0.0]]), "br": np.array([[0.5]]), "bc": np.array([[0.1]])}
    c_prev, x = 0.6, 0.3
    r = expit(-0.6 + 0.6 + 0.5)
    u = expit(0.3 + 0.3)
    ct = np.tanh(2 * r * c_prev - 0.3 + 0.1)
    c_next, (gu, gr, c_tilde) = gru_cell_forward(np.array([[x]]), np.array([[c_prev]]), p)
    assert np.isclose(gr[0, 0], r) and np.isclose(gu[0, 0], u) and np.isclose(c_tilde[0, 0], ct)
    assert np.isclose(c_next[0, 0], u * ct + (1 - u) * c_prev)
    rng = np.random.default_rng(5)
    xt, c_prev = rng.normal(size=(n_x, m)), rng.normal(size=(n_a, m))
    # Gamma_u = 0 keeps the memory exactly
    keep = dict(gru_params(), bu=np.full((n_a, 1), -1e3))
    assert np.array_equal(gru_cell_forward(xt, c_prev, keep)[0], c_prev)
    # Gamma_u = 1 and Gamma_r = 0: the new memory forgets c_prev entirely
    reset = dict(gru_params(), bu=np.full((n_a, 1), 1e3), br=np.full((n_a, 1), -1e3))
    p = gru_params()
    assert np.allclose(gru_cell_forward(xt, c_prev, reset)[0],
                       np.tanh(p["Wc"][:, n_a:] @ xt + p["bc"]))
    assert gru_cell_forward(xt, c_prev, p)[0].shape == (n_a, m)


def test_brnn_concatenates_both_directions():
    x, a0, _ = data()
    pf, pb = rnn_params(0), rnn_params(1)
    rng = np.random.default_rng(6)
    Wy, by = rng.normal(size=(n_y, 2 * n_a)), rng.normal(size=(n_y, 1))
    a, y = brnn_forward(x, a0, pf, pb, Wy, by)
    assert a.shape == (2 * n_a, m, T_x) and y.shape == (n_y, m, T_x)
    assert np.allclose(a[:n_a], rnn_forward(x, a0, pf)[0])
    assert np.allclose(a[n_a:], rnn_forward(x[:, :, ::-1], a0, pb)[0][:, :, ::-1])
    # the first output already depends on the last input (through the backward pass)
    x2 = x.copy()
    x2[:, :, -1] += 1.0
    assert not np.allclose(brnn_forward(x2, a0, pf, pb, Wy, by)[1][:, :, 0], y[:, :, 0])
    assert np.allclose(y[:, :, 2], sp_softmax(Wy @ a[:, :, 2] + by, axis=0))
    with pytest.raises(ValueError, match="Wy"):
        brnn_forward(x, a0, pf, pb, Wy[:, :n_a], by)


def test_clip_bounds_every_element_and_keeps_the_input():
    g = {"dWax": np.array([[-20.0, 3.0]]), "dba": np.array([[0.5], [12.0]])}
    clipped = clip(g, 5)
    assert np.array_equal(clipped["dWax"], [[-5.0, 3.0]]) and np.array_equal(clipped["dba"], [[0.5], [5.0]])
    assert g["dWax"][0, 0] == -20.0
    big = {"d": np.random.default_rng(0).normal(size=(50, 50)) * 100}
    assert np.abs(clip(big, 10)["d"]).max() <= 10
    with pytest.raises(ValueError, match="max_value"):
        clip(g, 0)


def test_sample_is_reproducible_and_stays_in_the_vocabulary():
    chars = list("\nabcdefg")
    char_to_ix = {ch: i for i, ch in enumerate(chars)}
    for cell in ("rnn", "lstm"):
        p = init_language_model(6, len(chars), cell=cell, seed=2)
        s1 = sample(p, char_to_ix, seed=7, max_len=30)
        assert s1 == sample(p, char_to_ix, seed=7, max_len=30)
        assert all(0 <= i < len(chars) for i in s1) and 1 <= len(s1) <= 30
        assert s1[-1] == char_to_ix["\n"] or len(s1) == 30
    # no newline in the vocabulary: always max_len characters
    no_nl = {ch: i for i, ch in enumerate("abcd")}
    p = init_language_model(4, 4, seed=0)
    assert len(sample(p, no_nl, seed=1, max_len=12)) == 12
    # low temperature: (nearly) always the most likely character; high temperature: variety
    p["by"] = np.array([[3.0], [0.0], [0.0], [0.0]])
    assert sample(p, no_nl, seed=3, temperature=0.01, max_len=20) == [0] * 20
    assert len(set(sample(p, no_nl, seed=3, temperature=10.0, max_len=40))) > 1
    with pytest.raises(ValueError, match="char_to_ix"):
        sample(p, {"a": 0, "b": 1}, seed=0)
    with pytest.raises(ValueError, match="temperature"):
        sample(p, no_nl, seed=0, temperature=0)


def test_language_model_gradients_match_numerical_gradients():
    rng = np.random.default_rng(8)
    X, Y = rng.integers(0, 5, size=(3, 4)), rng.integers(0, 5, size=(3, 4))
    for cell in ("rnn", "lstm"):
        p = init_language_model(4, 5, cell=cell, seed=1)
        p = {k: v + 0.1 * rng.normal(size=v.shape) for k, v in p.items()}
        loss, grads = language_model_loss(X, Y, p)
        assert loss > 0 and set(grads) == {"d" + k for k in p}
        for name, value in p.items():
            num = numerical_gradient(lambda: language_model_loss(X, Y, p)[0], value)
            assert relative_difference(grads["d" + name], num) < 1e-7, (cell, name)
    # a uniform model pays log(vocabulary size) per character
    p = {k: np.zeros_like(v) for k, v in init_language_model(4, 5).items()}
    assert np.isclose(language_model_loss(X, Y, p)[0], np.log(5))


def test_bad_shapes_raise_value_errors():
    x, a0, da = data()
    p, lp = rnn_params(), lstm_params()
    with pytest.raises(ValueError, match="xt"):
        rnn_cell_forward(np.zeros((n_x + 1, m)), a0, p)
    with pytest.raises(ValueError, match="a_prev"):
        rnn_cell_forward(np.zeros((n_x, m)), np.zeros((n_a, m + 1)), p)
    with pytest.raises(ValueError, match="x must be"):
        rnn_forward(x[:, :, 0], a0, p)
    with pytest.raises(ValueError, match="da_next"):
        rnn_cell_backward(np.zeros((n_a, m + 1)), rnn_forward(x, a0, p)[2][0][0])
    with pytest.raises(ValueError, match="da must"):
        rnn_backward(da[:, :, :-1], rnn_forward(x, a0, p)[2])
    with pytest.raises(ValueError, match="c_prev"):
        lstm_cell_forward(x[:, :, 0], a0, np.zeros((n_a, 1)), lp)
    cache = lstm_cell_forward(x[:, :, 0], a0, a0, lp)[3]
    with pytest.raises(ValueError, match="dc_next"):
        lstm_cell_backward(a0, np.zeros((1, m)), cache)
    with pytest.raises(ValueError, match="da must"):
        lstm_backward(da[:, :1], lstm_forward(x, a0, lp)[3])
    with pytest.raises(ValueError, match="cell"):
        init_language_model(3, 4, cell="gru")
    with pytest.raises(ValueError, match="indices"):
        language_model_loss(np.array([[0, 9]]), np.array([[0, 1]]), init_language_model(3, 4))


def test_train_language_model_learns_the_shipped_text():
    from snippets.texts import load_text

    text = load_text("harbour")
    assert 2000 < len(text) < 10000 and text.startswith("the harbour")
    for cell, optimizer, clip_value in (("rnn", "adam", 5.0), ("lstm", "sgd", None)):
        p, char_to_ix, losses = train_language_model(text, cell=cell, n_a=8, iterations=30,
                                                     learning_rate=0.02 if optimizer == "adam" else 0.5,
                                                     optimizer=optimizer, clip_value=clip_value)
        assert sorted(char_to_ix) == sorted(set(text)) and len(losses) == 30
        assert np.mean(losses[-5:]) < losses[0]
    assert train_language_model(text, iterations=3, seed=4)[2] == train_language_model(text, iterations=3, seed=4)[2]
    with pytest.raises(ValueError, match="longer"):
        train_language_model("abc", seq_len=5)
