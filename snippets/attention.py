"""Course 5, Week 3: decoding (greedy and beam search), BLEU, attention, CTC and
trigger-word labels.

Attention arrays are batch first: encoder activations ``a`` are
``(m, T_x, n_a)``, the decoder state ``s_prev`` is ``(m, n_s)``, attention
weights are ``(m, T_x)`` and a context vector is ``(m, n_a)``. A decoder is
given to the search functions as ``step_log_probs_fn(prefix) -> (V,)``: the
log-probabilities of every next token after the tuple ``prefix`` (which starts
with the start token).
"""

# --8<-- [start:imports]
import collections
import datetime
import math

import numpy as np

# --8<-- [end:imports]


# --8<-- [start:greedy_decode]
def greedy_decode(step_log_probs_fn, start, end, max_len):
    """Pick the most probable token at every step until ``end`` or ``max_len`` tokens.

    Returns:
        (tokens, log_prob): the generated tokens (a tuple without ``start``, with
        ``end`` if it was reached) and their total log-probability.
    """
    prefix, log_prob = (start,), 0.0
    while len(prefix) - 1 < max_len and prefix[-1] != end:
        log_p = np.asarray(step_log_probs_fn(prefix))
        token = int(np.argmax(log_p))
        prefix, log_prob = prefix + (token,), log_prob + float(log_p[token])
    return prefix[1:], log_prob
# --8<-- [end:greedy_decode]


# --8<-- [start:beam_search]
def beam_search(step_log_probs_fn, start, end, beam_width, max_len, alpha=0.7, trace=None):
    """Beam search with length normalization.

    At each step every live hypothesis is extended by every token; the
    ``beam_width`` extensions with the highest total log-probability are kept.
    A kept extension that ends with ``end`` is finished and leaves the beam,
    which then holds fewer live hypotheses. A hypothesis that reaches
    ``max_len`` tokens is finished too. Among finished ones the winner has the
    highest score log P(y|x) / T_y**alpha, where T_y counts the generated tokens.

    Args:
        step_log_probs_fn: prefix (tuple starting with ``start``) -> (V,) log-probabilities.
        beam_width: B >= 1; max_len: >= 1; alpha: 0 (no normalization) to 1.
        trace: optional list; each step appends the kept (tokens, log_prob) pairs.

    Returns:
        (tokens, score): the best tuple of generated tokens and its normalized score.
    """
    if int(beam_width) != beam_width or beam_width < 1 or max_len < 1:
        raise ValueError(f"beam_width and max_len must be positive integers, got {beam_width}, {max_len}")
    live, finished = [((start,), 0.0)], []
    for _ in range(max_len):
        candidates = []
        for prefix, log_prob in live:
            log_p = np.asarray(step_log_probs_fn(prefix), dtype=float)
            candidates += [(prefix + (tok,), log_prob + log_p[tok]) for tok in range(len(log_p))]
        candidates.sort(key=lambda item: -item[1])
        kept = candidates[:beam_width]
        if trace is not None:
            trace.append([(prefix[1:], lp) for prefix, lp in kept])
        finished += [c for c in kept if c[0][-1] == end]
        live = [c for c in kept if c[0][-1] != end]
        if not live:
            break
    finished += live  # hypotheses cut off at max_len
    best = max(finished, key=lambda item: item[1] / (len(item[0]) - 1) ** alpha)
    return best[0][1:], float(best[1] / (len(best[0]) - 1) ** alpha)
# --8<-- [end:beam_search]


# --8<-- [start:beam_search_error]
def beam_search_error(log_p_human, log_p_beam):
    """Who is to blame for a bad translation: the search or the model?

    Compare the model's log P(y*|x) of the human translation y* with that of
    the beam's output y_hat (both scored the way the beam ranks, e.g. length
    normalized). If P(y*|x) > P(y_hat|x), the model preferred y*, but the
    search missed it: "search". Otherwise the model itself ranks the worse
    sentence higher: "model".
    """
    return "search" if log_p_human > log_p_beam else "model"
# --8<-- [end:beam_search_error]


# --8<-- [start:bleu]
def ngrams(tokens, n):
    """Counter of the n-grams (tuples) of a token list."""
    return collections.Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def modified_precision(candidate, references, n):
    """p_n: candidate n-grams, each credited at most as often as it appears in one reference.

    Returns:
        (clipped count, total count) of the candidate's n-grams.
    """
    counts = ngrams(candidate, n)
    max_ref = collections.Counter()
    for ref in references:
        max_ref |= ngrams(ref, n)  # element-wise maximum over the references
    clipped = sum(min(count, max_ref[gram]) for gram, count in counts.items())
    return clipped, sum(counts.values())


def bleu(candidate, references, max_n=4):
    """BLEU = BP * exp(mean of log p_n for n = 1..max_n), for one candidate sentence.

    BP = 1 if the candidate is longer than the reference whose length is closest
    to it (the shorter one on a tie), else exp(1 - r / c). A candidate with no
    matching n-gram for some n scores 0.

    Args:
        candidate: list of tokens; references: non-empty list of token lists.
    """
    if not references or any(len(r) == 0 for r in references):
        raise ValueError("references must be a non-empty list of non-empty token lists")
    c = len(candidate)
    log_p = 0.0
    for n in range(1, max_n + 1):
        clipped, total = modified_precision(candidate, references, n)
        if clipped == 0:
            return 0.0
        log_p += math.log(clipped / total) / max_n
    r = min((abs(len(ref) - c), len(ref)) for ref in references)[1]
    brevity_penalty = 1.0 if c > r else math.exp(1 - r / c)
    return brevity_penalty * math.exp(log_p)
# --8<-- [end:bleu]


# --8<-- [start:attention]
def attention_weights(e):
    """alpha<t, t'> = softmax of the energies e over the input steps t', (m, T_x) -> (m, T_x)."""
    e = np.asarray(e, dtype=float)
    if e.ndim != 2:
        raise ValueError(f"e must have shape (m, T_x), got {e.shape}")
    z = np.exp(e - e.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def one_step_attention(a, s_prev, parameters):
    """Attention weights and context vector for one decoder step, for a batch.

    e<t, t'> = W2 . tanh(W1 [s<t-1>; a<t'>] + b1) + b2, alpha = softmax over t',
    context<t> = sum over t' of alpha<t, t'> a<t'>.

    Args:
        a: encoder activations, (m, T_x, n_a); s_prev: decoder state, (m, n_s).
        parameters: W1 (n_s + n_a, n_h), b1 (n_h,), W2 (n_h, 1), b2 (1,).

    Returns:
        (context, alphas, cache): context (m, n_a), alphas (m, T_x).
    """
    a, s_prev = np.asarray(a, dtype=float), np.asarray(s_prev, dtype=float)
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    if a.ndim != 3 or s_prev.shape[:1] != a.shape[:1] or W1.shape[0] != s_prev.shape[1] + a.shape[2]:
        raise ValueError(f"need a (m, T_x, n_a), s_prev (m, n_s) and W1 (n_s + n_a, n_h); got "
                         f"{a.shape}, {s_prev.shape}, {W1.shape}")
    m, T_x, _ = a.shape
    concat = np.concatenate([np.repeat(s_prev[:, None, :], T_x, axis=1), a], axis=2)
    h = np.tanh(concat @ W1 + b1)             # (m, T_x, n_h)
    e = (h @ W2)[:, :, 0] + b2                # (m, T_x)
    alphas = attention_weights(e)
    context = (alphas[:, None, :] @ a)[:, 0]  # sum over t' of alpha a, per example
    return context, alphas, (a, s_prev, concat, h, alphas, parameters)


def one_step_attention_backward(dcontext, cache):
    """Gradients of ``one_step_attention`` given dL/dcontext (m, n_a).

    Returns:
        dict with da (m, T_x, n_a), ds_prev (m, n_s), dW1, db1, dW2, db2.
    """
    a, s_prev, concat, h, alphas, parameters = cache
    if np.shape(dcontext) != (a.shape[0], a.shape[2]):
        raise ValueError(f"dcontext must have shape (m, n_a) = {(a.shape[0], a.shape[2])}, "
                         f"got {np.shape(dcontext)}")
    n_s = s_prev.shape[1]
    dalphas = (a @ dcontext[:, :, None])[:, :, 0]
    de = alphas * (dalphas - np.sum(alphas * dalphas, axis=1, keepdims=True))  # softmax backward
    dpre = de[:, :, None] * parameters["W2"][:, 0] * (1.0 - h ** 2)
    dconcat = dpre @ parameters["W1"].T
    return {"da": alphas[:, :, None] * dcontext[:, None, :] + dconcat[:, :, n_s:],
            "ds_prev": dconcat[:, :, :n_s].sum(axis=1),
            "dW1": concat.reshape(-1, concat.shape[2]).T @ dpre.reshape(-1, dpre.shape[2]),
            "db1": dpre.sum(axis=(0, 1)),
            "dW2": h.reshape(-1, h.shape[2]).T @ de.reshape(-1, 1), "db2": np.array([de.sum()])}
# --8<-- [end:attention]


# --8<-- [start:make_dates]
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DATE_FORMATS = ("iso", "dotted", "us", "day_month", "month_day")


def format_date(date, style):
    """A ``datetime.date`` written in one of ``DATE_FORMATS``."""
    month = MONTHS[date.month - 1]
    return {"iso": date.isoformat(),
            "dotted": f"{date.day:02d}.{date.month:02d}.{date.year}",
            "us": f"{date.month:02d}/{date.day:02d}/{date.year}",
            "day_month": f"{date.day} {month} {date.year}",
            "month_day": f"{month} {date.day}, {date.year}"}[style]


def make_dates(m, seed=0):
    """m random dates between 1950 and 2049, each in a random format.

    Returns:
        (inputs, targets): two lists of m strings, such as "may 3, 1999" and
        "1999-05-03" (ISO 8601, the normalized form).
    """
    rng = np.random.default_rng(seed)
    first = datetime.date(1950, 1, 1).toordinal()
    days = rng.integers(0, datetime.date(2049, 12, 31).toordinal() - first + 1, size=m)
    styles = rng.integers(0, len(DATE_FORMATS), size=m)
    dates = [datetime.date.fromordinal(first + int(d)) for d in days]
    return ([format_date(d, DATE_FORMATS[s]) for d, s in zip(dates, styles)],
            [d.isoformat() for d in dates])
# --8<-- [end:make_dates]


# --8<-- [start:ctc_collapse]
def ctc_collapse(labels, blank="_"):
    """Read a CTC output: merge repeated labels not separated by a blank, then drop blanks.

    Args:
        labels: a string or a sequence of labels, one per time step.

    Returns:
        the collapsed output, a string if ``labels`` was one, else a list.
    """
    out = [x for i, x in enumerate(labels) if x != blank and (i == 0 or x != labels[i - 1])]
    return "".join(out) if isinstance(labels, str) else out
# --8<-- [end:ctc_collapse]


# --8<-- [start:trigger_labels]
def trigger_labels(T_y, trigger_ends, n_ones=50):
    """Target timeline of a trigger-word detector.

    Args:
        T_y: number of output time steps.
        trigger_ends: output steps at which a trigger word ends.
        n_ones: how many steps after each end are labelled 1.

    Returns:
        y of shape (1, T_y): 1 at steps end + 1 .. end + n_ones (cut at T_y), else 0.
    """
    if T_y < 1 or n_ones < 1 or any(not 0 <= e < T_y for e in trigger_ends):
        raise ValueError(f"need T_y >= 1, n_ones >= 1 and ends in [0, T_y), got {T_y}, {n_ones}, "
                         f"{list(trigger_ends)}")
    y = np.zeros((1, T_y))
    for end in trigger_ends:
        y[0, end + 1:end + 1 + n_ones] = 1.0
    return y
# --8<-- [end:trigger_labels]
