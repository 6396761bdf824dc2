"""The message catalog as the bot uses it: Fluent files in config/locales, rendered as Telegram HTML.

The catalog itself lives in config/catalog.py (every layer reads it); this module keeps the names
the handlers import and the choice of a user's language.
"""

from __future__ import annotations

import re

from config.catalog import Html, has, t

__all__ = ["Html", "asked_language", "has", "language_of", "t"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def language_of(telegram_language_code: str | None) -> str:
    """Chinese unless the user's Telegram speaks English."""
    code = (telegram_language_code or "").lower()
    return "en" if code.startswith("en") else "zh"


def asked_language(text: str, current: str) -> str:
    """The language a question is written in, for its answer: Chinese when it has a Chinese
    character, English when it is a sentence of English words (three or more; a client's Latin
    name or an "ok" keeps the user's language), else the user's language."""
    if _CJK.search(text):
        return "zh"
    if len(_LATIN_WORD.findall(text)) >= 3:
        return "en"
    return current
