"""Course 4 Week 4: face verification and style transfer (snippets/faces_style.py)."""

import numpy as np
import pytest

from snippets.faces_style import (
    choose_threshold,
    compute_content_cost,
    compute_layer_style_cost,
    compute_style_cost,
    conv1d_forward,
    embed,
    embed_backward,
    gram_matrix,
    layer_style_cost_gradient,
    synthesize_texture,
    total_cost,
    train_triplet_embedding,
    triplet_loss,
    unroll,
    verification_probability,
    verify,
)
from tests.helpers import numerical_gradient, relative_difference


def test_triplet_loss_known_values():
    a, p, n = np.array([[0.0, 0.0]]), np.array([[1.0, 0.0]]), np.array([[0.0, 2.0]])
    J, _ = triplet_loss(a, p, n, alpha=0.2)
    assert J == 0.0                                     # 1 - 4 + 0.2 < 0: margin met
    J, _ = triplet_loss(a, n, p, alpha=0.2)
    assert J == pytest.approx(4 - 1 + 0.2)
    batch = triplet_loss(np.vstack([a, a]), np.vstack([p, n]), np.vstack([n, p]))[0]
    assert batch == pytest.approx(3.2)                  # summed over the batch


def test_triplet_loss_gradient_against_numerical_gradient():
    rng = np.random.default_rng(0)
    a, p, n = (rng.standard_normal((6, 4)) for _ in range(3))
    n[:2] = a[:2] + 5.0                                 # two triplets far from their margin
    J, grads = triplet_loss(a, p, n, alpha=0.5)
    for x, g in zip((a, p, n), grads):
        assert g.shape == (6, 4)
        assert relative_difference(g, numerical_gradient(lambda: triplet_loss(a, p, n, 0.5)[0], x)) < 1e-7
    assert not grads[0][:2].any()                       # inactive triplets give no gradient


def test_triplet_loss_rejects_bad_input():
    with pytest.raises(ValueError, match="m, n_e"):
        triplet_loss(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="alpha"):
        triplet_loss(np.ones((1, 2)), np.ones((1, 2)), np.ones((1, 2)), alpha=0)


def test_verify_and_threshold():
    assert verify([0.0, 0.0], [0.3, 0.4]) == (0.5, True)
    assert verify([0.0, 0.0], [0.6, 0.8], threshold=0.7) == (1.0, False)
    with pytest.raises(ValueError, match="n_e"):
        verify(np.zeros(2), np.zeros(3))
    t, acc = choose_threshold([0.1, 0.2, 0.9, 1.1, 0.5], [True, True, False, False, True])
    assert 0.5 < t < 0.9 and acc == 1.0
    t, acc = choose_threshold([0.1, 0.2, 0.3], [True, False, True])
    assert acc == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="distances"):
        choose_threshold([0.1, 0.2], [True])


def test_verification_probability():
    f1, f2 = np.array([1.0, 2.0, 3.0]), np.array([1.5, 2.0, 1.0])
    w, b = np.array([-1.0, -2.0, -0.5]), 1.0
    expected = 1 / (1 + np.exp(-(w @ np.abs(f1 - f2) + b)))
    assert verification_probability(f1, f2, w, b) == pytest.approx(expected)
    assert verification_probability(np.vstack([f1, f2]), np.vstack([f2, f2]), w, b).shape == (2,)
    with pytest.raises(ValueError, match="one weight per component"):
        verification_probability(f1, f2, 1.0, 0.0)


def test_embed_backward_against_numerical_gradient():
    rng = np.random.default_rng(1)
    X, W, G = rng.standard_normal((5, 6)), rng.standard_normal((3, 6)), rng.standard_normal((5, 3))
    E = embed(X, W)
    np.testing.assert_allclose(np.linalg.norm(E, axis=1), 1.0)
    numeric = numerical_gradient(lambda: float(np.sum(G * embed(X, W))), W)
    assert relative_difference(embed_backward(X, W, G), numeric) < 1e-7


def test_triplet_training_separates_identities():
    rng = np.random.default_rng(2)
    labels = np.repeat(np.arange(6), 6)
    X = rng.standard_normal((6, 10))[labels] + 0.3 * rng.standard_normal((36, 10))
    W, losses = train_triplet_embedding(X, labels, n_e=3, steps=100)
    assert W.shape == (3, 10) and losses.shape == (100,)
    assert losses[-10:].mean() < 0.5 * losses[:10].mean()


def test_gram_matrix_and_unroll():
    A = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]])
    np.testing.assert_array_equal(gram_matrix(A), [[5, 2], [2, 2]])
    a = np.arange(12.0).reshape(1, 2, 3, 2)
    np.testing.assert_array_equal(unroll(a)[1], a[0, :, :, 1].ravel())     # one row per channel
    G = gram_matrix(unroll(np.random.default_rng(3).standard_normal((1, 4, 4, 3))))
    np.testing.assert_allclose(G, G.T)
    assert np.all(np.linalg.eigvalsh(G) > -1e-12)
    with pytest.raises(ValueError, match="n_C, n_H"):
        gram_matrix(np.ones(3))
    with pytest.raises(ValueError, match="1, n_H, n_W, n_C"):
        unroll(np.ones((2, 2, 2, 2)))


def test_content_and_style_costs_with_the_course_normalizations():
    rng = np.random.default_rng(4)
    a_C, a_G = rng.standard_normal((1, 4, 3, 2)), rng.standard_normal((1, 4, 3, 2))
    assert compute_content_cost(a_C, a_G) == pytest.approx(np.sum((a_C - a_G) ** 2) / (4 * 4 * 3 * 2))
    assert compute_content_cost(a_C, a_C) == 0.0
    GS, GG = (gram_matrix(unroll(x)) for x in (a_C, a_G))
    expected = np.sum((GS - GG) ** 2) / (4 * 2 ** 2 * 12 ** 2)
    assert compute_layer_style_cost(a_C, a_G) == pytest.approx(expected)
    perm = a_C[:, ::-1, ::-1, :]                         # same Gram matrix, different picture
    assert compute_layer_style_cost(a_C, perm) == pytest.approx(0.0, abs=1e-15)
    assert compute_content_cost(a_C, perm) > 0
    layers = [(a_C, a_G), (a_G, a_G)]
    assert compute_style_cost(layers, [0.5, 0.5]) == pytest.approx(0.5 * expected)
    assert total_cost(1.0, 2.0) == 10 + 80 and total_cost(1.0, 2.0, alpha=1, beta=1) == 3.0
    with pytest.raises(ValueError, match="one weight per layer"):
        compute_style_cost(layers, [1.0])
    with pytest.raises(ValueError, match="a_C and a_G"):
        compute_content_cost(a_C, a_G[:, :2])
    with pytest.raises(ValueError, match="a_S and a_G"):
        compute_layer_style_cost(a_C, a_G[:, :2])


def test_style_gradient_against_numerical_gradient():
    rng = np.random.default_rng(5)
    a_S, a_G = rng.standard_normal((1, 3, 4, 3)), rng.standard_normal((1, 3, 4, 3))
    numeric = numerical_gradient(lambda: compute_layer_style_cost(a_S, a_G), a_G)
    assert relative_difference(layer_style_cost_gradient(a_S, a_G), numeric) < 1e-7


def test_texture_synthesis_lowers_the_style_cost():
    n = 12
    yy, xx = np.mgrid[0:n, 0:n]
    style = (0.5 + 0.5 * np.sin(xx)).reshape(1, n, n, 1)
    filters = [np.random.default_rng(6).standard_normal((3, 3, 1, 4))]
    G, costs = synthesize_texture(style, filters, steps=60)
    assert G.shape == style.shape and costs[-1] < 0.1 * costs[0]


def test_conv1d_matches_numpy_correlate():
    rng = np.random.default_rng(7)
    x, w = rng.standard_normal(20), rng.standard_normal(5)
    out = conv1d_forward(x.reshape(1, 20, 1), w.reshape(5, 1, 1), np.zeros(1))
    np.testing.assert_allclose(out[0, :, 0], np.correlate(x, w, mode="valid"), atol=1e-12)
    same = conv1d_forward(x.reshape(1, 20, 1), w.reshape(5, 1, 1), np.zeros(1), pad=2)
    np.testing.assert_allclose(same[0, :, 0], np.correlate(x, w, mode="same"), atol=1e-12)
    strided = conv1d_forward(x.reshape(1, 20, 1), w.reshape(5, 1, 1), np.ones(1), stride=3)
    np.testing.assert_allclose(strided[0, :, 0], np.correlate(x, w, mode="valid")[::3] + 1, atol=1e-12)


def test_conv1d_multichannel_and_bad_shapes():
    rng = np.random.default_rng(8)
    x, W, b = rng.standard_normal((2, 9, 3)), rng.standard_normal((3, 3, 4)), rng.standard_normal(4)
    out = conv1d_forward(x, W, b)
    assert out.shape == (2, 7, 4)
    expected = sum(np.correlate(x[1, :, c], W[:, c, 2], mode="valid") for c in range(3)) + b[2]
    np.testing.assert_allclose(out[1, :, 2], expected, atol=1e-12)
    with pytest.raises(ValueError, match="n_C_prev"):
        conv1d_forward(x, W[:, :2], b)
