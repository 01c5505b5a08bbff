"""Course 2, Week 3: batch normalization.

Shapes follow the course: examples are columns.

- ``Z``, ``Z_tilde``: ``(n[l], m)``, the pre-activations of layer l for a mini-batch
- ``gamma``, ``beta``: ``(n[l], 1)``, learned per unit
- ``running_mean``, ``running_var``: ``(n[l], 1)``, kept for test time

Gradients follow the course's scaling: an array named ``dZ`` holds
m * dJ/dZ (for the output layer, dZ = A - Y, one column per example), and the
gradients of parameters are the true derivatives dJ/dW, dJ/dgamma, ..., which
therefore carry a factor 1/m, like db = (1/m) sum(dZ).

The last part is a small fully connected network with batch norm in its hidden
layers ([LINEAR -> BATCHNORM -> RELU] x (L-1) -> LINEAR -> SIGMOID), or without it
([LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID), trained with mini-batch gradient
descent. Every region between ``--8<-- [start:name]`` and ``--8<-- [end:name]``
is shown on the Week 3 page of Course 2; ``relu``, ``relu_derivative`` and
``sigmoid`` come from Course 1's pages, which the page includes first.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from snippets.activations import relu, relu_derivative
from snippets.logistic_regression import sigmoid


# --8<-- [start:batchnorm_forward]
def batchnorm_forward(Z, gamma, beta, eps=1e-8):
    """Normalize each unit over the mini-batch, then scale and shift it.

    Args:
        Z: pre-activations, (n[l], m), one example per column (m >= 1).
        gamma: scale, (n[l], 1).
        beta: shift, (n[l], 1).
        eps: added to the variance inside the square root.

    Returns:
        (Z_tilde, cache): Z_tilde = gamma * Z_norm + beta, shape (n[l], m), where
        Z_norm = (Z - mu) / sqrt(var + eps) with the mini-batch mean mu and the
        (biased, divide-by-m) variance var of every unit, both (n[l], 1).
        cache is a dict with Z_norm, mu, var, gamma and eps.
    """
    Z = np.asarray(Z, dtype=float)
    if Z.ndim != 2:
        raise ValueError(f"Z must be 2-D (n[l], m) with examples as columns, got shape {Z.shape}")
    gamma, beta = np.asarray(gamma, dtype=float), np.asarray(beta, dtype=float)
    for name, value in (("gamma", gamma), ("beta", beta)):
        if value.shape != (Z.shape[0], 1):
            raise ValueError(f"{name} must have shape (n[l], 1) = ({Z.shape[0]}, 1), got {value.shape}")
    mu = Z.mean(axis=1, keepdims=True)                  # (n[l], 1)
    var = ((Z - mu) ** 2).mean(axis=1, keepdims=True)   # (n[l], 1), divides by m
    Z_norm = (Z - mu) / np.sqrt(var + eps)
    cache = {"Z_norm": Z_norm, "mu": mu, "var": var, "gamma": gamma, "eps": eps}
    return gamma * Z_norm + beta, cache
# --8<-- [end:batchnorm_forward]


# --8<-- [start:batchnorm_backward]
def batchnorm_backward(dZ_tilde, cache):
    """Gradients of batch norm.

    Args:
        dZ_tilde: (n[l], m), m * dJ/dZ_tilde.
        cache: the dict returned by ``batchnorm_forward``.

    Returns:
        (dZ, dgamma, dbeta): dZ = m * dJ/dZ, shape (n[l], m);
        dgamma = dJ/dgamma = (1/m) sum(dZ_tilde * Z_norm) and
        dbeta = dJ/dbeta = (1/m) sum(dZ_tilde), both (n[l], 1).
    """
    Z_norm, var, gamma, eps = cache["Z_norm"], cache["var"], cache["gamma"], cache["eps"]
    dZ_tilde = np.asarray(dZ_tilde, dtype=float)
    if dZ_tilde.shape != Z_norm.shape:
        raise ValueError(f"dZ_tilde must have the shape of Z, {Z_norm.shape}, got {dZ_tilde.shape}")
    dbeta = dZ_tilde.mean(axis=1, keepdims=True)
    dgamma = (dZ_tilde * Z_norm).mean(axis=1, keepdims=True)
    dZ_norm = gamma * dZ_tilde
    # mu and var depend on every column, hence the two mean terms
    dZ = (dZ_norm - dZ_norm.mean(axis=1, keepdims=True)
          - Z_norm * (dZ_norm * Z_norm).mean(axis=1, keepdims=True)) / np.sqrt(var + eps)
    return dZ, dgamma, dbeta
# --8<-- [end:batchnorm_backward]


# --8<-- [start:running_stats]
def update_running_stats(running_mean, running_var, mu, var, momentum=0.9):
    """Exponentially weighted averages of the mini-batch statistics, for test time.

    Args:
        running_mean, running_var: (n[l], 1), the averages so far.
        mu, var: (n[l], 1), this mini-batch's mean and variance (from the cache).
        momentum: the averaging weight beta of the old value, 0 <= momentum < 1.

    Returns:
        (running_mean, running_var), new arrays:
        momentum * old + (1 - momentum) * this batch's value.
    """
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must satisfy 0 <= momentum < 1, got {momentum}")
    shape = np.shape(running_mean)
    if any(np.shape(a) != shape or len(shape) != 2 or shape[1] != 1
           for a in (running_var, mu, var)):
        raise ValueError("running_mean, running_var, mu and var must all have shape (n[l], 1), got "
                         f"{[np.shape(a) for a in (running_mean, running_var, mu, var)]}")
    return (momentum * running_mean + (1 - momentum) * mu,
            momentum * running_var + (1 - momentum) * var)


def batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-8):
    """Batch norm at test time: the training averages replace the batch statistics.

    Args:
        Z: (n[l], m), any m, even 1.
        gamma, beta, running_mean, running_var: (n[l], 1).
        eps: as in training.

    Returns:
        Z_tilde of shape (n[l], m); each column is processed on its own.
    """
    Z = np.asarray(Z, dtype=float)
    if Z.ndim != 2:
        raise ValueError(f"Z must be 2-D (n[l], m) with examples as columns, got shape {Z.shape}")
    for name, value in (("gamma", gamma), ("beta", beta),
                        ("running_mean", running_mean), ("running_var", running_var)):
        if np.shape(value) != (Z.shape[0], 1):
            raise ValueError(f"{name} must have shape (n[l], 1) = ({Z.shape[0]}, 1), got {np.shape(value)}")
    return gamma * (Z - running_mean) / np.sqrt(running_var + eps) + beta
# --8<-- [end:running_stats]


# --8<-- [start:bn_network]
def initialize_bn_network(layers_dims, batch_norm=True, seed=1):
    """He-initialized weights; gamma = 1, beta = 0 in the hidden layers if batch_norm.

    Args:
        layers_dims: [n[0], n[1], ..., n[L]], at least two positive integers.
        batch_norm: hidden layers get (gamma, beta) and no b if True, b if False.
        seed: int seed or ``numpy.random.Generator``.

    Returns:
        (parameters, running): ``parameters`` holds W<l> (n[l], n[l-1]) for l = 1..L,
        then either gamma<l>, beta<l> (n[l], 1) or b<l> (n[l], 1) for the hidden
        layers, and bL (n[L], 1). ``running`` holds mean<l> = 0 and var<l> = 1
        (n[l], 1) for the hidden layers if batch_norm, else it is empty.
    """
    if len(layers_dims) < 2 or any(int(n) != n or n < 1 for n in layers_dims):
        raise ValueError(f"layers_dims must list at least two positive integers, got {layers_dims}")
    rng, L = np.random.default_rng(seed), len(layers_dims) - 1
    parameters, running = {}, {}
    for l in range(1, L + 1):
        n_prev, n = int(layers_dims[l - 1]), int(layers_dims[l])
        parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 / n_prev)
        if batch_norm and l < L:  # b would be cancelled by the mean subtraction
            parameters[f"gamma{l}"], parameters[f"beta{l}"] = np.ones((n, 1)), np.zeros((n, 1))
            running[f"mean{l}"], running[f"var{l}"] = np.zeros((n, 1)), np.ones((n, 1))
        else:
            parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters, running


def bn_network_forward(X, parameters, running=None):
    """Forward pass; batch norm is used in layer l when parameters has gamma<l>.

    Args:
        X: (n[0], m).
        parameters: as returned by ``initialize_bn_network``.
        running: None in training (mini-batch statistics); the running averages
            at test time.

    Returns:
        (AL, caches): AL = sigmoid(ZL), shape (1, m); caches, one dict per layer
        with the layer's input A_prev, its W, the Z_tilde given to the activation
        (Z + b without batch norm) and, with batch norm in training, the ``bn`` cache.
    """
    L = sum(key.startswith("W") for key in parameters)
    A, caches = np.asarray(X, dtype=float), []
    for l in range(1, L + 1):
        W = parameters[f"W{l}"]
        Z = W @ A
        cache = {"A_prev": A, "W": W}
        if f"gamma{l}" not in parameters:
            Z_tilde = Z + parameters[f"b{l}"]
        elif running is None:
            Z_tilde, cache["bn"] = batchnorm_forward(Z, parameters[f"gamma{l}"], parameters[f"beta{l}"])
        else:
            Z_tilde = batchnorm_inference(Z, parameters[f"gamma{l}"], parameters[f"beta{l}"],
                                          running[f"mean{l}"], running[f"var{l}"])
        cache["Z_tilde"] = Z_tilde
        caches.append(cache)
        A = sigmoid(Z_tilde) if l == L else relu(Z_tilde)
    return A, caches


def bn_network_backward(AL, Y, caches):
    """Backward pass of ``bn_network_forward`` (training mode) for the cross-entropy cost.

    Args:
        AL: (1, m) predictions; Y: (1, m) labels 0/1.
        caches: from ``bn_network_forward``.

    Returns:
        grads with dW<l> and, per hidden layer, dgamma<l> and dbeta<l> or db<l>,
        and dbL; each has the shape of what it differentiates.
    """
    if np.shape(AL) != np.shape(Y):
        raise ValueError(f"AL and Y must have the same shape (1, m), got {np.shape(AL)} and {np.shape(Y)}")
    L, m, grads = len(caches), np.shape(Y)[1], {}
    dZ_tilde = AL - Y                                   # sigmoid + cross-entropy, per example
    for l in range(L, 0, -1):
        cache = caches[l - 1]
        if "bn" in cache:
            dZ, grads[f"dgamma{l}"], grads[f"dbeta{l}"] = batchnorm_backward(dZ_tilde, cache["bn"])
        else:
            dZ = dZ_tilde
            grads[f"db{l}"] = dZ.mean(axis=1, keepdims=True)
        grads[f"dW{l}"] = dZ @ cache["A_prev"].T / m
        if l > 1:                                       # back through the ReLU of layer l - 1
            dZ_tilde = (cache["W"].T @ dZ) * relu_derivative(caches[l - 2]["Z_tilde"])
    return grads


def bn_network_cost(AL, Y):
    """Cross-entropy cost of (1, m) predictions AL against (1, m) labels Y.

    Predictions that rounded to exactly 0 or 1 are clipped to 1e-15 and 1 - 1e-15.
    """
    P = np.clip(AL, 1e-15, 1 - 1e-15)
    return float(-np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))


def train_bn_network(X, Y, layers_dims, batch_norm=True, learning_rate=0.1, num_epochs=100,
                     mini_batch_size=64, momentum=0.9, seed=1, probe=None):
    """Mini-batch gradient descent, with running averages for test time.

    Args:
        X: (n[0], m); Y: (1, m) labels 0/1.
        layers_dims: [n[0], ..., n[L]] with n[0] = X.shape[0] and n[L] = 1.
        batch_norm: batch norm in the hidden layers or not.
        learning_rate: alpha; num_epochs: passes over the training set.
        mini_batch_size: columns per mini-batch (the last may be smaller).
        momentum: averaging weight of the running mean and variance.
        seed: seeds the initial weights and the shuffling.
        probe: optional (n[0], k) inputs; before training and after every
            epoch, the Z_tilde of every layer on them is recorded (with batch
            norm, normalized with the probe's own statistics).

    Returns:
        (parameters, running, costs, record): costs holds the cost of every
        epoch (the average of its mini-batch costs before their updates);
        record holds num_epochs + 1 lists of the layers' (n[l], k) Z_tilde on
        the probe (it is empty without a probe).
    """
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    if layers_dims[0] != X.shape[0] or layers_dims[-1] != 1 or Y.shape != (1, X.shape[1]):
        raise ValueError(f"need X (n[0], m), Y (1, m) and layers_dims from n[0] to 1; "
                         f"got X {X.shape}, Y {Y.shape}, layers_dims {layers_dims}")
    rng, m = np.random.default_rng(seed), X.shape[1]
    parameters, running = initialize_bn_network(layers_dims, batch_norm, rng)
    costs, record = [], []
    if probe is not None:
        record.append([c["Z_tilde"] for c in bn_network_forward(probe, parameters)[1]])
    for _ in range(num_epochs):
        order, total = rng.permutation(m), 0.0
        for start in range(0, m, mini_batch_size):
            batch = order[start:start + mini_batch_size]
            AL, caches = bn_network_forward(X[:, batch], parameters)
            total += bn_network_cost(AL, Y[:, batch]) * len(batch)
            grads = bn_network_backward(AL, Y[:, batch], caches)
            parameters = {k: v - learning_rate * grads[f"d{k}"] for k, v in parameters.items()}
            for l, cache in enumerate(caches, start=1):
                if "bn" in cache:
                    running[f"mean{l}"], running[f"var{l}"] = update_running_stats(
                        running[f"mean{l}"], running[f"var{l}"],
                        cache["bn"]["mu"], cache["bn"]["var"], momentum)
        costs.append(total / m)
        if probe is not None:
            record.append([c["Z_tilde"] for c in bn_network_forward(probe, parameters)[1]])
    return parameters, running, costs, record


def predict_bn_network(X, parameters, running):
    """Labels 0/1 for each column of X, using the running averages (test mode).

    Args:
        X: (n[0], m), any m; parameters, running: from ``train_bn_network``.

    Returns:
        (1, m) array of 0.0 and 1.0.
    """
    AL, _ = bn_network_forward(X, parameters, running)
    return (AL > 0.5).astype(float)
# --8<-- [end:bn_network]
