"""The language a message is written in: its answer, and a draft read from it, speak it."""

from __future__ import annotations

import re

from config.catalog import chinese
from knowledge.normal_form import chinese_script

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_ZH_GRAMMAR = re.compile(
    r"[的了吗呢吧么是在有和与及或请问谁哪几多怎什为要会能该把被给让從這們麼嗎與請問誰哪幾該給讓為爲會]"
)


def message_language(text: str, current: str | None = None) -> str | None:
    """ "zh" when the text has a Chinese character (unless the Chinese is only a name in an English
    sentence), "en" when it is a sentence of English words (three or more), else None: a client's
    Latin name or an "ok" says nothing about the language.

    Chinese written in traditional characters is "zh-Hant"; Chinese the two scripts write alike
    (你好) is in the user's Chinese (`current`), or simplified when they speak English."""
    english = len(_LATIN_WORD.findall(text)) >= 3
    runs = _CJK_RUN.findall(text)
    if runs:
        # "When was 交通银行 last visited?": an English sentence naming a client in Chinese. One short
        # run of Chinese without the words a Chinese sentence is built with is a name.
        if english and len(runs) == 1 and len(runs[0]) <= 16 and not _ZH_GRAMMAR.search(runs[0]):
            return "en"
        return chinese_script(text) or (current if current and chinese(current) else "zh")
    return "en" if english else None


def asked_language(text: str, current: str) -> str:
    """The language a question is written in, for its answer; the user's (`current`) when the
    text does not tell."""
    return message_language(text, current) or current


def typed_language(text: str, current: str) -> str:
    """asked_language, for a text known to be words of its language (a time: "next Wednesday"):
    Latin letters and no Chinese are English, however few the words."""
    if (said := message_language(text, current)) is not None:
        return said
    return "en" if re.search(r"[A-Za-z]", text) and not _CJK_RUN.search(text) else current
