"""The command menu (Telegram's setMyCommands): per language for everyone, and per chat for a
user whose language the Bot API cannot name."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.i18n import t
from services.domain import Language

log = logging.getLogger("kam.bot")

MENU = (
    "visit", "complaint", "client", "visits", "complaints", "reminders", "summary", "ask", "kb", "export", "invite", "lang", "tz",
    "help", "cancel", "brief", "new",
)  # fmt: skip

# The menus published for everyone: Chinese by default, English for an English Telegram. The Bot
# API names a menu's language by a two-letter ISO 639-1 code only (no zh-Hant, zh-TW or zh-HK), so
# a traditional menu can only be given chat by chat (`set_chat_menu`).
LANGUAGE_MENUS: tuple[tuple[str, str | None], ...] = (("zh", None), ("en", "en"))


def menu_commands(lang: str) -> list[BotCommand]:
    return [BotCommand(name, t(lang, f"cmd.{name}")) for name in MENU]


async def set_chat_menu(bot: Bot, chat_id: int, lang: str) -> None:
    """One private chat's menu after its user chose a language (/lang) or came (/start): 繁體
    descriptions for a traditional reader, which no language code can ask for; for anyone else
    the chat's own menu is removed, so the published language menus apply (and stay current).
    A failure is logged, not said: the menu is a convenience, the language is already set."""
    scope = BotCommandScopeChat(chat_id)
    try:
        if lang == Language.ZH_HANT.value:
            await bot.set_my_commands(menu_commands(lang), scope=scope)
        else:
            await bot.delete_my_commands(scope=scope)
    except TelegramError:
        log.warning("chat menu not set for chat %s", chat_id, exc_info=True)
