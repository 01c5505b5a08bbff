"""Tests that prove the corrections listed on the errata page (Course 5).

Each test is named on docs/*/errata.md next to the mistake it settles.
"""

import numpy as np

from snippets.attention import one_step_attention
from snippets.rnn import language_model_loss, rnn_cell_forward, rnn_forward, sigmoid
from snippets.transformer import multi_head_attention_forward


def test_rnn_output_over_classes_is_a_softmax_not_a_sigmoid():
    """C5W1: y_hat<t> over n_y classes is softmax(Wya a<t> + by): positive, summing to 1."""
    rng = np.random.default_rng(0)
    n_x, n_a, n_y, m = 4, 6, 10, 5
    p = {"Wax": rng.normal(size=(n_a, n_x)), "Waa": rng.normal(size=(n_a, n_a)),
         "Wya": rng.normal(size=(n_y, n_a)), "ba": np.zeros((n_a, 1)), "by": rng.normal(size=(n_y, 1))}
    a_next, y_hat, _ = rnn_cell_forward(rng.normal(size=(n_x, m)), np.zeros((n_a, m)), p)
    assert np.all(y_hat > 0) and np.allclose(y_hat.sum(axis=0), 1.0)  # a distribution per example
    sig = sigmoid(p["Wya"] @ a_next + p["by"])
    assert not np.allclose(sig.sum(axis=0), 1.0)                      # sigmoids are not one
    assert np.all(sig.sum(axis=0) > 1.0)  # with 10 classes they add up to far more than 1 here
    # the language-model loss is the cross-entropy of that softmax, log(n_y) when uniform
    zeros = {"Wax": np.zeros((8, 7)), "Waa": np.zeros((8, 8)), "Wya": np.zeros((7, 8)),
             "ba": np.zeros((8, 1)), "by": np.zeros((7, 1))}
    X = rng.integers(0, 7, size=(3, 4))
    assert np.isclose(language_model_loss(X, X, zeros)[0], np.log(7))
    assert np.isclose(sigmoid(np.zeros(1))[0] * 7, 3.5)  # seven sigmoids would claim 3.5 in total


def test_attention_adds_work_that_grows_with_both_lengths():
    """C5W3: attention adds T_x * T_y scores on top of the encoder RNN; it is not cheaper.
    Self-attention replaces the recurrence and is cheaper only for short sequences."""
    rng = np.random.default_rng(1)
    n_x, n_a, n_s, n_h, m = 3, 4, 5, 6, 2
    rnn = {"Wax": rng.normal(size=(n_a, n_x)), "Waa": rng.normal(size=(n_a, n_a)),
           "Wya": rng.normal(size=(1, n_a)), "ba": np.zeros((n_a, 1)), "by": np.zeros((1, 1))}
    att = {"W1": rng.normal(size=(n_s + n_a, n_h)), "b1": np.zeros(n_h),
           "W2": rng.normal(size=(n_h, 1)), "b2": np.zeros(1)}

    def work(T_x, T_y):
        """Encoder steps run, and attention scores computed, for one batch."""
        a = rnn_forward(rng.normal(size=(n_x, m, T_x)), np.zeros((n_a, m)), rnn)[0]
        a = a.transpose(1, 2, 0)  # batch first, (m, T_x, n_a)
        scores = 0
        for _ in range(T_y):
            _, alphas, _ = one_step_attention(a, rng.normal(size=(m, n_s)), att)
            scores += alphas.shape[1]
        return a.shape[1], scores

    (enc1, att1), (enc2, att2) = work(10, 8), work(20, 16)
    assert (enc1, att1) == (10, 80)
    assert enc2 == 2 * enc1 and att2 == 4 * att1  # double the lengths: 2x encoder, 4x attention
    # self-attention: a T x T weight matrix per head, quadratic in the length
    d = 8
    p = {k: rng.normal(size=(d, d)) for k in ("Wq", "Wk", "Wv", "Wo")}
    for T in (5, 10):
        _, weights = multi_head_attention_forward(rng.normal(size=(1, T, d)), rng.normal(size=(1, T, d)), p, 2)
        assert weights.shape == (1, 2, T, T)
    # ... but it replaces the recurrence rather than adding to it. Its weights and weighted
    # sum cost ~2 T^2 d multiply-adds, the recurrence W_aa a<t-1> of an RNN layer of width d
    # costs T d^2: self-attention saves arithmetic only for short sequences (what it always
    # saves is sequential steps).
    rng = np.random.default_rng(2)
    d, heads = 32, 4
    p_self = {k: rng.normal(size=(d, d)) / np.sqrt(d) for k in ("Wq", "Wk", "Wv", "Wo")}
    rnn_wide = {"Wax": rng.normal(size=(d, d)) / np.sqrt(d), "Waa": rng.normal(size=(d, d)) / np.sqrt(d),
           "Wya": rng.normal(size=(1, d)), "ba": np.zeros((d, 1)), "by": np.zeros((1, 1))}

    def attention_macs(T):
        _, weights = multi_head_attention_forward(rng.normal(size=(1, T, d)), rng.normal(size=(1, T, d)),
                                                  p_self, heads)
        _, h, T_q, T_k = weights.shape
        return 2 * h * T_q * T_k * (d // h)  # Q K^T and weights @ V, d_k = d / h per head

    def recurrence_macs(T):
        steps, _ = rnn_forward(rng.normal(size=(d, 1, T)), np.zeros((d, 1)), rnn_wide)[2]
        return len(steps) * rnn_wide["Waa"].size  # one (d, d) product per sequential step

    assert attention_macs(8) == 2 * 8 ** 2 * d and recurrence_macs(8) == 8 * d ** 2
    assert attention_macs(8) < recurrence_macs(8)      # T = 8 < d = 32: attention is cheaper
    assert attention_macs(64) > recurrence_macs(64)    # T = 64 > d: it costs more
    assert attention_macs(128) == 4 * attention_macs(64) and recurrence_macs(128) == 2 * recurrence_macs(64)
