"""Course 2, Week 1: weight initialization for deep networks.

Every initializer takes ``layers_dims = [n[0], n[1], ..., n[L]]`` and returns
``{"W1": (n[1], n[0]), "b1": (n[1], 1), ..., "WL": (n[L], n[L-1]), "bL": (n[L], 1)}``.
They share the signature ``(layers_dims, seed)`` so that a training function can
take any of them; only the scale of the weights differs. Biases always start at 0.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from snippets.activations import relu, tanh


# --8<-- [start:check_layers_dims]
def check_layers_dims(layers_dims):
    """Return layers_dims as a list of ints; raise ValueError unless it lists
    at least two positive integers [n[0], ..., n[L]]."""
    dims = list(layers_dims)
    if len(dims) < 2 or any(isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1
                            for n in dims):
        raise ValueError(f"layers_dims must list at least two positive integers, got {layers_dims}")
    return [int(n) for n in dims]
# --8<-- [end:check_layers_dims]


# --8<-- [start:initialize_parameters_zeros]
def initialize_parameters_zeros(layers_dims, seed=None):
    """All weights and biases zero (this fails to break symmetry).

    Args:
        layers_dims: [n[0], ..., n[L]].
        seed: unused; accepted so that all initializers share one signature.

    Returns:
        dict of W<l> (n[l], n[l-1]) and b<l> (n[l], 1), all zeros.
    """
    dims = check_layers_dims(layers_dims)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = np.zeros((dims[l], dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters
# --8<-- [end:initialize_parameters_zeros]


# --8<-- [start:initialize_parameters_random]
def initialize_parameters_random(layers_dims, seed=3, scale=10.0):
    """Weights drawn from N(0, 1) times ``scale`` (10 in the course: far too large).

    Args:
        layers_dims: [n[0], ..., n[L]].
        seed: int seed or ``numpy.random.Generator``.
        scale: the standard deviation of every weight.

    Returns:
        dict of W<l> (n[l], n[l-1]) with W ~ N(0, scale^2) and zero b<l> (n[l], 1).
    """
    dims = check_layers_dims(layers_dims)
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * scale
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters
# --8<-- [end:initialize_parameters_random]


# --8<-- [start:initialize_parameters_he]
def initialize_parameters_he(layers_dims, seed=3):
    """He initialization, for ReLU layers: W[l] ~ N(0, 2 / n[l-1]).

    Args:
        layers_dims: [n[0], ..., n[L]].
        seed: int seed or ``numpy.random.Generator``.

    Returns:
        dict of W<l> (n[l], n[l-1]), drawn from the standard normal and
        multiplied by sqrt(2 / n[l-1]), and zero b<l> (n[l], 1).
    """
    dims = check_layers_dims(layers_dims)
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * np.sqrt(2 / dims[l - 1])
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters
# --8<-- [end:initialize_parameters_he]


# --8<-- [start:initialize_parameters_xavier]
def initialize_parameters_xavier(layers_dims, seed=3, fan_average=False):
    """Xavier initialization, for tanh layers: W[l] ~ N(0, 1 / n[l-1]).

    Args:
        layers_dims: [n[0], ..., n[L]].
        seed: int seed or ``numpy.random.Generator``.
        fan_average: use Glorot and Bengio's variance 2 / (n[l-1] + n[l])
            instead, which also keeps the backward pass in scale.

    Returns:
        dict of W<l> (n[l], n[l-1]) and zero b<l> (n[l], 1).
    """
    dims = check_layers_dims(layers_dims)
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        variance = 2 / (dims[l - 1] + dims[l]) if fan_average else 1 / dims[l - 1]
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * np.sqrt(variance)
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters
# --8<-- [end:initialize_parameters_xavier]


# --8<-- [start:layer_activation_stds]
def layer_activation_stds(X, parameters, activation="relu"):
    """Standard deviation of every layer's activations A[l] in one forward pass.

    Args:
        X: inputs, (n[0], m).
        parameters: W1, b1, ..., WL, bL (any initializer's output).
        activation: "relu", "tanh" or "linear", used in every layer (the
            output layer included: this measures scale, it does not classify).

    Returns:
        array of shape (L,): entry l - 1 is the standard deviation of all
        entries of A[l] = g(W[l] A[l-1] + b[l]).
    """
    functions = {"relu": relu, "tanh": tanh, "linear": lambda z: z}
    if activation not in functions:
        raise ValueError(f"activation must be one of {sorted(functions)}, got {activation!r}")
    L = len(parameters) // 2
    A, stds = np.asarray(X, dtype=float), []
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        if A.ndim != 2 or W.shape[1] != A.shape[0]:
            raise ValueError(f"W{l} must have shape (n[{l}], {A.shape[0]}), got {W.shape}")
        A = functions[activation](W @ A + b)
        stds.append(A.std())
    return np.array(stds)
# --8<-- [end:layer_activation_stds]
