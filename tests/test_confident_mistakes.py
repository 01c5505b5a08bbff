"""Every backward pass of the course keeps the gradient of a confidently wrong prediction.

The output layer's gradient is dZ = A - Y (sigmoid or softmax with the cross-entropy). Computed
instead as dA (from a clipped A) times the activation's derivative, it vanishes once |z| is
large: for y = 0 and z = 40 it gives about 0 where the true value is about 1. Each network here
has all weights zero and an output bias z, so the output pre-activation is z on every example;
the output bias gradient must then be sigma(z) - y (scipy's expit), about +-1.
"""

import numpy as np
import pytest
from scipy.special import expit, softmax as scipy_softmax

from snippets import batch_norm, deep_network, logistic_regression, regularization, shallow_network
from snippets.softmax import softmax_cross_entropy

Z_VALUES = [40.0, 1000.0, -40.0, -1000.0]
M = 3


def wrong_labels(z):
    return np.full((1, M), 0.0 if z > 0 else 1.0)


def zero_network(layers_dims, z):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    parameters[f"b{len(layers_dims) - 1}"] = np.array([[z]])
    return parameters


def output_bias_gradient(kind, z):
    X, Y = np.ones((2, M)), wrong_labels(z)
    if kind == "logistic_regression.propagate":
        return logistic_regression.propagate(np.zeros((2, 1)), z, X, Y)[0]["db"]
    if kind == "shallow_network.backward_propagation":
        parameters = zero_network([2, 3, 1], z)
        _, cache = shallow_network.forward_propagation(X, parameters)
        return shallow_network.backward_propagation(parameters, cache, X, Y)["db2"]
    if kind == "deep_network.L_model_backward":
        AL, caches = deep_network.L_model_forward(X, zero_network([2, 3, 2, 1], z))
        return deep_network.L_model_backward(AL, Y, caches)["db3"]
    if kind == "regularization.backward_propagation_with_regularization":
        _, cache = regularization.forward_propagation(X, zero_network([2, 3, 2, 1], z))
        return regularization.backward_propagation_with_regularization(X, Y, cache, 0.7)["db3"]
    if kind == "regularization.backward_propagation_with_dropout":
        parameters = zero_network([2, 3, 2, 1], z)
        _, cache = regularization.forward_propagation_with_dropout(X, parameters, 0.8, seed=0)
        return regularization.backward_propagation_with_dropout(X, Y, cache, 0.8)["db3"]
    assert kind == "batch_norm.bn_network_backward"
    parameters, _ = batch_norm.initialize_bn_network([2, 3, 1], batch_norm=True, seed=0)
    parameters = {k: np.zeros_like(v) for k, v in parameters.items()}
    parameters["b2"] = np.array([[z]])
    AL, caches = batch_norm.bn_network_forward(X, parameters)
    return batch_norm.bn_network_backward(AL, Y, caches)["db2"]


KINDS = [
    "logistic_regression.propagate",
    "shallow_network.backward_propagation",
    "deep_network.L_model_backward",
    "regularization.backward_propagation_with_regularization",
    "regularization.backward_propagation_with_dropout",
    "batch_norm.bn_network_backward",
]


@pytest.mark.parametrize("z", Z_VALUES)
@pytest.mark.parametrize("kind", KINDS)
def test_output_gradient_of_a_confident_mistake_is_about_one(kind, z):
    expected = expit(z) - wrong_labels(z)[0, 0]
    assert abs(expected) > 0.999
    np.testing.assert_allclose(np.ravel(output_bias_gradient(kind, z)), [expected], rtol=1e-12)


@pytest.mark.parametrize("z", [40.0, 1000.0])
def test_softmax_gradient_of_a_confident_mistake_is_about_one(z):
    Z = np.array([[z], [0.0], [0.0]])  # class 0 all but certain, the label is class 2
    Y = np.array([[0.0], [0.0], [1.0]])
    cost, dZ = softmax_cross_entropy(Z, Y)
    np.testing.assert_allclose(dZ, scipy_softmax(Z, axis=0) - Y, atol=1e-15)
    np.testing.assert_allclose(dZ[:, 0], [1.0, 0.0, -1.0], atol=1e-15)
    assert np.isclose(cost, z, rtol=1e-12)  # -log softmax(Z)_2 = log(e^z + 2) ~ z
