"""Sending replies: HTML, split under Telegram's limit, buttons on the last piece."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode

from bot.render import split_message


async def reply(
    update: Update, text: str, *, buttons: list[list[InlineKeyboardButton]] | None = None
) -> Message | None:
    """Reply in the chat of the update; long text goes out in several messages."""
    chat = update.effective_chat
    if chat is None:
        return None
    markup = InlineKeyboardMarkup(buttons) if buttons else None
    pieces = split_message(text)
    sent: Message | None = None
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        sent = await chat.send_message(
            piece,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if last else None,
            disable_web_page_preview=True,
        )
    return sent


def button(text: str, data: str) -> InlineKeyboardButton:
    if len(data.encode()) > 64:
        raise ValueError(f"callback data over 64 bytes: {data!r}")
    return InlineKeyboardButton(text, callback_data=data)
