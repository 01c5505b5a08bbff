"""Errata, Course 4: each test proves the correction stated on the errata page."""

import numpy as np
import pytest
from scipy.signal import convolve, correlate

from snippets.cnn import conv_forward, conv_output_shape, detect_edges
from snippets.cnn_architectures import ALEXNET, GOOGLENET, count_parameters
from snippets.faces_style import embed, triplet_loss, verification_probability


def test_deep_learning_convolution_is_cross_correlation_without_flip():
    rng = np.random.default_rng(0)
    image, kernel = rng.standard_normal((8, 8)), rng.standard_normal((3, 3))
    ours = detect_edges(image, kernel)
    np.testing.assert_allclose(ours, correlate(image, kernel, mode="valid"), atol=1e-12)   # no flip
    assert not np.allclose(ours, convolve(image, kernel, mode="valid"))
    # the mathematical convolution is the cross-correlation with the filter flipped both ways
    np.testing.assert_allclose(convolve(image, kernel, mode="valid"),
                               detect_edges(image, kernel[::-1, ::-1]), atol=1e-12)


def test_output_size_is_rounded_down():
    n, f, p, s = 6, 3, 0, 2
    assert (n + 2 * p - f) / s + 1 == 2.5                 # the formula without the floor
    assert conv_output_shape(n, f, p, s) == 2
    Z, _ = conv_forward(np.zeros((1, n, n, 1)), np.zeros((f, f, 1, 1)), np.zeros((1, 1, 1, 1)),
                        {"stride": s, "pad": p})
    assert Z.shape[1:3] == (2, 2)                         # a half window is not computed


def test_one_filter_over_a_volume_gives_one_channel():
    rng = np.random.default_rng(1)
    Z, _ = conv_forward(rng.standard_normal((1, 6, 6, 3)), rng.standard_normal((3, 3, 3, 1)),
                        np.zeros((1, 1, 1, 1)), {"stride": 1, "pad": 0})
    assert Z.shape == (1, 4, 4, 1)                        # 4 x 4 x 1, not 3 x 3 x 3 or 4 x 4 x 3


def test_googlenet_has_about_seven_million_parameters():
    total = count_parameters(GOOGLENET)
    assert 6.5e6 < total < 7.1e6
    assert count_parameters(ALEXNET) > 8 * total          # AlexNet's ~60 million is not GoogLeNet's
    # not VGG's 3 x 3 filters only: the modules' branches are 1 x 1, 3 x 3 and 5 x 5, the stem 7 x 7
    sizes = {layer[1] for layer in GOOGLENET if layer[0] == "conv"}
    sizes |= {f for layer in GOOGLENET if layer[0] == "inception" for f in (1, 3, 5)}
    assert sizes == {1, 3, 5, 7} and any(layer[0] == "inception" for layer in GOOGLENET)


def test_triplet_loss_applies_the_encoding_to_each_image():
    rng = np.random.default_rng(2)
    W = rng.standard_normal((4, 12))                      # an encoder from 12 pixels to 4 numbers
    A, P, N = (rng.standard_normal((3, 12)) for _ in range(3))
    J, _ = triplet_loss(embed(A, W), embed(P, W), embed(N, W), alpha=0.2)
    expected = np.maximum(np.sum((embed(A, W) - embed(P, W)) ** 2, axis=1)
                          - np.sum((embed(A, W) - embed(N, W)) ** 2, axis=1) + 0.2, 0).sum()
    assert J == pytest.approx(expected)
    with pytest.raises(ValueError):                       # f(A - f(P)): an image minus an encoding
        embed(A - embed(P, W), W)


def test_verification_needs_one_weight_per_component():
    # component 0 tells people apart, component 1 is noise of the same size
    rng = np.random.default_rng(3)
    same_0 = rng.normal(0, 0.1, 200)
    diff_0 = rng.normal(2, 0.1, 200)
    noise = rng.normal(0, 2, (400, 1))
    d = np.column_stack([np.concatenate([same_0, diff_0]), noise[:, 0]])
    y = np.concatenate([np.ones(200), np.zeros(200)])
    per_component = verification_probability(d, np.zeros_like(d), np.array([-10.0, 0.0]), 10.0)
    assert np.mean((per_component > 0.5) == y) > 0.99
    best_shared = max(np.mean((verification_probability(d, np.zeros_like(d), np.array([w, w]), b) > 0.5) == y)
                      for w in np.linspace(-10, 10, 41) for b in np.linspace(-10, 10, 41))
    assert best_shared < 0.9                              # one shared weight cannot ignore the noise
    with pytest.raises(ValueError, match="one weight per component"):
        verification_probability(d[0], d[1], np.array([1.0]), 0.0)
