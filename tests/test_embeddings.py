"""Course 5, Week 2: word embeddings, analogies, debiasing, GloVe, skip-gram."""

import numpy as np
import pytest
from scipy.spatial.distance import cosine as scipy_cosine_distance

from snippets.embeddings import (FILLERS, OCCUPATIONS, RELATIONS, complete_analogy,
                                 cooccurrence_matrix, cosine_similarity, equalize, glove_loss,
                                 glove_weight, log_sigmoid, make_planted_corpus, neutralize,
                                 planted_analogies, sentence_to_avg, skipgram_negative_sampling_step,
                                 skipgram_pairs, train_glove, train_skipgram, vocabulary)
from tests.helpers import numerical_gradient, relative_difference


def test_cosine_similarity_known_values_and_scipy():
    assert cosine_similarity([1, 0], [0, 2]) == 0.0
    assert np.isclose(cosine_similarity([1, 1], [2, 2]), 1.0)
    assert np.isclose(cosine_similarity([1, 2], [-1, -2]), -1.0)
    assert cosine_similarity([0, 0], [1, 2]) == 0.0
    rng = np.random.default_rng(0)
    for _ in range(20):
        u, v = rng.normal(size=(2, 7))
        assert np.isclose(cosine_similarity(u, v), 1 - scipy_cosine_distance(u, v), atol=1e-12)
    big = np.array([1e200, 1e200])
    assert np.isclose(cosine_similarity(big / 1e100, big / 1e100), 1.0)
    with pytest.raises(ValueError, match="same shape"):
        cosine_similarity([1, 2], [1, 2, 3])


def test_complete_analogy_on_constructed_vectors():
    rng = np.random.default_rng(1)
    gender, royal = rng.normal(size=(2, 10))
    w2v = {"man": gender, "woman": -gender, "king": gender + royal, "queen": -gender + royal}
    w2v.update({f"w{i}": rng.normal(size=10) for i in range(20)})
    assert complete_analogy("man", "woman", "king", w2v) == "queen"
    assert complete_analogy("woman", "man", "queen", w2v) == "king"
    with pytest.raises(ValueError, match="not in word_to_vec"):
        complete_analogy("man", "woman", "emperor", w2v)


def test_planted_corpus_has_the_planted_structure():
    sentences = make_planted_corpus(10, seed=0)
    assert sentences == make_planted_corpus(10, seed=0)
    word_to_ix, counts = vocabulary(sentences)
    assert all(len(s) == 6 for s in sentences) and counts.sum() == 6 * len(sentences)
    man = [s for s in sentences if "man" in s]
    assert len(man) == 10 and all({"he", "his", "him"} & set(s) for s in man)
    assert not any({"she", "her", "hers"} & set(s) for s in man)
    doctor = [s for s in sentences if "doctor" in s]
    assert sum(bool({"he", "his", "him"} & set(s)) for s in doctor) == round(10 * OCCUPATIONS["doctor"])
    assert len(planted_analogies("capital")) == len(RELATIONS["capital"]) * (len(RELATIONS["capital"]) - 1)
    assert set(FILLERS) <= set(word_to_ix)


def test_skipgram_pairs_and_cooccurrences():
    sentences = [["a", "b", "c"], ["b", "a"]]
    word_to_ix, counts = vocabulary(sentences)
    assert word_to_ix == {"a": 0, "b": 1, "c": 2} and list(counts) == [2, 2, 1]
    c, t = skipgram_pairs(sentences, word_to_ix, window=1)
    assert sorted(zip(c.tolist(), t.tolist())) == [(0, 1), (0, 1), (1, 0), (1, 0), (1, 2), (2, 1)]
    X = cooccurrence_matrix(sentences, word_to_ix, window=2)
    assert np.array_equal(X, X.T) and X[0, 1] == 2 and X[0, 2] == 1 and X[2, 2] == 0


def test_skipgram_negative_sampling_step_gradients():
    rng = np.random.default_rng(2)
    E, theta = rng.normal(size=(2, 4, 9))
    c, t = np.array([0, 3, 3, 8]), np.array([1, 2, 5, 0])
    negatives = np.array([[4, 5, 1], [6, 6, 0], [2, 7, 3], [1, 1, 1]])  # repeats on purpose
    loss, dE, dtheta = skipgram_negative_sampling_step(E, theta, c, t, negatives)
    manual = -np.mean([log_sigmoid(theta[:, t[i]] @ E[:, c[i]])
                       + sum(log_sigmoid(-theta[:, n] @ E[:, c[i]]) for n in negatives[i])
                       for i in range(4)])
    assert np.isclose(loss, manual)
    f = lambda: skipgram_negative_sampling_step(E, theta, c, t, negatives)[0]  # noqa: E731
    assert relative_difference(dE, numerical_gradient(f, E)) < 1e-7
    assert relative_difference(dtheta, numerical_gradient(f, theta)) < 1e-7
    # extreme scores stay finite
    loss, dE, _ = skipgram_negative_sampling_step(E * 1e3, theta * 1e3, c, t, negatives)
    assert np.isfinite(loss) and np.all(np.isfinite(dE))
    assert np.isclose(log_sigmoid(np.array(-1000.0)), -1000.0)
    with pytest.raises(ValueError, match="negatives"):
        skipgram_negative_sampling_step(E, theta, c, t, negatives[:2])


def test_glove_loss_weighting_and_gradients():
    assert glove_weight(np.array(0.0)) == 0.0 and glove_weight(np.array(100.0)) == 1.0
    assert np.isclose(glove_weight(np.array(50.0)), 0.5 ** 0.75)
    assert glove_weight(np.array(1e6)) == 1.0
    rng = np.random.default_rng(3)
    V, n_e = 6, 3
    theta, e = rng.normal(size=(2, n_e, V))
    b, bp = rng.normal(size=(2, V))
    X = rng.integers(0, 150, size=(V, V)).astype(float)
    X[0, 1] = X[2, 2] = 0.0
    J, grads = glove_loss(theta, e, b, bp, X)
    manual = sum(glove_weight(X[i, j]) * (theta[:, i] @ e[:, j] + b[i] + bp[j] - np.log(X[i, j])) ** 2
                 for i in range(V) for j in range(V) if X[i, j] > 0)
    assert np.isclose(J, manual)
    for name, value in (("dtheta", theta), ("de", e), ("db", b), ("db_prime", bp)):
        num = numerical_gradient(lambda: glove_loss(theta, e, b, bp, X)[0], value)
        assert relative_difference(grads[name], num) < 1e-7, name
    # a pair that never co-occurs contributes nothing, whatever its vectors
    theta2 = theta.copy()
    X0 = np.zeros_like(X)
    X0[3, 4] = 7.0
    theta2[:, 0] += 100.0
    assert glove_loss(theta, e, b, bp, X0)[0] == glove_loss(theta2, e, b, bp, X0)[0]
    with pytest.raises(ValueError, match="X"):
        glove_loss(theta, e, b, bp, X[:, :3])


def test_training_learns_the_planted_analogies():
    sentences = make_planted_corpus(20, seed=1)
    w2v, losses = train_skipgram(sentences, n_e=20, epochs=2, seed=1)
    assert losses[-1] < losses[0]
    analogies = planted_analogies("gender") + planted_analogies("tense")
    accuracy = np.mean([complete_analogy(a, b, c, w2v) == d for a, b, c, d in analogies])
    assert accuracy > 0.8
    word_to_ix, _ = vocabulary(sentences)
    X = cooccurrence_matrix(sentences, word_to_ix)
    g2v, glosses = train_glove(X + 1, word_to_ix, n_e=20, epochs=100, learning_rate=0.3)
    assert glosses[-1] < glosses[0] and set(g2v) == set(word_to_ix)


def test_neutralize_leaves_no_component_along_the_axis():
    rng = np.random.default_rng(4)
    for _ in range(20):
        e, g = rng.normal(size=(2, 8)) * rng.uniform(0.01, 100)
        out = neutralize("w", g, {"w": e})
        assert abs(out @ g) < 1e-10 * np.linalg.norm(e) * np.linalg.norm(g)
        assert np.allclose(out + (e @ g) / (g @ g) * g, e)  # only the g component was removed
    with pytest.raises(ValueError, match="non-zero"):
        neutralize("w", np.zeros(8), {"w": e})


def test_equalize_makes_the_pair_symmetric():
    rng = np.random.default_rng(5)
    for _ in range(20):
        g, w1, w2, n = rng.normal(size=(4, 8))
        e1, e2 = equalize(("a", "b"), g, {"a": w1, "b": w2})
        gh = g / np.linalg.norm(g)
        assert np.isclose(e1 @ gh, -(e2 @ gh))                              # mirror images
        assert np.allclose(e1 - (e1 @ gh) * gh, e2 - (e2 @ gh) * gh)        # same orthogonal part
        assert np.isclose(np.linalg.norm(e1), 1) and np.isclose(np.linalg.norm(e2), 1)
        assert np.sign(e1 @ gh) == np.sign((w1 / np.linalg.norm(w1) - w2 / np.linalg.norm(w2)) @ gh)
        neutral = n - (n @ gh) * gh
        assert np.isclose(cosine_similarity(neutral, e1), cosine_similarity(neutral, e2))
    with pytest.raises(ValueError, match="do not differ"):
        equalize(("a", "b"), g, {"a": w1, "b": w1})
    with pytest.raises(ValueError, match="bias_axis"):
        equalize(("a", "b"), g[:3], {"a": w1, "b": w2})


def test_sentence_to_avg():
    w2v = {"good": np.array([1.0, 0.0]), "food": np.array([0.0, 2.0])}
    assert np.allclose(sentence_to_avg("Good food good", w2v), [2 / 3, 2 / 3])
    assert np.allclose(sentence_to_avg("good unknownword", w2v), [1.0, 0.0])
    # word order is lost
    assert np.array_equal(sentence_to_avg("food good", w2v), sentence_to_avg("good food", w2v))
    with pytest.raises(ValueError, match="no word"):
        sentence_to_avg("nothing known", w2v)
