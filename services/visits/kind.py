"""How a visit took place, as a report says it: on site, by phone, by video."""

from __future__ import annotations

import re

from knowledge.normal_form import fold_keeping_length

# --- Kind of contact -------------------------------------------------------------------------

_VIDEO_RE = re.compile(
    r"视频|视讯|腾讯会议|钉钉|飞书|线上会议|线上(?:开了?个?会|沟通|交流|碰头|见面)|网络会议|云会议|\bzoom\b|\bteams\b|webex|\bvideo\b|\bwechat\s+video\b",
    re.IGNORECASE,
)
_PHONE_RE = re.compile(
    r"电话(?!号|号码)|致电|通话|打给|来电|\bphone\b|\bcall(?:ed|ing|s)?\b|\brang\b|\btelephone\b",
    re.IGNORECASE,
)
_ON_SITE_RE = re.compile(
    r"拜访|拜会|上门|走访|到访|来访|去了|到了|来到|现场|登门|见面|面谈|当面|参观|见了|见到|吃了?个?饭|饭局|"
    # "和刘经理开了个会", "碰了个头", "座谈": a meeting (one online or by phone is told above)
    r"开了?(?:个|一个|一次|次)?会(?![员计费])|碰了?(?:个|一下)?头|座谈|会谈|会晤|会面|约见|"
    r"\bvisit(?:ed|ing)?\b|\bon[\s-]?site\b|\bin\s+person\b|face[\s-]to[\s-]face|\bmet\b|\bdropped\s+by\b|"
    r"\bwent\s+to\b|\blunch\b|\bdinner\b|\b(?:had|held)\s+a\s+meeting\b|\bsat\s+down\s+with\b|\bat\s+their\s+(?:office|plant|site|factory|hq|headquarters)\b",
    re.IGNORECASE,
)


def _detect_kind(text: str) -> str | None:
    # Traditional characters read as simplified: "方式改成電話", "是視頻會議" name a kind too.
    text = fold_keeping_length(text)
    if _VIDEO_RE.search(text):
        return "video"
    if _PHONE_RE.search(text):
        return "phone"
    if _ON_SITE_RE.search(text):
        return "on_site"
    return None
