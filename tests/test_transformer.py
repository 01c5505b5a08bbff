"""Course 5, Week 4: attention, masks, positional encoding, layer norm, encoder layer."""

import numpy as np
import pytest
from scipy.special import softmax as sp_softmax

from snippets.transformer import (create_look_ahead_mask, create_padding_mask,
                                  encoder_layer_forward, init_encoder_layer, layer_norm,
                                  multi_head_attention_forward, positional_encoding,
                                  scaled_dot_product_attention)

rng0 = np.random.default_rng(0)


def test_attention_follows_the_formula():
    q, k, v = rng0.normal(size=(2, 4, 8)), rng0.normal(size=(2, 6, 8)), rng0.normal(size=(2, 6, 3))
    out, w = scaled_dot_product_attention(q, k, v)
    expected_w = sp_softmax(q @ k.transpose(0, 2, 1) / np.sqrt(8), axis=-1)
    assert np.allclose(w, expected_w) and np.allclose(out, expected_w @ v)
    assert out.shape == (2, 4, 3) and w.shape == (2, 4, 6)
    # hand example: one query equally similar to two keys
    out, w = scaled_dot_product_attention(np.array([[1.0, 0]]), np.array([[1.0, 0], [1.0, 0]]),
                                          np.array([[2.0], [4.0]]))
    assert np.allclose(w, 0.5) and np.allclose(out, 3.0)
    # huge scores stay finite
    assert np.all(np.isfinite(scaled_dot_product_attention(q * 1e6, k, v)[0]))
    with pytest.raises(ValueError, match="need q"):
        scaled_dot_product_attention(q, k[..., :5], v)


def test_look_ahead_mask_hides_the_future():
    mask = create_look_ahead_mask(5)
    assert np.array_equal(mask, np.tril(np.ones((5, 5))))
    x = rng0.normal(size=(1, 5, 4))
    out, w = scaled_dot_product_attention(x, x, x, mask)
    assert np.all(w[0][mask == 0] == 0) and np.allclose(w.sum(-1), 1)
    x2 = x.copy()
    x2[0, 3] += 10.0  # change position 3
    out2, _ = scaled_dot_product_attention(x2, x2, x2, mask)
    assert np.array_equal(out2[0, :3], out[0, :3]) and not np.allclose(out2[0, 3], out[0, 3])


def test_padding_mask_makes_padding_irrelevant():
    seq = np.array([[5, 7, 2, 0, 0], [3, 0, 0, 0, 0]])
    mask = create_padding_mask(seq)
    assert mask.shape == (2, 1, 5) and np.array_equal(mask[:, 0], [[1, 1, 1, 0, 0], [1, 0, 0, 0, 0]])
    q, k, v = rng0.normal(size=(3, 2, 5, 4))
    out, w = scaled_dot_product_attention(q, k, v, mask)
    k2, v2 = k.copy(), v.copy()
    k2[0, 3:], v2[0, 3:], k2[1, 1:], v2[1, 1:] = 99.0, -99.0, 7.0, 7.0  # change the padded positions
    out2, w2 = scaled_dot_product_attention(q, k2, v2, mask)
    assert np.array_equal(out, out2) and np.array_equal(w, w2)
    assert np.allclose(out[1], v[1, 0])  # only one real token: every query reads it
    with pytest.raises(ValueError, match="seq"):
        create_padding_mask(np.zeros(3))


def test_multi_head_equals_concatenated_heads():
    d_model, h, b = 8, 2, 3
    p = init_encoder_layer(d_model, 16, seed=1)
    xq, xkv = rng0.normal(size=(b, 4, d_model)), rng0.normal(size=(b, 6, d_model))
    mask = create_padding_mask(np.array([[1, 2, 3, 0, 0, 0], [1] * 6, [4, 4, 0, 0, 0, 0]]))
    out, w = multi_head_attention_forward(xq, xkv, p, h, mask)
    assert out.shape == (b, 4, d_model) and w.shape == (b, h, 4, 6)
    d_k = d_model // h
    heads = []
    for i in range(h):
        cols = slice(i * d_k, (i + 1) * d_k)
        head, _ = scaled_dot_product_attention(xq @ p["Wq"][:, cols], xkv @ p["Wk"][:, cols],
                                               xkv @ p["Wv"][:, cols], mask)
        heads.append(head)
    assert np.allclose(out, np.concatenate(heads, axis=-1) @ p["Wo"])
    # a 2-D mask (look-ahead) broadcasts over the batch and the heads
    x = rng0.normal(size=(b, 4, d_model))
    _, w = multi_head_attention_forward(x, x, p, h, create_look_ahead_mask(4))
    assert np.all(w[..., 0, 1:] == 0)
    with pytest.raises(ValueError, match="divisible"):
        multi_head_attention_forward(xq, xkv, p, 3)


def test_positional_encoding_follows_the_paper():
    pe = positional_encoding(50, 16)
    assert pe.shape == (50, 16)
    pos, i = 7, 3
    assert np.isclose(pe[pos, 2 * i], np.sin(pos / 10000 ** (2 * i / 16)))
    assert np.isclose(pe[pos, 2 * i + 1], np.cos(pos / 10000 ** (2 * i / 16)))
    assert np.array_equal(pe[0, 0::2], np.zeros(8)) and np.array_equal(pe[0, 1::2], np.ones(8))
    assert np.all(np.abs(pe) <= 1)
    # every position gets a different code
    assert len({tuple(np.round(row, 9)) for row in pe}) == 50
    with pytest.raises(ValueError, match="even"):
        positional_encoding(10, 7)


def test_layer_norm_normalizes_the_feature_axis():
    x = rng0.normal(size=(2, 3, 6)) * 10 + 5
    y = layer_norm(x, np.ones(6), np.zeros(6))
    assert np.allclose(y.mean(-1), 0) and np.allclose(y.var(-1), 1, atol=1e-6)
    gamma, beta = rng0.normal(size=(2, 6))
    assert np.allclose(layer_norm(x, gamma, beta), gamma * y + beta, atol=1e-6)
    # each token on its own: no mixing across tokens or examples
    assert np.allclose(layer_norm(x[1, 2], np.ones(6), np.zeros(6)), y[1, 2])
    assert np.all(np.isfinite(layer_norm(np.ones((2, 6)), np.ones(6), np.zeros(6))))
    with pytest.raises(ValueError, match="gamma"):
        layer_norm(x, np.ones(5), np.zeros(6))


def test_encoder_layer_keeps_shape_and_is_permutation_equivariant():
    p = init_encoder_layer(8, 32, seed=2)
    x = rng0.normal(size=(2, 5, 8))
    out = encoder_layer_forward(x, p, num_heads=2)
    assert out.shape == x.shape
    perm = np.array([3, 0, 4, 1, 2])
    assert np.allclose(encoder_layer_forward(x[:, perm], p, num_heads=2), out[:, perm])
    # with positional encodings added, order matters
    pe = positional_encoding(5, 8)
    assert not np.allclose(encoder_layer_forward(x[:, perm] + pe, p, 2), encoder_layer_forward(x + pe, p, 2)[:, perm])
    # a padding mask keeps padded positions from changing the real ones
    mask = create_padding_mask(np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]))
    x2 = x.copy()
    x2[0, 3:] = 50.0
    assert np.allclose(encoder_layer_forward(x2, p, 2, mask)[0, :3], encoder_layer_forward(x, p, 2, mask)[0, :3])
