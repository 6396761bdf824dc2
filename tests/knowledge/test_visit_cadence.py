"""How often a kind of key account is visited, on the sample handbooks (issue 14).

"大客户多久走访一次？" / "How often do key accounts need a visit?" ask about every key account: the
account manager's rule by credit rating (Article 15) answers them, not the exception for strategic
accounts (Article 16) nor the supervisor's and executives' rules (Articles 17, 18), which name two
kinds of account and said 一次 and 重点 (重点了解) where Article 15 says 所辖客户. "战略大客户多久走访
一次？" asks about one kind: its rule (60 days between visits) comes before the executives' yearly
visit, which says "至少走访一次" where Article 16 states the interval."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answering import names_other_actor
from knowledge.lexicon import lexicon
from knowledge.text import normalize, words


def first_quote(answer_text: str) -> str:
    """The first quoted unit (intro line excluded), up to its [n] mark."""
    body = answer_text.split("\n", 1)[1]
    return body.split(" [1]", 1)[0].split(" [2]", 1)[0]


@pytest.mark.parametrize(
    ("question", "rule", "wrong"),
    [
        ("重点大客户多久拜访一次？", "按客户的信誉等级定期上门走访", "主管"),
        ("大客户多久走访一次？", "按客户的信誉等级定期上门走访", "战略大客户"),
        ("How often do key accounts need a visit?", "set by the client's credit rating",
         "Strategic"),
        ("战略大客户多久走访一次？", "两次走访间隔不超过60天", "公司领导"),
        # Naming who visits asks for that one's rule, though it is for two kinds of account only.
        ("主管多久去走访一次客户？", "主管每季度至少走访一次", "信誉等级为"),
        ("公司领导多久拜访一次大客户？", "公司领导每年至少走访一次", "信誉等级为"),
    ],
)  # fmt: skip
def test_the_rule_for_the_accounts_asked_about_is_quoted_first(
    handbook: KnowledgeBase, question: str, rule: str, wrong: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found
    quote = first_quote(answer.text)
    assert rule in quote
    assert wrong not in quote


def test_a_key_account_is_searched_as_one_not_for_its_modifier() -> None:
    # 重点 of 重点大客户 met 重点了解 (Article 17) and 重点园区 (the strategic row) in other rules.
    assert "重点" not in words(normalize("重点大客户多久拜访一次？"))
    assert "大客户" in words(normalize("重点大客户多久拜访一次？"))
    assert "战略" in words(normalize("战略大客户多久走访一次？"))


def test_a_question_naming_no_kind_of_account_asks_about_them_all() -> None:
    lex = lexicon()
    assert "account" in lex.scales_asked(normalize("大客户多久走访一次？"))
    assert "account" in lex.scales_asked(normalize("How often do key accounts need a visit?"))
    assert "account" not in lex.scales_asked(normalize("战略大客户多久走访一次？"))
    assert names_other_actor(normalize("How often do supervisors visit clients?"))
    assert not names_other_actor(normalize("How often do key accounts need a visit?"))


def test_how_often_asks_for_a_frequency_and_how_long_does_not() -> None:
    def kinds(question: str) -> list[str]:
        return [k.name for k in lexicon().kinds_asked(normalize(question))]

    assert "frequency" in kinds("大客户多久走访一次？")
    assert "frequency" in kinds("How often do key accounts need a visit?")
    assert "frequency" not in kinds("紧急投诉多久要解决？")


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        # A frequency asked per period in everyday words (一年…几回) where the rule says 每年.
        ("重点客户公司领导一年得去几回？", "公司领导每年至少走访一次"),
        ("公司领导一年要去客户那里几次？", "公司领导每年至少走访一次"),
    ],
)  # fmt: skip
def test_a_yearly_visit_asked_in_everyday_words_is_answered(
    handbook: KnowledgeBase, question: str, rule: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found
    assert rule in first_quote(answer.text)


def test_a_period_in_everyday_words_is_said_by_the_documents_words() -> None:
    said = lexicon().with_said_by
    assert "每月" in said((("一个月",),), normalize("一个月得去几趟？"))[0]
    assert "每季度" in said((("一个季度",),), normalize("一个季度去几次？"))[0]
    # 一年 is searched as 每年 too: the rule's chunk must be among those the gate weighs.
    assert "每年" in lexicon().alternatives("一年")


@pytest.mark.parametrize(
    "question", ["大客户俱乐部一年搞几次活动？", "大客户经理一个月工资多少？"]
)  # fmt: skip
def test_a_period_asked_about_something_the_handbook_never_says_is_refused(
    handbook: KnowledgeBase, question: str
) -> None:
    assert not handbook.answer(question).found
