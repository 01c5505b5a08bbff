"""Course 4 Week 3: detection and segmentation (snippets/detection.py)."""

import numpy as np
import pytest

from snippets.cnn import conv_backward, conv_forward, pool_forward
from snippets.detection import (
    anchor_assignment,
    conv_transpose_forward,
    fc_as_conv_forward,
    iou,
    non_max_suppression,
    sliding_windows_forward,
    unet_shapes,
    yolo_boxes_to_corners,
    yolo_decode,
    yolo_encode,
    yolo_filter_boxes,
)


def test_iou_hand_cases():
    a, b = [0, 0, 2, 2], [1, 1, 3, 3]
    assert iou(a, b) == pytest.approx(1 / 7)                 # overlap 1, union 4 + 4 - 1
    assert iou(a, b) == iou(b, a)
    assert iou(a, a) == 1.0
    assert iou(a, [3, 3, 4, 4]) == 0.0                        # disjoint
    assert iou(a, [2, 0, 4, 2]) == 0.0                        # touching along an edge
    assert iou(a, [2, 2, 3, 3]) == 0.0                        # touching at a corner
    assert iou(a, [0.5, 0.5, 1.5, 1.5]) == pytest.approx(0.25)  # one inside the other
    assert iou([1, 1, 1, 1], [1, 1, 1, 1]) == 0.0              # degenerate: no area
    many = iou(np.array([a, b]), np.array([[0, 0, 2, 2]]))
    np.testing.assert_allclose(many, [1.0, 1 / 7])


def test_iou_is_symmetric_on_random_boxes_and_rejects_bad_boxes():
    rng = np.random.default_rng(0)
    corners = np.sort(rng.random((50, 2, 2)), axis=1)          # x1 <= x2, y1 <= y2
    boxes = np.column_stack([corners[:, 0, 0], corners[:, 0, 1], corners[:, 1, 0], corners[:, 1, 1]])
    values = iou(boxes[:, None, :], boxes[None, :, :])
    np.testing.assert_allclose(values, values.T)
    assert np.all((values >= 0) & (values <= 1)) and np.allclose(np.diag(values), 1)
    with pytest.raises(ValueError, match="box1"):
        iou([2, 0, 1, 1], [0, 0, 1, 1])
    with pytest.raises(ValueError, match="box2"):
        iou([0, 0, 1, 1], [0, 0, 1])


def test_yolo_boxes_to_corners():
    np.testing.assert_allclose(yolo_boxes_to_corners([0.5, 0.5], [0.2, 0.4]), [0.4, 0.3, 0.6, 0.7])
    out = yolo_boxes_to_corners(np.zeros((3, 3, 2, 2)), np.ones((3, 3, 2, 2)))
    assert out.shape == (3, 3, 2, 4)
    with pytest.raises(ValueError, match="box_xy"):
        yolo_boxes_to_corners([0.5, 0.5], [0.2])


def test_yolo_filter_boxes_hand_case():
    conf = np.zeros((2, 2, 1, 1))
    probs = np.full((2, 2, 1, 3), 1 / 3)
    boxes = np.arange(16.0).reshape(2, 2, 1, 4)
    conf[0, 1, 0, 0], probs[0, 1, 0] = 0.9, [0.1, 0.8, 0.1]      # score 0.72, class 1
    conf[1, 0, 0, 0], probs[1, 0, 0] = 0.7, [0.5, 0.2, 0.3]      # score 0.35: dropped
    scores, kept, classes = yolo_filter_boxes(conf, boxes, probs, threshold=0.6)
    np.testing.assert_allclose(scores, [0.72])
    np.testing.assert_array_equal(kept, [[4, 5, 6, 7]])
    np.testing.assert_array_equal(classes, [1])
    with pytest.raises(ValueError, match="box_confidence"):
        yolo_filter_boxes(conf[..., 0], boxes, probs)


def test_non_max_suppression_hand_cases():
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 9]], dtype=float)
    scores = np.array([0.9, 0.8, 0.7, 0.95])
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.5), [3, 2])
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.95), [3, 0, 1, 2])
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.5, max_boxes=1), [3])
    # per class: a car and a person in the same place are both kept
    np.testing.assert_array_equal(non_max_suppression(boxes[:2], scores[:2], 0.5, classes=[0, 1]), [0, 1])
    assert non_max_suppression(np.zeros((0, 4)), np.zeros(0)).size == 0
    with pytest.raises(ValueError, match="scores"):
        non_max_suppression(boxes, scores[:2])


def test_non_max_suppression_leaves_no_overlapping_pair():
    rng = np.random.default_rng(1)
    xy = rng.random((40, 2))
    boxes = yolo_boxes_to_corners(xy, np.full((40, 2), 0.2))
    kept = non_max_suppression(boxes, rng.random(40), 0.3, max_boxes=40)
    pairs = iou(boxes[kept][:, None], boxes[kept][None, :])
    assert np.all(pairs[~np.eye(len(kept), dtype=bool)] < 0.3)


def test_anchor_assignment():
    anchors = np.array([[1.0, 3.0], [3.0, 1.0]])               # tall (person) and wide (car)
    assert anchor_assignment([0.8, 2.5], anchors)[0] == 0
    k, ious = anchor_assignment([4.0, 1.2], anchors)
    assert k == 1 and ious.shape == (2,) and ious[1] > ious[0]
    with pytest.raises(ValueError, match="anchors"):
        anchor_assignment([1.0, 1.0], np.ones(2))


def test_yolo_encode_decode_round_trip():
    boxes = np.array([[0.1, 0.2, 0.3, 0.7], [0.5, 0.55, 0.95, 0.75]])
    anchors = np.array([[1.0, 3.0], [3.0, 1.0]])
    y = yolo_encode(boxes, [0, 2], S=3, anchors=anchors, n_classes=3)
    assert y.shape == (3, 3, 2, 8) and y[..., 0].sum() == 2
    assert y[1, 0, 0, 0] == 1 and y[1, 0, 0, 5] == 1            # tall box: centre in cell (row 1, col 0)
    assert y[1, 2, 1, 0] == 1 and y[1, 2, 1, 7] == 1            # wide box: anchor 1
    assert np.all((y[..., 1:3] >= 0) & (y[..., 1:3] < 1))
    assert y[1, 0, 0, 3] > 1                                   # b_h in cells can exceed 1
    # the lecture's order [p_c, b_x, b_y, b_h, b_w]: the tall box is 0.5 high and 0.2 wide, 3 cells a side
    np.testing.assert_allclose(y[1, 0, 0, 3:5], [0.5 * 3, 0.2 * 3])
    np.testing.assert_allclose(y[1, 2, 1, 3:5], [0.2 * 3, 0.45 * 3])
    decoded = yolo_decode(y, 3)
    np.testing.assert_allclose(decoded[1, 0, 0], boxes[0])
    np.testing.assert_allclose(decoded[1, 2, 1], boxes[1])


def small_params(seed=0, n_classes=4):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((5, 5, 3, 4)) * 0.3, "b1": rng.standard_normal((1, 1, 1, 4)) * 0.1,
            "W2": rng.standard_normal((5, 5, 4, 6)) * 0.3, "b2": rng.standard_normal((1, 1, 1, 6)) * 0.1,
            "W3": rng.standard_normal((1, 1, 6, n_classes)) * 0.3, "b3": np.zeros((1, 1, 1, n_classes))}


def test_convolutional_sliding_windows_equal_cropping():
    params = small_params()
    X = np.random.default_rng(1).standard_normal((2, 16, 18, 3))
    once = fc_as_conv_forward(X, params)
    assert once.shape == (2, 2, 3, 4)
    np.testing.assert_allclose(once, sliding_windows_forward(X, params), atol=1e-12)
    assert fc_as_conv_forward(X[:, :14, :14], params).shape == (2, 1, 1, 4)


def test_conv_transpose_shape_and_scatter_add():
    A = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 2, 1)
    W = np.ones((3, 3, 1, 1))
    out = conv_transpose_forward(A, W, np.zeros((1, 1, 1, 1)), {"stride": 2, "pad": 0})
    assert out.shape == (1, 5, 5, 1)
    expected = np.zeros((5, 5))
    for (i, j), v in np.ndenumerate(A[0, :, :, 0]):
        expected[2 * i:2 * i + 3, 2 * j:2 * j + 3] += v               # each value stamps the filter
    np.testing.assert_array_equal(out[0, :, :, 0], expected)
    assert out[0, 2, 2, 0] == 10                                      # all four overlap at the centre
    cropped = conv_transpose_forward(A, W, np.ones((1, 1, 1, 1)), {"stride": 2, "pad": 1})
    np.testing.assert_array_equal(cropped[0, :, :, 0], expected[1:-1, 1:-1] + 1)


@pytest.mark.parametrize("n,f,s,p,c_in,c_out", [(7, 3, 2, 1, 3, 2), (6, 2, 2, 0, 2, 4), (5, 3, 1, 1, 1, 3)])
def test_conv_transpose_is_the_adjoint_of_the_convolution(n, f, s, p, c_in, c_out):
    rng = np.random.default_rng(n + f)
    X = rng.standard_normal((2, n, n, c_in))
    W = rng.standard_normal((f, f, c_in, c_out))
    zero_b = np.zeros((1, 1, 1, c_out))
    Z, cache = conv_forward(X, W, zero_b, {"stride": s, "pad": p})
    Y = rng.standard_normal(Z.shape)
    T = conv_transpose_forward(Y, W, np.zeros((1, 1, 1, c_in)), {"stride": s, "pad": p})
    assert T.shape == X.shape
    np.testing.assert_allclose(T, conv_backward(Y, cache)[0], atol=1e-12)   # the input gradient
    assert np.isclose(np.sum(Z * Y), np.sum(X * T))                          # <conv x, y> = <x, conv^T y>


def test_conv_transpose_rejects_bad_shapes():
    with pytest.raises(ValueError, match="n_C_prev = 2"):
        conv_transpose_forward(np.ones((1, 2, 2, 2)), np.ones((3, 3, 1, 3)), np.zeros((1, 1, 1, 1)),
                               {"stride": 1, "pad": 0})
    with pytest.raises(ValueError, match=r"\(1, 1, 1, 1\)"):
        conv_transpose_forward(np.ones((1, 2, 2, 2)), np.ones((3, 3, 1, 2)), np.zeros(1),
                               {"stride": 1, "pad": 0})


def test_unet_shapes_match_a_real_forward_pass():
    shapes = unet_shapes((32, 32, 3), n_filters=4, depth=2, n_classes=5)
    assert shapes[0] == ("input", (32, 32, 3)) and shapes[-1] == ("output: conv 1x1", (32, 32, 5))
    rng = np.random.default_rng(2)
    A, skips, walked = rng.standard_normal((1, 32, 32, 3)), [], []

    def conv(A, n_C, f=3, pad=1):
        W = rng.standard_normal((f, f, A.shape[-1], n_C)) * 0.1
        return np.maximum(conv_forward(A, W, np.zeros((1, 1, 1, n_C)), {"stride": 1, "pad": pad})[0], 0)

    for level in range(2):
        A = conv(conv(A, 4 * 2 ** level), 4 * 2 ** level)
        skips.append(A)
        walked.append(A.shape[1:])
        A, _ = pool_forward(A, {"f": 2, "stride": 2})
        walked.append(A.shape[1:])
    A = conv(conv(A, 16), 16)
    walked.append(A.shape[1:])
    for level in reversed(range(2)):
        n_C = A.shape[-1] // 2
        W = rng.standard_normal((2, 2, n_C, A.shape[-1]))
        A = conv_transpose_forward(A, W, np.zeros((1, 1, 1, n_C)), {"stride": 2, "pad": 0})
        walked.append(A.shape[1:])
        A = np.concatenate([A, skips[level]], axis=-1)
        walked.append(A.shape[1:])
        A = conv(conv(A, n_C), n_C)
        walked.append(A.shape[1:])
    walked.append(conv(A, 5, f=1, pad=0).shape[1:])
    assert [shape for _, shape in shapes[1:]] == walked
    with pytest.raises(ValueError, match="divisible"):
        unet_shapes((30, 32, 3), depth=2)
