"""Figures for Course 5, Week 1 (recurrent neural networks): gradient norms through time."""

from functools import lru_cache

import numpy as np

from snippets.figures.style import new_figure
from snippets.rnn import (init_language_model, lstm_cell_backward, lstm_forward,
                          rnn_cell_backward, rnn_forward)

TEXT = {
    "en": {
        "x": "distance from the loss, T − t (steps)",
        "y": "‖∂L/∂a⟨t⟩‖, relative to the last step",
        "rnn": "vanilla RNN, gain {}: ×{:.0e} after {} steps",
        "lstm": "LSTM, forget bias {}: ×{:.0e} after {} steps",
        "title": "Backpropagation through time from a loss at the last step",
    },
    "zh": {
        "x": "与损失的距离 T − t（步）",
        "y": "‖∂L/∂a⟨t⟩‖（相对于最后一步）",
        "rnn": "普通 RNN，增益 {}：{} 步后 ×{:.0e}",
        "lstm": "LSTM，遗忘门偏置 {}：{} 步后 ×{:.0e}",
        "title": "损失只在最后一步时的随时间反向传播",
    },
}
N_A, VOCAB, T, M = 32, 20, 60, 32
GAINS, FORGET_BIASES = (0.5, 1.0, 2.0), (0.0, 2.0)


def gradient_norms(cell, setting, seed=0):
    """Norm of dL/da<t> (root mean square over the batch) for t = T-1 down to 0.

    A randomly initialized network (``init_language_model``) reads random
    characters, one-hot vectors times 3; the loss is v . a<T> for a random v.
    RNN: ``Waa`` is multiplied by ``setting`` (the gain); LSTM: ``setting`` is
    the forget-gate bias.
    """
    rng = np.random.default_rng(seed)
    x = 3.0 * np.eye(VOCAB)[rng.integers(0, VOCAB, size=(M, T))].transpose(2, 0, 1)
    a0, da, dc = np.zeros((N_A, M)), rng.normal(size=(N_A, M)), np.zeros((N_A, M))
    norms = []
    if cell == "rnn":
        p = init_language_model(N_A, VOCAB, "rnn", seed=seed)
        p["Waa"] = setting * p["Waa"]
        steps = rnn_forward(x, a0, p)[2][0]
        for t in reversed(range(T)):
            norms.append(np.linalg.norm(da) / np.sqrt(M))
            da = rnn_cell_backward(da, steps[t])["da_prev"]
    else:
        p = init_language_model(N_A, VOCAB, "lstm", seed=seed, forget_bias=setting)
        steps = lstm_forward(x, a0, p)[3][0]
        for t in reversed(range(T)):
            norms.append(np.linalg.norm(da) / np.sqrt(M))
            g = lstm_cell_backward(da, dc, steps[t])
            da, dc = g["da_prev"], g["dc_prev"]
    norms = np.array(norms)
    return norms / norms[0]


@lru_cache(maxsize=None)
def all_norms():
    runs = {("rnn", g): gradient_norms("rnn", g) for g in GAINS}
    runs.update({("lstm", b): gradient_norms("lstm", b) for b in FORGET_BIASES})
    return runs


def draw_gradient_norms(lang):
    t = TEXT[lang]
    fig, ax = new_figure(7.0, 4.2)
    d = 50
    for (cell, setting), norms in all_norms().items():
        if lang == "en":
            label = t[cell].format(setting, norms[d], d)
        else:
            label = t[cell].format(setting, d, norms[d])
        ax.semilogy(np.arange(T), norms, label=label, lw=2, ls="-" if cell == "rnn" else "--")
    ax.set(xlabel=t["x"], ylabel=t["y"], title=t["title"])
    ax.legend(fontsize=8, loc="lower left")
    return fig


FIGURES = {"c5w1-gradient-norms": draw_gradient_norms}
