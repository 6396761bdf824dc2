"""A record's change history read in chat through the real bot: who changed a complaint, a visit
or a client, when (in the reader's time zone), each field from what to what in the reader's
words, paged within Telegram's limit; a supervisor sees the team's, a manager their own, and a
forged button for anyone else's record is refused at the press."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.render import utf16_len
from emulator import FakeTelegram, SentMessage
from services.bootstrap import Services
from services.domain import CreditRating, Role
from services.labels import label
from services.policy import Severity
from services.storage.models import AuditEntry, Client, Complaint, User, Visit
from tests.bot.conftest import InProcessBot
from tests.fakes import FakeClock
from tests.kit import ADMIN, LI, SUPERVISOR, ZHANG, buttons, client, data_of, seed_team

pytestmark = pytest.mark.e2e
SHANGHAI = ZoneInfo("Asia/Shanghai")
OTHER_SUPERVISOR = 1020  # 华南二部's supervisor: not 张三's team


async def seed(services: Services, clock: FakeClock) -> int:
    """张三's 华能南京电厂 (rating medium) and 中国移动苏州分公司, 李四's 华润万家, a supervisor of
    another team; then a low ticket of 华能 received now (no history yet). Returns its id."""
    await seed_team(services)
    await services.users.add_user(telegram_id=OTHER_SUPERVISOR, name="赵主管",
                                  role=Role.SUPERVISOR, team="华南二部")  # fmt: skip
    await services.clients.upsert_rows(None, [
        client(2, "华能南京电厂", ZHANG, aliases=("华能电厂", "Huaneng Nanjing"),
               credit_rating=CreditRating.MEDIUM),
        client(3, "中国移动苏州分公司", ZHANG, aliases=("苏州移动",)),
        client(4, "华润万家", LI),
    ])  # fmt: skip
    clock.advance(days=3)
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


async def press(fake: FakeTelegram, user: int, message: SentMessage, label_: str) -> None:
    fake.press_button(user, message.message_id, data_of(message, label_))


def shown(at: datetime, zone: ZoneInfo = SHANGHAI) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


async def entries(services: Services, entity: str, entity_id: int) -> list[AuditEntry]:
    async with services.db.read() as session:
        return list(
            (
                await session.execute(
                    select(AuditEntry)
                    .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
                    .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                )
            ).scalars()
        )


async def user_name(services: Services, user_id: int | None) -> str:
    async with services.db.read() as session:
        found = await session.get(User, user_id)
        assert found is not None
        return found.name


def reply(message: SentMessage) -> bool:
    """A reply to what was sent, not the high ticket's alert to the supervisor ("🚨 投诉上报 #1"),
    which the outbox delivers whenever its sweep comes (CI once read it as the history)."""
    return "投诉上报" not in message.text


async def ticket_card(fake: FakeTelegram, user: int) -> SentMessage:
    fake.send_text(user, "/complaints")
    await fake.wait_for(user, reply)  # the header
    return await fake.wait_for(user, lambda m: reply(m) and "#" in m.text and bool(buttons(m)))


async def correct_severity_and_respond(
    fake: FakeTelegram, clock: FakeClock, ticket_id: int
) -> None:
    """张三 corrects the ticket's severity to high, two hours later marks the client contacted."""
    card = await ticket_card(fake, ZHANG)
    await press(fake, ZHANG, card, "✏️ 修改")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "严重程度")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "高")
    draft = await fake.wait_for(ZHANG, lambda m: "修改投诉工单" in m.text)
    await press(fake, ZHANG, draft, "确认")
    await fake.wait_for(ZHANG, lambda m: "已修改" in m.text)
    await fake.wait_for(ZHANG, lambda m: "重新计算" in m.text)
    clock.advance(hours=2)
    card = await ticket_card(fake, ZHANG)
    await press(fake, ZHANG, card, "已联系客户")
    await fake.wait_for(ZHANG, lambda m: f"#{ticket_id}" in m.text)


async def test_a_supervisor_sees_who_changed_a_complaint_what_and_when_as_the_log_holds_it(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    await in_process_bot.start()
    for user in (SUPERVISOR, ADMIN):  # they have opened the bot: a high ticket's alert reaches them
        fake.send_text(user, "/start")
        await fake.wait_for(user)
    await correct_severity_and_respond(fake, bot_clock, ticket_id)
    card = await ticket_card(fake, SUPERVISOR)
    await press(fake, SUPERVISOR, card, "🕘 历史")
    page = await fake.wait_for(SUPERVISOR, lambda m: "修改记录" in m.text)
    text = page.text
    assert f"投诉工单 #{ticket_id}（华能南京电厂）的修改记录" in text, text
    log = await entries(seeded, "complaint", ticket_id)
    assert [e.action for e in log] == ["respond", "update"]
    assert "共 2 条" in text, text
    # Every entry: when in Shanghai time, who by name (from the users table), what it did; the
    # newest first.
    positions = []
    for entry in log:
        who = await user_name(seeded, entry.actor_id)
        head = f"{shown(entry.at)} · {who}"
        assert head in text, (head, text)
        positions.append(text.index(head))
    assert positions == sorted(positions), text
    assert f"{shown(log[0].at)} · 张三 · 标记已联系客户" in text, text
    assert f"{shown(log[1].at)} · 张三 · 修改" in text, text
    # Each changed field from what to what, in labels, as the log's snapshots hold it.
    update = log[1]
    before, after = update.before or {}, update.after or {}
    sev = f"严重程度：{label('zh', 'severity', before['severity'])} → "
    assert sev + f"{label('zh', 'severity', after['severity'])}" in text, text
    assert before["severity"] == "low" and after["severity"] == "high"
    for field, name in (("first_response_due", "首次联系期限"), ("resolution_due", "解决期限")):
        if before[field] != after[field]:
            was, now = datetime.fromisoformat(before[field]), datetime.fromisoformat(after[field])
            assert f"{name}：{shown(was)} → {shown(now)}" in text, text
    status = log[0]
    assert (status.before or {})["status"] == "open"
    assert f"状态：{label('zh', 'status', 'open')} → {label('zh', 'status', 'responded')}" in text
    # What did not change is not listed; no id is shown for a name.
    assert "描述" not in text and "客户：" not in text, text
    # The manager sees the history of his own ticket, by its number too.
    fake.send_text(ZHANG, f"/history #{ticket_id}")
    own = await fake.wait_for(ZHANG)
    assert f"投诉工单 #{ticket_id}" in own.text and sev in own.text, own.text
    # A supervisor abroad reads the times in his own time zone.
    fake.send_text(SUPERVISOR, "/tz Europe/Berlin")
    await fake.wait_for(SUPERVISOR, reply)
    fake.send_text(SUPERVISOR, f"/history #{ticket_id}")
    abroad = (await fake.wait_for(SUPERVISOR, reply)).text
    berlin = ZoneInfo("Europe/Berlin")
    assert f"{shown(log[0].at, berlin)} · 张三" in abroad and shown(log[0].at) not in abroad
    fake.send_text(SUPERVISOR, "/tz Asia/Shanghai")
    await fake.wait_for(SUPERVISOR, reply)
    # Asked in words: by the ticket's number; "这条" names none, so how to name it is told.
    fake.send_text(SUPERVISOR, f"{ticket_id}号投诉谁改过？")
    asked = await fake.wait_for(SUPERVISOR, reply)
    assert f"投诉工单 #{ticket_id}（华能南京电厂）的修改记录" in asked.text and sev in asked.text
    fake.send_text(SUPERVISOR, "这条投诉谁改过？")
    assert "🕘 历史" in (await fake.wait_for(SUPERVISOR, reply)).text
    # In English, with the client's English name and English labels.
    fake.send_text(SUPERVISOR, f"who changed complaint #{ticket_id}?")
    english = await fake.wait_for(SUPERVISOR, reply)
    assert f"Changes to complaint #{ticket_id} (Huaneng Nanjing)" in english.text, english.text
    assert "Severity: Low → High" in english.text, english.text
    assert f"{shown(log[0].at)} · 张三 · marked client contacted" in english.text, english.text
    assert fake.rejected == []


async def test_a_forged_history_button_for_another_managers_or_teams_record_is_refused(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    await in_process_bot.start()
    for user in (SUPERVISOR, ADMIN):  # they have opened the bot: a high ticket's alert reaches them
        fake.send_text(user, "/start")
        await fake.wait_for(user)
    await correct_severity_and_respond(fake, bot_clock, ticket_id)
    for user in (LI, OTHER_SUPERVISOR):  # 张三's colleague; another team's supervisor
        fake.send_text(user, "/help")
        menu = await fake.wait_for(user)
        fake.press_button(user, menu.message_id, f"hi:k:{ticket_id}:0", forge=True)
        refused = await fake.wait_for(user)
        assert "无权查看它的修改记录" in refused.text, refused.text
        assert "严重程度" not in refused.text and "华能" not in refused.text
        fake.send_text(user, f"/history {ticket_id}")
        refused = await fake.wait_for(user)
        assert "无权查看它的修改记录" in refused.text, refused.text
    # A visit report that tells of a change is no question about the log.
    fake.send_text(ZHANG, "今天上午拜访了华能电厂，张总问合同谁改过，下周二前发新版")
    answer = await fake.wait_for(ZHANG)
    assert "修改记录" not in answer.text and "华能南京电厂" in answer.text, answer.text
    await fake.wait_idle()
    # The same refusal for a ticket that does not exist: nothing tells them apart.
    fake.send_text(LI, f"/history #{ticket_id + 100}")
    assert "无权查看它的修改记录" in (await fake.wait_for(LI)).text
    # The admin sees every team's.
    fake.send_text(ADMIN, f"/history #{ticket_id}")
    assert "严重程度：低 → 高" in (await fake.wait_for(ADMIN, reply)).text
    assert fake.rejected == []


async def test_a_long_history_comes_in_pages_each_within_a_message_every_entry_once(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    async with seeded.db.read() as session:
        zhang = (await session.execute(select(User).where(User.telegram_id == ZHANG))).scalar_one()
    start = bot_clock.now()
    async with seeded.db.write() as uow:
        for n in range(40):  # forty corrections of a long description, a minute apart
            uow.audit(actor_id=zhang.id, action="update", entity="complaint", entity_id=ticket_id,
                      at=start + timedelta(minutes=n), before={"description": f"第{n}版" + "很长" * 150},
                      after={"description": f"第{n + 1}版" + "很长" * 150})  # fmt: skip
        await uow.commit()
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, f"/history #{ticket_id}")
    seen: list[str] = []
    pages = 0
    while True:
        page = await fake.wait_for(SUPERVISOR)
        pages += 1
        assert utf16_len(page.text) <= 4096, len(page.text)
        assert "共 40 条" in page.text and f"第 {pages}/" in page.text, page.text[:200]
        seen += [
            line.split(" · ")[0] for line in page.text.splitlines() if " · 张三 · 修改" in line
        ]
        if not any("较早" in b for b in buttons(page)):
            break
        await press(fake, SUPERVISOR, page, "较早")
    assert pages > 1
    expected = [shown(start + timedelta(minutes=n)) for n in reversed(range(40))]
    assert seen == expected  # newest first, each once, none left out
    assert fake.rejected == []


async def test_a_deleted_visit_and_a_reimported_client_show_who_did_it_in_names_and_labels(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    await seed(seeded, bot_clock)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 今天上午拜访了华能电厂，见了设备部张总，谈了二期扩容")
    await press(fake, ZHANG, await fake.wait_for(ZHANG, lambda m: bool(buttons(m))), "确认")
    await fake.wait_for(ZHANG, lambda m: "已保存走访记录" in m.text)
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    bot_clock.advance(minutes=30)
    fake.send_text(ZHANG, "/visits")
    listed = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, listed, "1")
    opened = await fake.wait_for(ZHANG, lambda m: bool(buttons(m)))
    await press(fake, ZHANG, opened, "删除")
    await press(fake, ZHANG, await fake.wait_for(ZHANG), "确认删除")
    await fake.wait_for(ZHANG, lambda m: "已删除" in m.text)
    fake.send_text(SUPERVISOR, "/history 走访 " + str(visit.id))
    text = (await fake.wait_for(SUPERVISOR)).text
    log = await entries(seeded, "visit", visit.id)
    assert [e.action for e in log] == ["delete", "create"]
    assert f"走访记录 #{visit.id}（华能南京电厂，{visit.visited_on.isoformat()}" in text, text
    assert f"{shown(log[0].at)} · 张三 · 删除" in text, text
    assert f"{shown(log[1].at)} · 张三 · 新建" in text, text
    assert "客户：华能南京电厂" in text and "走访方式：上门" in text, text
    assert "会见人员：张总" in text and "二期扩容" in text, text
    # The client re-imported by the admin: rated poor now, and moved to 李四.
    admin = await seeded.users.resolve_actor(ADMIN)
    bot_clock.advance(hours=1)
    await seeded.clients.upsert_rows(admin, [
        client(2, "华能南京电厂", LI, aliases=("华能电厂", "Huaneng Nanjing"), credit_rating=CreditRating.POOR)
    ])  # fmt: skip
    fake.send_text(SUPERVISOR, "/client 华能南京电厂")
    card = await fake.wait_for(SUPERVISOR, lambda m: bool(buttons(m)))
    await press(fake, SUPERVISOR, card, "🕘 历史")
    text = (await fake.wait_for(SUPERVISOR, lambda m: "修改记录" in m.text)).text
    fake.send_text(SUPERVISOR, "华能南京电厂的档案谁改过？")
    assert (await fake.wait_for(SUPERVISOR)).text == text  # asked in words: the same page
    async with seeded.db.read() as session:
        huaneng = (
            await session.execute(select(Client).where(Client.name == "华能南京电厂"))
        ).scalar_one()
    log = await entries(seeded, "client", huaneng.id)
    assert log[0].action == "import_update"
    assert f"{shown(log[0].at)} · 管理员 · 导入更新" in text, text
    assert "信誉等级：中 → 差" in text and "客户经理：张三 → 李四" in text, text
    # 张三 no longer owns it: its history is no longer his to read.
    fake.send_text(ZHANG, "/history 华能南京电厂")
    assert "没有找到您能查看的客户" in (await fake.wait_for(ZHANG)).text
    assert fake.rejected == []


async def test_this_ones_history_asked_in_reply_to_a_card_is_that_cards_record(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    ticket_id = await seed(seeded, bot_clock)
    await in_process_bot.start()
    for user in (SUPERVISOR, ADMIN):  # they have opened the bot: a high ticket's alert reaches them
        fake.send_text(user, "/start")
        await fake.wait_for(user)
    await correct_severity_and_respond(fake, bot_clock, ticket_id)
    fake.send_text(ZHANG, f"{ticket_id}号投诉谁改过？")
    numbered = await fake.wait_for(ZHANG, lambda m: "修改记录" in m.text)
    assert f"投诉工单 #{ticket_id}（华能南京电厂）的修改记录" in numbered.text, numbered.text
    card = await ticket_card(fake, ZHANG)
    # Sent as a reply to the ticket's card: it was told how to name a record ("请点…🕘 历史");
    # it is that ticket's history, the same as asked by its number.
    fake.send_text(ZHANG, "这条投诉谁改过？", reply_to_message_id=card.message_id)
    replied = await fake.wait_for(ZHANG)
    assert replied.text == numbered.text, replied.text
    fake.send_text(ZHANG, "这个谁改过？", reply_to_message_id=card.message_id)
    assert (await fake.wait_for(ZHANG)).text == numbered.text
    # A kind other than the card's is not taken from it; nor is anything without a reply.
    fake.send_text(ZHANG, "这条走访谁改过？", reply_to_message_id=card.message_id)
    assert "🕘 历史" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "这条投诉谁改过？")
    assert "🕘 历史" in (await fake.wait_for(ZHANG)).text
    # A client's card: that client's file history.
    fake.send_text(ZHANG, "/client 华能南京电厂")
    client_card = await fake.wait_for(ZHANG, lambda m: "🕘 历史" in buttons(m))
    fake.send_text(ZHANG, "这个客户的档案谁改过？", reply_to_message_id=client_card.message_id)
    page = await fake.wait_for(ZHANG)
    assert "华能南京电厂" in page.text and "修改记录" in page.text, page.text
    # Another question about "this one" replying to a client's card: that client's card (its
    # rating on it), not the documents ("资料中没有…") nor the asker's own visits.
    for asked in ("这个客户信用怎么样？", "这家最近一次拜访是什么时候？"):
        fake.send_text(ZHANG, asked, reply_to_message_id=client_card.message_id)
        again = await fake.wait_for(ZHANG)
        assert again.text == client_card.text and "信誉等级：中" in again.text, again.text
    # Asked while a draft waits for its day: the history still (it was the week's complaint
    # summary), then the draft's question again.
    fake.send_text(ZHANG, "/visit 拜访了华能电厂，谈了二期扩容")
    assert "什么时候走访的" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "这条投诉谁改过？", reply_to_message_id=card.message_id)
    assert (await fake.wait_for(ZHANG)).text == numbered.text
    assert "什么时候走访的" in (await fake.wait_for(ZHANG, lambda m: "什么时候" in m.text)).text
    fake.send_text(ZHANG, f"{ticket_id}号投诉谁改过？")
    assert (await fake.wait_for(ZHANG)).text == numbered.text
    assert fake.rejected == []
