"""The message catalog (zh-CN and English) and the translator that renders it as Telegram HTML."""

from __future__ import annotations

import html
import re
import string
from typing import Any

from bot.i18n_assistant import EN as _assistant_en
from bot.i18n_assistant import ZH as _assistant_zh
from bot.i18n_drafts import EN as _drafts_en
from bot.i18n_drafts import ZH as _drafts_zh
from bot.i18n_flows import EN as _flows_en
from bot.i18n_flows import ZH as _flows_zh
from bot.i18n_harden import EN as _harden_en
from bot.i18n_harden import ZH as _harden_zh
from bot.i18n_history import EN as _history_en
from bot.i18n_history import ZH as _history_zh
from bot.i18n_kb import EN as _kb_en
from bot.i18n_kb import ZH as _kb_zh
from bot.i18n_media import EN as _media_en
from bot.i18n_media import ZH as _media_zh
from bot.i18n_outbox import EN as _outbox_en
from bot.i18n_outbox import ZH as _outbox_zh
from bot.i18n_reminders import EN as _reminders_en
from bot.i18n_reminders import ZH as _reminders_zh
from bot.i18n_summary import EN as _summary_en
from bot.i18n_summary import ZH as _summary_zh
from bot.i18n_trust import EN as _trust_en
from bot.i18n_trust import ZH as _trust_zh
from services.labels import LABELS

ZH: dict[str, str] = {
    # Access and registration
    "access.unknown": "您好！您还不是大客户经理助手的用户。您的 Telegram ID 是 <code>{telegram_id}</code>，请把它发给您的主管或系统管理员开通账号。",
    "access.private_only": "为保护客户信息，我只在私聊中工作，请点击我的头像与我私聊。",
    "start.welcome": "您好，{name}！我是大客户经理助手。\n发送 /help 查看我能为您做什么。",
    "start.registered": "欢迎加入，{name}！您的角色是<b>{role}</b>{team}。\n发送 /help 开始使用。",
    "start.team_suffix": "（{team}）",
    # Help
    "help.header": "<b>大客户经理助手</b>：我能做这些事：",
    "help.client": "/client 名称 — 查找客户（支持拼音和首字母，如 hrwj）",
    "help.ask": "/ask 问题 — 从公司制度文件中查找答案，也可以直接发问题",
    "help.lang": "/lang — 切换语言 / switch language",
    "help.cancel": "/cancel — 结束当前操作",
    "help.help": "/help — 显示本帮助",
    "help.invite": "/invite manager|supervisor [团队] — 生成一次性邀请链接",
    "help.invite_supervisor": "/invite manager — 邀请客户经理加入您的团队",
    "help.import": "发送 CSV 或 XLSX 客户文件 — 导入/更新客户档案",
    "help.kb": "/kb — 知识库文档列表；发送 PDF/Word/TXT 等文档即可加入知识库",
    "help.export": "/export clients — 导出客户档案（XLSX）",
    "help.footer": "您的角色：{role}。",
    # Commands menu (setMyCommands)
    "cmd.start": "开始",
    "cmd.help": "帮助",
    "cmd.client": "查找客户",
    "cmd.ask": "问制度/政策",
    "cmd.kb": "知识库文档",
    "cmd.invite": "邀请同事",
    "cmd.export": "导出数据",
    "cmd.lang": "切换语言",
    "cmd.cancel": "取消当前操作",
    # Language
    "lang.choose": "请选择语言 / Choose your language:",
    "lang.set": "好的，之后我会用中文回复您。",
    "tz.current": "您的时区：<b>{zone}</b>。提醒按这个时区的早上发送。要修改，请发送 <code>/tz 时区</code>，例如 <code>/tz Europe/Berlin</code> 或 <code>/tz 柏林</code>。",
    "tz.set": "好的，您的时区已设为 <b>{zone}</b>，提醒和免打扰时段都按这个时区。",
    "error.bad_timezone": "不认识时区“{value}”。请用 IANA 名称，例如 Asia/Shanghai、Europe/Berlin、America/New_York。",
    "help.tz": "/tz [时区] — 查看或设置您的时区（出差、常驻海外时使用）",
    "cmd.tz": "我的时区",
    "button.zh": "中文",
    "button.en": "English",
    # Generic buttons and states
    "button.confirm": "✅ 确认",
    "button.cancel": "❌ 取消",
    "cancel.done": "已取消。",
    "cancel.nothing": "当前没有进行中的操作。",
    "button.stale": "这个按钮已失效，请重新操作。",
    # Roles
    "role.manager": "客户经理",
    "role.supervisor": "主管",
    "role.admin": "管理员",
    # Client lookup and card
    "client.usage": "请在 /client 后面输入客户名称的一部分，例如：<code>/client 华能</code>（也可以输入拼音或首字母）。",
    "client.none": "没有找到与“{query}”匹配的客户。请换个关键词试试，或输入拼音首字母。",
    "card.title": "🏢 <b>{name}</b>",
    "card.aliases": "别名：{aliases}",
    "card.tier": "客户类型：{value}",
    "card.rating": "信誉等级：{value}",
    "card.strategy": "战略：{value}",
    "card.industry": "行业：{value}",
    "card.region": "区域：{value}",
    "card.address": "地址：{value}",
    "card.owner": "客户经理：{value}",
    "card.last_visit": "最近走访：{date}（{days} 天前）",
    "card.last_visit_today": "最近走访：{date}（今天）",
    "card.never_visited": "最近走访：暂无记录",
    "card.contacts": "<b>联系人</b>",
    "card.contact": "• {name}{title}{phone}{decision}",
    "card.decision_maker": "（决策人）",
    "card.no_contacts": "联系人：暂无",
    "card.notes": "备注：{value}",
    "card.unset": "未填写",
    # Invitations
    "invite.usage": "用法：<code>/invite manager 团队名称</code> 或 <code>/invite supervisor 团队名称</code>",
    "invite.created": "已生成邀请链接（{role}{team}），请转发给对方。链接仅可使用一次，{expires} 前有效：\n{link}",
    # Client import
    "import.working": "正在导入客户文件 {filename}…",
    "import.done": "✅ 导入完成：新增 {created} 个客户，更新 {updated} 个客户。",
    "import.failed": "❌ 文件 {filename} 有 {count} 处问题，<b>没有导入任何数据</b>。请修改后重新发送：",
    "import.more": "……另有 {count} 处问题未列出。",
    "import.row": "第 {line} 行{column}：{reason}",
    "import.column": "（{column}）",
    "import.file_type": "请发送 CSV 或 XLSX 格式的客户文件。",
    "import.too_large": "文件太大（超过 {limit} MB），请拆分后再发送。",
    "rowerr.empty_file": "文件是空的",
    "rowerr.unsupported_type": "不支持的文件类型，请使用 CSV 或 XLSX",
    "rowerr.unreadable": "无法读取文件内容",
    "rowerr.missing_column": "缺少必填列 {value}",
    "rowerr.required": "必填项为空",
    "rowerr.bad_owner_id": "客户经理ID“{value}”不是有效的 Telegram ID",
    "rowerr.unknown_owner": "客户经理ID {value} 不是系统中的在职用户",
    "rowerr.bad_tier": "客户类型“{value}”无法识别（应为 重要/集团/商业/战略）",
    "rowerr.bad_rating": "信誉等级“{value}”无法识别（应为 优/中/差）",
    "rowerr.bad_strategy": "战略“{value}”无法识别（应为 发展/维持/收割/退出）",
    "rowerr.bad_date": "日期“{value}”无效（格式应为 YYYY-MM-DD）",
    "rowerr.bad_number": "数值“{value}”无效",
    "rowerr.bad_bool": "“{value}”应为 是 或 否",
    "rowerr.conflicting_rows": "同一客户“{value}”在多行中的信息不一致",
    "rowerr.too_many_rows": "行数太多（最多 {value} 行），请拆分文件",
    "rowerr.other": "数据有误（{value}）",
    # Knowledge base
    "ask.usage": "请在 /ask 后面写上您的问题，例如：<code>/ask 信誉较差的客户多久走访一次？</code>",
    "ask.unavailable": "知识库暂未开启，请联系管理员。",
    "ask.not_found": "抱歉，在公司文件中没有找到与这个问题相关的内容。您可以换个说法再问，或联系主管。",
    "ask.sources": "<b>来源</b>",
    "ask.source": "[{n}] {title}{section}：“{quote}”",
    "ask.thinking": "正在查找…",
    "ask.client_hint": "这个问题涉及客户“{name}”，以下是客户档案：",
    "kb.empty": "知识库中还没有文档。管理员可以直接发送文档（PDF、Word、TXT、Markdown、HTML、CSV、XLSX）加入知识库。",
    "kb.header": "<b>知识库文档</b>（共 {count} 个）：",
    "kb.item": "{n}. {title} — {chunks} 段，{when}",
    "kb.remove_button": "🗑 删除 {n}",
    "kb.removed": "已从知识库删除：{title}",
    "kb.ingesting": "正在处理文档 {filename}…",
    "kb.ingested": "✅ 已加入知识库：{title}\n页数：{pages}，分段：{chunks}，用时 {seconds} 秒。",
    "kb.unchanged": "文档 {title} 没有变化，无需重新处理。",
    "kb.updated": "✅ 已更新知识库文档：{title}\n页数：{pages}，分段：{chunks}，用时 {seconds} 秒（旧版本内容已替换）。",
    "kb.error": "❌ 无法处理文档 {filename}：{reason}",
    "kberr.empty": "文件是空的或没有可读的文字",
    "kberr.unsupported_type": "不支持这种文件类型（支持 TXT、MD、HTML、PDF、DOCX、CSV、XLSX）",
    "kberr.no_text_pdf": "这是扫描版 PDF，没有可提取的文字，请提供文字版",
    "kberr.too_large": "文件超过大小限制",
    "kberr.unreadable": "文件已损坏或无法读取",
    "kberr.other": "处理失败",
    # Export
    "export.usage": "用法：<code>/export clients</code>",
    "export.caption": "{kind}导出，共 {count} 行。",
    "export.kind.clients": "客户档案",
    "export.kind.visits": "走访记录",
    "export.kind.complaints": "投诉工单",
    # Errors
    "error.apology": "抱歉，处理您的请求时出了问题，我们已记录下来。请稍后再试。",
    "error.generic": "抱歉，无法完成这个操作。",
    "error.forbidden": "抱歉，您没有权限执行这个操作。",
    "error.not_found": "没有找到相关内容，或者您无权查看。",
    "error.client_not_found": "没有找到这个客户，或者您无权查看。",
    "error.invalid_input": "输入有误，请检查后重试。",
    "error.invite_invalid": "这个邀请链接无效、已被使用或已过期。请向管理员索取新的邀请链接。",
    "error.already_registered": "您已经是注册用户了，发送 /help 查看可用功能。",
    "error.invite_role": "只能邀请客户经理（manager）或主管（supervisor）。",
    "error.name_required": "姓名不能为空。",
    "error.bad_telegram_id": "Telegram ID {value} 无效。",
    "error.user_not_found": "没有 Telegram ID 为 {telegram_id} 的用户。",
    "error.export_format": "不支持的导出格式。",
    "error.not_a_command": "我不认识这个命令。发送 /help 查看可用命令。",
    "error.too_long": "消息太长了（{length} 字），请精简到 {limit} 字以内再发送。",
    # Local terminal chat
    "chat.banner": "本地对话（与 Telegram 中的机器人相同）。直接输入消息；输入 #1 按第 1 个按钮；/file 路径 发送文件；/quit 退出。",
}

EN: dict[str, str] = {
    "access.unknown": "Hello! You are not a KAM Assistant user yet. Your Telegram ID is <code>{telegram_id}</code>: please send it to your supervisor or administrator to get access.",
    "access.private_only": "To keep client information safe I only work in private chat. Tap my name to message me directly.",
    "start.welcome": "Hello, {name}! I am KAM Assistant.\nSend /help to see what I can do for you.",
    "start.registered": "Welcome aboard, {name}! Your role is <b>{role}</b>{team}.\nSend /help to get started.",
    "start.team_suffix": " ({team})",
    "help.header": "<b>KAM Assistant</b>: here is what I can do:",
    "help.client": "/client name — find a client (pinyin and initials work too, e.g. hrwj)",
    "help.ask": "/ask question — find the answer in company policy documents, or just send the question",
    "help.lang": "/lang — switch language / 切换语言",
    "help.cancel": "/cancel — stop what you are doing",
    "help.help": "/help — show this help",
    "help.invite": "/invite manager|supervisor [team] — create a one-time invitation link",
    "help.invite_supervisor": "/invite manager — invite an account manager to your team",
    "help.import": "Send a CSV or XLSX client file — import or update client files",
    "help.kb": "/kb — knowledge-base documents; send a PDF/Word/TXT document to add it",
    "help.export": "/export clients — export client files (XLSX)",
    "help.footer": "Your role: {role}.",
    "cmd.start": "Start",
    "cmd.help": "Help",
    "cmd.client": "Find a client",
    "cmd.ask": "Ask about policy",
    "cmd.kb": "Knowledge-base documents",
    "cmd.invite": "Invite a colleague",
    "cmd.export": "Export data",
    "cmd.lang": "Switch language",
    "cmd.cancel": "Cancel the current action",
    "lang.choose": "请选择语言 / Choose your language:",
    "lang.set": "OK, I will reply in English from now on.",
    "tz.current": "Your time zone: <b>{zone}</b>. Reminders arrive in its morning. To change it, send <code>/tz ZONE</code>, e.g. <code>/tz Europe/Berlin</code>.",
    "tz.set": "OK, your time zone is now <b>{zone}</b>; reminders and quiet hours follow it.",
    "error.bad_timezone": 'I do not know the time zone "{value}". Please use an IANA name such as Asia/Shanghai, Europe/Berlin or America/New_York.',
    "help.tz": "/tz [zone] — see or set your time zone (when travelling or based abroad)",
    "cmd.tz": "My time zone",
    "button.zh": "中文",
    "button.en": "English",
    "button.confirm": "✅ Confirm",
    "button.cancel": "❌ Cancel",
    "cancel.done": "Cancelled.",
    "cancel.nothing": "There is nothing to cancel.",
    "button.stale": "This button no longer applies. Please start again.",
    "role.manager": "account manager",
    "role.supervisor": "supervisor",
    "role.admin": "administrator",
    "client.usage": "Type part of a client's name after /client, for example <code>/client Huaneng</code> (pinyin and initials work too).",
    "client.none": "No client matches “{query}”. Try another word, or the pinyin initials.",
    "card.title": "🏢 <b>{name}</b>",
    "card.aliases": "Also known as: {aliases}",
    "card.tier": "Tier: {value}",
    "card.rating": "Credit rating: {value}",
    "card.strategy": "Strategy: {value}",
    "card.industry": "Industry: {value}",
    "card.region": "Region: {value}",
    "card.address": "Address: {value}",
    "card.owner": "Account manager: {value}",
    "card.last_visit": "Last visit: {date} ({days} {days:day|days} ago)",
    "card.last_visit_today": "Last visit: {date} (today)",
    "card.never_visited": "Last visit: none recorded",
    "card.contacts": "<b>Contacts</b>",
    "card.contact": "• {name}{title}{phone}{decision}",
    "card.decision_maker": " (decision maker)",
    "card.no_contacts": "Contacts: none",
    "card.notes": "Notes: {value}",
    "card.unset": "not set",
    "invite.usage": "Usage: <code>/invite manager TEAM</code> or <code>/invite supervisor TEAM</code>",
    "invite.created": "Invitation link ({role}{team}). Forward it to the person; it works once and expires {expires}:\n{link}",
    "import.working": "Importing the client file {filename}…",
    "import.done": "✅ Import finished: {created} {created:client|clients} added, {updated} updated.",
    "import.failed": "❌ The file {filename} has {count} {count:problem|problems}, so <b>nothing was imported</b>. Please fix them and send it again:",
    "import.more": "…and {count} more {count:problem|problems} not shown.",
    "import.row": "Line {line}{column}: {reason}",
    "import.column": " ({column})",
    "import.file_type": "Please send the client file as CSV or XLSX.",
    "import.too_large": "The file is too large (over {limit} MB). Please split it.",
    "rowerr.empty_file": "the file is empty",
    "rowerr.unsupported_type": "unsupported file type, use CSV or XLSX",
    "rowerr.unreadable": "the file cannot be read",
    "rowerr.missing_column": "the required column {value} is missing",
    "rowerr.required": "a required value is empty",
    "rowerr.bad_owner_id": "“{value}” is not a valid Telegram ID for the account manager",
    "rowerr.unknown_owner": "account manager ID {value} is not an active user",
    "rowerr.bad_tier": "tier “{value}” is not one of important/group/commercial/strategic",
    "rowerr.bad_rating": "credit rating “{value}” is not one of good/medium/poor",
    "rowerr.bad_strategy": "strategy “{value}” is not one of develop/maintain/harvest/exit",
    "rowerr.bad_date": "date “{value}” is not valid (use YYYY-MM-DD)",
    "rowerr.bad_number": "“{value}” is not a valid number",
    "rowerr.bad_bool": "“{value}” should be yes or no",
    "rowerr.conflicting_rows": "the client “{value}” has conflicting details on several rows",
    "rowerr.too_many_rows": "too many rows (at most {value}); please split the file",
    "rowerr.other": "invalid data ({value})",
    "ask.usage": "Write your question after /ask, for example <code>/ask How often must a poor-credit client be visited?</code>",
    "ask.unavailable": "The knowledge base is not switched on. Please contact your administrator.",
    "ask.not_found": "Sorry, I found nothing in the company documents about this. Try asking in other words, or ask your supervisor.",
    "ask.sources": "<b>Sources</b>",
    "ask.source": "[{n}] {title}{section}: “{quote}”",
    "ask.thinking": "Looking it up…",
    "ask.client_hint": "This question is about the client “{name}”. Here is the client file:",
    "kb.empty": "The knowledge base has no documents yet. An administrator can send a document (PDF, Word, TXT, Markdown, HTML, CSV, XLSX) to add it.",
    "kb.header": "<b>Knowledge-base documents</b> ({count}):",
    "kb.item": "{n}. {title} — {chunks} {chunks:passage|passages}, {when}",
    "kb.remove_button": "🗑 Remove {n}",
    "kb.removed": "Removed from the knowledge base: {title}",
    "kb.ingesting": "Processing the document {filename}…",
    "kb.ingested": "✅ Added to the knowledge base: {title}\nPages: {pages}, passages: {chunks}, took {seconds} s.",
    "kb.unchanged": "The document {title} has not changed; nothing to do.",
    "kb.updated": "✅ Updated in the knowledge base: {title}\nPages: {pages}, passages: {chunks}, took {seconds} s (the old version was replaced).",
    "kb.error": "❌ Could not process the document {filename}: {reason}",
    "kberr.empty": "the file is empty or has no readable text",
    "kberr.unsupported_type": "this file type is not supported (TXT, MD, HTML, PDF, DOCX, CSV, XLSX are)",
    "kberr.no_text_pdf": "this is a scanned PDF with no text in it; please provide a text version",
    "kberr.too_large": "the file is over the size limit",
    "kberr.unreadable": "the file is damaged or cannot be read",
    "kberr.other": "processing failed",
    "export.usage": "Usage: <code>/export clients</code>",
    "export.caption": "{kind} export, {count} {count:row|rows}.",
    "export.kind.clients": "Client files",
    "export.kind.visits": "Visits",
    "export.kind.complaints": "Complaints",
    "error.apology": "Sorry, something went wrong while handling your request. It has been logged; please try again later.",
    "error.generic": "Sorry, that could not be done.",
    "error.forbidden": "Sorry, you are not allowed to do that.",
    "error.not_found": "Nothing found, or you are not allowed to see it.",
    "error.client_not_found": "No such client, or you are not allowed to see it.",
    "error.invalid_input": "That input is not valid; please check it and try again.",
    "error.invite_invalid": "This invitation link is invalid, used or expired. Please ask your administrator for a new one.",
    "error.already_registered": "You are already registered. Send /help to see what you can do.",
    "error.invite_role": "Only account managers (manager) or supervisors (supervisor) can be invited.",
    "error.name_required": "The name must not be empty.",
    "error.bad_telegram_id": "Telegram ID {value} is not valid.",
    "error.user_not_found": "There is no user with Telegram ID {telegram_id}.",
    "error.export_format": "That export format is not supported.",
    "error.not_a_command": "I don't know that command. Send /help to see what I can do.",
    "error.too_long": "That message is too long ({length} characters). Please keep it under {limit}.",
    "chat.banner": "Local chat (the same bot as in Telegram). Type a message; #1 presses the first button; /file PATH sends a file; /quit leaves.",
}

# Feature catalogs live beside this one and are merged here, once.
ZH.update(_flows_zh)
EN.update(_flows_en)
ZH.update(_kb_zh)
EN.update(_kb_en)
ZH.update(_summary_zh)
EN.update(_summary_en)
ZH.update(_reminders_zh)
EN.update(_reminders_en)
ZH.update(_outbox_zh)
EN.update(_outbox_en)
ZH.update(_media_zh)
EN.update(_media_en)
ZH.update(_assistant_zh)
EN.update(_assistant_en)
ZH.update(_history_zh)
EN.update(_history_en)
ZH.update(_trust_zh)
EN.update(_trust_en)
ZH.update(_harden_zh)
EN.update(_harden_en)
ZH.update(_drafts_zh)
EN.update(_drafts_en)

# Stored values (a visit's kind, a complaint's status…) have one label each, kept in
# services.labels so that chat, charts, digests and exports all say the same word.
_LABEL_KEYS: dict[str, tuple[str, ...]] = {
    "kind": ("sum.kind.{}",), "time": ("time.{}",), "category": ("complaint.category.{}",),
    "severity": ("complaint.severity.{}", "sum.sev.{}"), "status": ("complaint.status.{}", "sum.status.{}"),
    "tier": ("tier.{}",), "rating": ("rating.{}",), "strategy": ("strategy.{}",),
}  # fmt: skip
_KIND_ICONS = {"on_site": "🏢", "phone": "📞", "video": "🎥"}
for _group, _keys in _LABEL_KEYS.items():
    for _value, (_zh, _en) in LABELS[_group].items():
        for _key in _keys:
            ZH[_key.format(_value)], EN[_key.format(_value)] = _zh, _en
for _value, _icon in _KIND_ICONS.items():
    _zh, _en = LABELS["kind"][_value]
    ZH[f"visit.kind.{_value}"], EN[f"visit.kind.{_value}"] = f"{_icon} {_zh}", f"{_icon} {_en}"

CATALOG: dict[str, dict[str, str]] = {"zh": ZH, "en": EN}


class Html(str):
    """A fragment that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def t(lang: str, key: str, **params: Any) -> Html:
    """Render a catalog entry; every parameter is HTML-escaped unless it is `Html`."""
    table = CATALOG.get(lang, ZH)
    template = table.get(key) or ZH.get(key)
    if template is None:
        raise KeyError(f"message catalog has no key {key!r}")
    template = _PLURAL.sub(lambda m: _plural(m, params), template)
    safe = {
        k: v if isinstance(v, Html) else html.escape(str(v), quote=False) for k, v in params.items()
    }
    return Html(template.format(**safe))


# `{days:day|days}` in a template is the word for that count: the first for one, else the second.
_PLURAL = re.compile(r"\{(\w+):([^{}|]*)\|([^{}|]*)\}")


def _plural(match: re.Match[str], params: dict[str, Any]) -> str:
    name, one, other = match.groups()
    value = params.get(name)
    try:
        is_one = value is not None and float(str(value)) == 1
    except ValueError:
        is_one = False
    return (one if is_one else other).replace("{", "{{").replace("}", "}}")


def has(key: str) -> bool:
    return key in ZH


def language_of(telegram_language_code: str | None) -> str:
    """Chinese unless the user's Telegram speaks English."""
    code = (telegram_language_code or "").lower()
    return "en" if code.startswith("en") else "zh"
