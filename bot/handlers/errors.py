"""The one error funnel: log the traceback first, then apologise in the user's language."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.context import KamContext
from bot.handlers.replies import APOLOGISED
from bot.i18n import t

log = logging.getLogger("kam.errors")


async def error_handler(update: object, context: KamContext) -> None:
    await report(update, context, context.error)


async def report(update: object, context: KamContext, error: BaseException | None) -> None:
    """Log why, then tell the user once; a rejected reply (BadRequest) still ends in an apology."""
    if isinstance(error, BadRequest):
        log.error("Telegram rejected a reply: %s", error.message, exc_info=error)
    else:
        log.error("error while handling an update", exc_info=error)
    unreachable = isinstance(error, NetworkError) and not isinstance(error, BadRequest)
    if isinstance(error, Forbidden) or unreachable or not isinstance(update, Update):
        return  # nobody to tell: the chat is blocked, or Telegram cannot be reached
    if not addressed_to_bot(update, context):
        return
    chat_data = context.chat_data if update.effective_chat is not None else None
    if chat_data is not None and chat_data.pop(APOLOGISED, None) == update.update_id:
        return  # a progress message already turned into the apology
    chat = update.effective_chat
    assert chat is not None
    try:
        await chat.send_message(t(context.lang, "error.apology"), parse_mode="HTML")
    except TelegramError as exc:
        log.warning("could not send the apology to chat %s: %s", chat.id, exc)


def addressed_to_bot(update: Update, context: KamContext) -> bool:
    """Private chats and buttons always; in a group only a command or a mention of the bot."""
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type == ChatType.PRIVATE or update.callback_query is not None:
        return True
    message = update.message
    text = (message.text or "") if message else ""
    bot_username = (context.bot.username or "").lower()
    return text.startswith("/") or bool(bot_username and f"@{bot_username}" in text.lower())
