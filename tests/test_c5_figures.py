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
    assert 1 / 30 < lstm.min() and lstm[10:].max() / lstm[10:].min() < 2  # then < 2 over 50 steps
    assert 5 < 1 / lstm[1] < 7 and 12 < 1 / lstm[10] < 16  # "about 6 at the first step, 14 within 10"
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


def test_c5w2_bias_caption(drawn):
    from snippets.figures import stored

    jobs, before, after, pairs = stored(drawn["c5w2"], "bias_values")  # the build's run
    he_jobs = [b for j, b in zip(jobs, before) if j in ("doctor", "engineer", "pilot")]
    she_jobs = [b for j, b in zip(jobs, before) if j in ("nurse", "dancer")]
    assert max(he_jobs) < min(she_jobs)
    # g = e_she - e_he: "clearly toward he", "slightly toward she", teacher "also toward he"
    assert max(he_jobs) < -0.1 and 0 < min(she_jobs) and max(she_jobs) < min(abs(b) for b in he_jobs) / 2
    assert max(he_jobs) < before[jobs.index("teacher")] < 0
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


def test_c5w3_attention_heat_map_caption(drawn):
    """Each output character of "sep 27, 2011" -> "2011-09-27" looks at one or two input
    positions: the month digits at the start, the year and day digits within three places of
    their own digit, non-monotone order (in the model the build trained and drew)."""
    from snippets.figures import stored

    r = stored(drawn["c5w3"], "date_model")
    source, alphas = r["examples"][0], r["alphas"][0]
    assert source == "sep 27, 2011" and r["outputs"][0] == "2011-09-27"
    assert np.all(np.sort(alphas, axis=1)[:, -2:].sum(axis=1) > 0.85)   # one or two positions
    looks = alphas.argmax(axis=1)
    assert looks[5] == 0 and source[looks[6]] == " " and looks[6] == 3   # "s" and the space after "sep"
    digit_at = {0: 8, 1: 9, 2: 10, 3: 11, 8: 4, 9: 5}  # output step -> position of its input digit
    assert all(abs(looks[t] - pos) <= 3 for t, pos in digit_at.items())
    assert looks[:4].max() > max(looks[5:7].max(), looks[8:].max())  # year first out, last in: not monotone


def test_c5w3_bleu_caption():
    from snippets.figures.c5w3 import REFERENCE, bleu_curves

    kept, curves = bleu_curves()
    assert len(REFERENCE) == 19                                       # "a 19-word reference"
    bleu4, p1 = np.array(curves["bleu4"]), np.array(curves["p1"])
    assert np.all(bleu4[kept < 0.5] < 0.1)                            # below 0.1 under half kept
    assert bleu4[-1] == 1.0 and np.all(bleu4[:-1] < 1.0)              # 1 only for the exact copy
    assert np.max(np.abs(p1 - kept)) < 0.15                           # p1 about linear in the share


def clipping_runs(lab_html):
    """{run label: (largest loss, mean loss over the last 30 iterations)} of the
    language-model lab's clipping experiment, read from its executed page: the means
    it prints, the largest losses from its figure's legend."""
    import base64  # noqa: PLC0415

    means = dict(re.findall(r"(clipped to [\d.]+|no clipping) +mean loss over the last 30 "
                            r"iterations: ([\d.]+)", lab_html))
    svgs = "".join(base64.b64decode(data).decode("utf-8") for data in
                   re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', lab_html))
    largest = dict(re.findall(r"(clipped to [\d.]+|no clipping): largest loss ([\d.]+)", svgs))
    assert set(means) == set(largest) and len(means) == 2, (means, largest)
    return {label: (float(largest[label]), float(means[label])) for label in means}


def test_c5_lab_numbers(built_site):
    """The lab's prose: a text of about 2.4 KB with 27 distinct characters; without clipping,
    SGD at learning rate 3 jumps to many times the uniform loss and does not recover; with
    every element clipped, the same learning rate makes progress. The runs are the lab's own,
    as the build executed it."""
    from snippets.texts import load_text

    text = load_text("harbour")
    assert 2300 <= len(text.encode()) <= 2500 and len(set(text)) == 27
    uniform = np.log(27)
    assert np.isclose(uniform, 3.3, atol=0.05)
    page = built_site.root("en") / "course-5" / "lab-language-model" / "index.html"
    runs = clipping_runs(page.read_text(encoding="utf-8"))
    free_max, free_mean = runs["no clipping"]
    (clipped_max, clipped_mean), = (run for label, run in runs.items() if label != "no clipping")
    assert free_max > 5 * uniform and free_mean > 2 * uniform   # never recovers
    assert clipped_mean < uniform                               # clipped: progress
