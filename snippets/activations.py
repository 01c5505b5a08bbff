"""Course 1, Week 3: activation functions and their derivatives.

All functions work element-wise on a number or an array of any shape and
return an array of the same shape. ``sigmoid`` itself is defined in
``snippets/logistic_regression.py`` (Week 2); a page that shows
``sigmoid_derivative`` includes that region first.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from snippets.logistic_regression import sigmoid


# --8<-- [start:sigmoid_derivative]
def sigmoid_derivative(z):
    """Slope of the sigmoid, sigma'(z) = sigma(z) (1 - sigma(z)); at most 1/4, at z = 0."""
    s = sigmoid(z)
    return s * (1 - s)
# --8<-- [end:sigmoid_derivative]


# --8<-- [start:tanh]
def tanh(z):
    """Hyperbolic tangent (e^z - e^-z) / (e^z + e^-z), values in (-1, 1), centred on 0."""
    return np.tanh(np.asarray(z, dtype=float))


def tanh_derivative(z):
    """Slope of tanh: 1 - tanh(z)^2; equal to 1 at z = 0."""
    t = np.tanh(np.asarray(z, dtype=float))
    return 1 - t * t
# --8<-- [end:tanh]


# --8<-- [start:relu]
def relu(z):
    """Rectified linear unit max(0, z)."""
    return np.maximum(0.0, np.asarray(z, dtype=float))


def relu_derivative(z):
    """Slope of ReLU: 1 where z > 0, else 0 (the value at z = 0 is a convention)."""
    return (np.asarray(z, dtype=float) > 0).astype(float)
# --8<-- [end:relu]


# --8<-- [start:leaky_relu]
def check_alpha(alpha):
    """Raise ValueError unless 0 <= alpha < 1 (the slope for negative inputs)."""
    if not 0 <= alpha < 1:
        raise ValueError(f"alpha must satisfy 0 <= alpha < 1, got {alpha}")


def leaky_relu(z, alpha=0.01):
    """Leaky ReLU: z where z > 0, alpha * z elsewhere."""
    check_alpha(alpha)
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_derivative(z, alpha=0.01):
    """Slope of leaky ReLU: 1 where z > 0, alpha elsewhere."""
    check_alpha(alpha)
    return np.where(np.asarray(z, dtype=float) > 0, 1.0, alpha)
# --8<-- [end:leaky_relu]
