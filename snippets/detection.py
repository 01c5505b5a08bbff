"""Course 4, Week 3: object detection and segmentation.

Boxes are in corner format ``(x1, y1, x2, y2)`` with x1 <= x2 and y1 <= y2, in
image coordinates (x to the right, y down; a whole image is [0, 1] x [0, 1]
in ``yolo_encode``). YOLO outputs for an S x S grid with B anchors and C
classes have shapes ``(S, S, B, 1)`` (p_c), ``(S, S, B, 4)`` (boxes) and
``(S, S, B, C)`` (class probabilities). Volumes are channels last, as in
``snippets/cnn.py``.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from snippets.cnn import conv_forward, conv_output_shape, pool_forward


# --8<-- [start:iou]
def iou(box1, box2):
    """Intersection over union of boxes in corner format (x1, y1, x2, y2).

    Args:
        box1, box2: arrays of shape (..., 4) that broadcast against each other.

    Returns:
        IoU in [0, 1], shape of the broadcast leading axes (a float for two boxes).
        Boxes that only touch along an edge or a corner have IoU 0.
    """
    box1, box2 = np.asarray(box1, dtype=float), np.asarray(box2, dtype=float)
    for name, box in (("box1", box1), ("box2", box2)):
        if box.shape[-1:] != (4,) or np.any(box[..., 2] < box[..., 0]) or np.any(box[..., 3] < box[..., 1]):
            raise ValueError(f"{name} must have shape (..., 4) as (x1, y1, x2, y2) with x1 <= x2 "
                             f"and y1 <= y2, got {box.tolist()}")
    inter_w = np.maximum(0.0, np.minimum(box1[..., 2], box2[..., 2]) - np.maximum(box1[..., 0], box2[..., 0]))
    inter_h = np.maximum(0.0, np.minimum(box1[..., 3], box2[..., 3]) - np.maximum(box1[..., 1], box2[..., 1]))
    inter = inter_w * inter_h
    area1 = (box1[..., 2] - box1[..., 0]) * (box1[..., 3] - box1[..., 1])
    area2 = (box2[..., 2] - box2[..., 0]) * (box2[..., 3] - box2[..., 1])
    union = area1 + area2 - inter
    out = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    return float(out) if out.ndim == 0 else out
# --8<-- [end:iou]


# --8<-- [start:yolo_boxes_to_corners]
def yolo_boxes_to_corners(box_xy, box_wh):
    """Centre (x, y) and size (w, h), shapes (..., 2), to corners (..., 4) = (x1, y1, x2, y2)."""
    box_xy, box_wh = np.asarray(box_xy, dtype=float), np.asarray(box_wh, dtype=float)
    if box_xy.shape[-1:] != (2,) or box_xy.shape != box_wh.shape:
        raise ValueError(f"box_xy and box_wh must both have shape (..., 2), got {box_xy.shape} and {box_wh.shape}")
    return np.concatenate([box_xy - box_wh / 2, box_xy + box_wh / 2], axis=-1)
# --8<-- [end:yolo_boxes_to_corners]


# --8<-- [start:yolo_filter_boxes]
def yolo_filter_boxes(box_confidence, boxes, box_class_probs, threshold=0.6):
    """Keep the boxes whose best class score p_c * c_k reaches the threshold.

    Args:
        box_confidence: (S, S, B, 1), p_c of every anchor of every cell.
        boxes: (S, S, B, 4), corners.
        box_class_probs: (S, S, B, C), class probabilities c_1..c_C.
        threshold: minimum score.

    Returns:
        (scores (N,), boxes (N, 4), classes (N,)) of the N boxes kept.
    """
    box_confidence, boxes, box_class_probs = (np.asarray(x, dtype=float)
                                              for x in (box_confidence, boxes, box_class_probs))
    lead = box_confidence.shape[:-1]
    if box_confidence.shape[-1:] != (1,) or boxes.shape != lead + (4,) or box_class_probs.shape[:-1] != lead:
        raise ValueError(f"expected box_confidence (S, S, B, 1), boxes (S, S, B, 4), box_class_probs "
                         f"(S, S, B, C); got {box_confidence.shape}, {boxes.shape}, {box_class_probs.shape}")
    box_scores = box_confidence * box_class_probs          # (S, S, B, C)
    classes = box_scores.argmax(axis=-1)
    scores = box_scores.max(axis=-1)
    keep = scores >= threshold
    return scores[keep], boxes[keep], classes[keep]
# --8<-- [end:yolo_filter_boxes]


# --8<-- [start:non_max_suppression]
def non_max_suppression(boxes, scores, iou_threshold=0.5, max_boxes=10, classes=None):
    """Greedy non-max suppression.

    Repeatedly keep the highest-scoring box left and discard every remaining box
    that overlaps it with IoU >= iou_threshold (of the same class, if classes
    are given), until max_boxes are kept or none is left.

    Args:
        boxes: (N, 4) corners; scores: (N,); classes: optional (N,) labels.

    Returns:
        indices of the kept boxes, highest score first.
    """
    boxes, scores = np.asarray(boxes, dtype=float).reshape(-1, 4), np.asarray(scores, dtype=float)
    if scores.shape != (boxes.shape[0],):
        raise ValueError(f"scores must have shape (N,) = ({boxes.shape[0]},), got {scores.shape}")
    classes = np.zeros(len(scores), dtype=int) if classes is None else np.asarray(classes)
    order = list(np.argsort(-scores, kind="stable"))
    kept = []
    while order and len(kept) < max_boxes:
        best = order.pop(0)
        kept.append(best)
        order = [i for i in order
                 if classes[i] != classes[best] or iou(boxes[i], boxes[best]) < iou_threshold]
    return np.array(kept, dtype=int)
# --8<-- [end:non_max_suppression]


# --8<-- [start:anchor_assignment]
def anchor_assignment(box, anchors):
    """Index of the anchor whose shape overlaps the box best.

    Args:
        box: (w, h) of a ground-truth box; anchors: (B, 2) anchor widths and heights.

    Returns:
        (index, ious): the anchor with the highest IoU when box and anchor share a centre.
    """
    box, anchors = np.asarray(box, dtype=float), np.asarray(anchors, dtype=float)
    if box.shape != (2,) or anchors.ndim != 2 or anchors.shape[1] != 2:
        raise ValueError(f"box must be (w, h) and anchors (B, 2), got {box.shape} and {anchors.shape}")
    centred = yolo_boxes_to_corners(np.zeros_like(anchors), anchors)
    ious = iou(yolo_boxes_to_corners(np.zeros(2), box), centred)
    return int(np.argmax(ious)), ious
# --8<-- [end:anchor_assignment]


# --8<-- [start:yolo_encode]
def yolo_encode(boxes, classes, S, anchors, n_classes):
    """Training target of a YOLO grid for one image.

    Args:
        boxes: (N, 4) corners in [0, 1] image coordinates; classes: (N,) integers.
        S: grid size; anchors: (B, 2) widths and heights in units of one cell.
        n_classes: C.

    Returns:
        y of shape (S, S, B, 5 + C): for the cell that holds the box's centre and
        the anchor of highest IoU, [p_c = 1, b_x, b_y, b_h, b_w, one-hot class]
        (the lecture's order, height before width), with b_x, b_y in [0, 1)
        relative to the cell and b_h, b_w in cells (can exceed 1); zeros elsewhere.
    """
    anchors = np.asarray(anchors, dtype=float)
    y = np.zeros((S, S, len(anchors), 5 + n_classes))
    for box, c in zip(np.asarray(boxes, dtype=float).reshape(-1, 4), classes):
        centre, size = (box[:2] + box[2:]) / 2 * S, (box[2:] - box[:2]) * S   # in cells
        col, row = np.minimum(np.floor(centre).astype(int), S - 1)
        k, _ = anchor_assignment(size, anchors)
        y[row, col, k, :5] = [1.0, centre[0] - col, centre[1] - row, size[1], size[0]]   # b_h, b_w
        y[row, col, k, 5 + int(c)] = 1.0
    return y


def yolo_decode(y, S):
    """Inverse of the box part of ``yolo_encode``: (S, S, B, >= 5) -> (S, S, B, 4) corners in [0, 1]."""
    cols, rows = np.meshgrid(np.arange(S), np.arange(S))
    centre = np.stack([cols, rows], axis=-1)[:, :, None, :] + y[..., 1:3]
    box_wh = y[..., [4, 3]]                                   # (b_w, b_h) from (b_h, b_w)
    return yolo_boxes_to_corners(centre / S, box_wh / S)
# --8<-- [end:yolo_encode]


# --8<-- [start:sliding_windows]
def fc_as_conv_forward(X, params):
    """A small classifier whose fully connected layers are written as convolutions.

    CONV 5x5 (W1) -> ReLU -> MAXPOOL 2x2 -> "FC" as CONV 5x5 (W2) -> ReLU ->
    "FC" as CONV 1x1 (W3). On a 14 x 14 x 3 input the output is 1 x 1 x C: one
    prediction. On a larger image it is a grid of predictions, one for each
    14 x 14 window at a stride of 2 (the pooling's stride).
    """
    same = {"stride": 1, "pad": 0}
    Z1, _ = conv_forward(X, params["W1"], params["b1"], same)
    P1, _ = pool_forward(np.maximum(Z1, 0), {"f": 2, "stride": 2})
    Z2, _ = conv_forward(P1, params["W2"], params["b2"], same)
    Z3, _ = conv_forward(np.maximum(Z2, 0), params["W3"], params["b3"], same)
    return Z3


def sliding_windows_forward(X, params, window=14, stride=2):
    """Run ``fc_as_conv_forward`` on every window crop separately: (m, n_rows, n_cols, C)."""
    n_rows = conv_output_shape(X.shape[1], window, 0, stride)
    n_cols = conv_output_shape(X.shape[2], window, 0, stride)
    out = None
    for r in range(n_rows):
        for c in range(n_cols):
            crop = X[:, r * stride:r * stride + window, c * stride:c * stride + window, :]
            pred = fc_as_conv_forward(crop, params)[:, 0, 0, :]
            if out is None:
                out = np.zeros((X.shape[0], n_rows, n_cols, pred.shape[-1]))
            out[:, r, c, :] = pred
    return out
# --8<-- [end:sliding_windows]


# --8<-- [start:conv_transpose_forward]
def conv_transpose_forward(A_prev, W, b, hparameters):
    """Transpose convolution as a scatter-add.

    Every input value a[i, j, :] is multiplied by the filter and the result is
    added into the output at rows i s .. i s + f - 1 and columns j s .. j s + f - 1;
    overlaps add up. Then ``pad`` rows and columns are cropped from each side.

    Args:
        A_prev: (m, n_H_prev, n_W_prev, n_C_prev).
        W: (f, f, n_C, n_C_prev), laid out as the W of the convolution it
            transposes (that one maps n_C channels to n_C_prev).
        b: (1, 1, 1, n_C).
        hparameters: {"stride": s, "pad": p}.

    Returns:
        (m, s (n_H_prev - 1) + f - 2p, s (n_W_prev - 1) + f - 2p, n_C).
    """
    A_prev, W, b = (np.asarray(x, dtype=float) for x in (A_prev, W, b))
    if A_prev.ndim != 4 or W.ndim != 4 or W.shape[0] != W.shape[1] or W.shape[3] != A_prev.shape[3]:
        raise ValueError(f"A_prev must be (m, n_H_prev, n_W_prev, n_C_prev) and W (f, f, n_C, n_C_prev) "
                         f"with n_C_prev = {A_prev.shape[-1]}, got {A_prev.shape} and {W.shape}")
    if b.shape != (1, 1, 1, W.shape[2]):
        raise ValueError(f"b must have shape (1, 1, 1, n_C) = (1, 1, 1, {W.shape[2]}), got {b.shape}")
    s, p, f = int(hparameters["stride"]), int(hparameters["pad"]), W.shape[0]
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    full = np.zeros((m, s * (n_H_prev - 1) + f, s * (n_W_prev - 1) + f, W.shape[2]))
    for di in range(f):                   # each filter tap scatters the whole input at once
        for dj in range(f):
            full[:, di:di + s * n_H_prev:s, dj:dj + s * n_W_prev:s, :] += A_prev @ W[di, dj].T
    return full[:, p:full.shape[1] - p, p:full.shape[2] - p, :] + b
# --8<-- [end:conv_transpose_forward]


# --8<-- [start:unet_shapes]
def unet_shapes(input_shape, n_filters=8, depth=3, n_classes=3):
    """Activation shapes through a small U-Net, layer by layer.

    Contracting path: at each level two 3 x 3 same convolutions (n_filters,
    doubled at every level) and a 2 x 2 max pool. Bottleneck: two convolutions.
    Expanding path: a 2 x 2 transpose convolution of stride 2 (halving the
    channels), concatenation with the skip connection of the same level, two
    3 x 3 same convolutions. Output: a 1 x 1 convolution to n_classes.

    Args:
        input_shape: (n_H, n_W, n_C), with n_H and n_W divisible by 2^depth.

    Returns:
        list of (name, (n_H, n_W, n_C)) from the input to the output.
    """
    n_H, n_W, n_C = input_shape
    if n_H % 2 ** depth or n_W % 2 ** depth:
        raise ValueError(f"n_H and n_W must be divisible by 2^depth = {2 ** depth}, got {input_shape}")
    shapes, skips = [("input", (n_H, n_W, n_C))], []
    for level in range(depth):
        n_C = n_filters * 2 ** level
        n_H = conv_output_shape(n_H, 3, 1, 1)
        n_W = conv_output_shape(n_W, 3, 1, 1)
        shapes.append((f"down {level + 1}: 2 x conv 3x3", (n_H, n_W, n_C)))
        skips.append((n_H, n_W, n_C))
        n_H, n_W = conv_output_shape(n_H, 2, 0, 2), conv_output_shape(n_W, 2, 0, 2)
        shapes.append((f"down {level + 1}: max pool", (n_H, n_W, n_C)))
    n_C = n_filters * 2 ** depth
    shapes.append(("bottleneck: 2 x conv 3x3", (n_H, n_W, n_C)))
    for level in reversed(range(depth)):
        n_H, n_W, n_C = 2 * (n_H - 1) + 2, 2 * (n_W - 1) + 2, n_C // 2
        shapes.append((f"up {level + 1}: transpose conv 2x2", (n_H, n_W, n_C)))
        shapes.append((f"up {level + 1}: concatenate skip", (n_H, n_W, n_C + skips[level][2])))
        shapes.append((f"up {level + 1}: 2 x conv 3x3", (n_H, n_W, n_C)))
    shapes.append(("output: conv 1x1", (n_H, n_W, n_classes)))
    return shapes
# --8<-- [end:unet_shapes]
