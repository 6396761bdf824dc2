"""How many updates run at once: quick replies never wait behind slow work or one busy user."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Commands whose work takes seconds: a model call, charts, a spreadsheet, the document list.
SLOW_COMMANDS = frozenset({"/ask", "/summary", "/export", "/kb"})
SLOW_BUTTONS = ("sm:",)  # summary pages, charts and exports


def is_slow(update: object) -> bool:
    """Slow work, judged from the update alone: files, model questions, charts and exports.

    Plain text counts as slow: it may be a question for the model (a reply in a visit flow is
    quick, but waits only when every slow slot is taken).
    """
    if not isinstance(update, Update):
        return False
    if update.callback_query is not None:
        return (update.callback_query.data or "").startswith(SLOW_BUTTONS)
    message = update.message
    if message is None:
        return False
    if message.document is not None:
        return True
    text = (message.text or "").strip()
    if not text:
        return False
    if text.startswith("/"):
        return text.split(maxsplit=1)[0].split("@", 1)[0].lower() in SLOW_COMMANDS
    return True


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

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        async with self._slots(update):
            await coroutine

    @asynccontextmanager
    async def _slots(self, update: object) -> AsyncIterator[None]:
        slow = is_slow(update)
        user = update.effective_user if isinstance(update, Update) else None
        async with AsyncExitStack() as stack:
            if user is not None:
                any_slot, slow_slot, in_flight = self._user(user.id)
                in_flight[0] += 1
                stack.callback(self._release_user, user.id)
                await stack.enter_async_context(any_slot)
                if slow:
                    await stack.enter_async_context(slow_slot)
            await stack.enter_async_context(self._slow if slow else self._quick)
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
