"""What the bot sends on its own goes through the outbox: an alert waits for its reader, once."""

from __future__ import annotations

import pytest

from emulator import FakeTelegram
from services.bootstrap import Services
from tests.bot.conftest import InProcessBot
from tests.bot.test_visits_complaints_e2e import SUPERVISOR, ZHANG, press, seed

pytestmark = pytest.mark.e2e


async def file_critical_complaint(fake: FakeTelegram) -> None:
    fake.send_text(ZHANG, "/complaint 华能电厂反映专线中断两小时，影响调度，紧急")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认")
    assert "投诉工单 #1" in (await fake.wait_for(ZHANG)).text


async def test_an_alert_waits_for_a_supervisor_who_never_opened_the_bot_and_the_filer_is_told(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    await file_critical_complaint(fake)  # the supervisor has never opened the bot
    held = await fake.wait_for(ZHANG, lambda m: "暂时无法送达" in m.text)
    assert "#1" in held.text and "王主管" in held.text and "华能南京电厂" in held.text
    assert fake.messages_to(SUPERVISOR) == []
    # They open the bot: the next sweep delivers the alert, once; the filer is told once.
    fake.send_text(SUPERVISOR, "/start")
    await fake.wait_for(SUPERVISOR)
    await in_process_bot.sweep()
    alert = await fake.wait_for(SUPERVISOR, lambda m: "紧急投诉 #1" in m.text)
    assert "张三" in alert.text and "专线中断" in alert.text
    await in_process_bot.sweep()
    await fake.wait_idle(quiet=0.3)
    assert len([m for m in fake.messages_to(SUPERVISOR) if "紧急投诉" in m.text]) == 1
    assert len([m for m in fake.messages_to(ZHANG) if "暂时无法送达" in m.text]) == 1
    # Telegram refused the first attempt (the chat did not exist yet), and only that.
    assert [r.description for r in fake.rejected] == ["Bad Request: chat not found"]
