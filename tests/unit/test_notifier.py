"""The Telegram adapter of the outbox only translates: each answer of Telegram becomes a result."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.notifier import translate
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
