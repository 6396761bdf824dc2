"""Summaries with the real bot process: the numbers, the chart, the spreadsheet, the buttons, access."""

from __future__ import annotations

import asyncio
import io
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import update

from emulator import FakeTelegram, SentMessage
from knowledge import KnowledgeBase
from services.bootstrap import Services
from services.domain import CreditRating, Role, Tier
from services.storage.models import Client
from tests.bot.conftest import InProcessBot
from tests.integration.test_summaries import client_row, complaint, visit

pytestmark = pytest.mark.e2e

SHANGHAI = ZoneInfo("Asia/Shanghai")
ADMIN, SUPERVISOR, ZHANG, LI, ZHAO = 1001, 1010, 1011, 1012, 1021


def today_in_shanghai(services: Services) -> tuple[date, datetime]:
    """The day and the time on the bot's clock (before, the system's, read a moment apart from
    the bot's: a test starting at 23:59:59 in Shanghai seeded "today" a day after the bot's)."""
    now = services.clock.now()
    return now.astimezone(SHANGHAI).date(), now


async def seed(services: Services) -> dict[str, int]:
    """One team of two managers and their supervisor, and another team, around today.

    This week, as of today: 张三 visited 2 clients, 李四 1; of 一部's 5 clients 3 are within
    their cadence; 南京钢铁 is 140 days overdue (strategic: 60), 华润万家 10 (poor: 30); one
    complaint came in today.
    """
    add = services.users.add_user
    await add(telegram_id=ADMIN, name="管理员", role=Role.ADMIN, team=None)
    await add(telegram_id=SUPERVISOR, name="王主管", role=Role.SUPERVISOR, team="华东一部")
    await add(telegram_id=ZHANG, name="张三", role=Role.MANAGER, team="华东一部")
    await add(telegram_id=LI, name="李四", role=Role.MANAGER, team="华东一部")
    await add(telegram_id=ZHAO, name="赵六", role=Role.MANAGER, team="华东二部")
    today, now = today_in_shanghai(services)
    d = timedelta
    result = await services.clients.upsert_rows(
        None,
        [
            client_row("华能南京电厂", ZHANG, rating=CreditRating.POOR),
            client_row("南京钢铁", ZHANG, rating=CreditRating.GOOD, tier=Tier.STRATEGIC),
            client_row("苏宁电器", ZHANG),
            client_row("华润万家", LI, rating=CreditRating.POOR),
            client_row("南京银行", LI),
            client_row("宝钢股份", ZHAO),
            client_row("上海电气", ZHAO),
        ],
    )
    assert result.ok, result.errors
    created = datetime.combine(today - d(326), time(10), SHANGHAI).astimezone(UTC)
    async with services.db.write() as uow:
        await uow.session.execute(update(Client).values(created_at=created))
        await uow.commit()
    admin = await services.users.resolve_actor(ADMIN)
    assert admin is not None
    ids = {
        name: (await services.clients.search(admin, name))[0].id
        for name in ("华能南京电厂", "南京钢铁", "苏宁电器", "华润万家", "南京银行", "宝钢股份")
    }
    users = {
        tg: actor.user_id
        for tg in (ZHANG, LI, ZHAO)
        if (actor := await services.users.resolve_actor(tg)) is not None
    }
    midnight = datetime.combine(today, time(0), SHANGHAI).astimezone(UTC)
    received = max(midnight + d(minutes=1), now - d(hours=1))  # earlier today, whenever it runs
    async with services.db.write() as uow:
        uow.session.add_all([
            visit(ids["华能南京电厂"], users[ZHANG], today, summary="讨论二期扩容"),
            visit(ids["苏宁电器"], users[ZHANG], today),
            visit(ids["南京钢铁"], users[ZHANG], today - d(200)),
            visit(ids["华润万家"], users[LI], today - d(40)),
            visit(ids["南京银行"], users[LI], today),
            visit(ids["宝钢股份"], users[ZHAO], today),
        ])  # fmt: skip
        uow.session.add(
            complaint(ids["华润万家"], users[LI], received, severity="high",
                      response_due=received + d(days=1), resolution_due=received + d(days=3),
                      description="账单错误")
        )  # fmt: skip
        await uow.commit()
    return ids


def buttons_of(message: SentMessage) -> dict[str, str]:
    return {b["text"]: b["callback_data"] for b in message.buttons}


async def test_a_supervisors_summary_has_the_teams_numbers_and_drills_down(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    ids = await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "/summary week")
    summary = await fake.wait_for(SUPERVISOR)
    text = summary.text
    assert "团队汇总 · 华东一部" in text
    assert "共 3 次，涉及 3 个客户" in text
    assert "张三：本人走访 2 次 / 2 个客户" in text and "李四：本人走访 1 次 / 1 个客户" in text
    assert "名下客户覆盖率：60%（3/5 个客户在走访周期内，不论由谁走访；计入走访周期：上门）" in text
    assert "超期未走访：2 个客户" in text
    assert "南京钢铁（张三）超期 140 天" in text and "华润万家（李四）超期 10 天" in text
    assert "新增 1 · 解决 0 · 未结 1" in text
    assert "华润万家（李四）：超期 10 天未走访、1 件投诉未结、信誉差" in text
    assert "赵六" not in text and "宝钢" not in text and "上海电气" not in text

    # The list behind a number, then a client's card from it.
    buttons = buttons_of(summary)
    fake.press_button(SUPERVISOR, summary.message_id, buttons["⏰ 超期 2"])
    listing = await fake.wait_for(SUPERVISOR)
    # A team's list names each client's manager, and goes back to the summary it came from.
    assert "（张三）" in listing.text and "↩ 返回汇总" in buttons_of(listing), listing.text
    assert "超期未走访的客户" in listing.text and "共 2 条" in listing.text
    # Overdue is a state on a day, not of the week ("· 本周" read as the week's overdue clients).
    today, _ = today_in_shanghai(seeded)
    header = listing.text.splitlines()[0]
    assert f"截至 {today.isoformat()}" in header and "本周" not in header, header
    assert listing.text.index("南京钢铁") < listing.text.index("华润万家")
    first = buttons_of(listing)["1"]
    assert first == f"sm:c:{ids['南京钢铁']}"
    fake.press_button(SUPERVISOR, listing.message_id, first)
    card = await fake.wait_for(SUPERVISOR)
    assert "南京钢铁" in card.text and "走访周期 60 天 · 超期 140 天" in card.text
    assert "最近走访" in card.text

    # A chart arrives as a picture a phone can show, and opens.
    fake.press_button(SUPERVISOR, summary.message_id, buttons["📊 走访图"])
    photo = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "photo")
    assert photo.photo is not None
    image = Image.open(io.BytesIO(photo.photo))
    image.load()
    assert image.format == "PNG" and image.width == 1080
    assert "走访次数" in photo.text
    assert fake.rejected == []


async def test_a_manager_sees_only_their_own_figures_even_with_forged_buttons(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    ids = await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/summary week")
    mine = await fake.wait_for(ZHANG)
    assert "我的工作汇总 · 张三" in mine.text
    assert "本人走访：2 次，涉及 2 个客户" in mine.text and "2/3" in mine.text
    # Their own clients' lines do not name them again ("南京钢铁（张三）超期 140 天").
    assert "1. 南京钢铁 超期 140 天" in mine.text and "（张三）" not in mine.text, mine.text
    for other in ("李四", "华润万家", "南京银行", "赵六", "宝钢", "王主管"):
        assert other not in mine.text, other
    # Forged buttons: another manager's summary, another manager's client.
    fake.press_button(ZHANG, mine.message_id, "sm:s:w0:999", forge=True)
    assert "没有找到" in (await fake.wait_for(ZHANG)).text
    fake.press_button(ZHANG, mine.message_id, f"sm:c:{ids['华润万家']}", forge=True)
    forged = await fake.wait_for(ZHANG)
    assert "没有找到" in forged.text and "华润万家" not in forged.text
    fake.press_button(ZHANG, mine.message_id, "sm:l:rk:w0:0:0")
    risks = await fake.wait_for(ZHANG)
    assert "南京钢铁" in risks.text and "华润万家" not in risks.text
    # The export holds their clients' visits only.
    fake.send_text(ZHANG, "/export visits week")
    sent = await fake.wait_for(ZHANG, lambda m: m.kind == "document")
    assert sent.document is not None and (sent.filename or "").endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(sent.document)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "客户名称", "走访日期")
    assert sorted(str(r[1]) for r in rows[1:]) == ["华能南京电厂", "苏宁电器"]


async def test_an_export_asked_for_in_words_sends_the_file_of_what_the_asker_may_see(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # Before, "导出本月的拜访记录" was read as a summary of a manager named "导出".
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "导出本周的拜访记录")
    sent = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "document")
    assert sent.document is not None and (sent.filename or "").endswith(".xlsx"), sent.filename
    assert "本周" in sent.text, sent.text
    sheet = load_workbook(io.BytesIO(sent.document)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    # The team's visits this week, not the other team's (宝钢股份) nor 200 days ago (南京钢铁).
    assert sorted(str(r[1]) for r in rows[1:]) == ["华能南京电厂", "南京银行", "苏宁电器"], rows
    # In English, as CSV, for a manager: their own clients only, the caption in English.
    fake.send_text(ZHANG, "export this week's visits as csv")
    csv_sent = await fake.wait_for(ZHANG, lambda m: m.kind == "document")
    assert csv_sent.document is not None and (csv_sent.filename or "").endswith(".csv")
    body = csv_sent.document.decode("utf-8-sig")
    assert "苏宁电器" in body and "南京银行" not in body and "宝钢股份" not in body, body
    assert "this week" in csv_sent.text.lower(), csv_sent.text
    # No kind named: the kinds to choose from.
    fake.send_text(ZHANG, "导出")
    choose = await fake.wait_for(ZHANG)
    assert set(buttons_of(choose).values()) == {"ex:clients", "ex:visits", "ex:complaints"}
    assert fake.rejected == []


async def test_questions_in_plain_words_are_answered_from_the_summary(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "本周张三拜访了几个客户？")
    answer = await fake.wait_for(SUPERVISOR)
    assert "张三" in answer.text and "走访 2 次，拜访了 2 个客户" in answer.text
    fake.send_text(SUPERVISOR, "哪些客户超期没走访？")
    overdue = await fake.wait_for(SUPERVISOR)
    assert "超期未走访的客户" in overdue.text and "南京钢铁" in overdue.text
    # A team's list says first who owns how many (each of the two owns one overdue client).
    assert "超期未走访的客户，按客户经理：张三 1 · 李四 1" in overdue.text, overdue.text
    # Who made no visit this week is named first (李四 visited 南京银行 today, 张三 two clients).
    fake.send_text(SUPERVISOR, "本周谁还没拜访过客户？")
    idle = (await fake.wait_for(SUPERVISOR)).text
    assert idle.startswith("本周") and "名下有客户的每个人都有走访记录" in idle, idle
    assert "超期未走访的客户" in idle and "南京钢铁" in idle, idle
    # The counts after it say what they count: 张三 made 2 visits, and owns 1 overdue client
    # (before, "按客户经理：张三 1 · 李四 1" right after "每个人都有走访记录" read as visits).
    assert "\n超期未走访的客户，按客户经理：张三 1 · 李四 1\n" in idle, idle
    fake.send_text(SUPERVISOR, "Who hasn't visited a client this week?")
    idle_en = (await fake.wait_for(SUPERVISOR)).text
    assert "everyone who has clients has logged a visit" in idle_en, idle_en
    # Who made the fewest or the most visits is named before everyone's counts.
    fake.send_text(SUPERVISOR, "本周谁拜访最少？")
    fewest = (await fake.wait_for(SUPERVISOR)).text
    assert "走访最少的是：李四（1 次）" in fewest, fewest
    fake.send_text(SUPERVISOR, "Who made the most visits this week?")
    most_visits = (await fake.wait_for(SUPERVISOR)).text
    assert "most visits: 张三 (2)" in most_visits, most_visits
    fake.send_text(SUPERVISOR, "上周谁没拜访客户？")  # nobody visited last week
    last_week = (await fake.wait_for(SUPERVISOR)).text
    assert "还没有走访记录：张三、李四" in last_week and "王主管" not in last_week, last_week
    fake.send_text(SUPERVISOR, "Who has the most overdue clients?")
    most = await fake.wait_for(SUPERVISOR)
    assert most.text.startswith("Overdue clients by manager: 张三 1 · 李四 1"), most.text
    # A question in English is answered in English, labels and all, from the same figures.
    fake.send_text(SUPERVISOR, "How many visits did my team do this week?")
    english = (await fake.wait_for(SUPERVISOR)).text
    assert "3 in all, to 3 clients" in english and "共" not in english and "走访" not in english
    fake.send_text(SUPERVISOR, "这个月投诉处理得怎么样？")
    complaints = await fake.wait_for(SUPERVISOR)
    assert "投诉" in complaints.text and "未结 1" in complaints.text
    # Another team's manager is not found by name, and nothing of theirs is shown.
    fake.send_text(SUPERVISOR, "本周赵六拜访了几个客户？")
    hidden = await fake.wait_for(SUPERVISOR)
    assert "没有找到“赵六”" in hidden.text and "宝钢" not in hidden.text
    # An administrator's complaint spreadsheet, read back.
    fake.send_text(ADMIN, "/export complaints month")
    sheet_message = await fake.wait_for(ADMIN, lambda m: m.kind == "document")
    assert sheet_message.document is not None
    sheet = load_workbook(io.BytesIO(sheet_message.document)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert "状态" in rows[0] and len(rows) == 2 and rows[1][1] == "华润万家"
    assert fake.rejected == []


async def test_clients_not_visited_for_some_days_are_listed_by_those_days_not_by_cadence(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # 华润万家 was visited 40 days ago and is overdue (poor: every 30 days); 南京钢铁 200 days ago.
    # Before, "not visited for 60 days" got the overdue list, 华润万家 and all.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "Which clients have not been visited for 60 days?")
    sixty = (await fake.wait_for(SUPERVISOR)).text
    assert "Clients not visited for 60 days or more" in sixty and "1 in all" in sixty, sixty
    assert "南京钢铁" in sixty and "华润万家" not in sixty, sixty
    assert "上海电气" not in sixty, sixty  # another team's client, never visited
    fake.send_text(SUPERVISOR, "哪些客户一个月没拜访了？")
    month = (await fake.wait_for(SUPERVISOR)).text
    assert "30 天以上未走访的客户" in month and "共 2 条" in month, month
    assert month.index("南京钢铁") < month.index("华润万家"), month  # the longest first
    fake.send_text(ZHANG, "我有哪些客户超过两个月没有走访？")
    mine = (await fake.wait_for(ZHANG)).text
    assert "60 天以上未走访的客户" in mine and "南京钢铁" in mine and "华润万家" not in mine, mine
    # Asked the way people type it: "haven't I visited", a list without a question word.
    fake.send_text(ZHANG, "Which of my clients haven't I visited in 60 days?")
    typed = (await fake.wait_for(ZHANG)).text
    assert "Clients not visited for 60 days or more" in typed and "南京钢铁" in typed, typed
    fake.send_text(SUPERVISOR, "30天内没去过的客户")
    noun = (await fake.wait_for(SUPERVISOR)).text
    assert "30 天以上未走访的客户" in noun and "共 2 条" in noun, noun
    # "超期30天" is still the cadence's overdue list.
    fake.send_text(SUPERVISOR, "哪些客户超期没走访？")
    assert "超期未走访的客户" in (await fake.wait_for(SUPERVISOR)).text


async def test_which_clients_to_visit_this_week_lists_those_falling_due_not_only_the_overdue(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # 张三: 南京钢铁 140 days overdue, 华能南京电厂 (poor, every 30 days) visited today: due in
    # exactly 30 days, 苏宁电器 (medium, 90) in 90. Before, "我这周该去拜访哪些客户？" got a count
    # of this week's visits, and "这周哪些客户需要走访" the overdue list only.
    await seed(seeded)
    await in_process_bot.start()
    today, _ = today_in_shanghai(seeded)
    fake.send_text(ZHANG, "未来30天需要走访哪些客户？")
    month = (await fake.wait_for(ZHANG)).text
    end = (today + timedelta(days=30)).isoformat()
    assert f"截至 {end} 需走访的客户" in month and "共 2 条" in month, month
    assert month.index("南京钢铁") < month.index("华能南京电厂"), month  # the overdue first
    assert "30 天内需走访" in month and "苏宁电器" not in month, month
    fake.send_text(ZHANG, "未来29天需要走访哪些客户？")  # the day before 华能南京电厂 falls due
    shorter = (await fake.wait_for(ZHANG)).text
    assert "共 1 条" in shorter and "华能南京电厂" not in shorter, shorter
    fake.send_text(ZHANG, "我这周该去拜访哪些客户？")
    week = (await fake.wait_for(ZHANG)).text
    sunday = today + timedelta(days=6 - today.weekday())
    # On a Sunday the week ends today: the list is today's (it failed every Sunday).
    by = "今天需走访的客户" if sunday == today else f"截至 {sunday.isoformat()} 需走访的客户"
    assert by in week and "南京钢铁" in week, week
    assert "本人走访" not in week, week
    fake.send_text(ZHANG, "Which clients should I visit in the next 30 days?")
    english = (await fake.wait_for(ZHANG)).text
    assert f"Clients to visit by {end}" in english and "2 in all" in english, english
    # A supervisor's team: each manager's count above the list, every client named with its owner.
    fake.send_text(SUPERVISOR, "未来30天团队要拜访哪些客户？")
    team = (await fake.wait_for(SUPERVISOR)).text
    assert "共 3 条" in team and "张三 2 · 李四 1" in team, team
    assert "南京钢铁（张三）" in team and "华润万家（李四）" in team, team
    # A supervisor asking about one manager gets that manager's clients only.
    fake.send_text(SUPERVISOR, "李四未来30天要拜访哪些客户？")
    theirs = (await fake.wait_for(SUPERVISOR)).text
    assert "华润万家" in theirs and "南京钢铁" not in theirs and "李四" in theirs, theirs
    # What was missed is still the overdue list.
    fake.send_text(ZHANG, "哪些客户超期了？")
    assert "超期未走访的客户" in (await fake.wait_for(ZHANG)).text


async def test_which_clients_have_a_poor_credit_rating_lists_them_not_the_handbook_rule(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "我的客户里哪些信用等级差？" was answered from the handbook (how rating works), never with the
    # asker's own poor-rated clients: 张三 has 华能南京电厂 (poor), 李四 has 华润万家 (poor).
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "我的客户里哪些信用等级差？")
    mine = (await fake.wait_for(ZHANG)).text
    assert "信誉等级为“差”的客户" in mine and "共 1 条" in mine, mine
    assert "华能南京电厂" in mine and "华润万家" not in mine and "苏宁电器" not in mine, mine
    fake.send_text(ZHANG, "Which of my clients have a poor credit rating?")
    english = (await fake.wait_for(ZHANG)).text
    assert "Clients whose credit rating is “Poor”" in english and "1 in all" in english, english
    assert "华能南京电厂" in english, english
    fake.send_text(ZHANG, "我有哪些战略客户？")
    strategic = (await fake.wait_for(ZHANG)).text
    assert "战略大客户" in strategic and "共 1 条" in strategic and "南京钢铁" in strategic
    fake.send_text(ZHANG, "我名下信用差的客户")  # a bare "my … clients": the list too
    bare = (await fake.wait_for(ZHANG)).text
    assert "信誉等级为“差”的客户" in bare and "华能南京电厂" in bare, bare
    # A supervisor's team: whose each is, and each manager's count.
    fake.send_text(SUPERVISOR, "团队里哪些客户信用差？")
    team = (await fake.wait_for(SUPERVISOR)).text
    assert "共 2 条" in team and "张三 1 · 李四 1" in team, team
    assert "华能南京电厂（张三）" in team and "华润万家（李四）" in team, team
    # Another manager's poor client is not in a manager's list, even by a forged button.
    fake.send_text(LI, "信用差的客户有哪些")
    theirs = await fake.wait_for(LI)
    assert "华润万家" in theirs.text and "华能南京电厂" not in theirs.text, theirs.text
    fake.press_button(LI, theirs.message_id, "sm:l:gp:w0:0:0:rating-awful", forge=True)
    for _ in range(300):  # the press is answered "no longer applies", not with an error
        if any(a.text == "这个按钮已失效，请重新操作。" for a in fake.callback_answers):
            break
        await asyncio.sleep(0.1)
    assert fake.callback_answers[-1].text == "这个按钮已失效，请重新操作。"
    await fake.wait_idle(quiet=0.3)
    assert all("出了问题" not in m.text for m in fake.sent if m.chat_id == LI)
    # A number of one rating is not counted apart: said so, and the clients listed instead.
    fake.send_text(ZHANG, "信誉差的客户本月拜访了几次？")
    said = (await fake.wait_for(ZHANG)).text
    assert "暂时还不能统计" in said and "信誉差" not in said.replace("信誉等级", ""), said
    listed = (await fake.wait_for(ZHANG)).text
    assert "信誉等级为“差”的客户" in listed and "华能南京电厂" in listed, listed
    # How such clients are treated is still the handbook's question.
    fake.send_text(ZHANG, "信用差的客户有什么要求？")
    rule = (await fake.wait_for(ZHANG)).text
    assert "信誉等级为“差”的客户" not in rule and "共 1 条" not in rule, rule


COMPLAINT_RULES = """# 投诉处理办法

## 首问负责

客户投诉由首问责任人负责跟进，直至问题解决并回访客户；其他部门收到的投诉，转交客户所属的客户经理负责。
"""


async def test_who_must_follow_up_a_complaint_is_answered_from_the_handbook_not_ones_tickets(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, shared_kb: KnowledgeBase
) -> None:
    # "客户投诉由谁负责跟进？" was answered with the asker's complaints summary (张三's team has
    # one open ticket today), never with the rule the handbook states.
    await seed(seeded)
    report = shared_kb.ingest_bytes("complaint-rules-route6.md", COMPLAINT_RULES.encode())
    try:
        await in_process_bot.start()
        fake.send_text(SUPERVISOR, "客户投诉由谁负责跟进？")
        answer = (await fake.wait_for(SUPERVISOR)).text
        assert "首问责任人负责跟进" in answer and "未结" not in answer, answer
        # One's own tickets asked in like words are still the summary.
        fake.send_text(SUPERVISOR, "这个月投诉处理得怎么样？")
        mine = (await fake.wait_for(SUPERVISOR)).text
        assert "未结 1" in mine and "首问" not in mine, mine
    finally:
        shared_kb.remove_document(report.doc_id)


async def test_which_clients_complain_most_names_the_clients(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # Before, the team's complaint totals came back and no client was named.
    ids = await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "哪些客户投诉最多？")
    ranked = await fake.wait_for(SUPERVISOR)
    assert ranked.text.startswith("📨 投诉最多的客户 · 今年"), ranked.text
    assert "1. 华润万家（李四）：1 件投诉，其中 1 件未结" in ranked.text, ranked.text
    assert buttons_of(ranked) == {"1": f"sm:c:{ids['华润万家']}"}
    fake.send_text(SUPERVISOR, "Which clients have the most complaints this month?")
    english = (await fake.wait_for(SUPERVISOR)).text
    assert "1. 华润万家 (李四): 1 complaint, 1 still open" in english, english
    fake.send_text(ZHANG, "我的哪些客户投诉最多？")  # 张三's clients have none
    assert "没有符合条件的记录" in (await fake.wait_for(ZHANG)).text


async def test_an_english_question_names_a_colleague_in_pinyin_either_way_round(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "How many visits did Zhang San make this week?")
    zhang = (await fake.wait_for(SUPERVISOR)).text
    assert "张三" in zhang and "made 2 visits" in zhang and "nobody" not in zhang, zhang
    fake.send_text(SUPERVISOR, "How many clients did San Zhang visit this week?")
    assert "made 2 visits" in (await fake.wait_for(SUPERVISOR)).text
    # Another team's manager stays out of sight whichever way the name is written.
    fake.send_text(SUPERVISOR, "How many visits did Zhao Liu make this week?")
    hidden = (await fake.wait_for(SUPERVISOR)).text
    assert "nobody called “Zhao Liu”" in hidden and "宝钢" not in hidden, hidden


async def test_asking_when_another_managers_client_was_last_visited_says_it_is_not_yours(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # 华润万家 is 李四's: 张三 is told it is not among his clients, in the question's words, not
    # shown his own week under a garbled name ("没有找到“华润万家最近一次”").
    fake.send_text(ZHANG, "华润万家最近一次拜访是什么时候？")
    hidden = (await fake.wait_for(ZHANG)).text
    assert "没有找到您可以查看的客户“华润万家”" in hidden and "最近一次”" not in hidden, hidden
    assert "汇总" not in hidden and "走访" not in hidden, hidden
    fake.send_text(ZHANG, "When was Baosteel last visited?")
    english = (await fake.wait_for(ZHANG)).text
    assert "no client “Baosteel”" in english and "summary" not in english.lower(), english
    fake.send_text(ZHANG, "华润万家有没有投诉？")  # not his own week's complaint figures
    complaints = (await fake.wait_for(ZHANG)).text
    assert "没有找到您可以查看的客户“华润万家”" in complaints and "投诉" not in complaints, (
        complaints
    )
    fake.send_text(ZHANG, "华润万家的投诉处理得怎么样")  # nor his own figures under its name
    handled = (await fake.wait_for(ZHANG)).text
    assert "没有找到您可以查看的客户“华润万家”" in handled and "投诉" not in handled, handled
    fake.send_text(ZHANG, "How is CR Vanguard's complaint going?")
    handled_en = (await fake.wait_for(ZHANG)).text
    assert "no client “CR Vanguard”" in handled_en and "complaint" not in handled_en, handled_en
    # Asked in words the numbers questions do not read: still not his, not "the documents say
    # nothing".
    fake.send_text(ZHANG, "华润万家那个工单解决了吗")
    ticket = (await fake.wait_for(ZHANG)).text
    assert "没有找到您可以查看的客户“华润万家”" in ticket and "文件" not in ticket, ticket
    fake.send_text(ZHANG, "What is the status of CR Vanguard's complaints?")
    status_en = (await fake.wait_for(ZHANG)).text
    assert "no client “CR Vanguard”" in status_en and "document" not in status_en, status_en
    # His own client is answered by its card; a colleague named to a supervisor, by the figures.
    fake.send_text(ZHANG, "南京钢铁最近一次拜访是什么时候？")
    assert "客户档案" in (await fake.wait_for(ZHANG)).text
    # Part of the name is still her own client, not "no client 华润".
    fake.send_text(LI, "华润的投诉处理得怎么样")
    hint = (await fake.wait_for(LI)).text
    assert "客户档案" in hint and "华润万家" in hint and "没有找到" not in hint, hint
    assert "华润万家" in (await fake.wait_for(LI)).text  # the card itself
    fake.send_text(LI, "华润那个工单解决了吗")
    ticket_hint = (await fake.wait_for(LI)).text
    assert "客户档案" in ticket_hint and "没有找到" not in ticket_hint, ticket_hint
    assert "账单错误" in (await fake.wait_for(LI)).text  # her card, with its open complaint
    fake.send_text(SUPERVISOR, "李四最近一次拜访是什么时候？")
    colleague = (await fake.wait_for(SUPERVISOR)).text
    assert "李四" in colleague and "没有找到" not in colleague, colleague
    await fake.wait_idle()
    assert fake.rejected == []


async def test_the_company_summary_calls_its_clients_the_companys_not_a_teams(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ADMIN, "/summary week")
    text = (await fake.wait_for(ADMIN)).text
    # Both teams' clients: 张三 2, 李四 1 and 赵六 1 visit this week, all to their own clients.
    assert "全公司汇总" in text
    assert "全公司客户被走访：4 次（其中非客户经理本人走访 0 次）" in text, text
    assert "团队名下客户" not in text


async def test_a_list_asked_in_english_answers_its_buttons_in_english(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # The supervisor reads Chinese. Before, a list asked in English came in English but its
    # number buttons opened a Chinese card, and "back to summary" a Chinese summary.
    ids = await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "Which clients are overdue?")
    listing = await fake.wait_for(SUPERVISOR)
    assert "Clients overdue" in listing.text and "超期" not in listing.text, listing.text
    buttons = buttons_of(listing)
    assert buttons["1"] == f"sm:c:{ids['南京钢铁']}~en"  # the language travels with the button
    assert all(len(data.encode()) <= 64 for data in buttons.values())
    fake.press_button(SUPERVISOR, listing.message_id, buttons["1"])
    card = await fake.wait_for(SUPERVISOR)
    assert "南京钢铁" in card.text and "Account manager" in card.text, card.text
    assert "最近走访" not in card.text, card.text
    back = next(data for text, data in buttons.items() if data.startswith("sm:s:"))
    fake.press_button(SUPERVISOR, listing.message_id, back)
    summary = await fake.wait_for(SUPERVISOR)
    assert "Team summary" in summary.text and "团队汇总" not in summary.text, summary.text
    # The summary's own buttons keep the language: its overdue list comes in English too.
    overdue = next(d for t, d in buttons_of(summary).items() if d.startswith("sm:l:od:"))
    assert overdue.endswith("~en"), overdue
    # A question in the user's own language afterwards is answered, and buttoned, in Chinese.
    fake.send_text(SUPERVISOR, "哪些客户超期没走访？")
    chinese = await fake.wait_for(SUPERVISOR)
    assert "超期未走访的客户" in chinese.text
    assert not any("~" in data for data in buttons_of(chinese).values()), chinese.buttons
    assert fake.rejected == []


async def test_a_supervisors_open_complaints_list_says_each_deadline_and_time_left(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """A supervisor checking open complaints from the summary must see which deadline each one
    is at and how long is left, not only that it is open (as /complaints tells its owner)."""
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "/summary week")
    summary = await fake.wait_for(SUPERVISOR)
    fake.press_button(SUPERVISOR, summary.message_id, buttons_of(summary)["📨 未结投诉 1"])
    listing = await fake.wait_for(SUPERVISOR, lambda m: "未结投诉" in m.text)
    # Received within the last hour: first contact due in a day, resolution in three.
    assert "华润万家（李四）· 高 · 待响应：账单错误" in listing.text, listing.text
    first = re.search(r"首次联系期限 (\S+ \S+) （还剩 (\d+) 小时）", listing.text)
    assert first is not None, listing.text
    assert 22 <= int(first.group(2)) <= 23
    assert re.search(r"解决期限 \S+ \S+ （还剩 2 天）", listing.text), listing.text
    assert "已超期" not in listing.text
    # The client's card, opened from the list, tells the same deadline.
    fake.press_button(SUPERVISOR, listing.message_id, buttons_of(listing)["1"])
    card = await fake.wait_for(SUPERVISOR, lambda m: "最近走访" in m.text)
    assert f"首次联系期限 {first.group(1)}" in card.text, card.text

    fake.send_text(SUPERVISOR, "/lang en")
    await fake.wait_for(SUPERVISOR)
    fake.send_text(SUPERVISOR, "/summary week")
    english = await fake.wait_for(SUPERVISOR, lambda m: "Team summary" in m.text)
    fake.press_button(SUPERVISOR, english.message_id, buttons_of(english)["📨 Open complaints 1"])
    listing = await fake.wait_for(SUPERVISOR, lambda m: "Open complaints" in m.text)
    assert re.search(r"First contact due \S+ \S+ \((?:2[23]) h left\)", listing.text), listing.text
    assert "Resolve by" in listing.text


async def test_a_supervisor_whose_team_owns_no_clients_is_told_so_not_that_all_is_well(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """A new team's supervisor: "overdue: none 👍" and "at risk: none" about clients that do
    not exist read as good news; the summary says there are no clients yet, and why."""
    await seed(seeded)
    await seeded.users.add_user(telegram_id=1030, name="孙主管", role=Role.SUPERVISOR,
                                team="华南新部")  # fmt: skip
    await in_process_bot.start()
    fake.send_text(1030, "/summary month")
    summary = await fake.wait_for(1030, lambda m: "团队汇总" in m.text)
    assert "团队汇总 · 华南新部" in summary.text
    assert "名下客户</b>：还没有客户" in summary.text or "名下客户：还没有客户" in summary.text
    for said in ("👍", "风险客户：", "超期未走访：", "覆盖率：", "按 2026"):
        assert said not in summary.text, summary.text
    for other in ("张三", "李四", "赵六", "华润万家"):
        assert other not in summary.text
    # Nothing to export: said, not a file of headers alone.
    fake.send_text(1030, "/export visits month")
    nothing = await fake.wait_for(1030)
    assert nothing.kind == "text" and "没有可导出的走访记录" in nothing.text, nothing.text
    assert "本月：" in nothing.text
    fake.send_text(1030, "/lang en")
    await fake.wait_for(1030)
    fake.send_text(1030, "/summary")
    english = await fake.wait_for(1030, lambda m: "Team summary" in m.text)
    assert "Owned clients: none yet" in english.text, english.text
    assert "👍" not in english.text and "Clients at risk:" not in english.text


async def test_an_empty_export_of_a_period_just_begun_offers_the_one_before(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """ "导出本周的走访记录" on a Monday morning: before, "nothing to export" and no way on; now
    last week's records are one tap away, and the file holds exactly them."""
    sun = 1040
    await seeded.users.add_user(telegram_id=sun, name="孙五", role=Role.MANAGER, team=None)
    from tests.integration.test_summaries import client_row

    await seeded.clients.upsert_rows(None, [client_row("测试电厂", sun)])
    actor = await seeded.users.resolve_actor(sun)
    assert actor is not None
    [client] = await seeded.clients.search(actor, "测试电厂")
    today, _ = today_in_shanghai(seeded)
    last_friday = today - timedelta(days=today.weekday() + 3)
    async with seeded.db.write() as uow:
        uow.session.add(visit(client.id, actor.user_id, last_friday, summary="上周五的走访"))
        await uow.commit()
    await in_process_bot.start()
    fake.send_text(sun, "/export visits week")
    nothing = await fake.wait_for(sun)
    assert "没有可导出的走访记录" in nothing.text, nothing.text
    offer = buttons_of(nothing)
    assert list(offer) == ["📎 导出上周的（1 条）"], offer
    fake.press_button(sun, nothing.message_id, offer["📎 导出上周的（1 条）"])
    sent = await fake.wait_for(sun, lambda m: m.kind == "document")
    assert sent.document is not None and (sent.filename or "").endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(sent.document)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and "上周五的走访" in rows[1], rows
    assert "上周" in sent.text, sent.text  # the caption says which days
    assert fake.rejected == []


async def test_a_manager_asking_for_the_team_or_a_colleague_is_told_only_a_supervisor_sees_them(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """The server keeps a manager to their own figures; the answer says so politely, rather
    than answering "the team" with their own week unexplained or saying a colleague does not
    exist."""
    await seed(seeded)
    await in_process_bot.start()
    own_only = "团队和同事的数据只有主管可以查看；以下是您本人的数据。"
    for asked in ("本月团队拜访情况", "李四本月拜访了多少次？", "谁的超期客户最多？"):
        fake.send_text(ZHANG, asked)
        answer = await fake.wait_for(ZHANG, lambda m: own_only in m.text)
        assert "没有找到" not in answer.text, (asked, answer.text)
        for other in ("李四：", "华润万家", "南京银行", "王主管"):
            assert other not in answer.text, (asked, answer.text)
    fake.send_text(ZHANG, "/summary team week")
    await fake.wait_for(ZHANG, lambda m: m.text == own_only)
    mine = await fake.wait_for(ZHANG, lambda m: "我的工作汇总 · 张三" in m.text)
    assert "李四" not in mine.text and "本人走访：2 次" in mine.text
    # Asking about their own figures needs no such note.
    fake.send_text(ZHANG, "我本周拜访了多少次？")
    answer = await fake.wait_for(ZHANG, lambda m: "张三" in m.text)
    assert own_only not in answer.text, answer.text
    # A supervisor's "/summary team" is the team's summary.
    fake.send_text(SUPERVISOR, "/summary team week")
    team = await fake.wait_for(SUPERVISOR, lambda m: "团队汇总" in m.text)
    assert "李四：本人走访 1 次" in team.text


async def test_one_managers_coverage_and_complaints_charts_say_whose_they_are(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "/summary week")
    team = await fake.wait_for(SUPERVISOR, lambda m: "团队汇总" in m.text)
    fake.press_button(SUPERVISOR, team.message_id, buttons_of(team)["👤 李四"])
    person = await fake.wait_for(SUPERVISOR, lambda m: "李四" in m.text and "汇总" in m.text)
    for chart in ("📊 覆盖图", "📊 投诉图"):
        fake.press_button(SUPERVISOR, person.message_id, buttons_of(person)[chart])
        photo = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "photo")
        assert photo.text.endswith("· 李四"), photo.text
    # The team's own chart names nobody.
    fake.press_button(SUPERVISOR, team.message_id, buttons_of(team)["📊 覆盖图"])
    photo = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "photo")
    assert "李四" not in photo.text and "张三" not in photo.text


async def test_a_supervisor_asks_for_days_of_their_choosing_by_their_dates(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """ "/summary 2026-11-01 2026-11-15": the figures of those days, their lists and their
    export; days still to come are refused with the usage."""
    await seed(seeded)
    today, _now = today_in_shanghai(seeded)
    start, end = today - timedelta(days=45), today - timedelta(days=30)  # 李四's visit, day -40
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, f"/summary {start.isoformat()} {end.isoformat()}")
    summary = await fake.wait_for(SUPERVISOR, lambda m: "团队汇总" in m.text)
    assert f"所选时段：{start.isoformat()} ~ {end.isoformat()}" in summary.text, summary.text
    assert f"按 {end.isoformat()} 计" in summary.text
    assert "共 1 次，涉及 1 个客户" in summary.text
    assert "李四：本人走访 1 次 / 1 个客户" in summary.text
    assert "张三：本人走访 0 次 / 0 个客户" in summary.text
    fake.press_button(SUPERVISOR, summary.message_id, buttons_of(summary)["📋 走访 1"])
    listing = await fake.wait_for(SUPERVISOR, lambda m: "共 1 条" in m.text)
    assert f"{start.isoformat()} ~ {end.isoformat()}" in listing.text, listing.text
    visited = (today - timedelta(days=40)).isoformat()
    assert f"1. {visited} 华润万家（李四" in listing.text, listing.text
    fake.send_text(SUPERVISOR, f"/export visits {start.isoformat()}~{end.isoformat()} csv")
    sent = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "document")
    assert sent.filename == f"visits-{start.isoformat()}-{end.isoformat()}.csv"
    assert sent.document is not None
    rows = sent.document.decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and "华润万家" in rows[1] and visited in rows[1], rows
    # Days still to come, and dates that make no period, get the usage.
    later = today + timedelta(days=3)
    for asked in (f"{later.isoformat()} {(later + timedelta(days=5)).isoformat()}",
                  f"{end.isoformat()} {start.isoformat()}", "2026-02-30 2026-03-03"):  # fmt: skip
        fake.send_text(SUPERVISOR, f"/summary {asked}")
        assert "用法" in (await fake.wait_for(SUPERVISOR)).text, asked


async def test_a_supervisors_complaint_tickets_say_whose_each_is(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "有没有超期的投诉？")
    header = await fake.wait_for(SUPERVISOR, lambda m: "未关闭的投诉工单 1 个" in m.text)
    assert header.text.endswith("没有已超期的。"), header.text  # the question's answer, first
    ticket = await fake.wait_for(SUPERVISOR, lambda m: "账单错误" in m.text)
    assert "华润万家（李四） · 高 · 待响应" in ticket.text, ticket.text
    # The owner reading their own ticket is not named on it.
    fake.send_text(LI, "/complaints")
    await fake.wait_for(LI, lambda m: "未关闭的投诉工单 1 个" in m.text)
    own = await fake.wait_for(LI, lambda m: "账单错误" in m.text)
    assert "华润万家 · 高 · 待响应" in own.text and "李四" not in own.text, own.text


async def test_a_month_named_in_a_question_or_a_command_is_that_months_figures(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """ "10月份团队拜访情况" was answered "没有找到您可以查看的客户“10月份团队”"."""
    await seed(seeded)
    today, _now = today_in_shanghai(seeded)
    month = (today - timedelta(days=40)).month  # 李四's one visit that month
    first = (today - timedelta(days=40)).replace(day=1)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, f"{month}月份团队拜访情况")
    answer = await fake.wait_for(SUPERVISOR)
    assert "没有找到" not in answer.text, answer.text
    assert f"{month}月：{first.isoformat()} ~ " in answer.text, answer.text
    assert "共 1 次，涉及 1 个客户" in answer.text and "李四：本人走访 1 次" in answer.text
    fake.send_text(SUPERVISOR, f"/summary {month}月")
    summary = await fake.wait_for(SUPERVISOR, lambda m: "团队汇总" in m.text)
    assert f"{month}月：{first.isoformat()} ~ " in summary.text and "共 1 次" in summary.text
    # The month's buttons keep the month.
    fake.press_button(SUPERVISOR, summary.message_id, buttons_of(summary)["📋 走访 1"])
    listing = await fake.wait_for(SUPERVISOR, lambda m: "共 1 条" in m.text)
    assert f"{month}月" in listing.text and "华润万家" in listing.text, listing.text


async def test_a_supervisor_asking_in_words_for_days_by_their_dates_gets_those_days_summary(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """ "11月1日到15日团队拜访情况", "team visits from Nov 1 to 15": the summary of those days (of
    the latest such days), not a visit report to log nor the whole month."""
    await seed(seeded)
    today, _now = today_in_shanghai(seeded)
    start, end = today - timedelta(days=45), today - timedelta(days=30)  # 李四's visit, day -40
    await in_process_bot.start()
    fake.send_text(
        SUPERVISOR, f"{start.month}月{start.day}日到{end.month}月{end.day}日团队拜访情况"
    )
    summary = await fake.wait_for(SUPERVISOR)
    assert "走访记录" not in summary.text, summary.text  # not offered to be logged
    assert f"{start.isoformat()} ~ {end.isoformat()}" in summary.text, summary.text
    assert "李四" in summary.text and "1 次" in summary.text, summary.text
    fake.send_text(SUPERVISOR, f"team visits from {start:%b} {start.day} to {end:%b} {end.day}")
    summary = await fake.wait_for(SUPERVISOR)
    assert f"{start.isoformat()} ~ {end.isoformat()}" in summary.text, summary.text
    assert "李四" in summary.text or "Li Si" in summary.text, summary.text


async def test_a_traditional_readers_visits_chart_counts_its_weeks_in_traditional(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "近 8 周": OpenCC left 周 simplified outside the words it knows.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "/summary week", language_code="zh-TW")
    team = await fake.wait_for(SUPERVISOR, lambda m: "團隊彙總" in m.text)
    fake.press_button(SUPERVISOR, team.message_id, buttons_of(team)["📊 走訪圖"])
    photo = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "photo")
    assert "（近 8 週）" in photo.text and "周" not in photo.text, photo.text


async def _seed_two_months(services: Services) -> tuple[dict[str, int], dict[int, int]]:
    """`seed`'s team, and visits in the month before last and in last month: 张三 makes 3 then
    1, 李四 1 then 2 (their summaries' own visits of days ago fall where they fall). Returns, per
    telegram id, the visits made in the month before last and in last month."""
    from services.summaries.periods import Period, PeriodKind

    ids = await seed(services)
    today, _ = today_in_shanghai(services)
    before = Period(PeriodKind.MONTH, -2).bounds(today)
    last = Period(PeriodKind.MONTH, -1).bounds(today)
    users = {tg: actor.user_id for tg in (ZHANG, LI)
             if (actor := await services.users.resolve_actor(tg)) is not None}  # fmt: skip
    planned = {
        ZHANG: [(ids["苏宁电器"], before[0] + timedelta(days=d)) for d in (1, 2, 3)]
        + [(ids["苏宁电器"], last[0] + timedelta(days=4))],
        LI: [(ids["南京银行"], before[0] + timedelta(days=5))]
        + [(ids["南京银行"], last[0] + timedelta(days=d)) for d in (6, 7)],
    }
    async with services.db.write() as uow:
        uow.session.add_all([visit(c, users[tg], day) for tg, rows in planned.items()
                             for c, day in rows])  # fmt: skip
        await uow.commit()
    # What `seed` logged already: 张三 today twice and 200 days ago, 李四 today and 40 days ago.
    seeded = {
        ZHANG: [today, today, today - timedelta(days=200)],
        LI: [today, today - timedelta(days=40)],
    }

    def made(tg: int, span: tuple[date, date]) -> int:
        days = [d for _, d in planned[tg]] + seeded[tg]
        return sum(span[0] <= d <= span[1] for d in days)

    return ids, {tg: made(tg, before) * 100 + made(tg, last) for tg in (ZHANG, LI)}


def _changed(before: int, after: int, same: str) -> str:
    d = after - before
    return f"+{d}" if d > 0 else f"−{-d}" if d < 0 else same


async def test_a_supervisor_comparing_two_months_gets_both_months_figures_side_by_side(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "11月和10月相比…" showed October's summary alone; "本月和上月比" the same with no word of
    # the other month.
    _, made = await _seed_two_months(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "上个月和上上个月相比，团队走访次数有什么变化？")
    answer = await fake.wait_for(SUPERVISOR)
    text = answer.text
    assert "两期对比：上上月 → 上月" in text, text
    total_before = sum(n // 100 for n in made.values())
    total_last = sum(n % 100 for n in made.values())
    assert (
        f"走访次数（按走访人计）：{total_before} → {total_last}"
        f"（{_changed(total_before, total_last, '持平')}）" in text
    ), text
    for tg, name in ((ZHANG, "张三"), (LI, "李四")):
        a, b = made[tg] // 100, made[tg] % 100
        assert f"• {name}：{a} → {b}（{_changed(a, b, '持平')}）" in text, text
    assert "赵六" not in text
    # Each month's own summary is a button away.
    buttons = buttons_of(answer)
    fake.press_button(SUPERVISOR, answer.message_id, buttons["📊 上月"])
    month = await fake.wait_for(SUPERVISOR, lambda m: "团队汇总" in m.text)
    assert f"共 {total_last} 次" in month.text, month.text


async def test_compared_in_english_the_earlier_period_comes_first_with_each_change(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    _, made = await _seed_two_months(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "Compare last month with the month before last", language_code="en")
    text = (await fake.wait_for(SUPERVISOR)).text
    assert "Two periods side by side: The month before last → Last month" in text, text
    a, b = made[ZHANG] // 100, made[ZHANG] % 100
    assert f"• 张三: {a} → {b} ({_changed(a, b, 'no change')})" in text, text
    assert "Coverage of owned clients:" in text and "Complaints received:" in text
    assert not re.search(r"[\u4e00-\u9fff]", text.replace("张三", "").replace("李四", "")
                         .replace("华东一部", "").replace("王主管", "")), text  # fmt: skip


async def test_whose_coverage_is_lowest_is_answered_by_naming_them(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "谁的覆盖率最低？" listed everyone's figures and left the reader to find the lowest.
    await seed(seeded)
    await in_process_bot.start()
    # 张三: 2 of 3 clients within their cadence (南京钢铁 overdue); 李四: 1 of 2 (华润万家).
    # This week's, said: asked on a Monday without a period, the bot answers of the week just
    # finished, before today's visits (the test failed on Mondays in Shanghai).
    fake.send_text(SUPERVISOR, "本周谁的覆盖率最低？")
    text = (await fake.wait_for(SUPERVISOR)).text
    assert "名下客户覆盖率最低的是：李四（50%）" in text, text
    fake.send_text(SUPERVISOR, "Who has the best coverage this week?", language_code="en")
    text = (await fake.wait_for(SUPERVISOR)).text
    assert "Highest coverage of owned clients: 张三 (67%)" in text, text


async def test_a_manager_with_no_clients_comparing_months_is_told_they_own_none(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await seeded.users.add_user(telegram_id=1030, name="钱七", role=Role.MANAGER, team="华东一部")
    await in_process_bot.start()
    fake.send_text(1030, "本月和上月比怎么样")
    text = (await fake.wait_for(1030)).text
    assert "两期对比：上月 → 本月" in text and "名下暂无客户" in text, text
    assert "— → —" not in text and "超期未走访客户" not in text, text


async def test_an_english_summarys_complaint_figures_line_opens_with_a_capital(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "resolved on time: nothing resolved in this period" opened its own line in lower case.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "/summary week", language_code="en")
    text = (await fake.wait_for(SUPERVISOR, lambda m: "Team summary" in m.text)).text
    assert "\nResolved on time: nothing resolved in this period · " in text, text


async def test_a_question_naming_a_month_then_another_it_is_not_about_sums_up_the_first(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # Months were tried in calendar order, not as written: "11月份的走访情况，不是10月的" was
    # answered with October's figures. (In January the two orders agree.)
    from services.summaries.periods import Period, PeriodKind

    await seed(seeded)
    await in_process_bot.start()
    today, _ = today_in_shanghai(seeded)
    last = Period(PeriodKind.MONTH, -1).bounds(today)
    before = Period(PeriodKind.MONTH, -2).bounds(today)
    fake.send_text(SUPERVISOR, f"{last[0].month}月份的走访情况，不是{before[0].month}月的")
    text = (await fake.wait_for(SUPERVISOR)).text
    assert f"{last[0]} ~ {last[1]}" in text and f"{before[0]} ~" not in text, text


async def test_months_asked_from_one_to_another_are_summed_up_together(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "10月到11月的拜访情况" was answered with October's figures alone.
    from services.summaries.periods import Period, PeriodKind

    _, made = await _seed_two_months(seeded)
    await in_process_bot.start()
    today, _ = today_in_shanghai(seeded)
    last = Period(PeriodKind.MONTH, -1).bounds(today)
    before = Period(PeriodKind.MONTH, -2).bounds(today)
    fake.send_text(SUPERVISOR, f"{before[0].month}月到{last[0].month}月团队拜访情况")
    text = (await fake.wait_for(SUPERVISOR)).text
    total = sum(n // 100 + n % 100 for n in made.values())
    assert f"{before[0]} ~ {last[1]}" in text and f"共 {total} 次" in text, text


async def test_an_export_naming_a_colleague_holds_that_colleagues_records_alone(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """ "导出张三本周的走访记录": before, the whole team's visits, captioned 走访记录 as if
    they were 张三's; a name from before a rename was not found at all."""
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "导出张三本周的走访记录")
    sent = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "document")
    assert sent.document is not None
    assert "张三的走访记录导出，共 2 行" in sent.text, sent.text
    sheet = load_workbook(io.BytesIO(sent.document)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert sorted(str(r[1]) for r in rows[1:]) == ["华能南京电厂", "苏宁电器"], rows
    assert {r[5] for r in rows[1:]} == {"张三"}, rows  # 走访人

    # Renamed, the colleague is still found by the name the supervisor knew, and it is said.
    fake.send_text(SUPERVISOR, "/rename 李四 李思")
    assert "李思" in (await fake.wait_for(SUPERVISOR)).text
    fake.send_text(SUPERVISOR, "导出李四的客户档案")
    sent = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "document")
    assert sent.document is not None
    assert "“李四”已更名为“李思”" in sent.text, sent.text
    assert "李思的客户档案导出，共 2 行" in sent.text, sent.text
    sheet = load_workbook(io.BytesIO(sent.document)).active
    assert sheet is not None
    names = sorted(str(r[0]) for r in list(sheet.iter_rows(values_only=True))[1:])
    assert names == ["华润万家", "南京银行"], names

    # A manager naming a colleague still gets their own records (never the colleague's).
    fake.send_text(ZHANG, "导出李思本周的走访记录")
    mine = await fake.wait_for(ZHANG, lambda m: m.kind == "document")
    assert mine.document is not None
    sheet = load_workbook(io.BytesIO(mine.document)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert sorted(str(r[1]) for r in rows[1:]) == ["华能南京电厂", "苏宁电器"], rows
    assert "李思" not in mine.text, mine.text
    assert fake.rejected == []


async def test_a_supervisor_setting_two_colleagues_side_by_side_gets_each_ones_figures(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """ "张三和李四比一比": before, "nothing in the company documents"; now this week's visits,
    coverage and overdue of each, in Chinese and in English (names in pinyin)."""
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "张三和李四比一比")
    answer = await fake.wait_for(SUPERVISOR)
    assert "张三：本人走访 2 次 / 2 个客户" in answer.text, answer.text
    assert "李四：本人走访 1 次 / 1 个客户" in answer.text, answer.text
    assert "本周" in answer.text and "公司文件" not in answer.text, answer.text
    fake.send_text(SUPERVISOR, "/lang en")
    await fake.wait_for(SUPERVISOR)
    fake.send_text(SUPERVISOR, "Compare Zhang San and Li Si last week")
    answer = await fake.wait_for(SUPERVISOR)
    assert "Last week" in answer.text and "张三: made" in answer.text, answer.text
    assert "李四: made" in answer.text and "company documents" not in answer.text, answer.text
    assert fake.rejected == []


async def test_a_list_named_and_nothing_else_is_that_list_not_the_handbook(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """ "超期客户", "李四的超期客户", "overdue clients of the team": typed on a phone with no
    question word, they went to the documents (the rule on overdue visits, or nothing found)."""
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "超期客户")
    team = await fake.wait_for(SUPERVISOR)
    assert "超期未走访的客户" in team.text and "共 2 条" in team.text, team.text
    assert "南京钢铁（张三）" in team.text and "华润万家（李四）" in team.text, team.text
    fake.send_text(SUPERVISOR, "李四的超期客户")
    one = await fake.wait_for(SUPERVISOR)
    assert "李四" in one.text and "共 1 条" in one.text and "南京钢铁" not in one.text, one.text
    fake.send_text(SUPERVISOR, "风险客户")
    risks = await fake.wait_for(SUPERVISOR)
    assert "风险" in risks.text and "华润万家" in risks.text, risks.text
    fake.send_text(SUPERVISOR, "overdue clients of the team")
    english = await fake.wait_for(SUPERVISOR)
    assert "南京钢铁" in english.text and "华润万家" in english.text, english.text
    assert "文件" not in english.text and "document" not in english.text.lower(), english.text
    assert fake.rejected == []


@pytest.mark.parametrize(
    ("text", "caption"),
    [("团队本周走访图", "每周走访次数"), ("本月团队投诉统计图", "投诉"),
     ("Show me a chart of the team's coverage this month", "Coverage")],
)  # fmt: skip
async def test_a_chart_asked_for_in_words_comes_with_the_figures(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, text: str, caption: str
) -> None:
    # "团队本周走访图" answered the week's figures with a chart button: the chart asked for was
    # one more tap away.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, text)
    figures = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "text")
    assert "华东一部" in figures.text, figures.text
    photo = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "photo")
    assert caption in photo.text, photo.text


async def test_figures_asked_without_a_chart_send_none(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(SUPERVISOR, "团队本周走访情况")
    await fake.wait_for(SUPERVISOR, lambda m: "华东一部" in m.text)
    await fake.wait_idle(quiet=0.5)
    assert not [m for m in fake.sent if m.chat_id == SUPERVISOR and m.kind == "photo"]


async def test_which_clients_were_not_visited_this_month_lists_them_not_the_overdue(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "我这个月还有哪些客户没去过？" got the cadence's overdue list: 苏州银行 (good rating, last
    # visited 40 days ago, not due for months) was not on it although not visited this month.
    await seed(seeded)
    today, _ = today_in_shanghai(seeded)
    added = await seeded.clients.upsert_rows(None, [
        client_row("苏州银行", ZHANG, rating=CreditRating.GOOD,
                   last_visit_on=today - timedelta(days=40)),
        # Added today and never visited: not visited this month either (it was left out).
        client_row("常州新能源", ZHANG, rating=CreditRating.GOOD),
    ])  # fmt: skip
    assert added.ok, added.errors
    await in_process_bot.start()
    for text, title in (("我这个月还有哪些客户没去过？", f"{today:%Y-%m}-01 以来未走访的客户"),
                        ("這個月還有哪些客戶沒去過", f"{today:%Y-%m}-01 以來未走訪的客戶"),
                        ("Which clients haven't I visited this month?",
                         f"Clients not visited since {today:%Y-%m}-01")):  # fmt: skip
        fake.send_text(ZHANG, text)
        listed = (await fake.wait_for(ZHANG)).text
        assert title in listed, listed
        assert "苏州银行" in listed and "南京钢铁" in listed, listed
        assert "常州新能源" in listed, listed
        assert "华能南京电厂" not in listed and "苏宁电器" not in listed, listed  # visited today
    # "超期" still asks for the cadence's overdue: 苏州银行 is not overdue.
    fake.send_text(ZHANG, "我这个月有哪些客户超期没去？")
    overdue = (await fake.wait_for(ZHANG)).text
    assert "超期未走访的客户" in overdue and "苏州银行" not in overdue, overdue
