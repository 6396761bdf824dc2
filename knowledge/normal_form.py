"""One text normaliser: the form in which names, headers and words are compared everywhere.

Half-width (NFKC), simplified Chinese (OpenCC t2s) and lower case. Services and the knowledge
base call these functions rather than their own copies, so "華能" typed in a question, a visit
report, a client file's header or a document compares the same way. It lives in `knowledge`,
the lowest layer that both the knowledge base and the services use.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import opencc
from opencc import OpenCC

_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@functools.cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@functools.cache
def _changed_by_t2s() -> tuple[frozenset[str], re.Pattern[str]] | None:
    """What t2s can change: the characters it maps to others and its phrases (乾隆 keeps 乾, 瞭解
    becomes 了解). A text with none of them comes out as it went in, and most text is that:
    OpenCC's pure-Python matching is then skipped, which was a third of an answer's time.
    None if this OpenCC keeps its tables otherwise: every text is converted then."""
    converter = _t2s()
    converter.convert("")  # loads the tables
    characters: set[str] = set()
    phrases: list[str] = []
    try:
        for group in converter._dict_chain_data:
            for _longest, _shortest, table in group:
                for key, value in table.items():
                    if len(key) > 1:
                        phrases.append(key)
                    elif key != value:
                        characters.add(key)
    except (AttributeError, TypeError, ValueError):
        return None
    if not characters:
        return None
    longest_first = sorted(phrases, key=len, reverse=True)
    return frozenset(characters), re.compile("|".join(map(re.escape, longest_first)) or "(?!)")


def to_simplified(text: str) -> str:
    """Traditional Chinese characters as simplified ones; everything else unchanged."""
    changed = _changed_by_t2s()
    if changed is not None and changed[0].isdisjoint(text) and not changed[1].search(text):
        return text
    return str(_t2s().convert(text))


def fold(text: str) -> str:
    """Half-width, simplified, lower case: how two spellings of a name or word are compared."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


@functools.lru_cache(maxsize=16_384)
def fold_char(c: str) -> str:
    """One character half-width and simplified, or unchanged when that would change the length."""
    n = unicodedata.normalize("NFKC", c)
    if len(n) != 1:
        return c
    if _HAN_RE.fullmatch(n):
        s = _t2s().convert(n)
        return s if len(s) == 1 else n
    return n


def fold_keeping_length(text: str) -> str:
    """`fold_char` on every character (no lower case): a span found in the result slices the
    original text, so names come back as the user wrote them."""
    return "".join(fold_char(c) for c in text)


def lower_keeping_length(text: str) -> str:
    """Lower case without changing the length (a few characters lower to two)."""
    low = text.lower()
    return (
        low
        if len(low) == len(text)
        else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    )


@functools.cache
def _script_marks() -> tuple[frozenset[str], frozenset[str]]:
    """The characters only one script writes: (simplified, traditional). 后 and 台 are written in
    both (皇后, 台灣), so they tell nothing; 们 and 們 do. From OpenCC's character tables: a
    character whose conversion may leave it as it is is written in both scripts."""
    tables = Path(opencc.__file__).with_name("dictionary")
    marks: list[frozenset[str]] = []
    for name in ("STCharacters.txt", "TSCharacters.txt"):
        found: set[str] = set()
        try:
            lines = (tables / name).read_text(encoding="utf-8").splitlines()
        except OSError:  # another OpenCC build: the script is not told, the user's language holds
            lines = []
        for line in lines:
            key, _, values = line.partition("\t")
            if len(key) == 1 and key not in values.split():
                found.add(key)
        marks.append(frozenset(found))
    simplified, traditional = marks
    return simplified - traditional, traditional - simplified


def chinese_script(text: str) -> str | None:
    """ "zh-Hant" when the Chinese of a text is written in traditional characters, "zh" when in
    simplified ones (by which script's own characters it has more of); None when its characters
    are written the same in both (你好), or it has as many of each."""
    simplified, traditional = _script_marks()
    s = sum(c in simplified for c in text)
    t = sum(c in traditional for c in text)
    if t > s:
        return "zh-Hant"
    if s > t:
        return "zh"
    return None


_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """三 → 3, 十五 → 15, 二十 → 20, 两 → 2; None past 99 or for anything else."""
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    if len(tens) > 1 or len(ones) > 1 or tens == "两":
        return None
    high = _DIGITS.get(tens, 0) if tens else 1
    low = _DIGITS.get(ones, 0) if ones else 0
    return None if (tens and not high) or (ones and not low) else high * 10 + low
