"""A quoted sentence going on from the one before it ("因此,…", "同时,…") is quoted after that one,
when both are quoted: the answer gives a reason before its conclusion, not the other way round."""

from __future__ import annotations

from knowledge.answer_units import Unit
from knowledge.quote_order import going_on_after_their_sentence
from knowledge.types import Passage

REASON = "大客户期望大客户经理具有一定的权威性,能快速解决客户的实际问题。"
CONCLUSION = "因此,供电企业应提高大客户经理在企业中的地位和待遇,并予以充分的授权。"
ADDITION = "同时,大客户经理经过授权后,在团队中扮演领导者的角色。"
ELSEWHERE = "理想的大客户经理必须具备全方位的技能。"
PASSAGE = Passage(
    f"{REASON}{CONCLUSION}{ADDITION}\n{ELSEWHERE}", "供电", "p.txt", None, None, 1.0, "d", "c0"
)


def _order(*texts: str) -> list[str]:
    picked = [(0, Unit(text)) for text in texts]
    return [unit.text for _, unit in going_on_after_their_sentence([PASSAGE], picked)]


def test_a_conclusion_ranked_first_is_quoted_after_its_reason() -> None:
    assert _order(CONCLUSION, ELSEWHERE, REASON) == [REASON, CONCLUSION, ELSEWHERE]


def test_a_chain_of_sentences_going_on_is_quoted_in_reading_order() -> None:
    assert _order(ADDITION, CONCLUSION, REASON) == [REASON, CONCLUSION, ADDITION]


def test_a_conclusion_whose_reason_is_not_quoted_stays_first() -> None:
    assert _order(CONCLUSION, ELSEWHERE) == [CONCLUSION, ELSEWHERE]


def test_a_sentence_not_just_before_in_its_paragraph_is_not_moved() -> None:
    # ELSEWHERE is in the next paragraph, not the sentence the conclusion goes on from.
    assert _order(ADDITION, ELSEWHERE) == [ADDITION, ELSEWHERE]
