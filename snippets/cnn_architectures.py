"""Course 4, Week 2: case studies of convolutional networks.

Parameter and multiplication counts, residual and MobileNetV2 blocks built from
the Week 1 layers (channels last, as in ``snippets/cnn.py``), depthwise and
pointwise convolutions, EfficientNet's compound scaling, data augmentation, and
a small plain-versus-residual depth experiment.

A layer list for ``count_parameters`` holds tuples:

- ``("conv", f, n_C_prev, n_C)``: f x f filters, with one bias per filter
- ``("fc", n_prev, n)``: a fully connected layer
- ``("pool",)``: max or average pooling, nothing to learn
- ``("bn", n_C)``: batch norm over channels, a gamma and a beta per channel
- ``("inception", n_C_prev, n1, n3_reduce, n3, n5_reduce, n5, n_pool)``: the
  four branches of an inception module (the 3 x 3 and 5 x 5 after 1 x 1 reductions)
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from snippets.cnn import conv_forward, conv_output_shape, pool_windows, zero_pad


# --8<-- [start:count_parameters]
def layer_parameters(layer):
    """Number of learned numbers of one layer tuple (see the module docstring)."""
    kind, *sizes = layer
    if kind == "conv":
        f, n_C_prev, n_C = sizes
        return f * f * n_C_prev * n_C + n_C
    if kind == "fc":
        n_prev, n = sizes
        return n_prev * n + n
    if kind == "pool":
        return 0
    if kind == "bn":
        return 2 * sizes[0]
    if kind == "inception":
        n_prev, n1, n3r, n3, n5r, n5, n_pool = sizes
        return sum(layer_parameters(c) for c in (
            ("conv", 1, n_prev, n1), ("conv", 1, n_prev, n3r), ("conv", 3, n3r, n3),
            ("conv", 1, n_prev, n5r), ("conv", 5, n5r, n5), ("conv", 1, n_prev, n_pool)))
    raise ValueError(f"layer must start with conv, fc, pool, bn or inception, got {layer!r}")


def count_parameters(layers):
    """Total number of parameters of a list of layer tuples."""
    return sum(layer_parameters(layer) for layer in layers)


LENET5 = [("conv", 5, 1, 6), ("pool",), ("conv", 5, 6, 16), ("pool",),
          ("fc", 400, 120), ("fc", 120, 84), ("fc", 84, 10)]
ALEXNET = [("conv", 11, 3, 96), ("pool",), ("conv", 5, 96, 256), ("pool",),
           ("conv", 3, 256, 384), ("conv", 3, 384, 384), ("conv", 3, 384, 256), ("pool",),
           ("fc", 6 * 6 * 256, 4096), ("fc", 4096, 4096), ("fc", 4096, 1000)]
VGG16 = ([("conv", 3, 3, 64), ("conv", 3, 64, 64), ("pool",),
          ("conv", 3, 64, 128), ("conv", 3, 128, 128), ("pool",)]
         + [("conv", 3, n_prev, 256) for n_prev in (128, 256, 256)] + [("pool",)]
         + [("conv", 3, n_prev, 512) for n_prev in (256, 512, 512)] + [("pool",)]
         + [("conv", 3, 512, 512)] * 3 + [("pool",)]
         + [("fc", 7 * 7 * 512, 4096), ("fc", 4096, 4096), ("fc", 4096, 1000)])
# --8<-- [end:count_parameters]

# GoogLeNet as in Szegedy et al. (2014), Table 1: the erratum on its size uses it.
GOOGLENET = [("conv", 7, 3, 64), ("pool",), ("conv", 1, 64, 64), ("conv", 3, 64, 192), ("pool",),
             ("inception", 192, 64, 96, 128, 16, 32, 32), ("inception", 256, 128, 128, 192, 32, 96, 64),
             ("pool",),
             ("inception", 480, 192, 96, 208, 16, 48, 64), ("inception", 512, 160, 112, 224, 24, 64, 64),
             ("inception", 512, 128, 128, 256, 24, 64, 64), ("inception", 512, 112, 144, 288, 32, 64, 64),
             ("inception", 528, 256, 160, 320, 32, 128, 128), ("pool",),
             ("inception", 832, 256, 160, 320, 32, 128, 128), ("inception", 832, 384, 192, 384, 48, 128, 128),
             ("pool",), ("fc", 1024, 1000)]


# --8<-- [start:conv_cost]
def conv_cost(n_out, f, n_c_in, n_c_out):
    """Multiplications of a convolution with an n_out x n_out x n_c_out output.

    Each of the n_out * n_out * n_c_out outputs is the sum of f * f * n_c_in products.
    """
    for name, value in (("n_out", n_out), ("f", f), ("n_c_in", n_c_in), ("n_c_out", n_c_out)):
        if isinstance(value, bool) or int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(n_out) ** 2 * int(n_c_out) * int(f) ** 2 * int(n_c_in)


def depthwise_separable_cost(n_out, f, n_c_in, n_c_out):
    """Multiplications of a depthwise f x f step followed by a pointwise 1 x 1 step.

    Returns:
        (depthwise, pointwise): n_out^2 f^2 n_c_in and n_out^2 n_c_in n_c_out;
        their sum over ``conv_cost(n_out, f, n_c_in, n_c_out)`` is 1/n_c_out + 1/f^2.
    """
    depthwise = conv_cost(n_out, f, 1, n_c_in)      # one f x f x 1 filter per channel
    pointwise = conv_cost(n_out, 1, n_c_in, n_c_out)
    return depthwise, pointwise
# --8<-- [end:conv_cost]


# --8<-- [start:depthwise]
def depthwise_conv_forward(A_prev, W, b, hparameters):
    """Depthwise convolution: channel c of the output filters only channel c of the input.

    Args:
        A_prev: (m, n_H_prev, n_W_prev, n_C).
        W: (f, f, n_C), one f x f filter per channel.
        b: (1, 1, 1, n_C).
        hparameters: {"stride": s, "pad": p}.

    Returns:
        (Z, cache): Z of shape (m, n_H, n_W, n_C); cache = (A_prev, W, b, hparameters).
    """
    A_prev, W, b = (np.asarray(x, dtype=float) for x in (A_prev, W, b))
    if A_prev.ndim != 4 or W.ndim != 3 or W.shape[0] != W.shape[1] or W.shape[2] != A_prev.shape[3]:
        raise ValueError(f"A_prev must be (m, n_H_prev, n_W_prev, n_C) and W (f, f, n_C), "
                         f"got {A_prev.shape} and {W.shape}")
    if b.shape != (1, 1, 1, W.shape[2]):
        raise ValueError(f"b must have shape (1, 1, 1, n_C) = (1, 1, 1, {W.shape[2]}), got {b.shape}")
    s, p, f = int(hparameters["stride"]), int(hparameters["pad"]), W.shape[0]
    n_H = conv_output_shape(A_prev.shape[1], f, p, s)
    n_W = conv_output_shape(A_prev.shape[2], f, p, s)
    windows = pool_windows(zero_pad(A_prev, p), f, s)[:, :n_H, :n_W]   # (m, n_H, n_W, n_C, f, f)
    Z = np.einsum("mhwcij,ijc->mhwc", windows, W) + b
    return Z, (A_prev, W, b, hparameters)


def pointwise_conv_forward(A_prev, W, b):
    """1 x 1 convolution: a fully connected layer over the channels, at every position.

    Args:
        A_prev: (m, n_H, n_W, n_C_prev); W: (1, 1, n_C_prev, n_C); b: (1, 1, 1, n_C).

    Returns:
        (Z, cache) as ``conv_forward`` with stride 1 and no padding: Z is (m, n_H, n_W, n_C).
    """
    if np.shape(W)[:2] != (1, 1):
        raise ValueError(f"W must have shape (1, 1, n_C_prev, n_C), got {np.shape(W)}")
    return conv_forward(A_prev, W, b, {"stride": 1, "pad": 0})
# --8<-- [end:depthwise]


# --8<-- [start:resnet_blocks]
def relu(Z):
    return np.maximum(Z, 0.0)


def batch_norm_channels(Z, gamma, beta, epsilon=1e-5):
    """Batch norm of a (m, n_H, n_W, n_C) volume: each channel over the m n_H n_W values.

    gamma and beta have shape (1, 1, 1, n_C).
    """
    mu = Z.mean(axis=(0, 1, 2), keepdims=True)
    var = Z.var(axis=(0, 1, 2), keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + epsilon) + beta


def conv_bn(X, params, name, stride=1, pad=0):
    """CONV -> BATCHNORM with the parameters W<name>, b<name>, gamma<name>, beta<name>."""
    Z, _ = conv_forward(X, params[f"W{name}"], params[f"b{name}"], {"stride": stride, "pad": pad})
    return batch_norm_channels(Z, params[f"gamma{name}"], params[f"beta{name}"])


def identity_block_forward(X, f, params):
    """ResNet identity block: three CONV -> BN steps, the input added before the last ReLU.

    Args:
        X: (m, n_H, n_W, n_C).
        f: size of the middle filter (same padding).
        params: W1 (1, 1, n_C, F1), W2 (f, f, F1, F2), W3 (1, 1, F2, n_C), with biases
            b1..b3 and batch-norm gamma1..gamma3, beta1..beta3 of shape (1, 1, 1, F).

    Returns:
        (m, n_H, n_W, n_C): relu(main path + X).
    """
    if params["W3"].shape[3] != np.shape(X)[3]:
        raise ValueError(f"the last filters must give n_C = {np.shape(X)[3]} channels to add X, "
                         f"got W3 of shape {params['W3'].shape}")
    A = relu(conv_bn(X, params, "1"))
    A = relu(conv_bn(A, params, "2", pad=(f - 1) // 2))
    return relu(conv_bn(A, params, "3") + X)


def convolutional_block_forward(X, f, params, s=2):
    """ResNet convolutional block: like the identity block, with a CONV -> BN on the shortcut.

    The first 1 x 1 convolution and the shortcut use stride s, so the output is
    (m, n_H', n_W', F3) with n_H' = floor((n_H - 1) / s) + 1. params also holds
    Ws (1, 1, n_C, F3), bs, gammas, betas for the shortcut.
    """
    A = relu(conv_bn(X, params, "1", stride=s))
    A = relu(conv_bn(A, params, "2", pad=(f - 1) // 2))
    return relu(conv_bn(A, params, "3") + conv_bn(X, params, "s", stride=s))


def init_block_params(n_C, f, filters, shortcut=False, seed=0):
    """Random weights (He scale) for ``identity_block_forward`` / ``convolutional_block_forward``."""
    rng = np.random.default_rng(seed)
    F1, F2, F3 = filters
    shapes = {"1": (1, 1, n_C, F1), "2": (f, f, F1, F2), "3": (1, 1, F2, F3)}
    if shortcut:
        shapes["s"] = (1, 1, n_C, F3)
    params = {}
    for name, shape in shapes.items():
        fan_in = shape[0] * shape[1] * shape[2]
        params[f"W{name}"] = rng.standard_normal(shape) * np.sqrt(2 / fan_in)
        params[f"b{name}"] = np.zeros((1, 1, 1, shape[3]))
        params[f"gamma{name}"] = np.ones((1, 1, 1, shape[3]))
        params[f"beta{name}"] = np.zeros((1, 1, 1, shape[3]))
    return params
# --8<-- [end:resnet_blocks]


# --8<-- [start:mobilenet_v2]
def relu6(Z):
    return np.clip(Z, 0.0, 6.0)


def mobilenet_v2_block_forward(X, params, stride=1):
    """MobileNetV2 bottleneck: 1 x 1 expansion, 3 x 3 depthwise, 1 x 1 projection.

    Args:
        X: (m, n_H, n_W, n_C).
        params: We (1, 1, n_C, t n_C), Wd (3, 3, t n_C), Wp (1, 1, t n_C, n_C_out) with
            biases be, bd, bp of shape (1, 1, 1, channels). Expansion and depthwise
            steps end in ReLU6, the projection is linear.
        stride: stride of the depthwise step.

    Returns:
        (m, n_H', n_W', n_C_out); X is added when the shapes agree (stride 1, n_C_out = n_C).
    """
    A = relu6(pointwise_conv_forward(X, params["We"], params["be"])[0])             # expand
    A = relu6(depthwise_conv_forward(A, params["Wd"], params["bd"], {"stride": stride, "pad": 1})[0])
    Z = pointwise_conv_forward(A, params["Wp"], params["bp"])[0]                     # project
    return Z + X if Z.shape == np.shape(X) else Z


def mobilenet_v2_block_cost(n, n_c, t, n_c_out, f=3):
    """Multiplications of the three steps for an n x n x n_c input (stride 1).

    Returns:
        {"expansion": n^2 n_c (t n_c), "depthwise": n^2 f^2 (t n_c),
         "projection": n^2 (t n_c) n_c_out}.
    """
    return {"expansion": conv_cost(n, 1, n_c, t * n_c), "depthwise": conv_cost(n, f, 1, t * n_c),
            "projection": conv_cost(n, 1, t * n_c, n_c_out)}
# --8<-- [end:mobilenet_v2]


# --8<-- [start:compound_scaling]
def compound_scaling(phi, alpha=1.2, beta=1.1, gamma=1.15):
    """EfficientNet's compound scaling with coefficient phi.

    Depth is multiplied by alpha^phi, width (channels) by beta^phi and resolution
    by gamma^phi. The multiplications of a convolution grow with depth, width
    squared and resolution squared, so they grow by (alpha beta^2 gamma^2)^phi,
    about 2^phi with the published alpha = 1.2, beta = 1.1, gamma = 1.15.

    Returns:
        {"depth": alpha^phi, "width": beta^phi, "resolution": gamma^phi,
         "flops": (alpha beta^2 gamma^2)^phi}.
    """
    if min(alpha, beta, gamma) < 1:
        raise ValueError(f"alpha, beta and gamma must be >= 1, got {alpha}, {beta}, {gamma}")
    return {"depth": alpha ** phi, "width": beta ** phi, "resolution": gamma ** phi,
            "flops": (alpha * beta ** 2 * gamma ** 2) ** phi}
# --8<-- [end:compound_scaling]


# --8<-- [start:augmentation]
def check_image(image):
    image = np.asarray(image, dtype=float)
    if image.ndim != 3:
        raise ValueError(f"image must have shape (n_H, n_W, n_C), got {image.shape}")
    return image


def mirror(image):
    """Flip an (n_H, n_W, n_C) image left to right."""
    return check_image(image)[:, ::-1, :].copy()


def random_crop(image, size, seed=0):
    """A random (size, size, n_C) crop of an (n_H, n_W, n_C) image."""
    image = check_image(image)
    if not 1 <= size <= min(image.shape[:2]):
        raise ValueError(f"size must be between 1 and {min(image.shape[:2])}, got {size}")
    rng = np.random.default_rng(seed)
    top = rng.integers(0, image.shape[0] - size + 1)
    left = rng.integers(0, image.shape[1] - size + 1)
    return image[top:top + size, left:left + size, :].copy()


def colour_shift(image, shift):
    """Add one offset per channel (e.g. (+0.2, 0, -0.2) to R, G, B), clipped to [0, 1]."""
    image = check_image(image)
    shift = np.asarray(shift, dtype=float)
    if shift.shape != (image.shape[2],):
        raise ValueError(f"shift must have shape (n_C,) = ({image.shape[2]},), got {shift.shape}")
    return np.clip(image + shift, 0.0, 1.0)


def pca_colour_augmentation(image, std=0.1, seed=0):
    """AlexNet's PCA colour augmentation of an (n_H, n_W, 3) image in [0, 1].

    The 3 x 3 covariance of the pixels' colours has eigenvectors p_i and
    eigenvalues lambda_i; every pixel gets sum_i a_i lambda_i p_i with
    a_i ~ N(0, std^2), so colours move most along the directions in which
    the image's colours already vary.

    Returns:
        (augmented image clipped to [0, 1], the added colour of shape (3,)).
    """
    image = check_image(image)
    pixels = image.reshape(-1, image.shape[2])
    eigenvalues, eigenvectors = np.linalg.eigh(np.cov(pixels, rowvar=False))
    a = np.random.default_rng(seed).normal(0.0, std, size=eigenvalues.shape)
    delta = eigenvectors @ (a * eigenvalues)
    return np.clip(image + delta, 0.0, 1.0), delta
# --8<-- [end:augmentation]


# --8<-- [start:plain_vs_residual]
def init_deep_dense(n_x, width, blocks, seed=0, branch_scale=1.0):
    """He-initialized weights of a dense network: input layer, ``blocks`` blocks of two
    layers of ``width`` units each, and a sigmoid output unit. Examples are columns.
    The second layer of each block is multiplied by ``branch_scale``."""
    rng = np.random.default_rng(seed)
    params = {"W_in": rng.standard_normal((width, n_x)) * np.sqrt(2 / n_x), "b_in": np.zeros((width, 1))}
    for k in range(blocks):
        for j in (1, 2):
            scale = branch_scale if j == 2 else 1.0
            params[f"W{k}_{j}"] = rng.standard_normal((width, width)) * np.sqrt(2 / width) * scale
            params[f"b{k}_{j}"] = np.zeros((width, 1))
    params["W_out"] = rng.standard_normal((1, width)) * np.sqrt(1 / width)
    params["b_out"] = np.zeros((1, 1))
    return params


def deep_dense_forward(X, params, blocks, residual):
    """Forward pass; each block computes a' = relu(z2 + a) if residual else relu(z2),
    with z2 = W2 relu(W1 a + b1) + b2. Returns (probabilities (1, m), cache)."""
    a = relu(params["W_in"] @ X + params["b_in"])
    cache = [a]
    for k in range(blocks):
        h = relu(params[f"W{k}_1"] @ a + params[f"b{k}_1"])
        z2 = params[f"W{k}_2"] @ h + params[f"b{k}_2"]
        a = relu(z2 + a) if residual else relu(z2)
        cache += [h, a]
    z = params["W_out"] @ a + params["b_out"]
    return 1 / (1 + np.exp(-np.clip(z, -500, 500))), cache


def deep_dense_backward(X, Y, AL, params, cache, blocks, residual):
    """Gradients of the mean cross-entropy, {"dW_in": ..., ...}; shapes of params.
    AL and cache come from ``deep_dense_forward``."""
    m = X.shape[1]
    dz = (AL - Y) / m
    a = cache[-1]
    grads = {"dW_out": dz @ a.T, "db_out": dz.sum(axis=1, keepdims=True)}
    da = params["W_out"].T @ dz
    for k in reversed(range(blocks)):
        a_prev = cache[2 * k]
        h, a = cache[2 * k + 1], cache[2 * k + 2]
        dz_out = da * (a > 0)                                  # through the block's last ReLU
        grads[f"dW{k}_2"], grads[f"db{k}_2"] = dz_out @ h.T, dz_out.sum(axis=1, keepdims=True)
        dh = (params[f"W{k}_2"].T @ dz_out) * (h > 0)
        grads[f"dW{k}_1"], grads[f"db{k}_1"] = dh @ a_prev.T, dh.sum(axis=1, keepdims=True)
        da = params[f"W{k}_1"].T @ dh + (dz_out if residual else 0.0)   # the shortcut's gradient
    dz_in = da * (cache[0] > 0)
    grads["dW_in"], grads["db_in"] = dz_in @ X.T, dz_in.sum(axis=1, keepdims=True)
    return grads


def train_deep_dense(X, Y, blocks, residual, width=16, steps=300, learning_rate=0.01, seed=0,
                     branch_scale=1.0):
    """Train with Adam (full batch) and return the training error (fraction wrong) per step."""
    params = init_deep_dense(X.shape[0], width, blocks, seed=seed, branch_scale=branch_scale)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    errors = []
    for t in range(1, steps + 1):
        AL, cache = deep_dense_forward(X, params, blocks, residual)
        errors.append(float(np.mean((AL > 0.5) != (Y > 0.5))))
        grads = deep_dense_backward(X, Y, AL, params, cache, blocks, residual)
        for k in params:
            g = grads[f"d{k}"]
            v[k] = 0.9 * v[k] + 0.1 * g
            s[k] = 0.999 * s[k] + 0.001 * g ** 2
            params[k] = params[k] - learning_rate * (v[k] / (1 - 0.9 ** t)) / (
                np.sqrt(s[k] / (1 - 0.999 ** t)) + 1e-8)
    return np.array(errors)
# --8<-- [end:plain_vs_residual]
