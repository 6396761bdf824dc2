"""What the bot does to messages already sent: edit their text, caption or buttons, delete them,
and answer the button presses on them."""

from __future__ import annotations

import copy
from typing import Any

from aiohttp import web

from emulator.errors import bad_request
from emulator.formatting import utf16_len
from emulator.markup import inline_keyboard
from emulator.records import CallbackAnswer
from emulator.requests import Params
from emulator.sending import Sending
from emulator.state import Chat, ChatMessage

MAX_CALLBACK_ANSWER = 200
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


class Editing(Sending):
    """editMessageText, editMessageCaption, editMessageReplyMarkup, deleteMessage and
    answerCallbackQuery."""

    def _message_to_edit(self, p: Params) -> tuple[Chat, ChatMessage]:
        if p.text("inline_message_id"):
            raise bad_request("inline messages are not supported by the emulator")
        chat = self._target_chat(p)
        message_id = p.integer("message_id")
        if message_id <= 0:
            raise bad_request("message identifier is not specified")
        stored = chat.messages.get(message_id)
        if stored is None or stored.deleted:
            raise bad_request("message to edit not found")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return chat, stored

    def _edited_markup(self, p: Params, chat: Chat) -> dict[str, Any] | None:
        markup = self._markup(p, chat)
        if markup is not None and inline_keyboard(markup) is None:
            raise bad_request("inline keyboard expected")
        return markup

    def _apply_edit(
        self, stored: ChatMessage, changes: dict[str, Any], markup: dict[str, Any] | None
    ) -> dict[str, Any]:
        data = stored.data
        keys = [*changes, "reply_markup"]
        before = {key: data.get(key) for key in keys}
        after = {**changes, "reply_markup": inline_keyboard(markup)}
        if before == after:
            raise bad_request(NOT_MODIFIED)
        for key, value in after.items():
            if value:
                data[key] = value
            else:
                data.pop(key, None)
        data["edit_date"] = int(self._clock())
        return data

    async def _edit_message_text(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat, stored = self._message_to_edit(p)
        if "text" not in stored.data:
            raise bad_request("there is no text in the message to edit")
        fmt = self._formatted(p, "text", caption=False)
        markup = self._edited_markup(p, chat)
        data = self._apply_edit(
            stored, {"text": fmt.text, "entities": fmt.entities or None}, markup
        )
        return self._edited(chat, data, markup, kind="edit", method="editMessageText", fmt=fmt)

    async def _edit_message_caption(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat, stored = self._message_to_edit(p)
        if not any(key in stored.data for key in ("document", "photo")):
            raise bad_request("there is no caption in the message to edit")
        fmt = self._formatted(p, "caption", caption=True)
        markup = self._edited_markup(p, chat)
        changes = {"caption": fmt.text or None, "caption_entities": fmt.entities or None}
        data = self._apply_edit(stored, changes, markup)
        return self._edited(
            chat, data, markup, kind="edit_caption", method="editMessageCaption", fmt=fmt
        )

    async def _edit_message_reply_markup(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat, stored = self._message_to_edit(p)
        markup = self._edited_markup(p, chat)
        data = self._apply_edit(stored, {}, markup)
        return self._edited(
            chat, data, markup, kind="edit_markup", method="editMessageReplyMarkup",
            text=data.get("text") or data.get("caption") or "",
        )  # fmt: skip

    def _edited(
        self, chat: Chat, data: dict[str, Any], markup: dict[str, Any] | None, **recorded: Any
    ) -> dict[str, Any]:
        """Record an edit for the test and return the edited message as Telegram does."""
        self._record_message(chat, data, markup, date=data["edit_date"], **recorded)
        return copy.deepcopy(data)

    async def _delete_message(self, p: Params, request: web.Request) -> bool:
        chat = self._target_chat(p, sending=False)
        message_id = p.integer("message_id")
        stored = chat.messages.get(message_id)
        if stored is None or stored.deleted:
            raise bad_request("message to delete not found")
        stored.deleted = True
        self.deleted.append((chat.id, message_id))
        self._note(chat.id, f"🗑 #{message_id} deleted")
        return True

    async def _answer_callback_query(self, p: Params, request: web.Request) -> bool:
        query_id = p.text("callback_query_id") or ""
        query = self._queries.get(query_id)
        if query is None or query.answered:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = p.text("text")
        if text and utf16_len(text) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answered = True
        answer = CallbackAnswer(query_id, text, p.flag("show_alert"), p.text("url"), query.user_id)
        self.callback_answers.append(answer)
        if query.chat_id is not None and text:
            shown = "alert" if answer.show_alert else "toast"
            self._note(query.chat_id, f"🤖 ({shown}) {text}")
        return True
