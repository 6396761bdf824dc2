"""The message catalog as the bot uses it: Fluent files in config/locales, rendered as Telegram HTML.

The catalog itself lives in config/catalog.py (every layer reads it); this module keeps the names
the handlers import and the choice of a user's language.
"""

from __future__ import annotations

import re

from config.catalog import Html, has, t
from services.language import asked_language, typed_language

__all__ = ["Html", "asked_language", "has", "language_of", "t", "typed_language"]


# Telegram's language codes (IETF tags, any case) that mean traditional characters.
_TRADITIONAL = re.compile(r"zh[-_](?:hant|tw|hk|mo)\b")


def language_of(telegram_language_code: str | None) -> str:
    """Chinese unless the user's Telegram speaks English: traditional for zh-Hant, zh-TW, zh-HK
    and zh-MO, simplified otherwise."""
    code = (telegram_language_code or "").lower()
    if code.startswith("en"):
        return "en"
    return "zh-Hant" if _TRADITIONAL.match(code) else "zh"
