"""A question is answered in the language it is written in, traditional Chinese too; a new user
in their Telegram's language."""

from __future__ import annotations

import pytest

from bot.i18n import asked_language, language_of


@pytest.mark.parametrize(
    ("text", "current", "expected"),
    [
        ("How many visits did my team do this week?", "zh", "en"),
        ("本周张三拜访了几个客户？", "en", "zh"),
        ("本週張三拜訪了幾個客戶？", "en", "zh-Hant"),  # traditional characters: traditional
        ("本週張三拜訪了幾個客戶？", "zh", "zh-Hant"),
        ("本周张三拜访了几个客户？", "zh-Hant", "zh"),  # and simplified ones: simplified
        ("12月", "zh-Hant", "zh-Hant"),  # the same in both scripts: the user's Chinese
        ("你好", "zh", "zh"),
        ("When was 交通銀行 last visited?", "zh-Hant", "en"),
        ("皇后大道的台灣客戶", "zh", "zh-Hant"),  # 后 and 台 are written in traditional too
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


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh-hans", "zh"),
        ("zh", "zh"),
        ("zh-CN", "zh"),
        ("zh-TW", "zh-Hant"),
        ("zh-hk", "zh-Hant"),
        ("zh-Hant", "zh-Hant"),
        ("zh-hant-tw", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("en-GB", "en"),
        (None, "zh"),
        ("de", "zh"),
    ],
)
def test_a_telegram_set_to_taiwan_or_hong_kong_chinese_is_answered_in_traditional(
    code: str | None, expected: str
) -> None:
    assert language_of(code) == expected
