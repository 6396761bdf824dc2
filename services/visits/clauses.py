"""A visit report cut into clauses: what was discussed, the next step and its date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.visits.dates import _VISIT_DATE_RULES, _date_hits, _DateHit, _follow_up_rules
from services.visits.text import _HAN, _han_count
from services.workdays import WorkdayCalendar

# --- Clauses, summary and next step ------------------------------------------------------------

_ABBREVIATION_DOT = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|e\.g|i\.e)\.",
    re.IGNORECASE,
)
# A comma between thousands ("128,000 yuan") is part of the number, not a clause break.
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))|[;!?。\n\r]|\.(?=\s|$)|\s[-–—]+\s|[–—]+")
_NEXT_START_RE = re.compile(
    r"\s*(?:下一步|下步|后续|接下来|待办|需要|需|要求(?=我方|我们|我司|咱们)|要(?!求)|将|待|准备|计划|拟|安排|约定|约好|再约|再去|跟进|回访|"
    r"过(?:几|两|一段|段|些)(?:天|时间|日子)|过一阵子?|改天|回头|"
    r"发送|发|提交|提供|出具|出|报|寄|给出|答复|回复|落实|尽快|争取|我方|我们(?:将|要|需|会|得)|"
    r"(?:next\s+steps?|next(?=\s*[:：])|to\s*do|action(?:\s+items?)?|follow[\s-]?up|will|we\s+will|i\s+will|we'll|i'll|"
    r"need\s+to|we\s+need|i\s+need|must|send|prepare|submit|provide|ship|schedule|arrange|call\s+back|"
    r"email|share|draft|book|set\s+up|plan\s+to|to\s+send|check|confirm|chase|remind|verify|collect|"
    r"ask)\b)",
    re.IGNORECASE,
)
_NEXT_LABEL_RE = re.compile(
    # A label such as 跟进 or follow-up is one only before a colon ("跟进回款" is the step itself).
    r"\s*(?:(?:下一步(?:计划|工作|安排|打算)|后续(?:工作|安排|计划)|待办事项|行动项|跟进|"
    r"follow[\s-]?up|next)(?=\s*[:：])|下一步|下步|后续|接下来|待办|next\s+steps?|to\s*do|"
    r"action(?:\s+items?)?)\s*[:：]?\s*",
    re.IGNORECASE,
)
_DISCUSS_RE = re.compile(
    r"谈了|谈到|谈及|讨论了|讨论|沟通了|沟通|交流了|交流|聊了|聊到|商讨了|商讨|探讨了|探讨|洽谈了|洽谈|商量了|"
    r"商量|\bdiscussed\b|\btalked\s+(?:about|through|over)\b|\bwent\s+(?:over|through)\b|"
    r"\bspoke\s+about\b|\bcovered\b|\breviewed\b",
    re.IGNORECASE,
)
# "about" before a number is "roughly" ("budget about 3.5 million"), not what the visit was about.
_ABOUT_RE = re.compile(r"\babout\b(?!\s*[$¥￥]?\d)|\bregarding\b|关于", re.IGNORECASE)
_EN_CONNECTOR_RE = re.compile(r",?\s+(?:and|then|so)\s+|,\s+", re.IGNORECASE)
_ZH_AFTER_MARKER = re.compile(
    r"\s*(?:之前|以前|前|之内|以内|内|后|再|要|发|给|提交|提供|出|报|回复|答复|完成|安排|约|签)"
)
_AFTER_TRIGGER = re.compile(
    r"^(?:[\s:,;.、]|了一下|一下|了|with\s+them\b|the\s+following\b)+", re.IGNORECASE
)
_SUMMARY_TAIL = re.compile(r"[\s:：,，;；.。、!！?？—–-]+$")
_FILLER_ZH = re.compile(
    r"拜访了?|走访了?|拜会了?|去了|到了|来到|到访|来访|上门|现场|看了一下|看了看|看看|见了|见到|见面|会见|约见|"
    r"电话|打电话给?|致电|联系了?|通了|开了|开完|会议|视频|腾讯|钉钉|飞书|线上|客户|对方|带队|一起|吃了?个?饭|"
    r"总部|分部|中心|部门|工厂|厂区|园区|办公室|我们|我|他们|他|她|和|与|跟|同|的|在|于|了|一下|去|到|给|先|又|也"
)
_DEPARTMENT_RE = re.compile(f"[{_HAN}A-Za-z]{{1,6}}(?:部门|部|科|处|中心|办公室|车间)")
_FILLER_EN = frozenset(
    "met meet meeting with at in on by via over phone call called video teams zoom visited visit went "
    "to the a an their our his her them they had have has today yesterday this morning afternoon "
    "evening lunch dinner site plant office team from of and mr ms mrs dr spoke talked i we it was "
    "were head director manager quick brief short also just".split()
)


@dataclass(frozen=True, slots=True)
class _Part:
    role: str  # "next" | "discuss" | "other"
    start: int
    end: int


# Typed on a phone without punctuation, "招商银行 今天 见了行长 谈贷款专线": a space between Han
# characters parts clauses as a comma does.
_HAN_SPACE_BREAK = re.compile(f"{_CLAUSE_BREAK.pattern}|(?<=[{_HAN}])\\s+(?=[{_HAN}])")


def clause_spans(norm: str, *, han_spaces: bool = False) -> list[tuple[int, int]]:
    """The (start, end) of each clause of a normalised report, spaces trimmed, empty ones left out;
    with `han_spaces` a space between two Han characters breaks a clause too."""
    guarded = _ABBREVIATION_DOT.sub(lambda m: m.group()[:-1] + "\x00", norm)
    spans: list[tuple[int, int]] = []
    last = 0
    for m in (_HAN_SPACE_BREAK if han_spaces else _CLAUSE_BREAK).finditer(guarded):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(norm)))
    trimmed = []
    for a, b in spans:
        while a < b and norm[a].isspace():
            a += 1
        while b > a and norm[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


_VISIT_VERB_RE = re.compile(
    r"拜访|走访|拜会|上门|到访|来访|见了|去了|登门|\bvisit(?:ed|ing)?\b|\bmeet(?:ing)?\b|\bmet\b",
    re.IGNORECASE,
)


def _future_marker(clause: str, today: date, workdays: WorkdayCalendar) -> tuple[int, bool] | None:
    """Where the clause first points forward (a deadline, or a future date), and whether a deadline."""
    hits = [h for h in _date_hits(clause, _follow_up_rules(workdays), today) if h.deadline]
    hits += [
        _DateHit(h.start, h.end, h.day, False)
        for h in _date_hits(clause, _VISIT_DATE_RULES, today)
        if h.day > today
    ]
    if not hits:
        return None
    first = min(hits, key=lambda h: (h.start, -h.end))
    deadline = first.deadline and not (
        _VISIT_VERB_RE.search(clause)
        and not re.search(
            r"前|内|后|\b(?:by|before|within|until|in)\b",
            clause[first.start : first.end + 3],
            re.IGNORECASE,
        )
    )
    return first.start, deadline


_SET_FOR_RE = re.compile(r"(?:定在|定于|约在|安排在|改在|改到|推到|推迟到|延到|放在)\s*$")


def _split_clause(
    norm: str, start: int, end: int, today: date, workdays: WorkdayCalendar
) -> list[_Part]:
    """A clause as discussion, next step or other, split where a next step starts inside it."""
    clause = norm[start:end]
    if _NEXT_START_RE.match(clause):
        return [_Part("next", start, end)]
    discuss = _DISCUSS_RE.search(clause)
    marker = _future_marker(clause, today, workdays)
    if marker is None or (not marker[1] and _VISIT_VERB_RE.search(clause)):
        return [_Part("discuss" if discuss else "other", start, end)]
    at = marker[0]
    if at == 0:
        return [_Part("next", start, end)]
    if clause[at - 1] == "等":  # "续约要等年底预算": what the client waits for, not a next step
        return [_Part("discuss" if discuss else "other", start, end)]
    if _SET_FOR_RE.search(clause, 0, at):
        # "签约定在12月10日", "验收安排在下周三": what is set for that day is the next step, whole.
        return [_Part("next", start, end)]
    if _han_count(clause) >= len(re.findall(r"[A-Za-z]+", clause)):
        # Chinese: the next step starts at the date words ("他说年底前批下来"), unless they only
        # date what was discussed ("谈了下周的招标").
        if (
            discuss
            and discuss.start() < at
            and not _ZH_AFTER_MARKER.match(clause, _marker_end(clause, at))
        ):
            return [_Part("discuss", start, end)]
        left_role = "discuss" if discuss and discuss.start() < at else "other"
        return [_Part(left_role, start, start + at), _Part("next", start + at, end)]
    # English: the next step starts at the last "and"/"then"/comma before the date words.
    connectors = list(_EN_CONNECTOR_RE.finditer(clause, discuss.end() if discuss else 0, at))
    if not connectors:
        role = "discuss" if discuss and discuss.start() < at else "next"
        return [_Part(role, start, end)]
    cut = connectors[-1]
    return [
        _Part("discuss" if discuss else "other", start, start + cut.start()),
        _Part("next", start + cut.end(), end),
    ]


# A clause going on from a next step in the same sentence ("周五前发方案，同时约技术部去现场踏勘",
# "send the quote by Friday, then book a site survey") is part of that next step.
_CONTINUE_RE = re.compile(
    r"\s*(?:同时|并且|并|然后|随后|之后|再|还要|还需|还得|顺便|以及|(?:and|then|also|plus)\b)",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[。.!?！？;；\n\r]")


def carried_next_steps(
    norm: str, clauses: Sequence[tuple[int, int, list[_Part]]]
) -> list[tuple[int, int, list[_Part]]]:
    """The clauses, those that go on from a next step made next steps too: after "下一步：" every
    clause of its sentence, elsewhere a clause opened by 同时 / 然后 / and / then... Without this,
    "同时约技术部一起去现场踏勘" was in neither the summary (too few words of its own) nor the
    next step: a step the manager wrote was lost."""
    out: list[tuple[int, int, list[_Part]]] = []
    labelled = False  # in a sentence opened by "下一步：" / "Next step:"
    for a, b, split in clauses:
        if out:
            _, end, before = out[-1]
            if _SENTENCE_END_RE.search(norm[end:a]):
                labelled = False
            elif (
                before[-1].role == "next"
                and all(p.role != "next" for p in split)
                and (labelled or _CONTINUE_RE.match(norm, a))
            ):
                split = [_Part("next", a, b)]
        if split and split[0].role == "next" and _NEXT_LABEL_RE.match(norm, split[0].start):
            labelled = True
        out.append((a, b, split))
    return out


def _marker_end(clause: str, at: int) -> int:
    m = re.match(
        r"\S{1,8}?(?=前|内|后|再|要|发|给|提交|提供|出|报|回复|答复|完成|安排|约|签|$)", clause[at:]
    )
    return at + (m.end() if m else 0)


def _residue(norm: str, start: int, end: int, masked: Sequence[bool]) -> int:
    """How much a clause says beyond when, where, who and how: Han characters or English words left."""
    kept = "".join(" " if masked[i] else norm[i] for i in range(start, end))
    zh = _FILLER_ZH.sub(" ", _DEPARTMENT_RE.sub(" ", kept))
    han = _han_count(zh)
    words = [
        w for w in re.findall(r"[A-Za-z][A-Za-z'-]*|[0-9]+%?", zh) if w.lower() not in _FILLER_EN
    ]
    return han + 2 * len(words) if han else len(words) + (1 if len(words) >= 2 else 0)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return _SUMMARY_TAIL.sub("", text).strip()


def _after(head: str, norm: str, start: int, end: int) -> str:
    """The text after a discussion verb, without "了一下" and the like."""
    lead = _AFTER_TRIGGER.match(norm, start, end)
    return _clean(head[lead.end() if lead else start : end])
