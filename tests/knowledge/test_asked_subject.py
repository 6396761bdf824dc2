"""A question sharing its frame (提前几天, 多久) and its nouns with a handbook rule but asking about
another action (预约 or 通知 rather than the visit reminder, 报销 rather than prepaid fees) is
refused, and so is a how-long question whose nearest sentence states no time; paraphrases in
everyday verbs (填好, 拿出, 改好) are still answered."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answerable import unknown_actions


@pytest.mark.parametrize(
    "question",
    [
        "去客户那里之前要提前几天预约？",
        "拜访客户前要提前几天通知客户？",
        "走访客户时打车的费用能报销吗？",
        "客户要退网，需要提前几天申请？",
        "流失的客户过多久可以重新去开发？",
    ],
)
def test_a_rule_sharing_the_questions_frame_but_not_its_subject_is_not_quoted(
    handbook: KnowledgeBase, question: str
) -> None:
    answer = handbook.answer(question)
    assert not answer.found, answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("见完客户多久之内要把记录填好？", "24小时内填写走访记录"),
        ("开完客户座谈会以后多久要拿出整改清单？", "15个工作日内形成整改清单"),
        ("客户那边换了对接的负责人，档案几天内要改好？", "工作日内更新"),
        ("客户的信誉好坏多久重新评一次？", "每半年评定一次"),
        ("系统会提前几天提醒我去走访？", "到期前7天"),
    ],
)
def test_a_paraphrase_in_everyday_verbs_is_still_answered(
    handbook: KnowledgeBase, question: str, expected: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert expected in answer.text


def test_an_action_the_documents_never_name_is_what_the_question_asks_about() -> None:
    in_documents = {"客户", "提前", "申请", "记录", "走访"}.__contains__
    assert unknown_actions("客户要退网，需要提前几天申请？", [], in_documents) == ["退网"]
    # 填好 and 交齐 say how (a verb with its result), 需要 is a stop word: none is the subject.
    assert unknown_actions("见完客户多久之内要把记录填好？", [], in_documents) == []
    assert unknown_actions("资料交齐了，需要几天？", [], in_documents) == []
