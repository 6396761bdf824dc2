"""A question about the numbers is answered in the language it is written in."""

from __future__ import annotations

import pytest

from bot.i18n import asked_language


@pytest.mark.parametrize(
    ("text", "current", "expected"),
    [
        ("How many visits did my team do this week?", "zh", "en"),
        ("本周张三拜访了几个客户？", "en", "zh"),
        ("本週張三拜訪了幾個客戶？", "en", "zh"),  # traditional characters are Chinese too
        ("visits 本月", "en", "zh"),  # Chinese with too few English words is Chinese
        ("When was 交通银行 last visited?", "zh", "en"),  # a client's Chinese name in English
        ("When was 交通银行 last visited?", "en", "en"),
        ("请问 SD-WAN service 的报价是多少？", "en", "zh"),  # English terms in a Chinese sentence
        ("What is the rule 什么是优质客户", "en", "zh"),  # a Chinese clause is not a name
        ("Baosteel", "zh", "zh"),  # a client's Latin name is not a sentence
        ("ok", "zh", "zh"),
        ("12月", "en", "zh"),
        ("2026-11", "en", "en"),  # nothing to tell: the user's language
    ],
)
def test_the_answer_language_follows_the_question(text: str, current: str, expected: str) -> None:
    assert asked_language(text, current) == expected
