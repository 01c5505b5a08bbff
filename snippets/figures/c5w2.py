"""Figures and tables for Course 5, Week 2 (word embeddings).

Everything is trained here, once per build (``lru_cache``): skip-gram with
negative sampling and GloVe on the corpus of ``make_planted_corpus``, and a
sentiment classifier on averaged embeddings.
"""

from functools import lru_cache

import numpy as np

from snippets.embeddings import (OCCUPATIONS, RELATIONS, SENTIMENT, complete_analogy,
                                 cooccurrence_matrix, cosine_similarity, equalize,
                                 make_planted_corpus, neutralize, planted_analogies,
                                 sentence_to_avg, train_glove, train_skipgram, vocabulary)
from snippets.figures.style import new_figure
from snippets.softmax import predict_softmax, softmax_regression

TEXT = {
    "en": {
        "relations": {"gender": "gender", "capital": "capital of", "plural": "plural", "tense": "past tense"},
        "acc_header": "| relation | analogies | skip-gram, negative sampling | GloVe on the counts X "
                      "| GloVe on X + 1 |",
        "all": "**all**",
        "corpus_header": "| sentences | tokens | vocabulary | (context, target) pairs "
                         "| non-zero entries of X |",
        "sent_header": "| sentence | true label | averaging predicts |",
        "sent_acc_header": "| training sentences | test sentences | test accuracy |",
        "pos": "positive", "neg": "negative",
        "pc1": "first principal component", "pc2": "second principal component",
        "pca_title": "Skip-gram embeddings, projected on two principal components",
        "par_title": "man : woman :: king : ?  (answer: {})",
        "bias_title": "Similarity to the gender direction g = e_she − e_he",
        "before": "before neutralize", "after": "after neutralize",
        "equalized": "{} after equalize",
        "cos": "cos(e_w, g)",
    },
    "zh": {
        "relations": {"gender": "性别", "capital": "首都", "plural": "复数", "tense": "过去时"},
        "acc_header": "| 关系 | 类比题数 | 负采样跳字模型 | 在计数 X 上的 GloVe | 在 X + 1 上的 GloVe |",
        "all": "**全部**",
        "corpus_header": "| 句子数 | 词元数 | 词表大小 | （上下文，目标词）对数 | X 的非零元素 |",
        "sent_header": "| 句子 | 真实标签 | 平均法的预测 |",
        "sent_acc_header": "| 训练句子数 | 测试句子数 | 测试集准确率 |",
        "pos": "正面", "neg": "负面",
        "pc1": "第一主成分", "pc2": "第二主成分",
        "pca_title": "跳字模型词嵌入在两个主成分上的投影",
        "par_title": "man : woman :: king : ?（答案：{}）",
        "bias_title": "与性别方向 g = e_she − e_he 的相似度",
        "before": "中和之前", "after": "中和之后",
        "equalized": "均衡之后的 {}",
        "cos": "cos(e_w, g)",
    },
}
SENTENCES_PER_WORD, N_E = 40, 30
FILLER_WORDS = ("the", "movie", "food", "service", "was", "really", "it", "and")


@lru_cache(maxsize=None)
def corpus():
    return make_planted_corpus(SENTENCES_PER_WORD, seed=0)


@lru_cache(maxsize=None)
def skipgram_vectors():
    return train_skipgram(corpus(), n_e=N_E, epochs=3, seed=0)[0]


@lru_cache(maxsize=None)
def glove_vectors():
    word_to_ix, _ = vocabulary(corpus())
    X = cooccurrence_matrix(corpus(), word_to_ix)
    raw = train_glove(X, word_to_ix, n_e=N_E, epochs=300, learning_rate=0.3)[0]
    plus_one = train_glove(X + 1, word_to_ix, n_e=N_E, epochs=300, learning_rate=0.3)[0]
    return raw, plus_one, X


def accuracy(analogies, word_to_vec):
    return float(np.mean([complete_analogy(a, b, c, word_to_vec) == d for a, b, c, d in analogies]))


@lru_cache(maxsize=None)
def analogy_results():
    """{relation: (number of analogies, accuracy per model)} and the same for all together."""
    models = (skipgram_vectors(),) + glove_vectors()[:2]
    rows = {rel: planted_analogies(rel) for rel in RELATIONS}
    rows["all"] = [q for qs in rows.values() for q in qs]
    return {rel: (len(qs), [accuracy(qs, m) for m in models]) for rel, qs in rows.items()}


def accuracy_table(lang):
    t = TEXT[lang]
    lines = [t["acc_header"], "|---|---:|---:|---:|---:|"]
    for rel, (n, accs) in analogy_results().items():
        name = t["all"] if rel == "all" else t["relations"][rel]
        lines.append(f"| {name} | {n} | " + " | ".join(f"{a:.0%}" for a in accs) + " |")
    return "\n".join(lines) + "\n"


def corpus_table(lang):
    sentences = corpus()
    word_to_ix, counts = vocabulary(sentences)
    X = glove_vectors()[2]
    n_pairs = int(X.sum())
    return "\n".join([TEXT[lang]["corpus_header"], "|---:|---:|---:|---:|---:|",
                      f"| {len(sentences)} | {int(counts.sum())} | {len(word_to_ix)} | {n_pairs} "
                      f"| {np.count_nonzero(X) / X.size:.0%} |"]) + "\n"


# --- sentiment -------------------------------------------------------------------

def reviews(m, seed):
    """m short reviews: three filler words and one or two words of one polarity."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(m):
        label = int(rng.integers(2))
        words = list(rng.choice(FILLER_WORDS, 3)) + list(rng.choice(SENTIMENT[1 - label], rng.integers(1, 3)))
        out.append((" ".join(words[i] for i in rng.permutation(len(words))), label))
    return out


TRICKY = [("the food was not good and not fun", 0), ("not bad , really not bad", 1)]


@lru_cache(maxsize=None)
def sentiment_model():
    w2v = skipgram_vectors()
    train, test = reviews(60, seed=1), reviews(300, seed=2)
    X = np.array([sentence_to_avg(s, w2v) for s, _ in train]).T
    W, b, _ = softmax_regression(X, np.array([y for _, y in train]), 2, learning_rate=1.0,
                                 num_iterations=300)

    def predict(sentences):
        return predict_softmax(W, b, np.array([sentence_to_avg(s, w2v) for s in sentences]).T)[0]

    test_acc = float(np.mean(predict([s for s, _ in test]) == [y for _, y in test]))
    return len(train), len(test), test_acc, [int(p) for p in predict([s for s, _ in TRICKY])]


def sentiment_table(lang):
    t = TEXT[lang]
    n_train, n_test, acc, _ = sentiment_model()
    return "\n".join([t["sent_acc_header"], "|---:|---:|---:|", f"| {n_train} | {n_test} | {acc:.0%} |"]) + "\n"


def tricky_table(lang):
    t = TEXT[lang]
    names = (t["neg"], t["pos"])
    lines = [t["sent_header"], "|---|---|---|"]
    for (sentence, label), pred in zip(TRICKY, sentiment_model()[3]):
        lines.append(f"| `{sentence}` | {names[label]} | {names[pred]} |")
    return "\n".join(lines) + "\n"


# --- figures ---------------------------------------------------------------------

def pca(vectors):
    """Project the rows of ``vectors`` on their first two principal components."""
    centred = vectors - vectors.mean(axis=0)
    _, _, Vt = np.linalg.svd(centred, full_matrices=False)
    return centred @ Vt[:2].T


def draw_pca(lang):
    t = TEXT[lang]
    w2v = skipgram_vectors()
    words = [w for rel in ("gender", "capital") for pair in RELATIONS[rel][:6] for w in pair]
    points = pca(np.array([w2v[w] for w in words]))
    fig, ax = new_figure(7.0, 5.0)
    for k, rel in enumerate(("gender", "capital")):
        idx = slice(12 * k, 12 * (k + 1))
        ax.scatter(points[idx, 0], points[idx, 1], s=25, label=t["relations"][rel])
    for w, (x, y) in zip(words, points):
        ax.annotate(w, (x, y), fontsize=8, xytext=(3, 3), textcoords="offset points")
    ax.set(xlabel=t["pc1"], ylabel=t["pc2"], title=t["pca_title"])
    ax.legend(fontsize=8)
    return fig


def draw_parallelogram(lang):
    t = TEXT[lang]
    w2v = skipgram_vectors()
    words = ["man", "woman", "king", "queen", "boy", "girl"]
    points = dict(zip(words, pca(np.array([w2v[w] for w in words]))))
    answer = complete_analogy("man", "woman", "king", w2v)
    fig, ax = new_figure(6.0, 4.6)
    for a, b, colour in (("man", "woman", "C1"), ("king", "queen", "C1"), ("boy", "girl", "C1"),
                         ("man", "king", "C0"), ("woman", "queen", "C0")):
        ax.annotate("", xy=points[b], xytext=points[a],
                    arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.8})
    for w, (x, y) in points.items():
        ax.plot(x, y, "o", color="k", ms=4)
        ax.annotate(w, (x, y), fontsize=10, xytext=(4, 4), textcoords="offset points")
    ax.set(xlabel=t["pc1"], ylabel=t["pc2"], title=t["par_title"].format(answer))
    ax.margins(0.15)
    return fig


@lru_cache(maxsize=None)
def bias_values():
    w2v = skipgram_vectors()
    g = w2v["she"] - w2v["he"]
    jobs = list(OCCUPATIONS)
    before = [cosine_similarity(w2v[w], g) for w in jobs]
    after = [cosine_similarity(neutralize(w, g, w2v), g) for w in jobs]
    pair = ("grandmother", "grandfather")
    e1, e2 = equalize(pair, g, w2v)
    pairs = {pair[0]: (cosine_similarity(w2v[pair[0]], g), cosine_similarity(e1, g)),
             pair[1]: (cosine_similarity(w2v[pair[1]], g), cosine_similarity(e2, g))}
    return jobs, before, after, pairs


def draw_bias(lang):
    t = TEXT[lang]
    jobs, before, after, pairs = bias_values()
    labels = jobs + list(pairs)
    x = np.arange(len(labels))
    fig, ax = new_figure(7.5, 4.0)
    ax.bar(x - 0.2, before + [v[0] for v in pairs.values()], 0.4, label=t["before"])
    ax.bar(x + 0.2, after + [v[1] for v in pairs.values()], 0.4, label=t["after"] + " / "
           + t["equalized"].format(", ".join(pairs)))
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xticks(x, labels, rotation=30, fontsize=9)
    ax.set(ylabel=t["cos"], title=t["bias_title"])
    ax.legend(fontsize=8)
    return fig


TABLES = {"c5w2-corpus": corpus_table, "c5w2-analogies": accuracy_table,
          "c5w2-sentiment": sentiment_table, "c5w2-word-order": tricky_table}
FIGURES = {"c5w2-pca": draw_pca, "c5w2-parallelogram": draw_parallelogram, "c5w2-bias": draw_bias}
RESULTS = ("bias_values",)  # kept for the tests (snippets/figures/__init__.py)
