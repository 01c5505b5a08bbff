"""Course 2, Week 1: numerical approximation of gradients and gradient checking.

The check compares the gradients a backward pass returns with two-sided
differences of the cost, for the 3-layer network of ``snippets/regularization.py``
(or any cost function of the parameters). All parameters are flattened into
one column vector theta in the order W1, b1, W2, b2, ..., each matrix read row
by row; the gradients are flattened in the same order.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from snippets.deep_network import compute_cost
from snippets.regularization import forward_propagation


# --8<-- [start:differences]
def one_sided_difference(f, theta, epsilon):
    """(f(theta + eps) - f(theta)) / eps: error O(eps)."""
    return (f(theta + epsilon) - f(theta)) / epsilon


def two_sided_difference(f, theta, epsilon):
    """(f(theta + eps) - f(theta - eps)) / (2 eps): error O(eps^2)."""
    return (f(theta + epsilon) - f(theta - epsilon)) / (2 * epsilon)
# --8<-- [end:differences]


# --8<-- [start:dictionary_to_vector]
def layer_names(dictionary, prefix=""):
    """Names ``<prefix>W1, <prefix>b1, ..., <prefix>WL, <prefix>bL`` found in ``dictionary``."""
    L = sum(1 for k in dictionary if k.startswith(prefix + "W") and k[len(prefix) + 1:].isdigit())
    names = [f"{prefix}{kind}{l}" for l in range(1, L + 1) for kind in "Wb"]
    missing = [n for n in names if n not in dictionary]
    if L == 0 or missing:
        raise ValueError(f"expected {prefix}W1, {prefix}b1, ... up to layer {L}; missing {missing}")
    return names


def dictionary_to_vector(parameters):
    """Flatten W1, b1, W2, b2, ... into one column vector theta.

    Args:
        parameters: dict of W<l> (n[l], n[l-1]) and b<l> (n[l], 1), l = 1..L.

    Returns:
        (theta, layout): theta of shape (number of parameters, 1), and
        layout, a list of (name, shape) pairs in the order used, which
        ``vector_to_dictionary`` needs to undo the flattening.
    """
    names = layer_names(parameters)
    theta = np.concatenate([np.ravel(parameters[n]) for n in names]).reshape(-1, 1)
    return theta.astype(float), [(n, np.shape(parameters[n])) for n in names]
# --8<-- [end:dictionary_to_vector]


# --8<-- [start:vector_to_dictionary]
def vector_to_dictionary(theta, layout):
    """Rebuild the parameters dict from theta (the inverse of ``dictionary_to_vector``).

    Args:
        theta: column vector of shape (number of parameters, 1).
        layout: list of (name, shape) pairs from ``dictionary_to_vector``.

    Returns:
        dict mapping each name to an array of its shape (copies, not views of theta).
    """
    sizes = [int(np.prod(shape)) for _, shape in layout]
    if np.shape(theta) != (sum(sizes), 1):
        raise ValueError(f"theta must have shape ({sum(sizes)}, 1) to fit the layout, "
                         f"got {np.shape(theta)}")
    parameters, start = {}, 0
    for (name, shape), size in zip(layout, sizes):
        parameters[name] = np.array(theta[start:start + size, 0]).reshape(shape)
        start += size
    return parameters
# --8<-- [end:vector_to_dictionary]


# --8<-- [start:gradients_to_vector]
def gradients_to_vector(gradients):
    """Flatten dW1, db1, dW2, db2, ... into one column vector, in theta's order.

    Args:
        gradients: dict with dW<l> and db<l> for l = 1..L (other entries,
            such as dA<l> or dZ<l>, are ignored).

    Returns:
        Column vector of shape (number of parameters, 1).
    """
    names = layer_names(gradients, prefix="d")
    return np.concatenate([np.ravel(gradients[n]) for n in names]).reshape(-1, 1).astype(float)
# --8<-- [end:gradients_to_vector]


# --8<-- [start:gradient_check_n]
def cross_entropy_of_network(X, Y, parameters):
    """The cost J(theta) that ``backward_propagation_with_regularization(..., 0)`` differentiates."""
    return compute_cost(forward_propagation(X, parameters)[0], Y)


def gradient_approx(parameters, X, Y, epsilon=1e-7, cost=cross_entropy_of_network):
    """Two-sided difference of the cost along every component of theta.

    Args:
        parameters: dict of W<l>, b<l>; X: (n_x, m); Y: (1, m).
        epsilon: the step eps.
        cost: function (X, Y, parameters) -> float, the J being differentiated.

    Returns:
        gradapprox, shape (number of parameters, 1), in theta's order.
    """
    theta, layout = dictionary_to_vector(parameters)
    gradapprox = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        theta_plus, theta_minus = theta.copy(), theta.copy()
        theta_plus[i, 0] += epsilon
        theta_minus[i, 0] -= epsilon
        J_plus = cost(X, Y, vector_to_dictionary(theta_plus, layout))
        J_minus = cost(X, Y, vector_to_dictionary(theta_minus, layout))
        gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)
    return gradapprox


def relative_difference(grad, gradapprox):
    """||grad - gradapprox||_2 / (||grad||_2 + ||gradapprox||_2) (0 when both are 0)."""
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return 0.0 if denominator == 0 else float(np.linalg.norm(grad - gradapprox) / denominator)


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, cost=cross_entropy_of_network,
                     print_msg=False):
    """Compare a backward pass's gradients with two-sided differences of the cost.

    Args:
        parameters: dict of W<l>, b<l> where the gradients were computed.
        gradients: dict with dW<l>, db<l> from the backward pass under test.
        X: (n_x, m); Y: (1, m).
        epsilon: the step eps of the two-sided difference.
        cost: function (X, Y, parameters) -> float, the J the gradients belong
            to (the 3-layer network's cross-entropy by default; pass the
            regularized cost, or dropout with a fixed seed, to check those).
        print_msg: print a verdict with the 2e-7 threshold.

    Returns:
        difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||), a float:
        about 1e-7 or less for a correct backward pass, 1e-3 or more for a bug.
    """
    grad = gradients_to_vector(gradients)
    gradapprox = gradient_approx(parameters, X, Y, epsilon, cost)
    if grad.shape != gradapprox.shape:
        raise ValueError(f"gradients hold {grad.shape[0]} numbers, parameters {gradapprox.shape[0]}")
    difference = relative_difference(grad, gradapprox)
    if print_msg:
        verdict = "there is a mistake in the backward pass!" if difference > 2e-7 else "it works."
        print(f"difference = {difference:.3e}: {verdict}")
    return difference
# --8<-- [end:gradient_check_n]


# --8<-- [start:gradient_check_by_parameter]
def gradient_check_by_parameter(parameters, gradients, X, Y, epsilon=1e-7,
                                cost=cross_entropy_of_network):
    """The relative difference of ``gradient_check_n`` for each W<l> and b<l> on its own.

    Args and the two-sided differences are those of ``gradient_check_n``.

    Returns:
        dict name -> difference, e.g. {"W1": 3e-9, "b1": 0.33, ...}: a large
        value points at the part of the backward pass that is wrong.
    """
    _, layout = dictionary_to_vector(parameters)
    approx = vector_to_dictionary(gradient_approx(parameters, X, Y, epsilon, cost), layout)
    return {name: relative_difference(np.asarray(gradients[f"d{name}"], dtype=float), approx[name])
            for name, _ in layout}
# --8<-- [end:gradient_check_by_parameter]
