"""Message catalog of refusals and limits found by attacking the bot: double taps, oversize files, busy."""

from __future__ import annotations

ZH: dict[str, str] = {
    "rem.stale.already_snoozed": "这条提醒已经推迟到 {until} 了。",
    "visit.date_too_old": "走访日期 {date} 已超过 {days} 天，无法补录。请重新输入日期：",
}

EN: dict[str, str] = {
    "rem.stale.already_snoozed": "This reminder is already snoozed until {until}.",
    "visit.date_too_old": "The visit date {date} is more than {days} days ago and cannot be logged. Please enter the date again:",
}
