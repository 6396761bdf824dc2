"""What a quality lies in (金贵在哪: jieba cuts 金 / 贵在) asks for it and names no thing the
documents should say: 贵在 is no focus word, the nouns of the question still are."""

from __future__ import annotations

from knowledge.answerable import focus_words


def test_where_the_value_lies_is_no_thing_asked_about() -> None:
    assert "贵在" not in focus_words("通信公司里大客户跟普通客户比，到底金贵在哪？")


def test_the_nouns_of_such_a_question_are_still_its_focus() -> None:
    assert "大客户" in focus_words("通信公司里大客户跟普通客户比，到底金贵在哪？")
