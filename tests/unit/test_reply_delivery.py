"""When a reply's message is sent again in place, and when the error goes on to the funnel."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest, NetworkError

from bot.reply_delivery import REPLY, Reply, post


class Telegram:
    """Answers each call with the next of `answers`: an error to raise, or a result."""

    def __init__(self, *answers: object) -> None:
        self.answers = list(answers)
        self.calls = 0

    async def __call__(self) -> object:
        self.calls += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


async def test_a_message_after_the_first_is_sent_again_once_telegram_answers() -> None:
    telegram = Telegram("first", NetworkError("Bad Gateway"), "second")
    token = REPLY.set(Reply())
    try:
        assert await post("sendMessage", telegram) == "first"
        assert await post("sendMessage", telegram) == "second"
        assert telegram.calls == 3 and REPLY.get() == Reply(shown=2)
    finally:
        REPLY.reset(token)


async def test_the_first_message_a_rejected_one_or_a_chat_action_are_not_sent_again() -> None:
    token = REPLY.set(Reply())
    try:
        # Nothing went out yet: the funnel hands the update back (handled again, nothing repeated).
        first = Telegram(NetworkError("Bad Gateway"))
        with pytest.raises(NetworkError):
            await post("sendMessage", first)
        REPLY.set(Reply(shown=1))
        rejected = Telegram(BadRequest("can't parse entities"))
        with pytest.raises(BadRequest):
            await post("sendMessage", rejected)
        typing = Telegram(NetworkError("Bad Gateway"))
        with pytest.raises(NetworkError):
            await post("sendChatAction", typing)
        assert first.calls == rejected.calls == typing.calls == 1
    finally:
        REPLY.reset(token)


async def test_outside_an_update_nothing_is_sent_again() -> None:
    """The outbox's sends (a sweep, not an update's reply) keep the outbox's own rule."""
    telegram = Telegram(NetworkError("Bad Gateway"))
    with pytest.raises(NetworkError):
        await post("sendMessage", telegram)
    assert telegram.calls == 1
