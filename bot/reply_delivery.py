"""An update's reply reaches its user whole and once, when Telegram cannot be reached for a moment.

A reply is often several messages: a long card in pieces, a notice and then the card, a progress
message and then its result. When Telegram cannot be reached (a network error, a 5xx) before
anything of the reply went out, the error funnel hands the update back to the inbox and it is
handled again a moment later (bot.inbox): nothing is repeated. Once a message of it went out,
that would repeat it (the user read the card's first piece twice), so the message that failed is
sent again in place, a few times, a little longer apart each time. Only if Telegram stays away
longer is the update handed back after all: a piece repeated is better than a reply cut short
(the card's buttons are on its last piece).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from telegram.error import BadRequest, NetworkError

log = logging.getLogger("kam.replies")

T = TypeVar("T")

# Seconds between the tries of a message after the first went out: 7.5 s in all, well inside
# the inbox's lease, before the update is handed back.
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)
# Bot API methods whose success the user sees (a chat action or a button's answer is not).
SHOWN = ("send", "edit", "copy", "forward")


@dataclass
class Reply:
    """The messages of the current update's reply that reached the user so far."""

    shown: int = 0


REPLY: ContextVar[Reply | None] = ContextVar("kam_reply", default=None)


def shows(endpoint: str) -> bool:
    return endpoint.startswith(SHOWN) and endpoint != "sendChatAction"


async def post(endpoint: str, send: Callable[[], Awaitable[T]]) -> T:
    """Call the Bot API through `send`; inside an update whose reply has started, a message
    Telegram could not take is sent again in place (see the module's docstring)."""
    reply = REPLY.get()
    if reply is None or not shows(endpoint):
        return await send()
    for delay in (*RETRY_DELAYS, None):
        try:
            result = await send()
        except NetworkError as exc:
            if isinstance(exc, BadRequest) or not reply.shown or delay is None:
                raise  # rejected; or nothing went out yet, or for too long: handed back
            log.warning("%s failed after %d message(s) of the reply went out (%s): sent again "
                        "in %.1f s", endpoint, reply.shown, exc.message, delay)  # fmt: skip
            await asyncio.sleep(delay)
            continue
        reply.shown += 1
        return result
    raise AssertionError("unreachable")  # the last try returns or raises
