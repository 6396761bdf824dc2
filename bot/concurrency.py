"""How many updates run at once: quick replies never wait behind slow work or one busy user.

The rule, in one place: an update is quick unless it is slow work. Slow work is what waits on a
model, builds a chart or a spreadsheet, or reads a file. Commands, buttons and files say so by
themselves (`is_slow`). Plain text cannot: a greeting, a bare client name or a reply in a visit
flow is answered at once, while a question goes to the model. So plain text starts in a quick
slot and moves to a slow one at the moment it reaches slow work (`slow_work()`), called where the
text is handed to the model or to the charts.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from contextlib import AsyncExitStack, asynccontextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.reply_delivery import REPLY, Reply
from services.update_ledger import HANDLING, Handling

if TYPE_CHECKING:
    from bot.inbox import Inbox

# Commands whose work takes seconds: a model call, charts, a spreadsheet, the document list.
SLOW_COMMANDS = frozenset({"/ask", "/summary", "/export", "/kb"})
SLOW_BUTTONS = ("sm:", "ex:")  # summary pages, charts and exports


def is_slow(update: object) -> bool:
    """Slow from the start, judged from the update alone: files, slow commands and buttons.

    Plain text starts quick; the handler calls `slow_work()` if it turns out to be a question
    for the model or a chart.
    """
    if not isinstance(update, Update):
        return False
    if update.callback_query is not None:
        return (update.callback_query.data or "").startswith(SLOW_BUTTONS)
    message = update.message
    if message is None:
        return False
    if message.document is not None or message.voice is not None or message.audio is not None:
        return True  # a file to read, a voice note to transcribe
    if message.photo:
        return True  # a business card to read
    text = (message.text or "").strip()
    if text.startswith("/"):
        return text.split(maxsplit=1)[0].split("@", 1)[0].lower() in SLOW_COMMANDS
    return False


async def slow_work() -> None:
    """The update being handled starts slow work now (a model call, a chart): it gives back its
    quick slot and waits for a slow one. Nothing happens outside the update processor."""
    held = _HELD.get()
    if held is not None:
        await held.to_slow()


class _Held:
    """The slots one update holds; released together when it ends."""

    def __init__(self, processor: FairUpdateProcessor, user_slow: asyncio.Semaphore | None) -> None:
        self._processor = processor
        self._user_slow = user_slow
        self.quick = self.slow = self.user = False

    async def take_quick(self) -> None:
        await self._processor._quick.acquire()
        self.quick = True

    async def to_slow(self) -> None:
        if self.slow:
            return
        if self.quick:
            self._processor._quick.release()
            self.quick = False
        if self._user_slow is not None and not self.user:
            await self._user_slow.acquire()
            self.user = True
        await self._processor._slow.acquire()
        self.slow = True

    def release(self) -> None:
        if self.quick:
            self._processor._quick.release()
        if self.slow:
            self._processor._slow.release()
        if self.user and self._user_slow is not None:
            self._user_slow.release()
        self.quick = self.slow = self.user = False


_HELD: ContextVar[_Held | None] = ContextVar("kam_update_slots", default=None)


class FairUpdateProcessor(BaseUpdateProcessor):
    """Separate limits for quick and slow updates, and per user.

    PTB's default runs at most N updates and one slow model call per slot: eight slow questions
    left nothing for /help. Here quick updates have their own slots, slow work has a few of its
    own, and one user has at most `per_user` updates running (one of them slow), so a user who
    floods the bot or sends a big file waits for themselves, not everyone else.
    """

    def __init__(self, quick: int = 32, slow: int = 4, per_user: int = 2) -> None:
        # The base semaphore only bounds memory; the real limits are below.
        super().__init__(max_concurrent_updates=quick + slow + 64)
        self._quick = asyncio.Semaphore(quick)
        self._slow = asyncio.Semaphore(slow)
        self._per_user = per_user
        self._users: dict[int, tuple[asyncio.Semaphore, asyncio.Semaphore, list[int]]] = {}
        # The durable inbox (bot.inbox): each update is marked done there once handled.
        self.inbox: Inbox | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        handling = self.inbox.handling(update) if self.inbox is not None else None
        reset = HANDLING.set(handling)
        replying = REPLY.set(Reply())  # what of its reply went out (bot.reply_delivery)
        try:
            async with self._slots(update):
                await coroutine
        except Exception:
            self._finished(handling)  # its error was handled (logged, the user told): done
            raise
        else:
            self._finished(handling)
        finally:
            REPLY.reset(replying)
            HANDLING.reset(reset)

    def _finished(self, handling: Handling | None) -> None:
        # Not when cancelled (the bot stopping): it stays unfinished, for the next to handle.
        if self.inbox is not None:
            self.inbox.finished(handling)

    @asynccontextmanager
    async def _slots(self, update: object) -> AsyncIterator[None]:
        user = update.effective_user if isinstance(update, Update) else None
        async with AsyncExitStack() as stack:
            user_slow: asyncio.Semaphore | None = None
            if user is not None:
                any_slot, user_slow, in_flight = self._user(user.id)
                in_flight[0] += 1
                stack.callback(self._release_user, user.id)
                await stack.enter_async_context(any_slot)
            held = _Held(self, user_slow)
            stack.callback(held.release)
            if is_slow(update):
                await held.to_slow()
            else:
                await held.take_quick()
            stack.callback(_HELD.reset, _HELD.set(held))
            yield

    def _user(self, user_id: int) -> tuple[asyncio.Semaphore, asyncio.Semaphore, list[int]]:
        if user_id not in self._users:
            self._users[user_id] = (asyncio.Semaphore(self._per_user), asyncio.Semaphore(1), [0])
        return self._users[user_id]

    def _release_user(self, user_id: int) -> None:
        entry = self._users.get(user_id)
        if entry is not None:
            entry[2][0] -= 1
            if entry[2][0] <= 0:
                del self._users[user_id]  # nothing of theirs in flight: forget them

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
