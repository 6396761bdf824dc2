"""The durable inbox on the bot's side: an update is committed to the database before Telegram
is answered (the webhook's 200, or the next poll that confirms it), marked done once its handlers
ran, and one a killed process left unfinished is handled again (services.update_ledger)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from telegram import Bot, Update
from telegram.error import TimedOut

from services.update_ledger import Handling, InboxBusy, Unfinished, UpdateLedger

log = logging.getLogger("kam.inbox")


class Inbox:
    """The ledger as the bot uses it: by Telegram update."""

    def __init__(self, ledger: UpdateLedger, bot: Bot, queue: InboxQueue) -> None:
        self.ledger = ledger
        self._bot = bot
        self._queue = queue
        queue.inbox = self
        ledger.late = self._recorded_late

    async def receive(self, update: Update) -> bool:
        """Commit the update before it is acknowledged; False when it came before (handled once).
        With the database away it is handled as before, from memory (the gate then apologises);
        with the database holding the record up, InboxBusy: not acknowledged, sent again later."""
        try:
            return await self.ledger.receive(self._bot.id, update.update_id, update.to_json())
        except InboxBusy:
            raise
        except Exception as exc:
            log.warning("update %s not kept in the inbox (the database: %s)", update.update_id,
                        str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__)  # fmt: skip
            return True

    def _recorded_late(self, key: str, body: str) -> None:
        """An update whose webhook request was answered 503 was recorded after all: handled now
        (Telegram's next delivery of it is a repeat, dropped)."""
        update = self._parsed(Unfinished(key, body, 1))
        if update is not None:
            self._queue.again_now(update)

    def handling(self, update: object) -> Handling | None:
        if not isinstance(update, Update):
            return None
        return self.ledger.handling(self._bot.id, update.update_id)

    async def hand_back(self, handling: Handling | None) -> None:
        """Telegram could not be reached while it was handled (no reply got through): it is
        handled again shortly, here or by another process (bot.handlers.errors)."""
        if handling is not None:
            log.warning("update %s handled again shortly: Telegram could not be reached",
                        handling.key)  # fmt: skip
            await self.ledger.hand_back(handling.key)

    def finished(self, handling: Handling | None) -> None:
        if handling is not None:
            self.ledger.finished(handling.key)

    async def take_over(self, *, alone: bool = False) -> tuple[int, int]:
        """Handle again what dead processes left unfinished (every unfinished update when no
        other process serves); one taken too often is given up and its sender told (a notice
        queued in the outbox). Returns how many were queued again, and how many given up."""
        queued = given_up = 0
        for item in await self.ledger.tend(alone=alone):
            update = self._parsed(item)
            if update is None or self.ledger.given_up(item):
                user = update.effective_user if update is not None else None
                await self.ledger.give_up(item, user.id if user else None, _excerpt(update))
                given_up += 1
                continue
            log.warning("handling update %s again (attempt %d): the process handling it stopped",
                        update.update_id, item.attempts)  # fmt: skip
            await self._queue.again(update)
            queued += 1
        return queued, given_up

    def _parsed(self, item: Unfinished) -> Update | None:
        try:
            return Update.de_json(json.loads(item.body), self._bot)
        except (ValueError, TypeError, KeyError):
            log.error("update %s in the inbox is unreadable", item.key)
            return None


def _excerpt(update: Update | None) -> str:
    """What the user sent, as they would recognise it (the text or caption), or nothing."""
    message = update.effective_message if update is not None else None
    if update is None or update.callback_query is not None or message is None:
        return ""
    text = message.text or message.caption or ""
    return text if len(text) <= 60 else text[:59] + "…"


class NotRecorded(TimedOut):
    """The database did not record an update in time (services.update_ledger.InboxBusy): the
    webhook answers 503, and polling fetches the batch again (without confirming it): either way
    Telegram delivers it again. A timeout, not any network error: the polling loop tries again
    at once (each try waits KAM_INBOX_WAIT_SECONDS on the database), where after a network
    error it sleeps longer each time, up to 30 s, and everyone's messages waited that long
    after the database was back."""


class InboxQueue(asyncio.Queue[Any]):
    """The Application's update queue: an update put here (by the webhook, or by polling before
    it confirms the batch to Telegram) is committed to the inbox first; one already there
    (delivered again) is dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.inbox: Inbox | None = None

    async def put(self, item: Any) -> None:
        if isinstance(item, Update) and self.inbox is not None:
            try:
                first = await self.inbox.receive(item)
            except InboxBusy as exc:
                log.warning("update %s not acknowledged: %s", item.update_id, exc)
                raise NotRecorded(str(exc)) from exc
            if not first:
                log.info("update %s delivered again: handled once already", item.update_id)
                return
        await super().put(item)

    async def again(self, update: Update) -> None:
        """An update from the inbox itself, taken over: queued without recording it again."""
        await super().put(update)

    def again_now(self, update: Update) -> None:
        super().put_nowait(update)
