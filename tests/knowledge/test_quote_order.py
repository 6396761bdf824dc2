"""A quoted sentence going on from the one before it ("因此,…", "同时,…") is quoted after that one,
when both are quoted: the answer gives a reason before its conclusion, not the other way round.
A sentence pointing back ("这一做法,…") is quoted with the sentence it points at."""

from __future__ import annotations

from knowledge.answer_units import Unit
from knowledge.quote_order import going_on_after_their_sentence, with_what_they_point_at
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


CHANNEL = (
    "中油统销实行,就是将客户先行集中,合并,并对一些信誉差的客户进行限期整改淘汰。"
    "这一做法,优化了资源,提升了客户质量。"
)
POINTER = "这一做法,优化了资源,提升了客户质量。"
CHANNEL_PASSAGE = Passage(CHANNEL, "客户管理", "w.txt", None, None, 1.0, "d", "c1")


def _with_pointed_at(room: float = 320) -> list[str]:
    picked = [(0, Unit(POINTER))]
    return [u.text for _, u in with_what_they_point_at([CHANNEL_PASSAGE], picked, room)]


def test_a_sentence_pointing_back_is_quoted_with_what_it_points_at() -> None:
    assert _with_pointed_at() == [CHANNEL[: -len(POINTER)], POINTER]


def test_what_it_points_at_is_left_out_when_the_answer_has_no_room() -> None:
    assert _with_pointed_at(room=20) == [POINTER]


def test_a_sentence_pointing_back_from_a_passage_start_has_nothing_before_it_to_quote() -> None:
    # What it points at closed the chunk before: not in this passage's text.
    passage = Passage(f"{POINTER}同时在这个过程中也淘汰了一些不忠诚客户。", "客户管理", "w.txt",
                      None, None, 1.0, "d", "c2")  # fmt: skip
    picked = [(0, Unit(POINTER))]
    assert with_what_they_point_at([passage], picked, 320) == picked


def test_a_later_quote_pointing_back_is_an_extra_and_gets_nothing_added() -> None:
    picked = [(1, Unit(ELSEWHERE)), (0, Unit(POINTER))]
    assert with_what_they_point_at([CHANNEL_PASSAGE, PASSAGE], picked, 320) == picked
