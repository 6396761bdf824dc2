"""A manager's everyday words do not get a right answer refused: a verb of perceiving or liking
(觉得, 喜欢, 看见), told by its first sense in the dictionary rather than a list, tells how the
client is to take what is done, not what is asked; the no-answer gate weighs a chunk's words with
knowledge/lexicon/said_by.txt as the answer checks do. A question about something the documents
do not cover is still refused."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answerable import unknown_actions
from knowledge.lexical import BM25Index
from knowledge.text import normalize, words
from tests.knowledge.builders import checks_refusing

# Quotes from the corpus articles (the tests do not read /work/shared/corpus), and filler chunks
# that give the index the documents' common words.
_CORPUS = [
    "因此,在提高服务质量过程中,一是要有科学的标准。二是使无形服务有形化。三是使服务自助化、自动化。",
    "四是对服务过程的透明,满足消费者对服务过程的好奇,从而提高了消费者满意度。",
    "2. 故障报修的，市区2小时内到达现场，郊区和县域4小时内到达现场；",
    "走访客户产生的费用由客户经理所在部门承担。",
    "客户经理应配合后台部门处理客户的问题。",
    *(f"第{n}条 客户经理按信誉等级走访客户，记录走访内容。" for n in range(37)),
    *(f"第{n}条 投诉受理后应在时限内处理完毕并回访客户。" for n in range(51)),
]
_INDEX = BM25Index(words(normalize(c)) for c in _CORPUS)


def _refused(question: str, quote: str) -> list[str]:
    """The word checks refusing the quote as the answer to the question."""
    return checks_refusing(_INDEX, question, quote)


@pytest.mark.parametrize(
    ("question", "quote"),
    [
        ("服务看不见摸不着，怎么让客户觉得实在？", _CORPUS[0]),
        ("客户喜欢自己动手弄，服务上怎么配合？", _CORPUS[0]),
        ("为啥要让客户看见服务的过程？", _CORPUS[1]),
    ],
)
def test_a_verb_of_perceiving_or_liking_is_not_what_is_asked(question: str, quote: str) -> None:
    assert _refused(question, quote) == []


def test_a_verb_of_perceiving_does_not_vouch_for_an_action_no_quote_says() -> None:
    known = _INDEX.vocabulary.__contains__
    assert "觉得" not in unknown_actions("服务看不见摸不着，怎么让客户觉得实在？", (), known)
    assert "退货" in unknown_actions("客户觉得不好用，能退货吗？", (), known)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("信用好的客户能享受啥特殊待遇？", "可先服务后结算"),
    ],
)
def test_the_gate_reads_the_everyday_words_the_checks_read(
    handbook: KnowledgeBase, question: str, expected: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert expected in answer.text
