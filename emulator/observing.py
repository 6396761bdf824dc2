"""What a test reads of the bot's doings: its messages per chat, waiting for them, transcripts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from emulator.records import SentMessage, StoredFile
from emulator.state import State


class Observing(State):
    """Reading what the bot did, and waiting until it did it."""

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
        """Wait until every update was delivered and the bot made no request for `quiet` s.

        A bot told to retry after a 429 is not idle until that wait is over.
        """
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            undelivered = self._queue.undelivered
            settled = now - max(self._last_activity, self._flood.retry_until) >= quiet
            if not undelivered and self._in_flight == 0 and settled:
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
