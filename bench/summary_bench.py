"""Summary benchmark: 10,000 clients, 50 managers, 500,000 visits on SQLite and PostgreSQL; prints figures.

Run: .venv/bin/python bench/summary_bench.py [--clients 10000] [--managers 50] [--visits 500000]
     [--complaints 20000] [--runs 7] [--only sqlite|postgres]
Not a test. PostgreSQL is the server at KAM_TEST_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/test); a throwaway database is created and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bot.render_summary import chart_text
from services.bootstrap import bootstrap
from services.charts import complaints_chart, coverage_chart, visits_chart
from services.domain import Actor, Language, Role
from services.summaries.periods import Period, PeriodKind
from services.summaries.queries import SummaryService
from services.summaries.records import ListKind

POSTGRES_ADMIN_URL = os.environ.get(
    "KAM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # Wednesday 10:00 in Shanghai
TODAY = date(2026, 11, 25)
HISTORY_DAYS = 730
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
WORDS = ["电力", "石化", "钢铁", "物流", "银行", "电信", "港务", "燃气", "水务", "化工", "机场",
         "医药", "汽车", "建材", "纺织"]  # fmt: skip
CITIES = ["南京", "苏州", "无锡", "常州", "上海", "杭州", "宁波", "合肥", "济南", "青岛"]


class FixedClock:
    def now(self) -> datetime:
        return NOW


def sqlite_ts(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


# ------------------------------------------------------------------------------- the dataset


class Dataset:
    """Rows as plain tuples, generated once and loaded into both databases."""

    def __init__(self, clients: int, managers: int, visits: int, complaints: int) -> None:
        rng = random.Random(20261125)
        team_count = max(1, managers // 5)
        created = NOW - timedelta(days=HISTORY_DAYS + 30)
        self.teams = [(i + 1, f"大客户{i + 1}部", created) for i in range(team_count)]
        self.users: list[tuple[Any, ...]] = [
            (1, 900000, "管理员", "admin", None, "zh", "Asia/Shanghai", True, False, created,
             created),
        ]  # fmt: skip
        for i in range(team_count):
            self.users.append((2 + i, 900001 + i, f"{SURNAMES[i % 20]}主管{i + 1}", "supervisor",
                               i + 1, "zh", "Asia/Shanghai", True, False, created, created))  # fmt: skip
        first_manager = 2 + team_count
        self.manager_ids = list(range(first_manager, first_manager + managers))
        for n, uid in enumerate(self.manager_ids):
            name = f"{SURNAMES[n % 20]}{GIVEN[(n * 7) % 20]}{n + 1}"
            self.users.append((uid, 910000 + n, name, "manager", n % team_count + 1, "zh",
                               "Asia/Shanghai", True, False, created, created))  # fmt: skip
        ratings = ["good", "medium", "poor", None]
        tiers = ["important", "group", "commercial", "strategic", None]
        strategies = ["develop", "maintain", "harvest", "exit", None]
        self.clients: list[list[Any]] = []
        for cid in range(1, clients + 1):
            name = f"{rng.choice(CITIES)}{rng.choice(WORDS)}{cid:05d}号"
            owner = self.manager_ids[cid % managers]
            self.clients.append([
                cid, name, "[]", name, rng.choice(tiers), rng.choices(ratings, [3, 5, 2, 1])[0],
                rng.choice(strategies), owner, None, created, created,
            ])  # fmt: skip
        last: dict[int, date] = {}
        self.visits: list[tuple[Any, ...]] = []
        for vid in range(1, visits + 1):
            cid = rng.randint(1, clients)
            owner = self.clients[cid - 1][7]
            day = TODAY - timedelta(days=int(rng.triangular(0, HISTORY_DAYS, 0)))
            at = datetime(day.year, day.month, day.day, 2, tzinfo=UTC)
            deleted = at if rng.random() < 0.01 else None
            if deleted is None and (cid not in last or last[cid] < day):
                last[cid] = day
            self.visits.append((vid, f"b{vid}", cid, owner, day, "10:00",
                                rng.choice(("on_site", "phone", "video")), "[]",
                                "讨论二期扩容与电费结算", None, None, at, at, deleted))  # fmt: skip
        for client in self.clients:
            client[8] = last.get(client[0])
        self.complaints: list[tuple[Any, ...]] = []
        for kid in range(1, complaints + 1):
            cid = rng.randint(1, clients)
            owner = self.clients[cid - 1][7]
            received = NOW - timedelta(minutes=rng.randint(10, HISTORY_DAYS * 24 * 60 // 2))
            response_due = received + timedelta(days=1)
            resolution_due = received + timedelta(days=rng.choice((1, 3, 5, 10)))
            responded = resolved = closed = None
            roll = rng.random()
            if roll > 0.05:
                responded = received + timedelta(hours=rng.uniform(0.2, 40))
            if roll > 0.15 and responded:
                resolved = responded + timedelta(hours=rng.uniform(1, 300))
            if roll > 0.5 and resolved:
                closed = resolved + timedelta(days=1)
            status = ("closed" if closed else "resolved" if resolved else
                      "responded" if responded else "open")  # fmt: skip
            # Events in the future did not happen yet.
            if responded and responded > NOW:
                responded = resolved = closed = None
                status = "open"
            if resolved and resolved > NOW:
                resolved = closed = None
                status = "responded"
            if closed and closed > NOW:
                closed = None
                status = "resolved"
            self.complaints.append((
                kid, f"k{kid}", cid, owner, owner, None, "service",
                rng.choice(("low", "medium", "high", "critical")), "账单有误", status, received,
                response_due, resolution_due, False, responded, resolved, None, closed, None,
                received, received,
            ))  # fmt: skip


TEAM_COLS = "id, name, created_at"
USER_COLS = ("id, telegram_id, name, role, team_id, language, timezone, active, blocked_bot, "
             "created_at, updated_at")  # fmt: skip
CLIENT_COLS = ("id, name, aliases, search_key, tier, credit_rating, strategy, owner_id, "
               "last_visit_on, created_at, updated_at")  # fmt: skip
VISIT_COLS = ("id, draft_id, client_id, author_id, visited_on, visited_time, kind, people, "
              "summary, next_step, follow_up_on, created_at, updated_at, deleted_at")  # fmt: skip
COMPLAINT_COLS = ("id, draft_id, client_id, owner_id, recorded_by_id, received_by, category, "
                  "severity, description, status, received_at, first_response_due, "
                  "resolution_due, deadlines_estimated, responded_at, resolved_at, resolution, "
                  "closed_at, satisfaction, created_at, updated_at")  # fmt: skip
TABLES = (("teams", TEAM_COLS, "teams"), ("users", USER_COLS, "users"),
          ("clients", CLIENT_COLS, "clients"), ("visits", VISIT_COLS, "visits"),
          ("complaints", COMPLAINT_COLS, "complaints"))  # fmt: skip


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return sqlite_ts(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def load_sqlite(path: Path, data: Dataset) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        with conn:
            for table, cols, attr in TABLES:
                rows = getattr(data, attr)
                marks = ", ".join("?" for _ in cols.split(","))
                conn.executemany(
                    f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                    ([_sqlite_value(v) for v in row] for row in rows),
                )
        conn.execute("ANALYZE")
    finally:
        conn.close()


def load_postgres(url: str, data: Dataset) -> None:
    with psycopg.connect(url) as conn:
        with conn.cursor() as cur:
            for table, cols, attr in TABLES:
                with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in getattr(data, attr):
                        copy.write_row([json.dumps([]) if v == "[]" else v for v in row])
            for table, _cols, _attr in TABLES:
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")


# ------------------------------------------------------------------------------ measuring


async def timed(fn: Callable[[], Awaitable[Any]], runs: int) -> tuple[float, Any]:
    """Median milliseconds of `runs` calls after one warm-up call."""
    result = await fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = await fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def actor(data: Dataset, role: Role) -> Actor:
    if role is Role.ADMIN:
        return Actor(1, 900000, "管理员", role, None, Language.ZH, "Asia/Shanghai")
    if role is Role.SUPERVISOR:
        return Actor(2, 900001, "主管", role, 1, Language.ZH, "Asia/Shanghai")
    uid = data.manager_ids[0]
    return Actor(uid, 910000, "经理", role, 1, Language.ZH, "Asia/Shanghai")


async def measure(name: str, url: str, data: Dataset, runs: int) -> None:
    services = await bootstrap(database_url=url, clock=FixedClock())
    try:
        started = time.perf_counter()
        if url.startswith("sqlite"):
            await asyncio.to_thread(load_sqlite, Path(url.split("///", 1)[1]), data)
        else:
            sync_url = url.replace("postgresql+psycopg://", "postgresql://")
            await asyncio.to_thread(load_postgres, sync_url, data)
        print(f"\n[{name}] loaded {len(data.clients):,} clients, {len(data.visits):,} visits, "
              f"{len(data.complaints):,} complaints in {time.perf_counter() - started:.1f} s")  # fmt: skip
        service = SummaryService(services.db, services.clock, services.policy)
        week, quarter = Period(PeriodKind.WEEK), Period(PeriodKind.QUARTER)
        last_week = Period(PeriodKind.WEEK, -1)  # a past period: its state is rebuilt as of then
        for role in (Role.ADMIN, Role.SUPERVISOR, Role.MANAGER):
            who = actor(data, role)
            for period in (week, last_week, quarter):
                ms, summary = await timed(
                    lambda who=who, period=period: service.summary(who, period, today=TODAY), runs
                )
                label = f"{'last ' if period.offset else ''}{period.kind.value}"
                print(f"  summary  {role.value:10} {label:9}: {ms:7.1f} ms  "
                      f"({summary.clients:,} clients, {summary.visits:,} visits, "
                      f"{summary.overdue_count:,} overdue, {summary.at_risk_count:,} at risk, "
                      f"{summary.complaints.opened:,} complaints opened)")  # fmt: skip
        admin = actor(data, Role.ADMIN)
        ms, page = await timed(
            lambda: service.drill(admin, ListKind.AT_RISK, week, today=TODAY), runs
        )
        print(f"  drill    at-risk list page (admin)   : {ms:7.1f} ms  ({page.total:,} in all)")
        ms, weekly = await timed(lambda: service.weekly_visits(admin, today=TODAY), runs)
        print(f"  data     visits per manager per week : {ms:7.1f} ms")
        ms, (span, tiers) = await timed(
            lambda: service.coverage_by_tier(admin, week, today=TODAY), runs
        )
        print(f"  data     coverage by tier            : {ms:7.1f} ms")
        ms, ages = await timed(lambda: service.complaint_ages(admin, week, today=TODAY), runs)
        print(f"  data     complaints by status and age: {ms:7.1f} ms")
        if name == "sqlite":
            text = chart_text("zh", span_label=f"{span.start} ~ {span.end}")
            for label, render in (
                ("visits per manager per week (50)", lambda: visits_chart(weekly, text)),
                ("coverage by tier", lambda: coverage_chart(tiers, span, text)),
                ("complaints by status and age", lambda: complaints_chart(ages, text)),
            ):
                ms, png = await timed(lambda render=render: asyncio.to_thread(render), 5)  # type: ignore[misc]
                print(f"  chart    {label:29}: {ms:7.1f} ms  ({len(png) // 1024} KiB PNG)")
    finally:
        await services.close()


def postgres_database() -> Iterator[str]:
    name = f"kam_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--managers", type=int, default=50)
    parser.add_argument("--visits", type=int, default=500_000)
    parser.add_argument("--complaints", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    started = time.perf_counter()
    data = Dataset(args.clients, args.managers, args.visits, args.complaints)
    print(f"generated the dataset in {time.perf_counter() - started:.1f} s "
          f"(as of {TODAY}, a Wednesday; median of {args.runs} runs after a warm-up)")  # fmt: skip
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            await measure("sqlite", f"sqlite+aiosqlite:///{tmp}/bench.db", data, args.runs)
    if args.only in (None, "postgres"):
        databases = postgres_database()
        url = next(databases)
        try:
            await measure("postgres", url, data, args.runs)
        finally:
            databases.close()


if __name__ == "__main__":
    asyncio.run(main())
