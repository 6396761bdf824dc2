"""A manager's spoken question frames (够不够格, 干嘛, 啥), everyday verbs (下手, 盯紧) and verbs that
frame what is asked (讲究哪些原则, 下班以后) are not taken for what the question asks about: the rule
they paraphrase is quoted, not refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from knowledge.answerable import unknown_actions
from knowledge.text import normalize, query_groups, words
from tests.knowledge.conftest import open_kb


@pytest.mark.parametrize("frame", ["干嘛", "啥"])
def test_a_spoken_question_word_is_no_search_word(frame: str) -> None:
    assert frame not in words(normalize(f"客户经理第一步{frame}"))


@pytest.mark.parametrize(
    ("question", "frame"),
    [("手册有不懂的地方找谁问", "地方"), ("这个手册啥时候开始用", "啥时候"),
     ("拜访拖过了日子没去会怎么样", "怎么样"), ("周末算不算在处理天数里", "天数")],
)  # fmt: skip
def test_an_interrogative_or_a_vague_noun_is_no_search_word(question: str, frame: str) -> None:
    assert frame not in words(normalize(question))


@pytest.mark.parametrize(
    ("verb", "written"), [("下手", "着手"), ("盯紧", "跟踪")]
)  # fmt: skip
def test_an_everyday_verb_is_searched_with_the_word_the_documents_write(
    verb: str, written: str
) -> None:
    assert any(verb in group and written in group for group in query_groups(f"应该从哪{verb}"))


def test_an_everyday_verb_is_not_an_action_the_documents_never_name() -> None:
    question = "想让客户更满意，服务上从哪下手？"
    in_documents = {"着手", "客户", "满意", "服务"}.__contains__
    assert unknown_actions(question, query_groups(question), in_documents) == []


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("一个客户够不够格算大客户，看哪几条？", "主要看以下五个因素"),
    ],
)
def test_a_paraphrase_with_a_spoken_frame_is_answered_with_the_rule_first(
    handbook: KnowledgeBase, question: str, rule: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert rule in answer.quotes[0], answer.text


@pytest.mark.parametrize(
    ("question", "frame"),
    [
        ("我们做大客户服务讲究哪些原则？", "讲究"),  # what the principles are
        ("新业务怎么推给客户让他们知道？", "知道"),  # how to tell the clients
        ("下班以后客户发微信咨询，什么时候回？", "下班"),  # when: a clause of time
    ],
)
def test_a_verb_framing_the_question_is_no_action_the_documents_must_name(
    question: str, frame: str
) -> None:
    in_documents = {"大客户", "服务", "原则", "业务", "客户", "微信", "咨询", "回"}.__contains__
    assert frame not in unknown_actions(question, query_groups(question), in_documents)


def test_a_frame_verb_counts_when_the_question_names_an_action_the_documents_never_use() -> None:
    # 送礼 shares 送 with "送货上门"; the frame verb no quote says must not let that quote through.
    question = "送礼给客户要讲究什么？"
    in_documents = {"客户", "送货"}.__contains__
    assert unknown_actions(question, query_groups(question), in_documents) == ["送礼", "讲究"]


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("我们做大客户服务讲究哪些原则？", "以客户为中心"),
        ("下班以后客户发微信咨询，什么时候回？", "次日上午10点前响应"),
        ("处理客户投诉有哪些步骤？", "负责登记、转办和跟踪"),
        ("周末算不算在处理天数里？", "算作工作日"),
        ("这个手册啥时候开始用？", "2026年1月1日起施行"),
    ],
)
def test_a_paraphrase_framed_by_everyday_words_is_answered(
    handbook: KnowledgeBase, question: str, rule: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert rule in answer.text, answer.text


def test_steps_of_an_action_the_documents_never_name_are_not_answered(
    tmp_path: Path, samples_kb: Path
) -> None:
    # "送货上门" shares 送 with 送礼: without 步骤 to name, the delivery rule was quoted.
    shutil.copytree(samples_kb, tmp_path / "kb")
    base = open_kb(tmp_path / "kb")
    try:
        base.ingest_bytes("delivery.md", "# 大客户服务\n\n对大客户采用送货上门的服务。\n".encode())
        answer = base.answer("给客户送礼有哪些步骤？")
        assert not answer.found, answer.text
    finally:
        base.close()
