"""The queue behind getUpdates: ids, confirmation by offset, allowed types, re-delivery."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emulator.requests import Signal

UPDATE_TYPES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post",
        "business_connection", "business_message", "edited_business_message",
        "deleted_business_messages", "message_reaction", "message_reaction_count",
        "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
        "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member",
        "chat_member", "chat_join_request", "chat_boost", "removed_chat_boost",
    }
)  # fmt: skip
# What Telegram sends when allowed_updates was never set (or set to []).
DEFAULT_UPDATE_TYPES = UPDATE_TYPES - {"chat_member", "message_reaction", "message_reaction_count"}


@dataclass
class QueuedUpdate:
    update_id: int
    data: dict[str, Any]
    forced: bool = False  # a re-delivery of an update the bot had already seen
    delivered: bool = False

    @property
    def kind(self) -> str:
        return next((key for key in self.data if key != "update_id"), "")


class UpdateQueue:
    """Updates waiting for the bot, with Telegram's getUpdates semantics.

    An update stays until a getUpdates call with a greater offset confirms it; a negative offset
    keeps only the last updates. Types outside allowed_updates are dropped, never stored.
    """

    def __init__(self, first_id: int = 100_000_001) -> None:
        self.entries: list[QueuedUpdate] = []
        self.history: list[dict[str, Any]] = []
        self.allowed = DEFAULT_UPDATE_TYPES
        self.arrived = Signal()
        self._next_id = first_id
        self._seen: set[int] = set()

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def undelivered(self) -> bool:
        return any(not entry.delivered for entry in self.entries)

    def put(self, update: dict[str, Any], update_id: int | None = None) -> int:
        """Queue an update (without its update_id); an update_id seen before is a re-delivery,
        served even though the bot confirmed it, as Telegram does after a lost confirmation."""
        forced = update_id is not None and update_id in self._seen
        if update_id is None:
            update_id = self._next_id
        self._next_id = max(self._next_id, update_id + 1)
        data = {"update_id": update_id, **update}
        self.entries.append(QueuedUpdate(update_id, data, forced=forced))
        self._seen.add(update_id)
        self.history.append(data)
        self.arrived.wake()
        return update_id

    def allow(self, kinds: list[Any]) -> None:
        chosen = frozenset(str(kind) for kind in kinds) & UPDATE_TYPES
        self.allowed = chosen or DEFAULT_UPDATE_TYPES

    def confirm(self, offset: int) -> None:
        entries = [entry for entry in self.entries if not (entry.forced and entry.delivered)]
        if offset > 0:
            entries = [entry for entry in entries if entry.forced or entry.update_id >= offset]
        elif offset < 0:
            entries = entries[offset:]
        self.entries = entries

    def deliverable(self, limit: int) -> list[QueuedUpdate]:
        self.entries = [entry for entry in self.entries if entry.kind in self.allowed]
        if not self.entries:
            return []
        if self.entries[0].forced:
            # Alone: the bot's next offset falls back below updates it already confirmed.
            return [self.entries[0]]
        batch: list[QueuedUpdate] = []
        for entry in self.entries:
            if entry.forced or len(batch) == limit:
                break
            batch.append(entry)
        return batch

    def clear(self) -> None:
        self.entries.clear()
