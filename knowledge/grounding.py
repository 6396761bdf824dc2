"""A model's answer checked against what it was given: every number, date and client name in it
must come from the data (the assistant's tool results and tool calls, the documents' passages), the
user's words or the conversation so far. A sentence holding one that does not is left out, and the
user is told; a document answer holding one is not given at all (the passages are quoted). A
sentence stating a company rule must be said by one of the passages the model was given
(knowledge/rule_support.py), or it is left out the same way."""

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
# A length of time: a number and its unit ("30天", "1个工作日", "6个月", "24 hours"). The number
# must come with that unit (or as a tool's plain figure): "每15天" is not supported by "第十五条",
# nor "20天" by "20%", though both numbers are there.
_PERIOD_UNITS = (
    ("工作日", r"[个個]?工作日|(?:working|business)\s+days?(?![a-z])|workdays?(?![a-z])"),
    ("小时", r"[个個]?小时|[个個]?小時|[个個]?钟头|[个個]?鐘頭|hours?(?![a-z])|hrs?(?![a-z])"),
    ("分钟", r"分钟|分鐘|minutes?(?![a-z])|mins?(?![a-z])"),
    ("周", r"[个個]?星期|[个個]?礼拜|[个個]?禮拜|周|週|weeks?(?![a-z])"),
    ("月", r"[个個]月|months?(?![a-z])"),
    ("天", r"天|days?(?![a-z])"),
)
_PERIOD = re.compile(
    r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)\s*("
    + "|".join(f"(?:{p})" for _, p in _PERIOD_UNITS) + ")",
    re.I,
)  # fmt: skip
_UNIT_OF = tuple((re.compile(p, re.I), unit) for unit, p in _PERIOD_UNITS)
# A sentence saying the assistant saved or changed something ("已为您保存", "我把工单标记为已解决",
# "I've logged the visit"): the assistant never writes; only the user's button on a card does.
# Statuses the data reports ("工单 #6 已关闭", "the ticket was resolved") are not claims.
_AGENT_ZH = r"(?:为您|帮您|给您|替您|为你|帮你|给你|替你)"
_OBJECT_ZH = r"(?:(?:把|将)[^，,。！？!?；;]{0,12}?)"
_WRITE_ZH = (r"(?:保存|存好|存上|存下|记录|记下|记好|记上|登记|录入|提交|创建|新建|添加|标记|"
             r"更新|修改|更改|删除|设置|设定|设好)")  # fmt: skip
_STATUS_ZH = r"(?:关闭|关掉|关了|解决|推迟|延后|顺延|取消|联系|处理|安排|通知|发送|发给)"
_EN_WRITE = (r"(?:saved|logged|recorded|filed|created|added|submitted|entered|stored|marked|"
             r"updated|changed|deleted|removed|scheduled|booked)")  # fmt: skip
_EN_STATUS = r"(?:closed|resolved|snoozed|postponed|cancell?ed|set|sent|notified|moved)"
_ANY_ZH = f"(?:{_WRITE_ZH}|{_STATUS_ZH})"
_CLAIM = re.compile(
    f"已经?(?:{_AGENT_ZH}{_OBJECT_ZH}?{_ANY_ZH}|{_OBJECT_ZH}{_ANY_ZH}|{_WRITE_ZH})"
    f"|我(?:已经?|刚刚?|这就)?{_AGENT_ZH}?{_OBJECT_ZH}?{_ANY_ZH}"
    f"|{_AGENT_ZH}{_OBJECT_ZH}?{_ANY_ZH}"
    f"|{_WRITE_ZH}(?:好了|成功|完毕|完成)"
    rf"|\b(?:I|we)(?:'ve|\s+have)?\s+(?:just\s+|now\s+|already\s+)?(?:{_EN_WRITE}|{_EN_STATUS})\b"
    rf"|\b(?:has|have)\s+been\s+(?:successfully\s+)?{_EN_WRITE}\b"
    rf"|\b{_EN_WRITE}\s+(?:it\s+|this\s+|that\s+|them\s+)?for\s+you\b",
    re.I,
)
# After a write tool this turn refused, a bare status is a claim too ("工单已关闭", "it is resolved").
_STATUS_CLAIM = re.compile(
    f"已经?{_STATUS_ZH}|已经?(?:标记|改)为"
    rf"|\b(?:is|was|were|are|has\s+been|have\s+been)\s+(?:now\s+)?{_EN_STATUS}\b",
    re.I,
)
# An offer or a question is no claim ("我可以帮您记录", "要我帮您登记吗", "I can log it").
_OFFER = re.compile(r"可以|可|能|要不要|要我|需要|如需|是否|吗|\b(?:can|could|would|shall|should|"
                    r"want|may|will|if)\b", re.I)  # fmt: skip
_SENTENCE = re.compile(r"(?<=[。！？!?；;\n])|(?<=[.])(?=\s)")


@dataclass(frozen=True)
class Checked:
    text: str  # the answer without the sentences that held something unsupported
    dropped: tuple[str, ...]  # the numbers, dates and names that nothing supported
    claims: tuple[str, ...] = ()  # sentences saying something was saved or changed, left out
    rules: tuple[str, ...] = ()  # sentences stating a rule no passage given says, left out


def claims_a_write(sentence: str, *, tried: bool = False) -> bool:
    """Whether a sentence says the assistant saved or changed a record; `tried`: a write tool was
    called this turn and offered nothing, so a status it names is taken as the change claimed."""
    text = _norm(sentence)
    claims = [*_CLAIM.finditer(text), *(_STATUS_CLAIM.finditer(text) if tried else ())]
    for match in claims:
        if not _OFFER.search(text[max(0, match.start() - 8) : match.end()]):
            return True
    return False


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


def _periods(text: str) -> set[tuple[str, str]]:
    """Every length of time written in the text, as (number, unit)."""
    found: set[tuple[str, str]] = set()
    for raw, said in _PERIOD.findall(text):
        value = _number(raw) if raw[0].isdigit() else str(_han_number(raw) or "")
        unit = next(u for pattern, u in _UNIT_OF if pattern.fullmatch(said))
        if value:
            found.add((value, unit))
    return found


def _figures(value: Any, into: set[str]) -> None:
    """The plain numbers of a tool's result (a count, "days_overdue": 24): said with any unit."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        into.add(_number(str(value)))
    elif isinstance(value, list | tuple):
        for item in value:
            _figures(item, into)
    elif isinstance(value, dict):
        for item in value.values():
            _figures(item, into)


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


def _key(text: str) -> str:
    return "".join(_norm(text).lower().split())


def _with_local_times(text: str, zone: str) -> str:
    """The text and its UTC moments in the user's time: the model may say them either way."""
    local = []
    for day, clock, offset in _DATETIME.findall(text):
        moment = datetime.fromisoformat(f"{day}T{clock}{'+00:00' if offset == 'Z' else offset}")
        local.append(moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M"))
    return text + "\n" + "\n".join(local)


@dataclass
class _Record:
    """One object of a tool's result (a visit, a client, a ticket), with all it holds."""

    key: str  # its text, squashed
    dates: set[tuple[int, int]]
    inner: list[int]  # the records nested in it (indices)


class Evidence:
    """What the model was shown or told this turn, as the figures an answer may use."""

    def __init__(self, texts: Iterable[str], zone: str) -> None:
        self.text = _norm("\n".join(texts))
        self._zone = zone
        full = _with_local_times(self.text, zone)
        self.dates, _ = _dates(full)
        self.numbers = {_number(n) for n in _NUMBER.findall(full)}
        self.numbers |= {str(n) for n in (_han_number(h) for h in _HAN_COUNT.findall(full)) if n}
        _, undated = _dates(full)
        self.periods = _periods(undated)
        self.figures: set[str] = set()  # numbers given alone, which any unit may follow
        self.passages: list[str] = []  # the documents' passages the tools gave (title and text)
        self._records: list[_Record] = []
        for block in re.findall(r"<<<DATA>>>\n(.*?)\n<<<END DATA>>>", self.text, re.S):
            try:
                value = json.loads(block)
            except ValueError:
                continue
            _lengths(value, self.numbers)  # the model may count rows
            _lengths(value, self.figures)
            _figures(value, self.figures)
            self._collect(value)
            self.passages += _passages(value)
        self._squashed = "".join(self.text.lower().split())

    def _collect(self, value: Any) -> list[int]:
        """Every object in a tool's result as a record; the indices of those in `value`."""
        if isinstance(value, list):
            return [i for item in value for i in self._collect(item)]
        if not isinstance(value, dict):
            return []
        inner = [i for item in value.values() for i in self._collect(item)]
        text = json.dumps(value, ensure_ascii=False, default=str)
        dates, _ = _dates(_with_local_times(_norm(text), self._zone))
        self._records.append(_Record(_key(text), dates, inner))
        return [len(self._records) - 1, *inner]

    def mentions(self, name: str) -> bool:
        return _key(name) in self._squashed

    def paired(self, keys: Sequence[str], day: tuple[int, int]) -> bool:
        """Whether a tool's result gives this date with this client: in the innermost records
        naming the client (its visit, its card), not in a list of all clients. True when no
        record names the client (nothing to pair against)."""
        naming = {i for i, r in enumerate(self._records) if any(k in r.key for k in keys)}
        innermost = [i for i in naming if not naming & set(self._records[i].inner)]
        return not innermost or any(day in self._records[i].dates for i in innermost)


def _passages(value: Any) -> list[str]:
    """The document passages in a tool's result: objects with a text and its number or source
    (search_documents' {"n", "title", "section", "text"}, a briefing's documents)."""
    if isinstance(value, list):
        return [p for item in value for p in _passages(item)]
    if not isinstance(value, dict):
        return []
    if isinstance(value.get("text"), str) and ("n" in value or "source" in value):
        head = " ".join(str(value.get(k) or "") for k in ("title", "section"))
        return [f"{head}\n{value['text']}"]
    return [p for item in value.values() for p in _passages(item)]


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
    if not missing:
        missing += [f"{n}{unit}" for n, unit in sorted(_periods(rest))
                    if (n, unit) not in evidence.periods and n not in evidence.figures]  # fmt: skip
    squashed = "".join(text.lower().split())
    named: list[list[str]] = []  # the keys of each client the sentence names
    for name, aliases in names:
        keys = [k for k in (_key(x) for x in (name, *aliases)) if len(k) >= 2]
        for said, key in zip((name, *aliases), [_key(x) for x in (name, *aliases)], strict=True):
            if len(key) >= 2 and key in squashed:
                named.append(keys)
                if not evidence.mentions(said) and not evidence.mentions(name):
                    missing.append(said)
                break
    if named and not missing:
        missing += _unpaired(text, evidence, named)
    return missing


_CLAUSE = re.compile(r"[，,；;:：\n]|\band\b|以及|和(?=\S{0,12}?\d)")


def _unpaired(text: str, evidence: Evidence, named: Sequence[Sequence[str]]) -> list[str]:
    """Dates said of a client that the tools gave with another ("沙钢 07-30" when 07-30 was
    江苏银行's last visit): each clause's dates go with the clients it names, or the
    sentence's one client."""
    out: list[str] = []
    respectively = "分别" in text or "respectively" in text.lower()  # one clause pairs them all
    for clause in [text] if respectively else _CLAUSE.split(text):
        dates, _ = _dates(clause)
        if not dates:
            continue
        here = _key(clause)
        owners = [keys for keys in named if any(k in here for k in keys)]
        if not owners and len(named) == 1:
            owners = list(named)
        for day in sorted(dates):
            if owners and not any(evidence.paired(keys, day) for keys in owners):
                out.append(f"{day[0]}-{day[1]}")
    return out


def check_answer(
    answer: str,
    evidence: Evidence,
    names: Sequence[tuple[str, Sequence[str]]],
    *,
    nothing_written: bool = False,
    write_tried: bool = False,
    rules: bool = False,
) -> Checked:
    """The answer with every sentence holding an unsupported figure, date or name left out; with
    `nothing_written` (the turn offered no card) every sentence claiming a write too, and with
    `write_tried` (a write tool refused this turn) every one naming the status it asked for; with
    `rules`, every sentence stating a company rule that no passage in the evidence says."""
    kept: list[str] = []
    dropped: list[str] = []
    claims: list[str] = []
    unsaid: list[str] = []
    client_names = [n for name, aliases in names for n in (name, *aliases)] if rules else []
    for sentence in _SENTENCE.split(answer):
        missing = unsupported(sentence, evidence, names)
        if missing:
            dropped += missing
        elif nothing_written and claims_a_write(sentence, tried=write_tried):
            claims.append(sentence.strip())
        elif rules and _unsaid_rule(sentence, evidence, client_names):
            unsaid.append(sentence.strip())
        else:
            kept.append(sentence)
    text = "".join(kept).strip() if dropped or claims or unsaid else answer
    if not re.search(r"\w", text):
        text = ""
    return Checked(text, tuple(dropped), tuple(claims), tuple(unsaid))


def _unsaid_rule(sentence: str, evidence: Evidence, client_names: Sequence[str]) -> bool:
    """Whether the sentence states a company rule that no passage the model was given says."""
    from knowledge.rule_support import states_a_rule, supported  # jieba and the lexicon: lazily

    return states_a_rule(sentence, client_names) and not supported(sentence, evidence.passages)


_MARKUP = re.compile(r"<<<|>>>|</?tool_call>|<\|[a-z_]+\|>|\[TOOL_CALLS\]|<function[=>]|[\x00-\x08\x0e-\x1f]",
                     re.I)  # fmt: skip


def garbled(text: str) -> bool:
    """A reply no user should read: a tool call or data written out as text (a model whose
    server did not parse its call), prompt markup, control characters."""
    if _MARKUP.search(text):
        return True
    body = text.strip().removeprefix("```json").removeprefix("```").removesuffix("```").strip()
    if body[:1] in ("{", "["):
        try:
            json.loads(body)
        except ValueError:
            return body[:2] in ('{"', "[{")
        return True
    return False


_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+", re.I)


def _grams(text: str) -> set[str]:
    """Character pairs of the Chinese, and the numbers and words of the rest."""
    text = _norm(text).lower()
    han = re.sub(r"[^\u4e00-\u9fff]+", " ", text)
    pairs = {w[i : i + 2] for w in han.split() for i in range(len(w) - 1)}
    return pairs | set(_TOKEN.findall(text))


def supporting_line(passage: str, answer: str, n: int) -> str:
    """The line of a passage the answer's sentences citing it as [n] draw on most (a list item
    about 较差 clients, not the first item about 优 ones), to quote under the answer; the
    passage from its start when no line shares anything with them."""
    mark = f"[{n}]"
    citing = [s for s in _SENTENCE.split(answer) if mark in s] or [answer]
    wanted = _grams(" ".join(_CITATION.sub(" ", s) for s in citing))
    lines = [line.strip() for line in passage.splitlines() if line.strip()]
    if not lines:
        return passage
    best = max(range(len(lines)), key=lambda i: (len(_grams(lines[i]) & wanted), -i))
    if not _grams(lines[best]) & wanted:
        return passage
    return lines[best]
