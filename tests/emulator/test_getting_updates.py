"""getUpdates as Telegram serves it: offsets confirm, long polls wait, a second poller conflicts."""

from __future__ import annotations

import asyncio
import time

from emulator import FakeTelegram
from tests.emulator.conftest import USER, Api


async def test_updates_below_the_offset_are_confirmed_and_never_come_back(
    fake: FakeTelegram, api: Api
) -> None:
    ids = [fake.send_text(USER, text) for text in ("一", "二", "三")]
    first = (await api("getUpdates"))["result"]
    assert [u["update_id"] for u in first] == ids
    assert first[0]["message"]["from"] == {
        "id": USER,
        "is_bot": False,
        "first_name": "张三",
        "language_code": "zh-hans",
    }
    assert first[0]["message"]["chat"] == {"id": USER, "first_name": "张三", "type": "private"}
    assert (await api("getUpdates"))["result"] == first  # unconfirmed: served again
    rest = (await api("getUpdates", offset=ids[1]))["result"]
    assert [u["update_id"] for u in rest] == ids[1:]
    assert (await api("getUpdates", offset=ids[2] + 1))["result"] == []
    assert (await api("getUpdates"))["result"] == []


async def test_a_negative_offset_keeps_only_the_last_updates(fake: FakeTelegram, api: Api) -> None:
    ids = [fake.send_text(USER, str(n)) for n in range(4)]
    last = (await api("getUpdates", offset=-1))["result"]
    assert [u["update_id"] for u in last] == ids[-1:]
    assert [u["update_id"] for u in (await api("getUpdates"))["result"]] == ids[-1:]


async def test_commands_carry_bot_command_entities(fake: FakeTelegram, api: Api) -> None:
    fake.send_text(USER, "/client 华能")
    message = (await api("getUpdates"))["result"][0]["message"]
    assert message["text"] == "/client 华能"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 7}]


async def test_a_long_poll_returns_as_soon_as_an_update_arrives(
    fake: FakeTelegram, api: Api
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(api("getUpdates", timeout=5))
    await asyncio.sleep(0.2)
    fake.send_text(USER, "来了")
    updates = (await poll)["result"]
    assert len(updates) == 1 and time.monotonic() - started < 2


async def test_allowed_updates_filter_what_is_delivered(fake: FakeTelegram, api: Api) -> None:
    fake.add_user(USER)
    fake.block_user(USER)  # a my_chat_member update
    fake.send_text(USER, "消息")
    updates = (await api("getUpdates", allowed_updates=["message"]))["result"]
    assert [next(k for k in u if k != "update_id") for u in updates] == ["message"]


async def test_a_second_poller_terminates_the_first_with_a_conflict(api: Api) -> None:
    first = asyncio.create_task(api("getUpdates", timeout=5))
    await asyncio.sleep(0.2)
    second = await api("getUpdates", timeout=0)
    assert second["ok"]
    conflict = await first
    assert conflict["status"] == 409
    assert conflict["description"] == (
        "Conflict: terminated by other getUpdates request; make sure that only one bot "
        "instance is running"
    )


async def test_an_active_webhook_forbids_polling(api: Api) -> None:
    insecure = await api("setWebhook", url="http://example.com/hook")
    assert (
        insecure["description"]
        == "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
    )
    assert (await api("setWebhook", url="https://example.com/hook"))["ok"]
    assert (await api("getWebhookInfo"))["result"]["url"] == "https://example.com/hook"
    assert (await api("getUpdates"))["status"] == 409
    assert (await api("deleteWebhook", drop_pending_updates=True))["ok"]
    assert (await api("getUpdates"))["ok"]


async def test_a_redelivered_update_comes_alone_and_then_the_queue_goes_on(
    fake: FakeTelegram, api: Api
) -> None:
    first = fake.send_text(USER, "一")
    await api("getUpdates")
    assert (await api("getUpdates", offset=first + 1))["result"] == []
    second = fake.send_text(USER, "二")
    fake.queue_raw_update(fake.updates[0])
    again = (await api("getUpdates", offset=first + 1))["result"]
    assert [u["update_id"] for u in again] == [second]
    redelivered = (await api("getUpdates", offset=second + 1))["result"]
    assert [u["update_id"] for u in redelivered] == [first]
    assert (await api("getUpdates", offset=first + 1))["result"] == []
