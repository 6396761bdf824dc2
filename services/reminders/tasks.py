"""A reminder a user asks for in words ("提醒我周四给沙钢打电话", "remind me to call Shagang on
Thursday at 3pm"): what to remind of, and when."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from knowledge.normal_form import fold_keeping_length
from services.visits.dates import (
    next_weekday_also,
    parse_follow_up,
    parse_relative_date,
    time_said,
)

TEXT_LIMIT = 300  # characters of what to remind of, kept on the reminder

# "提醒我…", "周四提醒我…", "记得提醒我…", "remind me to…", "please remind me on Friday to…",
# "set a reminder to…". Only a request: "提醒功能怎么用？" asks about the bot.
_ASKED = re.compile(
    r"^(?P<lead>.{0,16}?)(?:请|麻烦|记得|帮我)?(?:到时候?|届时)?(?:提醒我|提醒一下我|叫我|设(?:个|一个|置)?提醒[，,:：]?)"
    r"|^(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:remind\s+me|set\s+(?:a|me\s+a)\s+reminder)\b"
    r"(?:\s+(?:to|that|about)\b)?",
    re.IGNORECASE,
)
_ABOUT_THE_BOT = re.compile(r"提醒功能|怎么|如何|能不能|可以吗|吗[？?]?\s*$|\bhow\b", re.IGNORECASE)
# Parts of a day told in words, and when a reminder for them is sent.
_PART_TIMES = {"morning": time(9, 0), "afternoon": time(14, 0), "evening": time(18, 0)}


@dataclass(frozen=True, slots=True)
class AskedReminder:
    """What to remind of (the user's words), and when: `day` None when no day was said;
    `at` the local time of day it is sent (None: the usual morning time); `half_guessed` when
    `at` is an hour said without 上午/下午 or am/pm ("5点", "at 5"), its half of the day read as
    a working day's: the card says so and offers the other."""

    text: str
    day: date | None
    at: time | None
    repeat: bool = (
        False  # "每周一…", "every Monday": asked to repeat, which is not kept (once only)
    )
    half_guessed: bool = False
    said: str = field(default="", compare=False)  # the request as typed: the card's language
    # "next Friday" said on a Tuesday: `day` is next week's Friday, this is this week's (the
    # card says which was understood, the other a button away).
    other_day: date | None = None


def reminder_asked(text: str, *, today: date) -> AskedReminder | None:
    """A reminder asked for in words, or None when the message asks for none."""
    raw = " ".join((text or "").split())
    if not raw or len(raw) > 500:
        return None
    head = fold_keeping_length(raw)
    found = _ASKED.search(head)
    if found is None:
        return None
    lead = found.groupdict().get("lead") or ""
    if lead and not _names_a_when(lead):
        return None  # "客户说要提醒我们…": the request is not the user's own
    rest = (lead + " " + raw[found.end() :]).strip(" ，,:：。.")
    if not rest or _ABOUT_THE_BOT.search(raw):
        return None
    repeat = bool(_REPEAT.search(raw))
    day = parse_follow_up(rest.replace("每", "") if repeat else rest, today=today)
    if day is None:  # "今天下午", "today": not a follow-up's day, a reminder's all the same
        said, _part = parse_relative_date(rest, today=today)
        day = said if said is not None and said >= today else None
    told = time_said(rest)
    part = told.value if told is not None else None
    at = _PART_TIMES.get(part or "") or (time.fromisoformat(part) if part else None)
    what = _without_when(rest)
    if len(what) > TEXT_LIMIT:  # cut where the card shows it is cut, not in mid-word unseen
        what = what[: TEXT_LIMIT - 1].rstrip(" ，,、") + "…"
    guessed = bool(told and told.half_guessed)
    both = next_weekday_also(rest, today)
    other = both[1] if both is not None and both[0] == day else None
    return AskedReminder(what, day, at, repeat, half_guessed=guessed, said=raw, other_day=other)


# "每周一…", "every Monday", "daily": a reminder asked to repeat.
_REPEAT = re.compile(
    r"每(?:天|日|周|星期|礼拜|个?月|年)|\bevery\s+(?:day|week|month|year|morning|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|\b(?:daily|weekly|monthly)\b",
    re.IGNORECASE,
)
# The words of a time, in Chinese: "周四", "明天下午3点", "12月5日上午", "到时候".
_ZH_WHEN = (
    r"(?:每(?:天|日|个?月|(?:周|星期|礼拜)[一二三四五六日天]?)|今天|今晚|明天|明早|明晚|后天|大后天|下?周[一二三四五六日天]|下?星期[一二三四五六日天]|"
    r"下?礼拜[一二三四五六日天]|\d{1,2}月\d{1,2}[日号]?|\d{1,2}[日号]|月底|月初|下下?周|这周|本周|"
    r"下个?月|[\d一二三四五六七八九十两]{1,3}天(?:以|之)?后|上午|中午|下午|傍晚|晚上|早上|"
    # "明天有5点开会" → "开会" ("有两点要确认" counts points: kept)
    r"有个?(?=(?:\d{1,2}|[一二三四五六七八九十两]{1,3})[点:：](?:半|一刻|\d{1,2}分?)?(?:开|见|拜访|碰头|面谈|出发|打电话))|"
    r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})[点:：](?:半|一刻|\d{1,2}分?|[一二三四五六七八九十]{1,3}分)?|"
    r"到时候?|届时|回头|[\s，,])+"
)
_EN_DAY = (
    r"(?:today|tonight|tomorrow|next\s+week|in\s+(?:\d{1,2}|a|two|three)\s+days?|"
    r"(?:next\s+|this\s+|every\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?)"
)
_EN_CLOCK = (
    r"(?:\s+(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:am|pm)|\s+at\s+\d{1,2}(?::\d{2})?(?:\s*o'?clock)?|"
    r"\s+(?:morning|afternoon|evening))?"
)
# A time of day alone ("call Shagang at 3pm", "at 5", "this afternoon").
_EN_CLOCK_ALONE = (
    r"(?:at\s+\d{1,2}(?::\d{2})?\s*(?:am|pm|o'?clock)?|this\s+(?:morning|afternoon|evening))"
)
_EN_WHEN_START = re.compile(
    rf"^(?:on\s+)?(?:{_EN_DAY}{_EN_CLOCK}|{_EN_CLOCK_ALONE})\s*(?:,\s*)?(?:to\s+|that\s+|about\s+)?",
    re.I,
)
_EN_WHEN_END = re.compile(
    rf"\s*,?\s+(?:(?:on\s+)?{_EN_DAY}{_EN_CLOCK}|{_EN_CLOCK_ALONE})\s*[.!?]?$", re.I
)

# A time told in the middle, before what the call or visit is about ("call Shagang on Saturday at
# 3pm about the renewal", "visit Baosteel at 10am on Monday to sign").
_EN_WHEN_MID = re.compile(
    rf"\s+(?:on\s+)?(?:{_EN_DAY}{_EN_CLOCK}|{_EN_CLOCK_ALONE})"
    r"(?=\s+(?:about|to|for|regarding|re|on|at)\b)",
    re.I,
)


def _names_a_when(lead: str) -> bool:
    """Whether what comes before "提醒我" is only a time ("周四", "明天下午3点", "到时候")."""
    return bool(lead.strip(" ，,")) and bool(re.fullmatch(_ZH_WHEN, lead))


def _without_when(text: str) -> str:
    """What to remind of, without the time it is for (the card shows that): "周四给沙钢打电话"
    → "给沙钢打电话", "call Shagang on Thursday" → "call Shagang"."""
    # Matched on the folded text ("週四", "禮拜五" are read as 周四, 礼拜五) and cut from the
    # user's own, so the words stay as written.
    said = re.match(_ZH_WHEN, fold_keeping_length(text))
    cut = text[said.end() :] if said else text
    cut = _EN_WHEN_END.sub("", _EN_WHEN_START.sub("", cut))
    for _ in range(2):  # "at 10am on Monday": a clock, then a day
        cut = _EN_WHEN_MID.sub("", cut, count=1)
    cut = _EN_WHEN_END.sub("", cut)
    return cut.strip(" ，,.。?？") or text


def send_time(
    asked: AskedReminder, day: date, *, now_local: datetime, usual: time
) -> datetime | None:
    """The local time the reminder goes out: its time of day on its day (the usual morning time
    when none was said; later today when the day is today and that time is gone). None when the
    time said has passed."""
    if asked.at is not None:
        at = datetime.combine(day, asked.at, now_local.tzinfo)
        return at if at > now_local else None
    at = datetime.combine(day, usual, now_local.tzinfo)
    if at > now_local:
        return at
    if day == now_local.date():  # "今天提醒我…" after the morning: in an hour
        soon = now_local.replace(second=0, microsecond=0) + timedelta(hours=1)
        return soon if soon.date() == day else None
    return None
