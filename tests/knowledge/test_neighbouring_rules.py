"""An answer does not go on to quote a neighbouring rule that shares only a figure or a time word
with the question: "客户欠款超过60天怎么办？" quotes the collections rule, not the overdue visits'
15 days or the strategic accounts' 60-day visit interval after it, which a manager would read as
part of the answer. No model is loaded here."""

from __future__ import annotations

from knowledge.answerable import question_subject
from knowledge.answering import select_sentences
from knowledge.text import query_groups
from knowledge.types import Passage

COLLECTIONS = (
    "第四十八条 逾期处理。 考核日后仍未到账的，客户经理应在次日报告主管；"
    "逾期超过30天的，由主管会同财务部门制定催收方案，必要时下调客户的信誉等级。"
)
OVERDUE_VISITS = (
    "第二十一条 逾期处理。 客户走访逾期超过15天的，主管应在3个工作日内向客户经理了解原因并安排补访；"
    "同一客户连续两个周期逾期的，纳入客户经理的月度考核。"
)
STRATEGIC = (
    "第十六条 战略大客户。 战略大客户不论信誉等级，两次走访间隔不超过60天；"
    "与第十五条的周期不一致时，按较短的周期执行。"
)
WARNING = "第四十五条 客户预警。 回款逾期超过30天的，客户经理应发出客户预警并报告主管。"
SECTIONS = {
    COLLECTIONS: "第九章 回款预警",
    OVERDUE_VISITS: "第四章 走访制度 › 到期提醒与逾期处理",
    STRATEGIC: "第四章 走访制度 › 走访周期",
    WARNING: "第八章 客户档案管理",
}


def _quoted(question: str, texts: tuple[str, ...]) -> str:
    passages = [
        Passage(text, "手册", "手册.md", SECTIONS[text], None, 1.0, "d", f"c{n}")
        for n, text in enumerate(texts)
    ]
    groups = query_groups(question)
    picked = select_sentences(
        passages, groups, lambda word: 1.0, None, subject=question_subject(question, groups)
    )
    return "\n".join(unit.text for _, unit in picked)


def test_a_debt_question_does_not_go_on_to_quote_the_visit_rules_sharing_its_days() -> None:
    quoted = _quoted("回款逾期超过30天由谁来处理？", (COLLECTIONS, OVERDUE_VISITS, STRATEGIC))
    assert "催收方案" in quoted
    assert "补访" not in quoted and "两次走访间隔" not in quoted


def test_a_later_rule_saying_what_the_question_is_about_is_still_quoted() -> None:
    quoted = _quoted("回款逾期超过30天由谁来处理？", (COLLECTIONS, WARNING, OVERDUE_VISITS))
    assert "催收方案" in quoted and "客户预警" in quoted
    assert "补访" not in quoted


def test_a_question_asking_about_visits_still_quotes_both_visit_rules() -> None:
    quoted = _quoted("客户走访逾期超过15天怎么办？", (OVERDUE_VISITS, STRATEGIC))
    assert "补访" in quoted


def test_the_subject_of_a_question_leaves_out_figures_time_and_shared_words() -> None:
    question = "客户欠款超过60天怎么办？"
    groups = query_groups(question)
    subject = question_subject(question, groups)
    about = {groups[n][0] for n in subject.words}
    assert about == {"欠款"}
    assert "回款" in subject.words[next(iter(subject.words))]  # said_by.txt: 欠款 = 回款
    assert {g[0] for g in subject.figures} == {"60", "天"}
