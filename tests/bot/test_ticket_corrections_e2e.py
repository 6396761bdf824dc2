"""A saved complaint ticket corrected through the real bot: its card, a button to confirm, the
deadlines counted again when the severity or the day received changed, access checked at every
press; resolving one shows the note to confirm before anything is written."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from emulator import FakeTelegram, SentMessage
from services.bootstrap import Services
from services.policy import Severity
from services.storage.models import AuditEntry, Client, Complaint
from tests.bot.conftest import InProcessBot
from tests.fakes import FakeClock
from tests.kit import LI, SUPERVISOR, ZHANG, buttons, client, data_of, seed_team

pytestmark = pytest.mark.e2e
SHANGHAI = ZoneInfo("Asia/Shanghai")


async def seed(services: Services, clock: FakeClock) -> int:
    """张三's clients 华能南京电厂 and 中国移动苏州分公司, 李四's 华润万家; three days later a low
    ticket of 华能 received now, deadlines by the policy. Returns its id."""
    await seed_team(services)
    await services.clients.upsert_rows(None, [
        client(2, "华能南京电厂", ZHANG, aliases=("华能电厂",)),
        client(3, "中国移动苏州分公司", ZHANG, aliases=("苏州移动",)),
        client(4, "华润万家", LI),
    ])  # fmt: skip
    clock.advance(days=3)  # the clients are on file before the days a correction may name
    now = clock.now()
    due = services.policy.complaints.deadlines(
        now, Severity.LOW, timezone="Asia/Shanghai", calendar=services.policy.calendar()
    )
    async with services.db.write() as uow:
        huaneng = (
            await uow.session.execute(select(Client).where(Client.name == "华能南京电厂"))
        ).scalar_one()
        ticket = Complaint(
            draft_id="seed-1", client_id=huaneng.id, owner_id=huaneng.owner_id,
            recorded_by_id=huaneng.owner_id, received_by="张三", category="service",
            severity="low", description="装维人员上门迟到", status="open", received_at=now,
            first_response_due=due.first_response_due, resolution_due=due.resolution_due,
            created_at=now, updated_at=now,
        )  # fmt: skip
        uow.session.add(ticket)
        await uow.commit()
        return ticket.id


async def stored(services: Services, ticket_id: int) -> Complaint:
    async with services.db.read() as session:
        found = await session.get(Complaint, ticket_id)
        assert found is not None
        return found


async def press(fake: FakeTelegram, user: int, message: SentMessage, label: str) -> None:
    fake.press_button(user, message.message_id, data_of(message, label))


def shown(at: datetime) -> str:
    return at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


async def ticket_card(fake: FakeTelegram, user: int) -> SentMessage:
    fake.send_text(user, "/complaints")
    await fake.wait_for(user)  # the header
    return await fake.wait_for(user, lambda m: "#" in m.text and bool(buttons(m)))


async def test_a_manager_corrects_severity_and_day_received_and_the_deadlines_follow(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "/start")  # the supervisor has opened the bot: alerts reach him
    await fake.wait_for(SUPERVISOR)
    card = await ticket_card(fake, ZHANG)
    await press(fake, ZHANG, card, "修改")
    menu = await fake.wait_for(ZHANG)
    assert "要修改哪一项" in menu.text, menu.text
    await press(fake, ZHANG, menu, "严重程度")
    asked = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, asked, "高")
    draft = await fake.wait_for(ZHANG)
    assert f"修改投诉工单 #{ticket_id}" in draft.text and "严重程度：高" in draft.text, draft.text
    # Typed on the card, as on a new draft's card: the day it came in.
    fake.send_text(ZHANG, "受理日期改成昨天")
    yesterday = bot_clock.now().astimezone(SHANGHAI).date() - timedelta(days=1)
    moved = await fake.wait_for(ZHANG, lambda m: "受理日期改为" in m.text)
    assert yesterday.isoformat() in moved.text, moved.text
    draft = await fake.wait_for(ZHANG, lambda m: "修改投诉工单" in m.text)
    before = await stored(seeded, ticket_id)
    assert before.severity == "low" and before.draft_id == "seed-1"  # nothing written yet
    await press(fake, ZHANG, draft, "确认")
    done = await fake.wait_for(ZHANG, lambda m: "已修改" in m.text)
    assert done.text == f"✅ 投诉工单 #{ticket_id} 已修改：严重程度、受理日期。", done.text
    # High: 3 working days, counted from yesterday noon (a past day counts from its noon).
    received = datetime.combine(yesterday, time(12), SHANGHAI)
    due = seeded.policy.complaints.deadlines(
        received, Severity.HIGH, timezone="Asia/Shanghai", calendar=seeded.policy.calendar()
    )
    told = await fake.wait_for(ZHANG, lambda m: "重新计算" in m.text)
    assert f"首次联系客户期限：{shown(due.first_response_due)}" in told.text, told.text
    assert f"解决期限：{shown(due.resolution_due)}" in told.text, told.text
    after = await stored(seeded, ticket_id)
    assert after.severity == "high" and after.received_at == received
    assert after.resolution_due == due.resolution_due
    assert after.description == "装维人员上门迟到"  # what was not corrected stays
    async with seeded.db.read() as session:
        audit = (
            await session.execute(select(AuditEntry).where(AuditEntry.entity == "complaint"))
        ).scalar_one()
    assert audit.action == "update" and audit.before["severity"] == "low"
    # High is a severity the supervisor is told of: told once the correction makes it so.
    await in_process_bot.sweep()
    alert = await fake.wait_for(SUPERVISOR)
    assert f"#{ticket_id}" in alert.text and "华能南京电厂" in alert.text, alert.text
    # A second tap on the same Confirm writes nothing more.
    await press(fake, ZHANG, draft, "确认")
    again = await fake.wait_for(ZHANG, lambda m: "已保存" in m.text)
    assert again.text == f"✅ 投诉工单 #{ticket_id} 已保存。", again.text
    await fake.wait_idle()
    assert fake.rejected == []


async def test_the_client_is_chosen_among_the_managers_own_and_the_description_corrected(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    await in_process_bot.start()
    card = await ticket_card(fake, ZHANG)
    await press(fake, ZHANG, card, "修改")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "客户")
    await fake.wait_for(ZHANG)  # which client?
    fake.send_text(ZHANG, "华润万家")  # 李四's client
    refused = await fake.wait_for(ZHANG)
    assert "没有在您的客户中找到“华润万家”" in refused.text, refused.text
    fake.send_text(ZHANG, "苏州移动")
    draft = await fake.wait_for(ZHANG, lambda m: "修改投诉工单" in m.text)
    assert "客户：中国移动苏州分公司" in draft.text, draft.text
    fake.send_text(ZHANG, "描述改成 装维人员两次上门迟到，客户要求书面道歉")
    draft = await fake.wait_for(ZHANG, lambda m: "两次上门迟到" in m.text)
    await press(fake, ZHANG, draft, "确认")
    done = await fake.wait_for(ZHANG, lambda m: "已修改" in m.text and "✅" in m.text)
    assert done.text == f"✅ 投诉工单 #{ticket_id} 已修改：客户、内容。", done.text
    after = await stored(seeded, ticket_id)
    async with seeded.db.read() as session:
        mobile = await session.get(Client, after.client_id)
    assert mobile is not None and mobile.name == "中国移动苏州分公司"
    assert after.description == "装维人员两次上门迟到，客户要求书面道歉"
    assert after.severity == "low"  # deadlines untouched: nothing they count from changed
    await fake.wait_idle()
    assert not [m for m in fake.messages_to(ZHANG) if "重新计算" in m.text]
    assert fake.rejected == []


async def test_someone_elses_ticket_cannot_be_touched_but_the_teams_supervisor_may(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    await in_process_bot.start()
    card = await ticket_card(fake, ZHANG)
    fake.send_text(LI, "/complaints")
    own = await fake.wait_for(LI)
    assert own.text == "没有未关闭的投诉工单。", own.text  # 张三's ticket is not in his list
    # 李四 sends the buttons of 张三's ticket (a forged callback): refused at every press.
    for action in ("edit", "resolve", "respond", "score5"):
        fake.press_button(LI, own.message_id, f"cp:{ticket_id}:{action}", forge=True)
        refused = await fake.wait_for(LI)
        assert refused.text == "没有找到相关内容，或者您无权查看。", refused.text
    # 张三 opens the correction; 李四 presses its Confirm: not his draft, nothing written.
    await press(fake, ZHANG, card, "修改")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "内容")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "装维人员上门迟到两小时")
    draft = await fake.wait_for(ZHANG, lambda m: "修改投诉工单" in m.text)
    fake.press_button(LI, own.message_id, data_of(draft, "确认"), forge=True)
    await fake.wait_for(LI)
    assert (await stored(seeded, ticket_id)).description == "装维人员上门迟到"
    # The team's supervisor corrects it (in English), among the team's clients.
    fake.send_text(SUPERVISOR, "/lang en")
    await fake.wait_for(SUPERVISOR)
    card = await ticket_card(fake, SUPERVISOR)
    await press(fake, SUPERVISOR, card, "Correct")
    menu = await fake.wait_for(SUPERVISOR)
    await press(fake, SUPERVISOR, menu, "Category")
    await press(fake, SUPERVISOR, await fake.wait_for(SUPERVISOR), "Delivery")
    draft = await fake.wait_for(SUPERVISOR, lambda m: "Correcting complaint ticket" in m.text)
    assert "Category: Delivery" in draft.text, draft.text
    await press(fake, SUPERVISOR, draft, "Confirm")
    done = await fake.wait_for(SUPERVISOR, lambda m: "corrected" in m.text)
    assert done.text == f"✅ Complaint ticket #{ticket_id} corrected: Category.", done.text
    assert (await stored(seeded, ticket_id)).category == "delivery"
    assert fake.rejected == []


async def test_resolving_shows_the_note_to_confirm_and_a_closed_ticket_keeps_its_severity(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    card = await ticket_card(fake, ZHANG)
    await press(fake, ZHANG, card, "Resolved")
    asked = await fake.wait_for(ZHANG)
    assert f"Ticket #{ticket_id}" in asked.text, asked.text
    fake.send_text(ZHANG, "Apologised in writing; the installer now calls ahead")
    confirm = await fake.wait_for(ZHANG)
    assert confirm.text == (
        f"Mark complaint ticket #{ticket_id} (华能南京电厂) as resolved?\n"
        "Resolution: Apologised in writing; the installer now calls ahead"
    ), confirm.text
    assert (await stored(seeded, ticket_id)).status == "open"  # not before the button
    await press(fake, ZHANG, confirm, "Confirm")
    done = await fake.wait_for(ZHANG)
    assert f"Ticket #{ticket_id} resolved" in done.text, done.text
    after = await stored(seeded, ticket_id)
    assert after.status == "resolved"
    assert after.resolution == "Apologised in writing; the installer now calls ahead"
    await press(fake, ZHANG, done, "5")
    await fake.wait_for(ZHANG, lambda m: "closed" in m.text)
    # Closed with its score: the old card's ✏️ may still put its record right, not its severity.
    await press(fake, ZHANG, card, "Correct")
    menu = await fake.wait_for(ZHANG)
    assert "Client" in buttons(menu) and "Severity" not in buttons(menu), buttons(menu)
    assert fake.rejected == []


async def close(fake: FakeTelegram, user: int, ticket_id: int, score: str) -> SentMessage:
    """The ticket resolved from its card, then scored: the message saying it is closed."""
    card = await ticket_card(fake, user)
    await press(fake, user, card, "已解决")
    await fake.wait_for(user)  # the resolution asked
    fake.send_text(user, "已书面道歉，装维人员改为提前电话预约")
    await press(fake, user, await fake.wait_for(user), "确认")
    scored = await fake.wait_for(user, lambda m: "已解决" in m.text and bool(buttons(m)))
    await press(fake, user, scored, score)
    return await fake.wait_for(user, lambda m: "已关闭" in m.text)


async def test_a_closed_tickets_client_and_category_are_put_right_and_its_closing_stays(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    await in_process_bot.start()
    closed = await close(fake, ZHANG, ticket_id, "4")
    before = await stored(seeded, ticket_id)
    assert before.status == "closed" and before.closed_at is not None
    bot_clock.advance(days=5)  # noticed at the week's review
    await press(fake, ZHANG, closed, "修改")
    menu = await fake.wait_for(ZHANG)
    assert "客户" in buttons(menu) and "类别" in buttons(menu), buttons(menu)
    assert "严重程度" not in buttons(menu) and "受理日期" not in buttons(menu), buttons(menu)
    # Typed on the card, the severity is refused and said why; the rest is applied.
    fake.send_text(ZHANG, "严重程度改成高")
    refused = await fake.wait_for(ZHANG, lambda m: "考核时限的依据" in m.text)
    assert f"#{ticket_id}" in refused.text, refused.text
    fake.send_text(ZHANG, "客户改成苏州移动")
    draft = await fake.wait_for(ZHANG, lambda m: "客户：中国移动苏州分公司" in m.text)
    assert "🔒 已于" in draft.text and "关闭" in draft.text, draft.text
    await press(fake, ZHANG, draft, "确认")
    done = await fake.wait_for(ZHANG, lambda m: "已修改" in m.text and "✅" in m.text)
    assert done.text == f"✅ 投诉工单 #{ticket_id} 已修改：客户。", done.text
    after = await stored(seeded, ticket_id)
    async with seeded.db.read() as session:
        mobile = await session.get(Client, after.client_id)
        audit = (
            await session.execute(
                select(AuditEntry).where(
                    AuditEntry.entity == "complaint", AuditEntry.action == "correct_closed"
                )
            )
        ).scalar_one()
    assert mobile is not None and mobile.name == "中国移动苏州分公司"
    assert (after.status, after.closed_at, after.satisfaction) == ("closed", before.closed_at, 4)
    assert after.severity == "low" and after.resolution_due == before.resolution_due
    assert audit.before["client_id"] != audit.after["client_id"]
    assert audit.after["closed_at"] == audit.before["closed_at"]
    assert fake.rejected == []


async def test_a_ticket_closed_more_than_thirty_days_ago_can_no_longer_be_changed(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    await in_process_bot.start()
    closed = await close(fake, ZHANG, ticket_id, "5")
    bot_clock.advance(days=31)
    await press(fake, ZHANG, closed, "修改")
    refused = await fake.wait_for(ZHANG)
    assert refused.text == f"投诉工单 #{ticket_id} 已关闭超过 30 天，不能再修改。", refused.text
    after = await stored(seeded, ticket_id)
    assert after.status == "closed" and after.description == "装维人员上门迟到"


async def test_in_english_a_critical_correction_counts_one_working_day_from_receipt(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    received = (await stored(seeded, ticket_id)).received_at
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    card = await ticket_card(fake, ZHANG)
    await press(fake, ZHANG, card, "Correct")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "Severity")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "Critical")
    draft = await fake.wait_for(ZHANG, lambda m: "Correcting complaint ticket" in m.text)
    assert "Severity: Critical" in draft.text, draft.text
    await press(fake, ZHANG, draft, "Confirm")
    done = await fake.wait_for(ZHANG, lambda m: "corrected" in m.text)
    assert done.text == f"✅ Complaint ticket #{ticket_id} corrected: Severity.", done.text
    # Critical: resolved within 1 working day of the day received (handbook Art. 28).
    due = seeded.policy.complaints.deadlines(
        received, Severity.CRITICAL, timezone="Asia/Shanghai", calendar=seeded.policy.calendar()
    )
    told = await fake.wait_for(ZHANG, lambda m: "counted again" in m.text)
    assert f"Resolve by: {shown(due.resolution_due)}" in told.text, told.text
    assert f"Contact the client by: {shown(due.first_response_due)}" in told.text, told.text
    assert (await stored(seeded, ticket_id)).resolution_due == due.resolution_due
    assert fake.rejected == []


async def test_a_correction_on_a_card_older_than_someone_elses_does_not_overwrite_it(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    await in_process_bot.start()
    # 张三 opens the correction and types a new description, but does not confirm yet.
    await press(fake, ZHANG, await ticket_card(fake, ZHANG), "修改")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "内容")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "装维人员上门迟到一小时")
    late = await fake.wait_for(ZHANG, lambda m: "修改投诉工单" in m.text)
    # Meanwhile the supervisor corrects the severity, and confirms.
    await press(fake, SUPERVISOR, await ticket_card(fake, SUPERVISOR), "修改")
    await press(fake, SUPERVISOR, await fake.wait_for(SUPERVISOR), "严重程度")
    await press(fake, SUPERVISOR, await fake.wait_for(SUPERVISOR), "中")
    await press(
        fake,
        SUPERVISOR,
        await fake.wait_for(SUPERVISOR, lambda m: "修改投诉工单" in m.text),
        "确认",
    )
    await fake.wait_for(SUPERVISOR, lambda m: "已修改：严重程度" in m.text)
    # 张三's card still shows 低: confirming it would put it back. Refused, and said why.
    await press(fake, ZHANG, late, "确认")
    refused = await fake.wait_for(ZHANG)
    assert refused.text == (
        f"投诉工单 #{ticket_id} 在您修改期间已被他人更改，这次修改未保存。"
        "请在 /complaints 中重新打开后再改。"
    ), refused.text
    after = await stored(seeded, ticket_id)
    assert after.severity == "medium" and after.description == "装维人员上门迟到"
    assert fake.rejected == []
