"""Playing the users: their messages, files, button presses and blocks, queued as updates for the bot."""

from __future__ import annotations

import copy
import hashlib
import mimetypes
from typing import Any

from emulator.formatting import EmptyTextError, find_bot_commands, fix_text
from emulator.markup import has_callback_button
from emulator.media import photo_sizes
from emulator.state import CallbackQuery, Chat, ChatMessage, State, file_json

_MESSAGE_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post")


class NoSuchButton(LookupError):
    """The user tried to press a button that the bot's message does not have."""


class Users(State):
    """The user-side API a test (or `kam chat`) drives."""

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
        media_group_id: str | None = None,
    ) -> int:
        """The user sends a photo: Telegram re-encodes it as JPEG and offers it in several sizes
        (thumbnails first, the largest last, at most 2560 pixels on its long side). Photos sent
        together as an album come one message each, sharing a `media_group_id`."""
        user, chat = self._sender(user_id, chat_type, chat_id)
        sizes = []
        for width, height, jpeg in photo_sizes(data):
            stored = self._store_file(jpeg, "photo", None, None)
            sizes.append(file_json(stored, width=width, height=height))
        content: dict[str, Any] = {"photo": sizes}
        if media_group_id is not None:
            content["media_group_id"] = media_group_id
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
        voice = file_json(stored, duration=int(duration), mime_type=mime_type)
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
        audio = file_json(stored, duration=int(duration), file_name=filename, mime_type=mime)
        return self._user_message(
            chat, user, {"audio": audio}, f"🎵 {filename} ({len(data)} bytes)"
        )

    def send_video_note(
        self,
        user_id: int,
        data: bytes,
        *,
        duration: int,
        length: int = 240,
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> int:
        """The user records a round video note (MP4); `length` is its side in pixels."""
        user, chat = self._sender(user_id, chat_type, chat_id)
        stored = self._store_file(data, "video_note", None, "video/mp4")
        note = file_json(stored, duration=int(duration), length=length)
        return self._user_message(
            chat, user, {"video_note": note}, f"📹 ({duration} s, {len(data)} bytes)"
        )

    def send_sticker(
        self, user_id: int, emoji: str = "👍", *, chat_type: str = "private",
        chat_id: int | None = None,
    ) -> int:  # fmt: skip
        """The user sends a sticker (a small WebP picture with its emoji)."""
        user, chat = self._sender(user_id, chat_type, chat_id)
        stored = self._store_file(b"RIFF\0\0\0\0WEBPVP8 ", "sticker", None, "image/webp")
        sticker = file_json(stored, width=512, height=512, type="regular", is_animated=False,
                            is_video=False, emoji=emoji)  # fmt: skip
        return self._user_message(chat, user, {"sticker": sticker}, f"[sticker {emoji}]")

    def _sender(
        self, user_id: int, chat_type: str, chat_id: int | None
    ) -> tuple[dict[str, Any], Chat]:
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
        self._queries[query_id] = CallbackQuery(user_id, chat.id, message_id)
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

    def _private_chat(self, user: dict[str, Any]) -> Chat:
        chat = self._chats.get(user["id"])
        if chat is None:
            chat = Chat(user["id"], "private", user=user)
            self._chats[chat.id] = chat
        return chat

    def _user_chat(
        self, user: dict[str, Any], chat_type: str, chat_id: int | None, title: str | None
    ) -> Chat:
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
            chat = Chat(chat_id, chat_type, title=title or "测试群")
            self._chats[chat_id] = chat
        elif chat.type != chat_type:
            raise ValueError(f"chat {chat_id} is a {chat.type}, not a {chat_type}")
        if title:
            chat.title = title
        return chat

    def _user_message(
        self,
        chat: Chat,
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
        chat.messages[message_id] = ChatMessage(data, from_bot=False)
        self._note(chat.id, f"👤 {user['first_name']} #{message_id}: {shown}")
        return self._queue.put({"message": data})

    def _membership_update(self, chat: Chat, old: str, new: str) -> dict[str, Any]:
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
                chat = Chat(chat_json["id"], chat_json.get("type", "private"),
                             title=chat_json.get("title"), user=user)  # fmt: skip
                self._chats[chat.id] = chat
            message_id = message.get("message_id")
            if isinstance(message_id, int) and message_id not in chat.messages:
                chat.messages[message_id] = ChatMessage(message, from_bot=False)
                chat.next_message_id = max(chat.next_message_id, message_id + 1)
        query = update.get("callback_query")
        if isinstance(query, dict) and str(query.get("id")) not in self._queries:
            message = query.get("message") or {}
            self._queries[str(query.get("id"))] = CallbackQuery(
                int((query.get("from") or {}).get("id", 0)),
                (message.get("chat") or {}).get("id"),
                message.get("message_id"),
            )
