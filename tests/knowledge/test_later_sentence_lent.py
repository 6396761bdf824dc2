"""A later sentence of an article leaves its subject to the sentences before it ("评价依据包括…" after
"信誉等级分为优、中、差三级"). Where it gives what the question asks and they do not (the basis of
怎么评, a figure asked by a comparison: 低于多少, 贵多少), it is lent their words and answers first;
elsewhere the first sentence, saying the subject, stays first (answering.LENDING)."""

from __future__ import annotations

import pytest

from knowledge import answering
from knowledge.answer_units import Unit
from knowledge.answerable import states_compared
from knowledge.answering import listed_things, select_sentences
from knowledge.defined_terms import defined_term
from knowledge.lexicon import lexicon
from knowledge.text import normalize, query_groups
from knowledge.types import Passage

CREDIT_RATING = (
    "第十二条 信誉等级。 公司对大客户实行信誉评价，信誉等级分为优、中、差三级。"
    "评价依据包括近12个月的缴费和回款记录、合同履约情况、投诉与纠纷记录，以及客户经营状况的变化。"
)
RATING_PERIOD = (
    "第十三条 评定周期。 信誉等级每半年评定一次，分别在1月和7月完成。客户出现大额欠费的，"
    "客户经理应在3个工作日内提出降级申请，不必等到下一个评定期。"
)
SATISFACTION_TARGET = (
    "第五十四条 考核目标。 团队满意度平均分不低于4.5分（满分5分）。"
    "单个客户得分低于3分的，客户经理应在10个工作日内提交改进计划。"
)
SATISFACTION_INDICATORS = "第五十二条 指标体系。 客户满意度按产品、服务和购买三组指标评价。"
SERVICE_IDEA = (
    "第三条 服务理念。 留住一个老客户比争取一个新客户划算得多。"
    "经验数据表明：争取一个新客户的成本约为维系一个满意客户的5倍；"
    "每收到一起投诉，背后往往还有约20位有同样感受却没有开口的客户。"
)


def _quoted(question: str, *texts: str) -> list[str]:
    """The units select_sentences quotes, best first, as KnowledgeBase.quote calls it (no vectors)."""
    passages = [Passage(t, "手册", "手册.md", None, None, 1.0, "d", f"c{n}") for n, t in
                enumerate(texts)]  # fmt: skip
    norm = normalize(question)
    picked = select_sentences(
        passages, query_groups(question), lambda word: 1.0, None, [], lexicon().asked(norm),
        kinds=lexicon().kinds_asked(norm), listed=listed_things(norm), defined=defined_term(norm),
        states_compared=states_compared(question),
    )  # fmt: skip
    return [unit.text for _, unit in picked]


def test_the_basis_asked_is_the_later_sentence_of_the_article() -> None:
    quoted = _quoted("信誉等级怎么评出来的？", CREDIT_RATING, RATING_PERIOD)
    assert quoted[0].startswith("评价依据包括近12个月")


def test_without_lending_the_first_sentence_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answering, "LENDING", False)
    quoted = _quoted("信誉等级怎么评出来的？", CREDIT_RATING, RATING_PERIOD)
    assert not quoted[0].startswith("评价依据包括")


def test_a_question_asking_no_basis_keeps_the_sentence_saying_the_subject() -> None:
    quoted = _quoted("信誉等级分几级？", CREDIT_RATING, RATING_PERIOD)
    assert "分为优、中、差三级" in quoted[0]


def test_the_threshold_asked_below_is_the_later_sentence() -> None:
    quoted = _quoted("客户满意度低于多少要整改？", SATISFACTION_TARGET, SATISFACTION_INDICATORS)
    assert quoted[0].startswith("单个客户得分低于3分的")


def test_the_ratio_asked_is_quoted_first() -> None:
    quoted = _quoted("拉一个新客户比留住老客户贵多少？", SERVICE_IDEA)
    assert "5倍" in quoted[0]


@pytest.mark.parametrize(
    ("question", "text", "states"),
    [
        ("客户满意度低于多少要整改？", "单个客户得分低于3分的，客户经理应提交改进计划。", True),
        # The norm, not the threshold below which something is done.
        ("客户满意度低于多少要整改？", "团队满意度平均分不低于4.5分（满分5分）。", False),
        ("逾期超过多少天要找财务？", "逾期超过30天的，由主管会同财务部门制定催收方案。", True),
        ("拉一个新客户比留住一个老客户要多花多少钱？", "成本约为维系一个满意客户的5倍；", True),
        (
            "拉一个新客户比留住一个老客户要多花多少钱？",
            "留住一个老客户比争取一个新客户划算得多。",
            False,
        ),
    ],
)
def test_a_figure_asked_by_a_comparison(question: str, text: str, states: bool) -> None:
    stating = states_compared(question)
    assert stating is not None
    assert stating(Unit(text)) is states


def test_a_question_comparing_nothing_asks_no_compared_figure() -> None:
    assert states_compared("客户多久走访一次？") is None
    assert states_compared("满意度低的客户要多久整改完？") is None
