"""Message catalog of refusals and limits found by attacking the bot: double taps, oversize files, busy."""

from __future__ import annotations

ZH: dict[str, str] = {
    "rem.stale.already_snoozed": "这条提醒已经推迟到 {until} 了。",
}

EN: dict[str, str] = {
    "rem.stale.already_snoozed": "This reminder is already snoozed until {until}.",
}
