"""Rule-based parsing of a free-text visit report (Chinese or English) into a structured draft."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from config.catalog import chinese
from knowledge.normal_form import fold_keeping_length, lower_keeping_length
from services.matching import sure_client_in_report
from services.visits.clauses import (
    _ABOUT_RE,
    _DISCUSS_RE,
    _NEXT_LABEL_RE,
    _after,
    _clean,
    _Part,
    _residue,
    _split_clause,
    carried_next_steps,
    clause_spans,
)
from services.visits.client_mention import (
    AMBIGUITY_GAP,
    MATCH_MIN,
    MAX_CANDIDATES,
    Client,
    _ClientHit,
    _guess_client_span,
    _match_clients,
    _widen,
    _written_end,
    latin_name_end,
)
from services.visits.dates import (
    _CLOCK_RE,
    _EN_HOUR_RE,
    _PERIOD_RE,
    _VISIT_DATE_RULES,
    _ZH_HOUR_RE,
    SaidTime,
    _date_hits,
    _DateHit,
    _first_hit,
    a_visit_day_back,
    names_a_things_day,
    official_calendar,
    parse_follow_up,
    time_not_yet,
    time_said,
    vague_spans,
    vague_visit_days,
    visit_day_hit,
)
from services.visits.kind import _ON_SITE_RE, _PHONE_RE, _VIDEO_RE, _detect_kind
from services.visits.people import _chinese_people, _english_people, _find_people
from services.visits.text import FIELD_LIMIT, SUMMARY_LIMIT, _detect_language
from services.workdays import WorkdayCalendar

QUESTION_CLIENT_AMBIGUOUS = "client_ambiguous"
# Two or more clients named in full in different places ("拜访了中山医院和交通银行"): one visit
# record is one client's, so which one is asked, the others to be logged apart.
QUESTION_CLIENTS_SEVERAL = "clients_several"
QUESTION_CLIENT_UNKNOWN = "client_unknown"
QUESTION_DATE_MISSING = "date_missing"
QUESTION_DATE_IN_FUTURE = "date_in_future"
QUESTION_SUMMARY_EMPTY = "summary_empty"


@dataclass(frozen=True, slots=True)
class PersonMet:
    name: str  # as the manager addresses them: "张总", "王伟", "Mr. Li", "Zhang Wei"
    title: str | None  # department and role as written: "设备部", "信息中心主任", "CIO"


@dataclass(frozen=True, slots=True)
class VisitDraft:
    client_query: str | None
    client_candidates: tuple[tuple[int, str, float], ...]
    visited_on: date | None
    visited_time: str | None  # "morning" | "afternoon" | "evening" | "HH:MM"
    date_missing: bool
    date_in_future: bool
    kind: str | None  # "on_site" | "phone" | "video"
    people: tuple[PersonMet, ...]
    summary: str
    next_step: str | None
    follow_up_on: date | None
    language: str  # "zh" | "zh-Hant" | "en"
    questions: tuple[str, ...]
    summary_truncated: bool = False
    # Said to be today at a part of the day or an hour still to come ("今天下午" at 09:00): asked.
    time_not_yet: bool = False
    # No day named, only near some ("前几天", "上周末", "last week"): the words and those days,
    # offered when the day is asked.
    date_phrase: str | None = None
    date_options: tuple[date, ...] = ()
    # An hour said without 上午/下午 or am/pm ("5点和交行开会"): its half of the day guessed,
    # said on the card.
    time_guessed: bool = False


# A clause telling what the client said ("对方说上周三断了一次网", "they said the line went down
# on Monday"): its date is not the visit's.
_TOLD_BY_CLIENT_RE = re.compile(
    r"\s*(?:对方|客户|他们|他|她|甲方|领导|[\u4e00-\u9fff]{1,3}(?:总|经理|主任|工))?\s*(?:说|反映|反馈|提到|表示|抱怨|称)|"
    r"\s*(?:they|he|she|the\s+client|the\s+customer)\s+(?:said|told|mentioned|complained)\b",
    re.IGNORECASE,
)


# --- Public API ------------------------------------------------------------------------------


def _local(now: datetime, timezone: str) -> datetime:
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return now
    return (now if now.tzinfo else now.replace(tzinfo=zone)).astimezone(zone)


def _today(now: datetime, timezone: str) -> date:
    return _local(now, timezone).date()


# A label the manager opens a report with, as on a paper form ("走访记录：今天去了宝钢…",
# "投诉：宝钢说发票开错了", "Visit: met Mr Li at Baosteel"): no words of the report.
_REPORT_LABEL_RE = re.compile(
    r"^\s*(?:【\s*)?(?:客户)?(?:走访|拜访|拜會|拜会|走訪|拜訪|上门|上門|投诉|投訴)"
    r"(?:记录|記錄|情况|情況|登记|登記|汇报|匯報)?(?:\s*】\s*[:：]?|\s*[:：])\s*"
    r"|^\s*(?:visit|client\s+visit|visit\s+(?:report|note|log)|complaint)\s*[:：]\s*",
    re.IGNORECASE,
)


def without_report_label(text: str) -> str:
    """The report without the label it opens with ("走访记录：", "投诉：", "Visit:"); the text as it
    is when it has none, or when nothing follows the label."""
    rest = _REPORT_LABEL_RE.sub("", text, count=1)
    return rest if rest.strip() else text


def parse_visit(
    text: str,
    *,
    now: datetime,
    timezone: str,
    clients: Sequence[Client],
    workdays: WorkdayCalendar | None = None,
) -> VisitDraft:
    """Read a visit report into a draft; `questions` lists what the flow must still ask.

    Only the first FIELD_LIMIT characters are read for fields; the summary keeps the rest of the
    text up to SUMMARY_LIMIT characters. Pure: no I/O, no clock (today is `now` in `timezone`).
    "3个工作日内" counts on `workdays`, the policy's calendar (the official one when None).
    """
    workdays = workdays or official_calendar()
    text = without_report_label(text) if isinstance(text, str) else ""
    today = _today(now, timezone)
    head = text[:FIELD_LIMIT]
    norm = fold_keeping_length(head)
    low = lower_keeping_length(norm)
    language = _detect_language(norm)

    # Client
    # A near match inside the words of a date is no client: "昨天和" sounds like the alias 天合.
    dated = [(h.start, h.end) for h in _date_hits(norm, _VISIT_DATE_RULES, today)]
    hits = [h for h in _match_clients(low, clients)
            if h.score >= 100.0 or not any(a < h.end and h.start < b for a, b in dated)]  # fmt: skip
    candidates = tuple((h.client_id, h.name, round(h.score, 1)) for h in hits[:MAX_CANDIDATES])
    matched = [h for h in hits if h.score >= MATCH_MIN]
    questions: list[str] = []
    client_span: tuple[int, int] | None = None
    if matched:
        client_span = (matched[0].start, matched[0].end)
        rivals = [
            h
            for h in matched[1:]
            if h.client_id != matched[0].client_id and matched[0].score - h.score < AMBIGUITY_GAP
        ]
        if rivals and _named_apart([matched[0], *rivals]):
            questions.append(QUESTION_CLIENTS_SEVERAL)
            named_in_order = sorted([matched[0], *rivals], key=lambda h: h.start)
            candidates = tuple((h.client_id, h.name, h.score) for h in named_in_order)
        elif rivals:
            questions.append(QUESTION_CLIENT_AMBIGUOUS)
    else:
        questions.append(QUESTION_CLIENT_UNKNOWN)

    named = client_span
    if named is not None and norm[named[1] - 1].isascii() and norm[named[1] - 1].isalnum():
        # "Met Sinopec Shanghai today": Shanghai is the name typed on, no one met.
        named = (named[0], latin_name_end(norm, named[1]))
    colleagues: list[tuple[int, int]] = []
    people = _find_people(head, norm, named, colleagues)
    if client_span is None:
        client_span = (
            (hits[0].start, hits[0].end)
            if hits
            else _guess_client_span(norm, [(p.start, p.end) for p in people])
        )
    if client_span is None and _is_bare_name(norm, dated, people):
        # "/visit 火星公司": the whole text is the client's name, to be said as not found.
        client_span = (len(norm) - len(norm.lstrip()), len(norm.rstrip()))
    if client_span is not None:
        client_span = _widen(norm, client_span)
    client_query = _clean(head[client_span[0] : client_span[1]]) if client_span else None
    if matched and matched[0].score < 100.0 and client_span is not None:
        # The name as written: "华润万家" matched only on "华润" is still "华润万家" to the writer.
        # (A whole name or alias needs no such care: "江苏银行网络中断" names 江苏银行.)
        client_query = _clean(head[client_span[0] : _written_end(norm, client_span, people)])

    # Clauses
    clauses = [
        (a, b, _split_clause(norm, a, b, today, workdays))
        for a, b in clause_spans(norm, han_spaces=True)
    ]
    promised = {
        a
        for a, b, split in clauses
        if any(p.role == "next" for p in split) and _promised_by_client(norm[a:b])
    }
    if any(a not in promised and any(p.role == "next" for p in s) for a, _, s in clauses):
        # "对方说周五前付清欠款，下周一再核实到账": what the client promised is what was said at the
        # visit; the next step and its day are the manager's own.
        clauses = [(a, b, [_Part("other", a, b)] if a in promised else s) for a, b, s in clauses]
    clauses = carried_next_steps(norm, clauses)
    parts = [p for _, _, split in clauses for p in split]
    visit_parts = [p for p in parts if p.role != "next"]
    next_parts = [p for p in parts if p.role == "next"]

    visited_on: date | None = None
    said_time: SaidTime | None = None
    for p in visit_parts:
        if _TOLD_BY_CLIENT_RE.match(norm, p.start):
            continue  # "对方说上周三断了一次网": the day of what they tell, not of the visit
        hit = visit_day_hit(norm[p.start : p.end], today)
        if hit is not None:
            visited_on = _done_a_year_before(norm[p.start : p.end], hit, today)
            said_time = time_said(norm[p.start : p.end])
            break
    if said_time is None:
        said_time = time_said(" , ".join(norm[p.start : p.end] for p in visit_parts))
    visited_time = said_time.value if said_time is not None else None
    if visited_on is None and _TODAY_UNSAID_RE.match(norm):
        # "上午和华能开了个会", "刚才去了宝钢": a part of today with no day named is today (one
        # that has not begun yet is asked about, as "今天下午" typed in the morning is).
        visited_on = today
    vague = None
    if visited_on is None:
        questions.append(QUESTION_DATE_MISSING)
        told = [p for p in visit_parts if not _TOLD_BY_CLIENT_RE.match(norm, p.start)]
        vague = vague_visit_days(" , ".join(head[p.start : p.end] for p in told), today=today)
    elif visited_on > today:
        questions.append(QUESTION_DATE_IN_FUTURE)
    kind = _detect_kind(" , ".join(norm[p.start : p.end] for p in visit_parts))

    # Summary and next step
    masked = [False] * len(norm)
    spans = [(p.start, p.end) for p in people] + colleagues
    if client_span:
        spans.append(client_span)
    spans += [
        (h.start, h.end)
        for h in _date_hits(norm, _VISIT_DATE_RULES, today)
        if not names_a_things_day(norm, h.end)  # "昨天的断网已修复" stays whole in the summary
    ]
    if vague is not None:
        spans += vague_spans(norm)
    spans += [
        m.span()
        for r in (_PERIOD_RE, _ZH_HOUR_RE, _CLOCK_RE, _EN_HOUR_RE)
        for m in r.finditer(norm)
    ]
    spans += [m.span() for r in (_VIDEO_RE, _PHONE_RE, _ON_SITE_RE) for m in r.finditer(norm)]
    for a, b in spans:
        for i in range(a, b):
            masked[i] = True
    pieces: list[str] = []
    for p in visit_parts:
        segment = norm[p.start : p.end]
        if p.role == "discuss":
            trigger = _DISCUSS_RE.search(segment)
            after = p.start + trigger.end() if trigger else p.start
            piece = _after(head, norm, after, p.end) if _residue(norm, after, p.end, masked) else ""
        elif (about := _ABOUT_RE.search(segment)) and _residue(
            norm, p.start, p.start + about.start(), masked
        ) < 3:
            piece = _after(head, norm, p.start + about.end(), p.end)
        elif (left := _residue(norm, p.start, p.end, masked)) >= 2 or (
            left >= 1 and _OUTCOME_RE.search(segment)
        ):
            piece = _clean(head[p.start : p.end])
        else:
            piece = ""
        if piece:
            pieces.append(piece)
    separator = "，" if chinese(language) else "; "
    summary = separator.join(pieces)
    if len(text) > FIELD_LIMIT:
        summary = (summary + separator if summary else "") + re.sub(
            r"\s+", " ", text[FIELD_LIMIT:]
        ).strip()
    truncated = len(summary) > SUMMARY_LIMIT
    if truncated:
        summary = summary[: SUMMARY_LIMIT - 1] + "…"
    if not summary:
        questions.append(QUESTION_SUMMARY_EMPTY)

    next_pieces = [
        _clean(_NEXT_LABEL_RE.sub("", head[p.start : p.end], count=1)) for p in next_parts
    ]
    next_step = separator.join(piece for piece in next_pieces if piece) or None
    follow_up_on = parse_follow_up(
        "。".join(head[p.start : p.end] for p in next_parts), today=today, workdays=workdays
    )
    if follow_up_on is None and next_parts and promised:
        # "they want a quote by Friday. Next step: send quote": our step, by their day.
        wished = [norm[a:b] for a, b, _ in clauses if a in promised]
        follow_up_on = parse_follow_up("。".join(wished), today=today, workdays=workdays)

    return VisitDraft(
        client_query=client_query,
        client_candidates=candidates,
        visited_on=visited_on,
        visited_time=visited_time,
        date_missing=visited_on is None,
        date_in_future=visited_on is not None and visited_on > today,
        kind=kind,
        people=tuple(PersonMet(p.name, p.title) for p in people),
        summary=summary,
        next_step=next_step,
        follow_up_on=follow_up_on,
        language=language,
        questions=tuple(questions),
        summary_truncated=truncated,
        time_not_yet=visited_on == today
        and time_not_yet(visited_time, _local(now, timezone).time()),
        date_phrase=vague[0] if vague else None,
        date_options=vague[1] if vague else (),
        time_guessed=bool(said_time and said_time.half_guessed),
    )


# "…吗", "…?", and a question word last with no mark ("交付延误的投诉时限是多少").
_QUESTION_END_RE = re.compile(
    r"[?？]\s*$|[吗呢么]\s*[。.!！]?\s*$|(?:是多少|有多少|多少钱|多少天|怎么办|咋办|几天|多久)\s*[。.]?\s*$"
)
_QUESTION_START_RE = re.compile(
    r"\s*(?:请问|怎么|怎样|如何|为什么|为何|什么|哪|谁|是否|能否|可否|可以|多久|几|"
    r"(?:how|what|when|why|who|where|which|can|could|should|do|does|is|are|would|may|shall)\b|"
    # "did I visit Baosteel today", "have we called Shagang": asks whether a visit was made
    r"(?:did|have|has)\s+(?:i|we|you|he|she|they|anyone|anybody)\b)",
    re.IGNORECASE,
)
# Whether a visit was made, asked without a question mark: "今天有没有拜访宝钢", "是否去过华能",
# "拜访宝钢了没有".
_ASKS_IF_VISITED_RE = re.compile(
    r"(?:有没有|有无|是否|是不是|有没)(?:去|去过|已经|已)?(?:拜访|走访|上门|见|联系|去|打电话|电话)|"
    r"(?:拜访|走访|上门|去|见|联系)[^，,。；;]{0,16}?(?:了没有|了没|没有)\s*[。.]?\s*$"
)
_QUESTION_WORD_RE = re.compile(
    r"怎么|怎样|如何|什么|哪些|哪个|为什么|多久|多长时间|多少次|几次|\bhow\s+(?:often|many|long|do|can|should)\b",
    re.IGNORECASE,
)
_PAST_RE = re.compile(
    # 刚 "just" before what was just done ("刚去了", "刚和张总聊完"), not 刚 of a name ("王刚的电话",
    # "宝刚的联系人电话", 宝钢 mistyped): the name read as "just" made a card question a report.
    r"了|过|刚(?:才|刚|[去到见拜访走和跟与同给打开谈聊从回在])|昨|今天|今早|前天|上周|上星期|上礼拜|[0-9一二三四五六七八九十两]+天前|"
    r"\b(?:visited|met|called|spoke|talked|discussed|had|went|was|were|yesterday|today|ago|last)\b",
    re.IGNORECASE,
)
# A report that opens with a part of the day or "just now", naming no day: today's.
_TODAY_UNSAID_RE = re.compile(r"\s*(?:上午|中午|下午|傍晚|晚上|早上|刚才|刚刚)(?!好)")
_PLAN_RE = re.compile(
    r"明天|明早|后天|下周|下星期|下礼拜|下个月|打算|计划去|准备去|要去|将去|"
    r"\b(?:tomorrow|next\s+week|going\s+to|plan(?:ning)?\s+to|will\s+(?:visit|meet|call))\b",
    re.IGNORECASE,
)
_CONTACT_RE = re.compile(
    _ON_SITE_RE.pattern
    + "|"
    + _VIDEO_RE.pattern
    + "|"
    + _PHONE_RE.pattern
    + r"|沟通|联系了|\bspoke\b|\btalked\b|\bdiscussed\b",
    re.IGNORECASE,
)


def _done_a_year_before(part: str, hit: _DateHit, today: date) -> date:
    """The visit's day: the hit's, or a year earlier (`a_visit_day_back`) when the part tells of
    something done (了, visited); "5月20日去华能" told as a plan is said to be ahead."""
    if not _PAST_RE.search(part):
        return hit.day
    return a_visit_day_back(part[hit.start : hit.end], hit.day, today)


def reads_as_question(text: str) -> bool:
    """Whether a message asks something ("…吗？", "怎么处理…", "How often…") rather than tells."""
    norm = fold_keeping_length(text[:FIELD_LIMIT]).strip()
    return bool(
        _QUESTION_END_RE.search(norm)
        or _QUESTION_START_RE.match(norm)
        or _QUESTION_WORD_RE.search(norm)
    )


def ends_as_question(text: str) -> bool:
    """Whether a message ends as a question does ("…吗？", "…?")."""
    return bool(_QUESTION_END_RE.search(fold_keeping_length(text[:FIELD_LIMIT]).strip()))


def asks_something(text: str) -> bool:
    """Whether a message ends as a question or uses a question word ("多久", "how often"); unlike
    `reads_as_question`, not for its first word alone (a name may start with 可以 or "Is")."""
    norm = fold_keeping_length(text[:FIELD_LIMIT]).strip()
    return bool(_QUESTION_END_RE.search(norm) or _QUESTION_WORD_RE.search(norm))


# Words telling what someone else asked ("客户问能不能下周装", "they asked whether…"): a report
# of a question, not one put to the bot ("请问" is one put to the bot).
_REPORTED_ASK_RE = re.compile(
    r"(?<!请)问(?!题)|询问|咨询|想知道|想了解|关心|担心|"
    r"\b(?:asked|asks|wondered|enquired|inquired|wants?\s+to\s+know|wanted\s+to\s+know)\b",
    re.IGNORECASE,
)


def asks_the_bot(text: str) -> bool:
    """Whether a message typed where a report's text is awaited is rather a question put to the
    bot ("信誉较差的客户多久要走访一次？"): it asks something, tells no one's question ("客户问
    能否下周安装？") and does not read as a visit report."""
    norm = fold_keeping_length(text[:FIELD_LIMIT]).strip()
    return (
        asks_something(text)
        and not _REPORTED_ASK_RE.search(norm)
        and not looks_like_visit_report(text)
    )


# How the visit ended, said in two characters ("客户满意", "对方同意", "已签约"): no leftover of a
# clause but what the visit came to.
_OUTCOME_RE = re.compile(
    r"满意|同意|认可|答应|签|拒绝|婉拒|接受|确认|定了|谈妥|成交|顺利|谈成|谈崩|黄了"
)

_BARE_NAME_RE = re.compile(r"[\w&<>()（）·'’. -]{2,40}")
# Characters of the words a report is made of ("下午去客户那边谈续约"), not of a client's name.
_NOT_IN_A_NAME = frozenset("了去到谈聊说过见约问讲午吗呢")


def _is_bare_name(norm: str, dated: Sequence[tuple[int, int]], people: Sequence[object]) -> bool:
    """Whether the whole text is only a name: one short phrase, no date, person, talk or contact."""
    text = norm.strip()
    return (
        _BARE_NAME_RE.fullmatch(text) is not None
        and not set(text) & _NOT_IN_A_NAME
        and not dated
        and not people
        and not any(r.search(text) for r in (_DISCUSS_RE, _VIDEO_RE, _PHONE_RE, _ON_SITE_RE))
    )


def looks_like_visit_report(text: str) -> bool:
    """Whether a plain message reads like a visit report, so the bot offers to log it.

    Questions ("信誉较差的客户多久要走访一次？", "How often must I visit?") and plans with nothing
    in the past tense ("明天去拜访华能") are not reports.
    """
    if not isinstance(text, str):
        return False
    norm = fold_keeping_length(text[:FIELD_LIMIT]).strip()
    if len(norm) < 6 or norm.startswith("/"):
        return False
    if _QUESTION_END_RE.search(norm) or _QUESTION_START_RE.match(norm):
        return False
    if _ASKS_IF_VISITED_RE.search(norm) and not _REPORTED_ASK_RE.search(norm):
        return False  # "今天有没有拜访宝钢" asks; "客户问有没有去过现场" tells
    past = bool(_PAST_RE.search(norm))
    if _PLAN_RE.search(norm) and not past:
        return False
    contact = bool(_CONTACT_RE.search(norm))
    topic = bool(_DISCUSS_RE.search(norm))
    if not (contact or topic):
        return False
    score = 2 * contact + topic + past
    score += _first_hit(norm, _VISIT_DATE_RULES, date(2000, 1, 3)) is not None
    score += bool(_chinese_people(norm, norm) or _english_people(norm, norm))
    # A question word in a later clause is what was discussed ("visited Baosteel today,
    # discussed how many lines they need"); in the first, the message asks.
    score -= 3 * bool(_QUESTION_WORD_RE.search(re.split(r"[，,；;。!！]", norm, maxsplit=1)[0]))
    return score >= 3


_PROMISE_RE = re.compile(
    r"说|表示|承诺|答应|想要|希望|要求|\b(?:said|says|told\s+(?:us|me)|promised|mentioned)\b|"
    # what the client asks for ("they want a quote by Friday") was discussed at the visit
    r"\b(?:wants?|wanted|would\s+like|asked\s+(?:for|us)|requested|needs?)\b",
    re.IGNORECASE,
)
_OWN_START_RE = re.compile(r"\s*(?:我们|我|咱们|\bwe\b|\bi\b)", re.IGNORECASE)


def _promised_by_client(clause: str) -> bool:
    """A clause telling what the client said they would do ("对方说周五前付清", "Ms. Hu said they
    will pay by Friday"), not the manager's own plan ("我们答应下周发报价")."""
    return bool(_PROMISE_RE.search(clause)) and not _OWN_START_RE.match(clause)


def client_told(text: str, clients: Sequence[Client]) -> tuple[int, str] | None:
    """The client a report names for certain, read as a visit report's client is ("Shagang
    complained again…" of the alias Shagang Group); None when it names none, or not surely."""
    # The day does not matter here (only which words are dates), as in looks_like_visit_report.
    draft = parse_visit(text, now=datetime(2000, 1, 3, tzinfo=UTC), timezone="UTC",
                        clients=clients)  # fmt: skip
    return sure_client_of(draft, clients)


def client_perhaps_told(text: str, clients: Sequence[Client]) -> bool:
    """Whether a report names one of the clients, surely or as one of a few it could mean
    ("交行…" of 交通银行 or 上海交通大学): then a draft can ask which one."""
    sure, options = clients_perhaps_told(text, clients)
    return sure is not None or bool(options)


def clients_perhaps_told(
    text: str, clients: Sequence[Client]
) -> tuple[tuple[int, str] | None, list[tuple[int, str]]]:
    """The client a report names surely, else (None and) the few it could mean, best first, for
    a draft to ask which ("交行…" of 交通银行 or 上海交通大学); (None, []) for none."""
    draft = parse_visit(text, now=datetime(2000, 1, 3, tzinfo=UTC), timezone="UTC",
                        clients=clients)  # fmt: skip
    if (sure := sure_client_of(draft, clients)) is not None:
        return sure, []
    return None, [(cid, name) for cid, name, score in draft.client_candidates if score >= MATCH_MIN]


def _named_apart(hits: Sequence[_ClientHit]) -> bool:
    """Every client named by its whole name or alias, each in its own place in the text: not one
    word that could be either client ("华润" of 华润万家 and 华润电力), but several clients."""
    if any(h.score < 100.0 for h in hits):
        return False
    spans = sorted((h.start, h.end) for h in hits)
    return all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))


def sure_client_of(draft: VisitDraft, clients: Sequence[Client]) -> tuple[int, str] | None:
    """The client a parsed report names for certain: the parser's best find, when it asks no
    client question and the one rule (`sure_client_in_report`) agrees; None to ask."""
    unsure = bool(
        {QUESTION_CLIENT_AMBIGUOUS, QUESTION_CLIENTS_SEVERAL, QUESTION_CLIENT_UNKNOWN}
        & set(draft.questions)
    )
    return sure_client_in_report(draft.client_query, draft.client_candidates, unsure, clients)
