"""Course 2, Week 1: L2 regularization and inverted dropout for a 3-layer network.

The network is the one of the course's regularization exercise,
LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID. Shapes follow the course:
examples are columns.

- ``X``: ``(n_x, m)``; ``Y``: ``(1, m)`` with labels 0/1
- ``parameters = {"W1": (n1, n_x), "b1": (n1, 1), "W2": (n2, n1), "b2": (n2, 1),
  "W3": (1, n2), "b3": (1, 1)}``
- ``cache``: the tuple the forward pass returns, in the course's order
  ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``; with dropout the masks
  follow each ``Z``: ``(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)``

The ReLU and sigmoid of Course 1 and the initialization, cost and update of its
Week 4 are reused; a page that shows this module includes their regions first.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from snippets.activations import relu, relu_derivative
from snippets.deep_network import compute_cost, initialize_parameters_deep, update_parameters
from snippets.logistic_regression import sigmoid


# --8<-- [start:check_parameters]
def check_parameters(X, parameters, Y=None):
    """Raise ValueError unless X, the three layers' parameters (and Y) fit together.

    Args:
        X: (n_x, m). parameters: W1 (n1, n_x), b1 (n1, 1), W2 (n2, n1),
            b2 (n2, 1), W3 (1, n2), b3 (1, 1). Y: (1, m) or None.
    """
    if np.ndim(X) != 2:
        raise ValueError(f"X must be 2-D (n_x, m), got shape {np.shape(X)}")
    missing = [k for k in ("W1", "b1", "W2", "b2", "W3", "b3") if k not in parameters]
    if missing:
        raise ValueError(f"parameters must hold W1, b1, W2, b2, W3, b3; missing {missing}")
    n_prev = X.shape[0]
    for l in (1, 2, 3):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        if np.ndim(W) != 2 or W.shape[1] != n_prev or np.shape(b) != (W.shape[0], 1):
            raise ValueError(f"W{l} must be (n{l}, {n_prev}) and b{l} (n{l}, 1); "
                             f"got {np.shape(W)} and {np.shape(b)}")
        n_prev = W.shape[0]
    if n_prev != 1:
        raise ValueError(f"W3 must have shape (1, n2), got {parameters['W3'].shape}")
    if Y is not None and np.shape(Y) != (1, X.shape[1]):
        raise ValueError(f"Y must have shape (1, m) = (1, {X.shape[1]}), got {np.shape(Y)}")
# --8<-- [end:check_parameters]


# --8<-- [start:forward_propagation]
def forward_propagation(X, parameters):
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.

    Args:
        X: inputs, (n_x, m).
        parameters: W1, b1, W2, b2, W3, b3 (shapes in the module docstring).

    Returns:
        (A3, cache): A3 of shape (1, m), the predicted probabilities, and
        cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3).
    """
    check_parameters(X, parameters)
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
# --8<-- [end:forward_propagation]


# --8<-- [start:compute_cost_with_regularization]
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """Cross-entropy cost plus the L2 penalty (lambda / 2m) * sum_l ||W[l]||_F^2.

    Args:
        A3: predicted probabilities, (1, m).
        Y: labels 0/1, (1, m).
        parameters: dict whose ``W<l>`` entries are penalized (biases are not).
        lambd: the regularization strength lambda >= 0.

    Returns:
        The regularized cost, a float.
    """
    if lambd < 0:
        raise ValueError(f"lambd must be >= 0, got {lambd}")
    m = np.shape(Y)[1]
    cross_entropy_cost = compute_cost(A3, Y)
    squared_norms = sum(np.sum(np.square(W)) for k, W in parameters.items() if k.startswith("W"))
    return cross_entropy_cost + lambd / (2 * m) * float(squared_norms)
# --8<-- [end:compute_cost_with_regularization]


# --8<-- [start:backward_propagation_with_regularization]
def backward_propagation_with_regularization(X, Y, cache, lambd):
    """Gradients of ``compute_cost_with_regularization`` for the 3-layer network.

    Args:
        X: inputs, (n_x, m).
        Y: labels, (1, m).
        cache: from ``forward_propagation``.
        lambd: the regularization strength lambda >= 0 (0 gives the plain gradients).

    Returns:
        dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each
        shaped like what it differentiates. Every dW[l] carries the extra
        (lambda / m) W[l] of the penalty.
    """
    if lambd < 0:
        raise ValueError(f"lambd must be >= 0, got {lambd}")
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    if np.shape(Y) != A3.shape:
        raise ValueError(f"Y must have shape (1, m) = {A3.shape}, got {np.shape(Y)}")
    m = X.shape[1]
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m + lambd / m * W3
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = W3.T @ dZ3
    dZ2 = dA2 * relu_derivative(Z2)
    dW2 = dZ2 @ A1.T / m + lambd / m * W2
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * relu_derivative(Z1)
    dW1 = dZ1 @ X.T / m + lambd / m * W1
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2,
            "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
# --8<-- [end:backward_propagation_with_regularization]


# --8<-- [start:forward_propagation_with_dropout]
def check_keep_prob(keep_prob):
    """Raise ValueError unless 0 < keep_prob <= 1."""
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, seed=1):
    """Forward pass with inverted dropout on the two hidden layers.

    Each hidden unit is kept with probability ``keep_prob`` (mask D[l] of 0/1),
    and the kept activations are divided by ``keep_prob`` so that their
    expected value is what it would be without dropout.

    Args:
        X: inputs, (n_x, m).
        parameters: W1, b1, W2, b2, W3, b3.
        keep_prob: probability of keeping a unit, in (0, 1].
        seed: int seed or ``numpy.random.Generator`` for the masks. The same
            seed gives the same masks, which is what a gradient check needs.

    Returns:
        (A3, cache): A3 of shape (1, m) and
        cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3),
        with the masks D1 (n1, m) and D2 (n2, m).
    """
    check_parameters(X, parameters)
    check_keep_prob(keep_prob)
    rng = np.random.default_rng(seed)
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    D1 = (rng.random(Z1.shape) < keep_prob).astype(float)
    A1 = relu(Z1) * D1 / keep_prob
    Z2 = W2 @ A1 + b2
    D2 = (rng.random(Z2.shape) < keep_prob).astype(float)
    A2 = relu(Z2) * D2 / keep_prob
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
# --8<-- [end:forward_propagation_with_dropout]


# --8<-- [start:backward_propagation_with_dropout]
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """Gradients of the cross-entropy cost of ``forward_propagation_with_dropout``.

    The masks D1, D2 of the forward pass are applied again, with the same
    division by ``keep_prob``: a dropped unit passes no gradient back.

    Args:
        X: inputs, (n_x, m).
        Y: labels, (1, m).
        cache: from ``forward_propagation_with_dropout``.
        keep_prob: the value used in the forward pass.

    Returns:
        dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1.
    """
    check_keep_prob(keep_prob)
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    if np.shape(Y) != A3.shape:
        raise ValueError(f"Y must have shape (1, m) = {A3.shape}, got {np.shape(Y)}")
    m = X.shape[1]
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = W3.T @ dZ3 * D2 / keep_prob
    dZ2 = dA2 * relu_derivative(Z2)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2 * D1 / keep_prob
    dZ1 = dA1 * relu_derivative(Z1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2,
            "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
# --8<-- [end:backward_propagation_with_dropout]


# --8<-- [start:model]
def model(X, Y, learning_rate=0.3, num_iterations=30000, lambd=0.0, keep_prob=1.0, seed=3,
          layers_dims=None, initialization=initialize_parameters_deep, print_cost=False,
          every=1000):
    """Train the 3-layer network by batch gradient descent, optionally regularized.

    Args:
        X: (n_x, m); Y: (1, m), labels 0/1.
        learning_rate, num_iterations: gradient descent settings.
        lambd: L2 strength lambda (0: no L2).
        keep_prob: dropout keep probability (1: no dropout). Use one of the
            two regularizers at a time, as the course's exercise does.
        seed: int seed or ``numpy.random.Generator`` for the initial weights
            and the dropout masks (new masks at every iteration).
        layers_dims: [n_x, n1, n2, 1]; the course's [n_x, 20, 3, 1] when None.
        initialization: function (layers_dims, seed) -> parameters.
        print_cost: print the cost every 10000 iterations.
        every: record the cost every ``every`` iterations.

    Returns:
        (parameters, costs): the trained parameters and the cost (with its
        L2 term; with dropout, of the masked network) at iterations
        0, every, 2 * every, ...
    """
    if lambd > 0 and keep_prob < 1:
        raise ValueError("use lambd or keep_prob < 1, not both")
    if every < 1:
        raise ValueError(f"every must be a positive number of iterations, got {every}")
    layers_dims = [np.shape(X)[0], 20, 3, 1] if layers_dims is None else list(layers_dims)
    if len(layers_dims) != 4 or layers_dims[0] != np.shape(X)[0] or layers_dims[-1] != 1:
        raise ValueError(f"layers_dims must be [n_x, n1, n2, 1] with n_x = {np.shape(X)[0]}, "
                         f"got {layers_dims}")
    rng = np.random.default_rng(seed)
    parameters, costs = initialization(layers_dims, seed=rng), []
    check_parameters(X, parameters, Y)
    for i in range(num_iterations):
        if keep_prob < 1:
            A3, cache = forward_propagation_with_dropout(X, parameters, keep_prob, seed=rng)
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
        else:
            A3, cache = forward_propagation(X, parameters)
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        if i % every == 0:
            costs.append(compute_cost_with_regularization(A3, Y, parameters, lambd))
            if print_cost and i % 10000 == 0:
                print(f"cost after iteration {i}: {costs[-1]:.6f}")
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs
# --8<-- [end:model]


# --8<-- [start:predict]
def predict(X, parameters):
    """Labels 0/1: 1 where the (dropout-free) network's output exceeds 0.5.

    Args:
        X: (n_x, m); parameters: W1, b1, W2, b2, W3, b3.

    Returns:
        (1, m) array of 0.0 and 1.0. Dropout is never used at test time.
    """
    A3, _ = forward_propagation(X, parameters)
    return (A3 > 0.5).astype(float)
# --8<-- [end:predict]


# --8<-- [start:early_stopping]
def early_stopping(X_train, Y_train, X_dev, Y_dev, learning_rate=0.3, num_iterations=30000,
                   every=500, seed=3, layers_dims=None):
    """Train without regularization and keep the parameters of the lowest dev cost.

    Args:
        X_train: (n_x, m_train); Y_train: (1, m_train).
        X_dev: (n_x, m_dev); Y_dev: (1, m_dev).
        learning_rate, num_iterations, seed, layers_dims: as for ``model``.
        every: evaluate the dev cost every ``every`` iterations.

    Returns:
        (best_parameters, best_iteration, train_costs, dev_costs): the
        parameters after ``best_iteration`` updates, where the dev cost was
        lowest, and both costs at iterations 0, every, 2 * every, ...
    """
    if every < 1:
        raise ValueError(f"every must be a positive number of iterations, got {every}")
    layers_dims = [np.shape(X_train)[0], 20, 3, 1] if layers_dims is None else layers_dims
    parameters = initialize_parameters_deep(layers_dims, seed=np.random.default_rng(seed))
    check_parameters(X_train, parameters, Y_train)
    check_parameters(X_dev, parameters, Y_dev)
    best, best_iteration, train_costs, dev_costs = parameters, 0, [], []
    for i in range(num_iterations + 1):
        A3, cache = forward_propagation(X_train, parameters)
        if i % every == 0:
            train_costs.append(compute_cost(A3, Y_train))
            dev_costs.append(compute_cost(forward_propagation(X_dev, parameters)[0], Y_dev))
            if dev_costs[-1] < min(dev_costs[:-1], default=np.inf):
                best, best_iteration = parameters, i
        if i < num_iterations:
            grads = backward_propagation_with_regularization(X_train, Y_train, cache, 0.0)
            parameters = update_parameters(parameters, grads, learning_rate)
    return best, best_iteration, train_costs, dev_costs
# --8<-- [end:early_stopping]
