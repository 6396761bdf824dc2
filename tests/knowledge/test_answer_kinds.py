"""Questions asking why, what good, how or which kinds are answered by a reason, a benefit, a measure
or a whole list, not by the sentence that only shares their topic words (lexicon/answer_kinds.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from knowledge.answering import select_sentences
from knowledge.lexicon import lexicon
from knowledge.text import normalize, query_groups
from knowledge.types import Passage

SAMPLES = Path(__file__).resolve().parents[2] / "knowledge" / "samples"

SERVICE_BY_RATING = (
    "第十四条 差异化服务。 服务按信誉等级区别对待：\n"
    "1. 信誉等级为“优”的客户：可先服务后结算，办理业务免收押金；\n"
    "3. 信誉等级为“差”的客户：加密走访，新增业务须经主管审批，必要时要求预付费用或提供担保。\n\n"
    "信誉越差的客户，欠费和流失的风险越高，所以走访要求也越严。"
)
VISITS = (
    "第十五条 客户经理走访。 客户经理按客户的信誉等级定期上门走访所辖客户：\n"
    "1. 信誉等级为“优”的客户，每6个月至少走访一次，两次走访间隔不超过180天；\n"
    "3. 信誉等级为“差”的客户，每月至少走访一次，两次走访间隔不超过30天。"
)
REMEDY = (
    "第三十五条 服务补救。 因公司原因造成服务失误的，客户经理应迅速查明原因、及时补救。"
    "补救越快，客户的不满越容易化解。\n\n"
    "第三十六条 补救措施。 补救措施包括：当面或书面致歉；说明原因和整改计划；"
    "按合同约定减免费用或给予补偿；由主管或公司领导登门沟通。"
)

GOALS = (
    "第十条 战略目标。 每个大客户都要确定一个战略目标：\n"
    "1. 发展：潜力大、我方份额还低的客户，加大投入；\n"
    "2. 维持：价值高且稳定的客户，保持服务水平；\n"
    "3. 收割：增长空间有限的客户，控制服务成本；\n"
    "4. 退出：长期亏损的客户，有计划地压缩合作。"
)
GOAL_REVIEW = "大客户的战略目标每年1月评定一次，年中确需调整战略目标的，报主管审批。"


def _quoted(question: str, *texts: str) -> list[str]:
    """The units select_sentences quotes, best first, as the answer path calls it (no vectors)."""
    passages = [Passage(t, "手册", "手册.md", None, None, 1.0, "d", f"c{n}") for n, t in
                enumerate(texts)]  # fmt: skip
    norm = normalize(question)
    picked = select_sentences(
        passages, query_groups(question), lambda word: 1.0, None, (), lexicon().asked(norm),
        kinds=lexicon().kinds_asked(norm),
    )  # fmt: skip
    return [unit.text for _, unit in picked]


def test_a_why_question_quotes_the_reason_before_the_rule_it_asks_about() -> None:
    quoted = _quoted("为什么信誉差的客户要走访得更勤？", SERVICE_BY_RATING, VISITS)
    reason = next(i for i, q in enumerate(quoted) if "风险越高" in q)
    rule = next(i for i, q in enumerate(quoted) if "每月至少走访一次" in q)
    assert reason < rule


def test_a_which_kinds_question_quotes_the_whole_list_before_a_sentence_on_its_topic() -> None:
    quoted = _quoted("大客户的战略目标有哪几种？", GOAL_REVIEW, GOALS)
    assert all(item in quoted[0] for item in ("发展：", "维持：", "收割：", "退出："))


def test_a_question_for_measures_quotes_the_sentence_listing_them() -> None:
    quoted = _quoted("服务补救有哪些措施？", REMEDY)
    assert any("当面或书面致歉" in q for q in quoted)


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("为什么要把主要精力放在少数大客户身上？", {"reason"}),
        ("Why must poorly rated clients be visited more often?", {"reason"}),
        ("把大客户服务好对企业有什么好处？", {"benefit"}),
        ("服务补救有哪些措施？", {"measure", "list"}),
        ("How should a power utility segment its key-account market?", {"measure"}),
        ("大客戶可以分為哪幾類？", {"list"}),
        # Plain questions ask for no kind and are answered as before.
        ("信誉较差的客户多久要走访一次？", set()),
        ("How often must I visit a client with a poor credit rating?", set()),
        ("How soon must a critical complaint be resolved?", set()),
        ("客户档案属于什么秘密？", set()),
    ],
)  # fmt: skip
def test_the_kind_of_answer_asked_is_read_from_the_question(question: str, kinds: set[str]) -> None:
    assert {k.name for k in lexicon().kinds_asked(normalize(question))} == kinds


def test_a_why_question_to_the_handbook_is_answered_with_the_reason(
    handbook: KnowledgeBase,
) -> None:
    answer = handbook.answer("为什么信誉差的客户要走访得更勤？")
    assert answer.found
    assert "欠费和流失的风险越高" in answer.text
