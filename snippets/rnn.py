"""Course 5, Week 1: recurrent networks (RNN, LSTM, GRU), forward and backward.

Shapes follow the course: one time step is a column block, sequences have a
third axis for time.

- ``x``: ``(n_x, m, T_x)``; ``xt``: ``(n_x, m)``; ``a``: ``(n_a, m, T_x)``; ``y_pred``: ``(n_y, m, T_x)``
- RNN parameters: ``Wax (n_a, n_x)``, ``Waa (n_a, n_a)``, ``Wya (n_y, n_a)``, ``ba (n_a, 1)``, ``by (n_y, 1)``
- LSTM parameters: ``Wf, Wi, Wc, Wo`` of shape ``(n_a, n_a + n_x)`` (they multiply
  ``concat = [a_prev; xt]``), ``bf, bi, bc, bo`` of shape ``(n_a, 1)``, ``Wy (n_y, n_a)``, ``by (n_y, 1)``
- GRU parameters: ``Wu, Wr, Wc`` of shape ``(n_a, n_a + n_x)``, ``bu, br, bc`` of shape ``(n_a, 1)``

Every function works on a whole batch of ``m`` sequences at once; the only
loops are over time steps, which must run in order.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]


# --8<-- [start:helpers]
def sigmoid(z):
    """Logistic function, computed without overflow for any z."""
    return np.exp(-np.logaddexp(0.0, -z))


def softmax(z):
    """Softmax over axis 0 (the classes), for z of shape (n_y, m); stable for large z."""
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def check_step(xt, a_prev, W_x, name="xt"):
    """Check that xt is (n_x, m) and a_prev is (n_a, m) for an input weight W_x of (n_a, n_x)."""
    xt, a_prev = np.asarray(xt, dtype=float), np.asarray(a_prev, dtype=float)
    if xt.ndim != 2 or xt.shape[0] != W_x.shape[1]:
        raise ValueError(f"{name} must have shape (n_x, m) with n_x = {W_x.shape[1]}, got {xt.shape}")
    if a_prev.shape != (W_x.shape[0], xt.shape[1]):
        raise ValueError(f"a_prev must have shape (n_a, m) = ({W_x.shape[0]}, {xt.shape[1]}), "
                         f"got {a_prev.shape}")
    return xt, a_prev


def check_sequence(x, a0):
    """Check that x is (n_x, m, T_x) and a0 is (n_a, m)."""
    x, a0 = np.asarray(x, dtype=float), np.asarray(a0, dtype=float)
    if x.ndim != 3 or a0.ndim != 2 or a0.shape[1] != x.shape[1]:
        raise ValueError(f"x must be (n_x, m, T_x) and a0 (n_a, m) with the same m, "
                         f"got x {x.shape} and a0 {a0.shape}")
    return x, a0
# --8<-- [end:helpers]


# --8<-- [start:rnn_cell_forward]
def rnn_cell_forward(xt, a_prev, parameters):
    """One step of a basic RNN, for a batch.

    Args:
        xt: inputs at step t, (n_x, m).
        a_prev: hidden state at step t-1, (n_a, m).
        parameters: dict with Wax (n_a, n_x), Waa (n_a, n_a), Wya (n_y, n_a),
            ba (n_a, 1), by (n_y, 1).

    Returns:
        (a_next, yt_pred, cache): a_next (n_a, m), yt_pred (n_y, m) (softmax
        over the n_y classes), cache = (a_next, a_prev, xt, parameters).
    """
    Wax, Waa, Wya = parameters["Wax"], parameters["Waa"], parameters["Wya"]
    xt, a_prev = check_step(xt, a_prev, Wax)
    a_next = np.tanh(Wax @ xt + Waa @ a_prev + parameters["ba"])
    yt_pred = softmax(Wya @ a_next + parameters["by"])
    return a_next, yt_pred, (a_next, a_prev, xt, parameters)
# --8<-- [end:rnn_cell_forward]


# --8<-- [start:rnn_forward]
def rnn_forward(x, a0, parameters):
    """Run the RNN cell over all T_x steps.

    Args:
        x: inputs, (n_x, m, T_x).
        a0: initial hidden state, (n_a, m).
        parameters: as for ``rnn_cell_forward``.

    Returns:
        (a, y_pred, caches): a (n_a, m, T_x), y_pred (n_y, m, T_x),
        caches = (list of the T_x step caches, x).
    """
    x, a0 = check_sequence(x, a0)
    n_a, (_, m, T_x) = a0.shape[0], x.shape
    n_y = parameters["Wya"].shape[0]
    a, y_pred, caches = np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x)), []
    a_next = a0
    for t in range(T_x):
        a_next, y_pred[:, :, t], cache = rnn_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t] = a_next
        caches.append(cache)
    return a, y_pred, (caches, x)
# --8<-- [end:rnn_forward]


# --8<-- [start:rnn_cell_backward]
def rnn_cell_backward(da_next, cache):
    """Gradients of one RNN step, given dL/da_next (n_a, m).

    With z = Wax xt + Waa a_prev + ba and a_next = tanh(z), dz = (1 - a_next**2) * da_next.

    Returns:
        dict with dxt (n_x, m), da_prev (n_a, m), dWax, dWaa, dba (shapes of
        Wax, Waa, ba); the weight gradients are sums over the m examples.
    """
    a_next, a_prev, xt, parameters = cache
    if np.shape(da_next) != a_next.shape:
        raise ValueError(f"da_next must have shape {a_next.shape}, got {np.shape(da_next)}")
    dz = (1.0 - a_next ** 2) * da_next
    return {"dxt": parameters["Wax"].T @ dz, "da_prev": parameters["Waa"].T @ dz,
            "dWax": dz @ xt.T, "dWaa": dz @ a_prev.T,
            "dba": np.sum(dz, axis=1, keepdims=True)}
# --8<-- [end:rnn_cell_backward]


# --8<-- [start:rnn_backward]
def rnn_backward(da, caches):
    """Backpropagation through time for the whole sequence.

    Args:
        da: dL/da<t> from above (the output layer) at every step, (n_a, m, T_x).
        caches: from ``rnn_forward``.

    Returns:
        dict with dx (n_x, m, T_x), da0 (n_a, m), dWax, dWaa, dba.
    """
    steps, x = caches
    n_a, m, T_x = steps[0][0].shape + (len(steps),)
    if np.shape(da) != (n_a, m, T_x):
        raise ValueError(f"da must have shape (n_a, m, T_x) = {(n_a, m, T_x)}, got {np.shape(da)}")
    p = steps[0][3]
    grads = {"dx": np.zeros_like(x), "dWax": np.zeros_like(p["Wax"]),
             "dWaa": np.zeros_like(p["Waa"]), "dba": np.zeros_like(p["ba"])}
    da_prev = np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        # a<t> feeds the output at step t and the next step: the two gradients add up
        step = rnn_cell_backward(da[:, :, t] + da_prev, steps[t])
        grads["dx"][:, :, t] = step["dxt"]
        da_prev = step["da_prev"]
        for name in ("dWax", "dWaa", "dba"):
            grads[name] += step[name]
    grads["da0"] = da_prev
    return grads
# --8<-- [end:rnn_backward]


# --8<-- [start:lstm_cell_forward]
def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One step of an LSTM, for a batch.

    With concat = [a_prev; xt] of shape (n_a + n_x, m):
    forget gate ft = sigmoid(Wf concat + bf), update gate it = sigmoid(Wi concat + bi),
    candidate cct = tanh(Wc concat + bc), c_next = ft * c_prev + it * cct,
    output gate ot = sigmoid(Wo concat + bo), a_next = ot * tanh(c_next),
    yt_pred = softmax(Wy a_next + by).

    Returns:
        (a_next, c_next, yt_pred, cache): (n_a, m), (n_a, m), (n_y, m) and the
        values the backward step needs.
    """
    n_a = parameters["Wf"].shape[0]
    W_x = parameters["Wf"][:, n_a:]
    xt, a_prev = check_step(xt, a_prev, W_x)
    if np.shape(c_prev) != a_prev.shape:
        raise ValueError(f"c_prev must have shape (n_a, m) = {a_prev.shape}, got {np.shape(c_prev)}")
    concat = np.concatenate([a_prev, xt], axis=0)
    ft = sigmoid(parameters["Wf"] @ concat + parameters["bf"])
    it = sigmoid(parameters["Wi"] @ concat + parameters["bi"])
    cct = np.tanh(parameters["Wc"] @ concat + parameters["bc"])
    c_next = ft * c_prev + it * cct
    ot = sigmoid(parameters["Wo"] @ concat + parameters["bo"])
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(parameters["Wy"] @ a_next + parameters["by"])
    cache = (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)
    return a_next, c_next, yt_pred, cache
# --8<-- [end:lstm_cell_forward]


# --8<-- [start:lstm_forward]
def lstm_forward(x, a0, parameters):
    """Run the LSTM cell over all T_x steps, starting from a0 and c<0> = 0.

    Returns:
        (a, y_pred, c, caches): a and c (n_a, m, T_x), y_pred (n_y, m, T_x),
        caches = (list of the step caches, x).
    """
    x, a0 = check_sequence(x, a0)
    n_a, (_, m, T_x) = a0.shape[0], x.shape
    n_y = parameters["Wy"].shape[0]
    a, c, y_pred = np.zeros((n_a, m, T_x)), np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x))
    a_next, c_next, caches = a0, np.zeros_like(a0), []
    for t in range(T_x):
        a_next, c_next, y_pred[:, :, t], cache = lstm_cell_forward(
            x[:, :, t], a_next, c_next, parameters)
        a[:, :, t], c[:, :, t] = a_next, c_next
        caches.append(cache)
    return a, y_pred, c, (caches, x)
# --8<-- [end:lstm_forward]


# --8<-- [start:lstm_cell_backward]
def lstm_cell_backward(da_next, dc_next, cache):
    """Gradients of one LSTM step, given dL/da_next and dL/dc_next (both (n_a, m)).

    Returns:
        dict with dxt (n_x, m), da_prev, dc_prev (n_a, m), and dWf, dWi, dWc, dWo,
        dbf, dbi, dbc, dbo with the shapes of the parameters (sums over the batch).
    """
    a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters = cache
    if np.shape(da_next) != a_next.shape or np.shape(dc_next) != a_next.shape:
        raise ValueError(f"da_next and dc_next must have shape {a_next.shape}, "
                         f"got {np.shape(da_next)} and {np.shape(dc_next)}")
    n_a = a_next.shape[0]
    tanh_c = np.tanh(c_next)
    dc = dc_next + da_next * ot * (1.0 - tanh_c ** 2)  # c_next reaches the loss two ways
    # gradients with respect to the pre-activations of the four gates
    dzo = da_next * tanh_c * ot * (1.0 - ot)
    dzc = dc * it * (1.0 - cct ** 2)
    dzi = dc * cct * it * (1.0 - it)
    dzf = dc * c_prev * ft * (1.0 - ft)
    concat = np.concatenate([a_prev, xt], axis=0)
    grads, dconcat = {}, 0.0
    for gate, dz in (("f", dzf), ("i", dzi), ("c", dzc), ("o", dzo)):
        grads["dW" + gate] = dz @ concat.T
        grads["db" + gate] = np.sum(dz, axis=1, keepdims=True)
        dconcat = dconcat + parameters["W" + gate].T @ dz
    grads.update(da_prev=dconcat[:n_a], dxt=dconcat[n_a:], dc_prev=dc * ft)
    return grads
# --8<-- [end:lstm_cell_backward]


# --8<-- [start:lstm_backward]
def lstm_backward(da, caches):
    """Backpropagation through time for the LSTM.

    Args:
        da: dL/da<t> from the output layer at every step, (n_a, m, T_x). The
            loss does not depend on c<T_x> directly.
        caches: from ``lstm_forward``.

    Returns:
        dict with dx (n_x, m, T_x), da0 (n_a, m) and dWf, dWi, dWc, dWo, dbf,
        dbi, dbc, dbo.
    """
    steps, x = caches
    n_a, m, T_x = steps[0][0].shape + (len(steps),)
    if np.shape(da) != (n_a, m, T_x):
        raise ValueError(f"da must have shape (n_a, m, T_x) = {(n_a, m, T_x)}, got {np.shape(da)}")
    p = steps[0][-1]
    names = [k + g for k in ("dW", "db") for g in "fico"]
    grads = {name: np.zeros_like(p[name[1:]]) for name in names}
    grads["dx"] = np.zeros_like(x)
    da_prev, dc_prev = np.zeros((n_a, m)), np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        step = lstm_cell_backward(da[:, :, t] + da_prev, dc_prev, steps[t])
        grads["dx"][:, :, t] = step["dxt"]
        da_prev, dc_prev = step["da_prev"], step["dc_prev"]
        for name in names:
            grads[name] += step[name]
    grads["da0"] = da_prev
    return grads
# --8<-- [end:lstm_backward]


# --8<-- [start:gru_cell_forward]
def gru_cell_forward(xt, c_prev, parameters):
    """One step of the full GRU (with the relevance gate), for a batch; a<t> = c<t>.

    gamma_r = sigmoid(Wr [c_prev; xt] + br), gamma_u = sigmoid(Wu [c_prev; xt] + bu),
    c_tilde = tanh(Wc [gamma_r * c_prev; xt] + bc),
    c_next = gamma_u * c_tilde + (1 - gamma_u) * c_prev.

    Args:
        xt: (n_x, m); c_prev: (n_a, m); parameters: Wu, Wr, Wc (n_a, n_a + n_x),
            bu, br, bc (n_a, 1).

    Returns:
        (c_next, cache): c_next (n_a, m), cache = (gamma_u, gamma_r, c_tilde).
    """
    n_a = parameters["Wu"].shape[0]
    xt, c_prev = check_step(xt, c_prev, parameters["Wu"][:, n_a:])
    concat = np.concatenate([c_prev, xt], axis=0)
    gamma_r = sigmoid(parameters["Wr"] @ concat + parameters["br"])
    gamma_u = sigmoid(parameters["Wu"] @ concat + parameters["bu"])
    c_tilde = np.tanh(parameters["Wc"] @ np.concatenate([gamma_r * c_prev, xt], axis=0)
                      + parameters["bc"])
    c_next = gamma_u * c_tilde + (1.0 - gamma_u) * c_prev
    return c_next, (gamma_u, gamma_r, c_tilde)
# --8<-- [end:gru_cell_forward]


# --8<-- [start:brnn_forward]
def brnn_forward(x, a0, parameters_f, parameters_b, Wy, by):
    """A bidirectional RNN: one RNN reads x forwards, another backwards.

    Args:
        x: (n_x, m, T_x); a0: initial state of both directions, (n_a, m).
        parameters_f, parameters_b: RNN parameters of the two directions.
        Wy: (n_y, 2 n_a); by: (n_y, 1).

    Returns:
        (a, y_pred): a (2 n_a, m, T_x) stacks the forward state over the
        backward state at each step; y_pred = softmax(Wy a<t> + by), (n_y, m, T_x).
    """
    a_f = rnn_forward(x, a0, parameters_f)[0]
    a_b = rnn_forward(np.asarray(x)[:, :, ::-1], a0, parameters_b)[0][:, :, ::-1]
    a = np.concatenate([a_f, a_b], axis=0)
    if np.shape(Wy)[1:] != (a.shape[0],) or np.shape(by) != (np.shape(Wy)[0], 1):
        raise ValueError(f"Wy must be (n_y, 2 n_a) with 2 n_a = {a.shape[0]} and by (n_y, 1), "
                         f"got {np.shape(Wy)} and {np.shape(by)}")
    y_pred = softmax(np.einsum("ya,amt->ymt", Wy, a) + by[:, :, None])
    return a, y_pred
# --8<-- [end:brnn_forward]


# --8<-- [start:clip]
def clip(gradients, max_value):
    """Clip every element of every gradient to [-max_value, max_value].

    Args:
        gradients: dict of arrays; max_value: positive number.

    Returns:
        a new dict with the clipped arrays (the input is left unchanged).
    """
    if not max_value > 0:
        raise ValueError(f"max_value must be positive, got {max_value}")
    return {name: np.clip(g, -max_value, max_value) for name, g in gradients.items()}
# --8<-- [end:clip]


# --8<-- [start:sample]
def sample(parameters, char_to_ix, seed, temperature=1.0, max_len=50):
    """Generate characters one at a time, feeding each sample back in.

    Works for RNN parameters (Wax, ...) and LSTM parameters (Wf, ...). The
    first input is the zero vector. Sampling stops after the newline character
    (if the vocabulary has one) or after ``max_len`` characters.

    Args:
        parameters: a trained model whose output size n_y is the vocabulary size.
        char_to_ix: dict from each of the n_y characters to its index 0..n_y-1.
        seed: int seed or ``numpy.random.Generator``.
        temperature: > 0; the logits are divided by it before the softmax.

    Returns:
        list of sampled indices, each in range(n_y).
    """
    lstm = "Wf" in parameters
    n_y, n_a = parameters["Wy" if lstm else "Wya"].shape
    if sorted(char_to_ix.values()) != list(range(n_y)):
        raise ValueError(f"char_to_ix must map the n_y = {n_y} characters to 0..{n_y - 1}")
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    rng = np.random.default_rng(seed)
    x, a, c = np.zeros((n_y, 1)), np.zeros((n_a, 1)), np.zeros((n_a, 1))
    W, b = (parameters["Wy"], parameters["by"]) if lstm else (parameters["Wya"], parameters["by"])
    newline, indices = char_to_ix.get("\n"), []
    while len(indices) < max_len:
        if lstm:
            a, c = lstm_cell_forward(x, a, c, parameters)[:2]
        else:
            a = rnn_cell_forward(x, a, parameters)[0]
        p = softmax((W @ a + b) / temperature).ravel()
        idx = int(rng.choice(n_y, p=p))
        indices.append(idx)
        if idx == newline:
            break
        x = np.zeros((n_y, 1))
        x[idx] = 1.0
    return indices
# --8<-- [end:sample]


# --8<-- [start:language_model]
def init_language_model(n_a, vocab_size, cell="rnn", seed=0, forget_bias=1.0):
    """Parameters of a one-hot-in, softmax-out language model (cell "rnn" or "lstm").

    Weights are N(0, 1/fan_in); the LSTM's forget-gate bias starts at ``forget_bias``.
    """
    rng = np.random.default_rng(seed)
    n_x = n_y = vocab_size
    if cell == "rnn":
        return {"Wax": rng.normal(size=(n_a, n_x)) / np.sqrt(n_x),
                "Waa": rng.normal(size=(n_a, n_a)) / np.sqrt(n_a),
                "Wya": rng.normal(size=(n_y, n_a)) / np.sqrt(n_a),
                "ba": np.zeros((n_a, 1)), "by": np.zeros((n_y, 1))}
    if cell != "lstm":
        raise ValueError(f'cell must be "rnn" or "lstm", got {cell!r}')
    p = {f"W{g}": rng.normal(size=(n_a, n_a + n_x)) / np.sqrt(n_a + n_x) for g in "fico"}
    p.update({f"b{g}": np.zeros((n_a, 1)) for g in "ico"})
    p.update(bf=np.full((n_a, 1), float(forget_bias)),
             Wy=rng.normal(size=(n_y, n_a)) / np.sqrt(n_a), by=np.zeros((n_y, 1)))
    return p


def language_model_loss(X, Y, parameters):
    """Mean cross-entropy per character and its gradients, for a batch of sequences.

    Args:
        X: input indices, (m, T_x) integers; Y: target indices (the next
            characters), (m, T_x).
        parameters: from ``init_language_model`` (RNN or LSTM).

    Returns:
        (loss, grads): the average of -log P(y<t>) over the m T_x predictions,
        and the gradients of that average for every parameter.
    """
    X, Y = np.asarray(X), np.asarray(Y)
    lstm = "Wf" in parameters
    W = parameters["Wy" if lstm else "Wya"]
    n_y, n_a = W.shape
    if X.ndim != 2 or X.shape != Y.shape or X.min() < 0 or max(X.max(), Y.max()) >= n_y:
        raise ValueError(f"X and Y must be (m, T_x) indices below {n_y}, got {X.shape} and {Y.shape}")
    m, T_x = X.shape
    x = np.eye(n_y)[X].transpose(2, 0, 1)  # one-hot, (n_y, m, T_x)
    a0 = np.zeros((n_a, m))
    if lstm:
        a, y_pred, _, caches = lstm_forward(x, a0, parameters)
    else:
        a, y_pred, caches = rnn_forward(x, a0, parameters)
    rows, cols = np.meshgrid(np.arange(m), np.arange(T_x), indexing="ij")
    loss = -np.mean(np.log(y_pred[Y, rows, cols] + 1e-300))
    dz = y_pred.copy()
    dz[Y, rows, cols] -= 1.0
    dz /= m * T_x
    grads = (lstm_backward if lstm else rnn_backward)(np.einsum("ya,ymt->amt", W, dz), caches)
    grads["dWy" if lstm else "dWya"] = np.einsum("ymt,amt->ya", dz, a)
    grads["dby"] = dz.sum(axis=(1, 2))[:, None]
    del grads["dx"], grads["da0"]
    return float(loss), grads
# --8<-- [end:language_model]


# --8<-- [start:train_language_model]
def train_language_model(text, cell="rnn", n_a=48, seq_len=25, batch_size=32, iterations=400,
                         learning_rate=0.01, clip_value=5.0, optimizer="adam", seed=0):
    """Train a character-level language model on ``text`` with ``language_model_loss``.

    Each iteration takes ``batch_size`` random windows of ``seq_len + 1``
    characters (inputs and next-character targets), clips the gradients to
    ``clip_value`` (``None``: no clipping) and takes an Adam or plain SGD step.

    Returns:
        (parameters, char_to_ix, losses): the trained model, the vocabulary
        (sorted characters), and the loss of every iteration.
    """
    chars = sorted(set(text))
    char_to_ix = {ch: i for i, ch in enumerate(chars)}
    ids = np.array([char_to_ix[ch] for ch in text])
    if len(ids) <= seq_len + 1:
        raise ValueError(f"text must be longer than seq_len + 1 = {seq_len + 1} characters")
    rng = np.random.default_rng(seed)
    parameters = init_language_model(n_a, len(chars), cell=cell, seed=seed)
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in parameters.items()}
    losses = []
    for it in range(1, iterations + 1):
        starts = rng.integers(0, len(ids) - seq_len - 1, size=batch_size)
        windows = ids[starts[:, None] + np.arange(seq_len + 1)]
        loss, grads = language_model_loss(windows[:, :-1], windows[:, 1:], parameters)
        if clip_value is not None:
            grads = clip(grads, clip_value)
        for k in parameters:
            g = grads["d" + k]
            if optimizer == "adam":
                m1, m2 = moments[k]
                m1[:] = 0.9 * m1 + 0.1 * g
                m2[:] = 0.999 * m2 + 0.001 * g ** 2
                g = (m1 / (1 - 0.9 ** it)) / (np.sqrt(m2 / (1 - 0.999 ** it)) + 1e-8)
            parameters[k] = parameters[k] - learning_rate * g
        losses.append(loss)
    return parameters, char_to_ix, losses
# --8<-- [end:train_language_model]
