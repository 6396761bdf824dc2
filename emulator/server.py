"""The fake Telegram Bot API server: real HTTP, Telegram's rules, and a test's hands on both sides."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import itertools
import json
import logging
import math
import mimetypes
import re
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import aiohttp
from aiohttp import web

from emulator.errors import BLOCKED, BotApiError, bad_request, too_many_requests
from emulator.formatting import (
    EmptyTextError,
    Entity,
    EntityParseError,
    find_bot_commands,
    fix_text,
    parse_html,
    utf16_len,
)
from emulator.markup import has_callback_button, inline_keyboard, parse_reply_markup
from emulator.media import image_size, photo_sizes
from emulator.records import (
    ApiCall,
    CallbackAnswer,
    ChatAction,
    Rejection,
    RequestLogEntry,
    SentMessage,
    StoredFile,
)
from emulator.requests import Params, Signal, Upload, client_gone, json_response, read_params
from emulator.updates import UpdateQueue

log = logging.getLogger("kam.emulator")

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_RAW_TEXT_BYTES = 1 << 15
MAX_CALLBACK_ANSWER = 200
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
LONG_POLL_MAX_SECONDS = 50
# What Telegram's file ids start with, the folder of file_path and its suffix, by kind of file.
_FILE_KINDS = {
    "document": ("BQACAgIAAxkBAAI", "documents", ".bin"),
    "photo": ("AgACAgIAAxkBAAI", "photos", ".jpg"),
    "voice": ("AwACAgIAAxkBAAI", "voice", ".oga"),
    "audio": ("CQACAgIAAxkBAAI", "music", ".mp3"),
}
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
CHAT_ACTIONS = frozenset(
    {
        "cancel", "typing", "record_video", "upload_video", "record_audio", "record_voice",
        "upload_audio", "upload_voice", "upload_photo", "upload_document", "choose_sticker",
        "pick_up_location", "find_location", "record_video_note", "upload_video_note",
    }
)  # fmt: skip
_MESSAGE_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post")
_INJECTED_DEFAULTS = {
    400: "Bad Request: injected error",
    403: BLOCKED,
    409: POLL_CONFLICT,
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class NoSuchButton(LookupError):
    """The user tried to press a button that the bot's message does not have."""


class _Injected(BotApiError):
    """An error a test asked for with fail_next: not a rule the bot broke."""


@dataclass
class _Bucket:
    """A token bucket: `capacity` messages at once, refilled at `rate` per second."""

    capacity: float
    rate: float
    tokens: float
    stamp: float

    def wait_time(self, now: float) -> float:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


@dataclass
class _Message:
    data: dict[str, Any]
    from_bot: bool
    deleted: bool = False


@dataclass
class _Chat:
    id: int
    type: str
    title: str | None = None
    user: dict[str, Any] | None = None
    messages: dict[int, _Message] = field(default_factory=dict)
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
class _Query:
    user_id: int
    chat_id: int | None
    message_id: int | None
    answered: bool = False


@dataclass
class _Injection:
    error: _Injected
    times: int


@dataclass(frozen=True)
class _Formatted:
    text: str
    entities: list[Entity]
    html: str | None
    parse_mode: str | None


Handler = Callable[[Params, web.Request], Awaitable[Any]]


class FakeTelegram:
    """An offline Telegram Bot API server that the real bot talks to over HTTP.

    A test (or `kam chat`) plays the users with send_text / press_button / send_document and
    reads what the bot did from `sent`, `wait_for`, `callback_answers` and `rejected`. Requests
    that break Telegram's rules get Telegram's 400 answers and land in `rejected`. Everything
    runs in the caller's event loop; call the user-side methods from that loop.
    """

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
        self._chats: dict[int, _Chat] = {}
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._queries: dict[str, _Query] = {}
        self._queue = UpdateQueue()
        self._webhook_url: str | None = None
        self._poll_generation = 0
        self._injections: dict[str, list[_Injection]] = {}
        self._chat_buckets: dict[int, _Bucket] = {}
        self._global_bucket = _Bucket(30, 30.0, 30, time.monotonic())
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
        self._methods: dict[str, Handler] = {
            "getme": self._get_me,
            "logout": self._ok,
            "close": self._ok,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setmydescription": self._profile_setter("description", 512),
            "getmydescription": self._profile_getter("description"),
            "setmyshortdescription": self._profile_setter("short_description", 120),
            "getmyshortdescription": self._profile_getter("short_description"),
            "setmyname": self._profile_setter("name", 64),
            "getmyname": self._profile_getter("name"),
            "setchatmenubutton": self._set_chat_menu_button,
            "getchatmenubutton": self._get_chat_menu_button,
            "getchat": self._get_chat,
            "sendmessage": self._send_message,
            "senddocument": self._send_document,
            "sendphoto": self._send_photo,
            "sendlocation": self._send_location,
            "sendchataction": self._send_chat_action,
            "editmessagetext": self._edit_message_text,
            "editmessagecaption": self._edit_message_caption,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "getfile": self._get_file,
        }

    # ------------------------------------------------------------------ server lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on 127.0.0.1 (`port` 0 picks a free one) in the running event loop."""
        if host not in ("127.0.0.1", "localhost"):
            raise ValueError("the fake Telegram server listens on 127.0.0.1 only")
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        site = web.SockSite(runner, sock)
        self._closing = False
        await site.start()
        self._runner = runner
        self._port = sock.getsockname()[1]

    async def stop(self) -> None:
        self._closing = True
        if self._delivery is not None:
            self._delivery.cancel()
            self._delivery = None
        self._queue.arrived.wake()
        self._new_message.wake()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """PTB's base_url: requests go to {api_url}{token}/{method}."""
        return f"{self.base_url}/bot"

    @property
    def file_url(self) -> str:
        """PTB's base_file_url: downloads come from {file_url}{token}/{file_path}."""
        return f"{self.base_url}/file/bot"

    # ------------------------------------------------------------------ playing the users

    def add_user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        """Make a user known and open their private chat, as if they had started the bot."""
        user = self._remember_user(user_id, first_name, last_name, username, language_code)
        self._private_chat(user)
        return dict(user)

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        chat_type: str = "private",
        chat_id: int | None = None,
        chat_title: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> int:
        """The user sends `text`; returns the update_id. /commands get bot_command entities.

        Names and language default to what the user had before (张三, zh-hans for a new user).
        """
        try:
            clean, _ = fix_text(text, [])
        except EmptyTextError:
            raise ValueError("Telegram clients do not send empty messages") from None
        content: dict[str, Any] = {"text": clean}
        commands = find_bot_commands(clean)
        if commands:
            content["entities"] = commands
        user = self._remember_user(user_id, first_name, None, username, language_code)
        chat = self._user_chat(user, chat_type, chat_id, chat_title)
        return self._user_message(chat, user, content, clean, reply_to_message_id)

    def send_document(
        self,
        user_id: int,
        filename: str,
        data: bytes,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> int:
        """The user sends a file; the bot can fetch it with getFile and download it."""
        user, chat = self._sender(user_id, chat_type, chat_id)
        mime = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self._store_file(data, "document", filename, mime)
        content: dict[str, Any] = {"document": self._document_json(stored)}
        self._add_caption(content, caption)
        return self._user_message(chat, user, content, f"📎 {filename} ({len(data)} bytes)")

    def send_photo(
        self,
        user_id: int,
        data: bytes,
        *,
        caption: str | None = None,
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> int:
        """The user sends a photo: Telegram re-encodes it as JPEG and offers it in several sizes
        (thumbnails first, the largest last, at most 2560 pixels on its long side)."""
        user, chat = self._sender(user_id, chat_type, chat_id)
        sizes = []
        for width, height, jpeg in photo_sizes(data):
            stored = self._store_file(jpeg, "photo", None, None)
            sizes.append(_file_json(stored, width=width, height=height))
        content: dict[str, Any] = {"photo": sizes}
        self._add_caption(content, caption)
        return self._user_message(chat, user, content, f"🖼 ({len(data)} bytes)")

    def send_voice(
        self,
        user_id: int,
        data: bytes,
        *,
        duration: int,
        mime_type: str = "audio/ogg",
        caption: str | None = None,
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> int:
        """The user records a voice note (OGG/Opus); `duration` in seconds, as the app reports it."""
        user, chat = self._sender(user_id, chat_type, chat_id)
        stored = self._store_file(data, "voice", None, mime_type)
        voice = _file_json(stored, duration=int(duration), mime_type=mime_type)
        content: dict[str, Any] = {"voice": voice}
        self._add_caption(content, caption)
        return self._user_message(chat, user, content, f"🎤 ({duration} s, {len(data)} bytes)")

    def send_audio(
        self,
        user_id: int,
        filename: str,
        data: bytes,
        *,
        duration: int,
        mime_type: str | None = None,
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> int:
        """The user sends a music/audio file (shown with a player, not as a plain document)."""
        user, chat = self._sender(user_id, chat_type, chat_id)
        mime = mime_type or mimetypes.guess_type(filename)[0] or "audio/mpeg"
        stored = self._store_file(data, "audio", filename, mime)
        audio = _file_json(stored, duration=int(duration), file_name=filename, mime_type=mime)
        return self._user_message(
            chat, user, {"audio": audio}, f"🎵 {filename} ({len(data)} bytes)"
        )

    def _sender(
        self, user_id: int, chat_type: str, chat_id: int | None
    ) -> tuple[dict[str, Any], _Chat]:
        """The user (known from before, or new) and the chat they send in."""
        user = self._remember_user(user_id, None, None, None, None)
        return user, self._user_chat(user, chat_type, chat_id, None)

    @staticmethod
    def _add_caption(content: dict[str, Any], caption: str | None) -> None:
        if caption:
            clean, _ = fix_text(caption, [], allow_empty=True)
            if clean:
                content["caption"] = clean
                commands = find_bot_commands(clean)
                if commands:
                    content["caption_entities"] = commands

    def send_location(
        self,
        user_id: int,
        latitude: float,
        longitude: float,
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> int:
        content = {"location": {"latitude": float(latitude), "longitude": float(longitude)}}
        user, chat = self._sender(user_id, chat_type, chat_id)
        return self._user_message(chat, user, content, f"📍 {latitude}, {longitude}")

    def press_button(
        self,
        user_id: int,
        message_id: int,
        callback_data: str,
        *,
        forge: bool = False,
        chat_id: int | None = None,
    ) -> int:
        """The user presses an inline button of a bot message; returns the update_id.

        Raises NoSuchButton unless the message carries a button with this callback_data;
        `forge=True` sends it anyway, as a tampering client would.
        """
        user = self._remember_user(user_id, None, None, None, None)
        chat = self._chats.get(user_id if chat_id is None else chat_id)
        stored = chat.messages.get(message_id) if chat is not None else None
        if chat is None or stored is None or stored.deleted or not stored.from_bot:
            raise NoSuchButton(f"the bot has no message {message_id} in chat {chat_id or user_id}")
        markup = stored.data.get("reply_markup")
        if not forge and not has_callback_button(markup, callback_data):
            offered = [
                b.get("callback_data") for r in (markup or {}).get("inline_keyboard", []) for b in r
            ]
            raise NoSuchButton(
                f"message {message_id} has no button with callback_data {callback_data!r}; "
                f"its buttons carry {offered}"
            )
        query_id = str(4_000_000_000_000_000 + next(self._query_numbers))
        self._queries[query_id] = _Query(user_id, chat.id, message_id)
        update = {
            "callback_query": {
                "id": query_id,
                "from": dict(user),
                "message": copy.deepcopy(stored.data),
                "chat_instance": self._chat_instance(chat.id),
                "data": callback_data,
            }
        }
        label = "forged button" if forge else "button"
        self._note(
            chat.id, f"👤 {user['first_name']} pressed {label} {callback_data!r} on #{message_id}"
        )
        return self._queue.put(update)

    def queue_raw_update(self, update: dict[str, Any]) -> int:
        """Queue any update as given. Re-queuing an update_id that was queued before delivers it
        again even though the bot confirmed it (a duplicate delivery, as after a crash)."""
        data = copy.deepcopy(update)
        update_id = data.pop("update_id", None)
        self._register(data)
        return self._queue.put(data, int(update_id) if update_id is not None else None)

    def block_user(self, user_id: int, *, notify: bool = True) -> None:
        """The user blocks the bot: sends to them answer 403, and the bot gets my_chat_member."""
        chat = self._private_chat(self._remember_user(user_id, None, None, None, None))
        chat.blocked = True
        self._note(chat.id, "👤 blocked the bot")
        if notify:
            self._queue.put(self._membership_update(chat, "member", "kicked"))

    def unblock_user(self, user_id: int, *, notify: bool = True) -> None:
        chat = self._private_chat(self._remember_user(user_id, None, None, None, None))
        chat.blocked = False
        self._note(chat.id, "👤 unblocked the bot")
        if notify:
            self._queue.put(self._membership_update(chat, "kicked", "member"))

    def fail_next(
        self,
        method: str,
        *,
        error_code: int = 429,
        retry_after: int = 2,
        description: str | None = None,
        times: int = 1,
    ) -> None:
        """The next `times` calls of `method` fail with `error_code` and do nothing else.

        429 carries parameters.retry_after like Telegram's flood control; 403 defaults to
        "Forbidden: bot was blocked by the user"; 500 to "Internal Server Error".
        """
        parameters = {"retry_after": retry_after} if error_code == 429 else None
        if description is None:
            description = (
                f"Too Many Requests: retry after {retry_after}"
                if error_code == 429
                else _INJECTED_DEFAULTS.get(error_code, "Error")
            )
        error = _Injected(error_code, description, parameters)
        self._injections.setdefault(method.lower(), []).append(_Injection(error, times))

    # ------------------------------------------------------------------ reading what the bot did

    @property
    def updates(self) -> list[dict[str, Any]]:
        """Every update queued so far, in order, as the bot receives it."""
        return self._queue.history

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return list(self._by_chat.get(chat_id, []))

    def file(self, file_id: str) -> StoredFile:
        return self._files[file_id]

    @property
    def pending_callback_queries(self) -> list[str]:
        """Ids of button presses the bot has not answered (the user's spinner keeps turning)."""
        return [query_id for query_id, query in self._queries.items() if not query.answered]

    def commands_for(self, language_code: str = "", scope: str = "default") -> list[str]:
        return [c["command"] for c in self.commands.get((scope, language_code), [])]

    def mark_read(self, chat_id: int) -> None:
        """Treat every message sent to the chat so far as consumed by wait_for."""
        self._cursor[chat_id] = len(self._by_chat.get(chat_id, []))

    async def wait_for(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] | None = None,
        timeout: float = 15.0,  # noqa: ASYNC109 - on expiry it fails with the chat's transcript
    ) -> SentMessage:
        """The next bot message to the chat after the last one consumed, that matches.

        Messages skipped over to reach the match count as consumed. On timeout raises
        AssertionError with the chat's transcript.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            messages = self._by_chat.get(chat_id, [])
            for index in range(self._cursor.get(chat_id, 0), len(messages)):
                if predicate is None or predicate(messages[index]):
                    self._cursor[chat_id] = index + 1
                    return messages[index]
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closing:
                what = "matching message" if predicate else "message"
                raise AssertionError(
                    f"no new {what} to chat {chat_id} within {timeout:g}s\n"
                    + self.transcript(chat_id)
                )
            await self._new_message.wait(remaining)

    async def wait_idle(self, quiet: float = 0.5, timeout: float = 15.0) -> None:  # noqa: ASYNC109
        """Wait until every update was delivered and the bot made no request for `quiet` s."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            undelivered = self._queue.undelivered
            if not undelivered and self._in_flight == 0 and now - self._last_activity >= quiet:
                return
            if now > deadline:
                raise AssertionError(
                    f"the bot did not settle within {timeout:g}s "
                    f"({len(self._queue)} updates queued, {self._in_flight} requests in flight)"
                )
            await asyncio.sleep(0.05)

    def transcript(self, chat_id: int) -> str:
        """The chat as a readable log: users' messages, the bot's, and refused requests."""
        consumed = self._cursor.get(chat_id, 0)
        lines = [f"transcript of chat {chat_id} ({consumed} bot messages consumed):"]
        lines += [f"  {line}" for line in self._transcripts.get(chat_id, [])] or ["  (empty)"]
        elsewhere = [c for c in self.errors if c.status == 400 and c.chat_id is None]
        if elsewhere:
            lines.append("requests without a chat_id refused with 400:")
            lines += [f"  {c.method}: {c.description}" for c in elsewhere[-10:]]
        return "\n".join(lines)

    # ------------------------------------------------------------------ HTTP

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        started = time.monotonic()
        self.request_log.append(RequestLogEntry(method, started))
        busy = method.lower() != "getupdates"
        if busy:
            self._in_flight += 1
            self._last_activity = started
        params = Params({}, {})
        try:
            if request.match_info["token"] != self.token:
                raise BotApiError(401, "Unauthorized")
            handler = self._methods.get(method.lower())
            if handler is None:
                raise BotApiError(404, "Not Found")
            params = await read_params(request)
            self._inject(method)
            result = await handler(params, request)
        except BotApiError as exc:
            return self._refuse(method, params, exc, started)
        except Exception as exc:
            log.exception("the emulator failed on %s", method)
            failure = BotApiError(500, f"Internal Server Error: emulator bug: {exc!r}")
            return self._refuse(method, params, failure, started)
        finally:
            if busy:
                self._in_flight -= 1
                self._last_activity = time.monotonic()
        self.calls.append(ApiCall(method, params.logged(), 200, None, started))
        return json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        self.request_log.append(RequestLogEntry("download", time.monotonic()))
        if request.match_info["token"] != self.token:
            return json_response(BotApiError(401, "Unauthorized").payload(), 401)
        stored = self._files_by_path.get(request.match_info["path"])
        if stored is None:
            return json_response(BotApiError(404, "Not Found").payload(), 404)
        return web.Response(body=stored.data, content_type="application/octet-stream")

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return json_response(BotApiError(404, "Not Found").payload(), 404)

    def _inject(self, method: str) -> None:
        queue = self._injections.get(method.lower())
        if not queue:
            return
        injection = queue[0]
        injection.times -= 1
        if injection.times <= 0:
            queue.pop(0)
        raise injection.error

    def _refuse(
        self, method: str, params: Params, exc: BotApiError, started: float
    ) -> web.Response:
        call = ApiCall(method, params.logged(), exc.error_code, exc.description, started)
        self.calls.append(call)
        self.errors.append(call)
        chat_id = call.chat_id
        if exc.error_code == 400 and not isinstance(exc, _Injected):
            self.rejected.append(Rejection(method, exc.description))
            log.warning("refused %s: %s", method, exc.description)
        if chat_id is not None:
            origin = "injected " if isinstance(exc, _Injected) else ""
            self._note(chat_id, f"⛔ {method} {origin}{exc.error_code}: {exc.description}")
        return json_response(exc.payload(), exc.error_code)

    # ------------------------------------------------------------------ getting updates

    async def _get_updates(self, p: Params, request: web.Request) -> list[dict[str, Any]]:
        if self._webhook_url:
            raise BotApiError(409, WEBHOOK_CONFLICT)
        offset = p.integer("offset")
        limit = min(max(p.integer("limit", 100), 1), 100)
        timeout = min(max(p.number("timeout") or 0.0, 0.0), LONG_POLL_MAX_SECONDS)
        allowed = p.json("allowed_updates", "can't parse allowed_updates JSON object")
        if isinstance(allowed, list):
            self._queue.allow(allowed)
        self._poll_generation += 1
        generation = self._poll_generation
        self._queue.confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if client_gone(request):
                return []
            if generation != self._poll_generation:
                raise BotApiError(409, POLL_CONFLICT)
            batch = self._queue.deliverable(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closing:
                break
            # Short naps, so a poll whose client went away notices it.
            await self._queue.arrived.wait(min(remaining, 0.25))
        for entry in batch:
            entry.delivered = True
        if batch:
            self._last_activity = time.monotonic()
        return [entry.data for entry in batch]

    async def _set_webhook(self, p: Params, request: web.Request) -> bool:
        url = p.text("url") or ""
        if url and not url.lower().startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook_url = url or None
        self._webhook_secret = p.text("secret_token") or None
        if p.flag("drop_pending_updates"):
            self._queue.clear()
        allowed = p.json("allowed_updates", "can't parse allowed_updates JSON object")
        if isinstance(allowed, list):
            self._queue.allow(allowed)
        if self._webhook_url and self.webhook_target and self._delivery is None:
            self._delivery = asyncio.create_task(self._deliver_webhooks())
        return True

    async def _delete_webhook(self, p: Params, request: web.Request) -> bool:
        self._webhook_url = None
        if self._delivery is not None:
            self._delivery.cancel()
            self._delivery = None
        if p.flag("drop_pending_updates"):
            self._queue.clear()
        return True

    async def _get_webhook_info(self, p: Params, request: web.Request) -> dict[str, Any]:
        return {
            "url": self._webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }

    async def _deliver_webhooks(self) -> None:
        """POST queued updates to the webhook as Telegram does: one request at a time per chat,
        several chats at once; anything but 200 is retried."""
        busy: set[int] = set()
        tasks: set[asyncio.Task[None]] = set()
        async with aiohttp.ClientSession() as session:
            while self._webhook_url and not self._closing:
                for entry in list(self._queue.entries):
                    if entry.delivered or entry.kind not in self._queue.allowed:
                        continue
                    chat = _update_chat(entry.data)
                    if chat in busy:
                        continue
                    entry.delivered = True
                    busy.add(chat)
                    self._in_flight += 1
                    task = asyncio.create_task(self._post_update(session, entry, chat, busy))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                await self._queue.arrived.wait(0.25)

    async def _post_update(
        self, session: aiohttp.ClientSession, entry: Any, chat: int, busy: set[int]
    ) -> None:
        headers = {"Content-Type": "application/json"}
        if self._webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self._webhook_secret
        status = 0
        try:
            assert self.webhook_target is not None
            async with session.post(
                self.webhook_target, data=json.dumps(entry.data), headers=headers,
                timeout=aiohttp.ClientTimeout(total=60),
            ) as response:  # fmt: skip
                status = response.status
        except (aiohttp.ClientError, TimeoutError):
            status = 0
        finally:
            self.webhook_posts.append((entry.update_id, status))
            if status == 200:
                if entry in self._queue.entries:
                    self._queue.entries.remove(entry)
            else:
                await asyncio.sleep(0.2)
                entry.delivered = False
            busy.discard(chat)
            self._in_flight -= 1
            self._last_activity = time.monotonic()
            self._queue.arrived.wake()

    # ------------------------------------------------------------------ the bot itself

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    async def _ok(self, p: Params, request: web.Request) -> bool:
        return True

    async def _get_me(self, p: Params, request: web.Request) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _language_code(self, p: Params) -> str:
        code = p.text("language_code") or ""
        if code and not re.fullmatch(r"[a-z]{2}", code):
            raise bad_request("invalid language code specified")
        return code

    def _scope_key(self, p: Params) -> str:
        scope = p.json("scope", "can't parse BotCommandScope JSON object")
        if scope is None:
            return "default"
        if not isinstance(scope, dict):
            raise bad_request("can't parse BotCommandScope: BotCommandScope must be an Object")
        kind = scope.get("type")
        if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
            return str(kind)
        if kind in ("chat", "chat_administrators"):
            return f"{kind}:{scope.get('chat_id')}"
        if kind == "chat_member":
            return f"chat_member:{scope.get('chat_id')}:{scope.get('user_id')}"
        raise bad_request("can't parse BotCommandScope: Unsupported type specified")

    async def _set_my_commands(self, p: Params, request: web.Request) -> bool:
        commands = p.json("commands", "can't parse commands JSON object") or []
        if not isinstance(commands, list):
            raise bad_request("expected an Array of BotCommand")
        checked: list[dict[str, str]] = []
        for item in commands:
            if not isinstance(item, dict):
                raise bad_request("can't parse BotCommand: expected an Object")
            for name in ("command", "description"):
                if not isinstance(item.get(name), str):
                    raise bad_request(f"can't parse BotCommand: Can't find field \"{name}\"")
            command = item["command"].strip()
            command = command[1:] if command.startswith("/") else command
            description = item["description"].strip()
            if not command:
                raise bad_request("command must be non-empty")
            if len(command) > 32:
                raise bad_request("command length must not exceed 32")
            if not re.fullmatch(r"[a-z0-9_]+", command):
                raise bad_request("BOT_COMMAND_INVALID")
            if not description:
                raise bad_request("command description must be non-empty")
            if len(description) > 256:
                raise bad_request("command description length must not exceed 256")
            checked.append({"command": command, "description": description})
        if len(checked) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        key = (self._scope_key(p), self._language_code(p))
        if checked:
            self.commands[key] = checked
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, p: Params, request: web.Request) -> list[dict[str, str]]:
        return self.commands.get((self._scope_key(p), self._language_code(p)), [])

    async def _delete_my_commands(self, p: Params, request: web.Request) -> bool:
        self.commands.pop((self._scope_key(p), self._language_code(p)), None)
        return True

    def _profile_setter(self, kind: str, limit: int) -> Handler:
        async def setter(p: Params, request: web.Request) -> bool:
            value = p.text(kind) or ""
            if len(value) > limit:
                raise bad_request(f"{kind.replace('_', ' ')} is too long")
            self.profile[(kind, self._language_code(p))] = value
            return True

        return setter

    def _profile_getter(self, kind: str) -> Handler:
        async def getter(p: Params, request: web.Request) -> dict[str, str]:
            language = self._language_code(p)
            value = self.profile.get((kind, language)) or self.profile.get((kind, ""), "")
            if kind == "name" and not value:
                value = self.bot_name
            return {kind: value}

        return getter

    async def _set_chat_menu_button(self, p: Params, request: web.Request) -> bool:
        button = p.json("menu_button", "can't parse menu button JSON object") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "default",
            "commands",
            "web_app",
        ):
            raise bad_request("can't parse menu button: MenuButton must be an Object")
        chat_id = p.integer("chat_id") if p.raw("chat_id") not in (None, "") else None
        self.menu_buttons[chat_id] = button
        return True

    async def _get_chat_menu_button(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat_id = p.integer("chat_id") if p.raw("chat_id") not in (None, "") else None
        return self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "default"}

    async def _get_chat(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat = self._target_chat(p, sending=False)
        return {
            **chat.json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
            },
        }

    # ------------------------------------------------------------------ sending

    def _target_chat(self, p: Params, *, sending: bool = True) -> _Chat:
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

    def _formatted(self, p: Params, name: str, *, caption: bool) -> _Formatted:
        raw = p.text(name)
        if not raw:
            if caption:
                return _Formatted("", [], None, None)
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
        return _Formatted(text, entities, html, parse_mode)

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

    def _markup(self, p: Params, chat: _Chat) -> dict[str, Any] | None:
        return parse_reply_markup(p.raw("reply_markup"), private_chat=chat.type == "private")

    def _reply_to(self, p: Params, chat: _Chat) -> dict[str, Any] | None:
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

    def _spend_rate(self, chat: _Chat) -> None:
        """Telegram's flood control: about 1 message/s per chat (bursts of 3), 20/min per group,
        30/s in all."""
        if not self.enforce_rate_limits:
            return
        now = time.monotonic()
        bucket = self._chat_buckets.get(chat.id)
        if bucket is None:
            bucket = (
                _Bucket(3, 1.0, 3, now) if chat.type == "private" else _Bucket(20, 20 / 60, 20, now)
            )
            self._chat_buckets[chat.id] = bucket
        wait = max(bucket.wait_time(now), self._global_bucket.wait_time(now))
        if wait > 0:
            raise too_many_requests(max(1, math.ceil(wait)))
        bucket.take()
        self._global_bucket.take()

    def _store_bot_message(
        self, chat: _Chat, content: dict[str, Any], reply: dict[str, Any] | None
    ) -> dict[str, Any]:
        data = self._message_frame(chat, self._bot_user())
        message_id = data["message_id"]
        if reply is not None:
            data["reply_to_message"] = reply
        data.update(content)
        chat.messages[message_id] = _Message(data, from_bot=True)
        return data

    def _message_frame(self, chat: _Chat, sender: dict[str, Any]) -> dict[str, Any]:
        """A new message's frame in the chat: its id, sender, chat and date."""
        return {
            "message_id": chat.new_message_id(),
            "from": sender,
            "chat": chat.json(),
            "date": int(self._clock()),
        }

    def _record(self, sent: SentMessage) -> None:
        self.sent.append(sent)
        self._by_chat.setdefault(sent.chat_id, []).append(sent)
        self._note(sent.chat_id, "🤖 " + _describe(sent))
        self._new_message.wake()
        if self.on_sent is not None:
            try:
                self.on_sent(sent)
            except Exception:
                log.exception("on_sent callback failed")

    @staticmethod
    def _with_text(content: dict[str, Any], fmt: _Formatted, *, caption: bool) -> dict[str, Any]:
        if fmt.text:
            content["caption" if caption else "text"] = fmt.text
        if fmt.entities:
            content["caption_entities" if caption else "entities"] = fmt.entities
        return content

    def _markup_and_reply(
        self, p: Params, chat: _Chat
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """The checks every send makes last: the markup, the message replied to, flood control."""
        markup = self._markup(p, chat)
        reply = self._reply_to(p, chat)
        self._spend_rate(chat)
        return markup, reply

    def _deliver(
        self,
        chat: _Chat,
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
        chat: _Chat,
        data: dict[str, Any],
        markup: dict[str, Any] | None,
        *,
        kind: str,
        method: str,
        date: int,
        fmt: _Formatted | None = None,
        **recorded: Any,
    ) -> None:
        """Record a message the bot sent or edited, as the user sees it, for the test."""
        self._record(
            SentMessage(
                chat_id=chat.id, message_id=data["message_id"], kind=kind, reply_markup=markup,
                method=method, date=date, **_shown(fmt), **recorded,
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

    def _input_file(self, p: Params, name: str) -> tuple[Upload | None, StoredFile | None]:
        """What the bot sent as `name`: a fresh upload, or a file Telegram already has."""
        value = p.raw(name)
        upload = p.uploads.get(name)
        if upload is None and isinstance(value, str) and value.startswith("attach://"):
            upload = p.uploads.get(value[len("attach://") :])
        if upload is not None:
            if not upload.data:
                raise bad_request("file must be non-empty")
            if len(upload.data) > MAX_UPLOAD_BYTES:
                raise BotApiError(413, "Request Entity Too Large")
            return upload, None
        if isinstance(value, str) and value:
            if value in self._files:
                return None, self._files[value]
            if value.startswith(("http://", "https://")):
                raise bad_request("failed to get HTTP URL content")
            raise bad_request("wrong file identifier/HTTP URL specified")
        raise bad_request(f"there is no {name} in the request")

    async def _send_document(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat = self._target_chat(p)
        upload, stored = self._input_file(p, "document")
        fmt = self._formatted(p, "caption", caption=True)
        markup, reply = self._markup_and_reply(p, chat)
        if upload is not None:
            filename = upload.filename or "document"
            mime = upload.content_type
            if not mime or mime == "application/octet-stream":
                mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            stored = self._store_file(upload.data, "document", filename, mime)
        assert stored is not None
        content = self._with_text({"document": self._document_json(stored)}, fmt, caption=True)
        return self._deliver(
            chat, content, markup, reply, kind="document", method="sendDocument", fmt=fmt,
            document=stored.data, filename=stored.file_name, mime_type=stored.mime_type,
        )  # fmt: skip

    async def _send_photo(self, p: Params, request: web.Request) -> dict[str, Any]:
        chat = self._target_chat(p)
        upload, stored = self._input_file(p, "photo")
        photo_bytes = upload.data if upload is not None else stored.data if stored else b""
        size = image_size(photo_bytes)
        if size is None or 0 in size:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        if width + height > 10_000 or max(size) > 20 * min(size):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        if len(photo_bytes) > MAX_PHOTO_BYTES:
            raise bad_request("PHOTO_SAVE_FILE_INVALID")
        fmt = self._formatted(p, "caption", caption=True)
        markup, reply = self._markup_and_reply(p, chat)
        if upload is not None:
            stored = self._store_file(upload.data, "photo", None, "image/jpeg")
        assert stored is not None
        scale = min(1.0, 2560 / max(size))
        photo = _file_json(stored, width=round(width * scale), height=round(height * scale))
        content = self._with_text({"photo": [photo]}, fmt, caption=True)
        return self._deliver(
            chat, content, markup, reply, kind="photo", method="sendPhoto", fmt=fmt,
            photo=stored.data,
        )  # fmt: skip

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

    # ------------------------------------------------------------------ editing and deleting

    def _message_to_edit(self, p: Params) -> tuple[_Chat, _Message]:
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

    def _edited_markup(self, p: Params, chat: _Chat) -> dict[str, Any] | None:
        markup = self._markup(p, chat)
        if markup is not None and inline_keyboard(markup) is None:
            raise bad_request("inline keyboard expected")
        return markup

    def _apply_edit(
        self, stored: _Message, changes: dict[str, Any], markup: dict[str, Any] | None
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
        self, chat: _Chat, data: dict[str, Any], markup: dict[str, Any] | None, **recorded: Any
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

    # ------------------------------------------------------------------ buttons and files

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

    async def _get_file(self, p: Params, request: web.Request) -> dict[str, Any]:
        file_id = p.text("file_id") or ""
        if not file_id:
            raise bad_request("file_id not specified")
        stored = self._files.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.file_size > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return _file_json(stored, file_path=stored.file_path)

    def _store_file(
        self, data: bytes, kind: str, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        number = next(self._file_numbers)
        digest = hashlib.sha256(f"{self.bot_id}:{kind}:{number}".encode()).hexdigest()
        prefix, folder, default_suffix = _FILE_KINDS[kind]
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
        return {**document, **_file_json(stored)}

    # ------------------------------------------------------------------ users, chats, updates

    def _remember_user(
        self,
        user_id: int,
        first_name: str | None,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> dict[str, Any]:
        if user_id <= 0:
            raise ValueError("user ids are positive")
        user = self._users.get(user_id)
        if user is None:
            user = {
                "id": user_id,
                "is_bot": False,
                "first_name": "张三",
                "language_code": "zh-hans",
            }
            self._users[user_id] = user
        for key, value in (
            ("first_name", first_name),
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                user[key] = value
        return user

    def _private_chat(self, user: dict[str, Any]) -> _Chat:
        chat = self._chats.get(user["id"])
        if chat is None:
            chat = _Chat(user["id"], "private", user=user)
            self._chats[chat.id] = chat
        return chat

    def _user_chat(
        self, user: dict[str, Any], chat_type: str, chat_id: int | None, title: str | None
    ) -> _Chat:
        if chat_type == "private":
            if chat_id not in (None, user["id"]):
                raise ValueError("a private chat's id is the user's id")
            return self._private_chat(user)
        if chat_type not in ("group", "supergroup", "channel"):
            raise ValueError(f"unknown chat type {chat_type!r}")
        if chat_id is None:
            chat_id = (
                -1_000_000 - user["id"] if chat_type == "group" else -1_000_000_000_000 - user["id"]
            )
        if chat_id >= 0:
            raise ValueError("group and channel ids are negative")
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = _Chat(chat_id, chat_type, title=title or "测试群")
            self._chats[chat_id] = chat
        elif chat.type != chat_type:
            raise ValueError(f"chat {chat_id} is a {chat.type}, not a {chat_type}")
        if title:
            chat.title = title
        return chat

    def _user_message(
        self,
        chat: _Chat,
        user: dict[str, Any],
        content: dict[str, Any],
        shown: str,
        reply_to_message_id: int | None = None,
    ) -> int:
        if chat.blocked:
            # A client must "Restart" a blocked bot before writing to it again.
            self.unblock_user(chat.id)
        data = self._message_frame(chat, dict(user))
        message_id = data["message_id"]
        if reply_to_message_id is not None:
            replied = chat.messages.get(reply_to_message_id)
            if replied is None:
                raise ValueError(f"no message {reply_to_message_id} in chat {chat.id}")
            data["reply_to_message"] = {
                key: value for key, value in replied.data.items() if key != "reply_to_message"
            }
        data.update(content)
        chat.messages[message_id] = _Message(data, from_bot=False)
        self._note(chat.id, f"👤 {user['first_name']} #{message_id}: {shown}")
        return self._queue.put({"message": data})

    def _membership_update(self, chat: _Chat, old: str, new: str) -> dict[str, Any]:
        assert chat.user is not None

        def member(status: str) -> dict[str, Any]:
            shown: dict[str, Any] = {"user": self._bot_user(), "status": status}
            if status == "kicked":
                shown["until_date"] = 0  # banned for ever
            return shown

        return {
            "my_chat_member": {
                "chat": chat.json(),
                "from": dict(chat.user),
                "date": int(self._clock()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            }
        }

    def _chat_instance(self, chat_id: int) -> str:
        digest = hashlib.sha256(f"{self.bot_id}:{chat_id}".encode()).digest()
        return str(int.from_bytes(digest[:8], "big", signed=True))

    def _register(self, update: dict[str, Any]) -> None:
        """Learn the chats, messages and button presses a raw update mentions."""
        for key in _MESSAGE_KEYS:
            message = update.get(key)
            if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
                continue
            chat_json = message["chat"]
            chat = self._chats.get(chat_json["id"])
            sender = message.get("from")
            if isinstance(sender, dict) and not sender.get("is_bot") and sender.get("id", 0) > 0:
                self._users.setdefault(sender["id"], dict(sender))
            if chat is None:
                user = (
                    self._users.get(chat_json["id"]) if chat_json.get("type") == "private" else None
                )
                chat = _Chat(chat_json["id"], chat_json.get("type", "private"),
                             title=chat_json.get("title"), user=user)  # fmt: skip
                self._chats[chat.id] = chat
            message_id = message.get("message_id")
            if isinstance(message_id, int) and message_id not in chat.messages:
                chat.messages[message_id] = _Message(message, from_bot=False)
                chat.next_message_id = max(chat.next_message_id, message_id + 1)
        query = update.get("callback_query")
        if isinstance(query, dict) and str(query.get("id")) not in self._queries:
            message = query.get("message") or {}
            self._queries[str(query.get("id"))] = _Query(
                int((query.get("from") or {}).get("id", 0)),
                (message.get("chat") or {}).get("id"),
                message.get("message_id"),
            )

    def _note(self, chat_id: int, line: str) -> None:
        self._transcripts.setdefault(chat_id, []).append(line)


def _describe(sent: SentMessage) -> str:
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


def _update_chat(update: dict[str, Any]) -> int:
    """The chat an update belongs to (Telegram delivers one chat's updates in order)."""
    for key in ("message", "edited_message", "channel_post", "my_chat_member", "chat_member"):
        part = update.get(key)
        if isinstance(part, dict) and isinstance(part.get("chat"), dict):
            return int(part["chat"].get("id", 0))
    query = update.get("callback_query")
    if isinstance(query, dict):
        message = query.get("message") or {}
        if isinstance(message.get("chat"), dict):
            return int(message["chat"].get("id", 0))
        return int((query.get("from") or {}).get("id", 0))
    return 0


def _shown(fmt: _Formatted | None) -> dict[str, Any]:
    """What a sent or edited message records of its formatted text (nothing without text)."""
    if fmt is None:
        return {}
    return {"text": fmt.text, "parse_mode": fmt.parse_mode, "html": fmt.html,
            "entities": fmt.entities}  # fmt: skip


def _file_json(stored: StoredFile, **more: Any) -> dict[str, Any]:
    """A file as the Bot API shows it: its ids and size, then what its kind adds."""
    return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size, **more}  # fmt: skip
