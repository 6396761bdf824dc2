"""The message catalog as the bot uses it: Fluent files in config/locales, rendered as Telegram HTML.

The catalog itself lives in config/catalog.py (every layer reads it); this module keeps the names
the handlers import and the choice of a user's language.
"""

from __future__ import annotations

from config.catalog import Html, has, t
from services.language import asked_language

__all__ = ["Html", "asked_language", "has", "language_of", "t"]


def language_of(telegram_language_code: str | None) -> str:
    """Chinese unless the user's Telegram speaks English."""
    code = (telegram_language_code or "").lower()
    return "en" if code.startswith("en") else "zh"
