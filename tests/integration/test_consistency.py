"""Every figure the bot shows, recounted here from the rows and the policy, on SQLite and PostgreSQL.

A generated company (two teams, months of visits of every kind, supervisors and an admin visiting
managers' clients, never-visited clients, files with recorded last visits, deleted visits,
complaints around their deadlines) is loaded through the importers a customer uses. Then the
summary of every role and period, the lists behind its numbers, the digests, the reminders, the
chart data and the XLSX export are each compared with a count written in this file.
"""

from __future__ import annotations

import copy
import csv
import io
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from config.settings import DEFAULT_POLICY_FILE, load_policy
from services.bootstrap import Services, bootstrap
from services.domain import Actor, Language, Role
from services.exports import ExportFormat, ExportKind
from services.policy import parse_policy
from services.reminders.kinds import Kind
from services.storage.models import Client, Complaint, Reminder, Visit
from services.summaries.periods import Period, PeriodKind
from services.summaries.records import ListKind, Scope
from tests.fakes import FakeClock

if TYPE_CHECKING:
    from tests.conftest import Snapshots

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 23)  # a Monday; the fake clock stands at 10:00 that day in Shanghai
NOW = datetime.combine(TODAY, time(10), SHANGHAI).astimezone(UTC)
# The default policy (config/policy.toml), written out again: days by rating, a tier override,
# and only on-site visits keep the cadence.
DAYS = {"good": 180, "medium": 90, "poor": 30, None: 90}
TIER_DAYS = {"strategic": 60}
COUNTING = {"on_site"}
REMIND_DAYS_BEFORE = 7  # the "due soon" reminder's lead
PERIODS = (Period(PeriodKind.WEEK, 0), Period(PeriodKind.QUARTER, 0), Period(PeriodKind.MONTH, -1),
           Period(PeriodKind.YEAR, 0))  # fmt: skip
LISTED = {Period(PeriodKind.WEEK, 0), Period(PeriodKind.MONTH, -1)}  # state now, and at a month end
PEOPLE = (  # telegram id, name, role, team
    (1, "管理员", Role.ADMIN, None),
    (10, "周主管", Role.SUPERVISOR, "一部"),
    (11, "李婷", Role.MANAGER, "一部"),
    (12, "王磊", Role.MANAGER, "一部"),
    (13, "陈晓峰", Role.MANAGER, "一部"),
    (20, "吴主管", Role.SUPERVISOR, "二部"),
    (21, "赵六", Role.MANAGER, "二部"),
    (22, "钱七", Role.MANAGER, "二部"),
)
MANAGERS = {11: 10, 12: 10, 13: 10, 21: 20, 22: 20}  # manager → their supervisor


@dataclass
class FakeClient:
    name: str
    owner: int  # telegram id
    rating: str | None
    tier: str | None
    strategy: str | None
    created: date
    recorded: date | None
    id: int = 0


@dataclass
class FakeVisit:
    client: str
    day: date
    kind: str
    author: int  # telegram id
    summary: str
    deleted: bool = False


@dataclass
class FakeComplaint:
    client: str
    received: datetime
    resolution_due: datetime
    responded: datetime | None = None
    resolved: datetime | None = None


@dataclass
class Company:
    clients: list[FakeClient] = field(default_factory=list)
    visits: list[FakeVisit] = field(default_factory=list)
    complaints: list[FakeComplaint] = field(default_factory=list)


def generate(seed: int = 20261123) -> Company:
    rng = random.Random(seed)
    company = Company()
    for i in range(48):
        owner = rng.choice(list(MANAGERS))
        recorded = TODAY - timedelta(days=rng.randint(5, 220)) if rng.random() < 0.2 else None
        company.clients.append(FakeClient(
            name=f"客户{i:02d}有限公司", owner=owner,
            rating=rng.choice(["good", "medium", "poor", None]),
            tier=rng.choice(["important", "group", "commercial", "strategic", None]),
            strategy=rng.choice(["develop", "maintain", "harvest", "exit", None]),
            created=TODAY - timedelta(days=rng.randint(0, 300)), recorded=recorded,
        ))  # fmt: skip
    n = 0
    for client in company.clients:
        shape = rng.random()
        if shape < 0.15:
            continue  # never contacted at all
        kinds = ["phone", "video"] if shape < 0.25 else ["on_site", "on_site", "phone", "video"]
        for _ in range(rng.randint(1, 9)):
            who = rng.random()
            author = client.owner if who < 0.7 else MANAGERS[client.owner] if who < 0.9 else 1
            n += 1
            company.visits.append(FakeVisit(
                client.name, TODAY - timedelta(days=rng.randint(0, 150)), rng.choice(kinds),
                author, f"第{n}次记录：沟通续约",
            ))  # fmt: skip
    # Visits logged today and deleted by their author (who may, within a day): the client's
    # last visit must fall back to the one before.
    for client in rng.sample([c for c in company.clients if c.recorded is None], 6):
        n += 1
        company.visits.append(FakeVisit(
            client.name, TODAY, rng.choice(["on_site", "phone"]), client.owner,
            f"第{n}次记录：误录", deleted=True,
        ))  # fmt: skip
    # Complaints around their deadlines: just past, just ahead, resolved late and on time.
    hour = timedelta(hours=1)
    for i, client in enumerate(rng.sample(company.clients, 12)):
        received = NOW - timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 20))
        due = received + timedelta(days=rng.choice([1, 3, 5]))
        complaint = FakeComplaint(client.name, received, due)
        if i % 4 == 1:
            complaint.responded = received + hour
        elif i % 4 == 2:
            complaint.responded = received + hour
            complaint.resolved = min(NOW - hour, due + timedelta(hours=rng.choice([-2, 2])))
        elif i % 4 == 3:
            complaint.resolution_due = NOW + timedelta(minutes=rng.choice([-30, 30]))
        company.complaints.append(complaint)
    return company


# ------------------------------------------------------------------- loading it as a customer


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


async def load(services: Services, company: Company) -> dict[int, Actor]:
    for telegram_id, name, role, team in PEOPLE:
        await services.users.add_user(telegram_id=telegram_id, name=name, role=role, team=team)
    actors: dict[int, Actor] = {}
    for telegram_id, *_ in PEOPLE:
        actor = await services.users.resolve_actor(telegram_id)
        assert actor is not None
        actors[telegram_id] = actor
    clients = csv_bytes(
        ["name", "owner_telegram_id", "credit_rating", "tier", "strategy", "last_visit_on"],
        [[c.name, c.owner, c.rating or "", c.tier or "", c.strategy or "",
          c.recorded.isoformat() if c.recorded else ""] for c in company.clients],
    )  # fmt: skip
    result = await services.clients.import_file(None, "clients.csv", clients)
    assert result.ok, result.errors
    names = {actor.telegram_id: actor.name for actor in actors.values()}
    visits = csv_bytes(
        ["客户名称", "走访日期", "走访方式", "走访人", "走访内容"],
        [[v.client, v.day.isoformat(), {"on_site": "上门", "phone": "电话", "video": "视频"}[v.kind],
          names[v.author], v.summary] for v in company.visits],
    )  # fmt: skip
    imported = await services.visit_import.import_file(actors[1], "走访记录.csv", visits)
    assert imported.ok, imported.errors
    assert imported.created == len(company.visits)
    async with services.db.write() as uow:
        for client in company.clients:
            client.id = await uow.session.scalar(
                select(Client.id).where(Client.name == client.name)
            )
            created = datetime.combine(client.created, time(10), SHANGHAI).astimezone(UTC)
            await uow.session.execute(
                update(Client).where(Client.id == client.id).values(created_at=created)
            )
        by_name = {c.name: c for c in company.clients}
        for i, complaint in enumerate(company.complaints):
            status = (
                "resolved" if complaint.resolved else "responded" if complaint.responded else "open"
            )
            owner = actors[by_name[complaint.client].owner].user_id
            uow.session.add(Complaint(
                draft_id=f"c{i}", client_id=by_name[complaint.client].id, owner_id=owner,
                recorded_by_id=owner, category="service", severity="medium", description="投诉",
                status=status, received_at=complaint.received,
                first_response_due=complaint.received + timedelta(days=1),
                resolution_due=complaint.resolution_due, deadlines_estimated=False,
                responded_at=complaint.responded, resolved_at=complaint.resolved,
                created_at=complaint.received, updated_at=complaint.received,
            ))  # fmt: skip
        await uow.commit()
    # Deleted the way a user deletes: by the author, within the edit window.
    async with services.db.read() as session:
        stored = {
            (v.summary): (v.id, v.author_id)
            for v in (await session.execute(select(Visit))).scalars()
        }
    by_user = {a.user_id: a for a in actors.values()}
    for visit in company.visits:
        if visit.deleted:
            visit_id, author_id = stored[visit.summary]
            await services.visits.delete(by_user[author_id], visit_id)
    return actors


# ------------------------------------------------------------------- the count written here


@dataclass(frozen=True)
class State:
    last: date | None
    due: date
    overdue: bool
    covered: bool
    at_risk: bool


def interval(c: FakeClient) -> int:
    days = DAYS[c.rating]
    return min(days, TIER_DAYS[c.tier]) if c.tier in TIER_DAYS else days


def state(
    company: Company, c: FakeClient, as_of: date, at: datetime, counting: set[str] = COUNTING
) -> State:
    visited = [
        v.day for v in company.visits
        if v.client == c.name and not v.deleted and v.kind in counting and v.day <= as_of
    ]  # fmt: skip
    if c.recorded is not None and c.recorded <= as_of:
        visited.append(c.recorded)
    last = max(visited, default=None)
    base = last or c.created
    days = interval(c)
    overdue = (as_of - base).days > days
    open_complaints = sum(
        1 for p in company.complaints
        if p.client == c.name and p.received < at and (p.resolved is None or p.resolved >= at)
    )  # fmt: skip
    risk = (
        c.rating == "poor" or overdue or open_complaints > 0
        or (c.strategy == "develop" and 2 * (as_of - base).days > days)
    )  # fmt: skip
    covered = last is not None and (as_of - last).days <= days
    return State(last, base + timedelta(days=days), overdue, covered, risk)


def visible(actor: Actor, c: FakeClient) -> bool:
    if actor.role is Role.ADMIN:
        return True
    if actor.role is Role.SUPERVISOR:
        return MANAGERS[c.owner] == actor.telegram_id
    return c.owner == actor.telegram_id


def bounds(period: Period) -> tuple[date, date, datetime]:
    start, end = period.bounds(TODAY)
    as_of = min(TODAY, end)
    at = NOW if as_of == TODAY else datetime.combine(end + timedelta(days=1), time(0), SHANGHAI)
    return start, as_of, at.astimezone(UTC)


# ------------------------------------------------------------------------------- the checks


@pytest.fixture(scope="module")
def loaded() -> dict[str, tuple[str, Company, dict[int, Actor]]]:
    """Per backend: the saved database the company was loaded into, the company, its actors."""
    return {}


@pytest.fixture
async def database_url(
    database_url: str,
    tmp_path: Path,
    snapshots: Snapshots,
    loaded: dict[str, tuple[str, Company, dict[int, Actor]]],
) -> str:
    """A copy of a database the company was loaded into through the importers, once per backend
    (the first test of each backend loads it; loading takes seconds, a copy a fraction of one)."""
    backend = "sqlite" if database_url.startswith("sqlite") else "postgres"
    if backend not in loaded:
        data = generate()
        services = await bootstrap(
            database_url=database_url, clock=FakeClock(NOW), timezone="Asia/Shanghai"
        )
        try:
            actors = await load(services, data)
        finally:
            await services.close()
        loaded[backend] = (snapshots.save(database_url, "consistency"), data, actors)
    return snapshots.copy(loaded[backend][0], tmp_path)


@pytest.fixture
async def company(
    services: Services, clock: FakeClock, loaded: dict[str, tuple[str, Company, dict[int, Actor]]]
) -> tuple[Company, dict[int, Actor]]:
    """The company as loaded, in this test's own database (`services`), the clock at NOW."""
    clock.set(NOW)
    _, data, actors = loaded["sqlite" if services.db.dialect == "sqlite" else "postgres"]
    return copy.deepcopy(data), copy.deepcopy(actors)


async def test_every_summary_figure_for_every_role_and_period_equals_a_recount(
    services: Services, company: tuple[Company, dict[int, Actor]]
) -> None:
    data, actors = company
    ids = {a.telegram_id: a.user_id for a in actors.values()}
    # Each role: the admin, both supervisors, a manager of each team.
    for actor in (actors[1], actors[10], actors[20], actors[11], actors[21]):
        for period in PERIODS:
            start, as_of, at = bounds(period)
            summary = await services.summaries.summary(actor, period, today=TODAY)
            mine = [c for c in data.clients if visible(actor, c)]
            states = {c.name: state(data, c, as_of, at) for c in mine}
            names = {c.name for c in mine}
            in_period = [
                v for v in data.visits
                if v.client in names and not v.deleted and start <= v.day <= as_of
            ]  # fmt: skip
            if actor.role is Role.MANAGER:
                made_by = [v for v in in_period if v.author == actor.telegram_id]
                assert summary.scope is Scope.MINE
            else:
                made_by = in_period
            where = f"{actor.name} {period.code}"
            made = Counter(ids[v.author] for v in made_by)
            reached = {a: len({v.client for v in made_by if ids[v.author] == a}) for a in made}
            owner_of = {c.name: ids[c.owner] for c in mine}
            received = Counter(owner_of[v.client] for v in in_period)
            by_others = Counter(owner_of[v.client] for v in in_period if v.author != (
                next(c.owner for c in mine if c.name == v.client)))  # fmt: skip
            lines = {m.user_id: m for m in summary.managers}
            assert made.keys() <= lines.keys(), where
            for user_id, line in lines.items():
                assert line.visits == made.get(user_id, 0), where
                assert line.clients_visited == reached.get(user_id, 0), where
                owned = [c for c in mine if ids[c.owner] == user_id]
                assert line.clients == len(owned), where
                assert line.covered == sum(states[c.name].covered for c in owned), where
                assert line.overdue == sum(states[c.name].overdue for c in owned), where
                assert line.at_risk == sum(states[c.name].at_risk for c in owned), where
                assert line.owned_visits == received.get(user_id, 0), where
                assert line.owned_visits_by_others == by_others.get(user_id, 0), where
            assert summary.visits == len(made_by), where
            # distinct clients: one two people visited counts once
            assert summary.clients_visited == len({v.client for v in made_by}), where
            assert summary.owned_visits == len(in_period), where
            assert summary.clients == len(mine), where
            assert summary.covered == sum(s.covered for s in states.values()), where
            overdue = {c.id for c in mine if states[c.name].overdue}
            risky = {c.id for c in mine if states[c.name].at_risk}
            uncovered = {c.id for c in mine if not states[c.name].covered}
            assert summary.overdue_count == len(overdue), where
            assert summary.at_risk_count == len(risky), where
            assert {c.client_id for c in summary.overdue} <= overdue, where
            lists = ((ListKind.OVERDUE, overdue), (ListKind.AT_RISK, risky),
                     (ListKind.UNCOVERED, uncovered))  # fmt: skip
            for kind, expected in lists if period in LISTED else ():
                page = await services.summaries.drill(actor, kind, period, today=TODAY, limit=500)
                assert page.total == len(expected), (where, kind)
                assert {c.client_id for c in page.items} == expected, (where, kind)
            visits_page = await services.summaries.drill(
                actor, ListKind.VISITS, period, today=TODAY, limit=500
            )
            assert visits_page.total == len(made_by), where


async def test_an_overdue_client_is_in_the_lists_the_digest_and_the_reminders_and_nothing_else(
    services: Services, company: tuple[Company, dict[int, Actor]]
) -> None:
    data, actors = company
    states = {c.name: state(data, c, TODAY, NOW) for c in data.clients}
    overdue = {c.id for c in data.clients if states[c.name].overdue}
    never = {c.id for c in data.clients if states[c.name].last is None}
    # The generated company has never-visited clients that are overdue, and some that are not.
    assert overdue & never and never - overdue
    admin = actors[1]
    page = await services.summaries.drill(
        admin, ListKind.OVERDUE, Period(PeriodKind.WEEK), today=TODAY, limit=500
    )
    assert {c.client_id for c in page.items} == overdue
    risk = await services.summaries.drill(
        admin, ListKind.AT_RISK, Period(PeriodKind.WEEK), today=TODAY, limit=500
    )
    assert overdue <= {c.client_id for c in risk.items}

    # Cards agree: the card's last visit is the day the cadence counts from.
    for c in data.clients:
        card = await services.clients.card(admin, c.id)
        assert card.last_visit_on == states[c.name].last, c.name

    # Digests: each manager's own overdue clients, each supervisor's team's.
    for telegram_id, actor in actors.items():
        if actor.role is Role.ADMIN:
            continue
        owned = [
            c for c in data.clients
            if c.owner == telegram_id or MANAGERS.get(c.owner) == telegram_id
        ]  # fmt: skip
        digest = await services.reminders.digest(actor.user_id, TODAY)
        expected = sum(states[c.name].overdue for c in owned)
        assert (digest or {}).get("overdue_total", 0) == expected, actor.name
        if actor.role is Role.MANAGER:
            # "7 天内到期": due from today to REMIND_DAYS_BEFORE days ahead, the day the "due
            # soon" reminder goes out included (0-6 left out the client reminded that morning,
            # "还有 7 天"), as the client's status and "这周该去拜访哪些客户" count it.
            ahead = REMIND_DAYS_BEFORE
            soon = sum(0 <= (states[c.name].due - TODAY).days <= ahead for c in owned)
            assert (digest or {}).get("due_week_total", 0) == soon, actor.name
        if digest:
            shown = {o["client"] for o in digest["overdue"]}
            assert shown <= {c.name for c in owned if states[c.name].overdue}

    # Reminders: an overdue reminder for each overdue client, on the due day the summary uses.
    await services.reminders.generate()
    async with services.db.read() as session:
        rows = (
            await session.execute(
                select(Reminder.client_id, Reminder.due_on).where(
                    Reminder.kind == Kind.CADENCE_OVERDUE.value
                )
            )
        ).all()
    due = {c.id: states[c.name].due for c in data.clients}
    reminded = {client_id for client_id, due_on in rows if due_on is not None and due_on < TODAY}
    assert reminded == overdue
    assert all(due_on == due[client_id] for client_id, due_on in rows)


async def test_a_phone_call_does_not_reset_the_cadence_but_an_on_site_visit_does(
    services: Services, company: tuple[Company, dict[int, Actor]]
) -> None:
    data, actors = company
    states = {c.name: state(data, c, TODAY, NOW) for c in data.clients}
    client = next(c for c in data.clients if states[c.name].overdue)
    owner = actors[client.owner]
    call = csv_bytes(["client", "date", "kind", "by", "summary"],
                     [[client.name, TODAY.isoformat(), "phone", owner.telegram_id, "电话回访"]])  # fmt: skip
    assert (await services.visit_import.import_file(None, "calls.csv", call)).created == 1
    page = await services.summaries.drill(
        owner, ListKind.OVERDUE, Period(PeriodKind.WEEK), today=TODAY, limit=500
    )
    assert client.id in {c.client_id for c in page.items}
    assert (await services.clients.card(owner, client.id)).last_visit_on == states[client.name].last
    visit = csv_bytes(["client", "date", "kind", "by", "summary"],
                      [[client.name, TODAY.isoformat(), "on site", owner.telegram_id, "上门"]])  # fmt: skip
    assert (await services.visit_import.import_file(None, "visit.csv", visit)).created == 1
    page = await services.summaries.drill(
        owner, ListKind.OVERDUE, Period(PeriodKind.WEEK), today=TODAY, limit=500
    )
    assert client.id not in {c.client_id for c in page.items}
    assert (await services.clients.card(owner, client.id)).last_visit_on == TODAY


async def test_chart_data_and_the_xlsx_export_agree_with_the_summary_value_by_value(
    services: Services, company: tuple[Company, dict[int, Actor]]
) -> None:
    data, actors = company
    monday = TODAY - timedelta(days=TODAY.weekday())
    mondays = [monday - timedelta(weeks=7 - i) for i in range(8)]
    period = Period(PeriodKind.MONTH, 0)
    start, as_of, at = bounds(period)
    for actor in actors.values():
        names = {c.name for c in data.clients if visible(actor, c)}
        live = [v for v in data.visits if v.client in names and not v.deleted]
        made = [v for v in live if actor.role is not Role.MANAGER or v.author == actor.telegram_id]
        who = {a.telegram_id: a.name for a in actors.values()}
        expected: dict[str, list[int]] = defaultdict(lambda: [0] * 8)
        for v in made:
            if mondays[0] <= v.day <= TODAY:
                expected[who[v.author]][(v.day - mondays[0]).days // 7] += 1
        chart = await services.summaries.weekly_visits(actor, today=TODAY)
        assert chart.weeks == tuple(mondays)
        drawn = {name: list(counts) for name, counts in chart.rows}
        for name, counts in expected.items():
            assert drawn[name] == counts, (actor.name, name)
        assert all(sum(c) == 0 for n, c in drawn.items() if n not in expected)

        _, tiers = await services.summaries.coverage_by_tier(actor, period, today=TODAY)
        states = {c.name: state(data, c, as_of, at) for c in data.clients if c.name in names}
        by_tier: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0])
        for c in data.clients:
            if c.name in names:
                row = by_tier[c.tier]
                row[0] += 1
                row[1] += states[c.name].covered
                row[2] += states[c.name].overdue
        assert {(t.tier.value if t.tier else None): [t.clients, t.covered, t.overdue]
                for t in tiers} == dict(by_tier)  # fmt: skip

        summary = await services.summaries.summary(actor, period, today=TODAY)
        book = load_workbook(io.BytesIO(await services.exports.export(
            actor, ExportKind.VISITS, ExportFormat.XLSX, Language.ZH, period=period,
        )))  # fmt: skip
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        body = [r for r in rows[1:] if any(v is not None for v in r)]
        client_col, day_col = header.index("客户名称"), header.index("走访日期")
        exported = Counter((r[client_col], str(r[day_col])[:10]) for r in body)
        in_month = [v for v in live if start <= v.day <= as_of]
        assert exported == Counter((v.client, v.day.isoformat()) for v in in_month), actor.name
        # The export lists every visit to the clients in view: what the summary calls visits
        # received by owned clients (and, for a team, visits made by anyone in view).
        assert len(body) == summary.owned_visits, actor.name
        if actor.role is not Role.MANAGER:
            assert len(body) == summary.visits, actor.name


async def test_the_same_visit_file_imported_twice_adds_nothing_the_second_time(
    services: Services, company: tuple[Company, dict[int, Actor]]
) -> None:
    data, actors = company
    rows = [[v.client, v.day.isoformat(), v.kind, actors[v.author].name, v.summary]
            for v in data.visits[:20]]  # fmt: skip
    again = csv_bytes(["client", "date", "kind", "by", "summary"], rows)
    result = await services.visit_import.import_file(None, "again.csv", again)
    assert result.ok and result.created == 0 and result.unchanged == 20
    async with services.db.read() as session:
        count = len((await session.execute(select(Visit.id))).all())
    assert count == len(data.visits)


async def test_a_policy_that_counts_phone_calls_is_applied_everywhere_from_the_next_start(
    services: Services,
    company: tuple[Company, dict[int, Actor]],
    database_url: str,
    clock: FakeClock,
) -> None:
    data, actors = company
    rules = load_policy(DEFAULT_POLICY_FILE)
    rules["visit_cadence"]["counting_kinds"] = ["on_site", "phone"]
    counting = {"on_site", "phone"}
    restarted = await bootstrap(database_url=database_url, clock=clock, policy=parse_policy(rules))
    try:
        states = {c.name: state(data, c, TODAY, NOW, counting) for c in data.clients}
        changed = [
            c for c in data.clients if states[c.name].last != state(data, c, TODAY, NOW).last
        ]
        assert changed  # the generated company has clients whose last contact was a call
        admin = actors[1]
        for c in data.clients:
            assert (await restarted.clients.card(admin, c.id)).last_visit_on == states[c.name].last
        page = await restarted.summaries.drill(
            admin, ListKind.OVERDUE, Period(PeriodKind.WEEK), today=TODAY, limit=500
        )
        assert {c.client_id for c in page.items} == {
            c.id for c in data.clients if states[c.name].overdue
        }
        summary = await restarted.summaries.summary(admin, Period(PeriodKind.WEEK), today=TODAY)
        assert summary.covered == sum(s.covered for s in states.values())
        assert summary.counting_kinds == ("on_site", "phone")
    finally:
        await restarted.close()
