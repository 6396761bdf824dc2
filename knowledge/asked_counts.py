"""How many of something a question asks ("最多能管多少家客户", "分几个等级", "打几折") and the
pattern of a sentence stating such a number: the answer checks refuse a quote without one.
(Preferring such a sentence in the sentence choice was measured and not kept: bench/README.md.)"""

from __future__ import annotations

import re

# How many of something ("最多能管多少家客户", "打几折"): a quoted sentence must state a number of
# that measure ("每位客户经理最多负责20家"). Measure words a count is asked in and a document
# states it in. A duration in days or hours (多少天) is left to the sentences' meaning ("立即",
# "当天" answer it); one in months or years (签几年, 连续几个月) needs the number: a rule in days
# ("间隔不超过60天") does not say how many years a contract runs.
_COUNT_ASKED_RE = re.compile(
    r"(?<!少数)(?<![哪好这那近])(?:多少|几)(家|名|位|倍|折|级|类|种|项|条|步|件|年|个月|人)"
)
NUMBER = r"[\d一二两三四五六七八九十百千万半]"
# 几类 and 几种 ask how many kinds of a thing; a document counts them in any of these classifiers
# ("四类", "四种", "三组指标", "三个方面", "两大类").
_KIND_MEASURES = frozenset("类 种".split())
_KIND_STATED = r"(?:大?类|种|组|方面|部分)"
# "多少个客户", "几个要点": the thing counted follows 个 (not a time: 几个工作日, 几个小时, 几个月).
_COUNTED_NOUN_RE = re.compile(
    r"(?<![哪好这那近])(?:多少|几)个(?!工作日|小时|月|星期|礼拜|钟头)(?:新的?|大)?([\u4e00-\u9fff]{2})"
)


def count_stated(normalized_question: str) -> re.Pattern[str] | None:
    """The pattern of a sentence stating the number the question asks for; None when it asks none."""
    match = _COUNT_ASKED_RE.search(normalized_question)
    if match is None:
        counted = _COUNTED_NOUN_RE.search(normalized_question)
        if counted is None:
            return None
        # "多少个客户": a number of clients (in any classifier: 25位新客户, 八个要点), or its last
        # character's word ("三级" for 几个等级); not an article's number (第十五条 客户经理).
        noun = counted.group(1)
        return re.compile(rf"(?<![第\d一二两三四五六七八九十百千万半]){NUMBER}+\s*"
                          rf"[个位名家种类项条]?\s*(?:新的?|大)?(?:{noun}|{noun[-1]})")  # fmt: skip
    measure = match.group(1)
    if measure == "人":
        # How many people: counted in people or in any classifier of them (20位, 5名, 20个同感的客户).
        return re.compile(rf"{NUMBER}+\s*(?:人|位|名|个)")
    if measure in _KIND_MEASURES:
        # How many kinds: "大客户分为以下四类" answers 几种类型, "按三组指标评价" 分几类.
        measure = _KIND_STATED
    # "9个步骤" states how many steps (几步): a classifier may stand between number and measure.
    return re.compile(rf"{NUMBER}+(?:\.\d+)?\s*{measure}|\d+(?:\.\d+)?\s*%" if measure == "折"
                      else rf"{NUMBER}+\s*个?\s*{measure}")  # fmt: skip
