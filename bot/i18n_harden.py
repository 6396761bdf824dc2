"""Message catalog of refusals and limits found by attacking the bot: double taps, oversize files, busy."""

from __future__ import annotations

ZH: dict[str, str] = {
    "rem.stale.already_snoozed": "这条提醒已经推迟到 {until} 了。",
    "visit.date_too_old": "走访日期 {date} 已超过 {days} 天，无法补录。请重新输入日期：",
    "rowerr.too_long": "内容太长（最多 {value} 个字符）",
    "rowerr.too_many_columns": "列数太多（最多 {value} 列），请只保留客户信息列",
    "rowerr.too_large": "工作簿解压后超过 {value} MB，请拆分文件或另存为 CSV",
}

EN: dict[str, str] = {
    "rem.stale.already_snoozed": "This reminder is already snoozed until {until}.",
    "visit.date_too_old": "The visit date {date} is more than {days} {days:day|days} ago and cannot be logged. Please enter the date again:",
    "rowerr.too_long": "too long (at most {value} characters)",
    "rowerr.too_many_columns": "too many columns (at most {value}); keep only the client columns",
    "rowerr.too_large": "the workbook unpacks to more than {value} MB; split it or save it as CSV",
}
