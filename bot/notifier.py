"""The Telegram side of the outbox: render a delivery, send it, translate the answer into a result."""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.handlers.reminders import render_messages
from bot.reply_delivery import REPLY
from services.outbox import Result, SendResult, Start
from services.reminders.kinds import Delivery

log = logging.getLogger("kam.outbox")

# The outbox's `start` of the delivery whose first message is being sent: awaited by the rate
# limiter when that message's turn has come, right before the request leaves (ChatRateLimiter).
STARTING: ContextVar[Start | None] = ContextVar("kam_outbox_start", default=None)


class NotStarted(Exception):
    """The outbox's `start` said no: the message was taken over by another sender."""


# Telegram's answers that mean "this person cannot be written to until they open the bot".
UNREACHABLE_REQUESTS = ("chat not found", "user not found", "peer_id_invalid")


def translate(error: TelegramError) -> SendResult:
    """What a failed send means for the outbox; the outbox decides what to do about it."""
    if isinstance(error, RetryAfter):
        return SendResult(Result.RETRY_AFTER, retry_after=retry_after(error), detail="429")
    if isinstance(error, Forbidden):
        return SendResult(Result.UNREACHABLE, detail=error.message)
    if isinstance(error, BadRequest):
        unreachable = any(s in error.message.lower() for s in UNREACHABLE_REQUESTS)
        return SendResult(Result.UNREACHABLE if unreachable else Result.REJECTED,
                          detail=error.message)  # fmt: skip
    # NetworkError, TimedOut, a 5xx: try again later.
    return SendResult(Result.RETRY_AFTER, detail=f"network: {error.message}")


def retry_after(error: RetryAfter) -> timedelta:
    """How long Telegram asked to wait: PTB 22 gives seconds (warning that a timedelta is coming,
    or giving one when PTB_TIMEDELTA is set); PTB 23 gives a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = error.retry_after
    return wait if isinstance(wait, timedelta) else timedelta(seconds=float(wait))


class TelegramNotifier:
    """The outbox's `Notifier` on a python-telegram-bot `Bot`."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send(self, delivery: Delivery, start: Start) -> SendResult:
        """Sends the delivery's messages in order. The first decides the result; once it went
        out, a later one that fails is logged, not retried (a retry would repeat the first).
        `start` is awaited when the first message's turn under the rate limits has come."""
        # Not an update's reply, though a handler may have started the sweep: the outbox
        # retries on its own terms (bot.reply_delivery retries only a reply's messages).
        token = REPLY.set(None)
        try:
            return await self._send(delivery, start)
        except NotStarted:
            return SendResult(Result.NOT_STARTED)
        finally:
            REPLY.reset(token)

    async def _send(self, delivery: Delivery, start: Start) -> SendResult:
        first: int | None = None
        # Without our limiter (a plain Bot), nothing would await `start`: it is awaited here.
        limited = isinstance(getattr(self._bot, "rate_limiter", None), ChatRateLimiter)
        if not limited and not await start():
            return SendResult(Result.NOT_STARTED)
        for text, buttons in render_messages(delivery):
            starting = STARTING.set(start if limited and first is None else None)
            try:
                message = await self._bot.send_message(
                    delivery.telegram_id, text, parse_mode=ParseMode.HTML,
                    reply_markup=InlineKeyboardMarkup(buttons) if buttons else None,
                    disable_web_page_preview=True,
                )  # fmt: skip
            except TelegramError as error:
                if first is None:
                    return translate(error)
                log.warning("delivery %s: a follow-up message failed: %s", delivery.ids, error)
                break
            finally:
                STARTING.reset(starting)
            first = message.message_id if first is None else first
        return SendResult.delivered(first)


class ChatRateLimiter(AIORateLimiter):
    """PTB's limiter (about 30 messages a second in all, 20 a minute per group) plus Telegram's
    limit for a private chat: a burst of a few, then about one message a second."""

    def __init__(self, *, per_second: float = 30.0, private_burst: int = 3,
                 private_interval: float = 1.0) -> None:  # fmt: skip
        super().__init__(overall_max_rate=per_second, overall_time_period=1 if per_second else 0)
        self._private_burst = private_burst
        self._private_interval = private_interval
        self._private: dict[int, AsyncLimiter] = {}

    def _private_limiter(self, chat_id: int) -> AsyncLimiter:
        if len(self._private) > 10_000:
            self._private = {k: v for k, v in self._private.items()
                             if not v.has_capacity(v.max_rate)}  # fmt: skip
        limiter = self._private.get(chat_id)
        if limiter is None:
            # 10% slower than the limit: a request sent on time may still arrive a little early.
            period = self._private_burst * self._private_interval * 1.1
            limiter = self._private[chat_id] = AsyncLimiter(self._private_burst, period)
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        start = STARTING.get()
        if start is not None:
            STARTING.set(None)  # the delivery's first request only
            callback = _started_first(start, callback)
        chat_id = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)  # type: ignore[arg-type]
        private = isinstance(chat_id, int) and chat_id > 0 and self._private_interval > 0
        if not private or not endpoint.startswith(("send", "copy", "forward")):
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        async with self._private_limiter(chat_id):  # type: ignore[arg-type]
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )


def _started_first(
    start: Start, request: Callable[..., Coroutine[Any, Any, Any]]
) -> Callable[..., Coroutine[Any, Any, Any]]:
    """`request`, once the outbox's `start` has marked its rows as being sent: called by the
    limiter when the request's turn has come, so a message still waiting for it when the process
    dies was not marked, and goes out from the next sender."""
    started = False

    async def call(*args: Any, **kwargs: Any) -> Any:
        nonlocal started
        if not started:
            if not await start():
                raise NotStarted
            started = True
        return await request(*args, **kwargs)

    return call
