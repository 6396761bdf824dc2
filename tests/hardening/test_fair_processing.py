"""Slow work does not hold up quick replies, and one user cannot take every slot.

The processor is PTB's hook for running updates concurrently; these updates are real PTB Updates
decoded from the JSON Telegram sends, and the "work" is a coroutine held open by the test.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Bot, Update

from bot.concurrency import FairUpdateProcessor, is_slow, slow_work

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
