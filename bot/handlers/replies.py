"""Sending replies: HTML, split under Telegram's limit, buttons on the last piece."""

from __future__ import annotations

import html
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.context import ANSWERED_IN, KamContext
from bot.i18n import Html
from bot.render import client_label, client_named, split_message
from config.catalog import chinese
from services.domain import ClientHit, Language
from services.errors import DomainError

# chat_data key: the update whose apology is already shown (in a progress message).
APOLOGISED = "kam_apologised_update"


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


CALLBACK_LIMIT = 64  # bytes of callback data Telegram keeps with a button
LANGUAGE_MARK = "~"  # "sm:c:12~en": the press is answered in English


def button(text: str, data: str) -> InlineKeyboardButton:
    """A button; a label from the catalog is HTML, but Telegram shows button labels as plain text.

    Sent with an answer in a language other than the user's own, the button carries that
    language (`pressed_language` reads it back), so the next page or the card it opens comes in
    the language the list was asked in; when the mark does not fit, the press answers in the
    user's own language.
    """
    if len(data.encode()) > CALLBACK_LIMIT:
        raise ValueError(f"callback data over 64 bytes: {data!r}")
    asked = ANSWERED_IN.get()
    if (
        asked is not None
        and len((marked := f"{data}{LANGUAGE_MARK}{asked}").encode()) <= CALLBACK_LIMIT
    ):
        data = marked
    label = html.unescape(text) if isinstance(text, Html) else text
    return InlineKeyboardButton(label, callback_data=data)


async def _english_names(
    context: KamContext, clients: Sequence[tuple[int, str]], lang: str
) -> dict[int, str]:
    """The English names of these (id, name) clients, looked up only for an English reader."""
    if chinese(lang) or not clients:
        return {}
    return await context.services.clients.english_names(
        context.require_actor(), [cid for cid, _ in clients]
    )


async def client_labels(
    context: KamContext, clients: Sequence[tuple[int, str]], *, lang: str | None = None
) -> list[str]:
    """The labels of buttons naming these (id, name) clients in `lang` (the session's unless
    given): with their English names in English (looked up only then)."""
    lang = lang or context.lang
    english = await _english_names(context, clients, lang)
    return [client_label(lang, name, english.get(cid)) for cid, name in clients]


async def example_client(context: KamContext) -> str:
    """A client of the user's own to name in an example ("/brief 宝钢"), as they would say it in
    the session's language; the catalog's example (华能) for a user who sees no client."""
    named = await context.services.visits.example_client(
        context.require_actor(), english=context.lang == "en"
    )
    return named or context.t("ask.example_client")


async def client_name(context: KamContext, client_id: int, name: str) -> str:
    """A client named in a sentence in the session's language (`render.client_named`)."""
    english = await _english_names(context, [(client_id, name)], context.lang)
    return client_named(context.lang, name, english.get(client_id))


async def client_buttons(
    context: KamContext, hits: Sequence[ClientHit], prefix: str
) -> list[list[InlineKeyboardButton]]:
    """One button per client found, one to a row: `prefix:id`, labelled by `client_labels`."""
    labels = await client_labels(context, [(hit.id, hit.name) for hit in hits])
    return [[button(label, f"{prefix}:{hit.id}")] for hit, label in zip(hits, labels, strict=True)]


def pressed_language(data: str) -> tuple[str, str | None]:
    """A button's data without its language mark, and the language it was answered in (None:
    the user's own)."""
    head, mark, lang = data.rpartition(LANGUAGE_MARK)
    if mark and lang in {language.value for language in Language}:
        return head, lang
    return data, None


class Progress:
    """A "working on it…" message that always ends with a result, or with the apology.

    `async with Progress(update, context, text) as progress: ... await progress.done(result)`;
    a refusal (DomainError) turns the message into its reason; any other failure turns it into
    the apology, and the error funnel only logs.
    """

    def __init__(
        self,
        update: Update,
        context: Any,
        text: str,
        *,
        buttons: list[list[InlineKeyboardButton]] | None = None,
    ) -> None:
        self._update, self._context, self._text = update, context, text
        self._buttons = buttons  # under the message while it works (the result has none)
        self._message: Message | None = None
        self._finished = False

    async def __aenter__(self) -> Progress:
        self._message = await reply(self._update, self._text, buttons=self._buttons)
        return self

    @property
    def message(self) -> Message | None:
        """The message shown while working (to edit with steps of progress)."""
        return self._message

    async def done(self, text: str) -> None:
        self._finished = True
        if self._message is not None and len(split_message(text)) == 1:
            try:
                await self._message.edit_text(text, parse_mode=ParseMode.HTML)
                return
            except BadRequest:
                pass  # too old or deleted: say it in a new message
        await reply(self._update, text)

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        if error is None or self._finished or not isinstance(error, Exception):
            return None
        self._finished = True
        if isinstance(error, DomainError):  # a refusal: the message says why, nothing to log
            await self.done(self._context.t(error.code, **error.params))
            return True
        self._context.chat_data[APOLOGISED] = self._update.update_id
        try:
            await self.done(self._context.t("error.apology"))
        except Exception:
            pass
        return None
