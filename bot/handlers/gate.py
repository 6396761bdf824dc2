"""The access gate: runs first for every update and decides on the server who is asking."""

from __future__ import annotations

from dataclasses import replace

from telegram import CallbackQuery, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.context import KamContext
from bot.handlers.errors import addressed_to_bot, report
from bot.handlers.reminders import membership_changed
from bot.handlers.replies import pressed_language, reply
from bot.i18n import asked_language, language_of
from bot.menus import set_chat_menu
from services.domain import Language


async def gate(update: Update, context: KamContext) -> None:
    """Nothing runs without an access decision: if the gate fails (the database is down), the
    update ends here with at most one apology, and none for group chatter not meant for the bot."""
    try:
        await _decide(update, context)
    except ApplicationHandlerStop:
        raise
    except Exception as exc:
        await report(update, context, exc)
        raise ApplicationHandlerStop from exc


async def _decide(update: Update, context: KamContext) -> None:
    user = update.effective_user
    if user is None or user.is_bot:
        raise ApplicationHandlerStop
    context.lang = language_of(user.language_code)
    if update.my_chat_member is not None:
        # Blocked or unblocked: nothing to answer (a blocked chat cannot be written to).
        if await context.services.ledger.first_time(context.bot.id, update.update_id):
            await membership_changed(update, context)
        raise ApplicationHandlerStop
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        # Groups never reach the database: a fixed answer, and only when addressed.
        await _refuse_group(update, context)
        raise ApplicationHandlerStop
    # Telegram may deliver an update twice (a retry after a timeout): handle it once.
    if not await context.services.ledger.first_time(context.bot.id, update.update_id):
        raise ApplicationHandlerStop
    actor = await context.services.users.resolve_actor(user.id)
    if actor is not None and actor.unreachable:
        # They wrote to the bot, so it can write to them: their held reminders go out again
        # (a user a send once failed for, who never pressed Start again, got none ever after).
        await context.services.reminders.reachable(user.id)
        actor = replace(actor, unreachable=False)
    if actor is not None:
        if not actor.language_chosen and user.language_code:
            spoken, before = Language(language_of(user.language_code)), actor.language
            actor = await context.services.users.follow_telegram_language(actor, spoken)
            if actor.language is not before:  # a menu in 繁體 only a chat's own can give
                await set_chat_menu(context.bot, user.id, actor.language.value)
        context.actor = actor
        context.lang = actor.language.value
        if update.callback_query is not None:
            _take_pressed_language(update.callback_query, context)
        return
    if _is_invitation(update):
        return  # the start handler registers the user from the code
    if update.callback_query:
        await update.callback_query.answer(
            context.t("access.unknown", telegram_id=user.id), show_alert=True
        )
    elif update.effective_chat is not None:
        # Someone not yet a user who writes in another language than their Telegram's ("hello,
        # how do I join?" from a Chinese phone) is told in the language they wrote.
        text = update.message.text if update.message is not None else None
        if text:
            context.lang = asked_language(text, context.lang)
        await reply(update, context.t("access.unknown", telegram_id=user.id))
    raise ApplicationHandlerStop


async def _refuse_group(update: Update, context: KamContext) -> None:
    if update.callback_query:
        await update.callback_query.answer(context.t("access.private_only"), show_alert=True)
        return
    message = update.message
    if message and addressed_to_bot(update, context):
        await message.reply_html(context.t("access.private_only"))


def _take_pressed_language(query: CallbackQuery, context: KamContext) -> None:
    """A button sent with an answer in another language than the user's own answers in that
    language; its handler reads the data without the mark, as it was before marks existed."""
    data, asked = pressed_language(query.data or "")
    if asked is None:
        return
    with query._unfrozen():  # the one place an update is changed: before any handler reads it
        query.data = data
    context.lang = asked


def _is_invitation(update: Update) -> bool:
    message = update.message
    if message is None or not message.text:
        return False
    words = message.text.split()
    return len(words) == 2 and words[0].split("@")[0] == "/start"
