"""Plain-words questions a summary answers ('谁没拜访客户', 'complaints this month'): their routing."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.normal_form import chinese_number, fold_keeping_length
from services.complaint_words import looks_like_complaint
from services.summaries.periods import (
    AS_OF_TODAY,
    Period,
    PeriodKind,
    find_period,
    names_day_span,
)
from services.visits.parser import looks_like_visit_report

# ------------------------------------------------------------------------ plain-words questions


class Topic(enum.StrEnum):
    OVERVIEW = "overview"
    VISITS = "visits"
    COVERAGE = "coverage"
    OVERDUE = "overdue"
    COMPLAINTS = "complaints"
    AT_RISK = "at_risk"
    CLIENTS = "clients"  # the clients of one credit rating or tier ("哪些客户信用等级差？")


@dataclass(frozen=True, slots=True)
class SummaryQuery:
    """A question about the team's numbers; `manager` is a name as written, `me` the asker."""

    topic: Topic
    period: Period | None = None
    manager: str | None = None
    me: bool = False
    text: str = ""
    who: bool = False  # asks who made no visit ("谁还没拜访过客户？"): they are named
    # "哪些客户60天没拜访了？": clients with no visit for this many days (not the cadence's overdue)
    not_seen_days: int | None = None
    # "哪些客户投诉最多？": the clients ranked by their complaints, not the team's totals
    by_client: bool = False
    # "本周谁拜访最少？", "who made the most visits?": "fewest" or "most", the people named first
    rank: str | None = None
    # "这周我该去拜访哪些客户？", "which clients should I visit next week?": the clients falling due
    # within this many days of today, the overdue among them (None: the policy's reminder lead).
    due_ahead: bool = False
    due_within: int | None = None
    # "我的客户里哪些信用等级差？", "which of my clients are strategic?": the clients of one rating
    # or tier ("rating-poor", "tier-strategic": records.client_group).
    group: str | None = None
    # "信誉差的客户本月拜访了几次", "哪些战略客户超期了": visits, complaints or the overdue of one
    # group are not counted apart; the group's clients are listed (each with its visit state, the
    # overdue first) and the reader is told so.
    narrowed: bool = False
    # "11月和10月相比走访有什么变化", "本月走访环比", "compare November with October": the other
    # period the figures are set beside (`period` is the one named first).
    compare: Period | None = None
    # "李婷和王磊比一比": the colleagues set side by side (user id, name), in the order named;
    # the answer is their lines alone, each named (set by the reader, which finds them).
    people: tuple[tuple[int, str], ...] = ()
    # "我这个月还有哪些客户没去过？", "which clients haven't I visited this month?": the clients
    # with no counted visit in the period asked about, not the cadence's overdue.
    unvisited: bool = False

    @property
    def chart_asked(self) -> bool:
        """Whether the question asks for a picture ("团队本周走访图", "show me a chart of the
        complaints"): the figures come with their chart, not only its button."""
        return bool(_CHART.search(self.text))


_CHART = re.compile(r"[图圖](?:表|片)?|\b(?:chart|graph|plot|diagram)s?\b", re.IGNORECASE)

# Questions about the rules ("how often must…", "within how long…") belong to the knowledge base.
_POLICY = re.compile(
    r"多久|多长时间|多少天内|几天内|几个工作日|必须|须在|应当|规定|制度|政策|流程|标准是|什么是|"
    r"(?:怎么|怎样|如何)(?:处理|办|做|写|填|记录|联系|走访|拜访|提交|上报|操作|受理|评定|划分|续签|盯|升级)|"
    # What follows from something: the rule's consequence ("拜访拖过期了会怎么样？"), not a count.
    r"会(?:怎么样|怎样|如何)|(?:什么|啥)后果|\bwhat\s+happens\s+(?:if|when)\b|"
    r"\bhow\s+(?:often|long|soon|do\s+i|should|to)\b|\bmust\b|\bpolicy\b|\brules?\b|\bdeadline\s+for\b|"
    r"\bwithin\s+how\b|\bwhat\s+is\s+the\b|"
    # Who acts, is told or decides under the rules ("投诉归谁管？", "who do I escalate to?"), not
    # who did the most: the handbook's.
    r"(?:由|归|找|给|告诉|通知|上报给?|报给|升级给?|交给|要)谁|谁(?:来|负责|牵头|批)|"
    r"要不要(?:告诉|通知|上报|报告)|"
    r"\bwho\b[^?？]{0,40}?\b(?:responsible|in\s+charge|owns|answers\s+for)\b|"
    r"\bwho\s+(?:do|should|must)\s+(?:i|we)\s+(?:(?:need|have)\s+to\s+)?(?:tell|notify|escalate|report|inform)\b|"
    r"\bwho\s+should\s+be\b|谁(?:应该?|该)|定期|"
    r"\bwho\s+(?:is|are|gets?)\s+(?:told|notified|informed)\b|\bwho\s+makes\b|\bescalated\s+to\b|"
    # How often a client of a kind is visited, how long between visits, how early the reminder:
    # per year or month in general ("一年要去几次"), not this month's count ("本月去了几次").
    r"(?<![这上本近前])(?:一年|每年|一个月|每个?月|每周|每季度?)[^，,。？?了]{0,10}?(?:几|多少)(?:次|回|趟)|"
    r"每个?月都要|每年都要|周期(?:是|为)?(?:多长|多久|多少|几)|"
    r"(?:最多|最长)(?:间隔|隔)?(?:多少|几)天|间隔(?:最长|最多|不超过)?(?:多少|几)天|隔(?:几|多少)天|"
    r"(?:到期前|提前)(?:几|多少)天|会有人提醒|会不会(?:提前)?提醒|会(?:提前)?提醒(?:我)?吗|"
    r"的时候[^，,。？?]{0,6}要做(?:什么|哪些)|之前要先|说明(?:还有)?多少|"
    r"\b(?:need|have)\s+to\b[^?]{0,40}\bevery\s+(?:month|week|year|quarter)\b|"
    r"\bcan\s+pass\s+between\b|"
    # What a client of a rating or tier gets or may be offered; what counts as what.
    r"(?:什么|啥|哪些)(?:样的)?(?:优惠|优待|限制|待遇)|才算|算结了|"
    r"\b(?:discount|penalty|allowance|sla|kpi)\b|\bcounts?\s+as\b",
    re.I,
)
_ASKING = re.compile(
    r"几个|几次|几家|几位|多少|哪些|哪几|哪个|谁|怎么样|如何|情况|汇总|总结|统计|概况|报告|周报|月报|"
    r"表现|完成|排名|列表|名单|清单|列出|看看|查看|查一下|有没有|\?|？|(?:按|分)(?:经理|人|客户)|"
    r"\b(?:by|per)\s+(?:manager|person|people|client|team)\b|"
    r"\bhow\s+(?:many|much|did|is|are|was|were|has|have)\b|how's|\bwhich\b|\blist\b|\bshow\b|"
    r"\bsummary\b|\breport\b|\boverview\b|\bstats?\b|\bstatistics\b|\bwho\b",
    re.I,
)
_QUESTION = re.compile(
    r"几个|几次|几家|几位|多少|哪些|哪几|哪个|谁|怎么样|如何|[?？]|"
    r"\bhow\s+(?:many|much|did|is|are|was|were)\b|\bwhich\b|\bwho\b",
    re.I,
)
# "本周谁拜访最少？", "谁走访客户最多", "who made the most visits?": the people, named.
_RANKED = re.compile(
    r"(?:谁|哪位|哪个人|哪个客户经理)[^？?，,。]{0,12}?(?:拜访|走访|跑)[^？?，,。]{0,8}?(?P<zh>最少|最多)"
    r"|\bwho\s+(?:has\s+)?(?:made|logged|did)\s+the\s+(?P<en>fewest|least|most)\s+visits\b"
    r"|\bwho\s+visited\s+(?:clients?\s+)?the\s+(?P<en2>least|most)\b",
    re.I,
)


# "谁的覆盖率最低？", "who has the best coverage?": the people, named, lowest or highest first.
_RANKED_COVERAGE = re.compile(
    r"(?:谁|哪位|哪个人|哪个客户经理)[^？?，,。]{0,8}?覆盖(?:率)?[^？?，,。]{0,4}?(?P<zh>最低|最差|最高|最好)"
    r"|\bwho\s+has\s+the\s+(?P<en>lowest|worst|highest|best)\s+coverage\b",
    re.I,
)


def ranked_coverage(raw: str) -> str | None:
    """ "lowest" or "highest" when the question asks whose clients' coverage is lowest or highest."""
    m = _RANKED_COVERAGE.search(raw)
    if m is None:
        return None
    word = (m.group("zh") or m.group("en") or "").lower()
    return "lowest" if word in ("最低", "最差", "lowest", "worst") else "highest"


def ranked(raw: str) -> str | None:
    """ "fewest" or "most" when the question asks who made the fewest or the most visits."""
    m = _RANKED.search(raw)
    if m is None:
        return None
    word = (m.group("zh") or m.group("en") or m.group("en2") or "").lower()
    return "most" if word in ("最多", "most") else "fewest"


# "本周谁还没拜访过客户？", "who hasn't visited a client this week?": people with no visit.
_WHO = re.compile(
    r"(?:谁|哪位|哪个人|哪些人|哪个客户经理|哪些客户经理)(?:这周|本周|今天|这个月|本月)?(?:还|都|一直)?"
    r"(?:没|没有|未)(?:去)?(?:拜访|走访|见|跑)"
    # "who on my team hasn't visited", "who didn't make any visit": the team's people, named.
    r"|\bwho\s+(?:(?:on|in|from|of)\s+(?:my|our|the)\s+team\s+)?"
    r"(?:has\s+not|hasn'?t|did\s+not|didn'?t|have\s+not|haven'?t)\s+(?:yet\s+)?"
    r"(?:(?:made|make|logged|log)\s+(?:a|any)\s+visits?|visited|visit|been\s+to|seen|see)\b"
    r"|\bwho\s+(?:(?:on|in|from|of)\s+(?:my|our|the)\s+team\s+)?(?:has\s+)?(?:made|logged)"
    r"\s+no\s+visits?",
    re.I,
)
_TOPICS: tuple[tuple[Topic, re.Pattern[str]], ...] = (
    # Complaints first: "王磊有哪些投诉超期了" asks about tickets, not clients overdue for a visit.
    (Topic.COMPLAINTS, re.compile(r"投诉|工单|客诉|\bcomplaints?\b", re.I)),
    (Topic.OVERDUE, re.compile(
        r"超期|逾期|过期|拖欠走访|(?:没|没有|未|还没|还没有)(?:去)?(?:走访|拜访|去)|该走访|需要走访|到期|"
        r"(?:该|应该|应当|需要|要|得)去?(?:走访|拜访|上门|见)(?:哪|谁)|"
        r"(?:哪些|哪几个|哪几家|哪个|哪家)客户(?:该|应该|需要|要|得)(?:去)?(?:走访|拜访|上门)|"
        r"\b(?:which|what)\s+(?:clients?|customers?|accounts?)\s+(?:should|do|must|need\s+to)\s+"
        r"(?:i|we)\s+(?:need\s+to\s+|have\s+to\s+)?visit\b|"
        r"\bwho\s+(?:should|do|must)\s+(?:i|we)\s+(?:need\s+to\s+|have\s+to\s+)?(?:visit|see|meet)\b|"
        r"\b(?:clients?|customers?|accounts?)\s+(?:to\s+visit|(?:are\s+)?due)\b|"
        r"\boverdue\b|\bnot\s+(?:been\s+)?visited\b|\bhaven'?t\s+(?:been\s+)?visited\b|"
        r"\bdue\s+for\s+a\s+visit\b|\bbehind\b", re.I)),
    (Topic.AT_RISK, re.compile(
        r"风险|危险|流失|预警|重点关注|\bat[-\s]risk\b|\brisky\b|\bchurn", re.I)),
    (Topic.COVERAGE, re.compile(r"覆盖|\bcoverage\b|\bcovered\b", re.I)),
    (Topic.VISITS, re.compile(r"拜访|走访|访问|见客户|\bvisit(?:s|ed|ing)?\b", re.I)),
    (Topic.OVERVIEW, re.compile(
        r"团队|整体|总体|汇总|周报|月报|季报|概况|业绩|表现|干得|做得|\bteam\b|\bsummary\b|"
        r"\boverview\b|\breport\b|\bperformance\b|\bhow\s+did\s+(?:we|i)\b", re.I)),
)  # fmt: skip

_NOT_NAMES = frozenset(
    "我 我们 我的 我们的 本人 团队 我们团队 我的团队 全队 本组 全组 组里 大家 各位 所有人 每个人 每人 "
    "客户 客户经理 经理 主管 哪些 哪个 哪位 谁 团队成员 同事 他们 他 她 你 你们 大伙 全部 所有 整体 总体 "
    "公司 部门 本部门 各客户经理 每个客户经理 my team the team we i me our team everyone "
    # what is asked of the bot, not who: "打印本月拜访记录", "发我本月的拜访记录"
    "打印 发我 给我 发给我 列出 显示 展示 汇总 整理 导出 汇出 下载 统计 查询 查看 看看 查 请".split()
)
_ZH_NAME = re.compile(
    r"^(?:请|帮我|麻烦|能否|可以)?(?:统计|查|查询|查看|看看|看一下|查一下|告诉我|说说|问一下"
    r"|发我|发给我|给我|给我看|打印|列出|显示|展示|汇总|整理|导出|汇出|下载)?(?:一下)?"
    r"(?:客户经理|经理|主管)?(?P<name>[\u4e00-\u9fffA-Za-z·]{1,8}?)"
    r"(?:在|一共|总共|共|都|已经|这段时间|还|需要|应该|该|要|得|准备)*"
    r"(?:拜访|走访|去了|见了|跑了|的|名下|负责|覆盖|有几|有多少|处理|做了|完成)"
)
_EN_NAME = re.compile(
    r"\b(?:did|has|have|does|is)\s+(?P<a>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?|[\u4e00-\u9fff]{2,4})\s+"
    r"(?:do|make|log|have|complete|visit|made|done|logged|handle)\b"
    r"|(?P<b>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?|[\u4e00-\u9fff]{2,4})'s\b"
    r"|\b(?:for|by|of)\s+(?P<c>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?|[\u4e00-\u9fff]{2,4})\b"
)
_ME = re.compile(
    r"^(?:请|帮我)?(?:统计|查|看看|查一下)?(?:一下)?(?:我|本人)(?!们)|\b(?:did|have|has)\s+i\b|\bmy\s+(?:overdue\s+)?(?:visits|clients)\b",
    re.I,
)


# "60天没拜访", "两个月没走访", "not visited for 60 days", "no visit in 3 months": a length of time
# without a visit, which is not the cadence's "overdue" ("超期30天" counts days past the due date).
_SPAN = (
    r"(?P<n>\d{1,4}|[一二两三四五六七八九十]{1,3}|半|\ban?\b|\bone\b|\bhalf\s+a)\s*(?:个)?\s*"
    r"(?P<unit>天|日|周|星期|礼拜|月|年|days?|weeks?|months?|years?)"
)
_NOT_SEEN = tuple(
    re.compile(pattern, re.I)
    for pattern in (
        r"(?:超过|已经|已|有|连续)?"
        + _SPAN
        + r"(?:以上|多|之久|了|内|以内|之内)?(?:都|还|一直)?(?:没|没有|未)(?:去|被)?"
        r"(?:走访|拜访|上门|见|跑|去|联系)",
        r"(?:没|没有|未)(?:去|被)?(?:走访|拜访|上门)(?:过)?(?:的)?(?:客户)?(?:已|已经|超过|有)?"
        + _SPAN,
        # "not visited for 60 days", "haven't I visited in 30 days", "didn't see within a month",
        # "have not been to in 2 weeks"
        r"(?:\bnot|n't)\s+(?:(?:i|we|you)\s+)?(?:been\s+to|been\s+)?"
        r"\s*(?:visited|seen|visit|see|called|contacted|met)?\s*(?:(?:them|yet)\s+)?"
        r"(?:(?:for|in|over|within)\s+)?"
        r"(?:the\s+(?:last|past)\s+)?(?:more\s+than\s+|over\s+)?" + _SPAN,
        r"\bno\s+visits?\s+(?:for|in)\s+(?:the\s+(?:last|past)\s+)?(?:more\s+than\s+|over\s+)?"
        + _SPAN,
    )
)
_CLIENTS = re.compile(r"客户|客戶|\b(?:clients?|customers?|accounts?)\b", re.I)
# "我的逾期客户", "my overdue clients", "overdue visits": the list asked for by its name alone.
_OVERDUE_LISTED = re.compile(
    r"^\W*(?:我的|我|本人的?)?(?:所有|全部)?的?(?:超期|逾期|过期)(?:未?(?:走访|拜访))?的?"
    r"(?:客户|走访|拜访)(?:名单|列表|清单|有哪些)?\W*$"
    r"|^\W*(?:(?:all\s+)?(?:of\s+)?my\s+|all\s+|the\s+)?overdue\s+"
    r"(?:clients?|customers?|accounts?|visits)\W*$",
    re.I,
)
_UNIT_DAYS = {"天": 1, "日": 1, "day": 1, "周": 7, "星期": 7, "礼拜": 7, "week": 7, "月": 30,
              "month": 30, "年": 365, "year": 365}  # fmt: skip


_MOST_BY_CLIENT = re.compile(
    r"(?:哪些|哪个|哪家|哪几家|什么)客户.*(?:最多|最频繁|多)|客户.*投诉(?:次数)?(?:最多|排名|排行)|"
    r"\bwhich\s+(?:clients?|customers?|accounts?)\b.*\bmost\b|\bmost\s+complaints\b",
    re.I,
)


def not_seen_days(text: str) -> int | None:
    """The days in "60天没拜访" / "not visited for 2 months" (a month is 30 days), else None."""
    found = next((m for p in _NOT_SEEN if (m := p.search(text))), None)
    if found is None:
        return None
    number, unit = found.group("n"), found.group("unit").lower().rstrip("s")
    number = number.lower()
    if number in ("半", "half a"):
        amount = 0.5
    elif number in ("a", "an", "one"):
        amount = 1
    elif number.isdigit():
        amount = int(number)
    else:  # 十, 十五, 二十, 三十六
        amount = chinese_number(number) or 0
    days = round(amount * _UNIT_DAYS[unit])
    return days if 0 < days <= 3660 else None


# Asking what is ahead ("该去拜访哪些", "要走访", "due"), not what was missed ("超期", "没去").
_DUE_AHEAD = re.compile(
    r"(?:该|应该|应当|需要|要|得)去?(?:走访|拜访|上门|见)|到期|"
    r"\bshould\s+(?:i|we)\s+(?:visit|see|meet)\b|\b(?:need|have)\s+to\s+(?:see|meet)\b|\b(?:need|needs|have|has)\s+to\s+(?:be\s+)?visit|"
    r"\bto\s+visit\b|\bdue\b",
    re.I,
)
_MISSED = re.compile(
    r"超期|逾期|过期|拖欠|(?:没|没有|未|还没)(?:去)?(?:走访|拜访|去|上门)|\boverdue\b|\bmissed\b|"
    r"\bnot\s+(?:been\s+)?visited\b|\bhaven'?t\b|\bhasn'?t\b",
    re.I,
)
# Not been to a client (in the period named): "还有哪些客户没去过", "haven't visited".
_NOT_BEEN = re.compile(
    r"(?:没|没有|未|还没|还没有|从没|都没)(?:去过|去|走访过?|拜访过?|上门过?|见过)"
    r"|\b(?:not|haven['’]?t|hasn['’]?t|didn['’]?t|did\s+not|have\s+not)\s+(?:(?:i|we|you)\s+)?"
    r"(?:yet\s+)?(?:been\s+)?"
    r"(?:visited|visit|been\s+to|seen)\b",
    re.I,
)
# Words of the cadence's lateness: "本月超期未走访的客户" asks for the overdue, as before.
_LATE_WORDS = re.compile(r"超期|逾期|过期|到期|\boverdue\b|\bdue\b|\blate\b", re.I)
_AHEAD_DAYS = re.compile(
    r"(?:(?:未来|接下来|今后|最近)(?P<zh_a>\d{1,3}|[一二两三四五六七八九十]{1,3})天"
    r"|(?P<zh_b>\d{1,3}|[一二两三四五六七八九十]{1,3})天(?:内|之内|以内))"
    r"|\b(?:within|in|next)\s+(?:the\s+next\s+)?(?P<en>\d{1,3})\s+days?\b",
    re.I,
)
_AHEAD_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"下个?月|\bnext\s+month\b", re.I), "next_month"),
    (re.compile(r"这个?月|本月|\bthis\s+month\b", re.I), "month"),
    (re.compile(r"下(?:个)?(?:周|星期|礼拜)|\bnext\s+week\b", re.I), "next_week"),
    (re.compile(r"这(?:个)?(?:周|星期|礼拜)|本周|\bthis\s+week\b", re.I), "week"),
    (re.compile(r"明天|\btomorrow\b", re.I), "tomorrow"),
    (re.compile(r"今天|\btoday\b", re.I), "today"),
)


_BY_WEEKDAY = re.compile(
    r"(?:周|星期|礼拜)(?P<zh>[一二三四五六日天])(?:前|之前|以前)"
    r"|\b(?:before|by)\s+(?:this\s+|next\s+)?(?P<en>mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.I,
)
_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")


def due_within(raw: str, today: date) -> int | None:
    """Days from `today` to the end of the time a question about visits ahead names ("这周" to
    Sunday, "下个月" to its last day, "未来10天", "周五前" to the coming Friday); None when it
    names none."""
    if m := _BY_WEEKDAY.search(raw):
        zh, en = m.group("zh"), m.group("en")
        weekday = (
            _WEEKDAYS_ZH.index("日" if zh == "天" else zh) if zh else _WEEKDAYS_EN.index(en.lower())
        )
        return (weekday - today.weekday()) % 7 or 7  # "周五前" asked on a Friday: the next one
    if m := _AHEAD_DAYS.search(raw):
        number = m.group("zh_a") or m.group("zh_b") or m.group("en") or ""
        days = int(number) if number.isdigit() else chinese_number(number)
        return days if days is not None and 0 <= days <= 366 else None
    word = next((w for pattern, w in _AHEAD_WORDS if pattern.search(raw)), None)
    if word is None:
        return None
    if word == "today":
        return 0
    if word == "tomorrow":
        return 1
    if word in ("week", "next_week"):
        sunday = today + timedelta(days=6 - today.weekday())
        return (sunday - today).days + (7 if word == "next_week" else 0)
    first = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    if word == "next_month":
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return (first - timedelta(days=1) - today).days


# The clients of one credit rating or tier asked for by name. A question about what such clients
# get or how one becomes one is the handbook's (what the rules say, not who they are).
_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rating-poor", re.compile(
        r"(?:信用|信誉|资信)(?:等级|评级|级别)?(?:为|是|属于|评为)?[“\"'「]?(?:较差|比较差|很差|不好|差|低)|"
        r"(?:信用|信誉)不好|\b(?:poor|bad|low)[\s-]+credit\b|"
        r"\bcredit\s+(?:rating\s+|standing\s+)?(?:is\s+|of\s+)?(?:poor|bad|low)\b|\brated\s+poor\b",
        re.I)),
    ("rating-good", re.compile(
        r"(?:信用|信誉|资信)(?:等级|评级|级别)?(?:为|是|属于|评为)?[“\"'「]?(?:优秀|优|良好|很好|好|高)|优质(?:大)?客户|"
        r"\b(?:good|high|excellent)[\s-]+credit\b|"
        r"\bcredit\s+(?:rating\s+)?(?:is\s+|of\s+)?(?:good|high)\b|\brated\s+good\b", re.I)),
    ("rating-medium", re.compile(
        r"(?:信用|信誉|资信)(?:等级|评级|级别)?(?:为|是|属于|评为)?[“\"'「]?(?:中等|一般|中)|"
        r"\b(?:medium|average|middling)[\s-]+credit\b|"
        r"\bcredit\s+(?:rating\s+)?(?:is\s+|of\s+)?(?:medium|average)\b|\brated\s+medium\b",
        re.I)),
    ("tier-strategic", re.compile(r"战略(?:大)?客户|\bstrategic\s+(?:clients?|customers?|accounts?)\b|"
                                  r"\b(?:clients?|customers?|accounts?)\s+(?:are|is)\s+strategic\b",
                                  re.I)),
    ("tier-important", re.compile(r"重要大客户|\bimportant\s+(?:clients?|accounts?)\b", re.I)),
    ("tier-group", re.compile(r"集团(?:大)?客户|\bgroup\s+(?:clients?|accounts?)\b", re.I)),
    ("tier-commercial", re.compile(r"商业大客户|\bcommercial\s+(?:clients?|accounts?)\b", re.I)),
)  # fmt: skip
# A list asked for in words `_ASKING` does not know ("哪家", "列一下", "what clients").
_LIST_ASKED = re.compile(r"哪家|列一下|\bwhat\s+(?:clients?|accounts?)\b", re.I)
# What such clients get, how a client becomes one: the handbook's.
_GROUP_RULES = re.compile(
    r"怎么|怎样|如何|要求|注意|措施|对待|待遇|服务|策略|办法|规定|条件|标准|为什么|什么样|依据|"
    r"\bhow\s+(?:should|do|does|to|are|is|must|can|often|soon|long)\b|\bwhy\b|\btreat|\bhandl|\bserv(?:e|ice)|\bpolic|\brules?\b|\bcriteri|\bbasis\b",
    re.I,
)
# "哪些客户算战略客户": what it takes to be one, unless the asker's own clients are meant
# ("我的客户里哪些属于战略客户").
_GROUP_MEANING = re.compile(
    r"算|属于|评为|评定|认定|定为|\bcounts?\s+as\b|\bqualif|\bconsidered\b", re.I
)
_OWN_SCOPE = re.compile(
    r"我的|我们|我名下|我负责|名下|手上|手里|团队|组里|的客户|\bmy\b|\bour\b|"
    r"\bteam\b|\bof\s+mine\b",
    re.I,
)


# A bare "my … clients" ("我的战略客户", "我名下信用差的客户", "my strategic accounts"): the list.
_OWN_GROUP = re.compile(
    r"(?:我的|我名下的?|我负责的|我手上的?)\S{1,12}客户[。.？?]?|"
    r"(?:my|our)\s+[\w\s-]{1,30}(?:clients?|customers?|accounts?)[.?]?",
    re.I,
)


def group_asked(raw: str) -> str | None:
    """ "rating-poor" for "我的客户里哪些信用等级差？", "tier-strategic" for "which of my clients are
    strategic accounts?" (and for "信誉差的客户本月拜访了几次", a number by rating that is not
    counted: the clients are listed instead, see `SummaryQuery.narrowed`); None for anything
    else, the rules about such clients included."""
    if not _CLIENTS.search(raw) or _GROUP_RULES.search(raw):
        return None
    if not (_ASKING.search(raw) or _LIST_ASKED.search(raw) or _OWN_GROUP.fullmatch(raw.strip())):
        return None
    if _GROUP_MEANING.search(raw) and not _OWN_SCOPE.search(raw):
        return None
    found = [code for code, pattern in _GROUPS if pattern.search(raw)]
    return found[0] if len(found) == 1 else None


# Two periods named and set against each other ("11月比10月", "本月和上月相比", "November vs
# October", "more visits in November than in October"); "10月到11月" is one span, not two.
_COMPARED = re.compile(
    r"比|和|与|跟|同|变化|增减|增加|减少|多了|少了|"
    r"\bcompar|\bvs\b|\bversus\b|\bthan\b|\bchange|\bdiffer|\bagainst\b",
    re.I,
)
# One period set against the one before it: "本月走访环比", "compared with the previous month".
_PREVIOUS = re.compile(
    r"环比|上一期|上期|前一期|\b(?:previous|prior|preceding)\s+(?:period|one)\b|\bperiod\s+before\b|"
    r"\bcompared\s+(?:with|to)\s+(?:the\s+)?(?:previous|prior|one\s+before)\b",
    re.I,
)


# Words that ask how two periods compare (not "和", which also joins two periods told of).
_ASKS_CHANGE = re.compile(
    r"相比|对比|比较|环比|比起|还是|\bcompar|\bvs\b|\bversus\b|\bthan\b", re.I
)
_COMPARING_WORDS = re.compile(
    r"相比|对比|比较|比起|和|与|跟|同|比|\bcompared?\s+(?:with|to)\b|\bcompare\b|\bvs\.?|"
    r"\bversus\b|\bthan\b|\bagainst\b",
    re.I,
)


def compared_period(
    raw: str, period: Period | None, rest: str, today: date | None
) -> tuple[Period | None, str]:
    """The other period a question sets `period` against, and `rest` without its words: a second
    period named with a word that compares, or the one before for "环比"; None for any other
    question."""
    if period is None:
        return None, rest
    other, left = find_period(rest, today)
    if other is not None and other != period and _COMPARED.search(raw):
        # "王磊11月和10月比拜访了几次": the words that set them side by side are no name either
        return other, _COMPARING_WORDS.sub(" ", left)
    if _PREVIOUS.search(raw):
        return period.previous(), rest
    return None, rest


def route_question(text: str, today: date | None = None) -> SummaryQuery | None:
    """Recognise a plain-words question about the team's numbers, in Chinese or English.

    Questions about the rules themselves ("信誉较差的客户多久要走访一次？") are left alone: they
    belong to the knowledge base.
    """
    # Traditional characters and full-width forms read as simplified ("王磊上週拜訪了幾次").
    raw = fold_keeping_length(" ".join(text.strip().split()))
    if not raw or len(raw) > 200 or raw.startswith("/"):
        return None
    if _POLICY.search(raw):
        return None
    if (group := group_asked(raw)) is not None:
        rest = find_period(raw, today)[1] if today is not None else raw
        for _, pattern in _GROUPS:  # "信用差的客户": the group asked for, not somebody's name
            rest = pattern.sub(" ", rest)
        rest = " ".join(rest.split())
        me = bool(_ME.search(rest)) or bool(re.search(r"我的|\bmy\b", rest, re.I))
        # "团队里哪些客户信用差" names the team, not a number of it
        narrowed = any(p.search(raw) for topic, p in _TOPICS if topic is not Topic.OVERVIEW)
        return SummaryQuery(topic=Topic.CLIENTS, period=AS_OF_TODAY, me=me, text=raw,
                            manager=None if me else _name_in(rest), group=group,
                            narrowed=narrowed)  # fmt: skip
    # "今天拜访了华能，谈了本月账单情况" is a report to log, not a question about the numbers;
    # "11月1日到15日团队拜访情况" (days by their dates, one clause) asks for those days' summary.
    # One day by its date asks only with a word that asks ("11月28日团队拜访情况"):
    # "11月28日拜访了宝钢谈了续约" is a visit told with its day.
    span = find_period(raw, today)[0] if today is not None else None
    dated = (
        span is not None
        and span.kind is PeriodKind.RANGE
        and not _CLAUSE_BREAK.search(raw)
        and (not span.one_day or bool(_ASKING.search(raw)))
    )
    if looks_like_visit_report(raw) and not dated and not _QUESTION.search(_asking_part(raw)):
        return None
    topic = next((t for t, pattern in _TOPICS if pattern.search(raw)), None)
    if topic in (None, Topic.VISITS) and not_seen_days(raw):
        topic = Topic.OVERDUE  # "哪些客户半年没上门了？"
    period, rest = find_period(raw, today)
    compare, rest = compared_period(raw, period, rest, today)
    if topic is None and compare is not None and (_ASKING.search(raw) or _ASKS_CHANGE.search(raw)):
        topic = Topic.OVERVIEW  # "本月和上月比怎么样", "How did November compare with October?"
    if topic is None:
        return None
    # "60天没拜访的客户", "clients not visited in 30 days": a list asked for without a question word.
    # One clause only: "客户说我们两个月没联系他们了，很不满意" tells of a complaint.
    listed = (
        (
            topic is Topic.OVERDUE
            and bool(not_seen_days(raw))
            and bool(_CLIENTS.search(raw))
            and not _CLAUSE_BREAK.search(raw)
        )
        or bool(_OVERDUE_LISTED.match(raw))
        or (topic in (Topic.OVERDUE, Topic.AT_RISK) and _bare_list(raw))
    )
    # "上个月和上上个月比，投诉多了还是少了" asks how two periods compare; a complaint told in
    # clauses ("本月和上月都断网了，客户很不满意") is to be filed.
    asks_change = compare is not None and bool(_ASKS_CHANGE.search(raw))
    # A day named without a word that asks is when something happened, not a question about
    # it: "今天沙钢投诉账单错误" is a complaint to file ("本月投诉" is counted).
    if (
        not _ASKING.search(raw)
        and not listed
        and (period is None or period.one_day or (_told_complaint(raw) and not asks_change))
    ):
        return None
    rest = " ".join(rest.split())
    # "这周该去拜访哪些客户": what falls due, not (only) what is overdue; a past period asks what
    # was missed then.
    ahead = (
        topic is Topic.OVERDUE
        and bool(_DUE_AHEAD.search(raw))
        and not _MISSED.search(raw)
        and not not_seen_days(raw)
        and not (
            period is not None and period.offset < 0 and period.kind is not PeriodKind.NAMED_MONTH
        )
    )
    within = due_within(raw, today) if ahead and today is not None else None
    if ahead:
        if period is not None and period.kind is PeriodKind.NAMED_MONTH and today is not None:
            # "12月要拜访哪些客户" asked in November: the coming December, to its last day.
            year = today.year + (period.offset < today.month)
            following = date(year + period.offset // 12, period.offset % 12 + 1, 1)
            within = (following - timedelta(days=1) - today).days
        # "下周要拜访哪些客户": the portfolio as it stands, not a past span
        period = AS_OF_TODAY
        # "下周", "未来10天": the time ahead asked about, not somebody's name
        for pattern in (_AHEAD_DAYS, _BY_WEEKDAY, *(p for p, _ in _AHEAD_WORDS)):
            rest = pattern.sub(" ", rest)
        rest = " ".join(rest.split())
    me = bool(_ME.search(rest))
    unvisited = (
        (topic is Topic.OVERDUE or (topic is Topic.VISITS and bool(_CLIENTS.search(raw))))
        and period is not None
        and not period.one_day
        and not ahead
        and bool(_NOT_BEEN.search(raw))
        and not _LATE_WORDS.search(raw)
        and not _WHO.search(raw)
        and not not_seen_days(raw)
    )
    if unvisited:
        topic = Topic.OVERDUE  # "which clients haven't I visited this month?": no visit counted
    if period is None and not me and not listed and not _about_records(raw, rest):
        # "走访记录应包括哪些内容？", "领导每年要走访大客户几次？": no period, no person, no list
        # of clients or tickets asked for: a question about the rules, for the knowledge base.
        return None
    return SummaryQuery(
        topic=topic,
        period=period,
        manager=None if me else _name_in(rest),
        me=me,
        text=raw,
        who=bool(_WHO.search(raw)),
        not_seen_days=not_seen_days(raw) if topic is Topic.OVERDUE else None,
        by_client=topic is Topic.COMPLAINTS and bool(_MOST_BY_CLIENT.search(raw)),
        rank=ranked(raw)
        if topic is Topic.VISITS
        else (ranked_coverage(raw) if topic is Topic.COVERAGE else None),
        due_ahead=ahead,
        due_within=within,
        unvisited=unvisited,
        compare=None if ahead or topic is Topic.CLIENTS else compare,
    )


# The list named and nothing else, as a supervisor types it on a phone ("超期客户", "团队的风险客户",
# "李婷的超期客户", "overdue clients of the team"): it went to the documents, which answered with
# the rule on overdue visits.
_BARE_LIST = re.compile(
    r"(?:(?:我们|我的)?团队|全组|本组|组里|我的|我们的|(?P<who>[\u4e00-\u9fff]{2,3})的)?的?"
    r"(?:超期|逾期|高风险|有风险|风险)(?:未(?:走访|拜访))?的?(?:大)?客户(?:名单|列表|清单|有哪些)?"
    r"[？?。.!！]*"
    r"|(?:(?:my|our|the|team'?s?|the\s+team'?s)\s+)?(?:overdue|at[-\s]risk)\s+"
    r"(?:clients?|customers?|accounts?)(?:\s+(?:of|in|for|on)\s+(?:the|my|our)\s+team)?[?.!]*",
    re.I,
)


def _bare_list(raw: str) -> bool:
    """`_BARE_LIST`, what comes before 的 a colleague's name ("李婷的超期客户"), not a group
    ("信誉差的超期客户") or a kind of company ("供电公司的风险客户")."""
    found = _BARE_LIST.fullmatch(raw)
    return found is not None and (found.group("who") is None or _is_person(found.group("who")))


# What a question about the numbers asks of the records when it names no period and no person:
# a list of clients or tickets, a state of them, a colleague, a ranking, a summary.
_RECORDS = re.compile(
    r"哪(?:些|个|家|几家|几个)[^？?，,。]{0,4}(?:客户|投诉|工单|客诉)|有没有[^？?，,。]{0,6}(?:投诉|工单|客诉)"
    r"|有(?:几|多少)(?:个|件|条)?(?:投诉|工单|客诉)|(?:投诉|工单)有(?:几|多少)"
    r"|(?:几|多少)(?:个|家|位)?客户|(?:客户|投诉|工单)有哪些[？?]?$|(?:超期|逾期|风险|到期)的?客户"
    r"|了吗|了没|(?:拜访|走访|处理|解决|见|去)了|得(?:怎么样|如何|怎样)|最近|上次|最后一次"
    r"|到哪(?:了|一步)|进展|进度|情况(?:怎么样|如何)?[？?]?$"
    r"|名单|列表|清单|汇总|统计|概况|周报|月报|(?<!年度)报告|排名|覆盖率|风险客户"
    r"|我的|我们|本人|(?:我们|我的|本|全|整个)团队|(?<!服务)团队(?:有|的|拜访|走访|情况|汇总|覆盖|表现|整体)"
    r"|\bwhich\s+(?:\w+\s+)?(?:clients?|customers?|accounts?|complaints?|tickets?)\b"
    r"|\b(?:my|our)\s+(?:team|clients?|visits|complaints)\b|\b(?:did|have|has)\s+(?:we|i)\b"
    r"|\bsummary\b|\b(?:weekly|monthly|quarterly|team|my|our)\s+report\b|^\W*report\W*$"
    r"|\boverview\b|\bstats?\b|\bstatistics\b|\bcoverage\b"
    r"|\b(?:by|per)\s+(?:manager|person|people|client|team)\b|\blast\s+visit|\bgoing\b"
    r"|\bhow\s+many\s+(?:clients?|customers?|accounts?|visits|complaints?|tickets?)\b"
    r"|\b(?:any|the)\s+(?:overdue|open|new|at[-\s]risk)\b"
    r"|\boverdue\s+(?:clients?|customers?|accounts?|visits|complaints?|tickets?)\b",
    re.I,
)


def _about_records(raw: str, rest: str) -> bool:
    return bool(
        _RECORDS.search(raw)
        or _WHO.search(raw)
        or ranked(raw)
        or not_seen_days(raw)
        or _is_person(_name_in(rest))
        or client_asked_about(raw)
        or re.search(r"谁|哪位|\bwho\b", raw, re.I)
    )


# Common Chinese surnames: a colleague's name opens with one ("王磊上周拜访了几次"); the words a
# question about the rules opens with ("紧急的投诉", "供电公司的", "低级别的") do not.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
    "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓"
    "古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣"
    "巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)


def _is_person(name: str | None) -> bool:
    """A name that may be a colleague's: a Latin one ("Zhang San"), or two or three Chinese
    characters opening with a surname."""
    if not name:
        return False
    if name.isascii():
        return True
    return 2 <= len(name) <= 3 and name[0] in _SURNAMES


def _asking_part(raw: str) -> str:
    """Where a message that reads as a visit report would ask its question: all of it when it
    ends as a question does ("…吗", "…?"), else its first clause ("今天拜访了宝钢，谈了几个项目"
    tells; "今天拜访了几个客户，谁最多" asks)."""
    if re.search(r"[?？]|[吗呢]\W*$", raw):
        return raw
    return re.split(r"[，,；;：:。.!！]", raw, maxsplit=1)[0]


# Between clauses of a statement: "沙钢又投诉了，发票重复计费", "complained again: the invoice…".
_CLAUSE_BREAK = re.compile(r"[，,；;：:。.!！]\s*\S")


def _told_complaint(raw: str) -> bool:
    """Whether a message asking nothing tells of a complaint in more than one clause ("沙钢又投诉
    了，11月发票重复计费，本季度第二次投诉"): to be filed, not counted ("本月投诉" is counted)."""
    return looks_like_complaint(raw) and bool(_CLAUSE_BREAK.search(raw))


# Days and times of day a question may open with, before the name it asks about (if any).
_WHEN_FIRST = re.compile(
    r"^(?:(?:大?前|昨|今|明|大?后)(?:天|日|早|晚|晨|儿)|刚才|刚刚|上午|中午|下午|傍晚|晚上|早上|"
    r"(?:上上|上|本|这|下下|下)?个?(?:周|星期|礼拜)[一二三四五六日天]?|(?:上|本|这|下)个?月|今年|去年)+"
)


def _name_in(text: str) -> str | None:
    candidates: list[str] = []
    zh = _ZH_NAME.search(text.replace(" ", ""))
    if zh:
        candidates.append(zh.group("name"))
    for match in _EN_NAME.finditer(text):
        candidates.extend(g for g in match.groups() if g)
    for name in candidates:
        # "今天拜访了宝钢…", "上周王磊拜访了几次": the day said first is no one's name.
        name = _WHEN_FIRST.sub("", name.strip(" ，,。？?！!的"))
        if len(name) < 2 or name.lower() in _NOT_NAMES:
            continue
        if name[0] in "哪多几谁有本上这我客每各全所" or name.lower().startswith(("my ", "the ")):
            continue
        if _ASKING.search(name) or any(pattern.search(name) for _, pattern in _TOPICS):
            continue
        return name
    return None


# "宝钢最近一次拜访是什么时候？", "When was Baosteel last visited?": a question about one client's
# visits, whose subject is a client's name, not a person of the team.
_ZH_CLIENT_VISITS = re.compile(
    r"^(?:请问|帮我|麻烦)?(?:查一下|查查|看一下|问一下)?"
    r"(?P<name>[\u4e00-\u9fffA-Za-z0-9&·（）()\s.-]{2,30}?)\s*(?:的)?"
    r"(?:最近一次|最近|上一次|上次|最后一次)(?:是)?(?:什么时候|哪天|几号)?(?:被)?"
    r"(?:拜访|走访|上门|去|见)"
    r"|^(?:请问)?(?P<name2>[\u4e00-\u9fffA-Za-z0-9&·（）()\s.-]{2,30}?)\s*"
    r"(?:是)?(?:什么时候|哪天)(?:被)?(?:最近|最后)?(?:拜访|走访|去)"
)
# "沙钢有没有投诉？", "沙钢最近有投诉吗": a question about one client's complaints.
_ZH_CLIENT_COMPLAINTS = re.compile(
    r"^(?:请问|帮我|麻烦)?(?:查一下|查查|看一下|问一下)?"
    r"(?P<name>[\u4e00-\u9fffA-Za-z0-9&·（）()\s.-]{2,30}?)\s*(?:最近|这个月|本月|今年)?"
    r"(?:有没有|有无|有)(?:什么|新的?|未结的?|没处理的?)?(?:投诉|工单|客诉)"
)
# "沙钢的投诉处理得怎么样", "沙钢那个工单解决了吗", "宝钢的走访情况": how one client's complaints
# or visits are going.
_ZH_CLIENT_STATUS = re.compile(
    r"^(?:请问|帮我|麻烦)?(?:查一下|查查|看一下|问一下|说说)?"
    r"(?P<name>[\u4e00-\u9fffA-Za-z0-9&·（）()\s.-]{2,30}?)\s*(?:的|那边的?|那个|这个)?"
    r"(?:最近的?|这次的?|上次的?|那次的?|新的?)?(?:投诉|工单|客诉|拜访|走访)"
    r"(?:处理|解决|跟进|回复)?(?:得|的)?(?:怎么样|怎样|如何|情况|进展|进度|结果|状态|了吗|了没|完了吗|好了吗)"
)
_EN_CLIENT_COMPLAINTS = re.compile(
    r"\bcomplaints?\s+(?:from|of|at|by)\s+(?P<name>.+?)\s*(?:[?.!]|$)"
    r"|\b(?:does|did|has)\s+(?P<name2>.+?)\s+(?:have|had|got|made|filed)\s+(?:any\s+|open\s+|new\s+)*complaints?\b"
    # "How is Shagang's complaint going?", "the status of Shagang's complaints"
    r"|(?-i:(?P<name3>\b[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4}))'s\s+"
    r"(?:open\s+|latest\s+|last\s+|new\s+)?(?:complaints?|tickets?)\b",
    re.I,
)
_EN_CLIENT_VISITS = re.compile(
    r"\bwhen\s+did\s+(?:we|i|you|anyone)\s+(?:last\s+)?visit\s+(?P<name>.+?)\s*(?:last)?\s*(?:[?.!]|$)"
    r"|\bwhen\s+(?:was|were)\s+(?P<name2>.+?)\s+(?:last\s+|most\s+recently\s+)?visited\b"
    r"|\blast\s+visit\s+(?:to|at|of)\s+(?P<name3>.+?)\s*(?:[?.!]|$)",
    re.I,
)


def client_asked_about(text: str) -> str | None:
    """The client a question about one client's visits or complaints names, as written ("宝钢" in
    "宝钢最近一次拜访是什么时候？", "沙钢" in "沙钢有没有投诉？"); None for a question about people
    or periods ("王磊上周拜访了几次", "团队有没有投诉")."""
    raw = fold_keeping_length(" ".join(text.strip().split()))
    for pattern in (_ZH_CLIENT_VISITS, _EN_CLIENT_VISITS, _ZH_CLIENT_COMPLAINTS,
                    _ZH_CLIENT_STATUS, _EN_CLIENT_COMPLAINTS):  # fmt: skip
        m = pattern.search(raw)
        if m is None:
            continue
        groups = m.groupdict()
        name = next((v for v in groups.values() if v), "").strip(" ，,。？?！!的")
        if name.lower().startswith("the ") and len(name) > 4:
            name = name[4:]
        if (
            len(name) >= 2
            and name.lower() not in _NOT_NAMES
            and not _ME.search(name)
            and name[0] not in "哪多几谁有本上这今去客每各全所"  # 本月, 这周, 哪些客户
            and not _ASKING.search(name)
            and find_period(name)[0] is None
            and not names_day_span(name)  # "11月1日到15日团队拜访情况": days, no client
        ):
            return name
    return None


# Two colleagues set side by side ("李婷和王磊比一比", "对比一下李婷和王磊", "Compare Li Ting and
# Wang Lei"): a word that compares; the reader checks that two people in scope are named.
_PEOPLE_COMPARED = re.compile(
    r"比一比|比一下|比比|比较|对比|相比|pk|\bcompare\b|\bcompared\b|\bvs\b|\bversus\b", re.I
)


def people_compared(text: str, today: date | None = None) -> SummaryQuery | None:
    """A comparison of people, not of periods, as a question about each one's visits over the
    period named (None: this week, as a summary's default): every person's lines, the names
    asked for among them. None when no word compares, or the words ask about the rules."""
    raw = fold_keeping_length(" ".join(text.strip().split()))
    if not raw or len(raw) > 200 or raw.startswith("/") or _POLICY.search(raw):
        return None
    if not _PEOPLE_COMPARED.search(raw):
        return None
    if any(t is Topic.COMPLAINTS and p.search(raw) for t, p in _TOPICS):
        return None  # each one's complaints are not counted apart: not answered with visits
    period = find_period(raw, today)[0] if today is not None else None
    return SummaryQuery(topic=Topic.VISITS, period=period, text=raw)
