"""A replica killed with SIGKILL while it saves a user's visit (its INSERT waiting on the visits
table, the transaction not committed), with another replica serving beside it on PostgreSQL:
nothing was saved and nothing said; the other replica takes the update over once the dead one's
lease runs out, saves the visit once and tells the user once.

The kill after the commit (the row saved, the confirmation not yet sent) is
test_inbox.py's first test; the kill while the card is being answered, among replicas, is its
test_a_replica_killed_mid_answer_has_its_update_answered_by_the_replica_still_serving.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import psycopg
import pytest

from emulator import FakeTelegram
from emulator.balancer import free_port
from tests.bot.conftest import start_time
from tests.bot.test_reminders_e2e import _truncate_all_if_any
from tests.bot.test_webhook_replicas_e2e import ComposedWebhookReplica, WebhookReplica
from tests.fakes import RunningClock
from tests.hardening.test_inbox import REPORT, _zhang_with_huaneng, is_card, visits
from tests.kit import TOKEN, ZHANG, data_of

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

WAITING_ON_VISITS = (
    "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'visits'::regclass"
)


async def test_a_replica_killed_before_a_visit_committed_leaves_no_row_and_the_other_saves_it_once(
    tmp_path: Path, postgres_url: str
) -> None:
    _truncate_all_if_any(postgres_url)
    clock = RunningClock(start_time())
    ports = [free_port(), free_port()]
    fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{ports[0]}/telegram")
    await fake.start()
    await _zhang_with_huaneng(fake, postgres_url, clock)
    # Telegram posts to the first replica, a `kam run` process; the second, the bot composed the
    # same way in this process, serves beside it. Each renews its updates' leases twice a second.
    env = {"KAM_INBOX_LEASE_SECONDS": "2"}
    first = WebhookReplica(fake, tmp_path / "a", postgres_url, ports[0], clock, **env)  # type: ignore[arg-type]
    second = ComposedWebhookReplica(fake, tmp_path / "b", postgres_url, ports[1], clock, **env)  # type: ignore[arg-type]
    holder = await psycopg.AsyncConnection.connect(postgres_url.replace("+psycopg", ""))
    try:
        await asyncio.gather(first.start(), second.start())
        fake.send_text(ZHANG, REPORT)
        card = await fake.wait_for(ZHANG, is_card, timeout=60)

        # 确认: the first replica's INSERT waits on the table another session holds; killed then.
        await holder.execute("BEGIN")
        await holder.execute("LOCK TABLE visits IN SHARE MODE")
        pressed = fake.press_button(ZHANG, card.message_id, data_of(card, "确认"))
        deadline = asyncio.get_running_loop().time() + 60
        while not await saving_blocked(postgres_url):
            assert asyncio.get_running_loop().time() < deadline, "the save never got to visits"
            await asyncio.sleep(0.05)
        assert (pressed, 200) in fake.webhook_posts  # Telegram will not send the press again
        assert first.proc is not None
        first.proc.send_signal(signal.SIGKILL)
        first.proc.wait()
        await holder.execute("ROLLBACK")
        assert await visits(postgres_url) == []  # the dead replica's transaction never committed
        assert not [m for m in fake.messages_to(ZHANG) if "已保存" in m.text]

        # The other replica takes the press over once the dead one's lease ran out.
        saved = await fake.wait_for(ZHANG, lambda m: "已保存" in m.text, timeout=60)
        assert "已保存走访记录 #" in saved.text, saved.text
        await fake.wait_idle(quiet=2.0, timeout=30)
        summaries = await visits(postgres_url)
        assert len(summaries) == 1 and "二期扩容" in summaries[0], summaries
        assert [m for m in fake.messages_to(ZHANG) if "已保存" in m.text] == [saved]
        assert "again (attempt 2)" in second.output()
    finally:
        await holder.close()
        await first.stop()
        await second.stop()
        await fake.stop()


async def saving_blocked(url: str) -> bool:
    """Whether a transaction waits on the visits table (the lock the test holds)."""
    async with await psycopg.AsyncConnection.connect(url.replace("+psycopg", "")) as conn:
        row = await (await conn.execute(WAITING_ON_VISITS)).fetchone()
    return bool(row and row[0])
