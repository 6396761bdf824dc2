"""Visit history and whose visits a figure counts, as users meet them in chat (in-process bot).

The real Application runs in this process against the fake Telegram server, on a SQLite file:
the demo loaded through the importers, a visit file sent by an admin, visits made by a supervisor
to a manager's client, a client never visited, a phone call that does not reset the cadence.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update

from emulator import FakeTelegram
from services.bootstrap import Services
from services.demo import FILES_DATED, VISITS_FILE, load_demo, shift_weeks
from services.domain import Language, Role
from services.policy import Severity
from services.storage.models import Client, Complaint, User, Visit
from services.summaries.periods import Period, PeriodKind
from tests.bot.conftest import InProcessBot
from tests.fakes import FakeClock
from tests.kit import buttons

ADMIN, SUPERVISOR, MANAGER, EN_MANAGER = 5001, 5002, 5003, 5004


@pytest.fixture
def services(seeded: Services) -> Services:
    """The in-process bot's own services (conftest's `seeded`, on a fake clock at real time)."""
    return seeded


@pytest.fixture(autouse=True)
async def running(in_process_bot: InProcessBot) -> None:
    await in_process_bot.start()


def today(services: Services) -> date:
    return services.clock.now().astimezone(ZoneInfo(services.timezone)).date()


async def ask(fake: FakeTelegram, user: int, text: str) -> str:
    fake.send_text(user, text)
    return (await fake.wait_for(user)).text


async def team(services: Services, *, en: bool = False) -> None:
    add = services.users.add_user
    await add(telegram_id=ADMIN, name="管理员", role=Role.ADMIN, team=None,
              language=Language.EN if en else Language.ZH)  # fmt: skip
    await add(telegram_id=SUPERVISOR, name="周主管", role=Role.SUPERVISOR, team="一部")
    await add(telegram_id=MANAGER, name="李婷", role=Role.MANAGER, team="一部")
    await add(telegram_id=EN_MANAGER, name="Wang Lei", role=Role.MANAGER, team="一部",
              language=Language.EN)  # fmt: skip
    data = (
        "客户名称,别名,客户经理ID,客户类型,信誉等级\n"
        f"宝山钢铁股份有限公司,宝钢,{MANAGER},战略,优\n"
        f"华能南京金陵发电有限公司,华能金陵,{MANAGER},集团,中\n"
        f"Suzhou Metro,,{EN_MANAGER},strategic,good\n"
    ).encode()
    assert (await services.clients.import_file(None, "clients.csv", data)).ok
    # Added to the bot 100 days ago: a strategic client (60 days) never visited is overdue.
    added = services.clock.now() - timedelta(days=100)
    async with services.db.write() as uow:
        await uow.session.execute(update(Client).values(created_at=added))
        await uow.commit()


def visits_csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------------- the demo


async def test_the_demo_card_visits_and_summary_agree_with_its_visit_file(
    services: Services, fake: FakeTelegram
) -> None:
    day = today(services)
    result = await load_demo(
        services.db, services.users, services.visit_import, day, services.timezone
    )
    assert result.created == 30 and result.visits.created > 100
    # Loading it again (every `kam chat --demo` does) adds nothing twice.
    again = await load_demo(
        services.db, services.users, services.visit_import, day, services.timezone
    )
    assert (again.created, again.visits.created) == (0, 0)
    # Counted here from the shipped file: 宝钢's last on-site visit, 李婷's visits this quarter.
    shift = shift_weeks(day)
    with VISITS_FILE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    baosteel = [r for r in rows if r["客户名称"] == "宝山钢铁股份有限公司"]
    last = max(date.fromisoformat(r["走访日期"]) for r in baosteel if r["走访方式"] == "上门")
    last += shift
    start, _ = Period(PeriodKind.QUARTER).bounds(day)
    made = [
        r for r in rows
        if r["走访人"] == "李婷" and start <= date.fromisoformat(r["走访日期"]) + shift <= day
    ]  # fmt: skip
    assert FILES_DATED + shift <= day

    li_ting = 900000002
    card = await ask(fake, li_ting, "/client 宝钢")
    assert f"最近上门走访：{last.isoformat()}（{(day - last).days} 天前）" in card
    fake.send_text(li_ting, "/visits 宝钢")
    record = await fake.wait_for(li_ting, lambda m: last.isoformat() in m.text)
    assert "宝山钢铁股份有限公司" in record.text
    fake.send_text(li_ting, "/summary quarter")
    summary = (await fake.wait_for(li_ting, lambda m: "我的工作汇总" in m.text)).text
    assert f"本人走访：{len(made)} 次" in summary
    assert len(made) > 0


async def test_the_demo_this_month_is_not_empty_on_its_first_day_late_in_the_utc_evening(
    services: Services, fake: FakeTelegram, bot_clock: FakeClock
) -> None:
    # 21:07 UTC on 30 November is 05:07 on Tuesday 1 December in Shanghai: "本月" was empty
    # (the files' visits moved by whole weeks ended on 24 November).
    bot_clock.set(datetime(2026, 11, 30, 21, 7, tzinfo=UTC))
    day = today(services)
    assert day == date(2026, 12, 1)
    await load_demo(services.db, services.users, services.visit_import, day, services.timezone)
    async with services.db.read() as session:
        li = await session.scalar(select(User.id).where(User.telegram_id == 900000002))
        hers = list(
            (
                await session.execute(
                    select(Visit.visited_on).where(
                        Visit.author_id == li, Visit.visited_on >= date(2026, 12, 1)
                    )
                )
            ).scalars()
        )
        latest = await session.scalar(select(func.max(Visit.visited_on)))
    assert hers == [date(2026, 12, 1)] and latest == day  # none after today
    summary = await ask(fake, 900000002, "本月拜访了几次？")
    assert "本月：2026-12-01 ~ 2026-12-31" in summary, summary
    assert f"本人走访：{len(hers)} 次" in summary, summary


async def test_the_demo_english_manager_gets_english_until_he_chooses_chinese_for_good(
    services: Services, fake: FakeTelegram
) -> None:
    args = (services.db, services.users, services.visit_import, today(services), services.timezone)
    await load_demo(*args)
    wang_lei, li_ting = 900000003, 900000002
    assert "/visit [text] — log a visit" in await ask(fake, wang_lei, "/help")
    assert "/visit [内容] — 记录走访" in await ask(fake, li_ting, "/help")
    await ask(fake, wang_lei, "/lang 中文")
    # Every start of `kam chat --demo` loads the demo again: his own choice stays.
    await load_demo(*args)
    assert "/visit [内容] — 记录走访" in await ask(fake, wang_lei, "/help")


async def test_the_demo_never_visited_strategic_client_is_overdue_in_the_summary(
    services: Services, fake: FakeTelegram
) -> None:
    await load_demo(
        services.db, services.users, services.visit_import, today(services), services.timezone
    )
    chen = 900000004
    overdue = await ask(fake, chen, "哪些客户超期没走访？")
    assert "宁波前湾新区智慧园区开发有限公司" in overdue
    card = await ask(fake, chen, "/client 前湾新区")
    assert "暂无记录" in card


async def test_the_demo_complaints_are_listed_to_their_managers_with_policy_deadlines(
    services: Services, fake: FakeTelegram
) -> None:
    day = today(services)
    args = (services.db, services.users, services.visit_import, day, services.timezone)
    assert (await load_demo(*args, services.policy)).complaints == 6
    assert (await load_demo(*args, services.policy)).complaints == 0  # filed once
    # 华润万家's billing complaint (high), received on the files' Tuesday at 15:05 and not yet
    # answered: its first-response deadline by the policy, in the zone the user reads.
    zone = ZoneInfo(services.timezone)
    received = datetime(2026, 11, 24, 15, 5, tzinfo=zone) + shift_weeks(day)
    deadlines = services.policy.complaints.deadlines(
        received, Severity.HIGH, timezone=services.timezone, calendar=services.policy.calendar()
    )
    due = deadlines.first_response_due.astimezone(zone)
    resolve_by = deadlines.resolution_due.astimezone(zone)
    li_ting, chen, zhou = 900000002, 900000004, 900000001
    fake.send_text(li_ting, "/complaints")
    header = (await fake.wait_for(li_ting)).text
    assert "未关闭的投诉工单 2 个" in header  # her two; the others' are not hers to see
    items = [(await fake.wait_for(li_ting)).text for _ in range(2)]
    wanjia = next(i for i in items if "华润万家（上海）有限公司" in i)
    assert f"首次联系期限 {due:%Y-%m-%d %H:%M}" in wanjia and "重复计费" in wanjia
    # Not yet contacted: the resolution deadline, which runs from the same receipt, is named too.
    assert f"解决期限 {resolve_by:%Y-%m-%d %H:%M}" in wanjia, wanjia
    # The critical one is resolved (the files' Thursday 18:30): its deadline is the follow-up
    # call, 3 working days later by the policy; its buttons are the client's score.
    resolved = datetime(2026, 11, 26, 18, 30, tzinfo=zone) + shift_weeks(day)
    call = services.policy.complaints.callback_due(
        resolved, timezone=services.timezone, calendar=services.policy.calendar()
    ).astimezone(zone)
    zhongshan = next(i for i in items if "复旦大学附属中山医院" in i)
    assert "紧急 · 已解决" in zhongshan and "已更换故障光模块" in zhongshan
    assert "请按客户的满意度打分（1 最不满意，5 最满意）" in zhongshan
    assert f"回访期限 {call:%Y-%m-%d %H:%M}" in zhongshan, zhongshan
    # In English too, each score button says what it means.
    await ask(fake, li_ting, "/lang en")
    await ask(fake, li_ting, "/complaints")
    items = [await fake.wait_for(li_ting) for _ in range(2)]
    # The client by its English name, as an English reader's buttons name it.
    zhongshan_en = next(i for i in items if "Zhongshan Hospital" in i.text)
    assert "复旦大学附属中山医院" not in zhongshan_en.text
    labels = list(buttons(zhongshan_en))
    scores = [label for label in labels if label[0].isdigit()]
    assert (scores[0], scores[-1]) == ("1 · very dissatisfied", "5 · very satisfied")
    assert len(scores) == 5 and "✏️ Correct" in labels  # a resolved ticket can still be corrected
    # 陈晓峰's closed 宁波银行 ticket is not listed; his open one is.
    assert "未关闭的投诉工单 1 个" in await ask(fake, chen, "/complaints")
    assert "中通快递华东转运中心（嘉兴）" in (await fake.wait_for(chen)).text
    assert "未关闭的投诉工单 5 个" in await ask(fake, zhou, "/complaints")  # the whole team
    # Who received each complaint is one of the company's people: the files named the client's
    # own contacts (钱文斌 of 中山医院, 顾佳 of 华润万家), shown and exported as 受理人.
    async with services.db.read() as session:
        staff = set((await session.execute(select(User.name))).scalars())
        received = set((await session.execute(
            select(Complaint.received_by).where(Complaint.received_by.is_not(None)))).scalars())  # fmt: skip
    assert received and received <= staff, received - staff


# ------------------------------------------------------------------- importing visit history


async def test_an_admin_sends_a_visit_file_in_chinese_and_a_resend_adds_nothing(
    services: Services, fake: FakeTelegram
) -> None:
    await team(services)
    day = today(services)
    data = visits_csv(
        ["客户名称", "走访日期", "走访方式", "走访人", "会见人员", "走访内容", "下一步"],
        [["宝钢", (day - timedelta(days=20)).isoformat(), "上门", "李婷", "张国栋（部长）",
          "谈续约", "下周发报价"],
         ["华能南京金陵发电有限公司", (day - timedelta(days=3)).isoformat(), "电话", MANAGER,
          "", "电话确认方案", ""]],
    )  # fmt: skip
    fake.send_document(ADMIN, "走访记录.csv", data)
    assert "正在导入走访记录文件" in (await fake.wait_for(ADMIN)).text
    done = (await fake.wait_for(ADMIN)).text
    assert "走访记录导入完成：新增 2 条，涉及 2 个客户；0 条此前已导入" in done
    fake.send_document(ADMIN, "走访记录.csv", data)
    await fake.wait_for(ADMIN)
    again = (await fake.wait_for(ADMIN)).text
    assert "新增 0 条" in again and "2 条此前已导入" in again
    # The client's last visit moved to the on-site visit (not to the later phone call).
    card = await ask(fake, MANAGER, "/client 宝钢")
    assert f"最近上门走访：{(day - timedelta(days=20)).isoformat()}" in card


async def test_a_bad_visit_file_imports_nothing_and_names_each_line_by_its_own_header(
    services: Services, fake: FakeTelegram
) -> None:
    await team(services)
    day = today(services)
    data = visits_csv(
        ["客户", "拜访日期", "方式", "拜访人", "内容"],
        [["宝钢", (day - timedelta(days=5)).isoformat(), "上门", "李婷", "谈续约"],
         ["宝钢", "2026-13-45", "上门", "李婷", "谈续约"],
         ["华润万家", (day - timedelta(days=5)).isoformat(), "上门", "李婷", "谈续约"],
         ["宝钢", (day + timedelta(days=5)).isoformat(), "上门", "张三", "谈续约"]],
    )  # fmt: skip
    fake.send_document(ADMIN, "拜访.csv", data)
    await fake.wait_for(ADMIN)
    failed = (await fake.wait_for(ADMIN)).text
    assert "没有导入任何数据" in failed
    assert "第 3 行（拜访日期）：日期“2026-13-45”无效" in failed
    assert "第 4 行（客户）：没有名称或别名为“华润万家”的客户" in failed
    assert "第 5 行（拜访人）：走访人“张三”不是系统中的用户" in failed
    assert "第 5 行（拜访日期）" in failed and "还没有到" in failed
    admin = await services.users.resolve_actor(ADMIN)
    assert admin is not None and await services.visits.recent(admin) == []  # nothing half-written


async def test_an_english_admin_imports_visits_with_english_headers(
    services: Services, fake: FakeTelegram
) -> None:
    await team(services, en=True)
    day = today(services)
    data = visits_csv(
        ["Client", "Date", "Kind", "Visited by", "Summary"],
        [["Suzhou Metro", (day - timedelta(days=2)).isoformat(), "video", "Wang Lei", "signals"],
         ["宝钢", (day - timedelta(days=9)).isoformat(), "on site", "李婷", "renewal"],
         ["Suzhou Metro", "soon", "phone", "Wang Lei", "x"]],
    )  # fmt: skip
    fake.send_document(ADMIN, "history.csv", data)
    assert "Importing the visit file" in (await fake.wait_for(ADMIN)).text
    failed = (await fake.wait_for(ADMIN)).text
    assert "nothing was imported" in failed and "Line 4 (Date):" in failed
    fake.send_document(ADMIN, "history.csv", visits_csv(
        ["Client", "Date", "Kind", "Visited by", "Summary"],
        [["Suzhou Metro", (day - timedelta(days=2)).isoformat(), "video", "Wang Lei", "signals"],
         ["宝钢", (day - timedelta(days=9)).isoformat(), "on site", "李婷", "renewal"]],
    ))  # fmt: skip
    await fake.wait_for(ADMIN)
    done = (await fake.wait_for(ADMIN)).text
    assert "2 visits added for 2 clients" in done


# ---------------------------------------------------- whose visits, never visited, phone calls


async def test_a_supervisors_visit_counts_for_the_managers_client_not_as_the_managers_visit(
    services: Services, fake: FakeTelegram
) -> None:
    await team(services)
    day = today(services)
    data = visits_csv(["客户名称", "走访日期", "走访方式", "走访人", "走访内容"],
                      [["宝钢", day.isoformat(), "上门", "周主管", "主管走访"]])  # fmt: skip
    assert (await services.visit_import.import_file(None, "v.csv", data)).created == 1
    mine = await ask(fake, MANAGER, "/summary week")
    assert "本人走访：0 次" in mine
    assert "名下客户被走访：1 次（其中他人走访 1 次）" in mine
    assert "（1/2 个客户在走访周期内，不论由谁走访；计入走访周期：上门）" in mine
    team_view = await ask(fake, SUPERVISOR, "/summary week")
    assert "周主管：本人走访 1 次 / 1 个客户（名下无客户）" in team_view
    assert "李婷：本人走访 0 次 / 0 个客户 · 名下客户在走访周期内 50%" in team_view
    assert "团队名下客户被走访：1 次（其中非客户经理本人走访 1 次）" in team_view


async def test_in_english_visits_made_and_visits_to_owned_clients_are_told_apart(
    services: Services, fake: FakeTelegram
) -> None:
    await team(services)
    day = today(services)
    data = visits_csv(["client", "date", "kind", "by", "summary"],
                      [["Suzhou Metro", day.isoformat(), "on site", "周主管", "joint visit"]])  # fmt: skip
    assert (await services.visit_import.import_file(None, "v.csv", data)).created == 1
    mine = await ask(fake, EN_MANAGER, "/summary week")
    assert "Visits you made: 0" in mine
    assert "Visits to owned clients (by anyone): 1, 1 of them by others" in mine
    assert (
        "Coverage of owned clients: 100%" in mine
        and "visited within their cadence, by anyone; visits that count: on site)" in mine
    )


async def test_a_never_visited_client_is_overdue_and_a_phone_call_does_not_change_that(
    services: Services, fake: FakeTelegram
) -> None:
    await team(services)
    day = today(services)
    # 宝钢 (strategic, 60 days) was added 100 days ago and never visited: 40 days overdue.
    summary = await ask(fake, MANAGER, "/summary week")
    assert "宝山钢铁股份有限公司 超期 40 天" in summary
    await services.reminders.generate()
    reminders = await ask(fake, MANAGER, "/reminders")
    assert "宝山钢铁股份有限公司" in reminders
    call = visits_csv(["client", "date", "kind", "by", "summary"],
                      [["宝钢", day.isoformat(), "phone", "李婷", "电话沟通"]])  # fmt: skip
    assert (await services.visit_import.import_file(None, "call.csv", call)).created == 1
    after = await ask(fake, MANAGER, "/summary week")
    assert "宝山钢铁股份有限公司 超期 40 天" in after
    assert "本人走访：1 次" in after  # the call is logged and counted as a contact made
    # The card's last visit is the last on-site one (none yet); the call is shown in /visits.
    assert "最近上门走访：暂无记录" in await ask(fake, MANAGER, "/client 宝钢")
    fake.send_text(MANAGER, "/visits 宝钢")
    call_record = await fake.wait_for(MANAGER, lambda m: "电话沟通" in m.text)
    assert "电话" in call_record.text
    visit = visits_csv(["client", "date", "kind", "by", "summary"],
                       [["宝钢", day.isoformat(), "on site", "李婷", "上门"]])  # fmt: skip
    assert (await services.visit_import.import_file(None, "visit.csv", visit)).created == 1
    cleared = await ask(fake, MANAGER, "/summary week")
    assert "宝山钢铁股份有限公司 超期" not in cleared
