"""Catalog entries for honest wording, small talk and first contact (zh-CN and English)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "talk.greeting": "您好，{name}！有什么可以帮您？可以直接发走访情况让我记录，问客户或制度，或发送 /help 查看全部功能。",
    "talk.thanks": "不客气，{name}！还有需要随时找我。",
    "talk.ack": "好的。",
    "chart.empty": "这段时间还没有数据，图表是空的。",
    "dg.more_rows": "……其他经理还有 {count} 个",
    "card.next_due": "下次走访期限：{date}",
    "import.unchanged": "✅ 文件与系统中的客户档案完全一致：{count} 个客户都没有变化，未做任何修改。",
    "import.done_some_unchanged": "✅ 导入完成：新增 {created} 个客户，更新 {updated} 个客户，{unchanged} 个客户没有变化。",
    "complaint.field.client": "客户",
    "complaint.field.category": "类别",
    "complaint.field.severity": "严重程度",
    "complaint.field.description": "内容",
    "complaint.field.received_by": "受理人",
    "card.open_tickets": "⚠️ 未结投诉：{count} 件",
    "client.did_you_mean": "您是指以下哪个客户？（没有客户的名称包含“{query}”，请选择或换个说法）",
    "client.choose_among": "有几个客户的名称包含“{query}”，请选择：",
}

EN: dict[str, str] = {
    "talk.greeting": "Hello, {name}! How can I help? Send me a visit report to log, ask about a client or a rule, or send /help to see everything.",
    "talk.thanks": "You're welcome, {name}! I'm here whenever you need me.",
    "talk.ack": "OK.",
    "chart.empty": "There is no data for this period yet, so the chart is empty.",
    "dg.more_rows": "… and {count} more with other managers",
    "card.next_due": "Next visit due by {date}",
    "import.unchanged": "✅ The file matches the stored client files: none of its {count} {count:client|clients} changed, so nothing was written.",
    "import.done_some_unchanged": "✅ Import finished: {created} {created:client|clients} added, {updated} updated, {unchanged} unchanged.",
    "complaint.field.client": "Client",
    "complaint.field.category": "Category",
    "complaint.field.severity": "Severity",
    "complaint.field.description": "Description",
    "complaint.field.received_by": "Received by",
    "card.open_tickets": "⚠️ Open complaints: {count}",
    "client.did_you_mean": "Did you mean one of these clients? (No client's name contains “{query}”; pick one or try other words.)",
    "client.choose_among": "Several clients' names contain “{query}”; please pick one:",
}

# English forms for a count of one, used by `t` when the key's count parameter is 1.
EN_ONE: dict[str, str] = {}
