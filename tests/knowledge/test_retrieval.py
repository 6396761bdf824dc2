"""Hybrid search across scripts, permissions inside the query, answers, and no-answer cases."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from knowledge import KnowledgeBase

MODES = ("hybrid", "bm25", "dense")


def test_a_simplified_question_finds_traditional_text_shown_in_the_original(
    handbook_kb: KnowledgeBase,
) -> None:
    top = handbook_kb.search("客户满意度调查多久进行一次", k=1)[0]
    assert "客戶滿意度調查每半年進行一次" in top.text
    assert top.title == "營(yíng)銷服務規範"


def test_a_traditional_question_finds_simplified_text(handbook_kb: KnowledgeBase) -> None:
    top = handbook_kb.search("受理客戶訴求後多久聯繫客戶", k=1)[0]
    assert "一个工作日内" in top.text


def test_an_english_question_finds_chinese_text(handbook_kb: KnowledgeBase) -> None:
    passages = handbook_kb.search(
        "How often should clients with a poor credit rating be visited?", k=3
    )
    assert any("较差的客户至少每月走访一次" in p.text for p in passages)


@pytest.mark.parametrize("mode", MODES)
def test_a_client_note_is_hidden_from_users_not_allowed_that_client(
    handbook_kb: KnowledgeBase, mode: str
) -> None:
    question = "华能电厂采购总监喜欢什么时候会面"
    for allowed in (frozenset(), frozenset({8, 9})):
        passages = handbook_kb.search(question, allowed_client_ids=allowed, k=10, mode=mode)
        assert all("王强" not in p.text for p in passages)
        answer = handbook_kb.answer(question, allowed_client_ids=allowed, mode=mode)
        assert "王强" not in answer.text
    for allowed in (frozenset({7}), frozenset({1, 7}), None):
        passages = handbook_kb.search(question, allowed_client_ids=allowed, k=3, mode=mode)
        assert any("王强偏好周二上午会面" in p.text for p in passages), allowed


def test_users_still_see_public_documents_through_the_filter(handbook_kb: KnowledgeBase) -> None:
    passages = handbook_kb.search("绿色通道三优服务", allowed_client_ids=frozenset({8}), k=3)
    assert passages and "三优" in passages[0].text


def test_the_answer_quotes_the_sentence_that_answers_and_cites_its_source(
    handbook_kb: KnowledgeBase,
) -> None:
    answer = handbook_kb.answer("信誉评价较差的客户多久走访一次？", allowed_client_ids=frozenset())
    assert answer.found and not answer.used_llm
    assert "每月走访一次" in answer.text
    assert answer.text.startswith("根据资料")
    assert "[1]" in answer.text
    assert answer.sources[0].title == "大客户服务手册"
    assert answer.sources[0].section == "大客户服务手册 › 一、走访制度"
    assert len(answer.text) < 400  # sentences, not a pile of chunks


def test_an_english_question_gets_english_wording(handbook_kb: KnowledgeBase) -> None:
    answer = handbook_kb.answer("How many other clients feel the same when one complains?")
    assert answer.found
    assert answer.text.startswith("From the documents:")
    assert "二十个" in answer.text


@pytest.mark.parametrize(
    ("question", "wording"),
    [
        ("今天天气怎么样", "没有找到相关内容。"),
        ("红烧肉怎么做", "没有找到相关内容。"),
        ("世界杯冠军是谁", "没有找到相关内容。"),
        ("how to bake bread", "No relevant passage found."),
        ("Python list comprehension", "No relevant passage found."),
    ],
)
def test_unrelated_questions_find_nothing_and_quote_nothing(
    handbook_kb: KnowledgeBase, question: str, wording: str
) -> None:
    answer = handbook_kb.answer(question)
    assert not answer.found
    assert answer.sources == ()
    assert answer.text == wording


def test_an_empty_knowledge_base_answers_not_found(kb: KnowledgeBase) -> None:
    assert kb.search("走访周期") == []
    assert not kb.answer("走访周期").found


def test_search_rejects_an_unknown_mode(handbook_kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="mode"):
        handbook_kb.search("走访", mode="magic")


def test_searches_from_many_threads_run_while_a_document_is_ingested(kb: KnowledgeBase) -> None:
    kb.ingest_bytes("a.md", "# 走访\n\n优质客户至少每六个月走访一次。".encode())
    errors: list[BaseException] = []
    start = threading.Barrier(5)

    def ask(n: int) -> int:
        start.wait()
        try:
            return sum(len(kb.search("优质客户多久走访一次", k=3)) for _ in range(4))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
            raise

    with ThreadPoolExecutor(max_workers=5) as pool:
        futures = [pool.submit(ask, n) for n in range(4)]
        start.wait()
        kb.ingest_bytes("b.md", "# 投诉\n\n受理后一个工作日内联系客户。".encode())
        results = [f.result() for f in futures]
    assert not errors and all(r >= 4 for r in results)
    assert len(kb.documents()) == 2


def test_a_list_is_quoted_whole_with_the_sentence_that_introduces_it(kb: KnowledgeBase) -> None:
    kb.ingest_bytes(
        "records.md",
        (
            "# 走访记录\n\n第二十二条 记录内容。 每次走访后，客户经理应在24小时内填写走访记录，"
            "内容包括：\n1. 走访人和走访日期；\n2. 会见的客户方人员姓名及职务；\n3. 下一步安排和跟进日期。\n"
            "第二十三条 记录要求。 走访记录应真实、具体。\n"
        ).encode(),
    )
    answer = kb.answer("走访记录应包括哪些内容？")
    assert answer.found
    # The list keeps its line breaks inside the quote.
    assert "内容包括：\n1. 走访人和走访日期；\n2. 会见的客户方人员姓名及职务；" in answer.text
    assert "第二十二条 记录内容。 每次走访后" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "客户经理的年终奖怎么计算？",
        "客户经理出差住宿标准是每晚多少钱？",
        "大客户俱乐部每年的会费是多少？",
    ],
)
def test_an_in_domain_question_the_documents_do_not_answer_finds_nothing(
    handbook_kb: KnowledgeBase, question: str
) -> None:
    # In the business's own words, so close to the handbook; still nothing in it answers.
    answer = handbook_kb.answer(question)
    assert not answer.found and answer.sources == ()
    assert answer.text == "没有找到相关内容。"


def test_a_paraphrase_sharing_few_words_is_still_answered(handbook_kb: KnowledgeBase) -> None:
    answer = handbook_kb.answer("评价不好的客户隔多长时间要去拜访？")
    assert answer.found and "每月" in answer.text
