"""How queued updates reach the bot: getUpdates long polling, or POSTs to a registered webhook."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp
from aiohttp import web

from emulator.errors import POLL_CONFLICT, BotApiError, bad_request
from emulator.requests import Params, client_gone
from emulator.state import State

LONG_POLL_MAX_SECONDS = 50

WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)


class Delivery(State):
    """getUpdates, setWebhook, deleteWebhook, getWebhookInfo, and the webhook poster."""

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
                    chat = update_chat(entry.data)
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


def update_chat(update: dict[str, Any]) -> int:
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
