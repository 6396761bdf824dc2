"""An English reader sees each client by its English name wherever the bot names it, the command
menu in their language, and an export's caption telling the days its rows come from: the real
Application in-process, against the fake Telegram server, in English and in Chinese."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

from emulator import FakeTelegram, SentMessage
from services.bootstrap import Services, bootstrap
from services.domain import Role
from services.storage.models import Complaint, Visit
from tests.bot.conftest import InProcessBot
from tests.fakes import FakeClock
from tests.kit import SUPERVISOR, buttons, client, seed_team

pytestmark = pytest.mark.e2e

TOM = 1013
NOW = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)  # Thursday 08:00 in Shanghai
SHAGANG, JINXIN = "江苏沙钢集团有限公司", "南京金鑫物流有限公司"  # only 沙钢 has an English name


@dataclass
class Live:
    fake: FakeTelegram
    services: Services
    clock: FakeClock
    bot: InProcessBot

    async def say(self, user: int, text: str, **kw: Any) -> SentMessage:
        self.fake.send_text(user, text, **kw)
        return await self.fake.wait_for(user, timeout=10)


def _visit(client_id: int, author_id: int, day: date, summary: str) -> Visit:
    at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=3)
    return Visit(
        draft_id=f"en-{client_id}-{day}", client_id=client_id, author_id=author_id,
        visited_on=day, kind="phone", people=[], summary=summary, created_at=at, updated_at=at,
    )  # fmt: skip


def _complaint(client_id: int, owner_id: int, received: datetime, text: str) -> Complaint:
    return Complaint(
        draft_id=f"en-c{client_id}", client_id=client_id, owner_id=owner_id,
        recorded_by_id=owner_id, category="service", severity="high", description=text,
        status="open", received_at=received, first_response_due=received + timedelta(hours=20),
        resolution_due=received + timedelta(days=3), deadlines_estimated=False,
        created_at=received, updated_at=received,
    )  # fmt: skip


async def seed(services: Services) -> None:
    """Tom (English) owns two clients, both overdue for a visit: 沙钢 with its English name,
    金鑫物流 with none. Three phone calls (two in October, one in November) and one open
    complaint each."""
    await seed_team(services)
    await services.users.add_user(telegram_id=TOM, name="Tom", role=Role.MANAGER, team="华东一部")
    result = await services.clients.upsert_rows(None, [
        client(2, SHAGANG, TOM, aliases=("沙钢", "Shagang Group"), last_visit_on=date(2026, 5, 6)),
        client(3, JINXIN, TOM, aliases=("金鑫物流",), last_visit_on=date(2026, 5, 6)),
    ])  # fmt: skip
    assert result.ok, result.errors
    tom = await services.users.resolve_actor(TOM)
    assert tom is not None
    ids = {name: (await services.clients.search(tom, name))[0].id for name in (SHAGANG, JINXIN)}
    async with services.db.write() as uow:
        uow.session.add_all([
            _visit(ids[SHAGANG], tom.user_id, date(2026, 10, 9), "电话沟通续约"),
            _visit(ids[JINXIN], tom.user_id, date(2026, 10, 30), "电话回访"),
            _visit(ids[SHAGANG], tom.user_id, date(2026, 11, 20), "电话确认报价"),
            _complaint(ids[SHAGANG], tom.user_id, NOW - timedelta(hours=2), "厂区专线掉线"),
            _complaint(ids[JINXIN], tom.user_id, NOW - timedelta(hours=1), "上门未预约"),
        ])  # fmt: skip
        await uow.commit()


@pytest.fixture
async def live(fake: FakeTelegram, sqlite_url: str) -> AsyncIterator[Live]:
    """The real bot in-process on a fixed clock (Thursday 08:00 in Shanghai), with the usual
    reminder settings (the digest at 08:30)."""
    clock = FakeClock(NOW)
    services = await bootstrap(database_url=sqlite_url, clock=clock)
    await seed(services)
    fake.add_user(SUPERVISOR, first_name="王主管", language_code="zh-hans")
    fake.add_user(TOM, first_name="Tom", language_code="en")
    bot = InProcessBot(fake, services)
    await bot.start()
    try:
        yield Live(fake, services, clock, bot)
    finally:
        await bot.stop()  # closes the services too


def _named(text: str) -> tuple[bool, bool, bool]:
    """Whether the text names 沙钢 in English, 沙钢 in Chinese, and 金鑫物流 (Chinese only)."""
    return "Shagang Group" in text, SHAGANG in text, JINXIN in text


async def test_an_english_reader_sees_each_client_by_its_english_name_in_every_list(
    live: Live,
) -> None:
    visits = await live.say(TOM, "/visits")
    assert _named(visits.text) == (True, False, True), visits.text
    assert "2026-11-20 (Fri) · Shagang Group" in visits.text  # the date beside the right client
    opened = await live.say(TOM, "/visits")
    live.fake.press_button(TOM, opened.message_id, buttons(opened)["1"])
    card = await live.fake.wait_for(TOM)
    assert f"Client: Shagang Group · {SHAGANG}" in card.text and "电话确认报价" in card.text

    live.fake.send_text(TOM, "/complaints")
    header = await live.fake.wait_for(TOM)
    assert "2 complaint tickets" in header.text, header.text
    tickets = [await live.fake.wait_for(TOM), await live.fake.wait_for(TOM)]
    # The most urgent first: 沙钢's came in an hour earlier.
    assert _named(tickets[0].text) == (True, False, False), tickets[0].text
    assert "厂区专线掉线" in tickets[0].text
    assert _named(tickets[1].text) == (False, False, True), tickets[1].text
    of_one = await live.say(TOM, "/complaints Shagang")
    assert "Shagang Group" in of_one.text and SHAGANG not in of_one.text, of_one.text
    await live.fake.wait_for(TOM, lambda m: "厂区专线掉线" in m.text)

    summary = await live.say(TOM, "/summary")
    assert _named(summary.text) == (True, False, True), summary.text
    live.fake.press_button(TOM, summary.message_id, buttons(summary)["⏰ Overdue 2"])
    overdue = await live.fake.wait_for(TOM)
    assert _named(overdue.text) == (True, False, True), overdue.text

    # The reminders the sweep sends, the list of them, and the 08:30 digest.
    await live.bot.sweep()
    sent = [await live.fake.wait_for(TOM, lambda m: "Visit overdue" in m.text) for _ in "12"]
    assert {_named(m.text) for m in sent} == {(True, False, False), (False, False, True)}
    listed = await live.say(TOM, "/reminders")
    assert _named(listed.text) == (True, False, True), listed.text
    assert any(label.startswith("⏰ Shagang Group") for label in buttons(listed)), buttons(listed)
    live.clock.advance(minutes=31)
    await live.bot.sweep()
    digest = await live.fake.wait_for(TOM, lambda m: "Shagang Group" in m.text, timeout=10)
    assert SHAGANG not in digest.text and JINXIN in digest.text, digest.text


async def test_a_chinese_reader_sees_the_chinese_names(live: Live) -> None:
    live.fake.send_text(SUPERVISOR, "/complaints")
    await live.fake.wait_for(SUPERVISOR)
    tickets = [await live.fake.wait_for(SUPERVISOR), await live.fake.wait_for(SUPERVISOR)]
    assert _named(tickets[0].text) == (False, True, False), tickets[0].text
    assert _named(tickets[1].text) == (False, False, True), tickets[1].text
    overdue = await live.say(SUPERVISOR, "哪些客户超期没走访？")
    assert _named(overdue.text) == (False, True, True), overdue.text
    # The same English reader, having switched to Chinese.
    await live.say(TOM, "/lang 中文")
    visits = await live.say(TOM, "/visits")
    assert _named(visits.text) == (False, True, True), visits.text


async def test_an_exports_caption_tells_its_kind_rows_and_days_in_the_readers_language(
    live: Live,
) -> None:
    live.fake.send_text(TOM, "/export visits last month")
    october = await live.fake.wait_for(TOM, lambda m: m.kind == "document")
    # Two calls in October, the header row not counted.
    assert october.text == "Visits export, 2 rows.\nLast month: 2026-10-01 ~ 2026-10-31"
    assert october.filename == "visits-2026-10-01-2026-10-31.xlsx"
    live.fake.send_text(TOM, "/export complaints month")
    november = await live.fake.wait_for(TOM, lambda m: m.kind == "document")
    # The month is not over: its rows run to today, and the caption says so.
    assert november.text == (
        "Complaints export, 2 rows.\nThis month: 2026-11-01 ~ 2026-11-30 (to 2026-11-26)"
    )
    assert november.filename == "complaints-2026-11-01-2026-11-26.xlsx"
    live.fake.send_text(SUPERVISOR, "/export visits 上月")
    chinese = await live.fake.wait_for(SUPERVISOR, lambda m: m.kind == "document")
    assert chinese.text == "走访记录导出，共 2 行。\n上月：2026-10-01 ~ 2026-10-31", chinese.text
    live.fake.send_text(SUPERVISOR, "/export clients")
    files = await live.fake.wait_for(SUPERVISOR, lambda m: m.kind == "document")
    assert files.text == "客户档案导出，共 2 行。" and files.filename == "clients-2026-11-26.xlsx"


def _sheet(data: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


async def test_an_english_readers_export_reads_like_the_english_chat(live: Live) -> None:
    # Before, the headers were field names (first_response_due), no English name, and "Service"
    # stood beside "high" and "awaiting response".
    live.fake.send_text(TOM, "/export complaints month")
    tickets = _sheet((await live.fake.wait_for(TOM, lambda m: m.kind == "document")).document)
    assert tickets[0] == (
        "No.", "Client", "English name", "Account manager", "Received by", "Logged by", "Category",
        "Severity", "Status", "Received", "First response due", "Responded", "Resolution due",
        "Resolved", "Closed", "Resolved on time", "Description", "Resolution", "Satisfaction (1-5)",
    )  # fmt: skip
    rows = [dict(zip(tickets[0], row, strict=True)) for row in tickets[1:]]
    # The stored name stays (an operator searches by it); the English one beside it, only
    # where the client has one: nothing is made up for 金鑫物流.
    assert [(r["Client"], r["English name"]) for r in rows] == [
        (SHAGANG, "Shagang Group"), (JINXIN, None)
    ]  # fmt: skip
    first = rows[0]
    assert (first["Category"], first["Severity"], first["Status"]) == (
        "Service", "High", "Awaiting response"
    )  # fmt: skip
    # Times as chat tells them, in Shanghai: received 06:00 on the 26th, due 02:00 on the 27th.
    assert first["Received"] == datetime(2026, 11, 26, 6, 0)
    assert first["First response due"] == datetime(2026, 11, 27, 2, 0)
    assert first["Description"] == "厂区专线掉线" and first["Account manager"] == "Tom"

    live.fake.send_text(TOM, "/export visits last month csv")
    sent = await live.fake.wait_for(TOM, lambda m: m.kind == "document")
    lines = list(csv.reader(io.StringIO(sent.document.decode("utf-8-sig"))))
    assert lines[0][:6] == ["No.", "Client", "English name", "Date", "Time", "Kind"]
    assert [line[1:4] + line[5:6] for line in lines[1:]] == [
        [SHAGANG, "Shagang Group", "2026-10-09", "Phone"],
        [JINXIN, "", "2026-10-30", "Phone"],
    ]

    live.fake.send_text(TOM, "/export clients")
    files = _sheet((await live.fake.wait_for(TOM, lambda m: m.kind == "document")).document)
    assert files[0][:4] == (
        "Client",
        "English name",
        "Account manager Telegram ID",
        "Account manager",
    )
    assert "Last on-site visit" in files[0]
    assert [row[:2] for row in files[1:]] == [(JINXIN, None), (SHAGANG, "Shagang Group")]

    # A Chinese reader's file is as it was: Chinese headers and labels, no English column.
    live.fake.send_text(SUPERVISOR, "/export complaints month")
    chinese = _sheet(
        (await live.fake.wait_for(SUPERVISOR, lambda m: m.kind == "document")).document
    )
    assert chinese[0][:3] == ("编号", "客户名称", "负责人") and "英文名" not in chinese[0]
    assert chinese[1][1] == SHAGANG and chinese[1][5:8] == ("服务", "高", "待响应"), chinese[1]


async def test_the_command_menu_is_set_in_chinese_for_everyone_and_in_english_for_english(
    live: Live,
) -> None:
    menus = {code: dict((c["command"], c["description"]) for c in live.fake.commands[("default", code)])
             for code in ("", "en")}  # fmt: skip
    assert menus[""]["visit"] == "记录走访" and menus["en"]["visit"] == "Log a visit", menus
    assert set(menus[""]) == set(menus["en"])
    # Telegram takes two-letter codes only: traditional Chinese readers get the default menu.
    assert {code for _, code in live.fake.commands} == {"", "en"}


async def test_a_draft_card_names_the_client_as_the_reader_reads_it(live: Live) -> None:
    # A card is checked before it is confirmed: the English name, then the client's own.
    card = await live.say(TOM, "/visit Visited Shagang today, discussed the renewal price")
    assert f"Client: Shagang Group · {SHAGANG}\n" in card.text, card.text
    live.fake.press_button(TOM, card.message_id, buttons(card)["✅ Confirm"])
    assert "saved" in (await live.fake.wait_for(TOM)).text
    listed = await live.say(TOM, "/visits")
    live.fake.press_button(TOM, listed.message_id, buttons(listed)["1"])
    opened = await live.fake.wait_for(TOM)
    live.fake.press_button(TOM, opened.message_id, buttons(opened)["🗑 Delete"])
    asked = await live.fake.wait_for(TOM)
    assert asked.text.startswith("Delete visit #4 (Shagang Group, 2026-11-26)?"), asked.text
    other = await live.say(TOM, "/visit Called 金鑫物流 today about the overdue bills")
    assert f"Client: {JINXIN}\n" in other.text, other.text  # no English name: none made up
    chinese = await live.say(SUPERVISOR, "/visit 今天拜访了沙钢，谈了续约价格")
    assert f"客户：{SHAGANG}" in chinese.text and "Shagang Group" not in chinese.text, chinese.text
    brief = await live.say(TOM, "/brief Shagang")
    assert brief.text.startswith("📋 Pre-visit briefing · Shagang Group\n"), brief.text
    assert f"🏢 {SHAGANG}" in brief.text  # the file itself keeps the client's own name


async def test_a_complaint_card_names_the_client_in_english_too(live: Live) -> None:
    asked = await live.say(TOM, "/complaint Shagang says the plant's line dropped three times")
    live.fake.press_button(TOM, asked.message_id, buttons(asked)["High"])
    received_by = await live.fake.wait_for(TOM)
    live.fake.press_button(TOM, received_by.message_id, buttons(received_by)["Me"])
    card = await live.fake.wait_for(TOM)
    assert f"Client: Shagang Group · {SHAGANG}\n" in card.text, card.text


async def test_a_question_about_a_client_names_it_as_the_question_was_asked(live: Live) -> None:
    english = await live.say(TOM, "When did I last visit Shagang Group?")
    assert "“Shagang Group”" in english.text and SHAGANG not in english.text, english.text
    chinese = await live.say(SUPERVISOR, "沙钢最近一次拜访是什么时候？")
    assert f"“{SHAGANG}”" in chinese.text and "Shagang" not in chinese.text, chinese.text


async def test_a_reminder_set_in_words_names_its_client_in_english(live: Live) -> None:
    card = await live.say(TOM, "remind me tomorrow at 9am to call Shagang about the quote")
    assert "Reminder draft" in card.text and "Client: Shagang Group" in card.text, card.text
    assert SHAGANG not in card.text
    live.fake.press_button(TOM, card.message_id, buttons(card)["✅ Confirm"])
    saved = await live.fake.wait_for(TOM, lambda m: "Reminder set" in m.text)
    assert "2026-11-27" in saved.text and "09:00" in saved.text, saved.text
    listed = await live.say(TOM, "/reminders")
    line = next(x for x in listed.text.splitlines() if "2026-11-27 09:00" in x)
    assert "(Shagang Group)" in line and SHAGANG not in line, listed.text
