"""/history and the 🕘 button of a complaint, a visit or a client card: who changed the record,
when, and what; access decided by the service at every press."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, Update

from bot.context import KamContext
from bot.handlers.outcome import command_text
from bot.handlers.replies import button, client_labels, pressed_language, reply
from bot.render_history import history_pages
from services.domain import record_id
from services.history import HistoryAsk, Record, RecordRef

# The letter a button's data names each kind of record by: "hi:k:12:0" is complaint 12, page 1.
_LETTER = {Record.COMPLAINT: "k", Record.VISIT: "v", Record.CLIENT: "c"}
_BY_LETTER = {letter: record for record, letter in _LETTER.items()}

# "/history #12", "/history 投诉12", "/history complaint 12"; "/history 走访 5", "/history visit 5"
_NUMBERED = re.compile(
    r"^\s*(?:(?P<visit>走访(?:记录)?|拜訪|走訪(?:記錄)?|visit)|投诉(?:工单)?|投訴(?:工單)?|工单|工單|"
    r"complaint|ticket)?\s*(?:#|＃|号|no\.?)?\s*(?P<id>\d{1,10})\s*号?\s*$",
    re.IGNORECASE,
)


def replied_record(update: Update) -> RecordRef | None:
    """The record of the card a message replies to ("这条投诉谁改过？" sent as a reply to a
    ticket), by the 🕘 button under it; None for a reply to anything else."""
    message = update.message
    replied = message.reply_to_message if message is not None else None
    markup = replied.reply_markup if replied is not None else None
    for row in markup.inline_keyboard if markup is not None else ():
        for pressed in row:
            parts = str(pressed.callback_data or "").split(":")
            record = _BY_LETTER.get(parts[1]) if len(parts) == 4 and parts[0] == "hi" else None
            number = record_id(parts[2]) if record is not None else None
            if record is not None and number is not None:
                return RecordRef(record, number)
    return None


def history_button_of(context: KamContext, record: Record, record_id: int) -> InlineKeyboardButton:
    """The 🕘 button under a record: its history's first page."""
    return button(context.t("audit.button"), f"hi:{_LETTER[record]}:{record_id}:0")


async def history_command(update: Update, context: KamContext) -> None:
    actor = context.require_actor()
    text = command_text(update)
    if not text:
        await reply(update, context.t("audit.usage"))
        return
    numbered = _NUMBERED.match(text)
    if numbered is not None:
        number = record_id(numbered.group("id"))
        record = Record.VISIT if numbered.group("visit") else Record.COMPLAINT
        if number is None:
            await reply(update, context.t("audit.denied"))
            return
        await send_history(update, context, record, number, 0)
        return
    choice = await context.services.clients.find(actor, text)
    if choice.sure is not None:
        await send_history(update, context, Record.CLIENT, choice.sure.id, 0)
        return
    if not choice.options:
        await reply(update, context.t("audit.not_found_client", query=text[:50]))
        return
    labels = await client_labels(context, [(hit.id, hit.name) for hit in choice.options])
    await reply(
        update,
        context.t("client.did_you_mean", query=text[:50]),
        buttons=[[button(label, f"hi:c:{hit.id}:0")]
                 for hit, label in zip(choice.options, labels, strict=True)],
    )  # fmt: skip


async def history_button(update: Update, context: KamContext) -> None:
    """`hi:<k|v|c>:<id>:<page>`: the page of that record's history, if the presser may see it."""
    query = update.callback_query
    assert query is not None
    context.require_actor()
    data, _ = pressed_language(query.data or "")
    parts = data.split(":")
    record = _BY_LETTER.get(parts[1]) if len(parts) == 4 else None
    number = record_id(parts[2]) if record is not None else None
    page = (
        int(parts[3])
        if record is not None and parts[3].isascii() and parts[3].isdigit() and len(parts[3]) <= 4
        else None
    )
    if record is None or number is None or page is None:
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    await send_history(update, context, record, number, page)


async def send_history(
    update: Update, context: KamContext, record: Record, number: int, page: int
) -> None:
    actor = context.require_actor()
    history = await context.services.history.of(actor, record, number)
    if history is None:
        await reply(update, context.t("audit.denied"))
        return
    pages = history_pages(context.lang, actor.timezone, history)
    page = min(page, len(pages) - 1)
    moves = []
    letter = _LETTER[record]
    if page > 0:
        moves.append(button(context.t("audit.prev"), f"hi:{letter}:{number}:{page - 1}"))
    if page + 1 < len(pages):
        moves.append(button(context.t("audit.next"), f"hi:{letter}:{number}:{page + 1}"))
    await reply(update, pages[page], buttons=[moves] if moves else None)


async def history_asked_in_words(
    update: Update, context: KamContext, asked: HistoryAsk, client_id: int | None
) -> None:
    """ "12号投诉谁改过？": that record's history; "这条投诉谁改过？" names none: how to name it."""
    if asked.record is Record.CLIENT and client_id is not None:
        await send_history(update, context, Record.CLIENT, client_id, 0)
    elif asked.record is not Record.CLIENT and asked.number is not None:
        number = record_id(str(asked.number))
        if number is None:
            await reply(update, context.t("audit.denied"))
            return
        await send_history(update, context, asked.record, number, 0)
    else:
        await reply(update, context.t("audit.which"))
