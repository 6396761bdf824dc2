"""Start, help, language and cancel: the bot's manners."""

from __future__ import annotations

from telegram import Update

from bot.context import KamContext
from bot.handlers.outcome import send_outcome
from bot.handlers.replies import button, reply
from bot.i18n import Html, language_of
from bot.menus import set_chat_menu
from services.domain import Language, Role
from services.errors import InvalidInput

HELP_BY_ROLE: dict[Role, tuple[str, ...]] = {
    Role.MANAGER: ("help.visit", "help.complaint", "help.client", "help.brief", "help.visits", "help.complaints", "help.history", "help.reminders",
                   "help.ask", "help.kb_read", "help.summary", "help.export_all", "help.tz", "help.lang", "help.cancel", "help.help"),
    Role.SUPERVISOR: ("help.visit", "help.complaint", "help.client", "help.brief", "help.visits",
                      "help.complaints", "help.history", "help.reminders", "help.ask", "help.kb_read", "help.summary", "help.export_all", "help.invite_supervisor", "help.rename",
                      "help.tz", "help.lang", "help.cancel", "help.help"),
    Role.ADMIN: ("help.visit", "help.complaint", "help.client", "help.brief", "help.visits", "help.complaints", "help.history", "help.reminders",
                 "help.ask", "help.invite", "help.rename", "help.import", "help.kb", "help.summary", "help.export_all",
                 "help.tz", "help.lang", "help.cancel", "help.help"),
}  # fmt: skip


async def start(update: Update, context: KamContext) -> None:
    user = update.effective_user
    assert user is not None
    # Whoever presses Start can be written to again: held reminders go out.
    await context.services.reminders.reachable(user.id)
    if context.actor is None:
        code = context.args[0] if context.args else ""
        actor = await context.services.users.accept_invite(
            code=code,
            telegram_id=user.id,
            name=user.full_name,
            language=Language(language_of(user.language_code)),
        )
        context.actor, context.lang = actor, actor.language.value
        await set_chat_menu(context.bot, user.id, actor.language.value)
        team = ""
        if actor.team_id is not None:
            team_name = await context.services.users.team_name(actor.team_id)
            team = context.t("start.team_suffix", team=team_name or "")
        await reply(
            update,
            context.t("start.registered", name=actor.name,
                      role=context.t(f"role.{actor.role.value}"), team=Html(team)),
        )  # fmt: skip
        return
    await reply(update, context.t("start.welcome", name=context.actor.name))
    await set_chat_menu(context.bot, user.id, context.actor.language.value)


async def help_command(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    lines = [context.t("help.header")]
    lines += [context.t(key) for key in HELP_BY_ROLE[actor.role]]
    lines.append(context.t("help.footer", role=context.t(f"role.{actor.role.value}")))
    await reply(update, "\n".join(lines))


LANGUAGE_WORDS = {
    "zh": Language.ZH, "cn": Language.ZH, "chinese": Language.ZH, "中文": Language.ZH,
    "汉语": Language.ZH, "简体": Language.ZH, "简体中文": Language.ZH, "简中": Language.ZH,
    "zh-hans": Language.ZH, "zh-cn": Language.ZH, "simplified": Language.ZH, "簡體": Language.ZH,
    "簡體中文": Language.ZH, "中文简体": Language.ZH,
    "zh-hant": Language.ZH_HANT, "zh-tw": Language.ZH_HANT, "zh-hk": Language.ZH_HANT,
    "traditional": Language.ZH_HANT, "繁體": Language.ZH_HANT, "繁体": Language.ZH_HANT,
    "繁體中文": Language.ZH_HANT, "繁体中文": Language.ZH_HANT, "繁中": Language.ZH_HANT,
    "正體": Language.ZH_HANT, "正體中文": Language.ZH_HANT, "中文繁體": Language.ZH_HANT,
    "en": Language.EN, "english": Language.EN, "英文": Language.EN, "英语": Language.EN,
    "英語": Language.EN,
}  # fmt: skip


async def lang_command(update: Update, context: KamContext) -> None:
    """/lang offers the languages; /lang en (english, 英文), /lang zh (中文, 简体) or /lang zh-Hant
    (繁體) sets one at once."""
    actor = context.require_actor()
    wanted = " ".join(context.args or []).strip().lower()
    if (language := LANGUAGE_WORDS.get(wanted)) is not None:
        actor = await context.services.users.set_language(actor, language)
        context.actor, context.lang = actor, actor.language.value
        await reply(update, context.t("lang.set"))
        await set_chat_menu(context.bot, actor.telegram_id, actor.language.value)
        return
    await reply(
        update,
        context.t("lang.choose"),
        buttons=[
            [
                button(context.t("button.zh"), f"lang:{Language.ZH.value}"),
                button(context.t("button.zh_hant"), f"lang:{Language.ZH_HANT.value}"),
                button(context.t("button.en"), f"lang:{Language.EN.value}"),
            ]
        ],
    )


ZONE_WORDS = {
    "北京": "Asia/Shanghai", "上海": "Asia/Shanghai", "中国": "Asia/Shanghai", "china": "Asia/Shanghai",
    "香港": "Asia/Hong_Kong", "台北": "Asia/Taipei", "新加坡": "Asia/Singapore",
    "东京": "Asia/Tokyo", "首尔": "Asia/Seoul", "迪拜": "Asia/Dubai", "伦敦": "Europe/London",
    "巴黎": "Europe/Paris", "柏林": "Europe/Berlin", "莫斯科": "Europe/Moscow",
    "纽约": "America/New_York", "洛杉矶": "America/Los_Angeles", "悉尼": "Australia/Sydney",
}  # fmt: skip


async def tz_command(update: Update, context: KamContext) -> None:
    """/tz shows the user's time zone; /tz Europe/Berlin (or /tz 柏林) sets it."""
    actor = context.require_actor()
    message = update.message
    parts = (message.text or "").split(maxsplit=1) if message else []
    if len(parts) < 2:
        await reply(update, context.t("tz.current", zone=actor.timezone))
        return
    wanted = parts[1].strip()
    zone = ZONE_WORDS.get(wanted.lower(), ZONE_WORDS.get(wanted, wanted))
    try:
        actor = await context.services.users.set_timezone(actor, zone)
    except InvalidInput:
        await reply(update, context.t("error.bad_timezone", value=wanted[:64]))
        return
    context.actor = actor
    await reply(update, context.t("tz.set", zone=actor.timezone))


async def lang_chosen(update: Update, context: KamContext) -> None:
    query = update.callback_query
    assert query is not None
    actor = context.require_actor()
    choice = (query.data or "").removeprefix("lang:")
    if choice not in {lang.value for lang in Language}:
        await query.answer(context.t("button.stale"))
        return
    actor = await context.services.users.set_language(actor, Language(choice))
    context.actor, context.lang = actor, actor.language.value
    await query.answer()
    await reply(update, context.t("lang.set"))
    await set_chat_menu(context.bot, actor.telegram_id, actor.language.value)


async def cancel(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    had_flow, later = await context.services.conversations.cancel_offering_later(actor)
    chat = update.effective_chat
    # /cancel also ends the assistant's conversation: the next question starts afresh.
    forgot = await context.services.assistant.forget(actor, chat.id) if chat else False
    await reply(update, context.t("cancel.done" if had_flow or forgot else "cancel.nothing"))
    if later is not None:  # a report kept on the draft for later: offered, not dropped with it
        await send_outcome(update, context, later)


async def unknown_command(update: Update, context: KamContext) -> None:
    context.require_actor()
    await reply(update, context.t("error.not_a_command"))


async def stale_button(update: Update, context: KamContext) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer(context.t("button.stale"), show_alert=False)
