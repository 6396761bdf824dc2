"""The model's plain answer checked against what it saw this turn: every number, date and client
name in it must come from a tool's result (or the tool call that got it), the user's words or the
conversation so far. A sentence holding one that does not is left out, and the user is told."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CITATION = re.compile(r"\[\d{1,2}\]")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_EN_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATES = (
    # 2026-11-02, 2026/11/2, 2026年11月2日
    (re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"), (2, 3)),
    # 11月2日, 11月2号
    (re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), (1, 2)),
    # November 2, Nov. 2
    (re.compile(_EN_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.I), (1, 2)),
    # 2 November
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _EN_MONTH, re.I), (2, 1)),
)
_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})"
)
_HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
               "七": 7, "八": 8, "九": 9}  # fmt: skip
# A count written in characters before a measure word: 两次, 三个, 十二家. A bare 一 is left alone
# ("一个重要客户" is an article, not a count).
_HAN_COUNT = re.compile(r"([零〇二两三四五六七八九十百]+|一[十百][零〇一二三四五六七八九十]*)"
                        r"(?=\s*[个次家位件天条项名笔周月年])")  # fmt: skip
_SENTENCE = re.compile(r"(?<=[。！？!?；;\n])|(?<=[.])(?=\s)")


@dataclass(frozen=True)
class Checked:
    text: str  # the answer without the sentences that held something unsupported
    dropped: tuple[str, ...]  # the numbers, dates and names that nothing supported


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _number(raw: str) -> str:
    """One spelling per value: 02 and 2, 1,000 and 1000, 3.50 and 3.5."""
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return raw
    return format(value.normalize(), "f")


def _han_number(raw: str) -> int | None:
    total, current = 0, 0
    for char in raw:
        if char in _HAN_DIGITS:
            current = _HAN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _month(raw: str) -> int:
    return int(raw) if raw.isdigit() else _MONTHS.index(raw[:3].lower()) + 1


def _dates(text: str) -> tuple[set[tuple[int, int]], str]:
    """(month, day) of every date written in the text, and the text with them blanked out."""
    found: set[tuple[int, int]] = set()
    for pattern, (m, d) in _DATES:

        def take(match: re.Match[str], m: int = m, d: int = d) -> str:
            found.add((_month(match.group(m)), int(match.group(d))))
            return " "

        text = pattern.sub(take, text)
    return found, text


def _lengths(value: Any, into: set[str]) -> None:
    if isinstance(value, list):
        into.add(str(len(value)))
        for item in value:
            _lengths(item, into)
    elif isinstance(value, dict):
        for item in value.values():
            _lengths(item, into)


class Evidence:
    """What the model was shown or told this turn, as the figures an answer may use."""

    def __init__(self, texts: Iterable[str], zone: str) -> None:
        self.text = _norm("\n".join(texts))
        local = []
        for day, clock, offset in _DATETIME.findall(self.text):
            # Deadlines are given in UTC; the model may say them in the user's time.
            moment = datetime.fromisoformat(f"{day}T{clock}{'+00:00' if offset == 'Z' else offset}")
            local.append(moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M"))
        full = self.text + "\n" + "\n".join(local)
        self.dates, _ = _dates(full)
        self.numbers = {_number(n) for n in _NUMBER.findall(full)}
        self.numbers |= {str(n) for n in (_han_number(h) for h in _HAN_COUNT.findall(full)) if n}
        for block in re.findall(r"<<<DATA>>>\n(.*?)\n<<<END DATA>>>", self.text, re.S):
            try:
                _lengths(json.loads(block), self.numbers)  # the model may count rows
            except ValueError:
                continue
        self._squashed = "".join(self.text.lower().split())

    def mentions(self, name: str) -> bool:
        return "".join(_norm(name).lower().split()) in self._squashed


def unsupported(
    sentence: str, evidence: Evidence, names: Sequence[tuple[str, Sequence[str]]]
) -> list[str]:
    """The numbers, dates and client names in one sentence that the evidence does not hold."""
    text = _CITATION.sub(" ", _norm(sentence))
    missing: list[str] = []
    dates, rest = _dates(text)
    missing += [f"{m}-{d}" for m, d in sorted(dates) if (m, d) not in evidence.dates]
    missing += [n for n in _NUMBER.findall(rest) if _number(n) not in evidence.numbers]
    for raw in _HAN_COUNT.findall(rest):
        value = _han_number(raw)
        if value is not None and str(value) not in evidence.numbers:
            missing.append(raw)
    squashed = "".join(text.lower().split())
    for name, aliases in names:
        for said in (name, *aliases):
            key = "".join(_norm(said).lower().split())
            if len(key) >= 2 and key in squashed and not evidence.mentions(said):
                if not evidence.mentions(name):
                    missing.append(said)
                break
    return missing


def check_answer(
    answer: str, evidence: Evidence, names: Sequence[tuple[str, Sequence[str]]]
) -> Checked:
    """The answer with every sentence holding an unsupported figure, date or name left out."""
    kept: list[str] = []
    dropped: list[str] = []
    for sentence in _SENTENCE.split(answer):
        missing = unsupported(sentence, evidence, names)
        if missing:
            dropped += missing
        else:
            kept.append(sentence)
    text = "".join(kept).strip() if dropped else answer
    if not re.search(r"\w", text):
        text = ""
    return Checked(text, tuple(dropped))
