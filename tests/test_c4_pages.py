"""Course 4: what the pages say about the build's measurements, read from the tables and figures it wrote."""

import re

import numpy as np
import pytest


@pytest.fixture(scope="module")
def built(drawn):
    """{figure module: where the site build wrote its tables} (see tests/conftest.py)."""
    return drawn


def table_rows(built, module, name, lang="en"):
    text = (built[module] / f"{name}.{lang}.md").read_text(encoding="utf-8")
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in text.splitlines()[2:]]


def number(cell):
    return float(cell.replace(",", "").rstrip("%"))


def test_plain_gets_worse_with_depth_and_residual_does_not(built):
    rows = [[number(c) for c in row] for row in table_rows(built, "c4w2", "c4w2-depth")]
    deep = [row for row in rows if row[0] >= 10]
    plain, residual = [row[1] for row in deep], [row[2] for row in deep]
    assert len(deep) >= 3 and plain == sorted(plain) and plain[-1] > 2 * plain[0]   # worse the deeper
    assert max(residual) < min(plain) and residual[-1] < plain[-1] / 5


def test_classic_table_and_the_ninth(built):
    counts = {row[0]: number(row[2]) for row in table_rows(built, "c4w2", "c4w2-classic")}
    assert round(counts["LeNet-5"], -4) == 60_000 and round(counts["VGG-16"], -6) == 138_000_000
    assert 8 < counts["AlexNet"] / counts["GoogLeNet"] < 10                          # "about a ninth"


def test_mobilenet_block_is_about_a_twentieth(built):
    rows = table_rows(built, "c4w2", "c4w2-mobilenet")
    block, ordinary = number(rows[-2][2]), number(rows[-1][2])
    assert 15 < ordinary / block < 25


def test_inception_costs_on_the_page(built):
    rows = table_rows(built, "c4w2", "c4w2-cost")
    assert [number(r[1]) for r in rows[:2]] == [120_422_400, 12_443_648]
    assert number(rows[1][3]) < 0.11 and number(rows[2][1]) < number(rows[1][1])


def test_nms_leaves_one_box_per_object(built):
    rows = {row[0]: int(row[1]) for row in table_rows(built, "c4w3", "c4w3-yolo")}
    objects, kept = rows["objects in the scene"], rows["after non-max suppression"]
    assert kept == objects and rows["p_c c_k ≥ 0.5"] > 3 * objects


def test_triplet_training_brings_positives_closer(built):
    svg = (built["c4w4"] / "c4w4-triplets.en.svg").read_text(encoding="utf-8")
    (ap0, an0), (ap1, an1) = zip(map(float, re.findall(r"anchor–positive \(([\d.]+)\)", svg)),
                                 map(float, re.findall(r"anchor–negative \(([\d.]+)\)", svg)))
    assert abs(ap0 - an0) < 0.1 * an0                     # before: on top of each other
    assert ap1 < 0.5 * ap0 and an1 > 0.9 * an0            # after: positives closer, negatives not


def test_trained_encoder_verifies_better_than_random(built):
    rows = table_rows(built, "c4w4", "c4w4-verification")
    (_, _, dev0, test0), (_, _, dev1, test1) = rows
    assert number(test1) > number(test0) + 15 and number(dev1) > number(dev0) + 15


def test_synthesized_texture_has_the_stripes_of_the_style():
    from snippets.figures.c4w4 import synthesized

    style, start, G, costs = synthesized()

    def spectrum(image):
        return np.abs(np.fft.fft2(image[0, :, :, 0] - image.mean()))

    def peak(image):                      # strongest frequency, in the half plane of the style's peak
        S = spectrum(image)
        r, c = np.unravel_index(np.argmax(S * (np.arange(S.shape[0]) < S.shape[0] // 2)[:, None]), S.shape)
        return np.array([r, c])

    assert np.abs(peak(G) - peak(style)).max() <= 1           # same orientation and period, +- one bin
    concentration = {name: spectrum(x).max() / spectrum(x).mean() for name, x in (("G", G), ("start", start))}
    assert concentration["G"] > 3 * concentration["start"]    # stripes, not noise
    assert costs[-1] < 1e-2 * costs[0]


def test_lenet_activation_size_rises_at_each_convolution(built):
    sizes = [number(row[2]) for row in table_rows(built, "c4w1", "c4w1-lenet")[:-1]]
    assert sizes == [3072, 4704, 1176, 1600, 400, 120, 84, 10]   # the numbers the page quotes
    assert sizes[1] > sizes[0] and sizes[3] > sizes[2]             # each CONV raises it
    assert sizes[2] == sizes[1] / 4 and sizes[4] == sizes[3] / 4   # each POOL divides it by four
