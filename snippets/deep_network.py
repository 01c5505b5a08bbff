"""Course 1, Week 4: an L-layer network, [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

Shapes follow the course: examples are columns.

- ``X``, ``A[0]``: ``(n[0], m)``; ``A[l]``, ``Z[l]``: ``(n[l], m)``; ``Y``: ``(1, m)``
- ``parameters = {"W1": (n[1], n[0]), "b1": (n[1], 1), ..., "WL": ..., "bL": ...}``
- ``grads = {"dA0": ..., "dW1": ..., "db1": ..., ...}`` with the shapes of what they differentiate

Each ``*_forward`` returns ``(output, cache)``; its ``*_backward`` takes the
gradient of the output and that cache. The activations (``relu``, ``sigmoid``,
``tanh`` and their derivatives) are those of Weeks 2 and 3; a page that shows
this module includes their regions first.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from snippets.activations import relu, relu_derivative, sigmoid_derivative, tanh, tanh_derivative
from snippets.logistic_regression import sigmoid


# --8<-- [start:initialize_parameters_deep]
def initialize_parameters_deep(layer_dims, seed=1):
    """Random weights and zero biases for every layer.

    Args:
        layer_dims: list of layer sizes [n[0], n[1], ..., n[L]] (n[0] = n_x),
            at least two positive integers.
        seed: int seed or ``numpy.random.Generator``.

    Returns:
        dict with ``W<l>`` of shape (n[l], n[l-1]) and ``b<l>`` of shape (n[l], 1)
        for l = 1..L. Weights are drawn from N(0, 1 / n[l-1]), so a linear step
        keeps the scale: each pre-activation of layer l has a variance equal to the
        mean square of the layer's inputs. A ReLU halves that mean square, so
        through a stack of ReLU layers the scale still shrinks, by sqrt(2) per
        layer (He initialization, variance 2 / n[l-1], makes up for it).
    """
    if len(layer_dims) < 2 or any(int(n) != n or n < 1 for n in layer_dims):
        raise ValueError(f"layer_dims must list at least two positive integers, got {layer_dims}")
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        n_prev, n = int(layer_dims[l - 1]), int(layer_dims[l])
        parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters
# --8<-- [end:initialize_parameters_deep]


# --8<-- [start:linear_forward]
def linear_forward(A, W, b):
    """Z = W A + b for one layer.

    Args:
        A: activations of the previous layer, (n[l-1], m).
        W: weights, (n[l], n[l-1]).
        b: biases, (n[l], 1).

    Returns:
        (Z, cache): Z of shape (n[l], m) and cache = (A, W, b).
    """
    A, W, b = np.asarray(A, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    if A.ndim != 2 or W.ndim != 2 or W.shape[1] != A.shape[0]:
        raise ValueError(f"W (n[l], n[l-1]) and A (n[l-1], m) do not fit: W {W.shape}, A {A.shape}")
    if b.shape != (W.shape[0], 1):
        raise ValueError(f"b must have shape (n[l], 1) = ({W.shape[0]}, 1), got {b.shape}")
    return W @ A + b, (A, W, b)
# --8<-- [end:linear_forward]


# --8<-- [start:linear_activation_forward]
ACTIVATIONS = {
    "relu": (relu, relu_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
}


def check_activation(activation):
    """Raise ValueError unless ``activation`` names a known activation."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")


def linear_activation_forward(A_prev, W, b, activation):
    """A = g(W A_prev + b) for one layer.

    Args:
        A_prev: (n[l-1], m); W: (n[l], n[l-1]); b: (n[l], 1).
        activation: "relu", "sigmoid" or "tanh".

    Returns:
        (A, cache): A of shape (n[l], m); cache = (linear_cache, Z).
    """
    check_activation(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    return ACTIVATIONS[activation][0](Z), (linear_cache, Z)
# --8<-- [end:linear_activation_forward]


# --8<-- [start:L_model_forward]
def L_model_forward(X, parameters):
    """Forward pass: RELU for layers 1..L-1, SIGMOID for layer L.

    Args:
        X: inputs, (n[0], m).
        parameters: dict of ``W<l>`` and ``b<l>``, l = 1..L.

    Returns:
        (AL, caches): AL of shape (n[L], m), the predictions; caches, a list of
        L caches from ``linear_activation_forward``, layer 1 first.
    """
    L = len(parameters) // 2
    if L < 1 or any(f"{k}{l}" not in parameters for l in range(1, L + 1) for k in "Wb"):
        raise ValueError(f"parameters must hold W1, b1, ..., WL, bL; got {sorted(parameters)}")
    A, caches = X, []
    for l in range(1, L + 1):
        activation = "sigmoid" if l == L else "relu"
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        caches.append(cache)
    return A, caches
# --8<-- [end:L_model_forward]


# --8<-- [start:compute_cost]
EPS = 1e-15  # predictions are kept in [EPS, 1 - EPS] when a logarithm is taken


def compute_cost(AL, Y):
    """Cross-entropy cost J = -(1/m) sum(Y log AL + (1 - Y) log(1 - AL)).

    Args:
        AL: predicted probabilities, (1, m).
        Y: labels 0/1, (1, m).

    Returns:
        The cost, a float. A prediction that rounded to exactly 0 or 1 is
        clipped to EPS or 1 - EPS, so a confident mistake costs about 34.5
        instead of infinity.
    """
    AL, Y = np.asarray(AL, dtype=float), np.asarray(Y, dtype=float)
    if AL.ndim != 2 or AL.shape != Y.shape:
        raise ValueError(f"AL and Y must both have shape (1, m), got {AL.shape} and {Y.shape}")
    P = np.clip(AL, EPS, 1 - EPS)
    return float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / Y.shape[1])
# --8<-- [end:compute_cost]


# --8<-- [start:linear_backward]
def linear_backward(dZ, cache):
    """Gradients of one linear step Z = W A_prev + b.

    Args:
        dZ: gradient of the cost with respect to Z, (n[l], m).
        cache: (A_prev, W, b) from ``linear_forward``.

    Returns:
        (dA_prev, dW, db) with the shapes of A_prev (n[l-1], m), W and b:
        dW = (1/m) dZ A_prev^T, db = (1/m) sum of dZ over the examples,
        dA_prev = W^T dZ.
    """
    A_prev, W, b = cache
    if dZ.shape != (W.shape[0], A_prev.shape[1]):
        raise ValueError(f"dZ must have shape (n[l], m) = {(W.shape[0], A_prev.shape[1])}, got {dZ.shape}")
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return W.T @ dZ, dW, db
# --8<-- [end:linear_backward]


# --8<-- [start:linear_activation_backward]
def linear_activation_backward(dA, cache, activation):
    """Gradients of one layer A = g(W A_prev + b).

    Args:
        dA: gradient of the cost with respect to A, (n[l], m).
        cache: (linear_cache, Z) from ``linear_activation_forward``.
        activation: the activation used in the forward pass.

    Returns:
        (dA_prev, dW, db), with dZ = dA * g'(Z) element-wise.
    """
    check_activation(activation)
    linear_cache, Z = cache
    dZ = dA * ACTIVATIONS[activation][1](Z)
    return linear_backward(dZ, linear_cache)
# --8<-- [end:linear_activation_backward]


# --8<-- [start:L_model_backward]
def L_model_backward(AL, Y, caches):
    """Backward pass of ``L_model_forward`` for the cross-entropy cost.

    The output layer starts from dZ[L] = AL - Y, the sigmoid and the
    cross-entropy differentiated together. (Going through dA[L] and then
    sigma'(Z[L]) gives the same number on paper, but for a confident mistake
    AL rounds to 0 or 1, sigma'(Z[L]) to about 0, and the product vanishes.)

    Args:
        AL: predictions, (1, m); Y: labels, (1, m).
        caches: the list returned by ``L_model_forward``.

    Returns:
        grads: ``dA<l-1>``, ``dW<l>``, ``db<l>`` for l = 1..L, shaped like
        A[l-1], W[l], b[l].
    """
    AL, Y = np.asarray(AL, dtype=float), np.asarray(Y, dtype=float)
    if AL.shape != Y.shape:
        raise ValueError(f"AL and Y must have the same shape (1, m), got {AL.shape} and {Y.shape}")
    L, grads = len(caches), {}
    dZ = AL - Y  # dL/dZ[L] per example (the 1/m comes in dW, db)
    dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(dZ, caches[L - 1][0])
    grads[f"dA{L - 1}"] = dA
    for l in range(L - 1, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], "relu")
        grads[f"dA{l - 1}"] = dA
    return grads
# --8<-- [end:L_model_backward]


# --8<-- [start:update_parameters]
def update_parameters(parameters, grads, learning_rate):
    """One gradient descent step: W[l] -= alpha dW[l], b[l] -= alpha db[l].

    Args:
        parameters: dict of ``W<l>``, ``b<l>``.
        grads: dict with ``dW<l>``, ``db<l>`` of the same shapes.
        learning_rate: alpha > 0.

    Returns:
        A new parameters dict (the one passed in is not modified).
    """
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    return {name: value - learning_rate * grads[f"d{name}"] for name, value in parameters.items()}
# --8<-- [end:update_parameters]


# --8<-- [start:L_layer_model]
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                  print_cost=False, seed=1):
    """Train an L-layer network by batch gradient descent.

    Args:
        X: (n[0], m); Y: (1, m), labels 0/1.
        layers_dims: [n[0], ..., n[L]] with n[0] = X.shape[0] and n[L] = 1.
        learning_rate, num_iterations: gradient descent settings.
        print_cost: print the cost every 100 iterations.
        seed: seed of the initial weights.

    Returns:
        (parameters, costs): the trained parameters and the cost recorded
        every 100 iterations (first one before any update).
    """
    if layers_dims[0] != np.shape(X)[0] or layers_dims[-1] != 1:
        raise ValueError(f"layers_dims must start with n_x = {np.shape(X)[0]} and end with 1, "
                         f"got {layers_dims}")
    parameters, costs = initialize_parameters_deep(layers_dims, seed), []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        if i % 100 == 0:
            costs.append(compute_cost(AL, Y))
            if print_cost:
                print(f"cost after iteration {i}: {costs[-1]:.6f}")
        parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
    return parameters, costs
# --8<-- [end:L_layer_model]


# --8<-- [start:predict_deep]
def predict_deep(X, parameters):
    """Labels 0/1 for each column of X: 1 where the network's output exceeds 0.5.

    Args:
        X: (n[0], m); parameters: as returned by ``L_layer_model``.

    Returns:
        (1, m) array of 0.0 and 1.0.
    """
    AL, _ = L_model_forward(X, parameters)
    return (AL > 0.5).astype(float)
# --8<-- [end:predict_deep]
