"""What the fake Telegram server records about the bot: messages, answers, refusals, requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass
class SentMessage:
    """One message the bot sent or edited, as the user would see it.

    `text` is the visible text (or caption) after HTML parsing; `html` the raw text the bot sent
    when parse_mode was HTML. `kind` is "text", "document", "photo", "location", "edit"
    (editMessageText), "edit_caption" or "edit_markup".
    """

    chat_id: int
    message_id: int
    kind: str
    text: str = ""
    parse_mode: str | None = None
    html: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    document: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    photo: bytes | None = None
    latitude: float | None = None
    longitude: float | None = None
    method: str = ""
    date: int = 0

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The inline keyboard's buttons, row after row (empty without an inline keyboard)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]


@dataclass(frozen=True)
class CallbackAnswer:
    """One answerCallbackQuery call."""

    query_id: str
    text: str | None
    show_alert: bool
    url: str | None = None
    user_id: int | None = None


class Rejection(NamedTuple):
    """A request refused with 400 Bad Request: the bot broke one of Telegram's rules."""

    method: str
    description: str


class RequestLogEntry(NamedTuple):
    """One HTTP request to the Bot API, with its `time.monotonic()` arrival time."""

    method: str
    time: float


@dataclass(frozen=True)
class ApiCall:
    """One Bot API request in full: its parameters (files as their sizes) and the answer."""

    method: str
    params: dict[str, Any]
    status: int
    description: str | None
    time: float

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True)
class ChatAction:
    """One sendChatAction call ("typing", "upload_document", ...)."""

    chat_id: int
    action: str
    time: float


@dataclass(frozen=True)
class StoredFile:
    """A file Telegram keeps: sent by a user, or uploaded by the bot."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def file_size(self) -> int:
        return len(self.data)
