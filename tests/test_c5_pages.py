"""Course 5 pages: the Chinese formulas carry no English labels.

Inside ``$...$`` and ``$$...$$`` of docs/zh/course-5, ``\\text{}`` and
``\\operatorname{}`` may hold Chinese, the tokens that are data (the words whose
embeddings a formula uses, such as "man"), the subscript of d_model, the metric's
name BLEU, and the names of functions that the code and the papers use as symbols.
"""

import re
from pathlib import Path

import pytest

ZH = Path(__file__).resolve().parent.parent / "docs" / "zh" / "course-5"
DATA_WORDS = {"man", "woman", "king", "queen", "he", "she"}
SYMBOLS = {"model", "BLEU", "softmax", "Attention", "MultiHead", "LayerNorm", "concat", "sim", "avg",
           "diag"}
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
LABEL = re.compile(r"\\(?:text|operatorname|mathrm)\{([^}]*)\}")


def labels(text):
    code_free = re.sub(r"```.*?```", "", text, flags=re.S)
    for match in MATH.finditer(code_free):
        yield from LABEL.findall(match.group(1) or match.group(2))


@pytest.mark.parametrize("page", sorted(ZH.glob("*.md")), ids=lambda p: p.name)
def test_zh_formulas_have_no_english_labels(page):
    english = [label for label in labels(page.read_text(encoding="utf-8"))
               if re.search(r"[A-Za-z]{2,}", label) and label not in DATA_WORDS | SYMBOLS]
    assert english == [], f"translate these labels or use symbols: {english}"


def test_the_checker_finds_english_labels():
    found = list(labels(r"前文 $\text{BLEU} = \text{BP} \cdot x$，$e^{\text{debiased}}$ 和 $e_{\text{man}}$"))
    assert found == ["BLEU", "BP", "debiased", "man"]
