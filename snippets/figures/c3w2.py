"""Figures and tables for Course 3, Week 2 (ML strategy 2).

Every number in these tables is computed by ``snippets/ml_strategy.py``; this
module only lays the results out and translates the machine-readable
recommendation codes into words.
"""

from functools import partial

import numpy as np

from snippets.figures.style import new_figure
from snippets.ml_strategy import (
    GAP_TOL,
    error_analysis_table,
    make_error_spreadsheet,
    mismatch_diagnosis,
    split_counts,
)

TEXT = {
    "en": {
        "rungs": ["human", "train", "train-dev", "dev", "test"],
        "error_pct": "error (%)", "lectures": "the lectures' examples",
        "case": "case study: in-car voice commands",
        "rec": {
            "avoidable_bias": "avoidable bias: bigger network, train longer, better optimizer",
            "variance": "variance: more data, regularization",
            "data_mismatch": "data mismatch: make training data more like dev data",
            "dev_overfitting": "overfitting the dev set: get a bigger dev set",
            "unclear": "unclear: past human level",
            "none": "no gap left to close",
        },
        "tie": "tie: {gaps}, {size} each (the rule names the earlier rung, {first})",
        "gap_names": {"avoidable_bias": "avoidable bias", "variance": "variance",
                      "data_mismatch": "data mismatch", "dev_overfitting": "dev overfitting"},
        "short": {"avoidable_bias": "bias", "variance": "variance",
                  "data_mismatch": "mismatch", "dev_overfitting": "dev overfit",
                  "unclear": "unclear", "none": "none"},
        "ladder_header": "| case | human | train | train-dev | dev | test | avoidable bias | "
                         "variance | data mismatch | dev overfitting | next step |",
        "cases": ["A", "B", "C", "D", "E", "rear-view mirror speech"],
        "rounds": ["before: round 1", "after synthesis: round 2"],
        "dogs_header": "| dogs among 100 errors | share of errors | dev error | "
                       "best dev error if every dog is fixed |",
        "sheet_header": "| image | {} |",
        "categories": ["dog", "great cat", "blurry", "filter", "mislabeled"],
        "total": "**total**", "share": "**% of errors**", "tick": "✓",
        "summary_header": "| category | errors (of 100) | share of errors | ceiling: dev error "
                          "can drop by | best dev error |",
        "labels_header": "| overall dev error | errors due to incorrect labels | errors due to "
                         "other causes | share of errors from labels |",
        "split_header": "| option | split | {a} | {b} | {a} share |",
        "options": ["merge and shuffle", "dev/test from {a} only"],
        "splits": ["train", "dev", "test"],
        "web": "web images", "app": "app images",
        "speech": "general speech", "car": "in-car clips",
        "case_categories": ["car noise", "passenger far from mic", "strong accent",
                            "mislabeled transcript"],
        "general_header": "| | general speech | rear-view mirror speech |",
        "general_rows": ["human-level error", "error on examples trained on",
                         "error on examples not trained on"],
    },
    "zh": {
        "rungs": ["人类", "训练集", "训练-开发集", "开发集", "测试集"],
        "error_pct": "误差（%）", "lectures": "课程中的例子",
        "case": "案例：车载语音指令",
        "rec": {
            "avoidable_bias": "可避免偏差：更大的网络、训练更久、更好的优化算法",
            "variance": "方差：更多数据、正则化",
            "data_mismatch": "数据不匹配：让训练数据更像开发集数据",
            "dev_overfitting": "对开发集过拟合：换一个更大的开发集",
            "unclear": "不确定：已超过人类水平",
            "none": "已没有需要缩小的差距",
        },
        "tie": "持平：{gaps}各为 {size}（按规则取阶梯上靠前的一级：{first}）",
        "gap_names": {"avoidable_bias": "可避免偏差", "variance": "方差",
                      "data_mismatch": "数据不匹配", "dev_overfitting": "对开发集过拟合"},
        "short": {"avoidable_bias": "偏差", "variance": "方差",
                  "data_mismatch": "不匹配", "dev_overfitting": "开发集过拟合",
                  "unclear": "不确定", "none": "无"},
        "ladder_header": "| 情形 | 人类 | 训练集 | 训练-开发集 | 开发集 | 测试集 | 可避免偏差 | "
                         "方差 | 数据不匹配 | 对开发集过拟合 | 下一步 |",
        "cases": ["A", "B", "C", "D", "E", "后视镜语音"],
        "rounds": ["之前：第 1 轮", "数据合成之后：第 2 轮"],
        "dogs_header": "| 100 个错误中的狗 | 占错误的比例 | 开发集误差 | 狗全部修好后开发集误差最低可达 |",
        "sheet_header": "| 图片 | {} |",
        "categories": ["狗", "大型猫科动物", "模糊", "滤镜", "标签错误"],
        "total": "**合计**", "share": "**占错误的百分比**", "tick": "✓",
        "summary_header": "| 类别 | 错误数（共 100） | 占错误的比例 | 上限：开发集误差最多降低 | "
                          "开发集误差最低可达 |",
        "labels_header": "| 开发集总误差 | 标签错误造成的误差 | 其他原因造成的误差 | "
                         "标签错误占全部错误的比例 |",
        "split_header": "| 方案 | 数据集 | {a} | {b} | {a}占比 |",
        "options": ["合并后打乱", "开发集和测试集只用{a}"],
        "splits": ["训练集", "开发集", "测试集"],
        "web": "网络图片", "app": "应用图片",
        "speech": "通用语音", "car": "车内录音",
        "case_categories": ["汽车噪声", "乘客离麦克风远", "口音重", "转写标签错误"],
        "general_header": "| | 通用语音 | 后视镜语音 |",
        "general_rows": ["人类水平误差", "训练过的样本上的误差", "未训练过的样本上的误差"],
    },
}

# The rear-view mirror example in full: rows human / trained on / not trained on,
# columns (general speech, rear-view mirror speech). LADDERS[5] reads one path through it.
GENERAL = [(0.04, 0.06), (0.07, 0.06), (0.10, 0.06)]

# Ladders (human, train, train-dev, dev, test): A-D are the lectures' examples,
# which give no test error (taken equal to the dev error here); E is added to
# show the fourth gap.
LADDERS = [
    (0.00, 0.01, 0.09, 0.10, 0.10),    # A: variance
    (0.00, 0.01, 0.015, 0.10, 0.10),   # B: data mismatch
    (0.00, 0.10, 0.11, 0.12, 0.12),    # C: avoidable bias
    (0.00, 0.10, 0.11, 0.20, 0.20),    # D: avoidable bias and data mismatch
    (0.01, 0.02, 0.025, 0.03, 0.07),   # E: overfitting the dev set
    # the rear-view mirror example (dev = test = rear-view data): the dev data is easier
    (GENERAL[0][0], GENERAL[1][0], GENERAL[2][0], GENERAL[2][1], GENERAL[2][1]),
]
DEV_ERROR = 0.10  # the cat classifier's dev error in the error-analysis lectures
SHEET_COUNTS = [8, 43, 61, 12, 6]  # dog, great cat, blurry, filter, mislabeled (of 100)
LABEL_CASES = [(0.10, 6), (0.02, 30)]  # (dev error, mislabeled among 100 errors)
WEB_APP = {"n_target": 10_000, "n_other": 200_000, "n_dev": 2_500, "n_test": 2_500}

# The Week 2 case study: voice commands in a car (all numbers made up, computed below).
CASE = {
    "split": {"n_target": 20_000, "n_other": 500_000, "n_dev": 5_000, "n_test": 5_000},
    "rounds": [(0.02, 0.03, 0.04, 0.12, 0.125), (0.02, 0.032, 0.04, 0.048, 0.065)],
    "error_counts": [55, 20, 15, 4],
}


def pct(x, digits=1):
    """A fraction as a percentage string, without a '-0.0'."""
    return f"{round(100 * x, digits) + 0.0:.{digits}f}%"


RUNG_OF = {"avoidable_bias": 0, "variance": 1, "data_mismatch": 2, "dev_overfitting": 3}


def next_step(d, t):
    """The table's "next step" for a diagnosis d: the recommendation in words, and
    on a tie the tied gaps (``recommend`` names the earliest of them)."""
    rec = d["recommendation"]
    tied = [k for k in RUNG_OF if rec in RUNG_OF and abs(d[k] - d[rec]) <= GAP_TOL]
    if len(tied) < 2:
        return t["rec"][rec]
    gaps = (" = " if t is TEXT["en"] else "与").join(t["gap_names"][k] for k in tied)
    return t["tie"].format(gaps=gaps, size=pct(d[rec]), first=t["gap_names"][rec])


# --- figure ------------------------------------------------------------------

def _ladder(ax, ladders, labels, t):
    x = np.arange(5)
    for ladder, label in zip(ladders, labels):
        rec = mismatch_diagnosis(*ladder)["recommendation"]
        y = 100 * np.array(ladder)
        line, = ax.plot(x, y, marker="o", lw=2, label=f"{label} ({t['short'][rec]})")
        i = RUNG_OF[rec]  # shade the step the diagnosis says to work on
        ax.plot(x[i:i + 2], y[i:i + 2], lw=9, alpha=0.3, color=line.get_color(),
                solid_capstyle="round")
    ax.set_xticks(x, t["rungs"])
    ax.set_ylabel(t["error_pct"])
    ax.set_ylim(bottom=0)
    ax.legend(fontsize="small", loc="upper left")


def draw_ladder(lang):
    """Error along human -> train -> train-dev -> dev -> test; the steepest step wins."""
    t = TEXT[lang]
    fig, (ax1, ax2) = new_figure(10.0, 4.0, ncols=2)
    _ladder(ax1, LADDERS[:5], t["cases"][:5], t)
    ax1.set_title(t["lectures"])
    _ladder(ax2, CASE["rounds"], t["rounds"], t)
    ax2.set_title(t["case"])
    fig.set_layout_engine("constrained")  # laid out when saved
    return fig


# --- tables ------------------------------------------------------------------

def _ladder_rows(ladders, labels, t):
    rows = []
    for ladder, label in zip(ladders, labels):
        d = mismatch_diagnosis(*ladder)
        gaps = [d[k] for k in ("avoidable_bias", "variance", "data_mismatch", "dev_overfitting")]
        rows.append(f"| {label} | " + " | ".join(pct(e) for e in ladder) + " | "
                    + " | ".join(pct(g) for g in gaps) + f" | {next_step(d, t)} |")
    return rows


def ladder_table(lang):
    """The lectures' error ladders with the four gaps and the next step."""
    t = TEXT[lang]
    lines = [t["ladder_header"], "|---" * 11 + "|"]
    return "\n".join(lines + _ladder_rows(LADDERS, t["cases"], t)) + "\n"


def dogs_table(lang):
    """The ceiling on improvement: 5 or 50 dogs among 100 misclassified dev images."""
    t = TEXT[lang]
    lines = [t["dogs_header"], "|---|---|---|---|"]
    for dogs in (5, 50):
        row = error_analysis_table(make_error_spreadsheet(100, [dogs], seed=0), ["dog"],
                                   dev_error=DEV_ERROR)[0]
        lines.append(f"| {row['count']} | {pct(row['share'], 0)} | {pct(DEV_ERROR)} | "
                     f"{pct(row['best_error'], 2)} |")
    return "\n".join(lines) + "\n"


def sheet():
    """The lecture-style spreadsheet: 100 misclassified dev images, five columns."""
    return make_error_spreadsheet(100, SHEET_COUNTS, seed=3)


def sheet_rows_table(lang, shown=5):
    """The first rows of the spreadsheet, its column totals and shares."""
    t = TEXT[lang]
    errors = sheet()
    rows = error_analysis_table(errors, t["categories"])
    k = len(t["categories"])
    lines = [t["sheet_header"].format(" | ".join(t["categories"])), "|---" * (k + 1) + "|"]
    for i in range(shown):
        cells = [t["tick"] if v else "" for v in errors[i]]
        lines.append(f"| {i + 1} | " + " | ".join(cells) + " |")
    lines.append("| … |" + " |" * k)
    lines.append(f"| {t['total']} | " + " | ".join(str(r["count"]) for r in rows) + " |")
    lines.append(f"| {t['share']} | " + " | ".join(pct(r["share"], 0) for r in rows) + " |")
    return "\n".join(lines) + "\n"


def sheet_summary_table(lang):
    """Share and ceiling per category at a 10% dev error."""
    t = TEXT[lang]
    rows = error_analysis_table(sheet(), t["categories"], dev_error=DEV_ERROR)
    lines = [t["summary_header"], "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['category']} | {r['count']} | {pct(r['share'], 0)} | "
                     f"{pct(r['ceiling'], 2)} | {pct(r['best_error'], 2)} |")
    return "\n".join(lines) + "\n"


def labels_table(lang):
    """Is fixing labels worth it? The same 0.6% matters more when the error is 2%."""
    t = TEXT[lang]
    lines = [t["labels_header"], "|---|---|---|---|"]
    for dev_error, mislabeled in LABEL_CASES:
        r = error_analysis_table(make_error_spreadsheet(100, [mislabeled], seed=1),
                                 ["mislabeled"], dev_error=dev_error)[0]
        lines.append(f"| {pct(dev_error)} | {pct(r['ceiling'])} | {pct(r['best_error'])} | "
                     f"{pct(r['share'], 0)} |")
    return "\n".join(lines) + "\n"


def _split_table(t, sizes, target, other):
    lines = [t["split_header"].format(a=target, b=other), "|---|---|---|---|---|"]
    for option, shuffle in zip(t["options"], (True, False)):
        plan = split_counts(**sizes, shuffle_all=shuffle)
        for split, key in zip(t["splits"], ("train", "dev", "test")):
            part = plan[key]
            share = part["target"] / (part["target"] + part["other"])
            lines.append(f"| {option.format(a=target)} | {split} | {part['target']:,.0f} | "
                         f"{part['other']:,.0f} | {pct(share)} |")
    return "\n".join(lines) + "\n"


def split_table(lang):
    """The course's 200,000 web + 10,000 app images, split two ways."""
    t = TEXT[lang]
    return _split_table(t, WEB_APP, t["app"], t["web"])


def case_split_table(lang):
    """Case study: 500,000 general clips + 20,000 in-car clips."""
    t = TEXT[lang]
    return _split_table(t, CASE["split"], t["car"], t["speech"])


def case_round_table(lang, k):
    """Case study: one round of the ladder (0: before, 1: after adding synthesized noise)."""
    t = TEXT[lang]
    lines = [t["ladder_header"], "|---" * 11 + "|"]
    return "\n".join(lines + _ladder_rows(CASE["rounds"][k:k + 1], t["rounds"][k:k + 1], t)) + "\n"


def case_errors_table(lang):
    """Case study: 100 misrecognized in-car dev clips, at round 1's dev error."""
    t = TEXT[lang]
    dev_error = CASE["rounds"][0][3]
    errors = make_error_spreadsheet(100, CASE["error_counts"], seed=7)
    rows = error_analysis_table(errors, t["case_categories"], dev_error=dev_error)
    lines = [t["summary_header"], "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['category']} | {r['count']} | {pct(r['share'], 0)} | "
                     f"{pct(r['ceiling'], 2)} | {pct(r['best_error'], 2)} |")
    return "\n".join(lines) + "\n"


def general_table(lang):
    """The rear-view mirror example as the lecture's 3 x 2 table."""
    t = TEXT[lang]
    lines = [t["general_header"], "|---|---|---|"]
    for label, (general, mirror) in zip(t["general_rows"], GENERAL):
        lines.append(f"| {label} | {pct(general)} | {pct(mirror)} |")
    return "\n".join(lines) + "\n"


TABLES = {
    "c3w2-dogs": dogs_table,
    "c3w2-sheet": sheet_rows_table,
    "c3w2-sheet-summary": sheet_summary_table,
    "c3w2-labels": labels_table,
    "c3w2-split": split_table,
    "c3w2-ladder": ladder_table,
    "c3w2-general": general_table,
    "c3w2-case-split": case_split_table,
    "c3w2-case-round-1": partial(case_round_table, k=0),
    "c3w2-case-round-2": partial(case_round_table, k=1),
    "c3w2-case-errors": case_errors_table,
}

FIGURES = {"c3w2-ladder": draw_ladder}
