"""Course 4, Week 1: the layers of a convolutional network, forward and backward.

Shapes follow the course, channels last:

- ``A_prev``: ``(m, n_H_prev, n_W_prev, n_C_prev)``, a batch of m images or activations
- ``W``: ``(f, f, n_C_prev, n_C)``, n_C filters of size f x f x n_C_prev
- ``b``: ``(1, 1, 1, n_C)``, one bias per filter
- ``Z``: ``(m, n_H, n_W, n_C)`` with ``n_H = floor((n_H_prev + 2 pad - f) / stride) + 1``
- ``hparameters``: ``{"stride": s, "pad": p}`` for a convolution, ``{"f": f, "stride": s}``
  for pooling

Each ``*_forward`` returns ``(output, cache)``; its ``*_backward`` takes the
gradient of the output and that cache, and returns gradients with the shapes of
what they differentiate. "Convolution" means what deep learning means by it:
a cross-correlation, with no flip of the filter.
"""

# --8<-- [start:imports]
import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

# --8<-- [end:imports]


# --8<-- [start:conv_output_shape]
def conv_output_shape(n, f, p, s):
    """Output size floor((n + 2p - f) / s) + 1 of a convolution or pooling along one axis.

    Args:
        n: input size (height or width), f: filter size, p: padding, s: stride;
            integers with n >= 1, f >= 1, p >= 0, s >= 1 and f <= n + 2p.
    """
    for name, value, low in (("n", n, 1), ("f", f, 1), ("p", p, 0), ("s", s, 1)):
        if isinstance(value, bool) or int(value) != value or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    if f > n + 2 * p:
        raise ValueError(f"the filter (f = {f}) does not fit in the padded input (n + 2p = {n + 2 * p})")
    return (int(n) + 2 * int(p) - int(f)) // int(s) + 1
# --8<-- [end:conv_output_shape]


# --8<-- [start:zero_pad]
def zero_pad(X, pad):
    """Pad the height and width of every image in X with ``pad`` zeros on each side.

    Args:
        X: (m, n_H, n_W, n_C).
        pad: integer >= 0.

    Returns:
        (m, n_H + 2 pad, n_W + 2 pad, n_C); the batch and channel axes are not padded.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 4:
        raise ValueError(f"X must have shape (m, n_H, n_W, n_C), got {X.shape}")
    if isinstance(pad, bool) or int(pad) != pad or pad < 0:
        raise ValueError(f"pad must be an integer >= 0, got {pad!r}")
    p = int(pad)
    return np.pad(X, ((0, 0), (p, p), (p, p), (0, 0)), mode="constant", constant_values=0.0)
# --8<-- [end:zero_pad]


# --8<-- [start:conv_single_step]
def conv_single_step(a_slice_prev, W, b):
    """One filter applied at one position: sum(a_slice_prev * W) + b.

    Args:
        a_slice_prev: (f, f, n_C_prev), the window of the input under the filter.
        W: (f, f, n_C_prev), one filter.
        b: one bias, shape (1, 1, 1) or a scalar.

    Returns:
        a float, one entry of Z.
    """
    a_slice_prev, W = np.asarray(a_slice_prev, dtype=float), np.asarray(W, dtype=float)
    if a_slice_prev.shape != W.shape or W.ndim != 3:
        raise ValueError(f"a_slice_prev and W must both have shape (f, f, n_C_prev), "
                         f"got {a_slice_prev.shape} and {W.shape}")
    if np.size(b) != 1:
        raise ValueError(f"b must hold one number, got shape {np.shape(b)}")
    return float(np.sum(a_slice_prev * W) + np.ravel(b)[0])
# --8<-- [end:conv_single_step]


# --8<-- [start:check_conv]
def check_conv(A_prev, W, b, hparameters):
    """Validate the inputs of a convolution; return (A_prev, W, b, stride, pad, n_H, n_W)."""
    A_prev, W, b = (np.asarray(x, dtype=float) for x in (A_prev, W, b))
    if A_prev.ndim != 4:
        raise ValueError(f"A_prev must have shape (m, n_H_prev, n_W_prev, n_C_prev), got {A_prev.shape}")
    if W.ndim != 4 or W.shape[0] != W.shape[1] or W.shape[2] != A_prev.shape[3]:
        raise ValueError(f"W must have shape (f, f, n_C_prev, n_C) with n_C_prev = {A_prev.shape[3]}, "
                         f"got {W.shape}")
    if b.shape != (1, 1, 1, W.shape[3]):
        raise ValueError(f"b must have shape (1, 1, 1, n_C) = (1, 1, 1, {W.shape[3]}), got {b.shape}")
    stride, pad = hparameters["stride"], hparameters["pad"]
    f = W.shape[0]
    n_H = conv_output_shape(A_prev.shape[1], f, pad, stride)
    n_W = conv_output_shape(A_prev.shape[2], f, pad, stride)
    return A_prev, W, b, int(stride), int(pad), n_H, n_W
# --8<-- [end:check_conv]


# --8<-- [start:conv_forward_loop]
def conv_forward_loop(A_prev, W, b, hparameters):
    """Convolution forward pass with explicit loops, as in the lecture.

    Args:
        A_prev: (m, n_H_prev, n_W_prev, n_C_prev).
        W: (f, f, n_C_prev, n_C).
        b: (1, 1, 1, n_C).
        hparameters: {"stride": s, "pad": p}.

    Returns:
        (Z, cache): Z of shape (m, n_H, n_W, n_C); cache = (A_prev, W, b, hparameters).
    """
    A_prev, W, b, stride, pad, n_H, n_W = check_conv(A_prev, W, b, hparameters)
    m, f, n_C = A_prev.shape[0], W.shape[0], W.shape[3]
    A_prev_pad = zero_pad(A_prev, pad)
    Z = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):                      # every example
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):                # every output row
            vert_start = h * stride
            for w in range(n_W):            # every output column
                horiz_start = w * stride
                a_slice_prev = a_prev_pad[vert_start:vert_start + f, horiz_start:horiz_start + f, :]
                for c in range(n_C):        # every filter
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[:, :, :, c], b[:, :, :, c])
    return Z, (A_prev, W, b, hparameters)
# --8<-- [end:conv_forward_loop]


# --8<-- [start:im2col]
def im2col(A_prev_pad, f, stride, n_H, n_W):
    """Every f x f window of the padded input as one row of a matrix.

    Args:
        A_prev_pad: (m, n_H_prev + 2p, n_W_prev + 2p, n_C_prev), already padded.
        f, stride: filter size and stride; n_H, n_W: output size.

    Returns:
        (m * n_H * n_W, f * f * n_C_prev): row (i, h, w) holds the window under
        output position (h, w) of image i, in the order of W.reshape(-1, n_C).
    """
    m, n_C_prev = A_prev_pad.shape[0], A_prev_pad.shape[3]
    cols = np.empty((m, n_H, n_W, f, f, n_C_prev))
    for di in range(f):                     # f * f strided copies, not m * n_H * n_W
        for dj in range(f):
            cols[:, :, :, di, dj, :] = A_prev_pad[:, di:di + stride * n_H:stride,
                                                  dj:dj + stride * n_W:stride, :]
    return cols.reshape(m * n_H * n_W, f * f * n_C_prev)
# --8<-- [end:im2col]


# --8<-- [start:conv_forward]
def conv_forward(A_prev, W, b, hparameters):
    """Vectorized convolution forward pass: one matrix product over all windows.

    Args and returns as ``conv_forward_loop``: A_prev (m, n_H_prev, n_W_prev, n_C_prev),
    W (f, f, n_C_prev, n_C), b (1, 1, 1, n_C), hparameters {"stride", "pad"};
    Z of shape (m, n_H, n_W, n_C) and cache = (A_prev, W, b, hparameters).
    """
    A_prev, W, b, stride, pad, n_H, n_W = check_conv(A_prev, W, b, hparameters)
    m, f, n_C = A_prev.shape[0], W.shape[0], W.shape[3]
    cols = im2col(zero_pad(A_prev, pad), f, stride, n_H, n_W)   # (m n_H n_W, f f n_C_prev)
    Z = cols @ W.reshape(-1, n_C) + b.reshape(1, n_C)           # (m n_H n_W, n_C)
    return Z.reshape(m, n_H, n_W, n_C), (A_prev, W, b, hparameters)
# --8<-- [end:conv_forward]


# --8<-- [start:conv_backward_loop]
def conv_backward_loop(dZ, cache):
    """Convolution backward pass with explicit loops, as in the lecture.

    Args:
        dZ: (m, n_H, n_W, n_C), gradient of the cost with respect to Z.
        cache: from ``conv_forward`` or ``conv_forward_loop``.

    Returns:
        (dA_prev, dW, db) with the shapes of A_prev, W and b.
    """
    A_prev, W, b, hparameters = cache
    stride, pad, f = hparameters["stride"], hparameters["pad"], W.shape[0]
    m, n_H, n_W, n_C = dZ.shape
    A_prev_pad = zero_pad(A_prev, pad)
    dA_prev_pad = np.zeros_like(A_prev_pad)
    dW, db = np.zeros_like(W), np.zeros_like(b)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                vs, hs = h * stride, w * stride
                a_slice = A_prev_pad[i, vs:vs + f, hs:hs + f, :]
                for c in range(n_C):
                    dA_prev_pad[i, vs:vs + f, hs:hs + f, :] += W[:, :, :, c] * dZ[i, h, w, c]
                    dW[:, :, :, c] += a_slice * dZ[i, h, w, c]
                    db[:, :, :, c] += dZ[i, h, w, c]
    n_H_prev, n_W_prev = A_prev.shape[1:3]
    return dA_prev_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :], dW, db
# --8<-- [end:conv_backward_loop]


# --8<-- [start:conv_backward]
def conv_backward(dZ, cache):
    """Vectorized convolution backward pass (matrix products, then a scatter-add).

    Args:
        dZ: (m, n_H, n_W, n_C), gradient of the cost with respect to Z.
        cache: (A_prev, W, b, hparameters) from ``conv_forward``.

    Returns:
        (dA_prev, dW, db): shapes (m, n_H_prev, n_W_prev, n_C_prev),
        (f, f, n_C_prev, n_C) and (1, 1, 1, n_C).
    """
    A_prev, W, b, hparameters = cache
    stride, pad = int(hparameters["stride"]), int(hparameters["pad"])
    f, n_C_prev, n_C = W.shape[0], W.shape[2], W.shape[3]
    m, n_H_prev, n_W_prev = A_prev.shape[:3]
    n_H, n_W = conv_output_shape(n_H_prev, f, pad, stride), conv_output_shape(n_W_prev, f, pad, stride)
    dZ = np.asarray(dZ, dtype=float)
    if dZ.shape != (m, n_H, n_W, n_C):
        raise ValueError(f"dZ must have the shape of Z, (m, n_H, n_W, n_C) = {(m, n_H, n_W, n_C)}, "
                         f"got {dZ.shape}")
    A_prev_pad = zero_pad(A_prev, pad)
    dZ_rows = dZ.reshape(-1, n_C)                                   # (m n_H n_W, n_C)
    dW = (im2col(A_prev_pad, f, stride, n_H, n_W).T @ dZ_rows).reshape(W.shape)
    db = dZ_rows.sum(axis=0).reshape(1, 1, 1, n_C)
    dcols = (dZ_rows @ W.reshape(-1, n_C).T).reshape(m, n_H, n_W, f, f, n_C_prev)
    dA_prev_pad = np.zeros_like(A_prev_pad)
    for di in range(f):                     # scatter each window's gradient back
        for dj in range(f):
            dA_prev_pad[:, di:di + stride * n_H:stride, dj:dj + stride * n_W:stride, :] += (
                dcols[:, :, :, di, dj, :])
    return dA_prev_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :], dW, db
# --8<-- [end:conv_backward]


# --8<-- [start:pool_forward]
def pool_windows(A_prev, f, stride):
    """All f x f windows at the given stride: shape (m, n_H, n_W, n_C, f, f) (a view)."""
    return sliding_window_view(A_prev, (f, f), axis=(1, 2))[:, ::stride, ::stride]


def pool_forward(A_prev, hparameters, mode="max"):
    """Max or average pooling, each channel on its own.

    Args:
        A_prev: (m, n_H_prev, n_W_prev, n_C).
        hparameters: {"f": window size, "stride": s}; no padding.
        mode: "max" or "average".

    Returns:
        (A, cache): A of shape (m, n_H, n_W, n_C) with
        n_H = floor((n_H_prev - f) / s) + 1; cache = (A_prev, hparameters).
    """
    A_prev = np.asarray(A_prev, dtype=float)
    if A_prev.ndim != 4:
        raise ValueError(f"A_prev must have shape (m, n_H_prev, n_W_prev, n_C), got {A_prev.shape}")
    if mode not in ("max", "average"):
        raise ValueError(f'mode must be "max" or "average", got {mode!r}')
    f, stride = hparameters["f"], hparameters["stride"]
    n_H = conv_output_shape(A_prev.shape[1], f, 0, stride)
    n_W = conv_output_shape(A_prev.shape[2], f, 0, stride)
    windows = pool_windows(A_prev, int(f), int(stride))[:, :n_H, :n_W]
    A = windows.max(axis=(4, 5)) if mode == "max" else windows.mean(axis=(4, 5))
    return A, (A_prev, hparameters)
# --8<-- [end:pool_forward]


# --8<-- [start:pool_backward]
def pool_backward(dA, cache, mode="max"):
    """Backward pass of pooling.

    Max pooling passes each window's gradient to the position of its maximum.
    With ties, that is the first maximum in row-major order (``np.argmax``), so
    a window never hands on more than the gradient it received. Average pooling
    spreads each window's gradient evenly over its f * f entries.

    Args:
        dA: (m, n_H, n_W, n_C), gradient of the cost with respect to the output.
        cache: (A_prev, hparameters) from ``pool_forward``.
        mode: "max" or "average", as in the forward pass.

    Returns:
        dA_prev with the shape of A_prev. Overlapping windows (stride < f) add up.
    """
    A_prev, hparameters = cache
    if mode not in ("max", "average"):
        raise ValueError(f'mode must be "max" or "average", got {mode!r}')
    f, stride = int(hparameters["f"]), int(hparameters["stride"])
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    n_H, n_W = conv_output_shape(n_H_prev, f, 0, stride), conv_output_shape(n_W_prev, f, 0, stride)
    dA = np.asarray(dA, dtype=float)
    if dA.shape != (m, n_H, n_W, n_C):
        raise ValueError(f"dA must have the shape of A, (m, n_H, n_W, n_C) = {(m, n_H, n_W, n_C)}, "
                         f"got {dA.shape}")
    if mode == "max":
        windows = pool_windows(A_prev, f, stride)[:, :n_H, :n_W].reshape(m, n_H, n_W, n_C, f * f)
        first_max = windows.argmax(axis=4)                      # ties: the first one
        share = (np.arange(f * f) == first_max[..., None]) * dA[..., None]
    else:
        share = np.broadcast_to(dA[..., None] / (f * f), (m, n_H, n_W, n_C, f * f))
    share = share.reshape(m, n_H, n_W, n_C, f, f)
    dA_prev = np.zeros_like(A_prev)
    for di in range(f):
        for dj in range(f):
            dA_prev[:, di:di + stride * n_H:stride, dj:dj + stride * n_W:stride, :] += (
                share[..., di, dj])
    return dA_prev
# --8<-- [end:pool_backward]


# --8<-- [start:edge_filters]
EDGE_FILTERS = {
    "vertical": np.array([[1.0, 0.0, -1.0], [1.0, 0.0, -1.0], [1.0, 0.0, -1.0]]),
    "horizontal": np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -1.0, -1.0]]),
    "sobel": np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]),
    "scharr": np.array([[3.0, 0.0, -3.0], [10.0, 0.0, -10.0], [3.0, 0.0, -3.0]]),
}


def detect_edges(image, kernel, pad=0):
    """Convolve one grey image with one f x f filter (stride 1), using ``conv_forward``.

    Args:
        image: (n_H, n_W) grey image; kernel: (f, f); pad: zero padding.

    Returns:
        (n_H + 2 pad - f + 1, n_W + 2 pad - f + 1) response: large where the
        image changes the way the kernel does (bright left, dark right for
        the vertical filter).
    """
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"image must be (n_H, n_W) and kernel (f, f), got {image.shape} and {kernel.shape}")
    Z, _ = conv_forward(image[None, :, :, None], kernel[:, :, None, None], np.zeros((1, 1, 1, 1)),
                        {"stride": 1, "pad": pad})
    return Z[0, :, :, 0]
# --8<-- [end:edge_filters]


# --8<-- [start:timing]
def best_time(fn, *args, repeats=3):
    """Smallest wall-clock time in seconds of ``fn(*args)`` over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def time_conv_loop_vs_vectorized(m=4, n_H=16, n_C_prev=8, n_C=8, f=3, stride=1, pad=1,
                                 repeats=3, seed=0, loop=True):
    """Time the loop and the vectorized convolution on one random layer.

    Args:
        m, n_H, n_C_prev: a batch of m images of n_H x n_H x n_C_prev.
        n_C, f, stride, pad: n_C filters of f x f, stride and padding.
        repeats: runs per measurement (the fastest is kept).
        seed: seed of the random inputs.
        loop: whether to time the loop version too (seconds per call on large layers).

    Returns:
        {"loop": s or None, "vectorized": s, "backward": s}: seconds per forward
        call of each version, and of one vectorized backward call.
    """
    rng = np.random.default_rng(seed)
    A_prev = rng.standard_normal((m, n_H, n_H, n_C_prev))
    W = rng.standard_normal((f, f, n_C_prev, n_C))
    b = rng.standard_normal((1, 1, 1, n_C))
    hp = {"stride": stride, "pad": pad}
    Z, cache = conv_forward(A_prev, W, b, hp)
    return {
        "loop": best_time(conv_forward_loop, A_prev, W, b, hp, repeats=repeats) if loop else None,
        "vectorized": best_time(conv_forward, A_prev, W, b, hp, repeats=repeats),
        "backward": best_time(conv_backward, Z, cache, repeats=repeats),
    }
# --8<-- [end:timing]


# --8<-- [start:make_pattern_images]
PATTERNS = ("plus", "cross", "ring", "bar")


def pattern(name, k=5):
    """A k x k binary pattern: a plus sign, a diagonal cross, a square ring or a horizontal bar."""
    P = np.zeros((k, k))
    c = k // 2
    if name == "plus":
        P[c, :] = P[:, c] = 1.0
    elif name == "cross":
        P[np.arange(k), np.arange(k)] = P[np.arange(k), k - 1 - np.arange(k)] = 1.0
    elif name == "ring":
        P[[0, -1], :] = P[:, [0, -1]] = 1.0
    elif name == "bar":
        P[c - 1:c + 1, :] = 1.0
    else:
        raise ValueError(f"name must be one of {PATTERNS}, got {name!r}")
    return P


def make_pattern_images(m, size=16, k=5, noise=0.15, seed=0, margin=0):
    """m grey images with one pattern each, at a random position, with random brightness and noise.

    ``margin`` keeps the pattern that many pixels away from every border, so
    that shifting the image by up to ``margin`` pixels never cuts it.

    Returns:
        (X, labels): X of shape (m, size, size, 1) and labels of shape (m,)
        with values 0..3, the index of the pattern in ``PATTERNS``.
    """
    if size < k + 2 * margin:
        raise ValueError(f"size must be at least k + 2 margin = {k + 2 * margin}, got {size}")
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, len(PATTERNS), m)
    X = rng.normal(0.0, noise, (m, size, size, 1))
    for i, label in enumerate(labels):
        top, left = rng.integers(margin, size - k - margin + 1, 2)
        X[i, top:top + k, left:left + k, 0] += rng.uniform(0.6, 1.0) * pattern(PATTERNS[label], k)
    return X, labels


def shift_images(X, dx, dy):
    """Move every image of X (m, n_H, n_W, n_C) by dx columns right and dy rows down, filling with zeros."""
    out = np.zeros_like(X)
    n_H, n_W = X.shape[1:3]
    out[:, max(dy, 0):n_H + min(dy, 0), max(dx, 0):n_W + min(dx, 0)] = (
        X[:, max(-dy, 0):n_H - max(dy, 0), max(-dx, 0):n_W - max(dx, 0)])
    return out
# --8<-- [end:make_pattern_images]
