"""The one error funnel: log the traceback first, then apologise in the user's language."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError

from bot.context import KamContext
from bot.i18n import t

log = logging.getLogger("kam.errors")


async def error_handler(update: object, context: KamContext) -> None:
    error = context.error
    log.error("error while handling an update", exc_info=error)
    if isinstance(error, Forbidden | NetworkError) or not isinstance(update, Update):
        return
    chat = update.effective_chat
    if chat is None:
        return
    try:
        await chat.send_message(t(context.lang, "error.apology"), parse_mode="HTML")
    except TelegramError:
        log.warning("could not send the apology to chat %s", chat.id)
