"""Message catalog entries for what the outbox sends besides reminders (zh-CN and English)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "outbox.alert_held": "⚠️ 紧急投诉 #{ticket}（{client}）的提醒暂时无法送达{recipient}：对方还没有打开本机器人（或已停用）。对方一打开机器人，提醒就会送达；如情况紧急，请直接联系对方。",
}

EN: dict[str, str] = {
    "outbox.alert_held": "⚠️ The alert about urgent complaint #{ticket} ({client}) cannot reach {recipient} yet: they have not opened this bot (or have blocked it). It will be delivered as soon as they do; if it is urgent, contact them directly.",
}
