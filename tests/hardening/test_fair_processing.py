"""Slow work does not hold up quick replies, and one user cannot take every slot.

The processor is PTB's hook for running updates concurrently; these updates are real PTB Updates
decoded from the JSON Telegram sends, and the "work" is a coroutine held open by the test.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import psycopg
import pytest
from telegram import Bot, Update

from bot.app import BotConfig, build_application
from bot.concurrency import FairUpdateProcessor, is_slow, slow_work
from bot.runtime import start_application, stop_application
from emulator import FakeTelegram
from services.bootstrap import bootstrap
from services.domain import Role
from tests.conftest import _truncate_all
from tests.kit import TOKEN

QUICK_SLOTS = 32  # FairUpdateProcessor's default, as the bot runs it
BOT = Bot("123456789:TEST-token-abcdefghijklmnopqrstuvwxyz0123")


def text_update(update_id: int, user: int, text: str) -> Update:
    data: dict[str, Any] = {
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": 0, "text": text,
            "chat": {"id": user, "type": "private"},
            "from": {"id": user, "is_bot": False, "first_name": "u"},
        },
    }  # fmt: skip
    return Update.de_json(data, BOT)


def test_files_questions_charts_and_exports_are_slow_commands_are_quick() -> None:
    assert is_slow(text_update(1, 7, "/ask 信誉差的客户多久走访一次"))
    assert is_slow(text_update(3, 7, "/summary@kam_test_bot month"))
    assert not is_slow(text_update(4, 7, "/help"))
    assert not is_slow(text_update(5, 7, "/client 华能"))
    # Plain text starts quick (a greeting, a client name, a reply in a flow) and moves to a
    # slow slot only when it reaches the model or the charts (slow_work()).
    assert not is_slow(text_update(2, 7, "你好"))
    assert not is_slow(text_update(6, 7, "华能南京电厂"))


async def test_a_greeting_is_answered_while_questions_for_the_model_fill_the_slow_slots() -> None:
    processor = FairUpdateProcessor(quick=2, slow=1, per_user=2)
    hold = asyncio.Event()
    done: list[str] = []

    async def question(name: str) -> None:
        await slow_work()  # as answer_question does before calling the model
        await hold.wait()
        done.append(name)

    async def greeting() -> None:
        done.append("greeting")

    questions = [
        asyncio.create_task(processor.process_update(
            text_update(n, 100 + n, "信誉差的客户多久走访一次？"), question(f"q{n}")))
        for n in range(4)  # more questions than slow and quick slots together
    ]  # fmt: skip
    await asyncio.sleep(0.05)
    hello = asyncio.create_task(processor.process_update(text_update(99, 5, "你好"), greeting()))
    await asyncio.wait_for(hello, timeout=2)
    assert done == ["greeting"]  # no question has been answered yet
    hold.set()
    await asyncio.gather(*questions)
    assert sorted(done) == ["greeting", "q0", "q1", "q2", "q3"]


async def test_slow_work_outside_the_processor_does_nothing() -> None:
    await asyncio.wait_for(slow_work(), timeout=1)


async def test_a_quick_reply_goes_through_while_every_slow_slot_is_busy() -> None:
    processor = FairUpdateProcessor(quick=4, slow=2, per_user=2)
    hold = asyncio.Event()
    done: list[str] = []

    async def work(name: str, wait: bool) -> None:
        if wait:
            await slow_work()  # a question for the model, as answer_question does
            await hold.wait()
        done.append(name)

    slow = [
        asyncio.create_task(
            processor.process_update(text_update(n, 100 + n, "问题"), work(f"slow{n}", True))
        )
        for n in range(8)  # eight users ask a 20-second model question at once
    ]
    quick = asyncio.create_task(
        processor.process_update(text_update(99, 5, "/help"), work("help", False))
    )
    await asyncio.wait_for(quick, timeout=2)
    assert done == ["help"]
    hold.set()
    await asyncio.gather(*slow)
    assert len(done) == 9


async def test_one_user_cannot_take_every_slot() -> None:
    processor = FairUpdateProcessor(quick=4, slow=2, per_user=2)
    hold = asyncio.Event()
    started: list[str] = []

    async def work(name: str) -> None:
        started.append(name)
        await hold.wait()

    flood = [
        asyncio.create_task(processor.process_update(text_update(n, 7, "/help"), work(f"flood{n}")))
        for n in range(10)
    ]
    other = asyncio.create_task(
        processor.process_update(text_update(50, 8, "/help"), work("other"))
    )
    await asyncio.sleep(0.05)
    assert started.count("other") == 1
    assert len([s for s in started if s.startswith("flood")]) == 2  # per_user
    hold.set()
    await asyncio.gather(*flood, other)
    assert len(started) == 11


def button_update(update_id: int, user: int, data: str) -> Update:
    payload: dict[str, Any] = {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id), "chat_instance": "c", "data": data,
            "from": {"id": user, "is_bot": False, "first_name": "u"},
            "message": {"message_id": 1, "date": 0, "text": "导出",
                        "chat": {"id": user, "type": "private"}},
        },
    }  # fmt: skip
    return Update.de_json(payload, BOT)


def test_an_export_button_is_slow_work_as_the_export_command_is() -> None:
    assert is_slow(text_update(1, 7, "/export visits"))
    assert is_slow(button_update(2, 7, "ex:visits"))
    assert is_slow(button_update(3, 7, "ex:visits:xlsx:M-1"))
    assert not is_slow(button_update(4, 7, "rem:done:5"))


@pytest.mark.postgres
async def test_help_is_answered_while_every_manager_waits_on_an_export_the_database_holds_up(
    postgres_url: str, fake: FakeTelegram
) -> None:
    """Month end: more managers than there are quick slots ask for their visits in words while
    another session holds the visits table (a migration, a long report). Before, each export held
    a quick slot while it waited, and a /help from anyone else waited with them."""
    with contextlib.suppress(psycopg.errors.UndefinedTable):
        _truncate_all(postgres_url)
    services = await bootstrap(database_url=postgres_url, timezone="Asia/Shanghai")
    managers = [5000 + n for n in range(QUICK_SLOTS + 2)]
    for telegram_id in [*managers, 4999]:
        await services.users.add_user(telegram_id=telegram_id, name=f"经理{telegram_id}",
                                      role=Role.MANAGER, team="华东一部")  # fmt: skip
        fake.add_user(telegram_id, first_name="经理", language_code="zh-hans")
    config = BotConfig(TOKEN, fake.api_url, fake.file_url, reminder_sweep_seconds=3600,
                       private_chat_interval=0.01)  # fmt: skip
    application = build_application(services, config)
    await start_application(application)
    holder = await psycopg.AsyncConnection.connect(postgres_url.replace("+psycopg", ""))
    try:
        await holder.execute("BEGIN")
        await holder.execute("LOCK TABLE visits IN ACCESS EXCLUSIVE MODE")  # reads wait too
        for telegram_id in managers:
            fake.send_text(telegram_id, "导出本月的拜访记录")
        await asyncio.sleep(2)  # every export under way, waiting on the table
        fake.send_text(4999, "/help")
        try:
            answer = await fake.wait_for(4999, timeout=15)
            waiting = [m for m in managers if fake.messages_to(m) == []]
        finally:
            await holder.execute("ROLLBACK")
        assert "/visit" in answer.text, answer.text
        assert waiting == managers  # answered while every export still waited on the table
        for telegram_id in managers:  # then each export is answered
            done = await fake.wait_for(telegram_id, timeout=60)
            assert "没有" in done.text or done.kind == "document", done.text
    finally:
        await holder.close()
        await stop_application(application)  # closes the services too
