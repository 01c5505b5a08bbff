"""Course 5, Week 3: beam search, BLEU, attention, CTC and trigger labels."""

import datetime
import itertools
import warnings

import numpy as np
import pytest
from nltk.translate.bleu_score import sentence_bleu
from scipy.special import softmax as sp_softmax

from snippets.attention import (DATE_FORMATS, attention_weights, beam_search, beam_search_error,
                                bleu, ctc_collapse, format_date, greedy_decode, make_dates,
                                modified_precision, ngrams, one_step_attention,
                                one_step_attention_backward, trigger_labels)
from tests.helpers import numerical_gradient, relative_difference

END, START, V = 0, 99, 3


def toy_model(seed):
    """A fixed random next-token distribution for every prefix."""
    def step(prefix):
        rng = np.random.default_rng([seed, *prefix])
        return np.log(sp_softmax(rng.normal(scale=2.0, size=V)))
    return step


def all_candidates(max_len):
    """Every token sequence a decoder can output: end at the last place only, or no end."""
    for length in range(1, max_len + 1):
        for body in itertools.product(range(1, V), repeat=length - 1):
            yield body + (END,)
    yield from itertools.product(range(1, V), repeat=max_len)  # cut off at max_len


def score(step, seq, alpha):
    prefix, total = (START,), 0.0
    for tok in seq:
        total += step(prefix)[tok]
        prefix += (tok,)
    return total / len(seq) ** alpha


def test_beam_width_one_is_greedy():
    for seed in range(20):
        step = toy_model(seed)
        greedy, log_p = greedy_decode(step, START, END, max_len=6)
        beam, s = beam_search(step, START, END, beam_width=1, max_len=6, alpha=0.7)
        assert beam == greedy
        assert np.isclose(s, log_p / len(greedy) ** 0.7)


def test_a_beam_as_wide_as_the_candidates_is_exhaustive():
    max_len = 4
    candidates = list(all_candidates(max_len))
    assert len(candidates) == 31
    for seed in range(20):
        step = toy_model(seed)
        for alpha in (0.0, 0.7, 1.0):
            best = max(candidates, key=lambda seq: score(step, seq, alpha))
            found, s = beam_search(step, START, END, len(candidates), max_len, alpha=alpha)
            assert found == best and np.isclose(s, score(step, best, alpha)), (seed, alpha)


def test_beam_beats_greedy_on_the_lecture_trap():
    """'jane is going' starts more likely than 'jane is visiting', but ends worse."""
    words = ["<e>", "visiting", "going", "to", "africa"]
    table = {(): [0.0, 0.45, 0.55, 0.0, 0.0], ("visiting",): [0.0, 0.0, 0.0, 0.0, 1.0],
             ("going",): [0.0, 0.0, 0.0, 0.6, 0.4], ("going", "to"): [0.0, 0.0, 0.0, 0.0, 1.0]}

    def step(prefix):
        names = tuple(words[t] for t in prefix[1:])
        p = np.array(table.get(names, [1.0, 0.0, 0.0, 0.0, 0.0]))
        with np.errstate(divide="ignore"):
            return np.log(p)

    greedy, _ = greedy_decode(step, START, 0, max_len=5)
    trace = []
    beam, _ = beam_search(step, START, 0, beam_width=2, max_len=5, alpha=0.0, trace=trace)
    assert [words[t] for t in greedy] == ["going", "to", "africa", "<e>"]
    assert [words[t] for t in beam] == ["visiting", "africa", "<e>"]
    assert len(trace[0]) == 2 and trace[0][0][0] == (2,)
    with pytest.raises(ValueError, match="beam_width"):
        beam_search(step, START, 0, 0, 5)


def test_length_normalization_stops_favouring_short_outputs():
    """'<e>' alone has P = 0.4; '1 1 1 <e>' has P = 0.6 * 0.8 * 0.8 * 0.9 = 0.35."""
    def step(prefix):
        ones = len(prefix) - 1
        p = [0.4, 0.6] if ones == 0 else [0.2, 0.8] if ones < 3 else [0.9, 0.1]
        return np.log(p)

    assert beam_search(step, START, 0, 3, 4, alpha=0.0)[0] == (0,)
    long, s = beam_search(step, START, 0, 3, 4, alpha=1.0)
    assert long == (1, 1, 1, 0) and np.isclose(s, np.log(0.6 * 0.8 * 0.8 * 0.9) / 4)


def test_beam_search_error_attribution():
    assert beam_search_error(-3.0, -5.0) == "search"   # the model liked y* better: search missed it
    assert beam_search_error(-6.0, -5.0) == "model"
    assert beam_search_error(-5.0, -5.0) == "model"
    # on a toy model, a beam of width 1 can only be at fault when the exhaustive best beats it
    step = toy_model(3)
    cands = list(all_candidates(4))
    best = max(cands, key=lambda seq: score(step, seq, 0.7))
    greedy, _ = beam_search(step, START, END, 1, 4)
    expected = "search" if score(step, best, 0.7) > score(step, greedy, 0.7) else "model"
    assert beam_search_error(score(step, best, 0.7), score(step, greedy, 0.7)) == expected


def test_bleu_reproduces_the_lecture_example():
    refs = ["the cat is on the mat".split(), "there is a cat on the mat".split()]
    assert modified_precision("the the the the the the the".split(), refs, 1) == (2, 7)
    assert modified_precision("the cat the cat on the mat".split(), refs, 2) == (4, 6)
    assert ngrams("a b a b".split(), 2) == {("a", "b"): 2, ("b", "a"): 1}
    assert bleu(refs[0], refs) == 1.0
    assert bleu("the the the the the the the".split(), refs) == 0.0  # no matching bigram


def test_bleu_agrees_with_nltk():
    rng = np.random.default_rng(0)
    vocab = "a b c d e f".split()
    compared = 0
    for _ in range(300):
        refs = [list(rng.choice(vocab, size=rng.integers(4, 12))) for _ in range(rng.integers(1, 4))]
        base = refs[0]
        cand = [w if rng.random() < 0.8 else str(rng.choice(vocab)) for w in base]
        cand = cand[:rng.integers(3, len(cand) + 1)] + list(rng.choice(vocab, size=rng.integers(0, 4)))
        for max_n in (2, 4):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # NLTK warns when it returns 0
                ref_score = sentence_bleu(refs, cand, weights=(1 / max_n,) * max_n)
            assert bleu(cand, refs, max_n=max_n) == pytest.approx(ref_score, abs=1e-12)
            compared += ref_score > 0
    assert compared > 200


def test_bleu_brevity_penalty_and_bad_input():
    refs = ["a b c d e f".split()]
    short = "a b c".split()
    assert bleu(short, refs, max_n=1) == pytest.approx(np.exp(1 - 6 / 3))
    assert bleu("a b c d e f g".split(), refs, max_n=1) == pytest.approx(6 / 7)
    # the closest reference length counts, the shorter on a tie
    assert bleu("a b c d".split(), ["a b c d e f".split(), "a b".split()], max_n=1) == 1.0
    assert bleu([], refs) == 0.0
    with pytest.raises(ValueError, match="references"):
        bleu(short, [])


def attention_params(n_s, n_a, n_h, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(size=(n_s + n_a, n_h)), "b1": rng.normal(size=n_h),
            "W2": rng.normal(size=(n_h, 1)), "b2": rng.normal(size=1)}


def test_attention_weights_sum_to_one():
    rng = np.random.default_rng(1)
    e = rng.normal(size=(4, 7)) * 50
    alphas = attention_weights(e)
    assert np.allclose(alphas.sum(axis=1), 1.0) and np.all(alphas >= 0)
    assert np.allclose(alphas, sp_softmax(e, axis=1))
    assert np.all(np.isfinite(attention_weights(np.array([[1e4, -1e4, 0.0]]))))
    a, s = rng.normal(size=(4, 7, 3)), rng.normal(size=(4, 2))
    p = attention_params(2, 3, 5)
    context, alphas, _ = one_step_attention(a, s, p)
    assert context.shape == (4, 3) and alphas.shape == (4, 7)
    assert np.allclose(alphas.sum(axis=1), 1.0)
    # the context is the alpha-weighted average of the encoder activations, per example
    for i in range(4):
        h = np.tanh(np.hstack([np.tile(s[i], (7, 1)), a[i]]) @ p["W1"] + p["b1"])
        al = sp_softmax(h @ p["W2"][:, 0] + p["b2"])
        assert np.allclose(alphas[i], al) and np.allclose(context[i], al @ a[i])
    with pytest.raises(ValueError, match="e must"):
        attention_weights(np.zeros(3))
    with pytest.raises(ValueError, match="s_prev"):
        one_step_attention(a, s[:, :1], p)


def test_one_step_attention_backward():
    rng = np.random.default_rng(2)
    a, s = rng.normal(size=(3, 5, 4)), rng.normal(size=(3, 2))
    p = attention_params(2, 4, 6, seed=3)
    dcontext = rng.normal(size=(3, 4))

    def loss():
        return np.sum(dcontext * one_step_attention(a, s, p)[0])

    g = one_step_attention_backward(dcontext, one_step_attention(a, s, p)[2])
    for name, target in (("da", a), ("ds_prev", s), ("dW1", p["W1"]), ("db1", p["b1"]),
                         ("dW2", p["W2"]), ("db2", p["b2"])):
        num = numerical_gradient(loss, target)
        assert g[name].shape == target.shape
        if name == "db2":  # shifting every energy changes no softmax: the gradient is exactly 0
            assert np.allclose(num, 0, atol=1e-9) and abs(g[name][0]) < 1e-12
        else:
            assert relative_difference(g[name], num) < 1e-7, name
    with pytest.raises(ValueError, match="dcontext"):
        one_step_attention_backward(dcontext[:, :2], one_step_attention(a, s, p)[2])


def test_dates_are_generated_in_every_format():
    inputs, targets = make_dates(500, seed=1)
    assert (inputs, targets) == make_dates(500, seed=1)
    for x, y in zip(inputs, targets):
        d = datetime.date.fromisoformat(y)
        assert 1950 <= d.year <= 2049 and x in {format_date(d, s) for s in DATE_FORMATS}
    d = datetime.date(1999, 5, 3)
    assert [format_date(d, s) for s in DATE_FORMATS] == [
        "1999-05-03", "03.05.1999", "05/03/1999", "3 may 1999", "may 3, 1999"]
    assert len({len(x) for x in inputs}) > 2


def test_ctc_collapse():
    assert ctc_collapse("ttt_h_eee___ ___qqq__") == "the q"
    assert ctc_collapse("aa_a") == "aa"  # a blank separates two real a's
    assert ctc_collapse([1, 1, 0, 2, 2, 0, 0, 1], blank=0) == [1, 2, 1]
    assert ctc_collapse("") == "" and ctc_collapse("____") == ""


def test_trigger_labels():
    y = trigger_labels(20, [3, 15], n_ones=5)
    assert y.shape == (1, 20)
    assert np.flatnonzero(y[0]).tolist() == [4, 5, 6, 7, 8, 16, 17, 18, 19]  # cut at T_y
    assert trigger_labels(10, []).sum() == 0
    with pytest.raises(ValueError, match="ends"):
        trigger_labels(10, [10])
