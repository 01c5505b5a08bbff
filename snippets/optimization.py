"""Course 2, Week 2: optimization algorithms.

Mini-batches, exponentially weighted averages, momentum, RMSprop, Adam and
learning rate decay, plus the two-dimensional test functions and the training
loop the Week 2 page uses to compare them.

Shapes follow the course: examples are columns.

- ``X``: ``(n_x, m)``; ``Y``: ``(1, m)``
- ``parameters = {"W1": (n[1], n[0]), "b1": (n[1], 1), ...}``
- ``grads``, ``v`` and ``s`` hold ``"dW1"``, ``"db1"``, ... with the shapes of
  the parameters they belong to.

The update functions never modify the dicts they are given: they return new
ones. The network itself (``initialize_parameters_deep``, ``L_model_forward``,
``L_model_backward``, ``compute_cost``, ``update_parameters``) is Course 1
Week 4's; a page that shows ``model`` includes those regions first.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from snippets.deep_network import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters_deep,
    update_parameters,
)


# --8<-- [start:random_mini_batches]
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the examples and cut them into mini-batches.

    Args:
        X: inputs, (n_x, m).
        Y: labels, (1, m) (any (k, m) works); column i belongs to column i of X.
        mini_batch_size: examples per mini-batch, a positive integer.
        seed: int seed or ``numpy.random.Generator`` for the shuffle.

    Returns:
        A list of ceil(m / mini_batch_size) pairs (mini_batch_X, mini_batch_Y) of
        shapes (n_x, size) and (k, size). Every example is in exactly one of
        them; all have ``mini_batch_size`` columns except possibly the last,
        which holds the m mod mini_batch_size examples left over.
    """
    X, Y = np.asarray(X), np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[1] != Y.shape[1]:
        raise ValueError(f"X (n_x, m) and Y (1, m) must be 2-D with the same m; "
                         f"got {X.shape} and {Y.shape}")
    if isinstance(mini_batch_size, bool) or not isinstance(mini_batch_size, (int, np.integer)) \
            or mini_batch_size < 1:
        raise ValueError(f"mini_batch_size must be a positive integer, got {mini_batch_size!r}")
    m = X.shape[1]
    permutation = np.random.default_rng(seed).permutation(m)
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation]  # same order for both
    return [(shuffled_X[:, k:k + mini_batch_size], shuffled_Y[:, k:k + mini_batch_size])
            for k in range(0, m, mini_batch_size)]
# --8<-- [end:random_mini_batches]


# --8<-- [start:check_beta]
def check_beta(beta, name="beta"):
    """Raise ValueError unless 0 <= beta < 1 (an averaging weight)."""
    if not 0 <= beta < 1:
        raise ValueError(f"{name} must satisfy 0 <= {name} < 1, got {beta}")
# --8<-- [end:check_beta]


# --8<-- [start:exponentially_weighted_average]
def exponentially_weighted_average(theta, beta, bias_correction=True):
    """Running average v_t = beta v_{t-1} + (1 - beta) theta_t, starting from v_0 = 0.

    Args:
        theta: the series theta_1, ..., theta_T, shape (T,).
        beta: weight of the past, 0 <= beta < 1; the average covers roughly
            the last 1 / (1 - beta) values.
        bias_correction: divide v_t by 1 - beta^t, so that the first values
            are not pulled toward the starting value 0.

    Returns:
        Array of shape (T,) holding v_1, ..., v_T (bias-corrected if asked).
    """
    theta = np.asarray(theta, dtype=float)
    if theta.ndim != 1:
        raise ValueError(f"theta must be a 1-D series of shape (T,), got shape {theta.shape}")
    check_beta(beta)
    v, averages = 0.0, np.empty_like(theta)
    for t in range(1, theta.size + 1):
        v = beta * v + (1 - beta) * theta[t - 1]
        averages[t - 1] = v / (1 - beta ** t) if bias_correction else v
    return averages
# --8<-- [end:exponentially_weighted_average]


# --8<-- [start:check_update]
def check_update(parameters, learning_rate, **averages):
    """Check the inputs of an update step; raise ValueError on the first problem.

    ``learning_rate`` must be positive, and each dict passed by keyword
    (``grads=...``, ``v=...``) must hold ``"dW1"``, ``"db1"``, ... with the
    shape of ``parameters["W1"]``, ``parameters["b1"]``, ...
    """
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    for dict_name, values in averages.items():
        for name, value in parameters.items():
            if f"d{name}" not in values:
                raise ValueError(f"{dict_name} must hold 'd{name}' with the shape of {name}, "
                                 f"{np.shape(value)}; it is missing")
            if np.shape(values[f"d{name}"]) != np.shape(value):
                raise ValueError(f"{dict_name}['d{name}'] must have the shape of {name}, "
                                 f"{np.shape(value)}, got {np.shape(values[f'd{name}'])}")
# --8<-- [end:check_update]


# --8<-- [start:momentum]
def initialize_velocity(parameters):
    """Zero velocities: ``{"dW1": zeros like W1, "db1": zeros like b1, ...}``."""
    return {f"d{name}": np.zeros(np.shape(value)) for name, value in parameters.items()}


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """One step of gradient descent with momentum, for every layer l:

    v_dW = beta v_dW + (1 - beta) dW,   W := W - learning_rate v_dW  (same for b).

    Args:
        parameters: ``W<l>``, ``b<l>``; grads: ``dW<l>``, ``db<l>`` of the same shapes.
        v: velocities from ``initialize_velocity`` or the previous step.
        beta: momentum, 0 <= beta < 1 (0 gives plain gradient descent).
        learning_rate: alpha > 0.

    Returns:
        (parameters, v): new dicts; the ones passed in are not modified.
    """
    check_update(parameters, learning_rate, grads=grads, v=v)
    check_beta(beta)
    new_parameters, new_v = {}, {}
    for name, value in parameters.items():
        d = f"d{name}"
        new_v[d] = beta * v[d] + (1 - beta) * grads[d]
        new_parameters[name] = value - learning_rate * new_v[d]
    return new_parameters, new_v
# --8<-- [end:momentum]


# --8<-- [start:rmsprop]
def initialize_rmsprop(parameters):
    """Zero averages of squared gradients: ``{"dW1": zeros like W1, ...}``."""
    return {f"d{name}": np.zeros(np.shape(value)) for name, value in parameters.items()}


def update_parameters_with_rmsprop(parameters, grads, s, beta2, learning_rate, epsilon=1e-8):
    """One RMSprop step, for every layer l (squares and roots element-wise):

    s_dW = beta2 s_dW + (1 - beta2) dW^2,   W := W - learning_rate dW / (sqrt(s_dW) + epsilon).

    Args:
        parameters, grads: as for ``update_parameters_with_momentum``.
        s: squared-gradient averages from ``initialize_rmsprop`` or the previous step.
        beta2: 0 <= beta2 < 1; learning_rate: alpha > 0.
        epsilon: > 0, added to the root so that a zero average never divides by 0.

    Returns:
        (parameters, s): new dicts; the ones passed in are not modified.
    """
    check_update(parameters, learning_rate, grads=grads, s=s)
    check_beta(beta2, "beta2")
    if epsilon <= 0:
        raise ValueError(f"epsilon must be positive, got {epsilon}")
    new_parameters, new_s = {}, {}
    for name, value in parameters.items():
        d = f"d{name}"
        new_s[d] = beta2 * s[d] + (1 - beta2) * grads[d] ** 2
        new_parameters[name] = value - learning_rate * grads[d] / (np.sqrt(new_s[d]) + epsilon)
    return new_parameters, new_s
# --8<-- [end:rmsprop]


# --8<-- [start:adam]
def initialize_adam(parameters):
    """Zero first moments v and second moments s, each ``{"dW1": zeros like W1, ...}``."""
    v = {f"d{name}": np.zeros(np.shape(value)) for name, value in parameters.items()}
    s = {f"d{name}": np.zeros(np.shape(value)) for name, value in parameters.items()}
    return v, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    """One Adam step: momentum and RMSprop, both bias-corrected, for every layer l:

    v_dW = beta1 v_dW + (1 - beta1) dW,      v_corr = v_dW / (1 - beta1^t)
    s_dW = beta2 s_dW + (1 - beta2) dW^2,    s_corr = s_dW / (1 - beta2^t)
    W := W - learning_rate v_corr / (sqrt(s_corr) + epsilon)           (same for b)

    Args:
        parameters, grads: as for ``update_parameters_with_momentum``.
        v, s: moments from ``initialize_adam`` or the previous step.
        t: how many Adam steps have been taken, counting this one (1, 2, ...):
            one per mini-batch, the same for every layer.
        learning_rate: alpha > 0; beta1, beta2 in [0, 1); epsilon > 0.

    Returns:
        (parameters, v, s, v_corrected, s_corrected): new dicts; the ones passed
        in are not modified.
    """
    check_update(parameters, learning_rate, grads=grads, v=v, s=s)
    check_beta(beta1, "beta1")
    check_beta(beta2, "beta2")
    if epsilon <= 0:
        raise ValueError(f"epsilon must be positive, got {epsilon}")
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 1:
        raise ValueError(f"t must be a positive integer (Adam steps so far, this one included), "
                         f"got {t!r}")
    new_parameters, new_v, new_s, v_corrected, s_corrected = {}, {}, {}, {}, {}
    for name, value in parameters.items():
        d = f"d{name}"
        new_v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
        new_s[d] = beta2 * s[d] + (1 - beta2) * grads[d] ** 2
        v_corrected[d] = new_v[d] / (1 - beta1 ** t)
        s_corrected[d] = new_s[d] / (1 - beta2 ** t)
        new_parameters[name] = value - learning_rate * v_corrected[d] / (
            np.sqrt(s_corrected[d]) + epsilon)
    return new_parameters, new_v, new_s, v_corrected, s_corrected
# --8<-- [end:adam]


# --8<-- [start:optimizer_step]
OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")


def initialize_optimizer(parameters, optimizer):
    """The zero state of ``optimizer`` ("gd", "momentum", "rmsprop" or "adam") as a dict."""
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
    if optimizer == "momentum":
        return {"v": initialize_velocity(parameters)}
    if optimizer == "rmsprop":
        return {"s": initialize_rmsprop(parameters)}
    if optimizer == "adam":
        v, s = initialize_adam(parameters)
        return {"v": v, "s": s}
    return {}


def optimizer_step(parameters, grads, state, optimizer, learning_rate, t,
                   beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """One update by ``optimizer``; RMSprop averages with ``beta2``, momentum with ``beta``.

    Returns:
        (parameters, state): the new parameters and the optimizer's new state.
    """
    if optimizer == "gd":
        return update_parameters(parameters, grads, learning_rate), state
    if optimizer == "momentum":
        parameters, v = update_parameters_with_momentum(parameters, grads, state["v"], beta,
                                                        learning_rate)
        return parameters, {"v": v}
    if optimizer == "rmsprop":
        parameters, s = update_parameters_with_rmsprop(parameters, grads, state["s"], beta2,
                                                       learning_rate, epsilon)
        return parameters, {"s": s}
    parameters, v, s, _, _ = update_parameters_with_adam(parameters, grads, state["v"],
                                                         state["s"], t, learning_rate,
                                                         beta1, beta2, epsilon)
    return parameters, {"v": v, "s": s}
# --8<-- [end:optimizer_step]


# --8<-- [start:test_functions]
def check_point(w):
    """Return w as a float array, or raise ValueError unless its first axis has length 2."""
    w = np.asarray(w, dtype=float)
    if w.ndim < 1 or w.shape[0] != 2:
        raise ValueError(f"w must have shape (2, ...) with the coordinates w1, w2 on the "
                         f"first axis, got shape {w.shape}")
    return w


def elongated_quadratic(w, kappa=20.0):
    """f(w) = (w1^2 + kappa w2^2) / 2: a bowl kappa times steeper along w2 than along w1.

    Args:
        w: point(s), shape (2, ...): w[0] holds w1, w[1] holds w2.
        kappa: curvature ratio, > 0.

    Returns:
        f at each point, shape w.shape[1:].
    """
    w = check_point(w)
    return (w[0] ** 2 + kappa * w[1] ** 2) / 2


def elongated_quadratic_gradient(w, kappa=20.0):
    """Gradient (w1, kappa w2) of ``elongated_quadratic``, shape (2, ...) like w."""
    w = check_point(w)
    return np.stack([w[0], kappa * w[1]])


def rosenbrock(w, a=1.0, b=100.0):
    """Rosenbrock's banana f(w) = (a - w1)^2 + b (w2 - w1^2)^2, minimum 0 at (a, a^2).

    Args:
        w: point(s), shape (2, ...).
        a, b: the usual constants 1 and 100 give a curved, flat-bottomed valley.

    Returns:
        f at each point, shape w.shape[1:].
    """
    w = check_point(w)
    return (a - w[0]) ** 2 + b * (w[1] - w[0] ** 2) ** 2


def rosenbrock_gradient(w, a=1.0, b=100.0):
    """Gradient of ``rosenbrock``, shape (2, ...) like w."""
    w = check_point(w)
    valley = w[1] - w[0] ** 2
    return np.stack([-2 * (a - w[0]) - 4 * b * w[0] * valley, 2 * b * valley])
# --8<-- [end:test_functions]


# --8<-- [start:optimizer_path]
def optimizer_path(gradient, w0, optimizer="gd", learning_rate=0.01, num_steps=100,
                   beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """Follow ``optimizer`` on a function of two variables, starting from w0.

    Args:
        gradient: function taking a point of shape (2, 1) and returning its
            gradient, shape (2, 1).
        w0: starting point, shape (2,) or (2, 1).
        optimizer: "gd", "momentum", "rmsprop" or "adam".
        learning_rate, num_steps, beta, beta1, beta2, epsilon: as for ``optimizer_step``.

    Returns:
        The path, shape (2, num_steps + 1): column k is the point after k steps.
    """
    w0 = check_point(w0)
    if w0.size != 2:
        raise ValueError(f"w0 must be one point of shape (2,) or (2, 1), got shape {w0.shape}")
    parameters = {"w": w0.reshape(2, 1)}
    state, path = initialize_optimizer(parameters, optimizer), [parameters["w"]]
    for t in range(1, num_steps + 1):
        grads = {"dw": gradient(parameters["w"])}
        parameters, state = optimizer_step(parameters, grads, state, optimizer, learning_rate,
                                           t, beta, beta1, beta2, epsilon)
        path.append(parameters["w"])
    return np.hstack(path)
# --8<-- [end:optimizer_path]


# --8<-- [start:model]
def model(X, Y, layers_dims, optimizer="gd", learning_rate=0.0007, mini_batch_size=64,
          num_epochs=5000, beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8, decay=None,
          seed=1, decay_rate=1.0, print_cost=False):
    """Train Week 4's L-layer network with mini-batches and the chosen optimizer.

    Args:
        X: (n[0], m); Y: (1, m), labels 0/1.
        layers_dims: [n[0], ..., n[L]] with n[0] = X.shape[0] and n[L] = 1.
        optimizer: "gd", "momentum", "rmsprop" (which averages with ``beta2``) or "adam".
        learning_rate: alpha_0 > 0, the rate of epoch 0.
        mini_batch_size, num_epochs: mini-batch size and number of passes over X.
        beta, beta1, beta2, epsilon: the optimizers' hyperparameters.
        decay: None, or a function such as ``update_lr`` called at the start of
            every epoch as decay(learning_rate, epoch, decay_rate).
        seed: int seed or ``numpy.random.Generator`` for the initial weights and
            the shuffles.
        decay_rate: passed to ``decay``.
        print_cost: print the cost every 1000 epochs.

    Returns:
        (parameters, costs): the trained parameters and one cost per epoch, the
        average over that epoch's examples of the loss measured on each
        mini-batch just before its update.
    """
    if layers_dims[0] != np.shape(X)[0] or layers_dims[-1] != 1:
        raise ValueError(f"layers_dims must start with n_x = {np.shape(X)[0]} and end with 1, "
                         f"got {layers_dims}")
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters_deep(layers_dims, rng)
    state, t, costs, m = initialize_optimizer(parameters, optimizer), 0, [], np.shape(X)[1]
    for epoch in range(num_epochs):
        rate = learning_rate if decay is None else decay(learning_rate, epoch, decay_rate)
        cost_total = 0.0
        for mini_batch_X, mini_batch_Y in random_mini_batches(X, Y, mini_batch_size, rng):
            AL, caches = L_model_forward(mini_batch_X, parameters)
            cost_total += compute_cost(AL, mini_batch_Y) * mini_batch_X.shape[1]
            grads = L_model_backward(AL, mini_batch_Y, caches)
            t += 1  # Adam's step counter: one per mini-batch
            parameters, state = optimizer_step(parameters, grads, state, optimizer, rate, t,
                                               beta, beta1, beta2, epsilon)
        costs.append(cost_total / m)
        if print_cost and epoch % 1000 == 0:
            print(f"cost after epoch {epoch}: {costs[-1]:.6f} (learning rate {rate:.6f})")
    return parameters, costs
# --8<-- [end:model]


# --8<-- [start:lr_decay]
def check_decay(learning_rate0, epoch_num, decay_rate):
    """Raise ValueError unless learning_rate0 > 0, epoch_num >= 0 and decay_rate >= 0."""
    if learning_rate0 <= 0:
        raise ValueError(f"learning_rate0 must be positive, got {learning_rate0}")
    if epoch_num < 0:
        raise ValueError(f"epoch_num must be non-negative, got {epoch_num}")
    if decay_rate < 0:
        raise ValueError(f"decay_rate must be non-negative, got {decay_rate}")


def update_lr(learning_rate0, epoch_num, decay_rate):
    """alpha = alpha_0 / (1 + decay_rate * epoch_num), lowered a little every epoch."""
    check_decay(learning_rate0, epoch_num, decay_rate)
    return learning_rate0 / (1 + decay_rate * epoch_num)


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """The same decay applied in steps: alpha_0 / (1 + decay_rate * floor(epoch_num / time_interval))."""
    check_decay(learning_rate0, epoch_num, decay_rate)
    if time_interval <= 0:
        raise ValueError(f"time_interval must be positive, got {time_interval}")
    return learning_rate0 / (1 + decay_rate * (epoch_num // time_interval))


def exponential_lr_decay(learning_rate0, epoch_num, base=0.95):
    """alpha = base^epoch_num * alpha_0 with 0 < base <= 1: a fixed fraction lost every epoch."""
    check_decay(learning_rate0, epoch_num, 0.0)
    if not 0 < base <= 1:
        raise ValueError(f"base must satisfy 0 < base <= 1, got {base}")
    return learning_rate0 * base ** epoch_num
# --8<-- [end:lr_decay]


# --8<-- [start:critical_points]
def critical_point_kinds(n, num_samples=2000, seed=0):
    """How often a random critical point in n dimensions is a minimum, a maximum or a saddle.

    The Hessian at the point is drawn as a random symmetric matrix
    H = (A + A^T) / 2 with standard normal entries in A. The point is a local
    minimum if every eigenvalue of H is positive, a maximum if every one is
    negative, and a saddle point otherwise.

    Args:
        n: number of parameters, a positive integer.
        num_samples: number of random Hessians.
        seed: int seed or ``numpy.random.Generator``.

    Returns:
        ``{"minimum": f_min, "maximum": f_max, "saddle": f_saddle}``, fractions summing to 1.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    A = np.random.default_rng(seed).standard_normal((num_samples, n, n))
    eigenvalues = np.linalg.eigvalsh((A + A.transpose(0, 2, 1)) / 2)  # (num_samples, n)
    minimum = float(np.mean(np.all(eigenvalues > 0, axis=1)))
    maximum = float(np.mean(np.all(eigenvalues < 0, axis=1)))
    return {"minimum": minimum, "maximum": maximum, "saddle": 1.0 - minimum - maximum}


def saddle(w):
    """f(w) = w1^2 + (w2^2 - 1)^2: a saddle point at (0, 0), minima at (0, 1) and (0, -1).

    Args:
        w: point(s), shape (2, ...).

    Returns:
        f at each point, shape w.shape[1:].
    """
    w = check_point(w)
    return w[0] ** 2 + (w[1] ** 2 - 1) ** 2


def saddle_gradient(w):
    """Gradient (2 w1, 4 w2 (w2^2 - 1)) of ``saddle``, shape (2, ...) like w."""
    w = check_point(w)
    return np.stack([2 * w[0], 4 * w[1] * (w[1] ** 2 - 1)])
# --8<-- [end:critical_points]
