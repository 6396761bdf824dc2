"""The visit just saved, taken back or put right in words ("撤销刚才那条走访记录", "刚才那条
走访的日期改成昨天", "undo the last visit")."""

from __future__ import annotations

import re

from knowledge.normal_form import fold_keeping_length
from services.corrections import read_corrections

UNDO_LIMIT = 40  # a longer message tells more than "take it back": a report or a question

_ZH_VERB = r"(?:撤销|撤回|删除|删掉|删了|删|作废|去掉)"
_ZH_WHICH = r"(?:刚才|刚刚|刚|上一|最后一|最近一|之前)?(?:的|那|这)?(?:条|个|次)?(?:的)?"
_ZH_VISIT = r"(?:走访|拜访)(?:记录|报告)?"
_EN_VERB = r"(?:undo|delete|remove|scrap|cancel|take\s+back)"
_EN_WHICH = (
    r"(?:(?:my|the|that|this)\s+)?(?:(?:last|latest|previous|most\s+recent|just\s+saved)\s+)?"
)
_EN_VISIT = r"visit(?:\s+(?:report|record|log|entry))?"

# The whole message must ask it: "客户要取消拜访" is a report, "delete a visit from last month?"
# asks how. A visit that is no record of one's own ("取消下周的拜访") names a day, so is none.
_UNDO = re.compile(
    rf"^(?:请|麻烦|帮我|把)*\s*(?:{_ZH_VERB}(?:一下|掉)?\s*{_ZH_WHICH}{_ZH_VISIT}"
    rf"|{_ZH_WHICH}{_ZH_VISIT}\s*(?:记错了|错了|不对)?\s*[,，]?\s*(?:请|帮我)?{_ZH_VERB}(?:掉|了|吧)*)"
    rf"[\s。.!！~～]*$"
    rf"|^(?:please\s+)?{_EN_VERB}\s+{_EN_WHICH}{_EN_VISIT}(?:\s+(?:i\s+)?(?:just\s+)?(?:saved|logged))?"
    rf"(?:\s*,?\s*please)?[\s.!]*$",
    re.IGNORECASE,
)


def undo_asked(text: str) -> bool:
    """Whether a message asks to take back the visit just saved: it names no other visit, so the
    latest of one's own is meant (shown with its client and day before anything is deleted)."""
    typed = (text or "").strip()
    if not typed or len(typed) > UNDO_LIMIT:
        return False
    return _UNDO.match(fold_keeping_length(typed)) is not None


# "刚才那条走访的日期改成昨天", "上一条走访记录：人员改成李总", "the last visit's date should be
# yesterday", "in the last visit, change the date to yesterday": the visit, then its correction.
_LAST_VISIT = re.compile(
    rf"^(?:请|麻烦|帮我|把)*\s*(?:刚才|刚刚|刚|上一|最后一|最近一)(?:的|那|这)?(?:条|个|次)?(?:的)?"
    rf"{_ZH_VISIT}(?:里|中)?(?:的|[,，:：]\s*)?"
    rf"|^(?:in\s+|on\s+|for\s+)?(?:my|the|that)\s+(?:last|latest|previous)\s+{_EN_VISIT}(?:['’]s\s+|\s*[,:]\s*|\s+)",
    re.IGNORECASE,
)


def last_visit_corrected(text: str) -> str | None:
    """The correction a message states of the visit just saved ("日期改成昨天" of "刚才那条走访的
    日期改成昨天"), to apply to it as typed on its card; None when it names no such visit or states
    no correction."""
    typed = (text or "").strip()
    m = _LAST_VISIT.match(fold_keeping_length(typed))
    if m is None:
        return None
    rest = typed[m.end() :].strip()
    return rest if rest and read_corrections(rest) else None
