"""The one error funnel: a refusal (DomainError) is told to the user in their language; anything
else is logged with its traceback first, then the user gets the apology."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.context import KamContext
from bot.handlers.replies import APOLOGISED
from bot.i18n import t
from bot.inbox import Inbox
from services.errors import DomainError
from services.update_ledger import HANDLING

log = logging.getLogger("kam.errors")


async def error_handler(update: object, context: KamContext) -> None:
    await report(update, context, context.error)


async def report(update: object, context: KamContext, error: BaseException | None) -> None:
    """Log why, then tell the user once; a rejected reply (BadRequest) still ends in an apology."""
    if isinstance(error, DomainError) and isinstance(update, Update):
        await refuse(update, context, error)
        return
    if isinstance(error, BadRequest):
        log.error("Telegram rejected a reply: %s", error.message, exc_info=error)
    else:
        log.error("error while handling an update", exc_info=error)
    unreachable = isinstance(error, NetworkError) and not isinstance(error, BadRequest)
    if unreachable and isinstance(update, Update) and "inbox" in context.bot_data:
        # Nothing got through to the user: the update is not done, but handled again shortly
        # (its writes are not made twice: bot.inbox, services.update_ledger).
        inbox: Inbox = context.bot_data["inbox"]
        await inbox.hand_back(HANDLING.get())
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


async def refuse(update: Update, context: KamContext, error: DomainError) -> None:
    """A handler said no (not found, not yours, bad input): say why, in the user's words."""
    log.info("refused update %s: %s", update.update_id, error.code)
    chat = update.effective_chat
    if chat is None or not addressed_to_bot(update, context):
        return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()
        except TelegramError as exc:  # an old button: the message below still tells why
            log.info("could not answer the button: %s", exc)
    await chat.send_message(t(context.lang, error.code, **error.params), parse_mode="HTML")


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
