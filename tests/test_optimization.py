"""Course 2 Week 2: optimization algorithms (snippets/optimization.py)."""

import copy
import math
import warnings

import numpy as np
import pytest
from scipy.optimize import rosen, rosen_der
from scipy.signal import lfilter

from snippets import optimization
from snippets.datasets import make_moons
from snippets.deep_network import initialize_parameters_deep, predict_deep, update_parameters
from snippets.optimization import (
    critical_point_kinds,
    elongated_quadratic,
    elongated_quadratic_gradient,
    exponential_lr_decay,
    exponentially_weighted_average,
    initialize_adam,
    initialize_optimizer,
    initialize_rmsprop,
    initialize_velocity,
    model,
    optimizer_path,
    optimizer_step,
    random_mini_batches,
    rosenbrock,
    rosenbrock_gradient,
    saddle,
    saddle_gradient,
    schedule_lr_decay,
    update_lr,
    update_parameters_with_adam,
    update_parameters_with_momentum,
    update_parameters_with_rmsprop,
)
from tests.helpers import numerical_gradient, relative_difference


def small_problem(seed=0):
    """Parameters of a [3, 2, 1] network and gradients of the same shapes."""
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters_deep([3, 2, 1], seed=rng)
    grads = {f"d{name}": rng.normal(size=value.shape) for name, value in parameters.items()}
    return parameters, grads


# --- random_mini_batches -----------------------------------------------------

@pytest.mark.parametrize("m,size,expected", [(1000, 64, [64] * 15 + [40]), (128, 64, [64, 64]),
                                             (5, 10, [5]), (7, 1, [1] * 7)])
def test_mini_batch_sizes(m, size, expected):
    X, Y = np.zeros((3, m)), np.zeros((1, m))
    batches = random_mini_batches(X, Y, size, seed=0)
    assert [b[0].shape[1] for b in batches] == expected
    assert len(batches) == math.ceil(m / size)
    assert all(bx.shape[0] == 3 and by.shape == (1, bx.shape[1]) for bx, by in batches)


def test_mini_batches_cover_every_example_once_and_stay_paired():
    m = 203
    X = np.vstack([np.arange(m), -np.arange(m)]).astype(float)  # column i identifies example i
    Y = (np.arange(m) % 3).reshape(1, m).astype(float)
    batches = random_mini_batches(X, Y, 16, seed=5)
    ids = np.concatenate([bx[0] for bx, _ in batches]).astype(int)
    assert sorted(ids) == list(range(m))                  # a permutation: each example once
    assert not np.array_equal(ids, np.arange(m))          # and really shuffled
    for bx, by in batches:
        np.testing.assert_array_equal(by[0], bx[0] % 3)   # labels travel with their inputs
        np.testing.assert_array_equal(bx[1], -bx[0])


def test_mini_batches_are_deterministic_per_seed_and_leave_inputs_alone():
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(4, 50)), rng.normal(size=(1, 50))
    X0, Y0 = X.copy(), Y.copy()
    first = random_mini_batches(X, Y, 8, seed=3)
    again = random_mini_batches(X, Y, 8, seed=3)
    other = random_mini_batches(X, Y, 8, seed=4)
    for (a, b), (c, d) in zip(first, again):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    assert not np.array_equal(first[0][0], other[0][0])
    from_generator = random_mini_batches(X, Y, 8, seed=np.random.default_rng(3))
    np.testing.assert_array_equal(from_generator[0][0], first[0][0])
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)


def test_mini_batches_reject_bad_input():
    with pytest.raises(ValueError, match=r"X \(n_x, m\) and Y \(1, m\) must be 2-D with the same m"):
        random_mini_batches(np.ones((2, 5)), np.ones((1, 4)))
    with pytest.raises(ValueError, match="same m"):
        random_mini_batches(np.ones(5), np.ones((1, 5)))
    for bad in (0, -1, 2.5, True, "8"):
        with pytest.raises(ValueError, match="mini_batch_size must be a positive integer"):
            random_mini_batches(np.ones((2, 5)), np.ones((1, 5)), bad)


# --- exponentially_weighted_average ------------------------------------------

@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.98])
def test_ewa_matches_the_closed_form(beta):
    theta = np.random.default_rng(2).normal(loc=10, scale=4, size=60)
    T = theta.size
    raw = np.array([(1 - beta) * sum(beta ** (t - i) * theta[i - 1] for i in range(1, t + 1))
                    for t in range(1, T + 1)])
    corrected = raw / (1 - beta ** np.arange(1, T + 1))
    np.testing.assert_allclose(exponentially_weighted_average(theta, beta), corrected, rtol=1e-12)
    np.testing.assert_allclose(exponentially_weighted_average(theta, beta, bias_correction=False),
                               raw, rtol=1e-12)


def test_ewa_agrees_with_scipy_lfilter():
    theta = np.random.default_rng(3).normal(size=500)
    for beta in (0.5, 0.9, 0.999):
        expected = lfilter([1 - beta], [1, -beta], theta)  # v_t = beta v_{t-1} + (1-beta) theta_t
        np.testing.assert_allclose(exponentially_weighted_average(theta, beta, False), expected,
                                   rtol=1e-10, atol=1e-12)


def test_ewa_without_correction_starts_biased_toward_zero():
    theta = np.full(100, 20.0)
    raw = exponentially_weighted_average(theta, 0.98, bias_correction=False)
    assert np.isclose(raw[0], 0.4)  # (1 - 0.98) * 20: far below 20
    np.testing.assert_allclose(raw, 20 * (1 - 0.98 ** np.arange(1, 101)))
    assert np.all(np.diff(raw) > 0) and raw[-1] < 20
    np.testing.assert_allclose(exponentially_weighted_average(theta, 0.98), 20.0)  # corrected: exact


def test_ewa_beta_zero_is_the_series_and_one_over_one_minus_beta_is_its_memory():
    theta = np.arange(5.0)
    np.testing.assert_array_equal(exponentially_weighted_average(theta, 0.0), theta)
    for beta in (0.9, 0.98, 0.999):
        n = round(1 / (1 - beta))
        weight_of_last_n = (1 - beta) * sum(beta ** k for k in range(n))  # = 1 - beta^n
        assert abs(weight_of_last_n - (1 - 1 / np.e)) < 0.05
        assert abs(beta ** n - 1 / np.e) < 0.02  # beta^(1/(1-beta)) is about 1/e


def test_ewa_extreme_values_and_long_series_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = exponentially_weighted_average(np.full(10, 1e307), 0.9)
        long = exponentially_weighted_average(np.ones(20_000), 0.999, bias_correction=True)
    assert np.all(np.isfinite(big)) and np.allclose(big, 1e307)
    np.testing.assert_allclose(long, 1.0)


def test_ewa_rejects_bad_input():
    with pytest.raises(ValueError, match=r"theta must be a 1-D series of shape \(T,\)"):
        exponentially_weighted_average(np.ones((2, 3)), 0.9)
    for beta in (1.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="beta must satisfy 0 <= beta < 1"):
            exponentially_weighted_average(np.ones(3), beta)


# --- momentum ----------------------------------------------------------------

def test_initialize_velocity_and_rmsprop_are_zeros_shaped_like_parameters():
    parameters, _ = small_problem()
    for state in (initialize_velocity(parameters), initialize_rmsprop(parameters),
                  *initialize_adam(parameters)):
        assert sorted(state) == ["dW1", "dW2", "db1", "db2"]
        for name, value in parameters.items():
            assert state[f"d{name}"].shape == value.shape and not state[f"d{name}"].any()
    v, s = initialize_adam(parameters)
    assert v["dW1"] is not s["dW1"]


def test_momentum_hand_computed_steps():
    parameters = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([[0.5]])}
    grads = {"dW1": np.array([[0.5, 1.0]]), "db1": np.array([[-1.0]])}
    v = initialize_velocity(parameters)
    p1, v1 = update_parameters_with_momentum(parameters, grads, v, beta=0.9, learning_rate=0.1)
    np.testing.assert_allclose(v1["dW1"], [[0.05, 0.1]])            # 0.1 * dW
    np.testing.assert_allclose(p1["W1"], [[0.995, -2.01]])           # W - 0.1 v
    np.testing.assert_allclose(p1["b1"], [[0.51]])
    p2, v2 = update_parameters_with_momentum(p1, grads, v1, beta=0.9, learning_rate=0.1)
    np.testing.assert_allclose(v2["dW1"], [[0.095, 0.19]])           # 0.9 * 0.05 + 0.1 * 0.5
    np.testing.assert_allclose(p2["W1"], [[0.9855, -2.029]])


def test_momentum_with_beta_zero_is_gradient_descent_and_inputs_are_untouched():
    parameters, grads = small_problem(1)
    v = {k: np.ones_like(g) for k, g in grads.items()}
    before = copy.deepcopy((parameters, grads, v))
    new, _ = update_parameters_with_momentum(parameters, grads, v, beta=0.0, learning_rate=0.3)
    expected = update_parameters(parameters, grads, 0.3)
    for name in parameters:
        np.testing.assert_allclose(new[name], expected[name])
    for original, kept in zip(before, (parameters, grads, v)):
        for key in original:
            np.testing.assert_array_equal(original[key], kept[key])


def test_momentum_averages_out_an_alternating_gradient():
    parameters = {"W1": np.zeros((1, 1))}
    v = initialize_velocity(parameters)
    for t in range(200):
        grads = {"dW1": np.array([[1.0 + (-1) ** t * 10.0]])}  # mean 1, oscillation +-10
        parameters, v = update_parameters_with_momentum(parameters, grads, v, 0.9, 0.01)
    assert abs(v["dW1"][0, 0] - 1.0) < 0.7  # the plain gradient swings between -9 and 11


def test_update_functions_reject_mismatched_dicts_and_bad_hyperparameters():
    parameters, grads = small_problem()
    v = initialize_velocity(parameters)
    with pytest.raises(ValueError, match=r"grads must hold 'db2' with the shape of b2, \(1, 1\)"):
        update_parameters_with_momentum(parameters, {k: g for k, g in grads.items() if k != "db2"},
                                        v, 0.9, 0.1)
    wrong = dict(v, dW1=np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"v\['dW1'\] must have the shape of W1, \(2, 3\), got \(3, 2\)"):
        update_parameters_with_momentum(parameters, grads, wrong, 0.9, 0.1)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        update_parameters_with_momentum(parameters, grads, v, 0.9, 0.0)
    with pytest.raises(ValueError, match="beta must satisfy"):
        update_parameters_with_momentum(parameters, grads, v, 1.0, 0.1)
    with pytest.raises(ValueError, match=r"s\['dW1'\] must have the shape of W1"):
        update_parameters_with_rmsprop(parameters, grads, wrong, 0.9, 0.1)
    with pytest.raises(ValueError, match="beta2 must satisfy"):
        update_parameters_with_rmsprop(parameters, grads, v, -0.5, 0.1)
    with pytest.raises(ValueError, match="beta1 must satisfy"):
        update_parameters_with_adam(parameters, grads, v, v, 1, 0.1, beta1=1.2)
    with pytest.raises(ValueError, match="beta2 must satisfy"):
        update_parameters_with_adam(parameters, grads, v, v, 1, 0.1, beta2=1.0)
    with pytest.raises(ValueError, match="epsilon must be positive"):
        update_parameters_with_rmsprop(parameters, grads, v, 0.9, 0.1, epsilon=0.0)
    with pytest.raises(ValueError, match="epsilon must be positive"):
        update_parameters_with_adam(parameters, grads, v, v, 1, 0.1, epsilon=-1e-8)


# --- RMSprop -----------------------------------------------------------------

def test_rmsprop_hand_computed_step():
    parameters = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    grads = {"dW1": np.array([[0.5]]), "db1": np.array([[0.0]])}
    new, s = update_parameters_with_rmsprop(parameters, grads, initialize_rmsprop(parameters),
                                            beta2=0.9, learning_rate=0.1)
    np.testing.assert_allclose(s["dW1"], [[0.025]])                      # 0.1 * 0.5^2
    np.testing.assert_allclose(new["W1"], [[1 - 0.1 * 0.5 / (np.sqrt(0.025) + 1e-8)]])
    np.testing.assert_allclose(new["W1"], [[0.6837722540]], rtol=1e-9)  # 1 - 0.05 / 0.15811389
    assert new["b1"][0, 0] == 0.0  # zero gradient, zero average: no step and no 0/0
    new2, s2 = update_parameters_with_rmsprop(new, grads, s, 0.9, 0.1, epsilon=1e-300)
    np.testing.assert_allclose(s2["dW1"], [[0.9 * 0.025 + 0.1 * 0.25]])
    np.testing.assert_allclose(new2["W1"], new["W1"] - 0.1 * 0.5 / np.sqrt(0.0475))


def test_rmsprop_step_does_not_depend_on_the_gradient_scale():
    parameters = {"W1": np.zeros((2, 1))}
    steps = []
    for scale in (1e-3, 1.0, 1e100):
        grads = {"dW1": np.array([[scale], [-3 * scale]])}
        new, _ = update_parameters_with_rmsprop(parameters, grads, initialize_rmsprop(parameters),
                                                0.99, 0.01, epsilon=1e-300)
        steps.append(new["W1"])
    np.testing.assert_allclose(steps[0], steps[1])
    np.testing.assert_allclose(steps[2], steps[1])  # 1e100 squared is 1e200: still finite


# --- Adam ----------------------------------------------------------------------

def adam_algorithm_1(grad, theta0, alpha, beta1, beta2, epsilon, steps):
    """Algorithm 1 of Kingma & Ba (2015), "Adam: a method for stochastic optimization",
    written out from the paper's pseudo-code on one flat parameter vector."""
    theta, m, v = theta0.copy(), np.zeros_like(theta0), np.zeros_like(theta0)
    history = []
    for t in range(1, steps + 1):
        g = grad(theta)                               # g_t <- grad f_t(theta_{t-1})
        m = beta1 * m + (1 - beta1) * g               # biased first moment estimate
        v = beta2 * v + (1 - beta2) * g * g           # biased second raw moment estimate
        m_hat = m / (1 - beta1 ** t)                  # bias-corrected first moment
        v_hat = v / (1 - beta2 ** t)                  # bias-corrected second moment
        theta = theta - alpha * m_hat / (np.sqrt(v_hat) + epsilon)
        history.append((theta.copy(), m_hat, v_hat))
    return history


@pytest.mark.parametrize("alpha,beta1,beta2", [(0.01, 0.9, 0.999), (0.1, 0.8, 0.99), (0.003, 0.0, 0.5)])
def test_adam_agrees_with_algorithm_1_of_the_paper(alpha, beta1, beta2):
    rng = np.random.default_rng(4)
    parameters = initialize_parameters_deep([3, 4, 2], seed=rng)
    names = list(parameters)
    shapes = [parameters[n].shape for n in names]
    n = sum(math.prod(shape) for shape in shapes)  # 26 numbers in all
    A = rng.normal(size=(n, n))
    H, c = A @ A.T / n + np.eye(n), rng.normal(size=n)

    def flatten(d, prefix=""):
        return np.concatenate([d[prefix + n].ravel() for n in names])

    def unflatten(x, prefix=""):
        out, k = {}, 0
        for n, shape in zip(names, shapes):
            out[prefix + n] = x[k:k + math.prod(shape)].reshape(shape)
            k += math.prod(shape)
        return out

    def grad(theta):  # gradient of 0.5 theta^T H theta - c^T theta: depends on where we are
        return H @ theta - c

    expected = adam_algorithm_1(grad, flatten(parameters), alpha, beta1, beta2, 1e-8, steps=12)
    v, s = initialize_adam(parameters)
    for t in range(1, 13):
        grads = unflatten(grad(flatten(parameters)), prefix="d")
        parameters, v, s, v_corr, s_corr = update_parameters_with_adam(
            parameters, grads, v, s, t, alpha, beta1, beta2, 1e-8)
        theta, m_hat, v_hat = expected[t - 1]
        np.testing.assert_allclose(flatten(parameters), theta, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(flatten(v_corr, "d"), m_hat, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(flatten(s_corr, "d"), v_hat, rtol=1e-12, atol=1e-14)


def test_adam_hand_computed_first_and_second_step():
    parameters = {"W1": np.array([[1.0]]), "b1": np.array([[2.0]])}
    grads = {"dW1": np.array([[0.5]]), "db1": np.array([[-2.0]])}
    v, s = initialize_adam(parameters)
    p1, v1, s1, vc1, sc1 = update_parameters_with_adam(parameters, grads, v, s, 1, 0.01)
    np.testing.assert_allclose(v1["dW1"], [[0.05]])      # 0.1 * 0.5
    np.testing.assert_allclose(s1["dW1"], [[0.00025]])   # 0.001 * 0.25
    np.testing.assert_allclose(vc1["dW1"], [[0.5]])      # 0.05 / (1 - 0.9)
    np.testing.assert_allclose(sc1["dW1"], [[0.25]])     # 0.00025 / (1 - 0.999)
    np.testing.assert_allclose(p1["W1"], [[1 - 0.01 * 0.5 / (0.5 + 1e-8)]])
    np.testing.assert_allclose(p1["b1"], [[2 + 0.01 * 2 / (2 + 1e-8)]])
    grads2 = {"dW1": np.array([[1.0]]), "db1": np.array([[-2.0]])}
    p2, v2, s2, vc2, sc2 = update_parameters_with_adam(p1, grads2, v1, s1, 2, 0.01)
    m, q = 0.9 * 0.05 + 0.1 * 1.0, 0.999 * 0.00025 + 0.001 * 1.0
    np.testing.assert_allclose(vc2["dW1"], [[m / (1 - 0.81)]])
    np.testing.assert_allclose(sc2["dW1"], [[q / (1 - 0.999 ** 2)]])
    np.testing.assert_allclose(p2["W1"], p1["W1"] - 0.01 * (m / 0.19) / (np.sqrt(q / (1 - 0.998001)) + 1e-8))


def test_adam_first_step_has_size_alpha_whatever_the_gradient_scale():
    parameters = {"W1": np.zeros((3, 1))}
    for scale in (1e-3, 1.0, 1e100):
        grads = {"dW1": np.array([[scale], [-scale], [0.0]])}
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            new, *_ = update_parameters_with_adam(parameters, grads, *initialize_adam(parameters), 1,
                                                  learning_rate=0.02)
        np.testing.assert_allclose(new["W1"], [[-0.02], [0.02], [0.0]], rtol=1e-4)


def test_adam_leaves_its_inputs_alone_and_rejects_bad_t():
    parameters, grads = small_problem(2)
    v, s = initialize_adam(parameters)
    v["dW1"] += 0.1
    before = copy.deepcopy((parameters, grads, v, s))
    update_parameters_with_adam(parameters, grads, v, s, 3)
    for original, kept in zip(before, (parameters, grads, v, s)):
        for key in original:
            np.testing.assert_array_equal(original[key], kept[key])
    for bad in (0, -1, 1.5, True, None):
        with pytest.raises(ValueError, match="t must be a positive integer"):
            update_parameters_with_adam(parameters, grads, v, s, bad)
    with pytest.raises(ValueError, match=r"s must hold 'dW1'"):
        update_parameters_with_adam(parameters, grads, v, {}, 1)


# --- optimizer_step / initialize_optimizer -----------------------------------

def test_optimizer_step_dispatches_to_each_update():
    parameters, grads = small_problem(3)
    new, state = optimizer_step(parameters, grads, initialize_optimizer(parameters, "gd"), "gd", 0.1, 1)
    assert state == {}
    np.testing.assert_allclose(new["W1"], update_parameters(parameters, grads, 0.1)["W1"])
    new, state = optimizer_step(parameters, grads, initialize_optimizer(parameters, "momentum"),
                                "momentum", 0.1, 1, beta=0.5)
    expected, v = update_parameters_with_momentum(parameters, grads, initialize_velocity(parameters), 0.5, 0.1)
    np.testing.assert_allclose(new["W2"], expected["W2"])
    np.testing.assert_allclose(state["v"]["dW2"], v["dW2"])
    new, state = optimizer_step(parameters, grads, initialize_optimizer(parameters, "rmsprop"),
                                "rmsprop", 0.1, 1, beta2=0.8)
    expected, s = update_parameters_with_rmsprop(parameters, grads, initialize_rmsprop(parameters), 0.8, 0.1)
    np.testing.assert_allclose(new["b1"], expected["b1"])
    np.testing.assert_allclose(state["s"]["db1"], s["db1"])
    new, state = optimizer_step(parameters, grads, initialize_optimizer(parameters, "adam"),
                                "adam", 0.1, 1)
    expected, v, s, _, _ = update_parameters_with_adam(parameters, grads, *initialize_adam(parameters), 1, 0.1)
    np.testing.assert_allclose(new["W1"], expected["W1"])
    assert sorted(state) == ["s", "v"]
    with pytest.raises(ValueError, match="optimizer must be one of"):
        initialize_optimizer(parameters, "sgd")


# --- two-dimensional test functions -------------------------------------------

@pytest.mark.parametrize("value,gradient", [
    (elongated_quadratic, elongated_quadratic_gradient),
    (rosenbrock, rosenbrock_gradient),
    (saddle, saddle_gradient),
])
def test_two_dimensional_gradients_match_numerical_gradients(value, gradient):
    rng = np.random.default_rng(5)
    for _ in range(5):
        w = rng.uniform(-2, 2, size=(2, 1))
        numeric = numerical_gradient(lambda: float(value(w)[0]), w)
        assert relative_difference(gradient(w), numeric) < 1e-7


def test_two_dimensional_functions_known_values_and_shapes():
    assert elongated_quadratic(np.array([2.0, 1.0]), kappa=20.0) == 12.0   # (4 + 20) / 2
    np.testing.assert_array_equal(elongated_quadratic_gradient(np.array([2.0, 1.0]), 20.0), [2, 20])
    assert rosenbrock(np.array([1.0, 1.0])) == 0.0 and rosenbrock(np.array([0.0, 0.0])) == 1.0
    np.testing.assert_array_equal(rosenbrock_gradient(np.array([1.0, 1.0])), [0, 0])
    assert saddle(np.zeros(2)) == 1.0 and saddle(np.array([0.0, 1.0])) == 0.0
    for point in ([0.0, 0.0], [0.0, 1.0], [0.0, -1.0]):           # the three critical points
        np.testing.assert_array_equal(saddle_gradient(np.array(point)), [0, 0])
    grid = np.random.default_rng(6).normal(size=(2, 3, 4))       # evaluated on a whole grid
    for f, df in ((elongated_quadratic, elongated_quadratic_gradient), (rosenbrock, rosenbrock_gradient),
                  (saddle, saddle_gradient)):
        assert f(grid).shape == (3, 4) and df(grid).shape == (2, 3, 4)
        assert f(grid)[1, 2] == f(grid[:, 1, 2])


def test_rosenbrock_agrees_with_scipy():
    points = np.random.default_rng(7).uniform(-2, 2, size=(2, 50))
    np.testing.assert_allclose(rosenbrock(points), rosen(points), rtol=1e-12)
    for w in points.T:
        np.testing.assert_allclose(rosenbrock_gradient(w), rosen_der(w), rtol=1e-12, atol=1e-12)


def test_saddle_has_curvature_of_both_signs_at_the_origin():
    eps = 1e-4
    hessian = np.column_stack([(saddle_gradient(e * eps) - saddle_gradient(-e * eps)) / (2 * eps)
                               for e in np.eye(2)])
    np.testing.assert_allclose(hessian, [[2, 0], [0, -4]], atol=1e-6)


def test_two_dimensional_functions_reject_other_shapes():
    for f in (elongated_quadratic, elongated_quadratic_gradient, rosenbrock, rosenbrock_gradient,
              saddle, saddle_gradient):
        with pytest.raises(ValueError, match=r"w must have shape \(2, \.\.\.\)"):
            f(np.ones(3))
        with pytest.raises(ValueError, match=r"w must have shape \(2, \.\.\.\)"):
            f(1.0)


# --- optimizer_path --------------------------------------------------------------

def test_gradient_descent_path_on_the_quadratic_matches_the_closed_form():
    alpha, kappa, steps = 0.05, 20.0, 30
    path = optimizer_path(lambda w: elongated_quadratic_gradient(w, kappa), (-4.0, 1.0), "gd",
                          learning_rate=alpha, num_steps=steps)
    k = np.arange(steps + 1)
    assert path.shape == (2, steps + 1)
    np.testing.assert_allclose(path[0], -4 * (1 - alpha) ** k)
    np.testing.assert_allclose(path[1], (1 - alpha * kappa) ** k)


@pytest.mark.parametrize("optimizer,settings", [
    ("gd", {"learning_rate": 0.09}), ("momentum", {"learning_rate": 0.09, "beta": 0.9}),
    ("rmsprop", {"learning_rate": 0.05, "beta2": 0.9}), ("adam", {"learning_rate": 0.2}),
])
def test_every_optimizer_reaches_the_bottom_of_the_bowl(optimizer, settings):
    path = optimizer_path(elongated_quadratic_gradient, np.array([[-9.0], [1.5]]), optimizer,
                          num_steps=300, **settings)
    np.testing.assert_array_equal(path[:, 0], [-9.0, 1.5])
    assert elongated_quadratic(path[:, -1]) < 1e-3 * elongated_quadratic(path[:, 0])


def test_optimizer_path_rejects_bad_input():
    with pytest.raises(ValueError, match=r"w0 must be one point of shape \(2,\) or \(2, 1\)"):
        optimizer_path(rosenbrock_gradient, np.ones((2, 2)))
    with pytest.raises(ValueError, match="optimizer must be one of"):
        optimizer_path(rosenbrock_gradient, (0.0, 0.0), "nesterov")


# --- model ------------------------------------------------------------------------

@pytest.mark.parametrize("optimizer", ["gd", "momentum", "rmsprop", "adam"])
def test_model_lowers_the_cost_with_every_optimizer(optimizer):
    X, Y = make_moons(m=200, seed=1)
    rate = 0.3 if optimizer in ("gd", "momentum") else 0.01
    parameters, costs = model(X, Y, [2, 8, 1], optimizer, learning_rate=rate, mini_batch_size=32,
                              num_epochs=60, seed=0)
    assert len(costs) == 60 and costs[-1] < 0.7 * costs[0]
    assert np.mean(predict_deep(X, parameters) == Y) > 0.8


def test_model_is_deterministic_and_leaves_the_data_alone():
    X, Y = make_moons(m=100, seed=2)
    X0 = X.copy()
    runs = [model(X, Y, [2, 4, 1], "adam", learning_rate=0.01, num_epochs=5, seed=7) for _ in range(2)]
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    np.testing.assert_array_equal(runs[0][0]["W1"], runs[1][0]["W1"])
    np.testing.assert_array_equal(X, X0)


def test_model_cost_is_the_epoch_average_of_the_mini_batch_costs():
    X, Y = make_moons(m=70, seed=3)
    _, costs = model(X, Y, [2, 3, 1], "gd", learning_rate=1e-12, mini_batch_size=32,
                     num_epochs=1, seed=0)  # a rate this small leaves the parameters as they were
    from snippets.deep_network import L_model_forward, compute_cost
    parameters = initialize_parameters_deep([2, 3, 1], np.random.default_rng(0))
    assert np.isclose(costs[0], compute_cost(L_model_forward(X, parameters)[0], Y))


def test_model_calls_the_decay_at_the_start_of_every_epoch(capsys):
    X, Y = make_moons(m=64, seed=4)
    calls = []

    def decay(learning_rate0, epoch_num, decay_rate):
        calls.append((learning_rate0, epoch_num, decay_rate))
        return update_lr(learning_rate0, epoch_num, decay_rate)

    model(X, Y, [2, 3, 1], "momentum", learning_rate=0.1, num_epochs=3, decay=decay,
          decay_rate=0.5, print_cost=True)
    assert calls == [(0.1, 0, 0.5), (0.1, 1, 0.5), (0.1, 2, 0.5)]
    out = capsys.readouterr().out
    assert out.count("cost after epoch") == 1 and "learning rate 0.100000" in out


def test_model_rejects_bad_layers_and_optimizers():
    X, Y = make_moons(m=20, seed=5)
    with pytest.raises(ValueError, match="layers_dims must start with n_x = 2 and end with 1"):
        model(X, Y, [3, 4, 1])
    with pytest.raises(ValueError, match="optimizer must be one of"):
        model(X, Y, [2, 4, 1], optimizer="adagrad", num_epochs=1)


def test_model_counts_adam_steps_across_epochs(monkeypatch):
    X, Y = make_moons(m=100, seed=6)
    seen = []
    real = optimization.update_parameters_with_adam

    def spy(parameters, grads, v, s, t, *args):
        seen.append(t)
        return real(parameters, grads, v, s, t, *args)

    monkeypatch.setattr(optimization, "update_parameters_with_adam", spy)
    model(X, Y, [2, 3, 1], "adam", learning_rate=0.01, mini_batch_size=32, num_epochs=3)
    assert seen == list(range(1, 13))  # 4 mini-batches per epoch, t never restarts


# --- learning rate decay -------------------------------------------------------------

def test_learning_rate_decay_known_values():
    assert update_lr(0.5, 2, 1) == pytest.approx(0.16666666666666666)       # the course's example
    assert schedule_lr_decay(0.5, 10, 0.3, time_interval=100) == 0.5
    assert schedule_lr_decay(0.5, 100, 0.3, time_interval=100) == pytest.approx(0.38461538461538464)
    assert exponential_lr_decay(0.2, 2, 0.95) == pytest.approx(0.1805)
    assert update_lr(0.2, 0, 3.0) == exponential_lr_decay(0.2, 0) == schedule_lr_decay(0.2, 0, 3.0) == 0.2


def test_learning_rate_decays_are_non_increasing_and_the_schedule_is_a_staircase():
    epochs = range(0, 3000, 7)
    for decay in (lambda e: update_lr(1.0, e, 0.01), lambda e: exponential_lr_decay(1.0, e, 0.999),
                  lambda e: schedule_lr_decay(1.0, e, 0.5, time_interval=1000)):
        rates = [decay(e) for e in epochs]
        assert all(b <= a for a, b in zip(rates, rates[1:])) and rates[-1] > 0
    assert len({schedule_lr_decay(1.0, e, 0.5) for e in range(1000)}) == 1
    assert schedule_lr_decay(1.0, 1999, 0.5) == update_lr(1.0, 1, 0.5)
    assert exponential_lr_decay(1.0, 100_000, 0.95) == 0.0  # underflows quietly to 0


def test_learning_rate_decays_reject_bad_input():
    with pytest.raises(ValueError, match="learning_rate0 must be positive"):
        update_lr(0.0, 1, 1.0)
    with pytest.raises(ValueError, match="epoch_num must be non-negative"):
        schedule_lr_decay(0.1, -1, 1.0)
    with pytest.raises(ValueError, match="decay_rate must be non-negative"):
        update_lr(0.1, 1, -1.0)
    with pytest.raises(ValueError, match="time_interval must be positive"):
        schedule_lr_decay(0.1, 1, 1.0, time_interval=0)
    for base in (0.0, 1.5):
        with pytest.raises(ValueError, match="base must satisfy 0 < base <= 1"):
            exponential_lr_decay(0.1, 1, base)


# --- local optima and saddle points -----------------------------------------------------

def test_critical_point_kinds_fractions():
    one = critical_point_kinds(1, num_samples=4000, seed=0)
    assert one["saddle"] == 0.0 and abs(one["minimum"] - 0.5) < 0.03
    assert sum(one.values()) == pytest.approx(1.0)
    minima = [critical_point_kinds(n, num_samples=4000, seed=1)["minimum"] for n in (1, 2, 3, 6)]
    assert all(b < a for a, b in zip(minima, minima[1:])) and minima[-1] < 0.01
    assert critical_point_kinds(3, 500, seed=2) == critical_point_kinds(3, 500, seed=2)
    for bad in (0, 2.5, True):
        with pytest.raises(ValueError, match="n must be a positive integer"):
            critical_point_kinds(bad)
