"""Course 1, Week 3: a neural network with one hidden layer (tanh), trained by gradient descent.

Shapes follow the course: examples are columns.

- ``X``: ``(n_x, m)``; ``Y``: ``(n_y, m)`` with ``n_y = 1``, labels in {0, 1}
- ``parameters = {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}``
- ``cache = {"Z1": (n_h, m), "A1": (n_h, m), "Z2": (n_y, m), "A2": (n_y, m)}``
- ``grads = {"dW1", "db1", "dW2", "db2"}``, each shaped like the parameter it differentiates

The hidden layer uses tanh, the output layer the sigmoid of Week 2; a page that
shows this module includes the regions ``sigmoid`` (logistic_regression.py) and
``tanh`` (activations.py) first.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from snippets.activations import tanh
from snippets.logistic_regression import sigmoid


# --8<-- [start:layer_sizes]
def layer_sizes(X, Y):
    """Sizes of the three layers of the course's network.

    Args:
        X: inputs, (n_x, m).
        Y: labels, (n_y, m).

    Returns:
        (n_x, n_h, n_y): input size, hidden size (4, the course's choice) and
        output size.
    """
    X, Y = np.asarray(X), np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[1] != Y.shape[1]:
        raise ValueError(f"X must be (n_x, m) and Y (n_y, m) with the same m, "
                         f"got {X.shape} and {Y.shape}")
    return X.shape[0], 4, Y.shape[0]
# --8<-- [end:layer_sizes]


# --8<-- [start:initialize_parameters]
def initialize_parameters(n_x, n_h, n_y, seed=2, scale=0.01):
    """Small random weights and zero biases.

    Args:
        n_x, n_h, n_y: sizes of the input, hidden and output layers (positive ints).
        seed: int seed or ``numpy.random.Generator``.
        scale: standard deviation of the weights (0.01 in the course).

    Returns:
        dict with W1 (n_h, n_x) and W2 (n_y, n_h) drawn from N(0, scale^2),
        b1 (n_h, 1) and b2 (n_y, 1) filled with zeros.
    """
    for name, n in (("n_x", n_x), ("n_h", n_h), ("n_y", n_y)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{name} must be a positive integer, got {n!r}")
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.standard_normal((n_h, n_x)) * scale,  # Gaussian: signs mixed, mean 0
        "b1": np.zeros((n_h, 1)),                        # one bias per hidden unit
        "W2": rng.standard_normal((n_y, n_h)) * scale,
        "b2": np.zeros((n_y, 1)),
    }
# --8<-- [end:initialize_parameters]


# --8<-- [start:forward_propagation]
def check_parameters(X, parameters):
    """Raise ValueError unless X is (n_x, m) and the parameters fit it; return X as floats."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_x, m) with examples as columns, got shape {X.shape}")
    if not {"W1", "b1", "W2", "b2"} <= set(parameters):
        raise ValueError(f"parameters must hold W1, b1, W2, b2; got {sorted(parameters)}")
    if np.ndim(parameters["W1"]) != 2 or np.ndim(parameters["W2"]) != 2:
        raise ValueError(f"W1 (n_h, n_x) and W2 (n_y, n_h) must be 2-D, got "
                         f"{np.shape(parameters['W1'])} and {np.shape(parameters['W2'])}")
    n_h, n_y = np.shape(parameters["W1"])[0], np.shape(parameters["W2"])[0]
    expected = {"W1": (n_h, X.shape[0]), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}
    for name, shape in expected.items():
        if np.shape(parameters[name]) != shape:
            raise ValueError(f"{name} must have shape {shape} to fit X {X.shape}, "
                             f"got {np.shape(parameters[name])}")
    return X


def forward_propagation(X, parameters):
    """Forward pass of the two-layer network.

    Args:
        X: inputs, (n_x, m).
        parameters: dict with W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1).

    Returns:
        (A2, cache): A2 (n_y, m), the predicted probabilities, and
        cache = {"Z1", "A1", "Z2", "A2"} for the backward pass.
    """
    X = check_parameters(X, parameters)
    Z1 = parameters["W1"] @ X + parameters["b1"]   # (n_h, m)
    A1 = tanh(Z1)                                  # hidden layer: tanh
    Z2 = parameters["W2"] @ A1 + parameters["b2"]  # (n_y, m)
    A2 = sigmoid(Z2)                               # output layer: sigmoid
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
# --8<-- [end:forward_propagation]


# --8<-- [start:compute_cost]
EPS = 1e-15  # A2 is kept in [EPS, 1 - EPS] before taking logarithms


def compute_cost(A2, Y):
    """Cross-entropy cost J = -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2)).

    Args:
        A2: predicted probabilities, (1, m).
        Y: labels 0/1, (1, m).

    Returns:
        The cost, a float. A2 is clipped to [EPS, 1 - EPS] first, so a
        prediction that rounded to exactly 0 or 1 costs at most about 34.5
        instead of log(0) = -inf.
    """
    A2, Y = np.asarray(A2, dtype=float), np.asarray(Y, dtype=float)
    if A2.ndim != 2 or A2.shape[0] != 1 or A2.shape != Y.shape:
        raise ValueError(f"A2 and Y must both have shape (1, m), got {A2.shape} and {Y.shape}")
    P = np.clip(A2, EPS, 1 - EPS)
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / m)
# --8<-- [end:compute_cost]


# --8<-- [start:backward_propagation]
def backward_propagation(parameters, cache, X, Y):
    """Gradients of the cross-entropy cost for the tanh-sigmoid network.

    Args:
        parameters: dict with W1, b1, W2, b2 (shapes as in ``forward_propagation``).
        cache: the dict {"Z1", "A1", "Z2", "A2"} returned by ``forward_propagation``.
        X: inputs, (n_x, m).
        Y: labels 0/1, (n_y, m).

    Returns:
        grads: dict with dW1 (n_h, n_x), db1 (n_h, 1), dW2 (n_y, n_h), db2 (n_y, 1).
    """
    X = check_parameters(X, parameters)
    A1, A2 = cache["A1"], cache["A2"]
    Y = np.asarray(Y, dtype=float)
    if Y.shape != A2.shape or A2.shape[1] != X.shape[1]:
        raise ValueError(f"Y must have the shape (n_y, m) = {A2.shape} of A2, with X's "
                         f"{X.shape[1]} columns; got Y {Y.shape}")
    m = X.shape[1]
    dZ2 = A2 - Y                                        # (n_y, m)
    dW2 = dZ2 @ A1.T / m                                # (n_y, n_h)
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m        # (n_y, 1)
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - A1 ** 2)    # tanh'(Z1) = 1 - A1^2
    dW1 = dZ1 @ X.T / m                                 # (n_h, n_x)
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m        # (n_h, 1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
# --8<-- [end:backward_propagation]


# --8<-- [start:update_parameters]
def update_parameters(parameters, grads, learning_rate=1.2):
    """One gradient descent step: theta := theta - alpha * d theta for W1, b1, W2, b2.

    Args:
        parameters: dict with W1, b1, W2, b2.
        grads: dict with dW1, db1, dW2, db2 of the same shapes.
        learning_rate: alpha > 0.

    Returns:
        A new parameters dict (the one passed in is not modified).
    """
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    new = {}
    for name in ("W1", "b1", "W2", "b2"):
        if np.shape(grads["d" + name]) != np.shape(parameters[name]):
            raise ValueError(f"d{name} must have the shape {np.shape(parameters[name])} of "
                             f"{name}, got {np.shape(grads['d' + name])}")
        new[name] = parameters[name] - learning_rate * grads["d" + name]
    return new
# --8<-- [end:update_parameters]


# --8<-- [start:nn_model]
def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=2):
    """Train the two-layer network by batch gradient descent.

    Args:
        X: inputs, (n_x, m).
        Y: labels 0/1, (1, m).
        n_h: number of hidden units.
        num_iterations: number of gradient steps.
        learning_rate: step size alpha.
        print_cost: print the cost every 1000 iterations.
        seed: seed of the initial weights.

    Returns:
        (parameters, costs): the trained parameters and the cost recorded
        before iterations 0, 1000, 2000, ... (a list of floats). The course's
        version returns only ``parameters``.
    """
    n_x, _, n_y = layer_sizes(X, Y)
    parameters, costs = initialize_parameters(n_x, n_h, n_y, seed=seed), []
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        if i % 1000 == 0:
            costs.append(compute_cost(A2, Y))
            if print_cost:
                print(f"cost after iteration {i}: {costs[-1]:.6f}")
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs
# --8<-- [end:nn_model]


# --8<-- [start:predict]
def predict(parameters, X):
    """Class labels: 1 where the network's output A2 exceeds 0.5, else 0.

    Args:
        parameters: dict with W1, b1, W2, b2.
        X: inputs, (n_x, m).

    Returns:
        (n_y, m) array of 0.0 and 1.0.
    """
    A2, _ = forward_propagation(X, parameters)
    return (A2 > 0.5).astype(float)
# --8<-- [end:predict]
