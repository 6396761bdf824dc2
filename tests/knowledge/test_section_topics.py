"""An English question meets Chinese sentences only through translations: of the sentences sharing
as many of its words, the one standing in the section about what is asked answers it (the heading of
the chunk's section is its topic), though a numbered article title stands nearer over it."""

from __future__ import annotations

from knowledge.answering import select_sentences
from knowledge.types import Passage

# Both rules say 工作日 twice over; only the second stands in the section on counting working days.
DEADLINES = Passage(
    "第二十八条 处理时限。 低：10个工作日；高：3个工作日。",
    "大客户服务政策手册", "h.zh.md", "第五章 投诉受理与处理 › 分级与处理时限", None, 1.0, "h", "h1",
)  # fmt: skip
COUNTING = Passage(
    "第三十四条 工作日。 法定节假日不算工作日，因调休上班的周六算作工作日。",
    "大客户服务政策手册", "h.zh.md", "第五章 投诉受理与处理 › 工作日的计算", None, 1.0, "h", "h2",
)  # fmt: skip


def _idf(word: str) -> float:
    return 1.0


def test_an_english_question_is_answered_from_the_section_on_its_topic() -> None:
    groups = (("working", "工作日"), ("days", "工作日"), ("counted", "计算"))
    picked = select_sentences([DEADLINES, COUNTING], groups, _idf, None, language="en")
    assert "法定节假日不算工作日" in picked[0][1].text


def test_a_chinese_question_is_not_moved_by_the_section_heading() -> None:
    # The credit is for an English question's translated words: a Chinese question's words meet
    # the sentences themselves, and the earlier passage still leads on a tie.
    groups = (("工作日",), ("计算",))
    picked = select_sentences([DEADLINES, COUNTING], groups, _idf, None, language="zh")
    assert "10个工作日" in picked[0][1].text
