"""Figures and tables for Course 4, Week 3 (object detection and segmentation)."""

from functools import lru_cache

import numpy as np
from matplotlib.patches import Rectangle

from snippets.detection import (
    conv_transpose_forward,
    iou,
    non_max_suppression,
    unet_shapes,
    yolo_decode,
    yolo_encode,
    yolo_filter_boxes,
)
from snippets.figures.style import new_figure

TEXT = {
    "en": {
        "iou": "IoU = {:.2f}", "box": "box {}",
        "before": "{} boxes with p_c c_k ≥ {}", "after": "after non-max suppression: {} boxes",
        "truth": "ground truth",
        "input": "input 2 × 2", "filter": "filter 3 × 3 (all ones)", "stamp": "value {:g} × filter, placed at ({}, {})",
        "sum": "sum: output 5 × 5 (stride 2)",
        "unet_header": "| layer | shape |",
        "yolo_header": "| stage | boxes |",
        "cells": "predicted boxes ({} cell anchors + {} near-duplicates)", "kept": "p_c c_k ≥ {}", "nms": "after non-max suppression",
        "objects": "objects in the scene",
    },
    "zh": {
        "iou": "IoU = {:.2f}", "box": "框 {}",
        "before": "p_c c_k ≥ {1} 的框：{0} 个", "after": "非极大值抑制之后：{} 个框",
        "truth": "真实框",
        "input": "输入 2 × 2", "filter": "过滤器 3 × 3（全为 1）", "stamp": "值 {:g} × 过滤器，放在 ({}, {})",
        "sum": "相加：输出 5 × 5（步幅 2）",
        "unet_header": "| 层 | 形状 |",
        "yolo_header": "| 阶段 | 框数 |",
        "cells": "预测框（{} 个单元锚框 + {} 个近似重复框）", "kept": "p_c c_k ≥ {}", "nms": "非极大值抑制之后",
        "objects": "场景中的物体",
    },
}
UNET_NAMES = {"zh": {"input": "输入", "down": "下采样", "up": "上采样", "bottleneck": "瓶颈",
                     "output": "输出", "2 x conv 3x3": "2 个 3×3 卷积", "max pool": "最大池化",
                     "transpose conv 2x2": "2×2 转置卷积", "concatenate skip": "拼接跳跃连接",
                     "conv 1x1": "1×1 卷积"}}


def draw_iou(lang):
    t = TEXT[lang]
    pairs = [([1, 1, 5, 5], [2, 2, 6, 6]), ([1, 1, 5, 5], [1.5, 1.2, 5.2, 5.4]), ([1, 1, 4, 4], [4, 1, 7, 4])]
    fig, axes = new_figure(10, 3.2, ncols=3)
    for ax, (a, b) in zip(axes, pairs):
        for box, colour, k in ((a, "C0", 1), (b, "C1", 2)):
            ax.add_patch(Rectangle(box[:2], box[2] - box[0], box[3] - box[1], fill=False, edgecolor=colour,
                                   linewidth=2, label=t["box"].format(k)))
        x1, y1 = max(a[0], b[0]), max(a[1], b[1])
        x2, y2 = min(a[2], b[2]), min(a[3], b[3])
        if x2 > x1 and y2 > y1:
            ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, color="C2", alpha=0.35))
        ax.set_title(t["iou"].format(iou(a, b)), fontsize=10)
        ax.set_xlim(0, 8)
        ax.set_ylim(0, 7)
        ax.set_aspect("equal")
        ax.invert_yaxis()
    axes[0].legend(fontsize=8, loc="lower left")
    return fig


S, ANCHORS, N_CLASSES, THRESHOLD = 4, np.array([[1.0, 2.0], [2.0, 1.0]]), 2, 0.5
TRUTH = np.array([[0.1, 0.15, 0.3, 0.55], [0.45, 0.6, 0.9, 0.8], [0.6, 0.1, 0.75, 0.45]])
TRUTH_CLASSES = np.array([0, 1, 0])


@lru_cache(maxsize=1)
def scene():
    """A synthetic YOLO output: the encoded targets, copied to neighbouring cells with
    jitter and lower confidence, plus weak random boxes; then filtered and suppressed."""
    rng = np.random.default_rng(0)
    y = yolo_encode(TRUTH, TRUTH_CLASSES, S, ANCHORS, N_CLASSES)
    truth_boxes = yolo_decode(y, S)
    conf = rng.uniform(0.0, 0.3, (S, S, len(ANCHORS), 1))
    boxes = yolo_decode(np.concatenate([np.zeros((S, S, 2, 1)), rng.uniform(0.2, 0.8, (S, S, 2, 2)),
                                        rng.uniform(0.5, 2.0, (S, S, 2, 2))], axis=-1), S)
    probs = rng.dirichlet(np.ones(N_CLASSES), (S, S, len(ANCHORS)))
    extra_boxes, extra_conf, extra_probs = [], [], []
    for (r, c, k) in zip(*np.nonzero(y[..., 0])):
        conf[r, c, k, 0], boxes[r, c, k], probs[r, c, k] = 0.95, truth_boxes[r, c, k], y[r, c, k, 5:] * 0.9 + 0.05
        for _ in range(4):                              # near-duplicates, as neighbouring cells predict
            jitter = rng.normal(0, 0.02, 4)
            extra_boxes.append(truth_boxes[r, c, k] + jitter)
            extra_conf.append(rng.uniform(0.6, 0.9))
            extra_probs.append(y[r, c, k, 5:] * 0.9 + 0.05)
    conf = np.concatenate([conf.reshape(-1, 1), np.array(extra_conf)[:, None]])[:, None, None, :]
    boxes = np.concatenate([boxes.reshape(-1, 4), np.array(extra_boxes)])[:, None, None, :]
    probs = np.concatenate([probs.reshape(-1, N_CLASSES), np.array(extra_probs)])[:, None, None, :]
    scores, kept_boxes, classes = yolo_filter_boxes(conf, boxes, probs, THRESHOLD)
    keep = non_max_suppression(kept_boxes, scores, 0.5, max_boxes=10, classes=classes)
    return {"n_raw": conf.shape[0], "scores": scores, "boxes": kept_boxes, "classes": classes, "keep": keep}


def draw_nms(lang):
    t = TEXT[lang]
    s = scene()
    fig, axes = new_figure(9, 4.2, ncols=2)
    for ax, idx, title in ((axes[0], np.arange(len(s["scores"])), t["before"].format(len(s["scores"]), THRESHOLD)),
                           (axes[1], s["keep"], t["after"].format(len(s["keep"])))):
        for box in TRUTH:
            ax.add_patch(Rectangle(box[:2], box[2] - box[0], box[3] - box[1], facecolor="#e8e8e8",
                                   edgecolor="none"))
        for i in idx:
            box = s["boxes"][i]
            colour = f"C{s['classes'][i]}"
            ax.add_patch(Rectangle(box[:2], box[2] - box[0], box[3] - box[1], fill=False, edgecolor=colour,
                                   linewidth=1.2))
            ax.text(box[0], box[1], f"{s['scores'][i]:.2f}", color=colour, fontsize=7, va="bottom")
        for k in range(1, S):
            ax.axhline(k / S, color="#bbbbbb", linewidth=0.6, linestyle=":")
            ax.axvline(k / S, color="#bbbbbb", linewidth=0.6, linestyle=":")
        ax.set_xlim(0, 1)
        ax.set_ylim(1, 0)
        ax.set_aspect("equal")
        ax.set_title(title, fontsize=9)
        ax.grid(False)
    axes[0].add_patch(Rectangle((0, 0), 0, 0, facecolor="#e8e8e8", label=t["truth"]))
    axes[0].legend(fontsize=8, loc="lower left")
    return fig


def yolo_table(lang):
    t = TEXT[lang]
    s = scene()
    rows = [(t["objects"], len(TRUTH)), (t["cells"].format(S * S * len(ANCHORS), s["n_raw"] - S * S * len(ANCHORS)), s["n_raw"]),
            (t["kept"].format(THRESHOLD), len(s["scores"])), (t["nms"], len(s["keep"]))]
    return "\n".join([t["yolo_header"], "|---|---:|"] + [f"| {a} | {b} |" for a, b in rows]) + "\n"


def draw_transpose(lang):
    t = TEXT[lang]
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    W = np.ones((3, 3, 1, 1))
    out = conv_transpose_forward(A.reshape(1, 2, 2, 1), W, np.zeros((1, 1, 1, 1)), {"stride": 2, "pad": 0})[0, :, :, 0]
    fig, axes = new_figure(12, 2.9, ncols=6)
    panels = [(t["input"], A)]
    for (i, j), v in np.ndenumerate(A):
        stamp = np.zeros((5, 5))
        stamp[2 * i:2 * i + 3, 2 * j:2 * j + 3] = v
        panels.append((t["stamp"].format(v, 2 * i, 2 * j), stamp))
    panels.append((t["sum"], out))
    for ax, (title, grid) in zip(axes, panels):
        ax.imshow(grid, cmap="Blues", vmin=0, vmax=out.max(), rasterized=True)
        for (r, c), v in np.ndenumerate(grid):
            ax.text(c, r, f"{v:g}", ha="center", va="center", fontsize=8,
                    color="white" if v > out.max() / 2 else "black")
        ax.set_title(title, fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    return fig


def unet_table(lang):
    t = TEXT[lang]
    lines = [t["unet_header"], "|---|---|"]
    for name, shape in unet_shapes((64, 64, 3), n_filters=8, depth=3, n_classes=3):
        for en, zh in UNET_NAMES.get(lang, {}).items():
            name = name.replace(en, zh)
        lines.append(f"| {name} | {' × '.join(map(str, shape))} |")
    return "\n".join(lines) + "\n"


FIGURES = {"c4w3-iou": draw_iou, "c4w3-nms": draw_nms, "c4w3-transpose": draw_transpose}
TABLES = {"c4w3-unet": unet_table, "c4w3-yolo": yolo_table}
MATH_ONLY = ("c4w3-iou",)
