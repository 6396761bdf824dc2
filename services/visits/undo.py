"""A saved visit taken back in words ("撤销刚才那条走访记录", "undo the last visit")."""

from __future__ import annotations

import re

from knowledge.normal_form import fold_keeping_length

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
