"""The language a message is written in: its answer, and a draft read from it, speak it."""

from __future__ import annotations

import re

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_ZH_GRAMMAR = re.compile(
    r"[的了吗呢吧么是在有和与及或请问谁哪几多怎什为要会能该把被给让從這們麼嗎]"
)


def message_language(text: str) -> str | None:
    """ "zh" when the text has a Chinese character (unless the Chinese is only a name in an English
    sentence), "en" when it is a sentence of English words (three or more), else None: a client's
    Latin name or an "ok" says nothing about the language."""
    english = len(_LATIN_WORD.findall(text)) >= 3
    runs = _CJK_RUN.findall(text)
    if runs:
        # "When was 交通银行 last visited?": an English sentence naming a client in Chinese. One short
        # run of Chinese without the words a Chinese sentence is built with is a name.
        if english and len(runs) == 1 and len(runs[0]) <= 16 and not _ZH_GRAMMAR.search(runs[0]):
            return "en"
        return "zh"
    return "en" if english else None


def asked_language(text: str, current: str) -> str:
    """The language a question is written in, for its answer; the user's (`current`) when the
    text does not tell."""
    return message_language(text) or current
