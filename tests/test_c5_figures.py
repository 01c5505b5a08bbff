"""Numbers that the Course 5 pages state in prose and captions, read from what the
build computed (the tables it wrote, fixture ``drawn``) or from the cheap runs behind
a figure."""

import re

import numpy as np


def table_rows(drawn, module, name):
    text = (drawn[module] / f"{name}.en.md").read_text(encoding="utf-8")
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in text.splitlines()[2:]]


def percent(cell):
    return float(re.sub(r"[%*]", "", cell)) / 100


def test_c5w1_gradient_norm_caption():
    from snippets.figures.c5w1 import all_norms

    runs = all_norms()
    assert runs[("rnn", 0.5)][50] < runs[("rnn", 1.0)][50] < 1e-3   # vanish
    assert runs[("rnn", 2.0)][50] > 10                                # explode
    lstm = runs[("lstm", 2.0)]
    assert 1 / 30 < lstm.min() and lstm[10:].max() / lstm[10:].min() < 2  # a factor ~20, then level
    assert runs[("lstm", 0.0)][50] < 1e-6                             # forget gate near 0.5


def test_c5w2_analogy_and_corpus_claims(drawn):
    rows = {row[0]: row for row in table_rows(drawn, "c5w2", "c5w2-analogies")}
    skipgram, glove_raw, glove_plus_one = (percent(c) for c in rows["**all**"][2:5])
    assert skipgram >= 0.8 and glove_plus_one >= 0.8 and glove_raw < 0.5
    corpus = table_rows(drawn, "c5w2", "c5w2-corpus")[0]
    assert 0.05 <= percent(corpus[4]) <= 0.15  # "nine pairs in ten never co-occur"


def test_c5w2_averaging_gets_word_order_wrong(drawn):
    rows = table_rows(drawn, "c5w2", "c5w2-word-order")
    assert len(rows) == 2 and all(label != predicted for _, label, predicted in rows)
    accuracy = percent(table_rows(drawn, "c5w2", "c5w2-sentiment")[0][2])
    assert accuracy >= 0.9


def test_c5w2_bias_caption():
    from snippets.figures.c5w2 import bias_values

    jobs, before, after, pairs = bias_values()
    he_jobs = [b for j, b in zip(jobs, before) if j in ("doctor", "engineer", "pilot")]
    she_jobs = [b for j, b in zip(jobs, before) if j in ("nurse", "dancer")]
    assert max(he_jobs) < min(she_jobs)
    assert np.allclose(after, 0, atol=1e-12)
    (g_before, g_after), (f_before, f_after) = pairs.values()
    assert np.isclose(g_after, -f_after)


def test_c5w3_beam_caption_and_date_model(drawn):
    from snippets.figures.c5w3 import WORDS, beam_runs

    trace, beam, beam_lp, greedy, greedy_lp = beam_runs()
    assert [WORDS[t] for t in greedy[:2]] == ["jane", "is"] and WORDS[beam[1]] == "visits"
    assert beam_lp > greedy_lp
    row = table_rows(drawn, "c5w3", "c5w3-dates")[0]
    assert percent(row[4]) >= 0.9  # exact match on the test dates
    samples = table_rows(drawn, "c5w3", "c5w3-date-samples")
    assert samples[0][1] == "`2011-09-27`"  # the heat map's example is decoded right
