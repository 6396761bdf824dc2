"""A correction typed on a draft card instead of tapping Edit: applied to the draft and the card
shown again, or, when unclear, how to correct it; the draft is never lost."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from emulator import FakeTelegram, SentMessage
from services.bootstrap import Services
from services.storage.models import Client, Complaint, Visit
from tests.bot.conftest import InProcessBot
from tests.bot.test_visits_complaints_e2e import press, seed
from tests.fakes import FakeClock
from tests.kit import ZHANG, buttons, count

pytestmark = pytest.mark.e2e


def today_of(clock: FakeClock) -> date:
    return clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date()


async def corrected(fake: FakeTelegram, text: str) -> tuple[SentMessage, SentMessage]:
    """Type `text` on the card: the line saying what happened, then the card."""
    fake.send_text(ZHANG, text)
    return await fake.wait_for(ZHANG), await fake.wait_for(ZHANG)


async def test_a_date_and_a_person_typed_on_a_visit_card_change_the_draft_that_is_saved(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    today = today_of(bot_clock)
    fake.send_text(ZHANG, "/visit 前天拜访了华能电厂，见了设备部张总，谈了二期扩容")
    card = await fake.wait_for(ZHANG)
    assert f"时间：{today - timedelta(days=2)}" in card.text, card.text
    lead, card = await corrected(fake, "日期改成昨天")
    assert "已按您的修改更新" in lead.text
    assert f"时间：{today - timedelta(days=1)}" in card.text, card.text
    lead, card = await corrected(fake, "不是张总，是李总")
    assert "人员：李总（设备部）" in card.text and "张总" not in card.text, card.text
    _, card = await corrected(fake, "时间改成上午")  # the time of day alone: the same day
    assert f"时间：{today - timedelta(days=1)}（" in card.text and "）上午" in card.text, card.text
    lead, card = await corrected(fake, "日期改成明天")  # a visit is logged after the fact
    assert "还没到" in lead.text and f"时间：{today - timedelta(days=1)}" in card.text
    lead, card = await corrected(fake, "好的")  # fine as it is: the button saves it
    assert "请点下面的按钮" in lead.text and "走访记录草稿" in card.text
    lead, card = await corrected(fake, "帮我看看天气")
    assert "没看懂要改哪一项" in lead.text and "日期改成昨天" in lead.text
    assert "华能南京电厂" in card.text and "李总" in card.text  # the draft is kept
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.visited_on == today - timedelta(days=1)
    assert visit.people == [{"name": "李总", "title": "设备部"}]


async def test_an_english_correction_changes_the_date_person_and_kind(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    today = today_of(bot_clock)
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/visit Visited China Mobile Suzhou 3 days ago, met Mr. Zhang, "
                          "discussed the 5G private network renewal")  # fmt: skip
    card = await fake.wait_for(ZHANG)
    assert "Mr. Zhang" in card.text, card.text
    lead, card = await corrected(fake, "change the date to yesterday")
    assert "Updated" in lead.text and str(today - timedelta(days=1)) in card.text, card.text
    _, card = await corrected(fake, "not Mr. Zhang, Mr. Li")
    assert "People: Mr. Li" in card.text and "Zhang" not in card.text, card.text
    _, card = await corrected(fake, "it was a phone call")
    assert "Phone" in card.text, card.text
    await press(fake, ZHANG, card, "Confirm")
    assert "Visit #1 saved" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert (visit.visited_on, visit.kind) == (today - timedelta(days=1), "phone")


async def test_a_severity_and_a_client_typed_on_a_complaint_card_change_the_ticket(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂反映账单多收了费用，情况严重")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    card = await fake.wait_for(ZHANG)
    assert "严重程度：高" in card.text, card.text
    lead, card = await corrected(fake, "严重程度改成紧急")
    assert "已按您的修改更新" in lead.text and "严重程度：紧急" in card.text, card.text
    _, card = await corrected(fake, "不是华能电厂，是苏州移动")
    assert "中国移动苏州分公司" in card.text, card.text
    lead, card = await corrected(fake, "嗯嗯好的吧")
    assert "严重程度改成紧急" in lead.text and "中国移动苏州分公司" in card.text
    await press(fake, ZHANG, card, "确认")
    assert "投诉工单 #1" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        ticket, name = (await session.execute(
            select(Complaint, Client.name).join(Client, Client.id == Complaint.client_id))).one()  # fmt: skip
    assert (ticket.severity, name) == ("critical", "中国移动苏州分公司")


async def test_a_correction_typed_after_the_ticket_is_saved_says_where_to_change_it(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # Before, "严重程度改成紧急" typed just after saving got "资料中没有找到…" (the documents).
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂反映账单多收了费用，情况严重")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认")
    assert "投诉工单 #1" in (await fake.wait_for(ZHANG)).text
    for text, says in (("严重程度改成紧急", ("没有正在填写的草稿", "/complaints", "✏️ 修改")),
                       ("actually the severity should be critical",
                        ("No draft is open", "/complaints", "✏️ Correct"))):  # fmt: skip
        fake.send_text(ZHANG, text)
        # (the note that the supervisor's alert waits may come in between)
        answer = await fake.wait_for(ZHANG, lambda m: "王主管" not in m.text)
        for part in says:
            assert part in answer.text, answer.text
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert ticket.severity == "high"  # nothing changed by words with nothing to apply them to


async def test_a_severity_or_category_typed_instead_of_tapped_is_taken(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂的客户很不满")
    assert "类别" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "账单")
    assert "严重程度" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "高")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    card = await fake.wait_for(ZHANG)
    assert "类别：计费" in card.text and "严重程度：高" in card.text, card.text


async def test_a_date_and_a_client_typed_in_one_message_both_change_the_visit(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    today = today_of(bot_clock)
    fake.send_text(ZHANG, "/visit 今天拜访了华能电厂，见了设备部张总，谈了二期扩容")
    await fake.wait_for(ZHANG)
    lead, card = await corrected(fake, "日期改成昨天，客户是苏州移动")
    assert "已按您的修改更新" in lead.text, lead.text
    assert f"时间：{today - timedelta(days=1)}" in card.text, card.text
    assert "中国移动苏州分公司" in card.text and "华能" not in card.text, card.text
    # Another manager's client is not found, and the date typed with it is not half-applied.
    lead, note = await corrected(fake, "日期改成前天，客户是华润万家")
    assert "华润万家" in lead.text and "没有在您的客户中找到" in lead.text, lead.text
    assert "草稿保持原样" in note.text, note.text  # said: the date did not change either
    card = await fake.wait_for(ZHANG)
    assert f"时间：{today - timedelta(days=1)}" in card.text, card.text
    assert "中国移动苏州分公司" in card.text, card.text
    lead, card = await corrected(fake, "change the date to today and the kind to phone")
    assert f"时间：{today}" in card.text and "电话" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit, name = (await session.execute(
            select(Visit, Client.name).join(Client, Client.id == Visit.client_id))).one()  # fmt: skip
    assert (visit.visited_on, visit.kind, name) == (today, "phone", "中国移动苏州分公司")


async def test_a_person_put_right_beside_a_date_changes_both_and_no_name_takes_the_date(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    # Before, "张总改成李总，日期改成昨天" made the people "李总、日期改成昨天" (the date kept), and
    # "日期改成前天，不是李总，是王总" was refused as not understood.
    await seed(seeded)
    await in_process_bot.start()
    today = today_of(bot_clock)
    fake.send_text(ZHANG, "/visit 今天拜访了华能电厂，见了设备部张总，谈了二期扩容")
    await fake.wait_for(ZHANG)
    lead, card = await corrected(fake, "张总改成李总，日期改成昨天")
    assert "已按您的修改更新" in lead.text, lead.text
    assert f"时间：{today - timedelta(days=1)}" in card.text, card.text
    assert "人员：李总（设备部）" in card.text and "日期" not in card.text, card.text
    lead, card = await corrected(fake, "日期改成前天，不是李总，是王总")
    assert "已按您的修改更新" in lead.text, lead.text
    assert f"时间：{today - timedelta(days=2)}" in card.text, card.text
    assert "人员：王总（设备部）" in card.text and "李总" not in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.visited_on == today - timedelta(days=2)
    assert visit.people == [{"name": "王总", "title": "设备部"}]


async def test_corrections_typed_where_the_day_is_asked_are_all_applied(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    # Before, "张总改成李总，日期改成昨天" typed at "什么时候走访的？" took 昨天 as the answer and
    # kept 张总 without a word.
    await seed(seeded)
    await in_process_bot.start()
    today = today_of(bot_clock)
    fake.send_text(ZHANG, "/visit 拜访了华能电厂，见了设备部张总，谈了二期扩容")
    asked = await fake.wait_for(ZHANG)
    assert "什么时候走访的" in asked.text, asked.text
    lead, card = await corrected(fake, "张总改成李总，日期改成昨天")
    assert "已按您的修改更新" in lead.text, lead.text
    assert f"时间：{today - timedelta(days=1)}" in card.text, card.text
    assert "人员：李总（设备部）" in card.text and "张总" not in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.visited_on == today - timedelta(days=1)
    assert visit.people == [{"name": "李总", "title": "设备部"}]


async def test_a_severity_and_a_category_typed_in_one_message_both_change_the_ticket(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂反映账单多收了费用，情况严重")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    card = await fake.wait_for(ZHANG)
    assert "严重程度：高" in card.text and "类别：计费" in card.text, card.text
    lead, card = await corrected(fake, "严重程度改成低，类别是服务")
    assert "已按您的修改更新" in lead.text, lead.text
    assert "严重程度：低" in card.text and "类别：服务" in card.text, card.text
    # A client not among his: said so, as on a visit card (it said "I could not tell what to
    # change"); the draft keeps what it had.
    lead, card = await corrected(fake, "客户是华润万家")
    assert "没有在您的客户中找到“华润万家”" in lead.text, lead.text
    assert "华能南京电厂" in card.text and "严重程度：低" in card.text, card.text
    # A reason given with it changes the severity, and names no client ("没有找到“重复投诉”").
    lead, card = await corrected(fake, "严重程度改成中，这是重复投诉")
    assert "已按您的修改更新" in lead.text, lead.text
    assert "严重程度：中" in card.text and "华能南京电厂" in card.text, card.text


async def test_corrections_typed_with_spaces_on_a_phone_change_every_field_they_name(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    today = today_of(bot_clock)
    fake.send_text(ZHANG, "/visit 前天拜访了华能电厂，谈了二期扩容")
    await fake.wait_for(ZHANG)
    lead, card = await corrected(fake, "改成昨天 见了张总 电话沟通")
    assert "已按您的修改更新" in lead.text, lead.text
    assert f"时间：{today - timedelta(days=1)}" in card.text, card.text
    assert "人员：张总" in card.text and "电话" in card.text, card.text
    lead, left_out = await corrected(fake, "日期改成前天，客户很满意")  # the second tells no field
    assert "已按您的修改更新" in lead.text, lead.text
    assert "没看懂“客户很满意”" in left_out.text, left_out.text
    card = await fake.wait_for(ZHANG)
    assert f"时间：{today - timedelta(days=2)}" in card.text, card.text


async def test_corrections_typed_at_the_client_and_summary_steps_change_the_draft(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    # Before, "不对，是苏州移动" at "哪个客户？" was looked up as a client's name ("没有在您的
    # 客户中找到…"), and "改成电话拜访" at "谈了什么？" became what was discussed.
    await seed(seeded)
    await in_process_bot.start()
    today = today_of(bot_clock)
    fake.send_text(ZHANG, "/visit")
    assert "哪个客户" in (await fake.wait_for(ZHANG)).text
    lead, asked = await corrected(fake, "不对，是苏州移动")
    assert "已按您的修改更新，接着填写" in lead.text and "什么时候走访的" in asked.text, asked.text
    fake.send_text(ZHANG, "昨天")
    await press(fake, ZHANG, await fake.wait_for(ZHANG, lambda m: "走访方式" in m.text), "🏢 上门")
    await fake.wait_for(ZHANG, lambda m: "见了哪些人" in m.text)
    fake.send_text(ZHANG, "张总")
    await fake.wait_for(ZHANG, lambda m: "谈了什么" in m.text)
    lead, asked = await corrected(fake, "改成电话拜访")
    assert "已按您的修改更新，接着填写" in lead.text and "谈了什么" in asked.text, asked.text
    # One that changes nothing on the draft is what was discussed after all.
    fake.send_text(ZHANG, "客户说账期改成季度结算")
    card = await fake.wait_for(ZHANG)
    while any("跳过" in label for label in buttons(card)):  # the next step, the follow-up
        await press(fake, ZHANG, card, "跳过")
        card = await fake.wait_for(ZHANG)
    assert "中国移动苏州分公司" in card.text and "电话" in card.text, card.text
    assert "内容：客户说账期改成季度结算" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
        client_name = await session.scalar(select(Client.name).where(Client.id == visit.client_id))
    assert client_name == "中国移动苏州分公司" and visit.kind == "phone"
    assert visit.visited_on == today - timedelta(days=1)
    assert visit.summary == "客户说账期改成季度结算"


async def test_corrections_typed_at_a_complaints_steps_change_the_draft(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # Before, "不对，是苏州移动" at "哪个客户投诉？" was looked up as a client's name, and
    # "严重程度改成高" at "投诉类别？" was kept as the description.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint")
    assert "哪个客户" in (await fake.wait_for(ZHANG)).text
    lead, asked = await corrected(fake, "不对，是苏州移动")
    assert "已按您的修改更新，接着填写" in lead.text and "投诉类别" in asked.text, asked.text
    lead, asked = await corrected(fake, "严重程度改成高")
    assert "已按您的修改更新，接着填写" in lead.text and "投诉类别" in asked.text, asked.text
    fake.send_text(ZHANG, "专线中断两小时，影响营业厅办理业务")
    await press(fake, ZHANG, await fake.wait_for(ZHANG, lambda m: "受理" in m.text), "我")
    card = await fake.wait_for(ZHANG, lambda m: "投诉工单草稿" in m.text)
    assert "客户：中国移动苏州分公司" in card.text and "严重程度：高" in card.text, card.text
    assert "描述：专线中断两小时，影响营业厅办理业务" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    await fake.wait_for(ZHANG, lambda m: "投诉工单 #" in m.text)
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
        name = await session.scalar(select(Client.name).where(Client.id == ticket.client_id))
    assert name == "中国移动苏州分公司" and ticket.severity == "high"
    assert ticket.description == "专线中断两小时，影响营业厅办理业务"


async def test_a_follow_up_next_friday_said_on_a_tuesday_names_this_weeks_friday_on_the_card(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    await seed(seeded)
    bot_clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC))
    await in_process_bot.start()
    # 下周五 is next week's Friday, no doubt: the card says the day, and nothing more.
    fake.send_text(ZHANG, "/visit 今天拜访了苏州移动，见了张总，谈了续约，下周五前发报价")
    card = await fake.wait_for(ZHANG, lambda m: "跟进" in m.text)
    assert "跟进日期：2026-12-11（周五）\n" in card.text + "\n", card.text
    await press(fake, ZHANG, card, "取消")
    await fake.wait_for(ZHANG, lambda m: "已取消" in m.text)
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/visit Visited China Mobile Suzhou today, met Mr. Zhang, discussed "
                          "the renewal, follow up next Friday")  # fmt: skip
    card = await fake.wait_for(ZHANG, lambda m: "Follow-up" in m.text)
    # Read as next week's, as 下周五 is; this week's, which it may mean, is named on the card.
    assert "Follow-up: 2026-12-11 (Fri) (“next” can mean this week's, 2026-12-04 (Fri)" in (
        card.text
    ), card.text
    _, card = await corrected(fake, "follow-up: 2026-12-04")
    assert "Follow-up: 2026-12-04 (Fri)\n" in card.text and "can mean" not in card.text, card.text
    await press(fake, ZHANG, card, "Confirm")
    assert "follow up on 2026-12-04 (Fri)" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.follow_up_on == date(2026, 12, 4)


async def test_confirm_on_a_card_from_before_a_correction_saves_nothing_unseen(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    # Before, the first card's Confirm (still on screen, showing the day before's date) saved the
    # corrected draft: a visit on a day the card pressed never showed.
    await seed(seeded)
    await in_process_bot.start()
    today = today_of(bot_clock)
    fake.send_text(ZHANG, "/visit 今天拜访了华能电厂，见了设备部张总，谈了二期扩容")
    first = await fake.wait_for(ZHANG)
    assert f"时间：{today}" in first.text, first.text
    _, second = await corrected(fake, "日期改成昨天")
    assert f"时间：{today - timedelta(days=1)}" in second.text, second.text
    await press(fake, ZHANG, first, "确认")
    told, again = await fake.wait_for(ZHANG), await fake.wait_for(ZHANG)
    assert "修改之前的那张草稿卡片" in told.text and "没有保存" in told.text, told.text
    assert f"时间：{today - timedelta(days=1)}" in again.text, again.text  # the draft as it is
    assert await count(seeded, Visit) == 0
    await press(fake, ZHANG, again, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    # The first card pressed once more: told it is saved, not saved twice.
    await press(fake, ZHANG, first, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.visited_on == today - timedelta(days=1)


async def test_a_complaint_card_from_before_a_correction_saves_nothing_unseen(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/complaint China Mobile Suzhou says the bill overcharged them, serious")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "Me")
    first = await fake.wait_for(ZHANG)
    assert "Severity: High" in first.text, first.text
    _, second = await corrected(fake, "change the severity to critical")
    assert "Severity: Critical" in second.text, second.text
    await press(fake, ZHANG, first, "Confirm")
    told, again = await fake.wait_for(ZHANG), await fake.wait_for(ZHANG)
    assert "nothing was saved" in told.text and "Severity: Critical" in again.text, told.text
    assert await count(seeded, Complaint) == 0
    # Pressing the card as it is now saves what it shows.
    await press(fake, ZHANG, second, "Confirm")
    assert "ticket #1" in (await fake.wait_for(ZHANG, lambda m: "#1" in m.text)).text
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert ticket.severity == "critical"
