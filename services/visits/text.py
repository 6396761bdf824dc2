"""Text as the visit parser reads it: the same length as written, half-width, simplified."""

from __future__ import annotations

import functools
import re
import unicodedata

from opencc import OpenCC

# Fields are read from the head of a message only, so a pasted 20,000-character text stays fast;
# the summary keeps the rest of the text up to its own cap.
FIELD_LIMIT = 2_000
SUMMARY_LIMIT = 2_000


# --- Normalisation ---------------------------------------------------------------------------
# Every rule runs on a copy of the text with the same length as the original (full-width to
# half-width, traditional to simplified, one character at a time), so a span found in the copy
# slices the original: names come back as the user wrote them.

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")


@functools.cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@functools.lru_cache(maxsize=16_384)
def _norm_char(c: str) -> str:
    n = unicodedata.normalize("NFKC", c)
    if len(n) != 1:
        return c
    if _HAN_RE.fullmatch(n):
        s = _t2s().convert(n)
        return s if len(s) == 1 else n
    return n


def _normalize(text: str) -> str:
    return "".join(_norm_char(c) for c in text)


def _lower(text: str) -> str:
    """Lower case without changing the length (a few characters lower to two)."""
    low = text.lower()
    return (
        low
        if len(low) == len(text)
        else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    )


def _han_count(text: str) -> int:
    return len(_HAN_RE.findall(text))


def _detect_language(text: str) -> str:
    han = _han_count(text)
    latin_words = len(re.findall(r"[A-Za-z]{2,}", text))
    return "zh" if han and han >= latin_words else ("en" if latin_words else "zh")
