"""Course 4 Week 2: case studies (snippets/cnn_architectures.py)."""

import numpy as np
import pytest

from snippets.cnn import conv_forward, im2col, zero_pad
from snippets.cnn_architectures import (
    ALEXNET,
    GOOGLENET,
    LENET5,
    VGG16,
    batch_norm_channels,
    colour_shift,
    compound_scaling,
    conv_cost,
    convolutional_block_forward,
    count_parameters,
    deep_dense_backward,
    deep_dense_forward,
    depthwise_conv_forward,
    depthwise_separable_cost,
    identity_block_forward,
    init_block_params,
    init_deep_dense,
    layer_parameters,
    mirror,
    mobilenet_v2_block_cost,
    mobilenet_v2_block_forward,
    pca_colour_augmentation,
    pointwise_conv_forward,
    random_crop,
    train_deep_dense,
)
from tests.helpers import numerical_gradient, relative_difference


def test_published_parameter_totals():
    assert count_parameters(LENET5) == 61_706            # "about 60 thousand"
    assert count_parameters(ALEXNET) == 62_378_344       # "about 60 million"
    assert count_parameters(VGG16) == 138_357_544        # "about 138 million"
    assert layer_parameters(("conv", 5, 3, 10)) == (5 * 5 * 3 + 1) * 10
    assert layer_parameters(("bn", 8)) == 16 and layer_parameters(("pool",)) == 0
    with pytest.raises(ValueError, match="layer must start"):
        layer_parameters(("lstm", 3))


def test_googlenet_is_about_seven_million():
    assert 6.5e6 < count_parameters(GOOGLENET) < 7.1e6


def test_conv_cost_reproduces_the_inception_example():
    plain = conv_cost(28, 5, 192, 32)
    bottleneck = conv_cost(28, 1, 192, 16) + conv_cost(28, 5, 16, 32)
    assert plain == 120_422_400 and bottleneck == 12_443_648
    with pytest.raises(ValueError, match="n_c_in"):
        conv_cost(28, 5, 0, 32)


def test_conv_cost_counts_the_products_of_the_matrix_product():
    A = np.zeros((1, 10, 10, 4))
    cols = im2col(zero_pad(A, 1), 3, 1, 10, 10)
    assert cols.shape[0] * cols.shape[1] * 6 == conv_cost(10, 3, 4, 6)


@pytest.mark.parametrize("n_out,f,n_c_in,n_c_out", [(28, 3, 16, 32), (7, 5, 3, 5), (14, 3, 64, 128)])
def test_depthwise_separable_cost_ratio(n_out, f, n_c_in, n_c_out):
    depthwise, pointwise = depthwise_separable_cost(n_out, f, n_c_in, n_c_out)
    ratio = (depthwise + pointwise) / conv_cost(n_out, f, n_c_in, n_c_out)
    assert np.isclose(ratio, 1 / n_c_out + 1 / f ** 2)


def test_depthwise_and_pointwise_compose_and_match_their_costs():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((2, 6, 6, 3))
    Wd, bd = rng.standard_normal((3, 3, 3)), rng.standard_normal((1, 1, 1, 3))
    Z, cache = depthwise_conv_forward(A, Wd, bd, {"stride": 1, "pad": 1})
    assert Z.shape == (2, 6, 6, 3) and cache[1] is not None
    for c in range(3):                     # channel c only sees channel c
        W_full = np.zeros((3, 3, 3, 1))
        W_full[:, :, c, 0] = Wd[:, :, c]
        expected, _ = conv_forward(A, W_full, bd[..., c:c + 1], {"stride": 1, "pad": 1})
        np.testing.assert_allclose(Z[..., c], expected[..., 0], atol=1e-12)
    Wp, bp = rng.standard_normal((1, 1, 3, 5)), rng.standard_normal((1, 1, 1, 5))
    out, _ = pointwise_conv_forward(Z, Wp, bp)
    np.testing.assert_allclose(out, Z @ Wp[0, 0] + bp, atol=1e-12)
    assert out.shape == (2, 6, 6, 5)
    with pytest.raises(ValueError, match=r"\(1, 1, n_C_prev, n_C\)"):
        pointwise_conv_forward(Z, np.ones((3, 3, 3, 5)), bp)
    with pytest.raises(ValueError, match="W \\(f, f, n_C\\)"):
        depthwise_conv_forward(A, np.ones((3, 3, 4)), bd, {"stride": 1, "pad": 1})
    with pytest.raises(ValueError, match=r"\(1, 1, 1, 3\)"):
        depthwise_conv_forward(A, Wd, np.ones(3), {"stride": 1, "pad": 1})


def test_batch_norm_channels_normalizes_each_channel():
    rng = np.random.default_rng(1)
    Z = rng.standard_normal((4, 5, 5, 3)) * [1, 10, 100] + [0, 5, -5]
    out = batch_norm_channels(Z, np.ones((1, 1, 1, 3)), np.zeros((1, 1, 1, 3)))
    np.testing.assert_allclose(out.mean(axis=(0, 1, 2)), 0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=(0, 1, 2)), 1, rtol=1e-3)


def test_identity_and_convolutional_blocks_shapes():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((3, 8, 8, 6))
    out = identity_block_forward(X, 3, init_block_params(6, 3, (2, 4, 6)))
    assert out.shape == X.shape and out.min() >= 0
    out = convolutional_block_forward(X, 3, init_block_params(6, 3, (2, 4, 10), shortcut=True), s=2)
    assert out.shape == (3, 4, 4, 10)
    with pytest.raises(ValueError, match="n_C = 6"):
        identity_block_forward(X, 3, init_block_params(6, 3, (2, 4, 5)))


def test_identity_block_with_zero_main_path_is_relu_of_the_input():
    X = np.random.default_rng(3).standard_normal((2, 5, 5, 4))
    params = init_block_params(4, 3, (2, 2, 4))
    params["gamma3"][:] = 0.0                   # the block's last layer outputs zero
    np.testing.assert_allclose(identity_block_forward(X, 3, params), np.maximum(X, 0))


def test_mobilenet_v2_block_shapes_residual_and_cost():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((2, 6, 6, 4))
    t = 6
    params = {"We": rng.standard_normal((1, 1, 4, 24)) * 0.3, "be": np.zeros((1, 1, 1, 24)),
              "Wd": rng.standard_normal((3, 3, 24)) * 0.3, "bd": np.zeros((1, 1, 1, 24)),
              "Wp": rng.standard_normal((1, 1, 24, 4)) * 0.3, "bp": np.zeros((1, 1, 1, 4))}
    out = mobilenet_v2_block_forward(X, params)
    assert out.shape == X.shape
    zero = dict(params, Wp=np.zeros_like(params["Wp"]))
    np.testing.assert_allclose(mobilenet_v2_block_forward(X, zero), X)   # residual connection
    assert mobilenet_v2_block_forward(X, params, stride=2).shape == (2, 3, 3, 4)   # no residual
    cost = mobilenet_v2_block_cost(6, 4, t, 4)
    assert cost == {"expansion": 36 * 4 * 24, "depthwise": 36 * 9 * 24, "projection": 36 * 24 * 4}


def test_compound_scaling():
    base = compound_scaling(1)
    assert np.isclose(base["flops"], 1.2 * 1.1 ** 2 * 1.15 ** 2) and abs(base["flops"] - 2) < 0.1
    s = compound_scaling(3)
    assert np.isclose(s["flops"], s["depth"] * s["width"] ** 2 * s["resolution"] ** 2)
    assert compound_scaling(0) == {"depth": 1.0, "width": 1.0, "resolution": 1.0, "flops": 1.0}
    with pytest.raises(ValueError, match="alpha"):
        compound_scaling(1, alpha=0.5)


def test_augmentations():
    rng = np.random.default_rng(5)
    image = rng.random((6, 8, 3))
    np.testing.assert_array_equal(mirror(image)[:, 0], image[:, -1])
    np.testing.assert_array_equal(mirror(mirror(image)), image)
    crop = random_crop(image, 4, seed=1)
    assert crop.shape == (4, 4, 3)
    assert any(np.array_equal(crop, image[i:i + 4, j:j + 4]) for i in range(3) for j in range(5))
    shifted = colour_shift(image, [0.2, 0.0, -0.2])
    assert shifted.min() >= 0 and shifted.max() <= 1
    np.testing.assert_allclose(shifted[..., 1], image[..., 1])
    inside = (image[..., 0] < 0.8)
    np.testing.assert_allclose(shifted[..., 0][inside], image[..., 0][inside] + 0.2)
    augmented, delta = pca_colour_augmentation(image * 0.5 + 0.25, std=0.1, seed=2)
    assert delta.shape == (3,) and augmented.shape == image.shape
    np.testing.assert_allclose(augmented, np.clip(image * 0.5 + 0.25 + delta, 0, 1))
    with pytest.raises(ValueError, match="n_H, n_W, n_C"):
        mirror(np.ones((4, 4)))
    with pytest.raises(ValueError, match="size"):
        random_crop(image, 7)
    with pytest.raises(ValueError, match=r"\(n_C,\)"):
        colour_shift(image, [0.1, 0.1])


def test_pca_colour_augmentation_moves_along_the_main_colour_direction():
    rng = np.random.default_rng(6)
    t = rng.random((20, 20, 1))
    image = 0.2 + 0.6 * np.concatenate([t, t, 0.5 * np.ones_like(t)], axis=2)   # colours on one line
    _, delta = pca_colour_augmentation(image, std=0.5, seed=0)
    direction = np.array([1.0, 1.0, 0.0]) / np.sqrt(2)
    assert abs(delta @ direction) / np.linalg.norm(delta) > 0.999


@pytest.mark.parametrize("residual", [False, True])
def test_deep_dense_backward_against_numerical_gradient(residual):
    rng = np.random.default_rng(7)
    X, Y = rng.standard_normal((2, 6)), (rng.random((1, 6)) > 0.5).astype(float)
    params = init_deep_dense(2, 3, 2, seed=1, branch_scale=0.5)
    params = {k: v + 0.05 if k.startswith("b") else v for k, v in params.items()}

    def J():
        AL = deep_dense_forward(X, params, 2, residual)[0]
        return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))

    AL, cache = deep_dense_forward(X, params, 2, residual)
    grads = deep_dense_backward(X, Y, AL, params, cache, 2, residual)
    for name, value in params.items():
        assert relative_difference(grads[f"d{name}"], numerical_gradient(J, value)) < 1e-7, name


def test_train_deep_dense_lowers_the_training_error():
    rng = np.random.default_rng(8)
    X = rng.standard_normal((2, 100))
    Y = (X[0:1] * X[1:2] > 0).astype(float)
    errors = train_deep_dense(X, Y, 1, True, width=8, steps=150, learning_rate=0.02)
    assert errors.shape == (150,) and errors[-1] < 0.1 < errors[0]
