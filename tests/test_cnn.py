"""Course 4 Week 1: convolution and pooling layers (snippets/cnn.py)."""

import numpy as np
import pytest
from scipy.signal import convolve, correlate

from snippets.cnn import (
    EDGE_FILTERS,
    conv_backward,
    conv_backward_loop,
    conv_forward,
    conv_forward_loop,
    conv_output_shape,
    conv_single_step,
    detect_edges,
    pool_backward,
    pool_forward,
    time_conv_loop_vs_vectorized,
    zero_pad,
)
from tests.helpers import numerical_gradient, relative_difference

CASES = [  # (n_H, n_W, n_C_prev, n_C, f, stride, pad)
    (5, 5, 1, 1, 3, 1, 0),
    (7, 6, 3, 4, 3, 2, 1),
    (8, 8, 2, 5, 5, 3, 2),
    (6, 9, 4, 2, 2, 2, 0),
    (4, 4, 3, 3, 1, 1, 0),
]


def random_layer(n_H, n_W, n_C_prev, n_C, f, seed=0, m=2):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((m, n_H, n_W, n_C_prev)), rng.standard_normal((f, f, n_C_prev, n_C)),
            rng.standard_normal((1, 1, 1, n_C)))


def test_conv_output_shape_known_values():
    assert conv_output_shape(6, 3, 0, 1) == 4          # the lecture's 6 x 6 * 3 x 3
    assert conv_output_shape(7, 3, 0, 2) == 3          # stride 2: (7 - 3) / 2 + 1
    assert conv_output_shape(6, 3, 0, 2) == 2          # floor(3 / 2) + 1
    assert conv_output_shape(6, 3, 1, 1) == 6          # same padding p = (f - 1) / 2
    assert conv_output_shape(32, 5, 0, 1) == 28


@pytest.mark.parametrize("args", [(0, 1, 0, 1), (5, 0, 0, 1), (5, 3, -1, 1), (5, 3, 0, 0),
                                  (5, 2.5, 0, 1), (True, 1, 0, 1), (3, 5, 0, 1)])
def test_conv_output_shape_rejects_bad_sizes(args):
    with pytest.raises(ValueError):
        conv_output_shape(*args)


def test_zero_pad_pads_only_height_and_width():
    X = np.arange(24.0).reshape(2, 3, 2, 2)
    P = zero_pad(X, 2)
    assert P.shape == (2, 7, 6, 2)
    np.testing.assert_array_equal(P[:, 2:-2, 2:-2, :], X)
    assert P.sum() == X.sum() and np.all(P[:, :2] == 0)
    np.testing.assert_array_equal(zero_pad(X, 0), X)
    with pytest.raises(ValueError, match="m, n_H, n_W, n_C"):
        zero_pad(np.ones((3, 3)), 1)
    with pytest.raises(ValueError, match="pad"):
        zero_pad(X, -1)


def test_conv_single_step_known_value_and_checks():
    a = np.ones((2, 2, 3))
    W = np.arange(12.0).reshape(2, 2, 3)
    assert conv_single_step(a, W, np.array([[[1.5]]])) == 66 + 1.5
    assert conv_single_step(a, W, -1.0) == 65
    with pytest.raises(ValueError, match="f, f, n_C_prev"):
        conv_single_step(np.ones((2, 2, 2)), W, 0.0)
    with pytest.raises(ValueError, match="one number"):
        conv_single_step(a, W, np.zeros(2))


@pytest.mark.parametrize("case", CASES)
def test_vectorized_forward_equals_loop_and_shape(case):
    n_H, n_W, n_C_prev, n_C, f, s, p = case
    A, W, b = random_layer(n_H, n_W, n_C_prev, n_C, f, seed=sum(case))
    hp = {"stride": s, "pad": p}
    Z_loop, cache_loop = conv_forward_loop(A, W, b, hp)
    Z, cache = conv_forward(A, W, b, hp)
    assert Z.shape == (2, conv_output_shape(n_H, f, p, s), conv_output_shape(n_W, f, p, s), n_C)
    np.testing.assert_allclose(Z, Z_loop, rtol=1e-12, atol=1e-12)
    assert cache[0] is not None and cache[3] is hp and len(cache_loop) == 4


def test_single_channel_convolution_is_scipy_correlate_not_convolve():
    rng = np.random.default_rng(3)
    image, kernel = rng.standard_normal((9, 11)), rng.standard_normal((3, 3))
    Z = detect_edges(image, kernel)
    np.testing.assert_allclose(Z, correlate(image, kernel, mode="valid"), atol=1e-12)
    assert not np.allclose(Z, convolve(image, kernel, mode="valid"))
    np.testing.assert_allclose(detect_edges(image, kernel, pad=1), correlate(image, kernel, mode="same"),
                               atol=1e-12)


def test_multichannel_convolution_sums_scipy_correlations_over_channels():
    A, W, b = random_layer(6, 7, 3, 2, 3, seed=4, m=1)
    Z, _ = conv_forward(A, W, b, {"stride": 1, "pad": 0})
    for c in range(2):
        expected = correlate(A[0], W[:, :, :, c], mode="valid")[:, :, 0] + b[0, 0, 0, c]
        np.testing.assert_allclose(Z[0, :, :, c], expected, atol=1e-12)


def test_conv_forward_rejects_bad_shapes():
    A, W, b = random_layer(5, 5, 3, 2, 3)
    hp = {"stride": 1, "pad": 0}
    with pytest.raises(ValueError, match="A_prev"):
        conv_forward(A[0], W, b, hp)
    with pytest.raises(ValueError, match="n_C_prev = 3"):
        conv_forward(A, W[:, :, :2], b, hp)
    with pytest.raises(ValueError, match=r"\(1, 1, 1, 2\)"):
        conv_forward(A, W, b.ravel(), hp)
    with pytest.raises(ValueError, match="does not fit"):
        conv_forward(A, np.ones((7, 7, 3, 2)), b, hp)


def test_conv_forward_is_stable_on_extreme_inputs():
    A, W, b = random_layer(5, 5, 2, 2, 3)
    Z, _ = conv_forward(A * 1e150, W, b, {"stride": 1, "pad": 1})
    assert np.all(np.isfinite(Z))
    Z_loop, _ = conv_forward_loop(A * 1e150, W, b, {"stride": 1, "pad": 1})
    np.testing.assert_allclose(Z, Z_loop, rtol=1e-10)


@pytest.mark.parametrize("case", CASES[:4])
def test_conv_backward_against_numerical_gradient(case):
    n_H, n_W, n_C_prev, n_C, f, s, p = case
    A, W, b = random_layer(n_H, n_W, n_C_prev, n_C, f, seed=10 + sum(case))
    hp = {"stride": s, "pad": p}
    Z, cache = conv_forward(A, W, b, hp)
    G = np.random.default_rng(1).standard_normal(Z.shape)     # J = sum(G * Z)

    def J():
        return float(np.sum(G * conv_forward(A, W, b, hp)[0]))

    dA, dW, db = conv_backward(G, cache)
    assert dA.shape == A.shape and dW.shape == W.shape and db.shape == b.shape
    for analytic, x in ((dA, A), (dW, W), (db, b)):
        assert relative_difference(analytic, numerical_gradient(J, x)) < 1e-7
    for loop, vec in zip(conv_backward_loop(G, cache), (dA, dW, db)):
        np.testing.assert_allclose(loop, vec, atol=1e-12)


def test_conv_backward_rejects_wrong_dZ():
    A, W, b = random_layer(5, 5, 1, 2, 3)
    _, cache = conv_forward(A, W, b, {"stride": 1, "pad": 0})
    with pytest.raises(ValueError, match="shape of Z"):
        conv_backward(np.ones((2, 4, 4, 2)), cache)


def test_pool_forward_known_values_and_shapes():
    A = np.arange(16.0).reshape(1, 4, 4, 1)
    M, cache = pool_forward(A, {"f": 2, "stride": 2}, mode="max")
    np.testing.assert_array_equal(M[0, :, :, 0], [[5, 7], [13, 15]])
    V, _ = pool_forward(A, {"f": 2, "stride": 2}, mode="average")
    np.testing.assert_array_equal(V[0, :, :, 0], [[2.5, 4.5], [10.5, 12.5]])
    rng = np.random.default_rng(0)
    for n, f, s in ((5, 3, 1), (7, 3, 2), (6, 2, 2), (9, 4, 3)):
        out, _ = pool_forward(rng.standard_normal((2, n, n + 1, 3)), {"f": f, "stride": s})
        assert out.shape == (2, conv_output_shape(n, f, 0, s), conv_output_shape(n + 1, f, 0, s), 3)
    assert cache[1] == {"f": 2, "stride": 2}


def test_pool_forward_has_no_parameters_and_keeps_channels_apart():
    rng = np.random.default_rng(1)
    A = rng.standard_normal((1, 4, 4, 3))
    out, _ = pool_forward(A, {"f": 2, "stride": 2})
    for c in range(3):
        np.testing.assert_array_equal(out[..., c], pool_forward(A[..., c:c + 1], {"f": 2, "stride": 2})[0][..., 0])


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("f,s", [(2, 2), (3, 1), (3, 2)])
def test_pool_backward_against_numerical_gradient(mode, f, s):
    rng = np.random.default_rng(f * 10 + s)
    A = rng.standard_normal((2, 7, 6, 3))
    hp = {"f": f, "stride": s}
    out, cache = pool_forward(A, hp, mode=mode)
    G = rng.standard_normal(out.shape)

    def J():
        return float(np.sum(G * pool_forward(A, hp, mode=mode)[0]))

    dA = pool_backward(G, cache, mode=mode)
    assert dA.shape == A.shape
    assert relative_difference(dA, numerical_gradient(J, A)) < 1e-7


def test_max_pool_ties_send_the_gradient_to_the_first_maximum_only():
    A = np.zeros((1, 4, 4, 1))                  # every window is a four-way tie
    out, cache = pool_forward(A, {"f": 2, "stride": 2})
    dA = pool_backward(np.ones_like(out), cache)
    assert dA.sum() == out.size                 # each window passes on exactly its gradient
    np.testing.assert_array_equal(dA[0, :, :, 0], [[1, 0, 1, 0], [0, 0, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]])
    A2 = np.array([[1.0, 3.0], [3.0, 0.0]]).reshape(1, 2, 2, 1)
    d2 = pool_backward(np.ones((1, 1, 1, 1)), pool_forward(A2, {"f": 2, "stride": 2})[1])
    np.testing.assert_array_equal(d2[0, :, :, 0], [[0, 1], [0, 0]])  # row-major first of the two 3s


def test_pool_rejects_bad_input():
    with pytest.raises(ValueError, match="A_prev"):
        pool_forward(np.ones((4, 4)), {"f": 2, "stride": 2})
    with pytest.raises(ValueError, match="mode"):
        pool_forward(np.ones((1, 4, 4, 1)), {"f": 2, "stride": 2}, mode="min")
    out, cache = pool_forward(np.ones((1, 4, 4, 1)), {"f": 2, "stride": 2})
    with pytest.raises(ValueError, match="mode"):
        pool_backward(out, cache, mode="sum")
    with pytest.raises(ValueError, match="shape of A"):
        pool_backward(np.ones((1, 3, 3, 1)), cache)
    with pytest.raises(ValueError, match="does not fit"):
        pool_forward(np.ones((1, 2, 2, 1)), {"f": 3, "stride": 1})


def test_edge_filters_on_the_lecture_example():
    image = np.hstack([np.full((6, 3), 10.0), np.zeros((6, 3))])    # bright left, dark right
    out = detect_edges(image, EDGE_FILTERS["vertical"])
    np.testing.assert_array_equal(out, np.tile([0.0, 30.0, 30.0, 0.0], (4, 1)))
    np.testing.assert_array_equal(detect_edges(image, EDGE_FILTERS["horizontal"]), np.zeros((4, 4)))
    np.testing.assert_array_equal(detect_edges(image[:, ::-1], EDGE_FILTERS["vertical"]),
                                  np.tile([0.0, -30.0, -30.0, 0.0], (4, 1)))      # dark to bright
    np.testing.assert_array_equal(detect_edges(image.T, EDGE_FILTERS["horizontal"]), out.T)
    assert detect_edges(image, EDGE_FILTERS["sobel"]).max() == 40
    assert detect_edges(image, EDGE_FILTERS["scharr"]).max() == 160
    for kernel in EDGE_FILTERS.values():
        assert kernel.sum() == 0                                    # flat regions give 0
    with pytest.raises(ValueError, match="kernel"):
        detect_edges(image, np.ones(3))


def test_timing_returns_positive_times():
    t = time_conv_loop_vs_vectorized(m=1, n_H=5, n_C_prev=1, n_C=1, repeats=1)
    assert t["loop"] > 0 and t["vectorized"] > 0 and t["backward"] > 0
    assert time_conv_loop_vs_vectorized(m=1, n_H=5, repeats=1, loop=False)["loop"] is None


def test_pattern_images_and_shifts():
    from snippets.cnn import PATTERNS, make_pattern_images, pattern, shift_images
    X, labels = make_pattern_images(40, size=12, seed=1)
    assert X.shape == (40, 12, 12, 1) and set(labels) <= set(range(len(PATTERNS)))
    np.testing.assert_array_equal(make_pattern_images(40, size=12, seed=1)[0], X)
    for name in PATTERNS:
        P = pattern(name)
        assert P.shape == (5, 5) and 4 <= P.sum() <= 16
    assert pattern("plus")[2].all() and pattern("cross")[0, 0] == pattern("cross")[0, 4] == 1
    with pytest.raises(ValueError, match="name"):
        pattern("star")
    with pytest.raises(ValueError, match="size"):
        make_pattern_images(2, size=4)
    X, _ = make_pattern_images(30, size=12, seed=2, margin=3, noise=0.0)
    assert not X[:, :3].any() and not X[:, -3:].any() and not X[:, :, :3].any() and not X[:, :, -3:].any()
    A = np.arange(16.0).reshape(1, 4, 4, 1)
    np.testing.assert_array_equal(shift_images(A, 1, 0)[0, :, :, 0], [[0, 0, 1, 2], [0, 4, 5, 6], [0, 8, 9, 10], [0, 12, 13, 14]])
    np.testing.assert_array_equal(shift_images(A, -1, -2)[0, :2, :3, 0], [[9, 10, 11], [13, 14, 15]])
    np.testing.assert_array_equal(shift_images(A, 0, 0), A)
