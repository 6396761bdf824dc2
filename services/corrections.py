"""A correction typed on a draft card ("日期改成昨天", "不是张总，是李总", "change the date to
yesterday") read into the field it names, the words it replaces and the new value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.normal_form import fold_keeping_length

CORRECTION_LIMIT = 120  # longer text is a new report or a question, not a correction

# The words that name a draft's field, in both languages; a field of the other flow never matches
# (a visit has no severity) because each flow applies only the fields it has.
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "when": ("日期", "时间", "哪天", "走访日期", "拜访日期", "date", "day", "visit date"),
    "client": ("客户", "客户名称", "单位", "公司", "client", "customer", "company", "account"),
    "people": ("人员", "见的人", "联系人", "参会人", "对接人", "people", "person", "contact",
               "contacts", "attendees", "met", "见了", "见到了", "见到", "见的"),
    "kind": ("方式", "走访方式", "类型", "kind", "type", "visit type"),
    "summary": ("内容", "摘要", "谈的内容", "走访内容", "summary", "notes", "content"),
    "next_step": ("下一步", "后续", "next step", "next steps"),
    "follow_up": ("跟进日期", "跟进时间", "回访日期", "跟进", "回访", "follow-up date",
                  "follow up date", "follow-up", "follow up", "followup"),
    "category": ("类别", "分类", "category"),
    "severity": ("严重程度", "紧急程度", "级别", "优先级", "severity", "priority", "urgency"),
    "description": ("描述", "投诉内容", "问题描述", "description"),
    "received_by": ("受理人", "接待人", "received by", "receiver"),
    "received_on": ("受理日期", "受理时间", "投诉日期", "收到日期", "date received", "received on",
                    "received date"),
}  # fmt: skip
_FIELD_OF = {w: f for f, words in FIELD_WORDS.items() for w in words}
_FIELD_RE = "|".join(re.escape(w) for w in sorted(_FIELD_OF, key=len, reverse=True))

_PUNCT = "，,。.！!；;：:、 \t"
# "取消", "算了，取消", "把它取消", "这条不要了", "cancel", "please cancel it", "never mind" typed
# on a draft: dropped as the ❌ button drops it. The whole message must say so: "客户要取消合同" is
# a report, not a cancel.
_CANCEL = re.compile(
    r"^(?:算了|不用了|好吧|那就|那|还是|還是|no)?[\s，,。.!！]*(?:请|請|帮我|幫我|麻烦|麻煩|please)?\s*"
    r"(?:(?:把|将|將)?\s*(?:它|这条|這條|这个|這個|这份|這份|草稿|this|that|it)\s*(?:记录|記錄|草稿)?"
    r"\s*(?:就|还是|還是|给我|給我)?\s*)?"
    r"(?:取消|撤销|撤銷|撤回|作废|作廢|放弃|放棄|删掉|刪掉|删了|刪了|删除|刪除|不记了|不記了|"
    r"不用记了|不用記了|不录了|不錄了|不要了|不提交了|不保存了|"
    r"cancel|never\s*mind|forget\s+(?:it|that)|discard|delete|scrap\s+(?:it|that|this))"
    r"(?:掉|吧|了|它|这条记录|這條記錄|这条|這條|这个|這個|草稿|\s+(?:it|that|this|the\s+draft|this\s+draft))*"
    r"[\s。.!！~～]*$",
    re.IGNORECASE,
)
_ZH_TO = r"(?:应该?改成|改成|改为|换成|改到|写成|应为|应该是|应是|是)"
_EN_TO = r"(?:should\s+be|should\s+read|is\s+actually|was\s+actually|is|was|to|=|:)"

_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # 把日期改成昨天 / 日期改成昨天 / 客户应该是华润万家
        rf"^(?:请|麻烦)?(?:帮我)?(?:把)?(?P<field>{_FIELD_RE})\s*(?:的)?\s*{_ZH_TO}\s*(?P<new>.+)$",
        # 人员：刘经理（物流部） / people: Mr. Liu
        rf"^(?:the\s+)?(?P<field>{_FIELD_RE})\s*[:：=]\s*(?P<new>.+)$",
        # 见了张总 / 见到的是李工 (one clause of "改成昨天，见了张总，电话沟通")
        r"^(?:其实|实际)?(?P<field>见了|见到了|见到|见的)\s*(?:是)?\s*(?P<new>.+)$",
        # 不是张总，是李总 / 不是前天而是昨天
        r"^(?:人)?不是\s*(?P<old>.+?)\s*[，,、]?\s*(?:而|应该|应)?是\s*(?P<new>.+)$",
        # 是李总，不是张总
        r"^(?:应该)?是\s*(?P<new>.+?)\s*[，,、]\s*不是\s*(?P<old>.+)$",
        # 张总改成李总 / 张总错了，是李总 / 张总应该是李总
        r"^(?P<old>.+?)\s*(?:错了|不对)?\s*[，,]?\s*(?:应该?改成|改成|改为|换成|应该是|应为)\s*(?P<new>.+)$",
        r"^(?P<old>.+?)\s*(?:错了|不对)\s*[，,]?\s*(?:是|应是)\s*(?P<new>.+)$",
        # wrong client, it was Shagang / wrong date: yesterday
        rf"^(?:the\s+)?(?:wrong|incorrect)\s+(?P<field>{_FIELD_RE})\s*[,:;.-]?\s*(?:it\s+was|it's|it\s+is|should\s+be|is)?\s*(?P<new>.+)$",
        rf"^(?:the\s+)?(?P<field>{_FIELD_RE})\s+is\s+wrong\s*[,:;.-]?\s*(?:it\s+was|it's|it\s+is|should\s+be)?\s*(?P<new>.+)$",
        # change the date to yesterday / set the client to China Mobile
        rf"^(?:please\s+)?(?:change|set|make|correct|update|fix)\s+(?:the\s+)?(?P<field>{_FIELD_RE})\s+(?:to|as|:)\s*(?P<new>.+)$",
        # the date should be yesterday / client is China Mobile
        rf"^(?:the\s+)?(?P<field>{_FIELD_RE})\s+{_EN_TO}\s*(?P<new>.+)$",
        # not Mr. Zhang, Mr. Li / not Zhang but Li
        r"^(?:it\s+was\s+|it's\s+)?not\s+(?P<old>.+?)\s*(?:,\s*|\s+)(?:but\s+|it\s+was\s+|it's\s+)(?P<new>.+)$",
        r"^(?:it\s+was\s+|it's\s+)?not\s+(?P<old>.+?)\s*,\s*(?P<new>.+)$",
        # it was Mr. Li, not Mr. Zhang
        r"^(?:it\s+was\s+|it's\s+)?(?P<new>.+?)\s*,?\s+not\s+(?P<old>.+)$",
        # change Mr. Zhang to Mr. Li / replace X with Y
        r"^(?:please\s+)?change\s+(?P<old>.+?)\s+to\s+(?P<new>.+)$",
        r"^(?:please\s+)?replace\s+(?P<old>.+?)\s+with\s+(?P<new>.+)$",
        # 改成昨天 / make it yesterday / actually it was yesterday
        r"^(?:请|麻烦)?(?:帮我)?(?:应该?改成|改成|改为|换成|应该是)\s*(?P<new>.+)$",
        r"^(?:please\s+)?(?:change\s+it|make\s+it|actually(?:,)?(?:\s+it\s+was)?)\s+(?:to\s+)?(?P<new>.+)$",
        # 其实是电话沟通 / it was a phone call
        r"^(?:其实|实际上)?(?:应该)?是\s*(?P<new>.+)$",
        r"^(?:it\s+was|it's|it\s+is)\s+(?:an?\s+)?(?P<new>.+)$",
    )
)


# "还见了财务处的钱处长", "另外也见到了王工", "also met Chen Jing from finance": a person met as
# well, added to the card's people (read as a new visit report, it offered to start another).
_MET_TOO = re.compile(
    r"^(?:另外|此外|同时|对了)?[，,\s]*(?:我)?(?:还|也|另外还|同时还|另外也)(?:有)?"
    r"(?:见了|见到了|见到|见过|见|拜访了)\s*(?P<new>[^，,。；;]+)$"
    r"|^(?:oh,?\s+)?(?:and\s+)?(?:i\s+|we\s+)?also\s+(?:met|saw|spoke\s+(?:to|with)|talked\s+to)"
    r"(?:\s+with)?\s+(?P<new2>[^,.;]+)$"
    r"|^(?:and\s+)?(?:i\s+|we\s+)?(?:met|saw)\s+(?P<new3>[^,.;]+?)\s+(?:too|as\s+well)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Correction:
    """What a typed correction says: the field it names (None when it names none), the words it
    replaces (None when it only gives the new value) and the new value."""

    field: str | None
    old: str | None
    new: str
    # A bare clause after a correction ("日期改成昨天，电话沟通"): its value must tell its field,
    # else it is left out and said to be (the rest of the message still applies).
    loose: bool = False
    # "还见了财务处的钱处长", "also met Chen Jing": one more person, added to those on the card.
    added: bool = False


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = text.strip(_PUNCT + "“”\"'‘’「」")
    return cleaned or None


def _said(m: re.Match[str], written: str, name: str) -> str | None:
    """A group matched on the folded text, as the user wrote it (（物流部）, not (物流部))."""
    if m.groupdict().get(name) is None:
        return None
    return _clean(written[m.start(name) : m.end(name)])


# "不对，是宝钢", "错了，应该是上周五", "no, it was Baosteel": what was said is wrong, then the
# correction (or only the value it should be).
_WRONG_FIRST = re.compile(
    r"^(?:不对|不是|错了|搞错了|弄错了|写错了|说错了)(?:了|的)?\s*[，,。.!！；;]\s*(?P<rest>\S.*)$"
    r"|^(?:no|nope|wrong)\s*[,.!;]\s*(?P<rest2>\S.*)$",
    re.IGNORECASE,
)


def read_correction(text: str) -> Correction | None:
    """The correction a short message on a draft card states; None when it states none."""
    folded = fold_keeping_length(text or "")
    start = len(folded) - len(folded.lstrip(_PUNCT + "\n"))
    end = len(folded.rstrip(_PUNCT + "\n"))
    norm, written = folded[start:end], (text or "")[start:end]
    if not norm or len(norm) > CORRECTION_LIMIT:
        return None
    if (more := _MET_TOO.match(norm)) is not None:
        met = next(filter(None, (_said(more, written, g) for g in ("new", "new2", "new3"))), None)
        return Correction("people", None, met, added=True) if met else None
    if (wrong := _WRONG_FIRST.match(norm)) is not None:
        rest = written[wrong.start("rest" if wrong["rest"] else "rest2") :]
        inner = read_correction(rest)
        if inner is not None:
            return inner
        value = _clean(rest)
        return Correction(None, None, value) if value else None
    for pattern in _PATTERNS:
        m = pattern.match(norm)
        if m is None:
            continue
        new = _said(m, written, "new")
        if new is None:
            continue
        field, old = m.groupdict().get("field"), _said(m, written, "old")
        if field is None and old is not None and old.lower() in _FIELD_OF:
            field, old = old, None  # "客户错了，是沙钢": the field is named, not an old value
        if field is None and old is None and new != text.strip():
            # "actually the severity should be high", "其实日期是昨天": the field it names
            inner = read_correction(new)
            if inner is not None and (inner.field is not None or inner.old is not None):
                return inner
        return Correction(_FIELD_OF.get(field.lower()) if field else None, old, new)
    return None


# Where one message holds several corrections: a clause break, then perhaps "and"/"并且"
# ("日期改成昨天，客户是沙钢", "change the date to yesterday and the client to Baosteel").
# Between Chinese words a space is a break too: typed on a phone, "改成昨天 见了张总 电话沟通".
_CLAUSE_BREAK = re.compile(
    r"(\s*[，,；;。]\s*(?:并且|而且|另外|还有|同时|and\s+|also\s+)?|\s+and\s+(?:also\s+)?"
    r"|(?<=[\u4e00-\u9fff）)])\s+(?=[\u4e00-\u9fff]))",
    re.I,
)
# Fields whose value is free text: the clauses after one are more of the text, whatever they say
# ("内容改成谈了价格，客户是满意的" changes the summary only).
FREE_TEXT_FIELDS = frozenset({"summary", "next_step", "description"})
# Fields holding a list: a clause after one that is no correction is more of the list
# ("人员：刘经理，王主任").
LIST_FIELDS = frozenset({"people"})
# Words of a visit's kind or day: a clause holding one is no one's name ("见了张总 电话沟通").
_NO_NAME = re.compile(
    r"电话|视频|上门|现场|微信|会议|昨|今天|前天|上周|上星期|周[一二三四五六日天]|星期|礼拜"
    r"|\b(?:phone|call|video|on[- ]?site|yesterday|today|last)\b",
    re.IGNORECASE,
)


# A clause that only says what was wrong ("不是王行长"): what it should be follows in the next one.
_NOT_YET = re.compile(r"^\s*(?:人)?不是\s*\S", re.I)


# Where a reason starts ("严重程度改成高，这是重复投诉", "severity should be high, it's a repeat"):
# it explains the correction and is no value of the field (read as one, "repeat" became a client).
_REASON = re.compile(
    r"\s*[，,；;。]?\s*(?:因为|由于|毕竟|\bbecause\b|\bsince\b)"
    r"|\s*[，,；;。]\s*(?:这是|这个是|这属于|属于|it'?s\s+an?\b|this\s+is\b|it\s+is\s+an?\b|as\b)",
    re.I,
)


def _without_reason(text: str) -> str:
    """The text up to a reason given for the correction; all of it when it gives none."""
    m = _REASON.search(text, 1)
    return text[: m.start()] if m else text


# Words that change something already written: a correction, not a question about the rules.
_CHANGE = re.compile(
    r"改成|改为|換成|换成|改到|写错|寫錯|搞错|搞錯|弄错|弄錯|错了|錯了|不对|不對"
    r"|\bchange\b|\bshould\s+(?:be|read|have\s+been)\b|\bwrong\b|\bactually\b",
    re.I,
)


# A question about changing something ("信誉等级怎样改成优？"): for the documents.
_ASKED = re.compile(
    r"[?？]|怎么|怎样|如何|能否|能不能|可以|可不可以|吗|么|"
    r"\b(?:how|can|could|what|when|why|who|which|may)\b",
    re.I,
)


def says_a_correction(text: str) -> bool:
    """Whether a message typed at a draft's step says something on the draft is wrong ("不对，是
    宝钢", "改成电话拜访", "不是张总，是李总", "no, it was Baosteel"), not (only) answers the step:
    a word of change or "not", no question, and a correction read."""
    typed = (text or "").strip()
    folded = fold_keeping_length(typed)
    changes = _CHANGE.search(folded) or _WRONG_FIRST.match(folded) or _NOT_YET.match(folded)
    return bool(changes) and not _ASKED.search(folded) and bool(read_corrections(typed))


def correction_without_draft(text: str) -> bool:
    """Whether a message is a correction ("严重程度改成高", "the severity should be high") though
    no draft is open to apply it to: what was saved is changed from its own record, not here."""
    if not _CHANGE.search(text or "") or _ASKED.search(text or ""):
        return False
    return bool(read_corrections(text))


def read_corrections(text: str) -> list[Correction]:
    """Every correction a short message on a draft card states, in order: one per clause when
    the clauses are corrections of different fields ("日期改成昨天，客户是沙钢" changes both; read
    as one, the date swallowed the client), else the one `read_correction` reads ("不是张总，是
    李总" is one); empty when it states none."""
    typed = (text or "").strip()
    if (wrong := _WRONG_FIRST.match(fold_keeping_length(typed))) is not None:
        # "不对，日期改成昨天，客户是沙钢": the corrections after "不对".
        rest = typed[wrong.start("rest" if wrong["rest"] else "rest2") :]
        if after := read_corrections(rest):
            return after
    single = read_correction(text)
    if single is not None and single.field not in FREE_TEXT_FIELDS:
        reasoned = _without_reason(text)
        if reasoned.strip(_PUNCT) and reasoned != text:
            return read_corrections(reasoned)
    if single is None or not _CLAUSE_BREAK.search(single.new):
        # "不是张总，是李总", "the date is wrong, it was Tuesday": the break is the correction's own
        return [single] if single else []
    alone = [single]
    # "改成昨天，见了张总，电话沟通" names no field first: each clause's value tells its own.
    bare_start = single.field is None and single.old is None
    stripped = (text or "").strip()
    pieces = _CLAUSE_BREAK.split(stripped)  # clause, break, clause, break, ...
    found: list[Correction] = []
    skip = -1
    for n in range(0, len(pieces), 2):
        clause = pieces[n]
        if n <= skip or not clause.strip(_PUNCT):
            continue
        corr = read_correction(clause)
        if corr is None and n + 2 < len(pieces) and _NOT_YET.match(clause):
            # "日期改成27号，不是王行长，是李行长": "不是王行长" and "是李行长" are one correction
            # (read apart, the first was a value of no field and the whole message was refused).
            paired = read_correction(clause + pieces[n + 1] + pieces[n + 2])
            if paired is not None and paired.old is not None:
                corr, skip = paired, n + 2
        last = found[-1] if found else None
        if last is not None and (
            last.field in FREE_TEXT_FIELDS
            or (corr is None and last.field in LIST_FIELDS and not _NO_NAME.search(clause))
        ):
            found[-1] = Correction(last.field, last.old, last.new + pieces[n - 1] + clause)
        elif corr is not None and (
            found or corr.field is not None or corr.old is not None or bare_start
        ):
            # After a first clause naming its field, one naming none is a correction too
            # ("日期改成昨天，是电话沟通"); its value tells the field.
            if corr.field is not None and any(c.field == corr.field for c in found):
                return alone  # the same field twice: not a list of corrections
            found.append(corr)
        elif corr is None and found and (value := _clean(clause)) is not None:
            # "日期改成昨天，电话沟通": a bare value after a correction, its field told by it (or
            # the whole message is not understood: nothing is changed silently).
            found.append(Correction(None, None, value, loose=True))
        else:
            return alone
    return found if len(found) > 1 else alone


def says_cancel(text: str) -> bool:
    """Whether a message typed on a draft only asks to cancel it ("算了，取消", "不记了",
    "cancel", "never mind")."""
    return _CANCEL.match(text.strip()) is not None
