"""Course 4, Week 4: face verification and neural style transfer.

Encodings are rows: ``anchor``, ``positive``, ``negative`` have shape
``(m, n_e)``, one encoding of n_e numbers per example. Activations for style
transfer have the shape of one image's activations in ``snippets/cnn.py``:
``(1, n_H, n_W, n_C)``. Gram matrices are ``(n_C, n_C)``.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from snippets.cnn import conv_backward, conv_forward, conv_output_shape


# --8<-- [start:triplet_loss]
def triplet_loss(anchor, positive, negative, alpha=0.2):
    """Triplet loss summed over a batch, and its gradients.

    J = sum_i max(||a_i - p_i||^2 - ||a_i - n_i||^2 + alpha, 0)

    Args:
        anchor, positive, negative: (m, n_e) encodings f(A), f(P), f(N).
        alpha: the margin, > 0.

    Returns:
        (J, (d_anchor, d_positive, d_negative)), the gradients of J with the
        shape (m, n_e). A triplet whose margin is already met contributes 0.
    """
    a, p, n = (np.asarray(x, dtype=float) for x in (anchor, positive, negative))
    if a.ndim != 2 or p.shape != a.shape or n.shape != a.shape:
        raise ValueError(f"anchor, positive and negative must all have shape (m, n_e), "
                         f"got {a.shape}, {p.shape}, {n.shape}")
    if alpha <= 0:
        raise ValueError(f"alpha must be positive, got {alpha}")
    pos_dist = np.sum((a - p) ** 2, axis=1)          # (m,)
    neg_dist = np.sum((a - n) ** 2, axis=1)
    margins = pos_dist - neg_dist + alpha
    active = (margins > 0)[:, None]                   # only these triplets have a gradient
    d_anchor = 2 * ((a - p) - (a - n)) * active
    d_positive = -2 * (a - p) * active
    d_negative = 2 * (a - n) * active
    return float(np.sum(np.maximum(margins, 0.0))), (d_anchor, d_positive, d_negative)
# --8<-- [end:triplet_loss]


# --8<-- [start:verify]
def verify(encoding, identity_encoding, threshold=0.7):
    """Face verification: is ``encoding`` the person whose encoding is ``identity_encoding``?

    Args:
        encoding, identity_encoding: (n_e,) encodings.
        threshold: largest L2 distance still accepted.

    Returns:
        (dist, accepted): dist = ||encoding - identity_encoding||_2, accepted = dist < threshold.
    """
    encoding, identity_encoding = np.asarray(encoding, dtype=float), np.asarray(identity_encoding, dtype=float)
    if encoding.ndim != 1 or identity_encoding.shape != encoding.shape:
        raise ValueError(f"encodings must both have shape (n_e,), got {encoding.shape} and {identity_encoding.shape}")
    dist = float(np.linalg.norm(encoding - identity_encoding))
    return dist, dist < threshold


def choose_threshold(distances, same):
    """The threshold with the highest accuracy on labelled pairs.

    Args:
        distances: (k,) distances of k pairs; same: (k,) booleans, True for pairs of one person.

    Returns:
        (threshold, accuracy): accept a pair when its distance is below the
        threshold. Candidates are midpoints between consecutive sorted distances.
    """
    distances, same = np.asarray(distances, dtype=float), np.asarray(same, dtype=bool)
    if distances.ndim != 1 or same.shape != distances.shape:
        raise ValueError(f"distances and same must both have shape (k,), got {distances.shape} and {same.shape}")
    d = np.sort(distances)
    candidates = np.concatenate([[d[0] - 1.0], (d[:-1] + d[1:]) / 2, [d[-1] + 1.0]])
    accuracy = [np.mean((distances < t) == same) for t in candidates]
    best = int(np.argmax(accuracy))
    return float(candidates[best]), float(accuracy[best])


def verification_probability(encoding_i, encoding_j, w, b):
    """Face verification as logistic regression on |f(x_i)_k - f(x_j)_k|:

    y_hat = sigmoid(sum_k w_k |f(x_i)_k - f(x_j)_k| + b), one weight per component k.

    Args:
        encoding_i, encoding_j: (n_e,) or (m, n_e); w: (n_e,); b: a number.
    """
    diff = np.abs(np.asarray(encoding_i, dtype=float) - np.asarray(encoding_j, dtype=float))
    w = np.asarray(w, dtype=float)
    if w.shape != diff.shape[-1:]:
        raise ValueError(f"w must have shape (n_e,) = ({diff.shape[-1]},), one weight per component, got {w.shape}")
    return 1 / (1 + np.exp(-np.clip(diff @ w + b, -500, 500)))
# --8<-- [end:verify]


# --8<-- [start:embedding]
def embed(X, W):
    """A small encoder f(x) = W x / ||W x||: rows of X (m, n_x) to unit rows (m, n_e)."""
    Y = X @ W.T
    return Y / np.linalg.norm(Y, axis=1, keepdims=True)


def embed_backward(X, W, d_embedding):
    """Gradient of the cost with respect to W (n_e, n_x), given d_embedding (m, n_e)."""
    Y = X @ W.T
    norm = np.linalg.norm(Y, axis=1, keepdims=True)
    E = Y / norm
    dY = (d_embedding - E * np.sum(E * d_embedding, axis=1, keepdims=True)) / norm
    return dY.T @ X


def train_triplet_embedding(X, labels, n_e=4, alpha=0.2, steps=200, learning_rate=0.05,
                            triplets_per_step=64, seed=0):
    """Train ``embed`` with the triplet loss on random (anchor, positive, negative) triplets.

    Args:
        X: (m, n_x) examples; labels: (m,) identity of each example.

    Returns:
        (W, losses): W of shape (n_e, n_x) and the mean loss of each step.
    """
    rng = np.random.default_rng(seed)
    labels = np.asarray(labels)
    W = rng.standard_normal((n_e, X.shape[1])) / np.sqrt(X.shape[1])
    losses = []
    for _ in range(steps):
        a = rng.integers(0, len(X), triplets_per_step)
        p = np.array([rng.choice(np.flatnonzero((labels == labels[i]) & (np.arange(len(X)) != i))) for i in a])
        n = np.array([rng.choice(np.flatnonzero(labels != labels[i])) for i in a])
        J, (da, dp, dn) = triplet_loss(embed(X[a], W), embed(X[p], W), embed(X[n], W), alpha)
        dW = embed_backward(X[a], W, da) + embed_backward(X[p], W, dp) + embed_backward(X[n], W, dn)
        W = W - learning_rate * dW / triplets_per_step
        losses.append(J / triplets_per_step)
    return W, np.array(losses)
# --8<-- [end:embedding]


# --8<-- [start:gram_matrix]
def gram_matrix(A):
    """Gram matrix G = A A^T of unrolled activations A, shape (n_C, n_H n_W) -> (n_C, n_C).

    G[k, k'] = sum over positions of a_k * a_k': large when channels k and k'
    are active together.
    """
    A = np.asarray(A, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"A must have shape (n_C, n_H * n_W), got {A.shape}")
    return A @ A.T


def unroll(a):
    """(1, n_H, n_W, n_C) activations -> (n_C, n_H n_W), one row per channel."""
    a = np.asarray(a, dtype=float)
    if a.ndim != 4 or a.shape[0] != 1:
        raise ValueError(f"activations must have shape (1, n_H, n_W, n_C), got {a.shape}")
    return a.reshape(-1, a.shape[3]).T
# --8<-- [end:gram_matrix]


# --8<-- [start:costs]
def compute_content_cost(a_C, a_G):
    """J_content = 1 / (4 n_H n_W n_C) * sum (a_C - a_G)^2 for (1, n_H, n_W, n_C) activations."""
    a_C, a_G = unroll(a_C), unroll(a_G)
    if a_C.shape != a_G.shape:
        raise ValueError(f"a_C and a_G must have the same shape, got {a_C.shape} and {a_G.shape}")
    return float(np.sum((a_C - a_G) ** 2) / (4 * a_C.size))


def compute_layer_style_cost(a_S, a_G):
    """J_style^[l] = 1 / (4 n_C^2 (n_H n_W)^2) * sum (G_S - G_G)^2 for one layer."""
    A_S, A_G = unroll(a_S), unroll(a_G)
    if A_S.shape != A_G.shape:
        raise ValueError(f"a_S and a_G must have the same shape, got {A_S.shape} and {A_G.shape}")
    n_C, n_HW = A_S.shape
    return float(np.sum((gram_matrix(A_S) - gram_matrix(A_G)) ** 2) / (4 * n_C ** 2 * n_HW ** 2))


def compute_style_cost(style_layers_activations, weights):
    """J_style = sum_l lambda^[l] J_style^[l] over [(a_S, a_G), ...] with weights [lambda^[l], ...]."""
    if len(style_layers_activations) != len(weights):
        raise ValueError(f"one weight per layer: {len(style_layers_activations)} layers, {len(weights)} weights")
    return float(sum(w * compute_layer_style_cost(a_S, a_G)
                     for (a_S, a_G), w in zip(style_layers_activations, weights)))


def total_cost(J_content, J_style, alpha=10, beta=40):
    """J(G) = alpha J_content(C, G) + beta J_style(S, G)."""
    return alpha * J_content + beta * J_style
# --8<-- [end:costs]


# --8<-- [start:style_gradient]
def layer_style_cost_gradient(a_S, a_G):
    """Gradient of ``compute_layer_style_cost`` with respect to a_G, shape (1, n_H, n_W, n_C).

    With A = unroll(a_G) and G_G = A A^T, dJ/dA = (G_G - G_S) A / (n_C^2 (n_H n_W)^2).
    """
    A_S, A_G = unroll(a_S), unroll(a_G)
    n_C, n_HW = A_G.shape
    dA = (gram_matrix(A_G) - gram_matrix(A_S)) @ A_G / (n_C ** 2 * n_HW ** 2)
    return dA.T.reshape(np.shape(a_G))


def random_features(image, filters):
    """Activations relu(conv(image, W)) for each W of ``filters`` (random, untrained), with caches."""
    out = []
    for W in filters:
        Z, cache = conv_forward(image, W, np.zeros((1, 1, 1, W.shape[3])), {"stride": 1, "pad": 0})
        out.append((np.maximum(Z, 0), Z, cache))
    return out


def synthesize_texture(style, filters, steps=200, learning_rate=0.02, seed=0):
    """Texture synthesis: gradient descent on the pixels of G to match Gram matrices.

    Args:
        style: (1, n_H, n_W, 1) texture image.
        filters: list of (f, f, 1, n_C) random filters; each defines one "layer".
        steps, learning_rate: Adam on the pixels, which start as noise.

    Returns:
        (G, costs): the generated (1, n_H, n_W, 1) image and the style cost per step.
    """
    rng = np.random.default_rng(seed)
    targets = [a for a, _, _ in random_features(style, filters)]
    G = rng.uniform(style.min(), style.max(), style.shape)
    v, s, costs = np.zeros_like(G), np.zeros_like(G), []
    weights = 1.0 / len(filters)
    for t in range(1, steps + 1):
        feats = random_features(G, filters)
        costs.append(compute_style_cost([(a_S, a) for a_S, (a, _, _) in zip(targets, feats)],
                                        [weights] * len(filters)))
        dG = np.zeros_like(G)
        for a_S, (a, Z, cache) in zip(targets, feats):
            dZ = weights * layer_style_cost_gradient(a_S, a) * (Z > 0)
            dG += conv_backward(dZ, cache)[0]
        v = 0.9 * v + 0.1 * dG
        s = 0.999 * s + 0.001 * dG ** 2
        G = G - learning_rate * (v / (1 - 0.9 ** t)) / (np.sqrt(s / (1 - 0.999 ** t)) + 1e-12)
    return G, np.array(costs)
# --8<-- [end:style_gradient]


# --8<-- [start:conv1d_forward]
def conv1d_forward(x, W, b, stride=1, pad=0):
    """1-D convolution of a batch of signals.

    Args:
        x: (m, n, n_C_prev) signals of length n; W: (f, n_C_prev, n_C); b: (n_C,).

    Returns:
        (m, floor((n + 2 pad - f) / stride) + 1, n_C).
    """
    x, W, b = (np.asarray(v, dtype=float) for v in (x, W, b))
    if x.ndim != 3 or W.ndim != 3 or W.shape[1] != x.shape[2] or b.shape != (W.shape[2],):
        raise ValueError(f"x must be (m, n, n_C_prev), W (f, n_C_prev, n_C) and b (n_C,); "
                         f"got {x.shape}, {W.shape}, {b.shape}")
    f = W.shape[0]
    n_out = conv_output_shape(x.shape[1], f, pad, stride)
    x = np.pad(x, ((0, 0), (pad, pad), (0, 0)))
    windows = np.stack([x[:, k:k + stride * n_out:stride, :] for k in range(f)], axis=2)  # (m, n_out, f, C)
    return np.einsum("mtfc,fcd->mtd", windows, W) + b
# --8<-- [end:conv1d_forward]
