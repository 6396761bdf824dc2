"""What the emulator remembers: users, chats and their messages, button presses, files, and what a
test reads; the base of every part of FakeTelegram."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from aiohttp import web

from emulator.errors import BLOCKED, BotApiError, Injection, bad_request
from emulator.flood import FloodControl
from emulator.records import (
    ApiCall,
    CallbackAnswer,
    ChatAction,
    Rejection,
    RequestLogEntry,
    SentMessage,
    StoredFile,
)
from emulator.requests import Params, Signal
from emulator.updates import UpdateQueue

# What Telegram's file ids start with, the folder of file_path and its suffix, by kind of file.
FILE_KINDS = {
    "document": ("BQACAgIAAxkBAAI", "documents", ".bin"),
    "photo": ("AgACAgIAAxkBAAI", "photos", ".jpg"),
    "voice": ("AwACAgIAAxkBAAI", "voice", ".oga"),
    "audio": ("CQACAgIAAxkBAAI", "music", ".mp3"),
    "video_note": ("DQACAgIAAxkBAAI", "video_notes", ".mp4"),
    "sticker": ("CAACAgIAAxkBAAI", "stickers", ".webp"),
}


@dataclass
class ChatMessage:
    """A message in a chat, as Telegram stores it, and who sent it."""

    data: dict[str, Any]
    from_bot: bool
    deleted: bool = False


@dataclass
class Chat:
    """A private chat, group or channel, with its messages."""

    id: int
    type: str
    title: str | None = None
    user: dict[str, Any] | None = None
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    next_message_id: int = 1
    blocked: bool = False

    def json(self) -> dict[str, Any]:
        if self.type == "private" and self.user is not None:
            chat: dict[str, Any] = {"id": self.id, "first_name": self.user["first_name"]}
            for key in ("last_name", "username"):
                if self.user.get(key):
                    chat[key] = self.user[key]
            chat["type"] = "private"
            return chat
        return {"id": self.id, "title": self.title or "", "type": self.type}

    def new_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class CallbackQuery:
    """A button press the bot may answer once with answerCallbackQuery."""

    user_id: int
    chat_id: int | None
    message_id: int | None
    answered: bool = False


Handler = Callable[[Params, web.Request], Awaitable[Any]]


class State:
    """The emulator's state and the few helpers every part of it uses."""

    def __init__(
        self,
        token: str,
        *,
        bot_username: str = "kam_test_bot",
        bot_id: int | None = None,
        bot_name: str | None = None,
        enforce_rate_limits: bool = False,
        strict_ampersand: bool = True,
        clock: Callable[[], float] = time.time,
        webhook_target: str | None = None,
    ) -> None:
        # Where webhook deliveries really go (the plain-HTTP side of the TLS proxy that the
        # registered https:// URL names); without it, setWebhook only blocks getUpdates.
        self.webhook_target = webhook_target
        self.webhook_posts: list[tuple[int, int]] = []  # (update_id, HTTP status) per attempt
        self._webhook_secret: str | None = None
        self._delivery: asyncio.Task[None] | None = None
        self.token = token
        prefix = token.split(":", 1)[0]
        self.bot_id = bot_id if bot_id is not None else (int(prefix) if prefix.isdigit() else 1)
        self.bot_username = bot_username
        self.bot_name = bot_name or "KAM Assistant"
        self.enforce_rate_limits = enforce_rate_limits
        self.strict_ampersand = strict_ampersand
        self._clock = clock

        self.sent: list[SentMessage] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.rejected: list[Rejection] = []
        self.errors: list[ApiCall] = []
        self.calls: list[ApiCall] = []
        self.request_log: list[RequestLogEntry] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.profile: dict[tuple[str, str], str] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.chat_actions: list[ChatAction] = []
        self.deleted: list[tuple[int, int]] = []
        self.on_sent: Callable[[SentMessage], None] | None = None

        self._users: dict[int, dict[str, Any]] = {}
        self._chats: dict[int, Chat] = {}
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._queries: dict[str, CallbackQuery] = {}
        self._queue = UpdateQueue()
        self._webhook_url: str | None = None
        self._poll_generation = 0
        self._injections: dict[str, list[Injection]] = {}
        self._holds: dict[str, int] = {}  # method → how many of its next calls to hold
        self.held: list[str] = []  # the methods of the calls held so far, in order
        self._flood = FloodControl()
        self._by_chat: dict[int, list[SentMessage]] = {}
        self._cursor: dict[int, int] = {}
        self._transcripts: dict[int, list[str]] = {}
        self._new_message = Signal()
        self._in_flight = 0
        self._last_activity = 0.0
        self._closing = False
        self._file_numbers = itertools.count(1)
        self._query_numbers = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._methods: dict[str, Handler] = self._bot_api_methods()

    def _bot_api_methods(self) -> dict[str, Handler]:
        """Each Bot API method by its lower-case name, and its handler (FakeTelegram fills it)."""
        return {}

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    def _note(self, chat_id: int, line: str) -> None:
        self._transcripts.setdefault(chat_id, []).append(line)

    def _target_chat(self, p: Params, *, sending: bool = True) -> Chat:
        value = p.raw("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        try:
            chat_id = int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
        chat = self._chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        if sending and chat.blocked:
            raise BotApiError(403, BLOCKED)
        return chat

    def _message_frame(self, chat: Chat, sender: dict[str, Any]) -> dict[str, Any]:
        """A new message's frame in the chat: its id, sender, chat and date."""
        return {
            "message_id": chat.new_message_id(),
            "from": sender,
            "chat": chat.json(),
            "date": int(self._clock()),
        }

    def _store_file(
        self, data: bytes, kind: str, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        number = next(self._file_numbers)
        digest = hashlib.sha256(f"{self.bot_id}:{kind}:{number}".encode()).hexdigest()
        prefix, folder, default_suffix = FILE_KINDS[kind]
        suffix = PurePosixPath(file_name).suffix if file_name else default_suffix
        stored = StoredFile(
            file_id=prefix + digest[:40],
            file_unique_id="AgAD" + digest[40:52],
            file_path=f"{folder}/file_{number}{suffix}",
            data=bytes(data),
            file_name=file_name,
            mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    @staticmethod
    def _document_json(stored: StoredFile) -> dict[str, Any]:
        document: dict[str, Any] = {}
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return {**document, **file_json(stored)}


def file_json(stored: StoredFile, **more: Any) -> dict[str, Any]:
    """A file as the Bot API shows it: its ids and size, then what its kind adds."""
    return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size, **more}  # fmt: skip
