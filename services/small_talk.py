"""Greetings, thanks, acknowledgements and a few whole-message requests ("help", "what should I do
today?", "my clients", "log a visit"): recognised so they are answered in kind (the command list,
the reminders, the client list, the guided draft), not searched in the documents."""

from __future__ import annotations

import re
import unicodedata

from knowledge.normal_form import fold

GREETING, THANKS, ACK, HELP = "greeting", "thanks", "ack", "help"
AGENDA, CLIENTS, NEW_VISIT, NEW_COMPLAINT = "agenda", "clients", "new_visit", "new_complaint"

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
_TAIL = re.compile(r"(?:啊|呀|哈|啦|了|哦|嘛|呢|的)+$")


def small_talk(text: str) -> str | None:
    """GREETING, THANKS, ACK, HELP, AGENDA, CLIENTS, NEW_VISIT or NEW_COMPLAINT when the whole
    message is one of those (with a name or emoji at most; emoji alone are an ACK, question marks
    alone a call for HELP)."""
    # Traditional characters read as simplified: "我有哪些客戶" is "我有哪些客户".
    raw = fold(unicodedata.normalize("NFKC", text)).lower().strip()
    if len(raw) > 24:
        return None
    core = " ".join(_TRIM.sub("", raw).split())
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
