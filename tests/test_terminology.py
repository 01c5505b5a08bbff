"""Chinese pages use the glossary's terms, not their common variants."""

import re
from pathlib import Path

import pytest

ZH = Path(__file__).resolve().parent.parent / "docs" / "zh"
GLOSSARY = ZH / "glossary.md"

# standard term (as in the glossary) -> variants seen elsewhere that the site does not use
VARIANTS = {
    "正向传播": ["前向传播", "正向传递", "前向传递"],
    "反向传播": ["反向传递", "后向传播", "逆向传播"],
    "梯度下降": ["梯度下落", "梯度递减"],
    "正则化": ["正规化"],
    "批归一化": ["批量归一化", "批标准化", "批量标准化", "批规范化"],
    "学习率": ["学习速率"],
    "激活函数": ["激励函数"],
    "代价函数": ["成本函数"],
    "卷积": ["褶积"],
    "池化": ["汇聚"],
    "循环神经网络": ["递归神经网络"],
    "长短期记忆网络": ["长短时记忆"],
    "注意力机制": ["注意机制"],
    "双边差分": ["双侧差分"],
    "由粗到细搜索": ["先粗后细"],
    "标签错误的样本": ["标注错误"],
    "Eyeball 开发集": ["用眼睛看的开发集", "用眼睛看的”开发集"],
}

# words that mislead a Chinese reader, with the reason
MISLEADING = {
    "测试台": "the lab's bench data is 台架 (or 试验台) data; 测试台 reads like the test set",
}

# Latin words that may appear inside formulas of Chinese pages: notation labels shared with the
# English pages (m_train, dθ_approx, E_best, ...), names kept in Latin (ReLU) and code names
NOTATION_WORDS = {"prev", "norm", "corrected", "run", "approx", "train", "test", "dev", "best",
                  "model", "batch", "seq", "len", "relu", "ReLU", "decay", "rate", "epoch", "num",
                  "time", "interval", "content", "style", "diag", "BLEU"}
# Course 5 Week 2: e_man, e_king ... are the vectors of words of the English corpus the
# embeddings are trained on (data the page shows, not labels to translate)
CORPUS_WORDS = {"man", "woman", "king", "queen", "he", "she"}
FINISHED = ("course-1", "course-2", "course-3", "course-4", "course-5")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
TEXT_IN_MATH = re.compile(r"\\(?:text|mathrm|textrm|mbox)\{([^}]*)\}")


def zh_pages():
    return sorted(p for p in ZH.rglob("*") if p.suffix in (".md", ".py"))


def test_standard_terms_are_the_glossary_terms():
    chinese = {cells[1].strip() for cells in
               (line.split("|")[1:-1] for line in GLOSSARY.read_text(encoding="utf-8").splitlines()
                if line.startswith("|")) if len(cells) >= 2}
    assert set(VARIANTS) <= chinese


@pytest.mark.parametrize("page", zh_pages(), ids=lambda p: str(p.relative_to(ZH)))
def test_no_variant_terms(page):
    text = page.read_text(encoding="utf-8")
    found = [v for variants in VARIANTS.values() for v in variants if v in text]
    assert found == [], f"use the glossary's terms instead of {found}"


@pytest.mark.parametrize("page", zh_pages(), ids=lambda p: str(p.relative_to(ZH)))
def test_no_misleading_terms(page):
    text = page.read_text(encoding="utf-8")
    found = {word: why for word, why in MISLEADING.items() if word in text}
    assert found == {}, found


def latin_words_in_formulas(text):
    """Words of two or more Latin letters inside \\text{...} (or \\mathrm{...}) in the formulas
    of a page, code spans and blocks left out."""
    text = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)
    return {word for formula in MATH.findall(text) for label in TEXT_IN_MATH.findall(formula)
            for word in re.findall(r"[A-Za-z]{2,}", label)}


def finished_pages():
    return [p for p in zh_pages()
            if p.parent == ZH or p.relative_to(ZH).parts[0] in FINISHED]


@pytest.mark.parametrize("page", finished_pages(), ids=lambda p: str(p.relative_to(ZH)))
def test_no_english_words_inside_formulas(page):
    """Chinese formulas write their words in Chinese (精确率, not precision); only notation
    labels, Latin names and code names stay Latin."""
    words = latin_words_in_formulas(page.read_text(encoding="utf-8"))
    allowed = NOTATION_WORDS | (CORPUS_WORDS if page.match("course-5/week-2.md") else set())
    assert words <= allowed, sorted(words - allowed)


def test_english_words_in_formulas_are_found():
    """The check above sees words in display and inline formulas, not in code."""
    sample = "$$\\text{with probability } p$$ 与 $x_{\\text{approx}}$ 和 `$\\text{code}$`"
    assert latin_words_in_formulas(sample) == {"with", "probability", "approx"}


@pytest.mark.parametrize("page", zh_pages(), ids=lambda p: str(p.relative_to(ZH)))
def test_courses_are_named_as_in_the_navigation(page):
    """The Chinese site calls the courses 第一课 ... 第五课, never 课程 2 or 课程二."""
    found = re.findall(r"课程\s*[1-5]|课程[二三四五]", page.read_text(encoding="utf-8"))
    assert found == [], found


def test_week2_uses_the_standard_terms():
    text = (ZH / "course-1" / "week-2.md").read_text(encoding="utf-8")
    for term in ("梯度下降", "反向传播", "代价函数", "学习率", "向量化", "广播", "交叉熵"):
        assert re.search(term, text), term
