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
        ("visits 本月", "en", "zh"),  # any Chinese makes it Chinese
        ("Baosteel", "zh", "zh"),  # a client's Latin name is not a sentence
        ("ok", "zh", "zh"),
        ("12月", "en", "zh"),
        ("2026-11", "en", "en"),  # nothing to tell: the user's language
    ],
)
def test_the_answer_language_follows_the_question(text: str, current: str, expected: str) -> None:
    assert asked_language(text, current) == expected
