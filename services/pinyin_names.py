"""Which filed Chinese contact a name written in pinyin means ("Ji Haidong", "Mr. Ji" → 季海东)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from pypinyin import Style, lazy_pinyin, pinyin

# Surnames of two characters: "Ouyang Xiu" is 欧阳 + 修, not 欧 + 阳修.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 南宫".split()
)
# Surnames whose reading as a surname is not the one pypinyin picks first.
_SURNAME_READINGS = {"单": "shan", "曾": "zeng", "仇": "qiu", "解": "xie", "区": "ou",
                     "朴": "piao", "查": "zha", "盖": "ge", "尉": "yu", "缪": "miao",
                     "覃": "qin", "翟": "zhai", "乐": "yue", "那": "na"}  # fmt: skip
# Said before a surname alone: "Mr. Ji", "Director Wang".
_HONORIFIC = re.compile(
    r"^(?:mr|mrs|ms|miss|madam|dr|prof|professor|director|manager|president|chairman|engineer)"
    r"\b\.?\s*",
    re.IGNORECASE,
)
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def _readings(char: str) -> set[str]:
    """Every toneless reading of a character, ü as v and as u (how it is typed)."""
    out: set[str] = set()
    for reading in pinyin(char, style=Style.NORMAL, heteronym=True)[0]:
        out |= {reading.replace("ü", "v"), reading.replace("ü", "u").replace("v", "u"), reading}
    return out


def _spellings(chars: str, *, surname: bool) -> set[str]:
    """The ways a part of a name may be spelled in pinyin, without spaces."""
    if surname and chars in _SURNAME_READINGS:
        return {_SURNAME_READINGS[chars]}
    # The reading in context first; each character's other readings too, as names are read
    # as people say them and pypinyin's guess for a name is not always theirs.
    if len(chars) > 3:  # not a name's part: no need to spell every reading
        return {"".join(lazy_pinyin(chars, style=Style.NORMAL))}
    each = [_readings(c) | set(lazy_pinyin(c, style=Style.NORMAL)) for c in chars]
    return {"".join(p) for p in itertools.product(*each)}


def _split(name: str) -> tuple[str, str]:
    """Surname and given name of a Chinese name."""
    if len(name) >= 3 and name[:2] in _COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _written(text: str) -> tuple[str, bool] | None:
    """The Latin letters of a written name, lower case and run together, and whether an
    honorific came first ("Mr. Ji"); None when it is not a name in Latin letters."""
    text = text.strip()
    titled = _HONORIFIC.match(text)
    if titled is not None:
        text = text[titled.end() :]
    if not re.fullmatch(r"[A-Za-zÜüÖö][A-Za-zÜüÖö'’\-\s.]*", text or "-"):
        return None
    letters = re.sub(r"[^a-zü]", "", text.lower()).replace("ü", "v")
    return (letters, titled is not None) if letters else None


def fits(written: str, filed: str) -> bool:
    """Whether a name written in pinyin may be this filed Chinese name: the whole name in
    either order, spaced or run together ("Ji Haidong", "Haidong Ji", "jihaidong"), or the
    surname after an honorific ("Mr. Ji")."""
    read = _written(written)
    if read is None or not _HAN.fullmatch(filed):
        return False
    letters, titled = read
    surname, given = _split(filed)
    family = _spellings(surname, surname=True)
    if titled and letters in family:
        return True
    forenames = _spellings(given, surname=False)
    return any(letters in (f + g, g + f) for f, g in itertools.product(family, forenames))


def filed_contact(written: str, contacts: Iterable[str]) -> str | None:
    """The one filed name that a pinyin name fits; None when none fits, or several do (two
    contacts surnamed 季 and "Mr. Ji": which one is not guessed)."""
    found = list(dict.fromkeys(name for name in contacts if fits(written, name)))
    return found[0] if len(found) == 1 else None


def romanized(name: str) -> str:
    """A Chinese name as an English reader writes it: "季海东" → "Ji Haidong"."""
    surname, given = _split(name)
    family = _SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname, style=Style.NORMAL))
    spelled = [family, "".join(lazy_pinyin(given, style=Style.NORMAL, v_to_u=True))]
    return " ".join(part.replace("v", "ü").capitalize() for part in spelled if part)
