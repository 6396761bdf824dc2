"""The few fixed phrases the knowledge base adds to answers (`kb.answer.*` in the catalog)."""

from __future__ import annotations

from config.catalog import LANGUAGES, text


def message(language: str, key: str) -> str:
    return text(language if language in LANGUAGES else "en", f"kb.answer.{key}")
