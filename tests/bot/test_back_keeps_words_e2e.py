"""↩️ 返回 on a draft never loses what the user typed: a report typed on a waiting card and sent
back is offered once that card is saved or dropped; a field asked again from the edit menu keeps
its value until a new one is given, and its back button returns to the card with it. Through the
real bot and the fake Telegram server, each message waited for."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.storage.models import Complaint, Visit
from tests.bot.conftest import InProcessBot
from tests.bot.test_visits_complaints_e2e import press, seed
from tests.kit import ZHANG, buttons, count

pytestmark = pytest.mark.e2e

SECOND = "今天上午去了苏州移动，见了信息部李经理，谈了专线续约"


async def test_a_report_sent_back_from_a_waiting_card_is_offered_once_the_card_is_saved(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 昨天拜访了华能电厂，见了设备部张总，谈了二期扩容")
    assert "华能南京电厂" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, SECOND)
    offer = await fake.wait_for(ZHANG)
    assert "新的走访记录" in offer.text, offer.text
    await press(fake, ZHANG, offer, "返回")
    kept = await fake.wait_for(ZHANG)
    assert "先留着" in kept.text, kept.text  # said kept, not silently dropped
    card = await fake.wait_for(ZHANG)
    assert "华能南京电厂" in card.text and "二期扩容" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    later = await fake.wait_for(ZHANG)
    assert "还没记录" in later.text and SECOND in later.text, later.text
    offered = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, offered, "记录走访")
    second = await fake.wait_for(ZHANG)
    assert "中国移动苏州分公司" in second.text and "专线续约" in second.text, second.text
    await press(fake, ZHANG, second, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        summaries = sorted((await session.execute(select(Visit.summary))).scalars())
    assert len(summaries) == 2 and any("专线续约" in s for s in summaries), summaries


async def test_a_report_sent_back_is_still_offered_when_the_card_is_cancelled(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂专线断网，客户很不满意")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    card = await fake.wait_for(ZHANG)
    assert "投诉工单草稿" in card.text, card.text
    fake.send_text(ZHANG, SECOND)
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "返回")
    assert "先留着" in (await fake.wait_for(ZHANG)).text
    card = await fake.wait_for(ZHANG)
    assert "投诉工单草稿" in card.text, card.text
    await press(fake, ZHANG, card, "取消")
    assert "已取消" in (await fake.wait_for(ZHANG)).text
    later = await fake.wait_for(ZHANG)
    assert SECOND in later.text, later.text
    offered = await fake.wait_for(ZHANG)
    assert "📝 记录走访" in buttons(offered), buttons(offered)
    assert await count(seeded, Complaint) == 0


async def test_back_from_a_complaint_field_asked_again_keeps_the_description(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    told = "华能电厂专线断网两小时，客户很不满意，要求书面说明"
    fake.send_text(ZHANG, f"/complaint {told}")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    card = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, card, "修改")
    menu = await fake.wait_for(ZHANG)
    for field in ("内容", "客户", "类别"):
        await press(fake, ZHANG, menu, field)
        asked = await fake.wait_for(ZHANG)
        await press(fake, ZHANG, asked, "返回")
        card = await fake.wait_for(ZHANG)
        assert told in card.text and "华能南京电厂" in card.text, (field, card.text)
        await press(fake, ZHANG, card, "修改")
        menu = await fake.wait_for(ZHANG)
    # A new description given at its step replaces it; the card shows it.
    await press(fake, ZHANG, menu, "内容")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "专线中断两小时")
    card = await fake.wait_for(ZHANG)
    assert "描述：专线中断两小时" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    await fake.wait_for(ZHANG, lambda m: "投诉工单 #1" in m.text)
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert ticket.description == "专线中断两小时"


async def test_back_from_a_visit_field_asked_again_keeps_the_summary(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 昨天拜访了华能电厂，见了设备部张总，谈了二期扩容")
    card = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, card, "修改")
    menu = await fake.wait_for(ZHANG)
    for field in ("内容", "客户", "时间", "人员"):
        await press(fake, ZHANG, menu, field)
        asked = await fake.wait_for(ZHANG)
        assert "返回" in " ".join(buttons(asked)), (field, asked.text, buttons(asked))
        await press(fake, ZHANG, asked, "返回")
        card = await fake.wait_for(ZHANG)
        assert "二期扩容" in card.text and "华能南京电厂" in card.text, (field, card.text)
        assert "张总" in card.text, (field, card.text)
        await press(fake, ZHANG, card, "修改")
        menu = await fake.wait_for(ZHANG)
    assert await count(seeded, Visit) == 0


async def test_a_report_sent_back_is_offered_after_cancel_typed_too(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 昨天拜访了华能电厂，见了设备部张总，谈了二期扩容")
    assert "华能南京电厂" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, SECOND)
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "返回")
    assert "先留着" in (await fake.wait_for(ZHANG)).text
    await fake.wait_for(ZHANG)  # the card again
    fake.send_text(ZHANG, "/cancel")
    assert "已取消" in (await fake.wait_for(ZHANG)).text
    later = await fake.wait_for(ZHANG)
    assert SECOND in later.text, later.text
    offered = await fake.wait_for(ZHANG)
    assert "📝 记录走访" in buttons(offered), buttons(offered)
    assert await count(seeded, Visit) == 0
