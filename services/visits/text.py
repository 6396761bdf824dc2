"""Text as the visit parser reads it: how much of it, its Chinese characters, its language."""

from __future__ import annotations

import re

# Fields are read from the head of a message only, so a pasted 20,000-character text stays fast;
# the summary keeps the rest of the text up to its own cap.
FIELD_LIMIT = 2_000
SUMMARY_LIMIT = 2_000


# --- Normalisation ---------------------------------------------------------------------------
# Every rule runs on a copy of the text with the same length as the original (full-width to
# half-width, traditional to simplified, one character at a time: knowledge.normal_form's
# `fold_keeping_length`), so a span found in the copy slices the original: names come back as
# the user wrote them.

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")


def _han_count(text: str) -> int:
    return len(_HAN_RE.findall(text))


def _detect_language(text: str) -> str:
    han = _han_count(text)
    latin_words = len(re.findall(r"[A-Za-z]{2,}", text))
    return "zh" if han and han >= latin_words else ("en" if latin_words else "zh")


# A sentence, not a tap's word: "客户说账单金额算错了" typed where a category, a severity, a kind or
# who received it is asked ("账单", "紧急", "电话", "IT部王经理" are answers; a description is not).
_CLAUSE_RE = re.compile(r"[，。；！？、,;!?]|\.\s")


def tells_more_than_a_word(text: str) -> bool:
    """Whether a message typed at a step that waits for a tap (or a short name) says more than
    the step's answer: a description or a summary, to keep rather than read as one word."""
    return _says_more(text, _CLAUSE_RE, alone=(8, 5), marked=(5, 3))


_SENTENCE_END_RE = re.compile(r"[。；！？;!?]|\.\s")


def tells_more_than_a_name(text: str) -> bool:
    """Whether a message typed where a person's name is asked (who received a complaint) says
    more than names: "技术部王经理、李工" is names, "客户说账单又错了，要求今天回复。" is not."""
    return _says_more(text, _SENTENCE_END_RE, alone=(14, 8), marked=(6, 4))


def _says_more(
    text: str, marks: re.Pattern[str], *, alone: tuple[int, int], marked: tuple[int, int]
) -> bool:
    """As long as `alone` (Han characters, Latin words), or as long as `marked` with a mark."""
    text = text.strip()
    han = _han_count(text)
    latin_words = len(re.findall(r"[A-Za-z]{2,}", text))
    if han >= alone[0] or latin_words >= alone[1]:
        return True
    return bool(marks.search(text)) and (han >= marked[0] or latin_words >= marked[1])
