"""A day or a period sent alone ("下周三", "明天下午", "last month"): neither a question nor a
report, so what can be done with a date is said instead of searching the documents for it."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from knowledge.normal_form import fold_keeping_length
from services.summaries.periods import find_period
from services.visits.dates import (
    _CLOCK_RE,
    _EN_HOUR_RE,
    _PERIOD_RE,
    _VISIT_DATE_RULES,
    _ZH_HOUR_RE,
    _date_hits,
    _follow_up_rules,
    official_calendar,
    vague_spans,
)

_TRIM = re.compile(r"^[\s\W_]+|[\s\W_]+$")
_CJK_FILLER = re.compile(r"[的呢吗嘛啊呀那就]")
# Words left over from a time once its parts are taken away ("next" of "next week" read as 本周).
_EN_FILLER = frozenset(("the", "on", "at", "in", "of", "next", "this", "last", "and", "or", "then"))
_LONGEST = 24


def time_alone(text: str, today: date) -> str | None:
    """The time as the user wrote it when it is all the message says ("下周三。" → "下周三"),
    else None."""
    shown = _TRIM.sub("", unicodedata.normalize("NFKC", text))
    if not shown or len(shown) > _LONGEST:
        return None
    folded = fold_keeping_length(shown).lower()  # 下週三 is 下周三
    spans = [(hit.start, hit.end) for hit in _date_hits(folded, _VISIT_DATE_RULES, today)]
    spans += [(hit.start, hit.end)
              for hit in _date_hits(folded, _follow_up_rules(official_calendar()), today)]  # fmt: skip
    spans += [(m.start(), m.end()) for pattern in (_PERIOD_RE, _CLOCK_RE, _ZH_HOUR_RE, _EN_HOUR_RE)
              for m in pattern.finditer(folded) if m.end() > m.start()]  # fmt: skip
    spans += vague_spans(folded)
    rest = list(folded)
    for start, end in spans:
        rest[start:end] = " " * (end - start)
    left = "".join(rest)
    found = bool(spans)
    for _ in range(3):  # "上个月和本月": each period in turn
        period, left = find_period(left, today)
        if period is None:
            break
        found = True
    words = re.sub(r"[\s\W_]+", " ", left).split()
    if not found or any(_CJK_FILLER.sub("", w) and w not in _EN_FILLER for w in words):
        return None
    return shown
