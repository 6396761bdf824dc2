"""Greetings, thanks, acknowledgements and a few whole-message requests ("help", "what should I do
today?", "my clients", "log a visit"): recognised so they are answered in kind (the command list,
the reminders, the client list, the guided draft), not searched in the documents."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from knowledge.normal_form import fold
from services.summaries.questions import due_within

GREETING, THANKS, ACK, HELP = "greeting", "thanks", "ack", "help"
AGENDA, CLIENTS, NEW_VISIT, NEW_COMPLAINT = "agenda", "clients", "new_visit", "new_complaint"
TICKETS = "tickets"

_WORDS: dict[str, tuple[str, ...]] = {
    GREETING: (
        "你好", "您好", "嗨", "哈喽", "早", "早上好", "上午好", "下午好", "晚上好", "在吗", "在么",
        "hello", "hi", "hey", "good morning", "good afternoon", "good evening", "morning",
    ),
    THANKS: (
        "谢谢", "谢谢你", "谢谢您", "多谢", "感谢", "非常感谢", "辛苦了", "谢了", "谢啦",
        "thanks", "thank you", "thanks a lot", "many thanks", "thx", "ty", "cheers",
    ),
    HELP: (
        "帮助", "菜单", "使用说明", "说明书", "怎么用", "如何使用", "怎么使用", "你能做什么", "你会做什么",
        "你会什么", "能做什么", "有什么功能", "有哪些功能", "功能", "功能列表", "命令", "指令", "幫助",
        "help", "menu", "commands", "what can you do", "how to use", "how do i use this", "help me",
    ),
    # "What should I do today?": the user's pending reminders, as /reminders lists them.
    AGENDA: (
        "今天做什么", "今天要做什么", "今天该做什么", "今天干什么", "今天干啥", "今天有什么安排",
        "今天有什么事", "今天要干什么", "今天的安排", "有什么要做的", "我该做什么", "我要做什么",
        "待办", "我的待办", "待办事项", "今日待办", "今天待办", "我的提醒", "有什么提醒",
        "what should i do today", "what do i do today", "what should i do", "what's on today",
        "what is on today", "my tasks", "my to-do list", "my todo list", "to do list", "todo",
        "to-do", "my reminders", "what's next", "what is next", "agenda", "my agenda",
    ),
    # "我有哪些客户？": the user's clients, as /clients lists them (not the handbook's client types).
    CLIENTS: (
        "我的客户", "我有哪些客户", "我的客户有哪些", "我有几个客户", "我有多少客户", "我有多少个客户",
        "我负责哪些客户", "我负责的客户", "我名下的客户", "我名下有哪些客户", "客户列表", "客户清单",
        "我的客户列表", "列出我的客户", "看看我的客户", "所有客户", "全部客户",
        "my clients", "my customers", "my accounts", "list my clients", "show my clients",
        "which clients do i have", "what clients do i have", "who are my clients", "client list",
        "how many clients do i have", "all my clients", "all clients",
    ),
    # "我的投诉": the user's open tickets, as /complaints lists them (not the handbook's chapter).
    TICKETS: (
        "我的投诉", "我的工单", "投诉列表", "工单列表", "投诉清单", "我有哪些投诉", "我的投诉有哪些",
        "未结投诉", "未结的投诉", "未关闭的投诉", "没处理完的投诉", "我的未结投诉", "所有投诉", "全部投诉",
        "看看投诉", "查看投诉", "查看工单", "my complaints", "my tickets", "open complaints",
        "open tickets", "list complaints", "show complaints", "show my complaints", "complaint list",
        "all complaints", "unresolved complaints", "pending complaints",
    ),
    # "我要记录一次走访": the guided visit, as /visit alone starts it (not the handbook's rules).
    NEW_VISIT: (
        "记录走访", "我要记录走访", "记录一次走访", "我要记录一次走访", "记一下走访", "登记走访",
        "新建走访", "写走访记录", "填走访记录", "添加走访", "新增走访", "记录拜访", "我要记录拜访",
        "log a visit", "log visit", "record a visit", "new visit", "add a visit",
        "i want to log a visit", "i want to record a visit",
    ),
    NEW_COMPLAINT: (
        "登记投诉", "我要登记投诉", "登记一个投诉", "记录投诉", "我要记录投诉", "新建投诉", "新增投诉",
        "报投诉", "我要报投诉", "file a complaint", "log a complaint", "new complaint",
        "record a complaint", "i want to file a complaint", "add a complaint",
    ),
    ACK: (
        "好的", "好", "好滴", "好嘞", "嗯", "嗯嗯", "哦", "收到", "明白", "知道了", "行", "可以", "没问题", "ok",
        "okay", "k", "got it", "fine", "great", "cool", "sure", "alright", "noted", "understood",
    ),
}  # fmt: skip
_KIND_OF = {word: kind for kind, words in _WORDS.items() for word in words}
_TRIM = re.compile(r"^[\s\W_]+|[\s\W_]+$")
_SPLIT = re.compile(r"[\s,，。.!！~～、]+|(?<=好的)(?=谢)|(?<=好)(?=谢)|(?<=收到)(?=谢)")
_ADDRESS = frozenset(("助手", "小助手", "机器人", "bot", "kam", "there", "大家", "老师"))
_CJK = re.compile(r"[\u3400-\u9fff]")
_TAIL = re.compile(r"(?:啊|呀|哈|啦|了|哦|嘛|呢|的)+$")


# "哪些投诉快到期了？", "有没有超期的投诉", "which complaints are overdue?": the open tickets, most
# urgent first, with their deadlines (not the clients overdue for a visit, not the handbook). A rule
# question ("投诉超期会怎么样", "投诉多久要解决") names no list and is left to the documents.
_DEADLINE = r"(?:快|要|即将|已经|已)?(?:到期|超期|逾期|超时|过期|没结|未结|没处理完?|未处理|没关|未关闭)(?:了)?"
_TICKET = r"(?:投诉|工单|客诉)"
_TICKETS_DUE = re.compile(
    r"^(?:我的?|我们的?)?(?:客户(?:里|中|当中)?的?)?(?:有)?(?:哪些|哪几个|哪几件|哪个|有没有|还有)?"
    rf"{_TICKET}(?:里|中)?(?:有)?(?:哪些|哪几个|哪几件|哪个|还)?{_DEADLINE}(?:吗|没有|没)?$"
    rf"|^(?:我的?|有没有|有哪些|哪些|还有|看看|查看)?(?:快要|快|要|即将|已经)?"
    rf"(?:到期|超期|逾期|超时|过期|未结|未关闭|没结|没处理完?)的?{_TICKET}(?:有哪些|吗)?$"
    r"|^(?:which|what|any|show(?:\s+me)?|list)?\s*(?:of\s+)?(?:my\s+)?(?:complaints?|tickets?)\s+"
    r"(?:are\s+|is\s+)?(?:due(?:\s+soon)?|overdue|late|still\s+open|open|"
    r"near(?:ing)?\s+(?:the(?:ir)?\s+)?deadlines?)$"
    r"|^(?:show(?:\s+me)?\s+|list\s+|any\s+)?(?:my\s+)?(?:overdue|late|due|unresolved)\s+"
    r"(?:complaints?|tickets?)$"
)


# "我有哪些未结的投诉？", "团队有哪些投诉超期了", "my open complaints", "which of my team's
# complaints are overdue?": the same list, asked with whose tickets (mine, the team's) and which
# (open, unresolved, overdue) in either order. No period and no client: those are summary and
# client questions ("本月团队有哪些投诉", "沙钢的投诉").
_SCOPE = r"(?:我|我们|咱们|我的团队|我们团队|团队|本组|我们组|组里|全组|部门|我们部门|全部|所有)"
_STILL = r"(?:现在|目前|还|仍然|手上|手里|手头|名下|一共|都)"
_WHICH = r"(?:哪些|哪几个|哪几件|哪个|什么|有没有|几个|几件|多少个?|多少件)"
_OPEN = (
    r"(?:快要|快|要|即将|已经|已)?(?:到期|超期|逾期|超时|过期|没结|未结|未结案|没处理完?|未处理|"
    r"没关|未关闭|没解决|未解决|待处理|处理中|没办完|在办)(?:了)?"
)
_TICKETS_LISTED = re.compile(
    rf"^{_SCOPE}?的?{_STILL}*(?:有)?{_WHICH}?{_STILL}*{_OPEN}的?{_TICKET}(?:有哪些|吗|呢)?$"
    rf"|^{_SCOPE}?的?{_STILL}*(?:有)?{_WHICH}?{_TICKET}(?:里|中|当中)?{_STILL}*(?:有)?{_WHICH}?"
    rf"{_STILL}*{_OPEN}(?:的)?(?:吗|没有|没|呢)?$"
    r"|^(?:what|which|show(?:\s+me)?|list|any|see)?\s*(?:are|is|of)?\s*"
    r"(?:my|our|my\s+team'?s|our\s+team'?s|the\s+team'?s|team|the)?\s*"
    r"(?:open|overdue|late|unresolved|pending|outstanding)\s+(?:complaints?|tickets?)"
    r"(?:\s+(?:do\s+i\s+have|do\s+we\s+have|are\s+there|in\s+(?:my|our|the)\s+team))?$"
    r"|^(?:which|what)\s+(?:of\s+)?(?:my|our|my\s+team'?s|our\s+team'?s|the\s+team'?s|team)\s+"
    r"(?:complaints?|tickets?)\s+(?:are|is)\s+(?:still\s+)?(?:open|overdue|late|unresolved)$"
)
# Which of the list were asked for: the overdue alone ("团队有哪些投诉超期了"), not due soon.
_LATE = re.compile(
    r"(?<!快)(?<!快要)(?<!即将)(?:超期|逾期|超时|过期)|\boverdue\b|\blate\b|past\s+due"
)


def late_tickets_asked(text: str) -> bool:
    """Whether a TICKETS request asks only for the tickets past their deadline ("哪些投诉超期了",
    "overdue complaints"), not all the open ones."""
    return bool(_LATE.search(fold(unicodedata.normalize("NFKC", text)).lower()))


# "我这周还有哪些事要做", "明天有什么事", "what do I have this week?": the user's reminders, as
# /reminders lists them (what is due and what is coming), not the handbook's duties.
_WHEN = r"(?:今天|今日|明天|后天|这周|本周|这个?星期|这个?礼拜|下周|最近|接下来|这两天)"
_AGENDA_ASKED = re.compile(
    rf"^(?:我)?{_WHEN}?(?:我)?(?:还)?(?:有)?(?:哪些|什么|啥)(?:事情?|任务|工作|待办|活儿?|安排)"
    r"(?:要做|要办|要跟进|要处理|没做|没办|需要做|需要处理|得做)?(?:吗|呢)?$"
    rf"|^(?:我)?{_WHEN}?(?:我)?(?:还)?(?:要做|该做|需要做|得做|要干|该干)(?:些)?(?:什么|啥)(?:事情?)?(?:吗|呢)?$"
    rf"|^(?:我)?{_WHEN}?(?:我)?(?:还)?(?:有)?(?:哪些|什么|啥)(?:事情?|任务|工作|待办|提醒)?"
    r"(?:要|快要?|将要?|即将)?到期(?:的|了)?(?:事情?|任务|工作|待办|提醒)?(?:吗|呢)?$"
    # "我下周有哪些提醒", "下周的提醒", "有什么提醒吗": the reminders themselves asked for.
    rf"|^(?:我)?{_WHEN}?(?:的)?(?:我)?(?:还)?(?:设了|设置了|定了)?(?:有)?(?:哪些|什么|啥|几个|几条|多少条?)?"
    r"提醒(?:事项)?(?:吗|呢)?$"
    r"|^(?:what|which|any)\s+reminders(?:\s+do\s+i\s+have|\s+have\s+i\s+(?:got|set))?"
    r"(?:\s+(?:for\s+)?(?:today|tomorrow|this\s+week|next\s+week))?$"
    r"|^(?:show|list)\s+(?:me\s+)?my\s+reminders(?:\s+(?:for\s+)?(?:today|tomorrow|this\s+week|next\s+week))?$"
    r"|^(?:my\s+)?reminders\s+(?:for\s+)?(?:today|tomorrow|this\s+week|next\s+week)$"
    r"|^what(?:'s|\s+is|\s+do\s+i\s+have|\s+should\s+i\s+do|\s+do\s+i\s+need\s+to\s+do|"
    r"\s+have\s+i\s+got)(?:\s+(?:on|due|left|planned|to\s+do))?\s*(?:for\s+)?"
    r"(?:today|tomorrow|this\s+week|next\s+week)$"
    r"|^(?:is\s+anything|anything|what's|what\s+is|what\s+falls|what\s+comes)\s+due\s+"
    r"(?:today|tomorrow|this\s+week|next\s+week)$"
)


def agenda_last_day(text: str, today: date) -> date | None:
    """The last day an AGENDA request asks about, if it names a time: "这周有什么到期的" asks what
    falls due by Sunday, "明天有什么事" by tomorrow; "待办" / "what should I do?" name none (all)."""
    days = due_within(fold(unicodedata.normalize("NFKC", text)).lower(), today)
    return None if days is None else today + timedelta(days=days)


# "我名下有几个客户？", "我手上一共有多少家客户", "how many accounts do I manage?": the user's
# clients as /clients lists them (its header counts them), however the portfolio is named.
_CLIENTS_ASKED = re.compile(
    r"^(?:我|本人)(?:的|名下|负责的?|手上|手里|手头上?|现在|目前|一共|总共|共)*(?:有|管|负责|跟)?"
    r"(?:几个|几家|多少个?|多少家|哪些|哪几个|哪几家)(?:大)?客户(?:吗|呢|啊)?$"
    r"|^how\s+many\s+(?:clients|customers|accounts)\s+(?:do|have)\s+i\s+"
    r"(?:have|own|manage|look\s+after|handle|got)(?:\s+now)?$"
)


def small_talk(text: str) -> str | None:
    """GREETING, THANKS, ACK, HELP, AGENDA, CLIENTS, TICKETS, NEW_VISIT or NEW_COMPLAINT when the whole
    message is one of those (with a name or emoji at most; emoji alone are an ACK, question marks
    alone a call for HELP)."""
    # Traditional characters read as simplified: "我有哪些客戶" is "我有哪些客户".
    raw = fold(unicodedata.normalize("NFKC", text)).lower().strip()
    core = " ".join(_TRIM.sub("", raw).split())
    squeezed = core.replace(" ", "") if _CJK.search(core) else core
    if len(raw) <= 48 and (_TICKETS_DUE.match(squeezed) or _TICKETS_LISTED.match(squeezed)):
        return TICKETS
    if len(raw) <= 48 and _AGENDA_ASKED.match(core.replace(" ", "") if _CJK.search(core) else core):
        return AGENDA
    if len(raw) <= 48 and _CLIENTS_ASKED.match(
        core.replace(" ", "") if _CJK.search(core) else core
    ):
        return CLIENTS
    if len(raw) > 24:
        return None
    if raw and not core:
        if "?" in raw or "？" in raw:
            return HELP  # "？？？" is "what now?", not "OK": the command list, not "好的。"
        return ACK  # "👍", "😀": an emoji alone is an acknowledgement, not a question to look up
    for candidate in (core, _TAIL.sub("", core), core.removesuffix(" bot").removesuffix(" kam")):
        kind = _KIND_OF.get(candidate)
        if kind is not None:
            return kind
    # "你好，小助手" / "ok thanks" / "好的谢谢": small talk throughout; thanks wins.
    words = [w for w in _SPLIT.split(core) if w and w not in _ADDRESS]
    kinds = {_KIND_OF.get(w) for w in words}
    if not words or None in kinds:
        return None
    for kind in (HELP, THANKS, GREETING):  # "你好，帮助": help wins; "ok thanks": thanks
        if kind in kinds:
            return kind
    return ACK
