"""What the bot tells a user is true and consistent: the real Application in-process, in zh and en."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from emulator import FakeTelegram, SentMessage
from services.bootstrap import Services, bootstrap
from services.domain import CreditRating, Role
from services.storage.models import Complaint, Reminder, Visit
from tests.bot.conftest import InProcessBot
from tests.fakes import FakeClock
from tests.kit import ADMIN, LI, SUPERVISOR, ZHANG, buttons, client, count, data_of, seed_team

pytestmark = pytest.mark.e2e

TOM = 1013
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai


@dataclass
class Live:
    fake: FakeTelegram
    services: Services
    clock: FakeClock

    async def say(self, user: int, text: str, **kw: Any) -> SentMessage:
        self.fake.send_text(user, text, **kw)
        return await self.fake.wait_for(user, timeout=10)

    async def press(self, user: int, message: SentMessage, label: str) -> SentMessage:
        self.fake.press_button(user, message.message_id, data_of(message, label))
        return await self.fake.wait_for(user, timeout=10)


async def seed(services: Services) -> None:
    await seed_team(services)
    # Tom's Telegram speaks English and nobody chose a language for him.
    await services.users.add_user(telegram_id=TOM, name="Tom", role=Role.MANAGER, team="华东一部")
    await services.clients.upsert_rows(None, [
        client(2, "华润电力（常熟）有限公司", ZHANG, notes="别与华润万家混淆"),
        client(3, "江苏银行", ZHANG, last_visit_on=date(2026, 11, 22)),
        client(4, "招商银行", LI),
        client(5, "招商银行南京分行", LI),
        client(6, "华润电力（常熟）有限公司二厂", TOM),
        client(7, "宝山钢铁", TOM, aliases=("宝钢",), last_visit_on=date(2026, 11, 22)),
    ])  # fmt: skip


@pytest.fixture
async def live(fake: FakeTelegram, sqlite_url: str) -> AsyncIterator[Live]:
    """The real bot in-process on a fixed clock (Monday 10:00 in Shanghai), with the usual
    reminder settings: quiet hours and the 08:30 digest."""
    clock = FakeClock(NOW)
    services = await bootstrap(database_url=sqlite_url, clock=clock)
    await seed(services)
    for user in (ADMIN, SUPERVISOR, ZHANG, LI):
        fake.add_user(user, first_name=f"u{user}", language_code="zh-hans")
    fake.add_user(TOM, first_name="Tom", language_code="en")
    bot = InProcessBot(fake, services)
    await bot.start()
    try:
        yield Live(fake, services, clock)
    finally:
        await bot.stop()  # closes the services too


# ----------------------------------------------------------------- 1: never the wrong client


async def test_a_visit_to_a_look_alike_client_asks_did_you_mean_instead_of_a_card(
    live: Live,
) -> None:
    asked = await live.say(ZHANG, "/visit 今天拜访了华润万家，谈了续约")
    assert "确认" not in " ".join(buttons(asked)), asked.text  # no confirm card
    assert "华润万家" in asked.text and "哪个客户" in asked.text
    assert list(buttons(asked))[:1] == ["华润电力（常熟）有限公司"]
    card = await live.press(ZHANG, asked, "华润电力")
    assert "华润电力（常熟）有限公司" in card.text
    assert await count(live.services, Visit) == 0  # nothing saved until 确认


async def test_a_visit_naming_part_of_the_name_goes_straight_to_the_card(live: Live) -> None:
    card = await live.say(ZHANG, "/visit 今天拜访了华润电力，谈了续约")
    assert "华润电力（常熟）有限公司" in card.text
    assert any("确认" in label for label in buttons(card))


async def test_in_english_a_look_alike_is_asked_about_too(live: Live) -> None:
    asked = await live.say(TOM, "/visit Visited 华润万家 today, discussed the renewal")
    assert "Which client do you mean by “华润万家”" in asked.text
    assert "Confirm" not in " ".join(buttons(asked))
    assert "华润电力（常熟）有限公司二厂" in buttons(asked)


async def test_a_complaint_about_a_look_alike_asks_which_client(live: Live) -> None:
    asked = await live.say(ZHANG, "/complaint 华润万家反映发票开错了")
    assert "哪个客户" in asked.text
    assert "华润电力（常熟）有限公司" in buttons(asked)


async def test_client_search_says_several_names_contain_it_and_lists_them(live: Live) -> None:
    listed = await live.say(LI, "/client 招商")
    assert "有几个客户的名称包含“招商”" in listed.text
    assert set(buttons(listed)) == {"招商银行", "招商银行南京分行"}
    card = await live.say(LI, "/client 招商银行")  # a whole name is sure
    # the card itself, not a choice of clients: its only button is its change history
    assert "招商银行" in card.text and set(buttons(card)) == {"🕘 历史"}, buttons(card)


# ----------------------------------------------------------------- 9: honest wording


async def test_a_hedged_severity_is_asked_not_guessed(live: Live) -> None:
    asked = await live.say(ZHANG, "/complaint 江苏银行反映网络比较紧急，经常掉线")
    assert "严重" in asked.text or "紧急" in asked.text  # the severity question
    labels = " ".join(buttons(asked))
    assert "紧急" in labels and "高" in labels  # every severity offered


async def test_english_counts_agree_with_their_nouns(live: Live) -> None:
    card = await live.say(TOM, "/client 宝钢")
    assert "(1 day ago)" in card.text, card.text
    assert "days ago" not in card.text


async def test_an_empty_chart_says_there_is_nothing_yet(live: Live) -> None:
    summary = await live.say(TOM, "/summary")
    chart = [k for k in buttons(summary) if "📊" in k or "chart" in k.lower()]
    assert chart, summary.text
    live.fake.press_button(TOM, summary.message_id, buttons(summary)[chart[0]])
    photo = await live.fake.wait_for(TOM, lambda m: m.kind == "photo", timeout=20)
    assert "no data for this period yet" in (photo.text or "")


# ----------------------------------------------------------------- 10: small talk


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (ZHANG, "你好", "您好，张三"),
        (ZHANG, "谢谢！", "不客气"),
        (ZHANG, "好的", "好的。"),
        (ZHANG, "👍", "好的。"),
        (TOM, "😀", "OK."),
        (TOM, "hello", "Hello, Tom"),
        (TOM, "thanks", "You're welcome"),
    ],
)
async def test_small_talk_is_answered_in_kind(
    live: Live, user: int, text: str, expected: str
) -> None:
    answer = await live.say(user, text)
    assert expected in answer.text
    assert "没有找到" not in answer.text and "not found" not in answer.text.lower()


@pytest.mark.parametrize(
    ("user", "text"),
    [(ZHANG, "帮助"), (ZHANG, "你能做什么？"), (TOM, "help"), (ZHANG, "？？？"), (TOM, "??")],
)
async def test_help_typed_as_a_message_lists_the_commands_like_slash_help(
    live: Live, user: int, text: str
) -> None:
    typed = await live.say(user, text)
    slash = await live.say(user, "/help")
    assert typed.text == slash.text and "/complaint" in typed.text


@pytest.mark.parametrize(
    ("user", "text"), [(ZHANG, "待办"), (ZHANG, "我还有什么事要做？"), (TOM, "What should I do?")]
)
async def test_what_to_do_typed_as_a_message_lists_the_reminders_like_slash_reminders(
    live: Live, user: int, text: str
) -> None:
    typed = await live.say(user, text)
    slash = await live.say(user, "/reminders")
    assert typed.text == slash.text, typed.text
    assert "found nothing" not in typed.text and "没有找到" not in typed.text


@pytest.mark.parametrize(
    ("user", "text", "sunday", "later"),
    [(ZHANG, "这周有什么到期的？", "2026-11-29（周日）", "之后到期的还有 1 条"),
     (ZHANG, "這週有什麼到期的", "2026-11-29（週日）", "之後到期的還有 1 條"),
     (TOM, "What's due this week?", "2026-11-29 (Sun)", "1 more reminder falls due later"),
     # The reminders named: answered "nothing in the documents" before.
     (ZHANG, "我这周有哪些提醒", "2026-11-29（周日）", "之后到期的还有 1 条"),
     (TOM, "What reminders do I have this week?", "2026-11-29 (Sun)",
      "1 more reminder falls due later")],
)  # fmt: skip
async def test_what_is_due_this_week_lists_what_falls_due_by_sunday_not_next_months_task(
    live: Live, user: int, text: str, sunday: str, later: str
) -> None:
    # zh "这周有什么到期的" listed only the clients due a visit (no task, no ticket deadline);
    # English "what's due this week" listed every pending reminder, December's task included.
    actor = await live.services.users.resolve_actor(user)
    assert actor is not None
    shanghai = timedelta(hours=8)
    for token, day, what in (
        ("wed", date(2026, 11, 25), "报价单发给客户"),
        ("dec", date(2026, 12, 20), "年度合同续签"),
    ):
        at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9) - shanghai
        assert await live.services.reminders.add_task(actor, token, day=day, send_at=at,
                                                       text=what, client_id=None)  # fmt: skip
    listed = await live.say(user, text)
    assert sunday in listed.text, listed.text
    assert "报价单发给客户" in listed.text or "報價單發給客戶" in listed.text
    assert "年度合同续签" not in listed.text and "年度合同續簽" not in listed.text
    assert later in listed.text, listed.text
    everything = await live.say(user, "/reminders")
    assert "年度合同续签" in everything.text or "年度合同續簽" in everything.text
    # A button pressed on the filtered list keeps it filtered: December's task does not appear.
    cancel = next(label for label in buttons(listed) if label.startswith("✖"))
    live.fake.press_button(user, listed.message_id, data_of(listed, cancel))
    edited = await live.fake.wait_for(user, lambda m: m.kind == "edit", timeout=10)
    assert sunday in edited.text and "年度合同" not in edited.text, edited.text


@pytest.mark.parametrize(
    ("user", "text"),
    [(LI, "我有哪些客户？"), (TOM, "my clients"),
     # before, these got "nothing in the company documents"
     (LI, "我名下有几个客户？"), (LI, "我手上一共有多少家客户"), (TOM, "How many accounts do I manage?")],
)  # fmt: skip
async def test_my_clients_typed_as_a_message_lists_them_like_slash_clients(
    live: Live, user: int, text: str
) -> None:
    typed = await live.say(user, text)
    slash = await live.say(user, "/clients")
    assert typed.text == slash.text and typed.buttons == slash.buttons, typed.text


@pytest.mark.parametrize(
    ("user", "text"),
    [(ZHANG, "我的客户里哪些投诉快到期了？"), (ZHANG, "我的投诉"), (ZHANG, "有没有超期的工单"),
     (TOM, "Which complaints are due soon?"), (TOM, "my complaints")],
)  # fmt: skip
async def test_asking_which_complaints_are_due_lists_the_open_tickets_like_slash_complaints(
    live: Live, user: int, text: str
) -> None:
    # "我的客户里哪些投诉快到期了？" listed the clients overdue for a visit; "我的投诉" quoted the
    # handbook's chapter on complaints.
    await file_complaint(live, "/complaint 江苏银行网络中断，紧急" if user == ZHANG
                         else "/complaint 宝钢 billing error on the invoice, critical", user)  # fmt: skip
    live.fake.mark_read(user)
    live.fake.send_text(user, text)
    typed = [await live.fake.wait_for(user), await live.fake.wait_for(user)]
    live.fake.send_text(user, "/complaints")
    slash = [await live.fake.wait_for(user), await live.fake.wait_for(user)]
    assert [m.text for m in typed] == [m.text for m in slash], typed[0].text
    assert ("江苏银行" if user == ZHANG else "宝山钢铁") in typed[1].text
    assert "超期" not in typed[0].text or "投诉" in typed[0].text


async def test_a_list_asked_for_in_english_by_a_chinese_reader_comes_in_english(
    live: Live,
) -> None:
    await file_complaint(live, "/complaint 江苏银行网络中断，紧急")
    live.fake.mark_read(ZHANG)
    live.fake.send_text(ZHANG, "Which complaints are overdue?")
    header = await live.fake.wait_for(ZHANG)
    ticket = await live.fake.wait_for(ZHANG)
    assert "not closed yet" in header.text, header.text
    # Critical: contacted and resolved by the same deadline, named once.
    assert "Contact and resolve by 2026-11-24 23:59" in ticket.text, ticket.text
    assert "Critical" in ticket.text and "Resolve by" not in ticket.text, ticket.text
    clients = await live.say(ZHANG, "show my clients")
    assert "江苏银行" in clients.text and "客户清单" not in clients.text, clients.text
    # The reader's own language stays Chinese for what they write in Chinese.
    assert "客户清单" in (await live.say(ZHANG, "我的客户")).text


@pytest.mark.parametrize(
    ("user", "text", "asked"),
    [(ZHANG, "我要记录一次走访", "走访的是哪个客户"), (TOM, "Log a visit", "Which client did you visit"),
     (ZHANG, "登记投诉", "哪个客户投诉"), (TOM, "file a complaint", "Which client is complaining")],
)  # fmt: skip
async def test_asking_to_log_a_visit_or_a_complaint_starts_its_guided_draft(
    live: Live, user: int, text: str, asked: str
) -> None:
    assert asked in (await live.say(user, text)).text


async def test_clients_lists_only_the_users_own_clients_with_buttons_to_open_them(
    live: Live,
) -> None:
    listing = await live.say(LI, "/clients")
    assert "招商银行" in listing.text and "招商银行南京分行" in listing.text, listing.text
    assert "江苏银行" not in listing.text and "华润电力" not in listing.text  # 张三's and Tom's
    assert listing.text.startswith("👥 客户清单：共 2 条"), listing.text  # no period: as it stands
    # Her own list: her name is not repeated on every line, and no summary came before it.
    assert "（李四）" not in listing.text and "↩ 返回汇总" not in buttons(listing), listing.text
    assert "📊 完整汇总" in buttons(listing)
    bare = await live.say(LI, "/client")
    assert (
        "/client" in bare.text and "招商银行南京分行" in bare.text
    )  # how to look up, and the list
    card = await live.press(LI, listing, "1")
    assert card.text.startswith("🏢 招商银行"), card.text


async def test_clients_are_listed_by_urgency_most_days_overdue_first_then_at_risk(
    live: Live,
) -> None:
    # Today is 2026-11-23. A poor rating is visited every 30 days, medium 90, good 180.
    await live.services.clients.upsert_rows(None, [
        client(8, "甲 two reasons 6 days late", LI, credit_rating=CreditRating.POOR,
               last_visit_on=date(2026, 10, 18)),
        client(9, "乙 one reason 8 days late", LI, credit_rating=CreditRating.MEDIUM,
               last_visit_on=date(2026, 8, 17)),
        client(10, "丙 poor rating due in 20", LI, credit_rating=CreditRating.POOR,
               last_visit_on=date(2026, 11, 13)),
        client(11, "丁 good rating due in 80", LI, credit_rating=CreditRating.GOOD,
               last_visit_on=date(2026, 8, 15)),
        client(12, "戊 good rating due tomorrow", LI, credit_rating=CreditRating.GOOD,
               last_visit_on=date(2026, 5, 28)),
    ])  # fmt: skip
    listing = await live.say(LI, "/clients")
    lines = [line for line in listing.text.splitlines() if line[:1].isdigit()]
    assert [line.split("：")[0][3:] for line in lines[:5]] == [
        "乙 one reason 8 days late", "甲 two reasons 6 days late",
        "丙 poor rating due in 20", "戊 good rating due tomorrow",
        "丁 good rating due in 80"], listing.text  # fmt: skip
    assert "超期 8 天，上次上门走访 2026-08-17" in lines[0], lines[0]
    assert "超期 6 天，上次上门走访 2026-10-18" in lines[1], lines[1]
    assert "20 天内需走访" in lines[2] and "80 天内需走访" in lines[4], listing.text
    assert "：明天到期，上次上门走访 2026-05-28" in lines[3], lines[3]
    # Why the client due in 20 days comes before others due sooner: its risk is on its line.
    assert lines[2].endswith("· ⚠️ 信誉差") and lines[1].endswith("· ⚠️ 信誉差"), listing.text
    assert "⚠️" not in lines[0] and "⚠️" not in lines[3] + lines[4], listing.text


async def test_a_bare_client_name_shows_the_client(live: Live) -> None:
    card = await live.say(ZHANG, "江苏银行")
    assert "江苏银行" in card.text and "最近上门走访" in card.text
    card = await live.say(TOM, "宝钢")
    assert "宝山钢铁" in card.text and "Last on-site visit" in card.text


async def test_a_question_about_a_clients_last_visit_answers_with_that_clients_card(
    live: Live,
) -> None:
    """Not the asker's weekly summary: the card of the client named, in the question's language."""
    hint = await live.say(ZHANG, "江苏银行最近一次拜访是什么时候？")
    assert "江苏银行" in hint.text, hint.text
    card = await live.fake.wait_for(ZHANG, timeout=10)
    assert "最近上门走访：2026-11-22" in card.text, card.text
    hint = await live.say(ZHANG, "When was 江苏银行 last visited?")
    assert "This question is about the client “江苏银行”" in hint.text, hint.text
    card = await live.fake.wait_for(ZHANG, timeout=10)
    assert "Last on-site visit: 2026-11-22" in card.text, card.text


# ----------------------------------------------------------------- 12: first contact


async def test_a_user_added_without_a_language_gets_their_telegrams_until_they_choose(
    live: Live,
) -> None:
    hello = await live.say(TOM, "/start")
    assert "Hello" in hello.text or "Welcome" in hello.text, hello.text
    menu = await live.say(TOM, "/lang")
    chosen = await live.press(TOM, menu, "中文")
    assert "中文" in chosen.text
    again = await live.say(TOM, "/start")
    assert "您好" in again.text  # the choice sticks although Telegram still says English


# ----------------------------------------------------------------- 11: what users expect


async def test_the_client_card_shows_the_next_due_date_and_open_tickets(live: Live) -> None:
    await file_complaint(live, "/complaint 江苏银行网络中断，紧急")
    card = await live.say(ZHANG, "/client 江苏银行")
    assert "下次走访期限：" in card.text and "未结投诉：1 件" in card.text, card.text
    card = await live.say(TOM, "/client 宝钢")
    assert "Next visit due by" in card.text and "Open complaints" not in card.text


async def test_a_complaint_draft_can_be_edited_before_saving(live: Live) -> None:
    received = await live.say(ZHANG, "/complaint 江苏银行网络中断，紧急")
    card = await live.press(ZHANG, received, "我")
    assert "紧急" in card.text and "✏️ 修改" in buttons(card)
    menu = await live.press(ZHANG, card, "修改")
    asked = await live.press(ZHANG, menu, "严重程度")
    card = await live.press(ZHANG, asked, "高")
    assert "高" in card.text and "紧急" not in card.text.split("客户")[-1].split("\n")[1:3]
    saved = await live.press(ZHANG, card, "确认")
    assert "#1" in saved.text
    async with live.services.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert ticket.severity == "high" and ticket.received_by == "张三"


async def test_a_guided_complaint_offers_the_users_clients_as_buttons(live: Live) -> None:
    asked = await live.say(ZHANG, "/complaint")
    assert {"华润电力（常熟）有限公司", "江苏银行"} <= set(buttons(asked))
    asked = await live.say(TOM, "/complaint")
    assert "宝山钢铁" in buttons(asked) and "江苏银行" not in buttons(asked)


async def file_complaint(live: Live, text: str, user: int = ZHANG) -> SentMessage:
    received = await live.say(user, text)
    card = await live.press(user, received, "我" if user != TOM else "Me")
    return await live.press(user, card, "确认" if user != TOM else "Confirm")


async def test_a_complaint_told_in_plain_words_is_drafted_and_filed_only_when_confirmed(
    live: Live,
) -> None:
    # Its client named: the complaint's draft at once (who received it asked), no offer first.
    step = await live.say(ZHANG, "江苏银行的专线昨天中断了三个小时，很紧急，客户很不满意")
    assert "📨 登记投诉" not in buttons(step), step.text
    card = await live.press(ZHANG, step, "我")
    assert "江苏银行" in card.text and "紧急" in card.text, card.text
    assert await count(live.services, Complaint) == 0  # nothing is filed before the confirmation
    await live.press(ZHANG, card, "确认")
    assert await count(live.services, Complaint) == 1
    # In English too; a question about a fault is a question, not a complaint to file.
    step = await live.say(TOM, "宝钢 complained that the line went down twice this week")
    assert "Me" in buttons(step), step.text
    await live.press(TOM, step, "Cancel")
    question = await live.say(ZHANG, "专线中断了怎么处理？")
    assert "📨 登记投诉" not in buttons(question)
    # Without a client of theirs named, nothing is offered.
    other = await live.say(ZHANG, "招商银行南京分行昨天断网了，客户很不满意")  # 李四's client
    assert "📨 登记投诉" not in buttons(other)
    assert await count(live.services, Complaint) == 1


# ----------------------------------------------------------------- 6: exports agree with chat


async def test_the_complaint_export_says_what_the_chat_says(live: Live) -> None:
    await file_complaint(live, "/complaint 江苏银行网络中断，紧急")
    live.fake.send_text(ZHANG, "/complaints")
    await live.fake.wait_for(ZHANG)
    ticket = await live.fake.wait_for(ZHANG)
    due_in_chat = ticket.text.split("期限 ")[1][:16]  # "YYYY-MM-DD HH:MM", the year too
    live.fake.send_text(ZHANG, "/export complaints")
    doc = await live.fake.wait_for(ZHANG, lambda m: m.kind == "document")
    assert "1 行" in (doc.text or "")
    sheet = openpyxl.load_workbook(io.BytesIO(doc.document or b"")).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    resolution_due = row["解决期限"]
    first_due = row["首次联系期限"]  # the chat's word for that deadline
    assert isinstance(first_due, datetime) and isinstance(resolution_due, datetime)
    assert due_in_chat in {first_due.strftime("%Y-%m-%d %H:%M"),
                           resolution_due.strftime("%Y-%m-%d %H:%M")}  # fmt: skip
    assert resolution_due.strftime("%H:%M") == "23:59"  # not 00:00 of the next day
    assert row["受理人"] == "张三" and row["严重程度"] == "紧急" and row["状态"] == "待响应"
    assert sheet.auto_filter.ref == sheet.dimensions
    name_width = sheet.column_dimensions["B"].width
    assert name_width is not None and name_width >= len("江苏银行") * 2


async def test_export_alone_offers_what_can_be_exported_and_a_tap_sends_it(live: Live) -> None:
    await file_complaint(live, "/complaint 江苏银行网络中断，紧急")
    choices = await live.say(ZHANG, "/export")
    assert choices.kind != "document" and "要导出什么" in choices.text, choices.text
    assert [b["text"] for b in choices.buttons] == ["客户档案", "走访记录", "投诉工单"]
    live.fake.press_button(ZHANG, choices.message_id, data_of(choices, "投诉工单"))
    doc = await live.fake.wait_for(ZHANG, lambda m: m.kind == "document")
    assert "投诉工单导出，共 1 行" in (doc.text or ""), doc.text
    assert (doc.filename or "").startswith("complaints-")
    tom = await live.say(TOM, "/export")
    assert [b["text"] for b in tom.buttons] == ["Client files", "Visits", "Complaints"], tom.buttons


async def test_the_visit_export_has_labels_not_stored_values(live: Live) -> None:
    card = await live.say(TOM, "/visit Visited 宝钢 this morning, discussed the renewal")
    assert "宝山钢铁" in card.text
    await live.press(TOM, card, "Confirm")
    live.fake.send_text(TOM, "/export visits csv")
    doc = await live.fake.wait_for(TOM, lambda m: m.kind == "document")
    assert "1 row." in (doc.text or ""), doc.text
    text = (doc.document or b"").decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    # English words, each cell starting with a capital as the kind does: "Morning", not "morning".
    assert header.startswith("No.,Client,English name,Date,Time,Kind,"), header
    assert ",Morning,On site," in row, row
    live.fake.send_text(ZHANG, "/lang")
    await live.fake.wait_for(ZHANG)
    rows = await live.services.exports.rows(None, _visits(), _zh())
    assert rows[1][3] == "上午" and rows[1][4] == "上门"


def _visits() -> Any:
    from services.exports import ExportKind

    return ExportKind.VISITS


def _zh() -> Any:
    from services.domain import Language

    return Language.ZH


# ----------------------------------------------------------------- 7 and 9: reminders


async def overdue_clients(live: Live) -> None:
    await live.services.clients.upsert_rows(None, [
        client(8, "南京地铁", ZHANG, credit_rating=CreditRating.POOR,
               last_visit_on=date(2026, 9, 1)),
        client(9, "苏宁电器", ZHANG, credit_rating=CreditRating.POOR,
               last_visit_on=date(2026, 9, 20)),
    ])  # fmt: skip
    await live.services.reminders.generate()


async def test_reminder_buttons_name_their_client_and_stay_right_after_a_snooze(
    live: Live,
) -> None:
    await overdue_clients(live)
    listed = await live.say(ZHANG, "/reminders")
    labels = list(buttons(listed))
    assert "✖ 南京地铁" in labels and "✖ 苏宁电器" in labels, labels
    assert not any(label in ("✖ 1", "⏰ 1") for label in labels)
    menu_or_list = await live.press(ZHANG, listed, "⏰ 南京地铁")
    live.fake.press_button(ZHANG, listed.message_id, buttons(menu_or_list)["3 天"])
    refreshed = await live.fake.wait_for(ZHANG, lambda m: m.kind == "edit" and "✖ 苏宁电器" in
                                         " ".join(buttons(m)), timeout=10)  # fmt: skip
    cancel = buttons(refreshed)["✖ 苏宁电器"]
    live.fake.press_button(ZHANG, refreshed.message_id, cancel)
    after = await live.fake.wait_for(ZHANG, lambda m: m.kind == "edit", timeout=10)
    assert "苏宁电器" not in after.text.split("\n", 1)[1] or "苏宁电器" not in " ".join(
        buttons(after)
    )
    assert "✖ 南京地铁" in buttons(after)  # the snoozed one is still there, still named


async def test_a_button_shows_a_client_name_with_html_characters_as_written(live: Live) -> None:
    # Button labels are plain text in Telegram: "&lt;" on a button is what the user would read.
    await live.services.clients.upsert_rows(None, [
        client(10, "<A&B> 精细化工", ZHANG, credit_rating=CreditRating.POOR,
               last_visit_on=date(2026, 9, 1)),
    ])  # fmt: skip
    await live.services.reminders.generate()
    listed = await live.say(ZHANG, "/reminders")
    labels = list(buttons(listed))
    assert "✖ <A&B> 精细化工" in labels, labels
    assert not any("&lt;" in label or "&amp;" in label for label in labels), labels


async def test_a_follow_up_promised_on_saving_a_visit_is_in_reminders_at_once(live: Live) -> None:
    # "⏰ 将在 … 提醒您跟进" must be true the moment it is said, not after the next sweep.
    card = await live.say(ZHANG, "/visit 今天拜访了江苏银行，谈了专线扩容，周四前给报价")
    # Monday 23 Nov: Thursday is the 26th, and the card says it is a Thursday.
    assert "跟进日期：2026-11-26（周四）" in card.text, card.text
    assert "时间：2026-11-23（周一）" in card.text, card.text
    saved = await live.press(ZHANG, card, "确认")
    assert "2026-11-26（周四）" in saved.text and "提醒" in saved.text, saved.text
    listed = await live.say(ZHANG, "/reminders")
    assert "江苏银行：2026-11-26 跟进" in listed.text, listed.text


async def test_a_follow_up_weeks_ahead_is_in_reminders_at_once_too(live: Live) -> None:
    # A follow-up beyond the week ahead was promised on saving but missing from /reminders
    # until a week before its day.
    card = await live.say(ZHANG, "/visit 今天拜访了江苏银行，谈了专线扩容，12月20日前回访确认")
    assert "跟进日期：2026-12-20" in card.text, card.text
    saved = await live.press(ZHANG, card, "确认")
    assert "2026-12-20" in saved.text, saved.text
    listed = await live.say(ZHANG, "/reminders")
    assert "江苏银行：2026-12-20 跟进" in listed.text, listed.text


async def test_after_a_time_zone_change_pending_reminders_keep_their_local_hour(
    live: Live,
) -> None:
    await overdue_clients(live)
    # Half an hour before the reminders go out (09:00 in Shanghai): the list says when they come
    # (a time already gone is not shown as one to come).
    async with live.services.db.read() as session:
        first = min((await session.execute(select(Reminder.send_after))).scalars())
    live.clock.set((first if first.tzinfo else first.replace(tzinfo=UTC)) - timedelta(minutes=30))
    before = await live.say(ZHANG, "/reminders")
    assert "09:00 提醒" in before.text, before.text
    moved = await live.say(ZHANG, "/tz America/Los_Angeles")
    assert "America/Los_Angeles" in moved.text
    after = await live.say(ZHANG, "/reminders")
    assert "09:00 提醒" in after.text and "17:00" not in after.text, after.text


async def test_a_complaint_deadline_not_yet_passed_is_not_called_late(live: Live) -> None:
    await file_complaint(live, "/complaint 江苏银行网络中断，紧急")
    await live.services.reminders.generate()
    listed = await live.say(ZHANG, "/reminders")
    assert "工单 #1" in listed.text, listed.text
    assert "已超时" not in listed.text and "前" in listed.text
    # Each of the ticket's four reminders has its own button, saying which it is.
    cancels = [label for label in buttons(listed) if label.startswith("✖ #1 江苏银行")]
    assert set(cancels) == {"✖ #1 江苏银行 · 首次联系", "✖ #1 江苏银行 · 首次联系超时",
                            "✖ #1 江苏银行 · 解决", "✖ #1 江苏银行 · 解决超时"}, cancels  # fmt: skip
    # The warning before a deadline and the alert at it read differently, not as one line twice.
    lines = [line.split(". ", 1)[1].split("（")[0] for line in listed.text.splitlines()
             if "工单 #1" in line]  # fmt: skip
    assert len(lines) == len(set(lines)) == 4, lines
    assert any("时若仍未解决，提醒超时" in line for line in lines), lines


async def test_listing_visits_by_a_look_alike_name_does_not_show_another_clients(
    live: Live,
) -> None:
    card = await live.say(ZHANG, "/visit 今天拜访了华润电力，谈了续约")
    await live.press(ZHANG, card, "确认")
    listed = await live.say(ZHANG, "/visits 华润万家")
    assert "华润电力" not in listed.text, listed.text
    listed = await live.say(ZHANG, "/visits 华润")
    assert "1 条" in listed.text and "华润电力" in listed.text  # one message for them all
