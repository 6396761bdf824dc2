"""A reply of several messages that Telegram stops taking half-way still arrives whole, once.

`kam run`'s Application in this process (`ComposedBot`: the durable inbox and its sweep every
half second, as a replica runs them) against the fake Telegram server, which fails one
sendMessage after the first has gone through (`fail_next(..., after=1)`), as a Telegram or a
proxy answering 502 for a moment does. Before, the update was handed back to the inbox whole:
handled again, its reply started over and the user read the first message twice.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from emulator import FakeTelegram, SentMessage
from services.bootstrap import bootstrap
from tests.bot.conftest import ComposedBot, start_time
from tests.fakes import RunningClock
from tests.kit import ZHANG, buttons, client, seed_team

pytestmark = pytest.mark.e2e

FIRE = "🔥"
NOTES = FIRE * 2500  # 5,000 UTF-16 units: the card goes out in two messages


@pytest.fixture
async def bot(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[ComposedBot]:
    """张三's bot, his client 华能南京电厂 with notes too long for one message."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'kam.db'}"
    (tmp_path / "data").mkdir()
    clock = RunningClock(start_time())
    services = await bootstrap(database_url=url, clock=clock)
    try:
        await seed_team(services)
        await services.clients.upsert_rows(None, [client(2, "华能南京电厂", ZHANG, notes=NOTES)])
    finally:
        await services.close()
    composed = ComposedBot(fake, tmp_path / "data", url, clock, KAM_INBOX_LEASE_SECONDS="2")
    await composed.start()
    try:
        yield composed
    finally:
        await composed.stop()


def has_buttons(message: SentMessage) -> bool:
    """The card's last message: its buttons go under the last piece."""
    return bool(buttons(message))


async def test_a_card_whose_second_message_telegram_failed_to_take_arrives_whole_and_once(
    fake: FakeTelegram, bot: ComposedBot
) -> None:
    fake.fail_next("sendMessage", error_code=502, description="Bad Gateway", after=1)
    fake.send_text(ZHANG, "/client 华能南京电厂")
    last = await fake.wait_for(ZHANG, has_buttons, timeout=30)
    shown = fake.messages_to(ZHANG)
    assert [e.status for e in fake.errors] == [502]  # one of its messages did fail once
    # Everything before the buttons had gone out by then: the card's pieces, each once.
    texts = [m.text for m in shown]
    assert shown[-1] == last and len(set(texts)) == len(texts), [t[:12] for t in texts]
    assert sum("客户经理：张三" in text for text in texts) == 1
    assert "".join(texts).count(FIRE) == 2500
    assert len(texts) == 3  # the card's head, then its notes in two pieces


async def test_a_card_cut_off_by_telegram_away_for_longer_comes_whole_once_telegram_is_back(
    fake: FakeTelegram, bot: ComposedBot, caplog: pytest.LogCaptureFixture
) -> None:
    """Away for longer than the tries in place (bot.reply_delivery): the update is handed back
    and handled again, the whole card comes then. Its head is shown twice, but nothing is
    missing: the buttons on its last piece arrive."""
    caplog.set_level(logging.WARNING)
    fake.fail_next("sendMessage", error_code=502, description="Bad Gateway", after=1, times=5)
    fake.send_text(ZHANG, "/client 华能南京电厂")
    last = await fake.wait_for(ZHANG, has_buttons, timeout=60)
    texts = [m.text for m in fake.messages_to(ZHANG)]
    assert [e.status for e in fake.errors] == [502] * 5
    again = texts[-3:]  # the card handled again, whole
    assert "客户经理：张三" in again[0], [t[:12] for t in texts]
    assert "".join(again).count(FIRE) == 2500
    assert last.text == again[-1] and texts[0] == again[0]
    assert "sent again in 4.0 s" in caplog.text and "handled again shortly" in caplog.text
