"""Logging visits and complaints through the real bot: one message or a few taps, nothing lost or doubled."""

from __future__ import annotations

import signal
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from emulator import FakeTelegram, SentMessage
from services.bootstrap import Services
from services.domain import ContactInfo
from services.storage.models import AuditEntry, Client, Complaint, Visit
from tests.bot.conftest import BotProcess, ComposedBot, InProcessBot
from tests.fakes import FakeClock
from tests.kit import LI, SUPERVISOR, ZHANG, buttons, client, count, data_of, seed_team

pytestmark = pytest.mark.e2e


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.clients.upsert_rows(None, [
        client(2, "华能南京电厂", ZHANG, aliases=("华能电厂",), latitude=32.05, longitude=118.78),
        client(3, "中国移动苏州分公司", ZHANG, aliases=("苏州移动", "China Mobile Suzhou")),
        client(4, "华润万家", LI),
    ])  # fmt: skip


async def press(fake: FakeTelegram, user: int, message: SentMessage, label: str) -> None:
    fake.press_button(user, message.message_id, data_of(message, label))


async def test_a_free_text_visit_in_chinese_is_confirmed_and_listed(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(
        ZHANG, "/visit 今天上午拜访了华能电厂，见了设备部张总，谈了二期扩容，下周二前发报价"
    )
    card = await fake.wait_for(ZHANG)
    assert "华能南京电厂" in card.text and "张总" in card.text and "二期扩容" in card.text
    assert await count(seeded, Visit) == 0  # nothing saved before 确认
    await press(fake, ZHANG, card, "确认")
    saved = await fake.wait_for(ZHANG)
    assert "已保存走访记录 #1" in saved.text and "跟进" in saved.text
    assert await count(seeded, Visit) == 1
    fake.send_text(ZHANG, "/visits 华能")
    listed = await fake.wait_for(ZHANG)
    assert "二期扩容" in listed.text and "华能南京电厂" in listed.text
    fake.send_text(LI, "/visits")
    assert "还没有走访记录" in (await fake.wait_for(LI)).text
    assert fake.rejected == []


async def test_listing_the_visits_of_a_client_not_ones_own_says_no_such_client(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 今天拜访了华能电厂，谈了二期扩容")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认")
    await fake.wait_for(ZHANG)
    # 华润万家 is 李四's: "还没有走访记录。发送 /visit 记录一次走访" read as if it had none.
    fake.send_text(ZHANG, "/visits 华润万家")
    told = (await fake.wait_for(ZHANG)).text
    assert "没有找到您可以查看的客户“华润万家”" in told and "还没有走访记录" not in told, told
    fake.send_text(LI, "/visits 华润万家")  # his own client, never visited: none yet
    assert "还没有走访记录" in (await fake.wait_for(LI)).text
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/visits Shagang")
    assert "no client “Shagang”" in (await fake.wait_for(ZHANG)).text
    assert fake.rejected == []


async def test_an_english_visit_is_logged_and_a_double_tap_saves_once(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang")
    menu = await fake.wait_for(ZHANG)
    fake.press_button(ZHANG, menu.message_id, "lang:en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/visit Called Mr. Li (CIO) at China Mobile Suzhou yesterday afternoon, "
                          "discussed the 5G private network renewal; send proposal in two weeks")  # fmt: skip
    card = await fake.wait_for(ZHANG)
    assert "中国移动苏州分公司" in card.text and "Phone" in card.text
    confirm = buttons(card)["✅ Confirm"]
    fake.press_button(ZHANG, card.message_id, confirm)
    fake.press_button(ZHANG, card.message_id, confirm)
    first = await fake.wait_for(ZHANG)
    second = await fake.wait_for(ZHANG)
    assert "Visit #1 saved" in first.text and "#1" in second.text
    assert await count(seeded, Visit) == 1


async def test_an_english_report_naming_only_a_role_records_that_person(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/visit Met the IT director at China Mobile Suzhou today, "
                          "discussed the 5G private network renewal")  # fmt: skip
    card = await fake.wait_for(ZHANG)
    assert "中国移动苏州分公司" in card.text and "People: IT director" in card.text
    await press(fake, ZHANG, card, "Confirm")
    assert "Visit #1 saved" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.people == [{"name": "IT director", "title": None}]
    assert "director" not in visit.summary


async def test_people_typed_at_the_guided_step_are_read_as_in_a_one_message_report(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    for answer, people in (
        ("财务部的李经理和设备部张总",
         [{"name": "李经理", "title": "财务部经理"}, {"name": "张总", "title": "设备部"}]),
        ("the purchasing manager", [{"name": "purchasing manager", "title": None}]),
    ):  # fmt: skip
        fake.send_text(ZHANG, "/visit 今天去了华能电厂，谈了二期扩容")
        card = await fake.wait_for(ZHANG)
        await press(fake, ZHANG, card, "修改")
        await press(fake, ZHANG, await fake.wait_for(ZHANG), "人员")
        await fake.wait_for(ZHANG)
        fake.send_text(ZHANG, answer)
        card = await fake.wait_for(ZHANG)
        await press(fake, ZHANG, card, "确认")
        assert "已保存" in (await fake.wait_for(ZHANG)).text
        async with seeded.db.read() as session:
            visit = (await session.execute(select(Visit).order_by(Visit.id.desc()))).scalars()
            assert next(iter(visit)).people == people, card.text


async def test_a_guided_visit_with_a_shared_location_shows_the_distance(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit")
    ask_client = await fake.wait_for(ZHANG)
    assert "哪个客户" in ask_client.text
    fake.send_text(ZHANG, "hnnj")
    ask_when = await fake.wait_for(ZHANG)
    assert "什么时候" in ask_when.text
    fake.send_text(ZHANG, "2026-13-45")
    assert "没看懂日期" in (await fake.wait_for(ZHANG)).text
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "2099-01-01")
    assert "还没到" in (await fake.wait_for(ZHANG)).text
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "今天")
    assert "走访方式" in (await fake.wait_for(ZHANG)).text
    fake.send_location(ZHANG, 32.06, 118.79)
    assert "已记录位置" in (await fake.wait_for(ZHANG)).text
    ask_kind = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, ask_kind, "上门")
    ask_people = await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "张总（设备部）、李工")
    ask_summary = await fake.wait_for(ZHANG)
    assert "谈了什么" in ask_summary.text
    fake.send_text(ZHANG, "x" * 2500)
    assert "太长" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "<b>二期</b> & 扩容 🚀")
    ask_next = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, ask_next, "跳过")
    ask_follow = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, ask_follow, "跳过")
    card = await fake.wait_for(ZHANG)
    assert (
        "<b>二期</b> & 扩容 🚀" in card.text and "签到位置距客户" in card.text and "km" in card.text
    )
    assert "李工" in card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存" in (await fake.wait_for(ZHANG)).text
    assert fake.rejected == [] and ask_people is not None


async def test_unknown_and_forbidden_clients_are_asked_about_not_guessed(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # A colleague's client named: refused as the same words typed without /visit are, with no
    # draft begun (it asked which of his own clients was meant).
    fake.send_text(ZHANG, "/visit 昨天拜访了华润万家，谈了续约")
    refused = await fake.wait_for(ZHANG)
    assert refused.text == "没有找到您可以查看的客户“华润万家”。发送 /clients 查看您的客户。"
    fake.send_text(ZHANG, "/cancel")
    assert (await fake.wait_for(ZHANG)).text == "当前没有进行中的操作。"
    fake.send_text(ZHANG, "/visit 拜访华能电厂，谈了检修计划")
    ask_when = await fake.wait_for(ZHANG)
    assert "什么时候" in ask_when.text  # no date given: asked, not assumed
    # A forged client button for Li's client does not attach the visit to it.
    fake.send_text(ZHANG, "/visit")
    ask_client = await fake.wait_for(ZHANG)
    token = next(iter(buttons(ask_client).values())).split(":")[1]
    async with seeded.db.read() as session:
        from services.storage.models import Client

        li_client = (
            await session.execute(select(Client.id).where(Client.name == "华润万家"))
        ).scalar_one()
    fake.press_button(ZHANG, ask_client.message_id, f"fl:{token}:c:{li_client}", forge=True)
    assert "没有找到这个客户" in (await fake.wait_for(ZHANG)).text


async def test_a_plain_visit_report_naming_its_client_is_drafted_at_once_and_saved_by_one_tap(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "昨天下午去了华能电厂，和张总谈了二期扩容的方案")
    card = await fake.wait_for(ZHANG)  # no "shall I log it?" first: the draft, to confirm
    assert "走访记录草稿" in card.text and "华能南京电厂" in card.text, card.text
    assert await count(seeded, Visit) == 0
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    assert await count(seeded, Visit) == 1


async def test_a_report_whose_client_the_bot_cannot_read_asks_for_it_without_an_empty_name(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "昨天去沙钢见了采购部刘经理，谈了明年的供电合同")
    offer = await fake.wait_for(ZHANG)
    assert "看起来像一份走访记录" in offer.text
    await press(fake, ZHANG, offer, "记录走访")
    asked = await fake.wait_for(ZHANG, lambda m: "哪个客户" in (m.text or ""))
    said = "\n".join(m.text or "" for m in fake.messages_to(ZHANG))
    assert "“”" not in said
    assert "华能南京电厂" in buttons(asked)


async def test_people_named_in_the_summary_of_a_visit_started_with_a_name_are_on_the_card(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 华能南京电厂")
    assert "什么时候" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "昨天")
    assert "谈了什么" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "和IT张伟、财务部的李娜沟通了发票抬头")
    card = await fake.wait_for(ZHANG, lambda m: "草稿" in (m.text or ""))
    # It said "人员：未填写" under a summary naming both.
    assert "张伟（IT）" in card.text and "李娜（财务部）" in card.text, card.text


async def test_a_person_met_without_a_title_gets_the_title_the_client_file_gives(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed_team(seeded)
    await seeded.clients.upsert_rows(None, [
        client(2, "华能南京电厂", ZHANG, contacts=(ContactInfo("刘娜", "综合办主任", "13770651298"),)),
    ])  # fmt: skip
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 今天上午拜访了华能南京电厂，见了刘娜和孙工，谈了二期扩容")
    card = await fake.wait_for(ZHANG)
    assert "刘娜（综合办主任）" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert {"name": "刘娜", "title": "综合办主任"} in visit.people


async def test_visit_naming_a_client_one_does_not_have_says_so_before_asking_which(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 火星科技")
    asked = await fake.wait_for(ZHANG, lambda m: "哪个客户" in (m.text or ""))
    said = "\n".join(m.text or "" for m in fake.messages_to(ZHANG))
    assert "没有在您的客户中找到“火星科技”" in said
    assert "华能南京电厂" in buttons(asked)
    # Part of one of his clients' names is no "not found": 中国移动苏州分公司 is his.
    fake.send_text(ZHANG, "/cancel")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/visit 苏州")
    reply = await fake.wait_for(
        ZHANG, lambda m: "什么时候" in (m.text or "") or "客户" in (m.text or "")
    )
    said = "\n".join(m.text or "" for m in fake.messages_to(ZHANG)[-2:])
    assert "没有在您的客户中找到“苏州”" not in said, said
    assert "什么时候" in reply.text or "中国移动苏州分公司" in buttons(reply), reply.text


@pytest.mark.parametrize("report", ["今天下午去沙钢谈了续约", "今天去了沙钢，谈了续约"])
async def test_a_report_naming_a_client_after_a_plain_go_says_which_name_was_not_found(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, report: str
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, report)
    offer = await fake.wait_for(ZHANG)
    assert "看起来像一份走访记录" in offer.text
    await press(fake, ZHANG, offer, "记录走访")
    await fake.wait_for(ZHANG, lambda m: "哪个客户" in (m.text or ""))
    said = "\n".join(m.text or "" for m in fake.messages_to(ZHANG))
    assert "没有在您的客户中找到“沙钢”" in said


async def test_a_huge_pasted_message_gets_a_clear_answer(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 昨天拜访华能电厂，" + "谈了很多细节。" * 560)
    card = await fake.wait_for(ZHANG)
    assert "已截取前 2000 字" in card.text
    assert fake.rejected == []


async def test_a_day_no_calendar_has_is_said_to_be_one_not_only_asked_again(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # Before, "11月31号拜访了…" only asked "什么时候走访的？", as if no date had been written.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "11月31号拜访了华能电厂，见了张总，谈了二期扩容")
    said = await fake.wait_for(ZHANG)
    assert "日历上没有“11月31号”这一天" in said.text, said.text
    asked = await fake.wait_for(ZHANG)
    assert "什么时候走访的" in asked.text, asked.text
    fake.send_text(ZHANG, "2月30日")  # typed again at the step: said again, nothing guessed
    said = await fake.wait_for(ZHANG)
    assert "日历上没有“2月30日”这一天" in said.text, said.text
    asked = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, asked, "取消")
    assert "已取消" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "Visited China Mobile Suzhou on Nov 31, met Mr. Zhang about the renewal")
    said = await fake.wait_for(ZHANG)
    assert "no such day as “Nov 31”" in said.text, said.text
    await fake.wait_for(ZHANG)
    assert await count(seeded, Visit) == 0
    assert fake.rejected == []


async def test_a_draft_survives_the_bot_being_killed_and_restarted(
    fake: FakeTelegram, bot: BotProcess, seeded: Services
) -> None:
    await seed(seeded)
    await bot.start()
    fake.send_text(ZHANG, "/visit")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "华能")
    await fake.wait_for(ZHANG)  # asks when
    await bot.stop(signal.SIGKILL)
    # Restarted on the same database: composed from the same settings, in this process.
    restarted = ComposedBot(fake, bot.data_dir, bot.database_url, bot.clock, **bot.extra_env)
    try:
        await restarted.start()
        await _finish_the_resumed_visit(fake)
    finally:
        await restarted.stop()


async def _finish_the_resumed_visit(fake: FakeTelegram) -> None:
    resumed = await fake.wait_for(ZHANG)
    assert "已保留" in resumed.text
    again = await fake.wait_for(ZHANG)
    assert "什么时候" in again.text
    fake.send_text(ZHANG, "昨天")
    ask_kind = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, ask_kind, "电话")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "跳过")
    assert "谈了什么" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "电话沟通了检修窗口")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "跳过")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "跳过")
    card = await fake.wait_for(ZHANG)
    assert "华能南京电厂" in card.text and "检修窗口" in card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存" in (await fake.wait_for(ZHANG)).text


async def test_the_same_update_delivered_twice_is_handled_once(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 今天拜访了华能电厂，谈了二期扩容")
    card = await fake.wait_for(ZHANG)
    update_id = fake.press_button(ZHANG, card.message_id, buttons(card)["✅ 确认"])
    assert "已保存" in (await fake.wait_for(ZHANG)).text
    original = next(u for u in fake.updates if u.get("update_id") == update_id)
    fake.queue_raw_update(dict(original))
    await fake.wait_idle(quiet=1.5)
    assert len([m for m in fake.messages_to(ZHANG) if "已保存" in m.text]) == 1
    assert await count(seeded, Visit) == 1


async def test_a_critical_complaint_becomes_a_ticket_and_is_closed_after_follow_up(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.add_user(SUPERVISOR)
    fake.send_text(ZHANG, "/complaint 华能电厂反映专线中断两小时，影响调度，紧急")
    ask_received = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, ask_received, "我")
    card = await fake.wait_for(ZHANG)
    assert "华能南京电厂" in card.text and "紧急" in card.text and "产品质量" in card.text
    await press(fake, ZHANG, card, "确认")
    saved = await fake.wait_for(ZHANG)
    assert "投诉工单 #1" in saved.text and "首次联系客户期限" in saved.text
    alert = await fake.wait_for(SUPERVISOR)
    assert "紧急投诉 #1" in alert.text and "张三" in alert.text
    fake.send_text(ZHANG, "/complaints")
    await fake.wait_for(ZHANG)
    ticket = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, ticket, "已联系客户")
    assert "已响应" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/complaints")
    await fake.wait_for(ZHANG)
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "已解决")
    assert "处理结果" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "更换光模块，恢复业务")
    shown = await fake.wait_for(ZHANG)  # the note, to confirm before the ticket changes
    assert "处理结果：更换光模块，恢复业务" in shown.text, shown.text
    await press(fake, ZHANG, shown, "确认")
    scores = await fake.wait_for(ZHANG)
    # Each score says what it means, one a row so the words fit.
    assert [row[0]["text"] for row in scores.reply_markup["inline_keyboard"]] == [
        "1 · 很不满意", "2 · 不满意", "3 · 一般", "4 · 满意", "5 · 很满意"]  # fmt: skip
    await press(fake, ZHANG, scores, "5 · 很满意")
    assert "已关闭" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        ticket_row = (await session.execute(select(Complaint))).scalar_one()
        actions = [a for (a,) in (await session.execute(
            select(AuditEntry.action).where(AuditEntry.entity == "complaint")))]  # fmt: skip
    assert ticket_row.status == "closed" and ticket_row.satisfaction == 5
    assert ticket_row.responded_at and ticket_row.resolved_at and ticket_row.closed_at
    assert actions == ["create", "respond", "resolve", "score5"]
    fake.send_text(LI, "/complaints")
    assert "没有未关闭" in (await fake.wait_for(LI)).text


async def test_an_english_complaint_takes_no_severity_from_words_that_only_contain_one(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "follow" holds "low": it does not say how severe the complaint is (10 working days).
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/complaint China Mobile Suzhou is unhappy, the line was faulty for "
                          "two hours; I will follow up tomorrow")  # fmt: skip
    ask_severity = await fake.wait_for(ZHANG)
    assert ask_severity.text == "Severity?", ask_severity.text
    await press(fake, ZHANG, ask_severity, "High")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "Me")
    card = await fake.wait_for(ZHANG)
    assert "Severity: High" in card.text and "Category: Product quality" in card.text, card.text


@pytest.mark.parametrize(
    ("lang", "client", "billing", "me", "fields"),
    [("en", "China Mobile Suzhou", "Billing", "Me", ("Category: Billing", "Severity: High")),
     ("zh", "苏州移动", "计费", "我", ("类别：计费", "严重程度：高")),
     ("zh-Hant", "蘇州移動", "計費", "我", ("類別：計費", "嚴重程度：高"))],
)  # fmt: skip
async def test_the_complaint_cards_severity_is_written_as_its_category_is(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, lang: str, client: str,
    billing: str, me: str, fields: tuple[str, str],
) -> None:  # fmt: skip
    # The English card read "Category: Billing" over "Severity: high", and the severity buttons
    # "low medium high critical" under the category's "Billing Service …".
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, f"/lang {lang}")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, f"/complaint {client}")
    ask_category = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, ask_category, billing)
    ask_severity = await fake.wait_for(ZHANG)
    labels = [label for label in buttons(ask_severity) if not label.startswith("❌")]
    if lang == "en":
        assert labels == ["Low", "Medium", "High", "Critical"], labels
    await press(fake, ZHANG, ask_severity, labels[2])
    await fake.wait_for(ZHANG)  # what the client complains of
    fake.send_text(ZHANG, "Bill charged twice" if lang == "en" else "账单重复扣费")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), me)
    card = await fake.wait_for(ZHANG)
    lines = card.text.splitlines()
    assert all(field in lines for field in fields), card.text


@pytest.mark.parametrize(
    ("lang", "text", "critical"),
    [("zh", "/complaint 华能电厂厂区停电了，客户很不满", "严重程度：紧急"),
     ("zh", "/complaint 苏州移动全网断网，影响营业厅", "严重程度：紧急"),
     ("en", "/complaint China Mobile Suzhou had a network outage this morning, the client is "
            "angry", "Severity: Critical")],
)  # fmt: skip
async def test_a_service_down_is_filed_as_critical_without_asking(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, lang: str, text: str,
    critical: str,
) -> None:  # fmt: skip
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, f"/lang {lang}")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, text)
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我" if lang == "zh" else "Me")
    card = await fake.wait_for(ZHANG)
    assert critical in card.text, card.text


async def test_a_chinese_complaint_saying_usually_is_not_filed_as_medium(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 苏州移动专线一般在晚上掉线，客户很不满意")
    ask_severity = await fake.wait_for(ZHANG)
    assert ask_severity.text == "严重程度？", ask_severity.text


async def test_a_low_follow_up_score_reopens_the_ticket_and_tells_the_supervisor(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.add_user(SUPERVISOR)
    fake.send_text(ZHANG, "/complaint 华能电厂反映账单多收了月租费，轻微")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认")
    assert "投诉工单 #1" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/complaints")
    await fake.wait_for(ZHANG)
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "已解决")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "已退还多收的月租")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认")
    scores = await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/complaints")
    await fake.wait_for(ZHANG)
    to_score = await fake.wait_for(ZHANG)  # the call's date: test_reminders, on a fake clock
    assert "回访期限 " in to_score.text and "已退还多收的月租" in to_score.text
    await press(fake, ZHANG, scores, "2")
    reopened = await fake.wait_for(ZHANG)
    assert "回访得分 2 分" in reopened.text and "重新打开" in reopened.text
    assert "新的解决期限" in reopened.text
    notice = await fake.wait_for(SUPERVISOR)
    assert "投诉 #1" in notice.text and "回访得分 2 分" in notice.text and "督办" in notice.text
    assert "华能南京电厂" in notice.text and "张三" in notice.text
    fake.send_text(ZHANG, "/complaints")
    await fake.wait_for(ZHANG)
    card = await fake.wait_for(ZHANG)
    assert "已重新打开（回访 2 分）" in card.text and "已解决" in str(buttons(card))
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert (ticket.status, ticket.satisfaction, ticket.reopened) == ("responded", 2, 1)
    assert fake.rejected == []


async def seed_tickets(services: Services, tickets: list[dict[str, Any]]) -> None:
    """The usual team, then open low-severity tickets of 张三's 华能南京电厂, with their own dates."""
    await seed(services)
    zhang = await services.users.resolve_actor(ZHANG)
    assert zhang is not None
    hit = (await services.clients.search(zhang, "华能南京电厂"))[0]
    now = services.clock.now()
    async with services.db.write() as uow:
        for fields in tickets:
            uow.session.add(Complaint(
                client_id=hit.id, owner_id=zhang.user_id, recorded_by_id=zhang.user_id,
                category="service", severity="low", status="open", created_at=now,
                updated_at=now, **fields,
            ))  # fmt: skip
        await uow.commit()


async def test_the_complaint_list_of_one_client_shows_that_clients_tickets_only(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    now = seeded.clock.now()
    await seed_tickets(seeded, [
        {"draft_id": "hn-1", "description": "华能的工单", "received_at": now,
         "first_response_due": now + timedelta(hours=4),
         "resolution_due": now + timedelta(days=10)},
    ])  # fmt: skip
    await in_process_bot.start()
    # The name was ignored: "/complaints 苏州移动" listed 华能's ticket under "未关闭的投诉工单 1 个".
    fake.send_text(ZHANG, "/complaints 苏州移动")
    none = (await fake.wait_for(ZHANG)).text
    assert none == "中国移动苏州分公司 没有未关闭的投诉工单。", none
    fake.send_text(ZHANG, "/complaints 华能")
    header = await fake.wait_for(ZHANG)
    assert "华能南京电厂 未关闭的投诉工单 1 个" in header.text, header.text
    assert "华能的工单" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/complaints 华润万家")  # 李四's client
    hidden = (await fake.wait_for(ZHANG)).text
    assert "没有找到您可以查看的客户“华润万家”" in hidden, hidden
    fake.send_text(ZHANG, "/complaints")
    assert "未关闭的投诉工单 1 个" in (await fake.wait_for(ZHANG)).text
    await fake.wait_idle()
    assert fake.rejected == []


async def test_the_complaint_list_counts_every_ticket_not_only_the_twenty_it_shows(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    now = seeded.clock.now()
    await seed_tickets(seeded, [
        {"draft_id": f"many-{n}", "description": f"第 {n + 1} 件", "received_at": now,
         "first_response_due": now + timedelta(hours=4 + n),
         "resolution_due": now + timedelta(days=10)}
        for n in range(23)
    ])  # fmt: skip
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaints")
    header = await fake.wait_for(ZHANG)
    assert "未关闭的投诉工单 23 个" in header.text, header.text
    assert "最紧急的 20 个" in header.text
    cards = [await fake.wait_for(ZHANG) for _ in range(20)]
    assert cards[0].text.count("第 1 件") == 1 and "第 20 件" in cards[-1].text
    await fake.wait_idle()
    assert len(fake.messages_to(ZHANG)) == 1 + 20


async def test_a_ticket_weeks_past_its_deadline_says_how_many_days_not_hours(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    now = seeded.clock.now()
    await seed_tickets(seeded, [
        {"draft_id": "old", "description": "装维未按约上门", "received_at": now - timedelta(days=52),
         "first_response_due": now - timedelta(days=50, hours=19),
         "resolution_due": now - timedelta(days=45)},
    ])  # fmt: skip
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaints")
    await fake.wait_for(ZHANG)
    ticket = await fake.wait_for(ZHANG)
    assert "已超期 50 天" in ticket.text and "小时" not in ticket.text, ticket.text


def latest_25th(today: date) -> date:
    """The 25th of this month when it has come, else of last month."""
    if today.day >= 25:
        return today.replace(day=25)
    return (today.replace(day=1) - timedelta(days=1)).replace(day=25)


async def test_a_day_of_the_month_alone_is_the_latest_such_day_shown_in_full_on_the_card(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    expected = latest_25th(bot_clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date())
    fake.send_text(ZHANG, "/visit 25号去了华能电厂，见了张总，谈了二期扩容")
    card = await fake.wait_for(ZHANG)
    assert f"时间：{expected.isoformat()}" in card.text, card.text
    await press(fake, ZHANG, card, "取消")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/visit 去了华能电厂，谈了二期扩容")
    assert "什么时候走访的" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "25号")
    card = await fake.wait_for(ZHANG)
    assert f"时间：{expected.isoformat()}" in card.text, card.text


async def test_a_draft_speaks_the_language_of_its_report_not_only_the_users(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # 张三 uses the bot in Chinese; this report is in English: so is everything about it.
    fake.send_text(ZHANG, "Visited China Mobile Suzhou yesterday, met Mr. Li, "
                          "discussed the 5G private network renewal")  # fmt: skip
    card = await fake.wait_for(ZHANG)
    assert (
        "Visit report draft" in card.text
        and "Client: China Mobile Suzhou · 中国移动苏州分公司" in card.text
    ), card.text
    fake.send_text(ZHANG, "change the date to today")
    assert "Updated" in (await fake.wait_for(ZHANG)).text
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "Confirm")
    assert "Visit #1 saved" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/visits")  # not a draft: the user's language
    assert "走访" in (await fake.wait_for(ZHANG)).text
    # The other way round: an English user's Chinese complaint.
    fake.send_text(LI, "/lang en")
    await fake.wait_for(LI)
    fake.send_text(LI, "/complaint 华润万家反映发票开错了，情况严重")
    await press(fake, LI, await fake.wait_for(LI), "我")
    card = await fake.wait_for(LI)
    assert "投诉工单草稿" in card.text and "严重程度：高" in card.text, card.text


async def test_a_question_typed_at_a_guided_step_is_answered_and_the_draft_waits(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit")
    assert "走访的是哪个客户" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "紧急投诉多久要解决？")
    answer = await fake.wait_for(ZHANG)
    assert "没有在您的客户中找到" not in answer.text, answer.text  # not read as a client's name
    await fake.wait_for(ZHANG, lambda m: "走访记录草稿还在" in m.text)
    assert "走访的是哪个客户" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "华能电厂")
    assert "什么时候走访的" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "How often must a poor-rated client be visited?")
    await fake.wait_for(ZHANG, lambda m: "走访记录草稿还在" in m.text)  # the draft's language
    assert "什么时候走访的" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "昨天")
    assert "走访方式" in (await fake.wait_for(ZHANG)).text  # the draft went on


async def test_a_question_typed_on_a_complaint_card_keeps_the_card(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂专线断网，客户很不满")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    assert "投诉工单草稿" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "紧急投诉要多久解决？")
    await fake.wait_for(ZHANG, lambda m: "投诉草稿还在" in m.text)
    card = await fake.wait_for(ZHANG)
    assert "投诉工单草稿" in card.text and "严重程度：紧急" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "投诉工单 #1" in (await fake.wait_for(ZHANG)).text


async def test_a_guided_next_step_that_says_when_is_not_followed_by_asking_when(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit")
    await fake.wait_for(ZHANG)
    for answer, asked in (("华能电厂", "什么时候走访的"), ("11.25", "走访方式"), ("上门", "见了哪些人"),
                          ("物流部的刘经理", "谈了什么"), ("讨论了二期扩容", "下一步做什么")):  # fmt: skip
        fake.send_text(ZHANG, answer)
        assert asked in (await fake.wait_for(ZHANG)).text, answer
    fake.send_text(ZHANG, "12月8号前发报价")
    card = await fake.wait_for(ZHANG)  # not "什么时候跟进？": the next step said it
    assert "走访记录草稿" in card.text and "跟进日期：" in card.text, card.text
    assert "人员：刘经理（物流部经理）" in card.text, card.text


async def test_a_draft_kept_over_a_restart_is_resumed_in_its_reports_language(
    fake: FakeTelegram, tmp_path: Path, e2e_database_url: str, seeded: Services,
    bot_clock: FakeClock,
) -> None:  # fmt: skip
    await seed(seeded)
    # On the clock the data was seeded on (on the system's, a bot run at E2E_START found the
    # seeded clients long overdue and told that before the draft).
    first = ComposedBot(fake, tmp_path / "data", e2e_database_url, bot_clock)
    await first.start()
    try:
        # 张三 speaks Chinese to the bot; this report is in English, so its draft is.
        fake.send_text(ZHANG, "/visit Visited China Mobile Suzhou, discussed the 5G renewal")
        assert "When was the visit" in (await fake.wait_for(ZHANG)).text
    finally:
        await first.stop()
    again = ComposedBot(fake, tmp_path / "data", e2e_database_url, bot_clock)
    await again.start()
    try:
        assert "draft was kept" in (await fake.wait_for(ZHANG)).text
        assert "When was the visit" in (await fake.wait_for(ZHANG)).text
    finally:
        await again.stop()


async def test_a_question_typed_at_what_was_discussed_is_answered_and_can_still_be_the_summary(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 华能电厂")
    assert "什么时候走访的" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "昨天")
    assert "谈了什么" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "信誉较差的客户多久要走访一次？")
    answer = await fake.wait_for(ZHANG)
    assert "走访记录草稿" not in answer.text, answer.text  # answered, not taken as the summary
    await fake.wait_for(ZHANG, lambda m: "走访记录草稿还在" in m.text)
    asked = await fake.wait_for(ZHANG)
    assert "谈了什么" in asked.text, asked.text
    await press(fake, ZHANG, asked, "刚才那句就是走访内容")  # it was the summary after all
    card = await fake.wait_for(ZHANG)
    assert "内容：信誉较差的客户多久要走访一次？" in card.text, card.text


async def _asked_what_was_done(fake: FakeTelegram) -> None:
    """张三 files a billing complaint, then taps 已解决 on it: the bot asks what was done."""
    fake.send_text(ZHANG, "/complaint 华能电厂反映账单重复计费，一般")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认")
    assert "投诉工单 #1" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/complaints")
    await fake.wait_for(ZHANG)
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "已解决")
    assert "处理结果" in (await fake.wait_for(ZHANG)).text


async def test_a_question_typed_at_what_was_done_to_resolve_it_is_answered_not_taken_as_the_result(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "紧急投诉多久要解决？" typed at "请写下处理结果" became the ticket's resolution (only the
    # confirm card showed it).
    await seed(seeded)
    await in_process_bot.start()
    await _asked_what_was_done(fake)
    fake.send_text(ZHANG, "这个处理结果要写到多详细？")
    answer = await fake.wait_for(ZHANG)
    assert "处理结果：这个处理结果" not in answer.text, answer.text
    await fake.wait_for(ZHANG, lambda m: "工单还在等您写处理结果" in m.text)
    asked = await fake.wait_for(ZHANG)
    assert "请写下处理结果" in asked.text, asked.text
    fake.send_text(ZHANG, "已退回重复收取的费用并重开发票")
    shown = await fake.wait_for(ZHANG)
    assert "处理结果：已退回重复收取的费用并重开发票" in shown.text, shown.text
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert ticket.resolved_at is None  # nothing written before the confirmation


async def test_a_question_at_what_was_done_can_still_be_the_result_by_its_button(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    await _asked_what_was_done(fake)
    fake.send_text(ZHANG, "客户同意下月账单抵扣，还需要再确认吗？")
    await fake.wait_for(ZHANG, lambda m: "工单还在等您写处理结果" in m.text)
    asked = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, asked, "刚才那句就是处理结果")
    shown = await fake.wait_for(ZHANG)
    assert "处理结果：客户同意下月账单抵扣，还需要再确认吗？" in shown.text, shown.text


async def test_a_clients_question_told_at_what_was_discussed_is_the_summary(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 华能电厂")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "昨天")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "客户问二期扩容能不能下个月开通？")
    card = await fake.wait_for(ZHANG)
    assert "内容：客户问二期扩容能不能下个月开通？" in card.text, card.text


async def test_a_new_report_typed_on_a_waiting_card_is_kept_and_logged_after_it(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 昨天拜访了华能电厂，见了设备部张总，谈了二期扩容")
    assert "华能南京电厂" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "今天上午去了苏州移动，见了信息部李经理，谈了专线续约")
    offer = await fake.wait_for(ZHANG)
    assert "新的走访记录" in offer.text and "华能南京电厂" in offer.text, offer.text
    await press(fake, ZHANG, offer, "保存上一份")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    card = await fake.wait_for(ZHANG)
    assert "中国移动苏州分公司" in card.text and "专线续约" in card.text, card.text
    assert await count(seeded, Visit) == 1  # the new one waits for its own tap
    fake.send_text(ZHANG, "昨天下午电话联系了华能电厂张总，谈了检修计划")
    offer = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, offer, "放弃上一份")
    assert "已取消" in (await fake.wait_for(ZHANG)).text
    card = await fake.wait_for(ZHANG)
    assert "华能南京电厂" in card.text and "检修计划" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    assert await count(seeded, Visit) == 2


async def test_a_visit_in_which_the_client_complained_is_logged_then_the_complaint_is_offered(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(
        ZHANG, "昨天下午去了华能电厂，见了设备部张总，客户投诉专线上周又断网了，很不满意"
    )
    offer = await fake.wait_for(ZHANG)
    assert "提到了客户的投诉" in offer.text, offer.text
    await press(fake, ZHANG, offer, "记录走访")
    card = await fake.wait_for(ZHANG)
    assert "走访记录草稿" in card.text and "华能南京电厂" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    offer = await fake.wait_for(ZHANG)
    assert "客户投诉" in offer.text, offer.text
    await press(fake, ZHANG, offer, "登记投诉")
    asked = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, asked, "我")  # who received it
    ticket = await fake.wait_for(ZHANG)
    assert "投诉工单草稿" in ticket.text and "华能南京电厂" in ticket.text, ticket.text
    assert "严重程度：紧急" in ticket.text, ticket.text  # a service down (断网)
    # Described by the words telling of the complaint, not the visit's ("昨天下午去了…见了…").
    assert "描述：客户投诉专线上周又断网了，很不满意" in ticket.text, ticket.text
    assert await count(seeded, Visit) == 1 and await count(seeded, Complaint) == 0


async def test_a_visit_report_typed_on_a_waiting_complaint_card_is_kept_too(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂专线断网，客户很不满意")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    assert "投诉工单草稿" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "今天上午去了苏州移动，见了信息部李经理，谈了专线续约")
    offer = await fake.wait_for(ZHANG)
    assert "新的走访记录" in offer.text and "投诉工单草稿" in offer.text, offer.text
    await press(fake, ZHANG, offer, "返回")  # the ticket's card again, the report kept aside
    assert "先留着" in (await fake.wait_for(ZHANG)).text
    card = await fake.wait_for(ZHANG)
    assert "投诉工单草稿" in card.text, card.text
    fake.send_text(ZHANG, "今天上午去了苏州移动，见了信息部李经理，谈了专线续约")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "保存上一份")
    assert "投诉工单 #1" in (await fake.wait_for(ZHANG)).text
    card = await fake.wait_for(ZHANG)
    assert "中国移动苏州分公司" in card.text and "专线续约" in card.text, card.text
    assert await count(seeded, Complaint) == 1 and await count(seeded, Visit) == 0


async def test_a_ticket_said_to_be_contacted_in_words_can_be_marked_from_the_offer(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂专线断网，客户很不满意")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认")
    await fake.wait_for(ZHANG, lambda m: "投诉工单 #1" in m.text)
    fake.send_text(ZHANG, "华能电厂那个断网的工单我已经打电话联系过客户了")
    offer = await fake.wait_for(ZHANG, lambda m: bool(buttons(m)))
    assert "📨 只登记投诉" not in buttons(offer), buttons(offer)  # no new complaint told
    await press(fake, ZHANG, offer, "标记工单 #1 已联系客户")
    await fake.wait_for(ZHANG, lambda m: "工单 #1 已标记为已响应" in m.text)
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert ticket.status == "responded" and ticket.responded_at is not None


async def test_a_call_telling_a_new_complaint_offers_it_with_no_ticket_awaiting_contact(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "今天给华能电厂打了电话，客户投诉账单重复扣费")
    offer = await fake.wait_for(ZHANG, lambda m: bool(buttons(m)))
    assert "提到了客户的投诉" in offer.text and "📨 只登记投诉" in buttons(offer), offer.text
    await press(fake, ZHANG, offer, "只登记投诉")
    await press(fake, ZHANG, await fake.wait_for(ZHANG, lambda m: "严重程度" in m.text), "中")
    await press(fake, ZHANG, await fake.wait_for(ZHANG, lambda m: "受理" in m.text), "我")
    draft = await fake.wait_for(ZHANG, lambda m: "投诉工单草稿" in m.text)
    assert "华能" in draft.text and "重复扣费" in draft.text, draft.text


async def test_a_call_telling_a_new_complaint_in_its_own_words_offers_it_beside_the_ticket(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂专线断网，客户很不满意")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "我")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认")
    await fake.wait_for(ZHANG, lambda m: "投诉工单 #1" in m.text)
    # The call may well be the first contact on #1, and it tells of another complaint.
    fake.send_text(ZHANG, "今天给华能电厂打了电话，客户投诉账单重复扣费")
    offer = await fake.wait_for(ZHANG, lambda m: bool(buttons(m)))
    assert "📨 只登记投诉" in buttons(offer), buttons(offer)
    assert "✅ 标记工单 #1 已联系客户" in buttons(offer), buttons(offer)
    # The same words about the ticket alone offer only the marking.
    fake.send_text(ZHANG, "华能电厂那个投诉我已经打电话联系过客户了")
    offer = await fake.wait_for(ZHANG, lambda m: bool(buttons(m)) and "#1" in str(buttons(m)))
    assert "📨 只登记投诉" not in buttons(offer), buttons(offer)


async def test_a_visit_command_telling_of_a_complaint_offers_it_once_the_visit_is_saved(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 昨天去了华能电厂，客户投诉专线上周又断网了，很不满意")
    card = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    offer = await fake.wait_for(ZHANG)
    assert "客户投诉" in offer.text and buttons(offer), offer.text


async def test_a_whole_report_typed_at_which_client_is_the_next_report_not_a_name(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit")
    assert "走访的是哪个客户" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "昨天去了苏州移动，见了信息部李经理，谈了专线续约")
    offer = await fake.wait_for(ZHANG)
    assert "没有在您的客户中找到" not in offer.text and "还没填完" in offer.text, offer.text
    await press(fake, ZHANG, offer, "放弃上一份")
    assert "已取消" in (await fake.wait_for(ZHANG)).text
    card = await fake.wait_for(ZHANG)
    assert "中国移动苏州分公司" in card.text and "专线续约" in card.text, card.text


async def test_a_visit_said_to_be_some_days_ago_asks_which_day_offering_those_days(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    """'前几天', '上周末', 'a few days ago' name no day: 'a few days ago' was saved as three days
    ago, the others asked with only 今天/昨天 to tap. Now the days they mean are offered."""
    bot_clock.set(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))  # Monday, 10:00 in Shanghai
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 前几天去了华能电厂，谈了二期扩容")
    asked = await fake.wait_for(ZHANG)
    assert "“前几天”是哪一天" in asked.text, asked.text
    assert list(buttons(asked))[:4] == ["11-28 周六", "11-27 周五", "11-26 周四", "11-25 周三"]
    await press(fake, ZHANG, asked, "11-27 周五")
    card = await fake.wait_for(ZHANG)
    assert "2026-11-27" in card.text and "二期扩容" in card.text and "前几天" not in card.text
    await press(fake, ZHANG, card, "取消")
    await fake.wait_for(ZHANG)
    # Typed as the answer to "什么时候走访的？": the weekend's two days, not "没看懂日期".
    fake.send_text(ZHANG, "/visit 华能电厂，谈了二期扩容")
    assert "什么时候走访的" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "上周末")
    weekend = await fake.wait_for(ZHANG)
    assert "“上周末”是哪一天" in weekend.text, weekend.text
    assert list(buttons(weekend))[:2] == ["11-28 周六", "11-29 周日"]
    await press(fake, ZHANG, weekend, "11-29 周日")
    card = await fake.wait_for(ZHANG)
    assert "2026-11-29" in card.text, card.text
    await press(fake, ZHANG, card, "取消")
    await fake.wait_for(ZHANG)
    fake.send_text(
        ZHANG, "/visit Visited China Mobile Suzhou a few days ago, discussed the renewal"
    )
    asked = await fake.wait_for(ZHANG)
    assert "Which day was “a few days ago”" in asked.text, asked.text
    assert list(buttons(asked))[:2] == ["Sat 11-28", "Fri 11-27"]
    assert await count(seeded, Visit) == 0
    assert fake.rejected == []


async def test_an_english_follow_up_in_part_of_a_named_month_is_on_the_card(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    """'follow up mid December' set no follow-up date, and none was asked: no reminder came."""
    bot_clock.set(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(
        ZHANG, "/visit Visited China Mobile Suzhou yesterday, discussed the renewal, "
        "follow up mid December",
    )  # fmt: skip
    card = await fake.wait_for(ZHANG)
    assert "2026-12-15" in card.text, card.text
    await press(fake, ZHANG, card, "Confirm")
    assert "2026-12-15" in (await fake.wait_for(ZHANG)).text


async def test_a_report_saying_to_follow_up_without_a_day_asks_when(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    """'过几天再跟进' went into the summary, no follow-up day asked: no reminder ever came.
    '月初回访' was the same; it is now the first of next month."""
    bot_clock.set(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))  # Monday
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 昨天去了华能电厂，和张总聊了二期扩容，过几天再跟进")
    asked = await fake.wait_for(ZHANG)
    assert "什么时候跟进" in asked.text, asked.text
    fake.send_text(ZHANG, "周四")
    card = await fake.wait_for(ZHANG)
    assert "下一步：过几天再跟进" in card.text and "跟进日期：2026-12-03" in card.text, card.text
    assert "内容：二期扩容" in card.text
    await press(fake, ZHANG, card, "取消")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/visit 昨天去了华能电厂，和张总聊了二期扩容，月初回访")
    card = await fake.wait_for(ZHANG)
    assert "下一步：月初回访" in card.text and "跟进日期：2026-12-01" in card.text, card.text


async def test_a_complaint_told_in_a_report_of_an_earlier_visit_was_received_that_day(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    """Told at last Thursday's visit, filed on Monday: the ticket said received on Monday and its
    deadlines ran four days late (首问负责制: it was received at the visit)."""
    bot_clock.set(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))  # Monday, 10:00 in Shanghai
    await seed(seeded)
    await in_process_bot.start()
    fake.add_user(SUPERVISOR)
    fake.send_text(ZHANG, "/complaint 上周四下午3点去了华能电厂，客户投诉专线中断了两次，很不满")
    asked = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, asked, "我")
    card = await fake.wait_for(ZHANG)
    assert "受理日期：2026-11-26" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    saved = await fake.wait_for(ZHANG)
    # Received in person at the visit: the client was met then, so no first contact is overdue
    # (it said "首次联系客户期限已过", and the supervisor "客户还没有被联系": both false).
    assert "首次联系：2026-11-26 走访时已当面受理" in saved.text, saved.text
    assert "解决期限：2026-11-27 23:59" in saved.text, saved.text
    late = await fake.wait_for(ZHANG)
    assert "解决期限已过" in late.text and "首次联系" not in late.text, late.text
    alert = await fake.wait_for(SUPERVISOR, lambda m: "紧急投诉 #1" in m.text)
    assert "还没有被联系" not in alert.text, alert.text
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert ticket.received_at.astimezone(ZoneInfo("Asia/Shanghai")) == datetime(
        2026, 11, 26, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert ticket.status == "responded" and ticket.responded_at == ticket.received_at
    # A complaint typed as it comes in is received now.
    fake.send_text(ZHANG, "/complaint 华能电厂专线昨天中断了，客户很不满")
    asked = await fake.wait_for(ZHANG, lambda m: "谁受理" in m.text)
    await press(fake, ZHANG, asked, "我")
    card = await fake.wait_for(ZHANG, lambda m: "投诉工单草稿" in m.text)
    assert "受理日期" not in card.text


async def test_deleting_a_visit_asks_first_and_cancelling_keeps_it(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """One tap on 🗑 deleted the visit at once, with no way back (a mis-tap lost it)."""
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 今天拜访了华能电厂，谈了二期扩容")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/visits")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "1")
    listed = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, listed, "删除")
    asked = await fake.wait_for(ZHANG)
    today = seeded.clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date().isoformat()
    assert f"删除走访记录 #1（华能南京电厂，{today}）？" in asked.text, asked.text
    await press(fake, ZHANG, asked, "取消")
    assert "保留不变" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        assert (await session.get(Visit, 1)).deleted_at is None  # type: ignore[union-attr]
    await press(fake, ZHANG, listed, "删除")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认删除")
    assert "已删除走访记录 #1" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        assert (await session.get(Visit, 1)).deleted_at is not None  # type: ignore[union-attr]
    # The listed card's buttons are stale now: they say the visit is gone, not that only its
    # author may change it within 24 hours.
    await press(fake, ZHANG, listed, "修改")
    assert (await fake.wait_for(ZHANG)).text == "走访记录 #1 已经删除，不能再修改。"
    assert fake.rejected == []


async def test_an_english_visit_telling_of_a_complaint_is_offered_in_a_plain_question(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """The offer read 'Log the visit first, and once it is saved I will ask whether to file a
    complaint?': a statement with a question mark, unclear what the buttons do."""
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "Visited China Mobile Suzhou yesterday, they asked for a refund")
    offer = await fake.wait_for(ZHANG)
    assert "Shall I log the visit first, and ask about filing the complaint once it is saved?" in (
        offer.text
    ), offer.text


async def test_recent_visits_come_in_one_message_and_a_number_opens_one_with_its_actions(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """/visits sent a header and then one message per visit: ten messages to scroll through."""
    await seed(seeded)
    await in_process_bot.start()
    zhang = await seeded.users.resolve_actor(ZHANG)
    assert zhang is not None
    [plant] = [c.id for c in await seeded.clients.search(zhang, "华能南京电厂")]
    today = seeded.clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date()
    long_ago = seeded.clock.now() - timedelta(days=30)
    async with seeded.db.write() as uow:
        uow.session.add_all([
            Visit(draft_id=f"old{n}", client_id=plant, author_id=zhang.user_id,
                  visited_on=today - timedelta(days=n), kind="on_site", people=[],
                  summary=f"第{n}次：" + "讨论二期扩容方案，" * 200, next_step="发报价",
                  follow_up_on=today + timedelta(days=n),
                  created_at=long_ago, updated_at=long_ago)
            for n in range(2, 14)
        ])  # fmt: skip
        await uow.commit()
    fake.send_text(ZHANG, "/visit 今天拜访了华能电厂，见了设备部张总，谈了光纤专线续约")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认")
    await fake.wait_for(ZHANG)
    before = len(fake.messages_to(ZHANG))
    fake.send_text(ZHANG, "/visits")
    listed = await fake.wait_for(ZHANG)
    assert len(fake.messages_to(ZHANG)) == before + 1  # one message, not a header and ten cards
    text = listed.text
    assert text.startswith("最近 10 条走访记录") and len(text) < 4096, text
    # Newest first, each numbered with its date, client, kind and the start of what was said.
    lines = text.splitlines()
    first = next(line for line in lines if line.startswith("1. "))
    assert first.startswith(f"1. {today.isoformat()}") and first.endswith(
        " · 华能南京电厂 · 🏢 上门"
    )
    assert "见 张总（设备部）：光纤专线续约" in text, text
    second = next(line for line in lines if line.startswith("2. "))
    assert second.startswith(f"2. {(today - timedelta(days=2)).isoformat()}"), second
    assert f"➡ 下一步：发报价（跟进 {(today + timedelta(days=2)).isoformat()}）" in text, text
    assert "第13次" not in text and "10. " in text and "11. " not in text, text
    assert "（张三）" not in text  # his own visits: his name says nothing
    numbers = buttons(listed)
    assert list(numbers) == [str(n) for n in range(1, 11)], numbers
    # A number opens the visit in full; its author may still edit or delete a recent one.
    fake.press_button(ZHANG, listed.message_id, numbers["2"])
    old = await fake.wait_for(ZHANG)
    # Too old to edit: its history alone can be opened.
    assert "第2次" in old.text and "讨论二期扩容方案" in old.text, old.text
    assert list(buttons(old)) == ["🕘 历史"], buttons(old)
    fake.press_button(ZHANG, listed.message_id, numbers["1"])
    recent = await fake.wait_for(ZHANG)
    assert "光纤专线续约" in recent.text and "修改" in str(list(buttons(recent))), recent.text
    await press(fake, ZHANG, recent, "删除")
    assert "删除走访记录" in (await fake.wait_for(ZHANG)).text
    # A supervisor sees whose visit each one is.
    fake.send_text(SUPERVISOR, "/visits")
    team = (await fake.wait_for(SUPERVISOR)).text
    assert "上门（张三）" in team, team
    assert fake.rejected == []


async def test_a_complaints_date_received_is_edited_on_its_card_and_its_deadlines_follow(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    """The card's edit menu had no date received: a complaint that came in last Wednesday and
    was filed on Monday had its deadlines counted from Monday."""
    bot_clock.set(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))  # Monday, 10:00 in Shanghai
    await seed(seeded)
    on_file = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    async with seeded.db.write() as uow:
        await uow.session.execute(update(Client).values(created_at=on_file))
        await uow.commit()
    await in_process_bot.start()
    fake.send_text(ZHANG, "/complaint 华能电厂专线中断了，客户很不满")
    await press(fake, ZHANG, await fake.wait_for(ZHANG, lambda m: "谁受理" in m.text), "我")
    card = await fake.wait_for(ZHANG, lambda m: "投诉工单草稿" in m.text)
    await press(fake, ZHANG, card, "修改")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "受理日期")
    asked = await fake.wait_for(ZHANG)
    assert "哪天受理" in asked.text and "昨天" in buttons(asked), asked.text
    # A day to come, a day before the client was on file: told why, asked again.
    fake.send_text(ZHANG, "明天")
    assert "不能晚于今天（2026-12-01 还没到）" in (await fake.wait_for(ZHANG)).text
    await fake.wait_for(ZHANG, lambda m: "哪天受理" in m.text)
    fake.send_text(ZHANG, "11月10日")
    early = (await fake.wait_for(ZHANG)).text
    assert "2026-11-10 早于华能南京电厂建档的日期（2026-11-20）" in early, early
    await fake.wait_for(ZHANG, lambda m: "哪天受理" in m.text)
    # Last Wednesday: the deadlines are counted again from it (critical: 1 working day each).
    fake.send_text(ZHANG, "上周三")
    told = (await fake.wait_for(ZHANG)).text
    assert "受理日期改为 2026-11-25" in told, told
    assert "首次联系客户期限：2026-11-26 23:59" in told and "解决期限：2026-11-26 23:59" in told
    card = await fake.wait_for(ZHANG, lambda m: "投诉工单草稿" in m.text)
    assert "受理日期：2026-11-25（期限从这天起算）" in card.text, card.text
    # Typed on the card, as the other fields can be: the same rule, the deadlines told again.
    fake.send_text(ZHANG, "受理日期改成下周一")
    assert "不能晚于今天" in (await fake.wait_for(ZHANG)).text
    card = await fake.wait_for(ZHANG, lambda m: "投诉工单草稿" in m.text)
    assert "受理日期：2026-11-25" in card.text, card.text  # untouched
    fake.send_text(ZHANG, "受理日期改成上周二")
    told = (await fake.wait_for(ZHANG, lambda m: "受理日期改为" in m.text)).text
    assert "受理日期改为 2026-11-24" in told and "首次联系客户期限：2026-11-25 23:59" in told, told
    card = await fake.wait_for(ZHANG, lambda m: "投诉工单草稿" in m.text)
    assert "受理日期：2026-11-24（期限从这天起算）" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    saved = (await fake.wait_for(ZHANG, lambda m: "已保存投诉工单" in m.text)).text
    assert "首次联系客户期限：2026-11-25 23:59" in saved, saved
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    shanghai = ZoneInfo("Asia/Shanghai")
    assert ticket.received_at.astimezone(shanghai) == datetime(2026, 11, 24, 12, 0, tzinfo=shanghai)
    assert fake.rejected == []


async def test_an_english_session_shows_a_clients_english_name_on_its_buttons(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """An English user choosing among 中国移动苏州分公司 and its look-alikes saw only Chinese
    names, though the client file gives "China Mobile Suzhou"."""
    await seed(seeded)
    await seeded.clients.upsert_rows(None, [
        client(5, "中国移动南京分公司", ZHANG, aliases=("南京移动", "CMCC Nanjing", "China Mobile Nanjing")),
        client(6, "中国移动无锡分公司", ZHANG),  # no English name: none is made up
    ])  # fmt: skip
    await in_process_bot.start()
    fake.send_text(ZHANG, "/client 中国移动")
    chinese = buttons(await fake.wait_for(ZHANG))
    assert set(chinese) == {"中国移动苏州分公司", "中国移动南京分公司", "中国移动无锡分公司"}
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/client 中国移动")
    english = buttons(await fake.wait_for(ZHANG))
    assert set(english) == {"China Mobile Suzhou · 中国移动苏州分公司",
                            "China Mobile Nanjing · 中国移动南京分公司", "中国移动无锡分公司"}  # fmt: skip
    assert sorted(english.values()) == sorted(chinese.values())  # the same clients
    # A draft's client step offers them the same way.
    fake.send_text(ZHANG, "/visit")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "中国移动")
    step = buttons(await fake.wait_for(ZHANG, lambda m: bool(m.reply_markup)))
    assert "China Mobile Nanjing · 中国移动南京分公司" in step, step
    assert "中国移动无锡分公司" in step, step
    assert fake.rejected == []


async def test_correcting_a_saved_visit_shows_a_card_of_that_visit_not_a_new_draft(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # Before, the card read "走访记录草稿 … 保存前不会记录任何内容", as if a new report were
    # being logged beside the saved one.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 今天拜访了华能电厂，谈了二期扩容")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/visits")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "1")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "修改")
    await fake.wait_for(ZHANG)  # which field?
    fake.send_text(ZHANG, "方式改成电话")
    card = await fake.wait_for(ZHANG, lambda m: "确认" in m.text and "电话" in m.text)
    assert "修改走访记录 #1" in card.text and "草稿" not in card.text, card.text
    assert "原记录保持不变" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    done = (await fake.wait_for(ZHANG)).text
    assert "已修改走访记录 #1" in done and "已保存" not in done, done  # not a new visit saved
    async with seeded.db.read() as session:
        visits = (await session.execute(select(Visit))).scalars().all()
    assert [(v.id, v.kind) for v in visits] == [(1, "phone")]  # the same visit, corrected
