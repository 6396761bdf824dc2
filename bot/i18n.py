"""The message catalog as the bot uses it: Fluent files in config/locales, rendered as Telegram HTML.

The catalog itself lives in config/catalog.py (every layer reads it); this module keeps the names
the handlers import and the choice of a user's language.
"""

from __future__ import annotations

import re

from config.catalog import Html, has, t

__all__ = ["Html", "asked_language", "has", "language_of", "t"]

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_ZH_GRAMMAR = re.compile(
    r"[的了吗呢吧么是在有和与及或请问谁哪几多怎什为要会能该把被给让從這們麼嗎]"
)


def language_of(telegram_language_code: str | None) -> str:
    """Chinese unless the user's Telegram speaks English."""
    code = (telegram_language_code or "").lower()
    return "en" if code.startswith("en") else "zh"


def asked_language(text: str, current: str) -> str:
    """The language a question is written in, for its answer: Chinese when it has a Chinese
    character (unless the Chinese is only a name in an English sentence), English when it is a
    sentence of English words (three or more; a client's Latin name or an "ok" keeps the user's
    language), else the user's language."""
    english = len(_LATIN_WORD.findall(text)) >= 3
    runs = _CJK_RUN.findall(text)
    if runs:
        # "When was 交通银行 last visited?": an English sentence naming a client in Chinese. One short
        # run of Chinese without the words a Chinese sentence is built with is a name.
        if english and len(runs) == 1 and len(runs[0]) <= 16 and not _ZH_GRAMMAR.search(runs[0]):
            return "en"
        return "zh"
    return "en" if english else current
