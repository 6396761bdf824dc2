"""Two plain question shapes on the sample handbooks (issue 14).

"投诉分几个等级？" / "投诉分几级？" ask how many levels complaints have: 等级 and 级 there name the
levels counted, not the topic, so the credit-rating rule (信誉等级分为优、中、差三级) and the
low-score rule (回访得分为1分或2分) no longer come first, and 投诉分几级 is no longer refused.

"Which clients count as strategic key accounts?" asks what makes a client one: the row defining
the type ("4. Strategic key accounts: clients of strategic importance…") answers it before the
list of strategic goals, which only shares the word "strategic"."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.answering import _defines
from knowledge.lexicon import lexicon
from knowledge.text import normalize, words


def first_quote(answer_text: str) -> str:
    """The first quoted unit (intro line excluded), up to its [n] mark."""
    body = answer_text.split("\n", 1)[1]
    return body.split(" [1]", 1)[0].split(" [2]", 1)[0]


@pytest.mark.parametrize(
    ("question", "rule", "wrong"),
    [
        ("投诉分几个等级？", "低、中、高、紧急四级", "信誉"),
        ("投诉分几级？", "低、中、高、紧急四级", "1分或2分"),
        ("信誉等级分几级？", "优、中、差三级", "紧急"),
        ("Which clients count as strategic key accounts?",
         "strategic importance to the company's long-term development", "Strategic goals"),
        # The plural "accounts" names the kind of account asked about too, and the strategic
        # goals, though "strategic", are no strategic account.
        ("Which clients count as strategic accounts?",
         "strategic importance to the company's long-term development", "Strategic goals"),
        ("哪些客户算是战略大客户？", "对公司长期发展有战略意义", "战略目标"),
    ],
)  # fmt: skip
def test_the_rule_asked_about_is_quoted_first(
    handbook: KnowledgeBase, question: str, rule: str, wrong: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found
    quote = first_quote(answer.text)
    assert rule in quote
    assert wrong not in quote


def test_a_count_of_levels_is_no_topic_word() -> None:
    # 等级 inside 分几个等级 asks how many; searching it pulled the credit-rating rules.
    assert "等级" not in words(normalize("投诉分几个等级？"))
    assert "等级" in words(normalize("信誉等级多久评一次？"))


def test_a_row_defines_its_label_only_when_the_question_names_all_of_it() -> None:
    # 重要大客户 is one kind of 大客户: its row does not say what a 大客户 is (it outranked the
    # definition of 大客户 for 什么是大客户 on the corpus).
    kinds = Unit("1. 重要大客户：党政机关、医院、高校等单位；", intro="大客户分为以下四类：")
    assert not _defines(kinds, [["大客户"]])
    assert _defines(kinds, [["重要大客户"]])
    row = Unit("4. Strategic key accounts: clients of strategic importance to the company.")
    assert _defines(row, [["strategic"], ["key"], ["accounts"], ["clients"]])
    assert not _defines(row, [["key"], ["accounts"]])


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("How often does a supervisor visit strategic accounts?", {"strategic"}),
        ("Supervisors visit every important and every strategic key account.",
         {"important", "strategic"}),
        ("4. Strategic key accounts: clients of strategic importance", {"strategic"}),
        ("Group key accounts: corporate groups", {"group"}),
        ("战略大客户不论信誉等级", {"strategic"}),
        # "Strategic" of a goal, "group" of a client group: no kind of account.
        ("Article 10 Strategic goals. Every key account has one strategic goal:", set()),
        ("the size of the client group, such as head count", set()),
    ],
)  # fmt: skip
def test_an_english_kind_of_account_is_named_only_before_the_account(
    text: str, named: set[str]
) -> None:
    assert lexicon().group("account").mentioned(normalize(text)) == named


def test_a_question_on_strategic_goals_asks_about_no_kind_of_account() -> None:
    question = "What are the strategic goals of key account marketing for a power company?"
    assert "account" not in lexicon().asked(normalize(question))
    assert lexicon().asked(normalize("Which clients count as strategic accounts?")) == {
        "account": frozenset({"strategic"})
    }
