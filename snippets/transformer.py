"""Course 5, Week 4: the transformer's building blocks, forward only.

Arrays are batch first: a sequence of token vectors is ``(batch, seq_len, d_model)``;
queries ``(..., seq_q, d_k)``, keys ``(..., seq_k, d_k)``, values ``(..., seq_k, d_v)``.
Masks hold 1 where attention is allowed and 0 where it is not, and broadcast to
``(..., seq_q, seq_k)``.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]


# --8<-- [start:scaled_dot_product_attention]
def scaled_dot_product_attention(q, k, v, mask=None):
    """softmax(Q K^T / sqrt(d_k) + masking) V.

    Args:
        q: (..., seq_q, d_k); k: (..., seq_k, d_k); v: (..., seq_k, d_v).
        mask: optional, broadcastable to (..., seq_q, seq_k); 0 hides a key.

    Returns:
        (output, weights): output (..., seq_q, d_v); weights (..., seq_q, seq_k),
        each row summing to 1 and exactly 0 on hidden keys.
    """
    q, k, v = (np.asarray(t, dtype=float) for t in (q, k, v))
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(f"need q (..., seq_q, d_k), k (..., seq_k, d_k), v (..., seq_k, d_v); "
                         f"got {q.shape}, {k.shape}, {v.shape}")
    logits = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        logits = np.where(np.asarray(mask) == 0, -1e9, logits)
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights
# --8<-- [end:scaled_dot_product_attention]


# --8<-- [start:masks]
def create_padding_mask(seq, pad=0):
    """1 for real tokens, 0 for padding: (batch, seq_len) ids -> (batch, 1, seq_len).

    The middle axis lets the mask broadcast over the queries.
    """
    seq = np.asarray(seq)
    if seq.ndim != 2:
        raise ValueError(f"seq must have shape (batch, seq_len), got {seq.shape}")
    return (seq != pad).astype(float)[:, None, :]


def create_look_ahead_mask(size):
    """(size, size) lower-triangular ones: query i may attend to keys 0..i only."""
    return np.tril(np.ones((size, size)))
# --8<-- [end:masks]


# --8<-- [start:positional_encoding]
def positional_encoding(positions, d_model):
    """PE[pos, 2i] = sin(pos / 10000**(2i / d_model)), PE[pos, 2i+1] = cos(same angle).

    Returns:
        (positions, d_model), added to the token embeddings of each sequence.
    """
    if positions < 1 or d_model < 2 or d_model % 2:
        raise ValueError(f"need positions >= 1 and an even d_model >= 2, got {positions}, {d_model}")
    pos = np.arange(positions)[:, None]
    i = np.arange(d_model // 2)[None, :]
    angles = pos / 10000 ** (2 * i / d_model)
    pe = np.zeros((positions, d_model))
    pe[:, 0::2], pe[:, 1::2] = np.sin(angles), np.cos(angles)
    return pe
# --8<-- [end:positional_encoding]


# --8<-- [start:multi_head_attention_forward]
def multi_head_attention_forward(x_q, x_kv, parameters, num_heads, mask=None):
    """Multi-head attention: project, split into heads, attend, concatenate, project.

    Args:
        x_q: (batch, seq_q, d_model) for the queries; x_kv: (batch, seq_k, d_model)
            for keys and values (x_q itself in self-attention).
        parameters: Wq, Wk, Wv, Wo of shape (d_model, d_model); head h uses
            columns h*d_k .. (h+1)*d_k - 1 of Wq, Wk, Wv, with d_k = d_model / num_heads.
        mask: optional, broadcastable to (batch, seq_q, seq_k).

    Returns:
        (output, weights): (batch, seq_q, d_model) and (batch, num_heads, seq_q, seq_k).
    """
    x_q, x_kv = np.asarray(x_q, dtype=float), np.asarray(x_kv, dtype=float)
    d_model = parameters["Wq"].shape[0]
    if x_q.ndim != 3 or x_kv.ndim != 3 or x_q.shape[2] != d_model or x_kv.shape[2] != d_model \
            or x_q.shape[0] != x_kv.shape[0] or d_model % num_heads:
        raise ValueError(f"need x_q and x_kv (batch, seq, d_model={d_model}) with d_model divisible "
                         f"by num_heads={num_heads}; got {x_q.shape}, {x_kv.shape}")

    def split(x, W):  # (batch, seq, d_model) -> (batch, heads, seq, d_k)
        b, s, _ = x.shape
        return (x @ W).reshape(b, s, num_heads, d_model // num_heads).transpose(0, 2, 1, 3)

    q, k, v = split(x_q, parameters["Wq"]), split(x_kv, parameters["Wk"]), split(x_kv, parameters["Wv"])
    if mask is not None:
        mask = np.asarray(mask)[:, None] if np.ndim(mask) == 3 else mask  # same mask for every head
    heads, weights = scaled_dot_product_attention(q, k, v, mask)
    concat = heads.transpose(0, 2, 1, 3).reshape(x_q.shape)
    return concat @ parameters["Wo"], weights
# --8<-- [end:multi_head_attention_forward]


# --8<-- [start:layer_norm]
def layer_norm(x, gamma, beta, eps=1e-6):
    """Normalize each token's features to mean 0 and variance 1, then scale and shift.

    Args:
        x: (..., d_model); gamma, beta: (d_model,).
    """
    x = np.asarray(x, dtype=float)
    if np.shape(gamma) != x.shape[-1:] or np.shape(beta) != x.shape[-1:]:
        raise ValueError(f"gamma and beta must have shape ({x.shape[-1]},), got "
                         f"{np.shape(gamma)} and {np.shape(beta)}")
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
# --8<-- [end:layer_norm]


# --8<-- [start:encoder_layer_forward]
def init_encoder_layer(d_model, d_ff, seed=0):
    """Random parameters for ``encoder_layer_forward`` (weights N(0, 1/fan_in))."""
    rng = np.random.default_rng(seed)
    p = {name: rng.normal(size=(d_model, d_model)) / np.sqrt(d_model) for name in ("Wq", "Wk", "Wv", "Wo")}
    p.update(W1=rng.normal(size=(d_model, d_ff)) / np.sqrt(d_model), b1=np.zeros(d_ff),
             W2=rng.normal(size=(d_ff, d_model)) / np.sqrt(d_ff), b2=np.zeros(d_model),
             gamma1=np.ones(d_model), beta1=np.zeros(d_model),
             gamma2=np.ones(d_model), beta2=np.zeros(d_model))
    return p


def encoder_layer_forward(x, parameters, num_heads, mask=None):
    """One encoder block (no dropout: inference).

    attn = MultiHead(x, x, x); h = LayerNorm(x + attn);
    out = LayerNorm(h + W2 relu(W1 h + b1) + b2), applied to every position alike.

    Args:
        x: (batch, seq_len, d_model); mask: optional padding mask (batch, 1, seq_len).

    Returns:
        (batch, seq_len, d_model).
    """
    p = parameters
    attn, _ = multi_head_attention_forward(x, x, p, num_heads, mask)
    h = layer_norm(x + attn, p["gamma1"], p["beta1"])
    ffn = np.maximum(0.0, h @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    return layer_norm(h + ffn, p["gamma2"], p["beta2"])
# --8<-- [end:encoder_layer_forward]
