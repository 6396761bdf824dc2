"""Sending messages: text and its formatting, reply markup, replies, flood control, locations and
chat actions, and recording each sent message for the test."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from emulator.errors import bad_request
from emulator.formatting import (
    EmptyTextError,
    Entity,
    EntityParseError,
    fix_text,
    parse_html,
    utf16_len,
)
from emulator.markup import inline_keyboard, parse_reply_markup
from emulator.records import ChatAction, SentMessage
from emulator.requests import Params
from emulator.state import Chat, ChatMessage, State

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_RAW_TEXT_BYTES = 1 << 15
CHAT_ACTIONS = frozenset(
    {
        "cancel", "typing", "record_video", "upload_video", "record_audio", "record_voice",
        "upload_audio", "upload_voice", "upload_photo", "upload_document", "choose_sticker",
        "pick_up_location", "find_location", "record_video_note", "upload_video_note",
    }
)  # fmt: skip

log = logging.getLogger("kam.emulator")


@dataclass(frozen=True)
class FormattedText:
    """A request's text or caption after its parse_mode: what the user sees, and how it came."""

    text: str
    entities: list[Entity]
    html: str | None
    parse_mode: str | None


class Sending(State):
    """sendMessage, sendLocation, sendChatAction, and the steps every send shares."""

    def _formatted(self, p: Params, name: str, *, caption: bool) -> FormattedText:
        raw = p.text(name)
        if not raw:
            if caption:
                return FormattedText("", [], None, None)
            raise bad_request("message text is empty")
        if len(raw.encode("utf-8", "surrogatepass")) > MAX_RAW_TEXT_BYTES:
            raise bad_request("text is too long")
        parse_mode = p.text("parse_mode")
        mode = (parse_mode or "").lower()
        html: str | None = None
        if mode in ("", "none"):
            text, entities = (
                raw,
                self._explicit_entities(p, "caption_entities" if caption else "entities"),
            )
        elif mode == "html":
            try:
                text, entities = parse_html(raw, strict_ampersand=self.strict_ampersand)
            except EntityParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
            html = raw
        elif mode in ("markdown", "markdownv2"):
            raise bad_request(
                f"can't parse entities: parse_mode {parse_mode} is not implemented by the "
                "emulator, use HTML"
            )
        else:
            raise bad_request("unsupported parse_mode")
        try:
            text, entities = fix_text(text, entities, allow_empty=caption)
        except EmptyTextError:
            raise bad_request("text must be non-empty") from None
        if caption and utf16_len(text) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        if not caption and utf16_len(text) > MAX_TEXT:
            raise bad_request("message is too long")
        return FormattedText(text, entities, html, parse_mode)

    def _explicit_entities(self, p: Params, name: str) -> list[Entity]:
        given = p.json(name, "can't parse entities JSON object")
        if given is None:
            return []
        if not isinstance(given, list):
            raise bad_request("can't parse entities: expected an Array of MessageEntity")
        entities: list[Entity] = []
        for item in given:
            if not isinstance(item, dict) or not isinstance(item.get("type"), str):
                raise bad_request("can't parse MessageEntity: Can't find field \"type\"")
            try:
                offset, length = int(item["offset"]), int(item["length"])
            except (KeyError, TypeError, ValueError):
                raise bad_request("can't parse MessageEntity: wrong offset or length") from None
            if offset < 0 or length < 0:
                raise bad_request(f"can't parse MessageEntity: incorrect offset {offset}")
            entities.append({**item, "offset": offset, "length": length})
        return entities

    def _markup(self, p: Params, chat: Chat) -> dict[str, Any] | None:
        return parse_reply_markup(p.raw("reply_markup"), private_chat=chat.type == "private")

    def _reply_to(self, p: Params, chat: Chat) -> dict[str, Any] | None:
        parameters = p.json("reply_parameters", "can't parse reply parameters JSON object")
        allow_missing = p.flag("allow_sending_without_reply")
        message_id: Any = None
        if isinstance(parameters, dict):
            message_id = parameters.get("message_id")
            allow_missing = allow_missing or bool(parameters.get("allow_sending_without_reply"))
        elif p.raw("reply_to_message_id") not in (None, ""):
            message_id = p.integer("reply_to_message_id")
        if not message_id:
            return None
        stored = chat.messages.get(int(message_id))
        if stored is None or stored.deleted:
            if allow_missing:
                return None
            raise bad_request("message to be replied not found")
        return {key: value for key, value in stored.data.items() if key != "reply_to_message"}

    def _spend_rate(self, chat: Chat) -> None:
        """Telegram's flood control, when the test turned it on (see emulator.flood)."""
        if self.enforce_rate_limits:
            self._flood.spend(chat.id, private=chat.type == "private")

    def _store_bot_message(
        self, chat: Chat, content: dict[str, Any], reply: dict[str, Any] | None
    ) -> dict[str, Any]:
        data = self._message_frame(chat, self._bot_user())
        message_id = data["message_id"]
        if reply is not None:
            data["reply_to_message"] = reply
        data.update(content)
        chat.messages[message_id] = ChatMessage(data, from_bot=True)
        return data

    def _record(self, sent: SentMessage) -> None:
        self.sent.append(sent)
        self._by_chat.setdefault(sent.chat_id, []).append(sent)
        self._note(sent.chat_id, "🤖 " + describe(sent))
        self._new_message.wake()
        if self.on_sent is not None:
            try:
                self.on_sent(sent)
            except Exception:
                log.exception("on_sent callback failed")

    @staticmethod
    def _with_text(content: dict[str, Any], fmt: FormattedText, *, caption: bool) -> dict[str, Any]:
        if fmt.text:
            content["caption" if caption else "text"] = fmt.text
        if fmt.entities:
            content["caption_entities" if caption else "entities"] = fmt.entities
        return content

    def _markup_and_reply(
        self, p: Params, chat: Chat
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """The checks every send makes last: the markup, the message replied to, flood control."""
        markup = self._markup(p, chat)
        reply = self._reply_to(p, chat)
        self._spend_rate(chat)
        return markup, reply

    def _deliver(
        self,
        chat: Chat,
        content: dict[str, Any],
        markup: dict[str, Any] | None,
        reply: dict[str, Any] | None,
        **recorded: Any,
    ) -> dict[str, Any]:
        """Store a message the bot sends, record it for the test, and return it as Telegram does."""
        if inline_keyboard(markup):
            content["reply_markup"] = inline_keyboard(markup)
        data = self._store_bot_message(chat, content, reply)
        self._record_message(chat, data, markup, date=data["date"], **recorded)
        return data

    def _record_message(
        self,
        chat: Chat,
        data: dict[str, Any],
        markup: dict[str, Any] | None,
        *,
        kind: str,
        method: str,
        date: int,
        fmt: FormattedText | None = None,
        **recorded: Any,
    ) -> None:
        """Record a message the bot sent or edited, as the user sees it, for the test."""
        self._record(
            SentMessage(
                chat_id=chat.id, message_id=data["message_id"], kind=kind, reply_markup=markup,
                method=method, date=date, **shown_text(fmt), **recorded,
            )
        )  # fmt: skip

    async def _send_message(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat = self._target_chat(p)
        fmt = self._formatted(p, "text", caption=False)
        markup, reply = self._markup_and_reply(p, chat)
        content = self._with_text({}, fmt, caption=False)
        return self._deliver(
            chat, content, markup, reply, kind="text", method="sendMessage", fmt=fmt
        )

    async def _send_location(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat = self._target_chat(p)
        latitude, longitude = p.number("latitude"), p.number("longitude")
        if latitude is None:
            raise bad_request("latitude is empty")
        if longitude is None:
            raise bad_request("longitude is empty")
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise bad_request("wrong location specified")
        markup, reply = self._markup_and_reply(p, chat)
        content: dict[str, Any] = {"location": {"latitude": latitude, "longitude": longitude}}
        return self._deliver(
            chat, content, markup, reply, kind="location", method="sendLocation",
            latitude=latitude, longitude=longitude,
        )  # fmt: skip

    async def _send_chat_action(self, p: Params, request: web.Request) -> bool:
        chat = self._target_chat(p)
        action = (p.text("action") or "").lower()
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self.chat_actions.append(ChatAction(chat.id, action, time.monotonic()))
        return True


def describe(sent: SentMessage) -> str:
    parts = [f"#{sent.message_id} [{sent.kind}]"]
    if sent.filename:
        parts.append(f"📎 {sent.filename} ({len(sent.document or b'')} bytes)")
    if sent.photo is not None:
        parts.append(f"🖼 ({len(sent.photo)} bytes)")
    if sent.latitude is not None:
        parts.append(f"📍 {sent.latitude}, {sent.longitude}")
    if sent.text:
        parts.append(sent.text)
    labels = [str(button.get("text")) for button in sent.buttons]
    if labels:
        parts.append("[" + " | ".join(labels) + "]")
    return " ".join(parts)


def shown_text(fmt: FormattedText | None) -> dict[str, Any]:
    """What a sent or edited message records of its formatted text (nothing without text)."""
    if fmt is None:
        return {}
    return {"text": fmt.text, "parse_mode": fmt.parse_mode, "html": fmt.html,
            "entities": fmt.entities}  # fmt: skip
