"""The Telegram adapter of the outbox: each answer of Telegram becomes a result, and one person's
chat is paced as Telegram paces it."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.notifier import STARTING, ChatRateLimiter, NotStarted, translate
from services.outbox import Result


def test_flood_control_says_when_to_retry() -> None:
    result = translate(RetryAfter(timedelta(seconds=7)))
    assert result.result is Result.RETRY_AFTER and result.retry_after == timedelta(seconds=7)


@pytest.mark.parametrize(
    "error",
    [
        Forbidden("Forbidden: bot was blocked by the user"),
        BadRequest("Bad Request: chat not found"),
    ],
)
def test_a_user_who_blocked_or_never_opened_the_bot_is_unreachable(error: Exception) -> None:
    assert translate(error).result is Result.UNREACHABLE  # type: ignore[arg-type]


def test_any_other_bad_request_is_rejected_for_good() -> None:
    result = translate(BadRequest("Bad Request: can't parse entities"))
    assert result.result is Result.REJECTED and "parse entities" in result.detail


@pytest.mark.parametrize("error", [NetworkError("connection reset"), TimedOut()])
def test_a_network_problem_is_retried_after_the_outboxs_own_delay(error: Exception) -> None:
    result = translate(error)  # type: ignore[arg-type]
    assert result.result is Result.RETRY_AFTER and result.retry_after is None


# ------------------------------------------------------------------ pacing one person's chat


async def _paced(limiter: ChatRateLimiter, chat_id: int, count: int, log: list[int]) -> None:
    """Send `count` messages to one chat through the limiter, logging the chat at each send."""

    async def send() -> bool:
        log.append(chat_id)
        return True

    await asyncio.gather(
        *(limiter.process_request(send, (), {}, "sendMessage", {"chat_id": chat_id}, None)
          for _ in range(count))
    )  # fmt: skip


async def test_one_persons_chat_gets_a_burst_then_one_message_an_interval() -> None:
    # Telegram's limit for a private chat, scaled down: a burst of 3, then one every 0.1 s.
    limiter = ChatRateLimiter(private_burst=3, private_interval=0.1)
    loop = asyncio.get_running_loop()
    times: list[float] = []

    async def send() -> bool:
        times.append(loop.time())
        return True

    start = loop.time()
    await asyncio.gather(
        *(limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 42}, None)
          for _ in range(7))
    )  # fmt: skip
    assert len(times) == 7
    # The burst goes out at once; the other four wait one interval (plus 10% slack) each.
    assert times[2] - start < 0.2  # paced, the third would leave at 0.2 s at the earliest
    # Over any stretch, no more than the burst plus one a interval: a send woken late by a busy
    # machine may be followed closely by the next (a leaky bucket), never by more than that.
    for i, j in itertools.combinations(range(len(times)), 2):
        assert times[j] - times[i] >= (j - i - 2) * 0.1 * 0.95, (i, j, times)
    assert times[-1] - start >= 4 * 0.1


async def test_another_person_and_a_group_are_not_held_behind_a_busy_chat() -> None:
    limiter = ChatRateLimiter(private_burst=3, private_interval=0.2)
    order: list[int] = []
    busy = asyncio.create_task(_paced(limiter, 42, 8, order))
    await asyncio.sleep(0.01)  # the busy chat's burst is out, its queue waiting
    await _paced(limiter, 43, 1, order)
    await _paced(limiter, -100123, 2, order)  # a group: Telegram's per-group limit, not this one
    assert order[:3] == [42, 42, 42]
    assert order[3:6] == [43, -100123, -100123], order  # before the busy chat's fourth message
    await busy
    assert order.count(42) == 8


# ------------------------------------------------------------------ when a delivery counts as started


async def test_a_deliverys_rows_are_marked_started_when_its_turn_under_the_limits_has_come() -> (
    None
):
    """Not before its wait: a process killed while the message waited had not sent it, and the
    next sender must send it (marked earlier, it was taken for maybe delivered, and dropped)."""
    limiter = ChatRateLimiter(private_burst=1, private_interval=0.2)
    loop = asyncio.get_running_loop()
    events: list[tuple[str, float]] = []

    async def send() -> bool:
        events.append(("sent", loop.time()))
        return True

    async def start() -> bool:
        events.append(("started", loop.time()))
        return True

    await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 42}, None)  # burst
    waited_from = loop.time()
    STARTING.set(start)
    await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 42}, None)
    assert STARTING.get() is None  # the delivery's first request only
    assert [what for what, _ in events] == ["sent", "started", "sent"]
    assert events[1][1] - waited_from >= 0.15  # after the chat's interval (0.22 s), not before


async def test_a_delivery_taken_over_while_it_waited_for_its_turn_is_not_sent() -> None:
    limiter = ChatRateLimiter()
    sent: list[int] = []

    async def send() -> bool:
        sent.append(42)
        return True

    async def start() -> bool:
        return False  # another sender has its rows now

    STARTING.set(start)
    with pytest.raises(NotStarted):
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 42}, None)
    assert sent == []
