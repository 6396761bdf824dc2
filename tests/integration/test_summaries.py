"""Team summaries on a dataset built here, checked number by number, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from matplotlib.figure import Figure
from openpyxl import load_workbook
from sqlalchemy import select, update

from services.bootstrap import Services
from services.client_import import ClientRow
from services.domain import Actor, CreditRating, Language, Role, Strategy, Tier
from services.errors import AccessDenied
from services.exports import ExportFormat, ExportKind, ExportService
from services.storage.models import Client, Complaint, Visit
from services.summaries.periods import Period, PeriodKind, default_period, parse_period
from services.summaries.queries import SummaryService
from services.summaries.questions import Topic, route_question
from services.summaries.records import ListKind, RiskReason, Scope
from tests.fakes import FakeClock

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 23)  # a Monday; the fake clock's default is 10:00 that day in Shanghai
LAST_WEEK = Period(PeriodKind.WEEK, -1)
THIS_WEEK = Period(PeriodKind.WEEK, 0)
_drafts = itertools.count(1)


def client_row(
    name: str,
    owner: int,
    *,
    rating: CreditRating | None = None,
    tier: Tier | None = None,
    strategy: Strategy | None = None,
    last_visit_on: date | None = None,
) -> ClientRow:
    return ClientRow(
        line=2, name=name, owner_telegram_id=owner, tier=tier, credit_rating=rating,
        strategy=strategy, industry=None, region=None, address=None, latitude=None,
        longitude=None, last_visit_on=last_visit_on, notes=None, aliases=(), contacts=(),
    )  # fmt: skip


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A Shanghai wall-clock time as aware UTC, as the database keeps it."""
    return datetime.combine(day, time(hour, minute), SHANGHAI).astimezone(UTC)


def visit(
    client_id: int, author_id: int, day: date, *, deleted: bool = False, summary: str = "走访"
) -> Visit:
    at = local(day)
    return Visit(
        draft_id=f"v{next(_drafts)}", client_id=client_id, author_id=author_id, visited_on=day,
        kind="on_site", people=[], summary=summary, created_at=at, updated_at=at,
        deleted_at=at if deleted else None,
    )  # fmt: skip


def complaint(
    client_id: int,
    owner_id: int,
    received: datetime,
    *,
    severity: str = "medium",
    response_due: datetime,
    resolution_due: datetime,
    responded: datetime | None = None,
    resolved: datetime | None = None,
    closed: datetime | None = None,
    description: str = "投诉",
) -> Complaint:
    status = (
        "closed" if closed else "resolved" if resolved else "responded" if responded else "open"
    )
    return Complaint(
        draft_id=f"c{next(_drafts)}", client_id=client_id, owner_id=owner_id,
        recorded_by_id=owner_id, category="service", severity=severity, description=description,
        status=status, received_at=received, first_response_due=response_due,
        resolution_due=resolution_due, deadlines_estimated=False, responded_at=responded,
        resolved_at=resolved, closed_at=closed, created_at=received, updated_at=received,
    )  # fmt: skip


async def people(services: Services) -> dict[str, Actor]:
    add = services.users.add_user
    await add(telegram_id=1, name="管理员", role=Role.ADMIN, team=None)
    await add(telegram_id=10, name="王主管", role=Role.SUPERVISOR, team="一部")
    await add(telegram_id=11, name="张三", role=Role.MANAGER, team="一部")
    await add(telegram_id=12, name="李四", role=Role.MANAGER, team="一部")
    await add(telegram_id=21, name="赵六", role=Role.MANAGER, team="二部")
    actors = {}
    for key, tg in (("admin", 1), ("sup", 10), ("zhang", 11), ("li", 12), ("zhao", 21)):
        actor = await services.users.resolve_actor(tg)
        assert actor is not None
        actors[key] = actor
    return actors


async def client_ids(services: Services, rows: list[ClientRow], created: date) -> dict[str, int]:
    """Create the clients, as added to the bot on `created`; their ids by name."""
    result = await services.clients.upsert_rows(None, rows)
    assert result.ok, result.errors
    async with services.db.write() as uow:
        await uow.session.execute(update(Client).values(created_at=local(created)))
        await uow.commit()
    async with services.db.read() as session:
        from sqlalchemy import select

        found = await session.execute(select(Client.name, Client.id))
        return {name: cid for name, cid in found}


async def build_team(services: Services) -> tuple[dict[str, Actor], dict[str, int]]:
    """Two teams: 一部 (王主管 supervising 张三 and 李四) and 二部 (赵六), around Monday 2026-11-23.

    Cadence (config/policy.toml): good 180 days, medium 90, poor 30, strategic tier 60.
    """
    actors = await people(services)
    t = TODAY
    d = timedelta
    ids = await client_ids(
        services,
        [
            client_row("华能南京电厂", 11, rating=CreditRating.POOR, tier=Tier.IMPORTANT),  # A
            client_row("南京钢铁", 11, rating=CreditRating.GOOD, tier=Tier.STRATEGIC),  # B
            client_row("苏宁电器", 11, strategy=Strategy.DEVELOP),  # C
            client_row("金陵饭店", 11, last_visit_on=date(2026, 6, 1)),  # D: visited before the bot
            client_row("华润万家", 12, rating=CreditRating.POOR),  # E
            client_row("苏果超市", 12, rating=CreditRating.GOOD, strategy=Strategy.DEVELOP),  # F
            client_row("南京银行", 12),  # G
            client_row("宝钢股份", 21, rating=CreditRating.POOR),  # H
            client_row("上海电气", 21),  # I
        ],
        created=date(2026, 1, 1),
    )
    zhang, li, sup, zhao = (actors[k].user_id for k in ("zhang", "li", "sup", "zhao"))
    async with services.db.write() as uow:
        uow.session.add_all([
            visit(ids["华能南京电厂"], zhang, t - d(3)),
            visit(ids["华能南京电厂"], zhang, t - d(6)),
            visit(ids["华能南京电厂"], zhang, t - d(53)),
            visit(ids["南京钢铁"], zhang, date(2026, 8, 1)),
            visit(ids["南京钢铁"], zhang, t - d(3), deleted=True),  # withdrawn: counts nowhere
            visit(ids["苏宁电器"], sup, t - d(5)),  # the supervisor visited personally
            visit(ids["华润万家"], li, date(2026, 10, 1)),
            visit(ids["苏果超市"], li, date(2026, 7, 1)),
            visit(ids["南京银行"], li, t - d(4)),
            visit(ids["南京银行"], li, t),  # this week
            visit(ids["宝钢股份"], zhao, t - d(5)),
            visit(ids["上海电气"], zhao, date(2026, 1, 10)),
        ])  # fmt: skip
        uow.session.add_all([
            # K1: received last Monday, answered after 6 h, still unresolved past its deadline.
            complaint(ids["华润万家"], li, local(t - d(7), 9), severity="high",
                      response_due=local(t - d(6), 9), resolution_due=local(t - d(4), 9),
                      responded=local(t - d(7), 15), description="账单错误"),
            # K2: answered after 2 h and resolved on time last week.
            complaint(ids["华能南京电厂"], zhang, local(t - d(6), 10),
                      response_due=local(t - d(5), 10), resolution_due=local(t + d(1), 10),
                      responded=local(t - d(6), 12), resolved=local(t - d(3), 10)),
            # K3: received three weeks ago, resolved late last week, then closed.
            complaint(ids["苏宁电器"], zhang, local(date(2026, 11, 2), 10), severity="low",
                      response_due=local(date(2026, 11, 3), 10),
                      resolution_due=local(date(2026, 11, 16), 10),
                      responded=local(date(2026, 11, 3), 10), resolved=local(t - d(5), 10),
                      closed=local(t - d(4), 10)),
            # K4: received this morning, nobody has called back yet.
            complaint(ids["华润万家"], li, local(t, 8), severity="critical",
                      response_due=local(t + d(1), 8), resolution_due=local(t + d(1), 8)),
            # K5: the other team's.
            complaint(ids["宝钢股份"], zhao, local(t - d(5), 10), severity="low",
                      response_due=local(t - d(4), 10), resolution_due=local(t + d(5), 10)),
        ])  # fmt: skip
        await uow.commit()
    return actors, ids


def summaries(services: Services) -> SummaryService:
    return SummaryService(services.db, services.clock, services.policy)


# ------------------------------------------------------------------------------ the summary


async def test_a_client_two_people_visited_counts_once_in_the_teams_clients_visited(
    services: Services,
) -> None:
    actors, ids = await build_team(services)
    async with services.db.write() as uow:  # the supervisor visits 张三's 华能 too
        uow.session.add(
            visit(ids["华能南京电厂"], actors["sup"].user_id, TODAY - timedelta(days=2))
        )
        await uow.commit()
    s = await summaries(services).summary(actors["sup"], LAST_WEEK, today=TODAY)
    assert sum(m.clients_visited for m in s.managers) == 4  # 华能 twice, 苏宁, 南京银行
    assert (s.visits, s.clients_visited) == (5, 3)


async def test_a_supervisor_sees_last_weeks_team_figures_exactly(services: Services) -> None:
    actors, _ = await build_team(services)
    s = await summaries(services).summary(actors["sup"], LAST_WEEK, today=TODAY)

    assert s.scope is Scope.TEAM and s.title == "一部"
    assert (s.span.start, s.span.end, s.span.as_of) == (date(2026, 11, 16), date(2026, 11, 22),
                                                        date(2026, 11, 22))  # fmt: skip
    lines = {m.name: m for m in s.managers}
    assert set(lines) == {"王主管", "张三", "李四"}
    assert (lines["张三"].visits, lines["张三"].clients_visited) == (2, 1)
    assert (lines["李四"].visits, lines["李四"].clients_visited) == (1, 1)
    assert (lines["王主管"].visits, lines["王主管"].clients) == (1, 0)
    assert (lines["张三"].clients, lines["张三"].covered, lines["张三"].overdue) == (4, 2, 2)
    assert (lines["李四"].clients, lines["李四"].covered, lines["李四"].overdue) == (3, 2, 1)
    assert (lines["张三"].at_risk, lines["李四"].at_risk) == (3, 2)
    assert s.visits == 4 and (s.clients, s.covered) == (7, 4)
    assert s.coverage == pytest.approx(4 / 7)

    # Overdue, worst first, counted as of Sunday 2026-11-22.
    assert [(c.name, c.days_overdue) for c in s.overdue] == [
        ("金陵饭店", 84),  # visited 2026-06-01 before the bot: 174 days, cadence 90
        ("南京钢铁", 53),  # strategic tier: 60 days; the withdrawn visit does not count
        ("华润万家", 22),  # poor rating: 30 days
    ]
    assert s.overdue_count == 3

    assert [c.name for c in s.at_risk] == ["华润万家", "金陵饭店", "南京钢铁", "华能南京电厂",
                                          "苏果超市"]  # fmt: skip
    reasons = {c.name: set(c.reasons) for c in s.at_risk}
    assert reasons["华润万家"] == {RiskReason.POOR_RATING, RiskReason.OVERDUE,
                                   RiskReason.OPEN_COMPLAINTS}  # fmt: skip
    assert reasons["华能南京电厂"] == {RiskReason.POOR_RATING}
    assert reasons["苏果超市"] == {RiskReason.DEVELOP_STALE}
    assert s.at_risk[0].open_complaints == 1 and s.at_risk_count == 5

    c = s.complaints
    assert (c.opened, c.resolved, c.resolved_on_time, c.still_open, c.open_past_due) == (
        2, 2, 1, 1, 1,
    )  # fmt: skip
    assert c.on_time_share == 0.5
    assert (c.responded, c.responded_on_time) == (2, 2)
    assert c.median_first_response_hours == pytest.approx(4.0)


async def test_a_period_before_the_clients_were_known_counts_none_of_them(
    services: Services,
) -> None:
    """Last year, before the clients came (2026-01-01, no visit before): no '0% (0/7)' coverage
    beside 'nobody overdue', no poor-rated client at risk; none of them was there to visit."""
    actors, _ = await build_team(services)
    s = await summaries(services).summary(actors["sup"], Period(PeriodKind.YEAR, -1), today=TODAY)

    assert (s.clients, s.covered, s.coverage) == (0, 0, None)
    assert (s.overdue_count, s.at_risk_count) == (0, 0)
    assert all(m.clients == 0 for m in s.managers)
    this_year = await summaries(services).summary(
        actors["sup"], Period(PeriodKind.YEAR, 0), today=TODAY
    )
    assert this_year.clients == 7


async def test_a_ticket_nobody_called_back_past_its_first_contact_deadline_is_told(
    services: Services,
) -> None:
    from bot.render_summary import render_summary

    actors, ids = await build_team(services)
    t, d = TODAY, timedelta
    async with services.db.write() as uow:
        # K6: received last Tuesday, first contact due the next day, nobody has called yet.
        uow.session.add(complaint(ids["南京钢铁"], actors["zhang"].user_id, local(t - d(6), 10),
                                  response_due=local(t - d(5), 10),
                                  resolution_due=local(t + d(3), 10)))  # fmt: skip
        await uow.commit()
    s = await summaries(services).summary(actors["sup"], LAST_WEEK, today=TODAY)
    c = s.complaints
    # The median and "2/2 on time" count only the tickets answered; K6 is a miss of its own
    # (the other team's unanswered K5 is not this supervisor's).
    assert (c.responded, c.responded_on_time, c.unanswered_past_due) == (2, 2, 1)
    assert "1 件超过首次联系期限仍未联系客户" in render_summary("zh", s)
    assert "1 ticket past the first-contact deadline without contact" in render_summary("en", s)
    mine = await summaries(services).summary(actors["li"], LAST_WEEK, today=TODAY)
    assert mine.complaints.unanswered_past_due == 0
    assert "首次联系期限" not in render_summary("zh", mine)


async def test_this_weeks_summary_counts_today_and_takes_the_state_now(
    services: Services,
) -> None:
    actors, _ = await build_team(services)
    s = await summaries(services).summary(actors["sup"], THIS_WEEK, today=TODAY)
    assert s.span.as_of == TODAY and s.visits == 1
    assert {m.name: m.visits for m in s.managers} == {"王主管": 0, "张三": 0, "李四": 1}
    assert (s.complaints.opened, s.complaints.still_open) == (1, 2)
    assert s.complaints.median_first_response_hours is None
    assert s.overdue[0].name == "金陵饭店" and s.overdue[0].days_overdue == 85


async def test_early_on_a_monday_overdue_counts_in_local_days_and_as_of_today(
    services: Services, clock: FakeClock
) -> None:
    # Monday 2026-11-30 at 00:30 in Shanghai is still Sunday in UTC. 南京钢铁 (strategic: 60
    # days) was added 100 local days before, at the same hour, and never visited: 40 days
    # overdue by the summary, the digest and the briefing alike, not 41 (a UTC added-day).
    actors = await people(services)
    monday = date(2026, 11, 30)
    await services.clients.upsert_rows(None, [
        client_row("南京钢铁", 11, rating=CreditRating.GOOD, tier=Tier.STRATEGIC),
        client_row("华润万家", 11, rating=CreditRating.POOR, last_visit_on=monday - timedelta(40)),
    ])  # fmt: skip
    async with services.db.write() as uow:
        added = local(monday - timedelta(days=100), 0, 20)
        await uow.session.execute(update(Client).values(created_at=added))
        await uow.commit()
    clock.set(local(monday, 0, 30))
    s = await summaries(services).summary(actors["zhang"], THIS_WEEK, today=monday)
    assert {c.name: c.days_overdue for c in s.overdue} == {"南京钢铁": 40, "华润万家": 10}
    digest = await services.reminders.digest(actors["zhang"].user_id, monday)
    assert digest is not None
    assert {o["client"]: o["days"] for o in digest["overdue"]} == {"南京钢铁": 40, "华润万家": 10}
    # Visited this morning: asked "which clients are overdue?" on a Monday, 华润万家 is not,
    # though the week just finished is what the Monday summary is about.
    await services.visit_import.import_file(None, "v.csv", (
        "client,date,kind,by,summary\n华润万家,2026-11-30,on site,张三,上门\n").encode())  # fmt: skip
    question = route_question("哪些客户超期没走访？")
    assert question is not None and question.period is None
    scope = await summaries(services).scope(actors["zhang"], question)
    assert scope.period == THIS_WEEK
    s = await summaries(services).summary(actors["zhang"], scope.period, today=monday)
    assert [c.name for c in s.overdue] == ["南京钢铁"]


async def test_a_managers_summary_holds_nothing_of_other_managers(services: Services) -> None:
    actors, _ = await build_team(services)
    s = await summaries(services).summary(actors["zhang"], LAST_WEEK, today=TODAY)
    assert s.scope is Scope.MINE
    assert [(m.name, m.visits, m.clients) for m in s.managers] == [("张三", 2, 4)]
    names = {c.name for c in (*s.overdue, *s.at_risk)}
    assert names == {"金陵饭店", "南京钢铁", "华能南京电厂"}
    assert (s.complaints.opened, s.complaints.resolved, s.complaints.still_open) == (1, 2, 0)
    assert "李四" not in repr(s) and "华润万家" not in repr(s) and "赵六" not in repr(s)


async def test_an_admin_sees_everyone_grouped_by_team(services: Services) -> None:
    actors, _ = await build_team(services)
    s = await summaries(services).summary(actors["admin"], LAST_WEEK, today=TODAY)
    assert s.scope is Scope.ALL
    assert [(t.name, t.visits, t.clients, t.overdue) for t in s.teams] == [
        ("一部", 4, 7, 3),
        ("二部", 1, 2, 1),
    ]
    assert s.overdue[0].name == "上海电气" and s.overdue[0].days_overdue == 226
    assert s.complaints.still_open == 2


async def test_a_supervisor_can_look_at_one_manager_but_not_at_another_team(
    services: Services,
) -> None:
    actors, _ = await build_team(services)
    service = summaries(services)
    li = await service.find_person(actors["sup"], "李四")
    assert li is not None
    s = await service.summary(actors["sup"], LAST_WEEK, today=TODAY, manager_id=li.user_id)
    assert s.scope is Scope.PERSON and s.title == "李四"
    assert [(m.name, m.visits, m.clients) for m in s.managers] == [("李四", 1, 3)]
    assert await service.find_person(actors["sup"], "赵六") is None
    with pytest.raises(AccessDenied):
        await service.summary(actors["sup"], LAST_WEEK, today=TODAY,
                              manager_id=actors["zhao"].user_id)  # fmt: skip
    assert await service.find_person(actors["zhang"], "李四") is None


async def test_today_and_yesterday_are_the_askers_local_days_by_the_injected_clock(
    services: Services,
) -> None:
    # 01:00 on Tuesday in Shanghai is still Monday evening in UTC: "今天" is Tuesday.
    actors, ids = await build_team(services)
    assert isinstance(services.clock, FakeClock)
    services.clock.set(datetime(2026, 11, 23, 17, 0, tzinfo=UTC))
    tuesday = TODAY + timedelta(days=1)
    zhang = actors["zhang"].user_id
    async with services.db.write() as uow:
        uow.session.add(visit(ids["苏宁电器"], zhang, tuesday))
        await uow.commit()
    service = summaries(services)

    async def made_on(day: date) -> int:
        async with services.db.read() as session:
            rows = await session.scalars(
                select(Visit.id).where(Visit.author_id == zhang, Visit.visited_on == day,
                                       Visit.deleted_at.is_(None))
            )  # fmt: skip
            return len(rows.all())

    for words, day in (("今天张三拜访了几次？", tuesday), ("昨天张三拜访了几次？", TODAY)):
        asked = route_question(words, service.today(actors["sup"]))
        assert asked is not None and asked.period is not None
        scope = await service.scope(actors["sup"], asked)
        s = await service.summary(actors["sup"], scope.period, manager_id=scope.manager_id)
        assert (s.span.start, s.span.end) == (day, day), words
        assert s.visits == await made_on(day), words
    assert await made_on(tuesday) == 1


async def test_a_colleague_is_found_by_the_name_they_had_until_someone_else_bears_it(
    services: Services,
) -> None:
    actors, _ = await build_team(services)
    service = summaries(services)
    await services.users.rename(actors["sup"], "张三", "张珊")
    asked = route_question("张三上周拜访了几个客户？", TODAY)
    assert asked is not None
    scope = await service.scope(actors["sup"], asked)
    assert (scope.manager_id, scope.renamed) == (actors["zhang"].user_id, ("张三", "张珊"))
    assert scope.unknown_name is None
    # Another team's supervisor, or a manager, learns nothing of the rename.
    assert (await service.scope(actors["li"], asked)).renamed is None
    # Once a colleague is called 张三, the name is theirs.
    await services.users.add_user(telegram_id=13, name="张三", role=Role.MANAGER, team="一部")
    new = await services.users.resolve_actor(13)
    assert new is not None
    scope = await service.scope(actors["sup"], asked)
    assert (scope.manager_id, scope.renamed) == (new.user_id, None)


# ----------------------------------------------------------------------------- drill-downs


async def test_the_lists_behind_the_numbers(services: Services) -> None:
    actors, _ = await build_team(services)
    service = summaries(services)
    sup = actors["sup"]
    visits = await service.drill(sup, ListKind.VISITS, LAST_WEEK, today=TODAY)
    assert visits.total == 4
    assert [(v.client_name, v.visited_on) for v in visits.items] == [
        ("华能南京电厂", date(2026, 11, 20)),
        ("南京银行", date(2026, 11, 19)),
        ("苏宁电器", date(2026, 11, 18)),
        ("华能南京电厂", date(2026, 11, 17)),
    ]
    overdue = await service.drill(sup, ListKind.OVERDUE, LAST_WEEK, today=TODAY, limit=2)
    assert overdue.total == 3 and overdue.has_more
    assert [c.name for c in overdue.items] == ["金陵饭店", "南京钢铁"]
    more = await service.drill(sup, ListKind.OVERDUE, LAST_WEEK, today=TODAY, offset=2, limit=2)
    assert [c.name for c in more.items] == ["华润万家"] and not more.has_more
    uncovered = await service.drill(sup, ListKind.UNCOVERED, LAST_WEEK, today=TODAY)
    assert {c.name for c in uncovered.items} == {"金陵饭店", "南京钢铁", "华润万家"}
    still_open = await service.drill(sup, ListKind.OPEN_COMPLAINTS, THIS_WEEK, today=TODAY)
    assert [(c.client_name, c.severity) for c in still_open.items] == [
        ("华润万家", "high"),
        ("华润万家", "critical"),
    ]
    resolved = await service.drill(sup, ListKind.RESOLVED, LAST_WEEK, today=TODAY)
    assert [c.client_name for c in resolved.items] == ["华能南京电厂", "苏宁电器"]
    zhang = actors["zhang"].user_id
    portfolio = await service.drill(sup, ListKind.CLIENTS, LAST_WEEK, today=TODAY,
                                    manager_id=zhang)  # fmt: skip
    assert portfolio.manager is not None and portfolio.manager.name == "张三"
    assert [c.name for c in portfolio.items] == ["金陵饭店", "南京钢铁", "华能南京电厂", "苏宁电器"]
    # A manager's list never holds another manager's clients, whatever is asked for.
    mine = await service.drill(actors["zhang"], ListKind.AT_RISK, LAST_WEEK, today=TODAY)
    assert {c.name for c in mine.items} == {"金陵饭店", "南京钢铁", "华能南京电厂"}
    with pytest.raises(AccessDenied):
        await service.drill(actors["zhang"], ListKind.CLIENTS, LAST_WEEK, today=TODAY,
                            manager_id=actors["li"].user_id)  # fmt: skip


async def test_open_complaints_are_listed_with_the_deadline_each_is_at_as_of_now(
    services: Services,
) -> None:
    """Monday 10:00: last week's open tickets, read to act on today, say the deadline each is
    at and the hours to it from now; a ticket nobody has contacted is at its first contact."""
    actors, _ = await build_team(services)
    service = summaries(services)
    now = local(TODAY, 10)
    last = await service.drill(actors["sup"], ListKind.OPEN_COMPLAINTS, LAST_WEEK, today=TODAY)
    [k1] = last.items  # answered, unresolved, its resolution deadline Thursday 09:00
    assert (k1.client_name, k1.due_stage) == ("华润万家", "resolution")
    assert k1.next_due == local(TODAY - timedelta(days=4), 9)
    assert k1.next_due is not None and k1.next_due.utcoffset() == timedelta(hours=8)
    assert k1.hours_left == -(4 * 24 + 1)
    this = await service.drill(actors["sup"], ListKind.OPEN_COMPLAINTS, THIS_WEEK, today=TODAY)
    k4 = next(c for c in this.items if c.severity == "critical")
    # Not contacted: the first contact, which falls with the resolution deadline (critical).
    assert k4.due_stage == "both" and k4.hours_left == 22
    assert k4.next_due == local(TODAY + timedelta(days=1), 8) and now < k4.next_due
    resolved = await service.drill(actors["sup"], ListKind.RESOLVED, LAST_WEEK, today=TODAY)
    assert all(c.next_due is None and c.hours_left is None for c in resolved.items)


async def test_a_clients_card_shows_recent_visits_and_complaints_to_who_may_see_it(
    services: Services,
) -> None:
    actors, ids = await build_team(services)
    service = summaries(services)
    activity = await service.client_activity(actors["li"], ids["华润万家"], today=TODAY)
    assert [v.visited_on for v in activity.visits] == [date(2026, 10, 1)]
    assert [c.severity for c in activity.complaints] == ["critical", "high"]
    assert activity.status is not None and activity.status.days_overdue == 23
    with pytest.raises(AccessDenied):
        await service.client_activity(actors["zhang"], ids["华润万家"], today=TODAY)


# ------------------------------------------------------------------------------ chart data


async def test_chart_data_per_week_per_tier_and_by_complaint_age(services: Services) -> None:
    actors, _ = await build_team(services)
    service = summaries(services)
    weekly = await service.weekly_visits(actors["sup"], today=TODAY, weeks=4)
    assert weekly.weeks == (date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), TODAY)
    assert dict(weekly.rows) == {"王主管": (0, 0, 1, 0), "张三": (0, 0, 2, 0),
                                 "李四": (0, 0, 1, 1)}  # fmt: skip
    _, tiers = await service.coverage_by_tier(actors["sup"], LAST_WEEK, today=TODAY)
    assert [(t.tier, t.clients, t.covered, t.overdue) for t in tiers] == [
        (Tier.IMPORTANT, 1, 1, 0),
        (Tier.STRATEGIC, 1, 0, 1),
        (None, 5, 3, 2),
    ]
    ages = await service.complaint_ages(actors["sup"], THIS_WEEK, today=TODAY)
    # Now (10:00 Monday): K4 is 2 hours old and unanswered, K1 is 7 days old and answered.
    assert ages.open_by_age == (1, 0, 0, 0, 0)
    assert ages.responded_by_age == (0, 0, 0, 1, 0)
    assert dict(ages.period_by_status)["open"] == 1


# ---------------------------------------------------------------------------------- exports


async def test_visit_and_complaint_exports_hold_what_the_actor_may_see(
    services: Services, clock: FakeClock
) -> None:
    actors, _ = await build_team(services)
    exports = ExportService(services.db, clock=clock)
    data = await exports.export(actors["zhang"], ExportKind.VISITS, ExportFormat.XLSX,
                                Language.ZH, period=LAST_WEEK)  # fmt: skip
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "客户名称", "走访日期")
    # In date order; the supervisor's visit to 张三's client is part of that client's history.
    assert [r[1] for r in rows[1:]] == ["华能南京电厂", "苏宁电器", "华能南京电厂"]
    assert rows[1][4] == "上门"  # the one label chat uses too (services.labels)
    everything = await exports.rows(None, ExportKind.VISITS, Language.EN)
    assert everything[0][:4] == ["No.", "Client", "English name", "Date"] and len(everything) == 12
    complaints = await exports.rows(actors["sup"], ExportKind.COMPLAINTS, Language.ZH)
    assert len(complaints) == 5  # header + K1-K4; K5 is the other team's
    header = complaints[0]
    status = header.index("状态")
    assert sorted(str(r[status]) for r in complaints[1:]) == ["已关闭", "已响应", "已解决",
                                                              "待响应"]  # fmt: skip
    received = complaints[1][header.index("受理时间")]
    assert isinstance(received, datetime) and received.tzinfo is None  # local wall-clock time
    # K1, answered but unresolved past its deadline, can no longer be resolved on time: said so,
    # not left blank as K4 (two hours old, time left) is.
    on_time = {str(r[status]): r[header.index("按期解决")] for r in complaints[1:]}
    assert on_time["已响应"] == "否（已超期，未解决）" and on_time["待响应"] is None, on_time


# ------------------------------------------------------------------------- periods, words


def test_periods_are_calendar_weeks_months_and_quarters() -> None:
    assert Period(PeriodKind.WEEK).bounds(date(2026, 11, 25)) == (date(2026, 11, 23),
                                                                 date(2026, 11, 29))  # fmt: skip
    assert Period(PeriodKind.MONTH, -1).bounds(date(2026, 1, 15)) == (date(2025, 12, 1),
                                                                     date(2025, 12, 31))  # fmt: skip
    assert Period(PeriodKind.QUARTER).bounds(date(2026, 11, 23)) == (date(2026, 10, 1),
                                                                    date(2026, 12, 31))  # fmt: skip
    assert Period(PeriodKind.QUARTER, -1).bounds(date(2026, 2, 1)) == (date(2025, 10, 1),
                                                                      date(2025, 12, 31))  # fmt: skip
    assert default_period(TODAY) == LAST_WEEK  # Monday morning: the week just finished
    assert default_period(TODAY + timedelta(days=2)) == THIS_WEEK
    for word, expected in (("week", THIS_WEEK), ("本周", THIS_WEEK), ("上周", LAST_WEEK),
                           ("month", Period(PeriodKind.MONTH)), ("上个月", Period(PeriodKind.MONTH, -1)),
                           ("last month", Period(PeriodKind.MONTH, -1)),
                           ("last-month", Period(PeriodKind.MONTH, -1)),
                           ("quarter", Period(PeriodKind.QUARTER)), ("本季度", Period(PeriodKind.QUARTER)),
                           ("m-1", Period(PeriodKind.MONTH, -1))):  # fmt: skip
        assert parse_period(word) == expected, word
    assert parse_period("明年") is None
    # a whole year, for a yearly review: 今年 / this year is January 1st to today
    assert Period(PeriodKind.YEAR).bounds(date(2026, 11, 23)) == (date(2026, 1, 1),
                                                                 date(2026, 12, 31))  # fmt: skip
    assert Period(PeriodKind.YEAR, -1).bounds(date(2026, 1, 5)) == (date(2025, 1, 1),
                                                                    date(2025, 12, 31))  # fmt: skip
    for word, expected in (("year", Period(PeriodKind.YEAR)), ("今年", Period(PeriodKind.YEAR)),
                           ("去年", Period(PeriodKind.YEAR, -1)), ("y-1", Period(PeriodKind.YEAR, -1)),
                           ("last year", Period(PeriodKind.YEAR, -1))):  # fmt: skip
        assert parse_period(word) == expected, word
    assert Period.from_code(LAST_WEEK.code) == LAST_WEEK


@pytest.mark.parametrize(
    ("text", "topic", "period", "manager"),
    [
        ("本周张三拜访了几个客户？", Topic.VISITS, THIS_WEEK, "张三"),
        ("张三本周拜访了几个客户", Topic.VISITS, THIS_WEEK, "张三"),
        ("哪些客户超期没走访？", Topic.OVERDUE, None, None),
        ("上个月投诉处理得怎么样？", Topic.COMPLAINTS, Period(PeriodKind.MONTH, -1), None),
        ("How many visits did my team do this month?", Topic.VISITS, Period(PeriodKind.MONTH),
         None),
        ("How many visits did Zhang San do last week?", Topic.VISITS, LAST_WEEK, "Zhang San"),
        ("本季度团队覆盖率多少", Topic.COVERAGE, Period(PeriodKind.QUARTER), None),
        ("有哪些风险客户", Topic.AT_RISK, None, None),
        ("Which clients are overdue for a visit?", Topic.OVERDUE, None, None),
        ("上周团队情况怎么样？", Topic.OVERVIEW, LAST_WEEK, None),
        ("李四上周的投诉处理得如何", Topic.COMPLAINTS, LAST_WEEK, "李四"),
        ("今年我们团队拜访了多少次？", Topic.VISITS, Period(PeriodKind.YEAR), None),
        ("How many complaints did we get last year?", Topic.COMPLAINTS,
         Period(PeriodKind.YEAR, -1), None),
        # Traditional characters read as simplified, the colleague's name too.
        ("張三上週拜訪了幾個客戶？", Topic.VISITS, LAST_WEEK, "张三"),
        ("這個月有多少投訴", Topic.COMPLAINTS, Period(PeriodKind.MONTH), None),
        ("哪些客戶超期沒走訪？", Topic.OVERDUE, None, None),
        # Tickets past their deadline are complaints, not clients overdue for a visit.
        ("团队有哪些投诉超期了？", Topic.COMPLAINTS, None, None),
        ("李四的投诉超期了几个？", Topic.COMPLAINTS, None, "李四"),
        ("How many complaints are overdue this week?", Topic.COMPLAINTS, THIS_WEEK, None),
        # What is asked of the bot is not a colleague: before, "没有找到“打印”".
        ("打印本月拜访记录", Topic.VISITS, Period(PeriodKind.MONTH), None),
        ("发我本月的拜访记录", Topic.VISITS, Period(PeriodKind.MONTH), None),
        ("发给我张三本月的拜访", Topic.VISITS, Period(PeriodKind.MONTH), "张三"),
        # No period: still about the records (how many clients, a state, a list, a colleague).
        ("有多少客户超期？", Topic.OVERDUE, None, None),
        ("超期的客户有哪些？", Topic.OVERDUE, None, None),
        ("投诉处理得怎么样？", Topic.COMPLAINTS, None, None),
        ("王磊拜访了几次", Topic.VISITS, None, "王磊"),
        ("Any overdue clients?", Topic.OVERDUE, None, None),
        ("投诉情况？", Topic.COMPLAINTS, None, None),
        ("overdue clients?", Topic.OVERDUE, None, None),
    ],
)  # fmt: skip
def test_plain_words_questions_about_the_numbers_are_recognised(
    text: str, topic: Topic, period: Period | None, manager: str | None
) -> None:
    query = route_question(text)
    assert query is not None, text
    assert (query.topic, query.period, query.manager) == (topic, period, manager)


@pytest.mark.parametrize(
    ("text", "topic", "periods", "manager"),
    [
        ("11月和10月相比，团队走访次数有什么变化？", Topic.VISITS, {"n10", "n11"}, None),
        ("本月和上月比怎么样", Topic.OVERVIEW, {"m0", "m-1"}, None),
        ("How did November compare with October?", Topic.OVERVIEW, {"n10", "n11"}, None),
        ("Did we make more visits in November than in October?", Topic.VISITS, {"n10", "n11"}, None),
        ("本月走访环比", Topic.VISITS, {"m0", "m-1"}, None),
        ("王磊11月和10月比拜访了几次", Topic.VISITS, {"n10", "n11"}, "王磊"),
        ("本季度和上季度的覆盖率对比", Topic.COVERAGE, {"q0", "q-1"}, None),
        ("上个月和上上个月比，投诉多了还是少了", Topic.COMPLAINTS, {"m-1", "m-2"}, None),
        ("這個月和上個月相比拜訪多了嗎", Topic.VISITS, {"m0", "m-1"}, None),
    ],
)  # fmt: skip
def test_a_question_setting_two_periods_side_by_side_compares_them(
    text: str, topic: Topic, periods: set[str], manager: str | None
) -> None:
    query = route_question(text, date(2026, 12, 1))
    assert query is not None and query.compare is not None and query.period is not None, text
    assert query.topic is topic and {query.period.code, query.compare.code} == periods, query
    assert query.manager == manager, query


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("10月到11月的拜访情况", date(2026, 10, 1), date(2026, 11, 30)),
     ("从九月至十一月份团队走访情况", date(2026, 9, 1), date(2026, 11, 30)),
     ("team visits from September to November", date(2026, 9, 1), date(2026, 11, 30)),
     ("12月到2月的投诉", date(2025, 12, 1), date(2026, 2, 28))],
)  # fmt: skip
def test_months_from_one_to_another_are_one_span_of_whole_months(
    text: str, start: date, end: date
) -> None:
    query = route_question(text, date(2026, 12, 1))
    assert query is not None and query.period is not None and query.compare is None, text
    assert query.period.bounds(date(2026, 12, 1)) == (start, end), query


@pytest.mark.parametrize(
    "text",
    ["11月的拜访情况", "上个月拜访了几次", "10月到11月的拜访情况", "我这周该去拜访哪些客户？"],
)
def test_one_period_asked_about_is_not_compared(text: str) -> None:
    query = route_question(text, date(2026, 12, 1))
    assert query is not None and query.compare is None, (text, query)


@pytest.mark.parametrize(
    ("text", "client"),
    [("宝钢最近一次拜访是什么时候？", "宝钢"), ("沙钢什么时候拜访的？", "沙钢"),
     ("When was Baosteel last visited?", "Baosteel"), ("when did we last visit Shagang?", "Shagang"),
     ("What was the last visit to Huaneng?", "Huaneng"),
     ("沙钢有没有投诉？", "沙钢"), ("Does Shagang have open complaints?", "Shagang"),
     ("沙钢的投诉处理得怎么样", "沙钢"), ("沙钢投诉处理得怎么样了", "沙钢"), ("宝钢的走访情况", "宝钢"),
     ("How is Shagang's complaint going?", "Shagang"),
     ("本月的投诉处理得怎么样", None), ("我的投诉处理得怎么样", None), ("团队的投诉处理情况", None),
     ("王磊上周拜访了几次", None), ("本月团队拜访情况", None), ("How many visits this week?", None),
     ("本月有没有投诉", None), ("哪些客户有投诉", None), ("团队有没有投诉", None),
     ("沙鋼有沒有投訴？", "沙钢"), ("沙鋼那個工單解決了嗎", "沙钢")],
)  # fmt: skip
def test_a_question_about_one_clients_last_visit_names_the_client(
    text: str, client: str | None
) -> None:
    from services.summaries.questions import client_asked_about

    assert client_asked_about(text) == client


@pytest.mark.parametrize(
    ("text", "within"),
    [("我这周该去拜访哪些客户？", 6), ("这周哪些客户需要走访？", 6), ("下周要拜访哪些客户", 13),
     ("今天该去见哪些客户？", 0), ("我明天该去见谁？", 1), ("未来10天需要走访哪些客户", 10),
     ("本月哪些客户到期？", 0), ("12月要拜访哪些客户？", 31), ("1月需要走访哪些客户", 62),
     ("這週我該去拜訪哪些客戶？", 6), ("Which clients should I visit this week?", 6),
     ("what clients do I need to visit next week?", 13), ("who should I visit tomorrow?", 1),
     ("Which clients should I visit in the next 30 days?", 30),
     ("周五前要拜访哪些客户？", 4), ("Which accounts should we visit before Friday?", 4),
     ("周一前需要走访哪些客户", 7), ("who do I need to see next week?", 13),
     ("哪些客户需要走访？", None)],  # no time named: the policy's reminder lead
)  # fmt: skip
def test_which_clients_to_visit_asks_for_those_falling_due_by_the_time_named(
    text: str, within: int | None
) -> None:
    monday = date(2026, 11, 30)  # the last day of November
    query = route_question(text, monday)
    assert query is not None and query.topic is Topic.OVERDUE, text
    assert query.due_ahead and query.due_within == within, (text, query)
    assert query.manager is None, (text, query)  # "下周", "要" are no one's name


@pytest.mark.parametrize(
    "text",
    ["哪些客户超期了？", "上周哪些客户需要走访？", "哪些客户60天没拜访了？", "overdue clients?"],
)
def test_which_clients_were_missed_is_still_the_overdue_list(text: str) -> None:
    query = route_question(text, date(2026, 11, 30))
    assert query is not None and query.topic is Topic.OVERDUE and not query.due_ahead, text


@pytest.mark.parametrize(
    ("text", "group", "manager"),
    [
        ("我的客户里哪些信用等级差？", "rating-poor", None),
        ("信用差的客户有哪些", "rating-poor", None),  # "信用差" is nobody's name
        ("信誉等级为“差”的客户有哪些？", "rating-poor", None),
        ("李婷的客户里哪些信用差", "rating-poor", "李婷"),
        ("我们团队哪些客户信誉好", "rating-good", None),
        ("哪些客户信用等级为中", "rating-medium", None),
        ("我的客户里哪些属于战略客户", "tier-strategic", None),
        ("我有几个战略客户", "tier-strategic", None),
        ("Which of my clients have a poor credit rating?", "rating-poor", None),
        ("List my strategic accounts", "tier-strategic", None),
        # Went to the handbook: 优质 said for a good rating, a bare "my … clients".
        ("我名下有哪些优质客户？", "rating-good", None),
        ("我的优质客户有哪些", "rating-good", None),
        ("我名下信用差的客户", "rating-poor", None),
        ("我的战略客户", "tier-strategic", None),
        ("my strategic accounts", "tier-strategic", None),
    ],
)
def test_clients_of_a_credit_rating_or_tier_are_a_list_of_clients(
    text: str, group: str, manager: str | None
) -> None:
    query = route_question(text, date(2026, 12, 1))
    assert query is not None and query.topic is Topic.CLIENTS, (text, query)
    assert (query.group, query.manager) == (group, manager), (text, query)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("信誉差的客户本月拜访了几次", "rating-poor"),  # was "no person named 信誉差"
        ("信用差的客户有几个投诉", "rating-poor"),
        ("哪些战略客户超期了？", "tier-strategic"),
        ("How many visits to poor-credit clients this month?", "rating-poor"),
    ],
)
def test_a_number_asked_of_one_rating_or_tier_lists_its_clients_and_says_so(
    text: str, group: str
) -> None:
    query = route_question(text, date(2026, 12, 1))
    assert query is not None and query.topic is Topic.CLIENTS, (text, query)
    assert (query.group, query.narrowed, query.manager) == (group, True, None), (text, query)


@pytest.mark.parametrize(
    "text",
    [
        "信誉较差的客户多久要走访一次？",
        "信用差的客户有什么要求",
        "信用等级差的客户怎么服务",
        "哪些客户算战略客户？",  # what it takes to be one
        "How should I treat clients with poor credit?",
        "How are poor-credit clients handled?",
        "what makes a client strategic?",
        "优质客户怎么维护",
        "战略客户",  # the word alone: what the handbook says of them
    ],
)
def test_the_rules_for_clients_of_a_rating_or_tier_stay_the_handbooks(text: str) -> None:
    query = route_question(text, date(2026, 12, 1))
    assert query is None or query.topic is not Topic.CLIENTS, (text, query)


def test_a_supervisor_asking_what_a_manager_must_visit_names_the_manager() -> None:
    query = route_question("王磊下周要拜访哪些客户？", date(2026, 11, 30))
    assert query is not None and query.due_ahead and query.manager == "王磊"


def test_i_and_me_mean_the_asker() -> None:
    query = route_question("我本周拜访了几个客户？")
    assert query is not None and query.me and query.manager is None


@pytest.mark.parametrize(
    "text",
    [
        "信誉较差的客户多久要走访一次？",
        "投诉受理后多久必须联系客户？",
        "How often must a poor-credit client be visited?",
        "客户投诉应该如何处理？",
        "华润万家最近怎么样？",
        "走访记录怎么写",
        "拜访拖过期了会怎么样？",  # a consequence the handbook states, not the overdue list
        "客户走访逾期有什么后果",
        "What happens if a visit is overdue?",
        # Rules asked with no period, no person and no list of clients or tickets: the handbook's.
        "走访记录应包括哪些内容？",
        "领导每年要走访大客户几次？",
        "新客户第一次走访要带什么？",
        "投诉处理完以后要给客户回访吗？",
        "緊急的投訴要多快處理完？",
        "手册里客户投诉分几个等级？",
        "How many days do we have to resolve a complaint?",
        "今天上午拜访了华能南京电厂，见了张总，讨论了本月账单情况",
        "你好",
        "/summary",
        # Tells of a complaint (two clauses), though "两个月没联系" reads like the not-visited list.
        "客户说我们两个月没联系他们了，很不满意",
        "今天拜访了两个月没去的客户沙钢",  # a visit to log
    ],
)
def test_policy_questions_and_chat_are_left_to_the_knowledge_base(text: str) -> None:
    assert route_question(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # Who acts, is told or decides under the rules: the handbook's, not one's own complaints.
        "Who is responsible when a complaint is received by another department?",
        "Who do I escalate a serious complaint to?",
        "If a complaint isn't resolved in time, who is it escalated to?",
        "a client is 40 days behind on paying, who do I need to tell?",
        "Who gets told if a scheduled visit is more than a week overdue?",
        "who owns a complaint once it comes in",
        "Who on a 1+1 team answers for the project result?",
        "客户投诉由谁负责跟进？",
        "投诉处理超时要上报给谁？",
        "投诉归谁管？",
        "客户投诉找谁处理？",
        "信誉差的客户办新业务要谁批？",
        "客户打电话来投诉，谁来管到底？",
        "高级别的投诉要不要告诉主管？",
        # How often, how long between visits, how early the reminder: the rule, not a count.
        "信用差的客户一个月要去几次？",
        "公司领导一年最少去战略客户那儿几回？",
        "战略客户的走访周期是多长？",
        "戰略大客戶兩次走訪最多間隔幾天？",
        "走访到期前几天会提醒？",
        "走访快到期了会有人提醒吗？",
        "信用差的客户每个月都要去吗？",
        "A client rated medium: how many days can pass between two visits?",
        "do i need to visit good clients every month",
        # What a client of a rating or tier gets, may be offered or charged; what counts as what.
        "信用好的客户能享受哪些优待？",
        "信誉差的客户办新业务有什么限制？",
        "合同到期怎么续签？",
        "What discount can I offer a strategic client without approval?",
        "What late-payment penalty do we charge an overdue client?",
        "What's the SLA for a high-severity complaint?",
        "How many visits per month is an account manager's KPI?",
        "which complaints count as urgent?",
        "啥样的客户才算战略大客户？",
    ],
)
def test_questions_about_who_must_act_and_how_often_are_the_handbooks(text: str) -> None:
    assert route_question(text, date(2026, 12, 1)) is None, text


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # One's own numbers, asked with the same words, stay summaries.
        ("How many complaints were escalated last quarter?", Topic.COMPLAINTS),
        ("本周谁拜访最少？", Topic.VISITS),
        ("我的投诉处理得怎么样？", Topic.COMPLAINTS),
        ("这周该去拜访哪些客户", Topic.OVERDUE),
    ],
)
def test_ones_own_numbers_asked_alike_stay_summaries(text: str, topic: Topic) -> None:
    query = route_question(text, date(2026, 12, 1))
    assert query is not None and query.topic is topic, (text, query)


def test_the_summary_catalog_is_complete_in_both_languages_and_clashes_with_nothing() -> None:
    import re

    from bot.i18n import t
    from config.catalog import LOCALES_DIR, catalog, load

    keys = {
        lang: {k for k in catalog().keys(lang) if catalog().origin(lang, k).name == "summary.ftl"}
        for lang in ("zh", "en")
    }
    assert keys["zh"] == keys["en"] and keys["zh"]
    for key in keys["zh"]:
        assert catalog().variables("zh", key) == catalog().variables("en", key), key
    for lang in ("zh", "en"):
        for key in keys[lang]:
            template = t(lang, key, **dict.fromkeys(catalog().variables(lang, key), 2))
            assert set(re.findall(r"</?([a-z-]+)", template)) <= {"b", "i", "code"}, key
            assert "&" not in template, key
    # A key defined twice (here or in any other feature's file) stops the catalog from loading.
    load(LOCALES_DIR)


def test_charts_are_phone_sized_pngs_set_in_a_cjk_font() -> None:
    from PIL import Image

    from services.charts import (
        ChartText,
        cjk_font_family,
        complaints_chart,
        coverage_chart,
        visits_chart,
    )
    from services.summaries.records import ComplaintAges, Span, TierCoverage, WeeklyVisits

    assert "CJK" in cjk_font_family()  # the font package is installed: no empty boxes
    text = ChartText(
        visits_title="各客户经理每周走访次数", visits_axis="走访次数", total="合计",
        coverage_title="走访覆盖率", coverage_axis="%", covered="已覆盖", not_covered="未覆盖",
        overdue_note="超期 {overdue}", tiers={"important": "重要", "none": "未分类"},
        complaints_title="投诉", ages_title="未结投诉", age_labels=("1", "2", "3", "4", "5"),
        unanswered="未响应", answered="已响应", statuses_title="状态",
        statuses={"open": "待处理"}, count_axis="件数", no_data="暂无数据", span_label="本周",
    )  # fmt: skip
    weeks = tuple(TODAY - timedelta(weeks=7 - i) for i in range(8))
    span = Span(THIS_WEEK, TODAY, TODAY + timedelta(days=6), TODAY)
    pictures = [
        visits_chart(WeeklyVisits(weeks, (("张三", (1,) * 8),)), text),
        visits_chart(WeeklyVisits(weeks, tuple((f"经理{i}", (i,) * 8) for i in range(40))), text),
        coverage_chart([TierCoverage(Tier.IMPORTANT, 4, 3, 1), TierCoverage(None, 2, 0, 2)],
                       span, text),
        complaints_chart(ComplaintAges((1, 3, 7, 30), (1, 0, 0, 0, 2), (0, 1, 0, 0, 0),
                                       (("open", 3),), span), text),
    ]  # fmt: skip
    for png in pictures:
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.width == 1080
        assert image.height <= 4000 and image.height * 20 >= image.width


def test_the_weekly_chart_says_its_row_totals_add_up_the_weeks_shown() -> None:
    # "合计" beside each manager read as the summary's total (a quarter's 17 against the
    # chart's 14): the heading now names the weeks it adds up.
    from bot.render_summary import chart_text
    from services.charts import visits_figure
    from services.summaries.records import WeeklyVisits

    weeks = tuple(TODAY - timedelta(weeks=7 - i) for i in range(8))
    data = WeeklyVisits(weeks, (("李婷", (2, 2, 3, 1, 3, 3, 0, 0)), ("王磊", (1,) * 8)))
    for lang, heading in (("zh", "8周合计"), ("en", "8-wk total")):
        fig = visits_figure(data, chart_text(lang, span_label=""))
        shown = [text.get_text() for ax in fig.axes for text in ax.texts]
        assert heading in shown and "14" in shown and "8" in shown, shown
        assert "合计" not in shown and "Total" not in shown


def test_the_weekly_chart_marks_a_week_still_running_with_its_last_day_counted() -> None:
    # On a Tuesday the last column held two days of visits under a plain "11/30", and read as
    # a week of fewer visits than the ones before it.
    from bot.render_summary import chart_text
    from services.charts import visits_figure
    from services.summaries.records import WeeklyVisits

    monday = date(2026, 11, 30)
    weeks = tuple(monday - timedelta(weeks=7 - i) for i in range(8))
    team = (("李婷", (2, 2, 3, 1, 3, 3, 3, 2)), ("王磊", (1,) * 8))
    for rows in (team, team[:1]):  # a team's table and one person's bars
        for lang, last in (("zh", "11/30\n至 12/1"), ("en", "11/30\nto 12/1")):
            data = WeeklyVisits(weeks, rows, through=date(2026, 12, 1))
            fig = visits_figure(data, chart_text(lang, span_label=""))
            labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
            assert labels[-1] == last and labels[0] == "10/12", labels
        # On the Sunday the week is whole: its date alone.
        data = WeeklyVisits(weeks, rows, through=date(2026, 12, 6))
        fig = visits_figure(data, chart_text("zh", span_label=""))
        assert [t.get_text() for t in fig.axes[0].get_xticklabels()][-1] == "11/30"


def test_every_count_on_the_complaints_chart_is_clear_of_the_titles_and_the_legend() -> None:
    from bot.render_summary import chart_text
    from config.catalog import text as catalog_text
    from services.charts import complaints_figure
    from services.summaries.records import ComplaintAges, Span

    span = Span(THIS_WEEK, TODAY, TODAY + timedelta(days=6), TODAY)
    statuses = (("open", 1), ("responded", 1), ("resolved", 2), ("closed", 0))
    # The demo's shape: one new and unanswered, one answered a day or two ago, one a month old;
    # and a busier one, in English (longer labels).
    for lang, ages, shown in (
        ("zh", ComplaintAges((1, 3, 7, 30), (1, 0, 0, 0, 1), (0, 1, 0, 0, 0), statuses, span),
         ["1", "1", "1"]),
        ("en", ComplaintAges((1, 3, 7, 30), (7, 3, 0, 0, 1), (0, 12, 4, 1, 0), statuses, span),
         ["1", "1", "15", "4", "7"]),
    ):  # fmt: skip
        fig = complaints_figure(ages, chart_text(lang, span_label=catalog_text(lang, "period.w0")))
        _assert_counts_and_labels_readable(fig, shown)


def test_the_complaints_chart_says_none_came_in_the_period_instead_of_four_empty_bars() -> None:
    # Open tickets from before the week and none received in it: the status bars were all zero
    # and their axis read 0.000, 0.008 … 0.064 complaints, then 0 and 1 beside four empty
    # rows, which read as a chart that failed to draw. The panel now says so in words.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from bot.render_summary import chart_text
    from config.catalog import text as catalog_text
    from services.charts import complaints_figure
    from services.summaries.records import ComplaintAges, Span

    span = Span(THIS_WEEK, TODAY, TODAY + timedelta(days=6), TODAY)
    none = (("open", 0), ("responded", 0), ("resolved", 0), ("closed", 0))
    ages = ComplaintAges((1, 3, 7, 30), (0, 0, 0, 0, 0), (0, 0, 2, 0, 0), none, span)
    for lang, said in (
        ("zh", "本期没有受理新的投诉"),
        ("en", "No complaints received in the period"),
    ):
        fig = complaints_figure(ages, chart_text(lang, span_label=catalog_text(lang, "period.w0")))
        fig.draw(FigureCanvasAgg(fig).get_renderer())
        panel = fig.axes[1]
        assert [t.get_text() for t in panel.texts] == [said]
        assert not panel.axison and not panel.patches  # no axis ticked 0 and 1, no empty bars


def _assert_counts_and_labels_readable(fig: Figure, shown: list[str]) -> None:
    """Every count on the top chart is drawn inside it, clear of its title, its legend and the
    axis numbers; no two age labels, and not the legend and an axis number, run into each other."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    top = fig.axes[0]
    legend = top.get_legend()
    assert legend is not None
    numbers = [t.get_window_extent(renderer) for t in top.get_yticklabels() if t.get_text()]
    counts = [c for c in top.texts if c.get_text()]
    assert sorted(c.get_text() for c in counts) == shown
    covering = [top.title.get_window_extent(renderer), legend.get_window_extent(renderer),
                *numbers]  # fmt: skip
    for count in counts:
        box = count.get_window_extent(renderer)
        assert not any(box.overlaps(other) for other in covering), count.get_text()
        assert top.get_window_extent(renderer).contains(box.x0, box.y1), count.get_text()
    ticks = [t.get_window_extent(renderer) for t in top.get_xticklabels() if t.get_text()]
    assert not any(a.overlaps(b) for a, b in itertools.pairwise(ticks))
    assert not any(legend.get_window_extent(renderer).overlaps(n) for n in numbers)


async def test_a_past_periods_summary_says_the_day_its_overdue_days_count_to(
    services: Services,
) -> None:
    """Last week's '超期 22 天' beside today's reminder '已逾期 23 天' for the same client read as a
    wrong number: the summary now says its state is as of the period's last day."""
    from bot.render_summary import render_summary

    actors, _ = await build_team(services)
    s = await summaries(services).summary(actors["sup"], LAST_WEEK, today=TODAY)
    end = s.span.end.isoformat()
    assert f"（覆盖率、超期和风险客户按 {end} 计）" in render_summary("zh", s)
    assert f"(coverage, overdue and at-risk as of {end})" in render_summary("en", s)
    now = await summaries(services).summary(actors["sup"], THIS_WEEK, today=TODAY)
    assert "覆盖率、超期和风险客户按" not in render_summary("zh", now)
