"""Catalog entries for honest wording, small talk and first contact (zh-CN and English)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "talk.greeting": "您好，{name}！有什么可以帮您？可以直接发走访情况让我记录，问客户或制度，或发送 /help 查看全部功能。",
    "talk.thanks": "不客气，{name}！还有需要随时找我。",
    "talk.ack": "好的。",
    "chart.empty": "这段时间还没有数据，图表是空的。",
    "dg.more_rows": "……其他经理还有 {count} 个",
    "client.did_you_mean": "您是指以下哪个客户？（没有客户的名称包含“{query}”，请选择或换个说法）",
    "client.choose_among": "有几个客户的名称包含“{query}”，请选择：",
}

EN: dict[str, str] = {
    "talk.greeting": "Hello, {name}! How can I help? Send me a visit report to log, ask about a client or a rule, or send /help to see everything.",
    "talk.thanks": "You're welcome, {name}! I'm here whenever you need me.",
    "talk.ack": "OK.",
    "chart.empty": "There is no data for this period yet, so the chart is empty.",
    "dg.more_rows": "… and {count} more with other managers",
    "client.did_you_mean": "Did you mean one of these clients? (No client's name contains “{query}”; pick one or try other words.)",
    "client.choose_among": "Several clients' names contain “{query}”; please pick one:",
}

# English forms for a count of one, used by `t` when the key's count parameter is 1.
EN_ONE: dict[str, str] = {}
