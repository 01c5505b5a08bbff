"""Figures and tables for Course 3, Week 1 (ML strategy 1).

Every number in these tables is computed by ``snippets/ml_strategy.py``; this
module only lays the results out and translates the machine-readable
recommendation codes into words.
"""

import numpy as np

from snippets.figures.style import new_figure
from snippets.ml_strategy import (
    confusion_matrix,
    dev_set_size,
    diagnose,
    f1_score,
    make_scores,
    pick_best,
    precision_recall_curve,
    precision_recall_f1,
    weighted_error,
)

TEXT = {
    "en": {
        "threshold": "threshold on the score", "value": "value",
        "precision": "precision", "recall": "recall", "f1": "F1",
        "best_f1": "best F1 (threshold {:.2f})", "default": "threshold 0.5",
        "curve": "precision–recall curve",
        "error_pct": "error (%)", "human": "human-level (proxy)",
        "bias": "avoidable bias", "var": "variance", "human_tick": "human level",
        "far": "far from human level", "near": "near or past human level",
        "rec": {
            "avoidable_bias": "reduce avoidable bias: bigger network, train longer, "
                              "better optimizer, other architecture",
            "variance": "reduce variance: more data, regularization, other architecture",
            "unclear": "unclear: past the proxy, the avoidable bias is unknown",
            "none": "no gap left to close",
        },
        "short": {"avoidable_bias": "bias", "variance": "variance", "unclear": "unclear",
                  "none": "none"},
        "f1_header": "| classifier | precision $P$ | recall $R$ | $(P + R)/2$ | $F_1$ |",
        "regions_header": "| algorithm | {} | average | |",
        "regions": ["US", "China", "India", "other"], "best": "**best**",
        "sat_header": "| classifier | accuracy | running time | at most {} ms? | |",
        "yes": "yes", "no": "no", "chosen": "**chosen**",
        "size_header": "| expected error | margin (95%) | dev examples needed |",
        "weighted_header": "| algorithm | mistakes | of them on flagged images | error | "
                           "weighted error |",
        "diag_header": "| case | human-level | train | dev | avoidable bias | variance | "
                       "next step |",
        "cases_cat": ["cat photos, human 1%", "cat photos, blurry: human 7.5%"],
        "cases_near": ["team 0.5%, train 0.7%", "past one doctor: train 0.6%",
                       "past the team: train 0.3%"],
        "cases_far": ["medical example 1", "medical example 2"],
        "human_header": "| train | dev | {} |",
        "proxies": ["typical person 3%", "typical doctor 1%", "experienced doctor 0.7%",
                    "team of doctors 0.5%"],
        "case_header": "| model | running time | precision | recall | $F_1$ | dev error | |",
        "case_models": ["small", "medium", "large"],
        "over_budget": "too slow",
        "case_diag_header": "| human-level proxy | human | train | dev | avoidable bias | "
                            "variance | next step |",
        "case_proxies": ["panel of three annotators", "one annotator"],
    },
    "zh": {
        "threshold": "分数的阈值", "value": "数值",
        "precision": "精确率", "recall": "召回率", "f1": "F1",
        "best_f1": "F1 最大（阈值 {:.2f}）", "default": "阈值 0.5",
        "curve": "精确率–召回率曲线",
        "error_pct": "误差（%）", "human": "人类水平（替代值）",
        "bias": "可避免偏差", "var": "方差", "human_tick": "人类水平",
        "far": "远未达到人类水平", "near": "接近或超过人类水平",
        "rec": {
            "avoidable_bias": "减小可避免偏差：更大的网络、训练更久、更好的优化算法、换一种网络结构",
            "variance": "减小方差：更多数据、正则化、换一种网络结构",
            "unclear": "不确定：已超过替代值，可避免偏差未知",
            "none": "已没有需要缩小的差距",
        },
        "short": {"avoidable_bias": "偏差", "variance": "方差", "unclear": "不确定",
                  "none": "无"},
        "f1_header": "| 分类器 | 精确率 $P$ | 召回率 $R$ | $(P + R)/2$ | $F_1$ |",
        "regions_header": "| 算法 | {} | 平均 | |",
        "regions": ["美国", "中国", "印度", "其他"], "best": "**最好**",
        "sat_header": "| 分类器 | 准确率 | 运行时间 | 不超过 {} ms？ | |",
        "yes": "是", "no": "否", "chosen": "**选中**",
        "size_header": "| 预期误差 | 误差范围（95%） | 所需开发集样本数 |",
        "weighted_header": "| 算法 | 错误数 | 其中落在标记图片上的 | 误差 | 加权误差 |",
        "diag_header": "| 情形 | 人类水平 | 训练集 | 开发集 | 可避免偏差 | 方差 | 下一步 |",
        "cases_cat": ["猫图片，人类 1%", "模糊的猫图片：人类 7.5%"],
        "cases_near": ["医生团队 0.5%，训练 0.7%", "超过单个医生：训练 0.6%",
                       "超过医生团队：训练 0.3%"],
        "cases_far": ["医学例子 1", "医学例子 2"],
        "human_header": "| 训练集 | 开发集 | {} |",
        "proxies": ["普通人 3%", "普通医生 1%", "资深医生 0.7%", "医生团队 0.5%"],
        "case_header": "| 模型 | 运行时间 | 精确率 | 召回率 | $F_1$ | 开发集误差 | |",
        "case_models": ["小型", "中型", "大型"],
        "over_budget": "太慢",
        "case_diag_header": "| 人类水平替代值 | 人类 | 训练集 | 开发集 | 可避免偏差 | 方差 | 下一步 |",
        "case_proxies": ["三名标注员组成的小组", "一名标注员"],
    },
}

# The lectures' example error tables: (human-level, train, dev) as fractions.
CAT_CASES = [(0.01, 0.08, 0.10), (0.075, 0.08, 0.10)]
FAR_CASES = [(0.005, 0.05, 0.06), (0.005, 0.01, 0.05)]
NEAR_CASES = [(0.005, 0.007, 0.008), (0.005, 0.006, 0.008), (0.005, 0.003, 0.004)]
PROXIES = [0.03, 0.01, 0.007, 0.005]  # typical person, doctor, experienced doctor, team
MEDICAL = [(0.05, 0.06), (0.01, 0.05), (0.007, 0.008)]  # (train, dev)

# The course's precision/recall example and its region-by-region error table.
F1_EXAMPLE = {"A": (0.95, 0.90), "B": (0.98, 0.85)}
REGION_ERRORS = {"A": [0.03, 0.07, 0.05, 0.09], "B": [0.05, 0.06, 0.05, 0.10],
                 "C": [0.02, 0.03, 0.04, 0.05], "D": [0.05, 0.08, 0.07, 0.02],
                 "E": [0.04, 0.05, 0.02, 0.04], "F": [0.07, 0.11, 0.08, 0.12]}
SATISFICING = {"A": {"accuracy": 0.90, "runtime_ms": 80},
               "B": {"accuracy": 0.92, "runtime_ms": 95},
               "C": {"accuracy": 0.95, "runtime_ms": 1500}}
RUNTIME_BUDGET_MS = 100
SIZE_EXAMPLES = [(0.10, 0.01), (0.10, 0.005), (0.10, 0.001), (0.01, 0.001)]

# The Week 1 case study: a cat filter for a photo app (all numbers simulated).
CASE = {
    "m_dev": 5000, "m_train": 5000, "positive_rate": 0.3,
    # model -> (separation on dev, separation on its training images, running time in ms)
    "models": {"small": (2.5, 3.0, 35), "medium": (3.0, 4.0, 80), "large": (3.5, 5.0, 240)},
    "proxies": [0.01, 0.03],  # panel of three annotators, one annotator
}


def pct(x, digits=1):
    """A fraction as a percentage string, without a '-0.0'."""
    return f"{round(100 * x, digits) + 0.0:.{digits}f}%"


def weighted_example():
    """The course's two algorithms on 1000 dev images, 20 of them flagged (weight 10).

    Returns {name: (y_true, y_pred, weights)}; A makes 30 mistakes (10 of them
    letting flagged images through as cats), B makes 50 and none on flagged images.
    """
    m = 1000
    y_true = np.zeros(m, dtype=int)
    y_true[500:] = 1
    flagged = np.zeros(m, dtype=bool)
    flagged[:20] = True  # flagged images are not cats
    weights = np.where(flagged, 10.0, 1.0)
    pred_a, pred_b = y_true.copy(), y_true.copy()
    pred_a[:10] = 1  # 10 flagged images called cats
    pred_a[500:520] = 0  # 20 cats missed
    pred_b[500:550] = 0  # 50 cats missed
    return {"A": (y_true, pred_a, weights), "B": (y_true, pred_b, weights)}


def case_models():
    """The case study's three models: dev confusion matrices, metrics, training error."""
    out = {}
    for i, (name, (sep_dev, sep_train, runtime)) in enumerate(CASE["models"].items()):
        y_dev, s_dev = make_scores(CASE["m_dev"], CASE["positive_rate"], sep_dev, seed=100 + i)
        y_tr, s_tr = make_scores(CASE["m_train"], CASE["positive_rate"], sep_train, seed=200 + i)
        cm_dev = confusion_matrix(y_dev, (s_dev >= 0.5).astype(int))
        cm_tr = confusion_matrix(y_tr, (s_tr >= 0.5).astype(int))
        p, r, f1 = precision_recall_f1(y_dev, (s_dev >= 0.5).astype(int))
        out[name] = {"runtime_ms": runtime, "precision": p, "recall": r, "f1": f1,
                     "dev_error": (cm_dev[0, 1] + cm_dev[1, 0]) / cm_dev.sum(),
                     "train_error": (cm_tr[0, 1] + cm_tr[1, 0]) / cm_tr.sum()}
    return out


def case_choice():
    """The case study's pick: best F1 among models within the running-time budget."""
    return pick_best(case_models(), "f1", {"runtime_ms": RUNTIME_BUDGET_MS})


# --- figures -----------------------------------------------------------------

def draw_pr_tradeoff(lang):
    """Precision, recall and F1 against the threshold, and the precision-recall curve."""
    t = TEXT[lang]
    y, scores = make_scores(2000, positive_rate=0.3, separation=2.0, seed=0)
    thresholds = np.linspace(0.02, 0.98, 97)
    thresholds = thresholds[thresholds <= scores.max()]  # keep >= 1 positive prediction
    precision, recall = precision_recall_curve(y, scores, thresholds)
    f1 = np.array([f1_score(p, r) for p, r in zip(precision, recall)])
    best = int(np.argmax(f1))
    fig, (ax1, ax2) = new_figure(9.0, 3.8, ncols=2)
    ax1.plot(thresholds, precision, lw=2, color="tab:blue", label=t["precision"])
    ax1.plot(thresholds, recall, lw=2, color="tab:orange", label=t["recall"])
    ax1.plot(thresholds, f1, lw=2, ls="--", color="tab:green", label=t["f1"])
    ax1.axvline(thresholds[best], color="gray", lw=1, ls=":",
                label=t["best_f1"].format(thresholds[best]))
    ax1.set_xlabel(t["threshold"])
    ax1.set_ylabel(t["value"])
    ax1.set_ylim(0, 1.05)
    ax1.legend(loc="lower center", fontsize="small")
    ax2.plot(recall, precision, lw=2, color="tab:purple", label=t["curve"])
    half = int(np.argmin(np.abs(thresholds - 0.5)))
    ax2.scatter([recall[half]], [precision[half]], color="black", zorder=3, label=t["default"])
    ax2.scatter([recall[best]], [precision[best]], color="tab:green", marker="*", s=120,
                zorder=3, label=t["best_f1"].format(thresholds[best]))
    ax2.set_xlabel(t["recall"])
    ax2.set_ylabel(t["precision"])
    ax2.set_xlim(0, 1.02)
    ax2.set_ylim(0, 1.05)
    ax2.legend(loc="lower left", fontsize="small")
    return fig


def _bias_variance_bars(ax, cases, labels, t):
    for row, ((human, train, dev), label) in enumerate(zip(cases, labels)):
        d = diagnose(human, train, dev)
        y = len(cases) - 1 - row
        base = min(human, train)
        ax.barh(y, 100 * base, color="lightgray", label=t["human"] if row == 0 else None)
        if d["avoidable_bias"] > 0:
            ax.barh(y, 100 * d["avoidable_bias"], left=100 * human, color="tab:red",
                    label=t["bias"] if row == 0 else None)
        ax.barh(y, 100 * d["variance"], left=100 * train, color="tab:blue",
                label=t["var"] if row == 0 else None)
        ax.plot([100 * human] * 2, [y - 0.45, y + 0.45], color="black", lw=2,
                label=t["human_tick"] if row == 0 else None)
        ax.annotate(t["short"][d["recommendation"]], (100 * max(dev, human), y),
                    xytext=(4, 0), textcoords="offset points", va="center")
    ax.set_yticks(range(len(cases)), labels[::-1])
    ax.set_xlabel(t["error_pct"])


def draw_bias_variance(lang):
    """Stacked bars human-level | avoidable bias | variance for the lectures' examples."""
    t = TEXT[lang]
    fig, (ax1, ax2) = new_figure(10.0, 3.8, ncols=2)
    _bias_variance_bars(ax1, CAT_CASES + FAR_CASES, t["cases_cat"] + t["cases_far"], t)
    ax1.set_xlim(0, 13)
    ax1.set_title(t["far"])
    _bias_variance_bars(ax2, NEAR_CASES, t["cases_near"], t)
    ax2.set_xlim(0, 1.1)
    ax2.set_title(t["near"])
    fig.set_layout_engine("constrained")  # laid out when saved
    handles, labels = ax1.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=4, frameon=False)
    return fig


# --- tables ------------------------------------------------------------------

def f1_table(lang):
    """The course's classifiers A and B: F1 is not the arithmetic mean."""
    t = TEXT[lang]
    lines = [t["f1_header"], "|---|---|---|---|---|"]
    for name, (p, r) in F1_EXAMPLE.items():
        lines.append(f"| {name} | {pct(p)} | {pct(r)} | {pct((p + r) / 2)} | "
                     f"{pct(f1_score(p, r))} |")
    return "\n".join(lines) + "\n"


def regions_table(lang):
    """Errors per region, their average as the single number, and the best algorithm."""
    t = TEXT[lang]
    models = {k: {"average": float(np.mean(v))} for k, v in REGION_ERRORS.items()}
    best = pick_best(models, "average", {}, maximize=False)
    lines = [t["regions_header"].format(" | ".join(t["regions"])), "|---|---|---|---|---|---|---|"]
    for name, errors in REGION_ERRORS.items():
        cells = " | ".join(pct(e, 0) for e in errors)
        mark = t["best"] if name == best else ""
        lines.append(f"| {name} | {cells} | {pct(models[name]['average'], 2)} | {mark} |")
    return "\n".join(lines) + "\n"


def satisficing_table(lang):
    """Optimize accuracy subject to running time <= 100 ms."""
    t = TEXT[lang]
    best = pick_best(SATISFICING, "accuracy", {"runtime_ms": RUNTIME_BUDGET_MS})
    lines = [t["sat_header"].format(RUNTIME_BUDGET_MS), "|---|---|---|---|---|"]
    for name, m in SATISFICING.items():
        ok = t["yes"] if m["runtime_ms"] <= RUNTIME_BUDGET_MS else t["no"]
        mark = t["chosen"] if name == best else ""
        lines.append(f"| {name} | {pct(m['accuracy'], 0)} | {m['runtime_ms']} ms | {ok} | {mark} |")
    return "\n".join(lines) + "\n"


def dev_size_table(lang):
    """Dev-set sizes needed to measure an error rate to a given margin."""
    t = TEXT[lang]
    lines = [t["size_header"], "|---|---|---|"]
    for error, margin in SIZE_EXAMPLES:
        lines.append(f"| {pct(error, 0)} | ± {pct(margin)} | {dev_set_size(error, margin):,} |")
    return "\n".join(lines) + "\n"


def weighted_table(lang):
    """Plain against weighted error for the course's algorithms A and B."""
    t = TEXT[lang]
    lines = [t["weighted_header"], "|---|---|---|---|---|"]
    for name, (y, y_hat, w) in weighted_example().items():
        wrong = y_hat != y
        lines.append(f"| {name} | {wrong.sum()} | {(wrong & (w > 1)).sum()} | "
                     f"{pct(wrong.mean())} | {pct(weighted_error(y, y_hat, w))} |")
    return "\n".join(lines) + "\n"


def _diagnosis_rows(cases, labels, t):
    rows = []
    for (human, train, dev), label in zip(cases, labels):
        d = diagnose(human, train, dev)
        rows.append(f"| {label} | {pct(human)} | {pct(train)} | {pct(dev)} | "
                    f"{pct(d['avoidable_bias'])} | {pct(d['variance'])} | "
                    f"{t['rec'][d['recommendation']]} |")
    return rows


def bias_variance_table(lang):
    """The cat example: the same train/dev errors, two different human levels."""
    t = TEXT[lang]
    lines = [t["diag_header"], "|---|---|---|---|---|---|---|"]
    return "\n".join(lines + _diagnosis_rows(CAT_CASES, t["cases_cat"], t)) + "\n"


def surpassing_table(lang):
    """Near and past human level (team of doctors 0.5% as the proxy)."""
    t = TEXT[lang]
    lines = [t["diag_header"], "|---|---|---|---|---|---|---|"]
    return "\n".join(lines + _diagnosis_rows(NEAR_CASES, t["cases_near"], t)) + "\n"


def which_human_table(lang):
    """The medical example: the next step for each choice of human-level proxy."""
    t = TEXT[lang]
    lines = [t["human_header"].format(" | ".join(t["proxies"])), "|---|---|---|---|---|---|"]
    for train, dev in MEDICAL:
        cells = [t["short"][diagnose(h, train, dev)["recommendation"]] for h in PROXIES]
        lines.append(f"| {pct(train)} | {pct(dev)} | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def case_models_table(lang):
    """Case study, step 1: the three models on the app's dev set."""
    t = TEXT[lang]
    models, best = case_models(), case_choice()
    lines = [t["case_header"], "|---|---|---|---|---|---|---|"]
    for label, (name, m) in zip(t["case_models"], models.items()):
        if name == best:
            mark = t["chosen"]
        else:
            mark = t["over_budget"] if m["runtime_ms"] > RUNTIME_BUDGET_MS else ""
        lines.append(f"| {label} | {m['runtime_ms']} ms | {pct(m['precision'])} | "
                     f"{pct(m['recall'])} | {pct(m['f1'])} | {pct(m['dev_error'])} | {mark} |")
    return "\n".join(lines) + "\n"


def case_diagnosis_table(lang):
    """Case study, step 2: the chosen model's gaps against two human-level proxies."""
    t = TEXT[lang]
    chosen = case_models()[case_choice()]
    lines = [t["case_diag_header"], "|---|---|---|---|---|---|---|"]
    for label, human in zip(t["case_proxies"], CASE["proxies"]):
        d = diagnose(human, chosen["train_error"], chosen["dev_error"])
        lines.append(f"| {label} | {pct(human)} | {pct(chosen['train_error'])} | "
                     f"{pct(chosen['dev_error'])} | {pct(d['avoidable_bias'])} | "
                     f"{pct(d['variance'])} | {t['rec'][d['recommendation']]} |")
    return "\n".join(lines) + "\n"


TABLES = {
    "c3w1-f1": f1_table,
    "c3w1-regions": regions_table,
    "c3w1-satisficing": satisficing_table,
    "c3w1-dev-size": dev_size_table,
    "c3w1-weighted": weighted_table,
    "c3w1-bias-variance": bias_variance_table,
    "c3w1-which-human": which_human_table,
    "c3w1-surpassing": surpassing_table,
    "c3w1-case-models": case_models_table,
    "c3w1-case-diagnosis": case_diagnosis_table,
}

FIGURES = {
    "c3w1-pr-tradeoff": draw_pr_tradeoff,
    "c3w1-bias-variance": draw_bias_variance,
}
