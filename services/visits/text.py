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
