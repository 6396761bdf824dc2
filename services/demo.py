"""Loads the demo company (a team, 30 clients, half a year of visits, a few complaints).

The people (people.csv), the clients and their visit history are CSV files in
`services/demo_data/`; clients and visits are in the format a customer sends (Chinese headers),
read by the same importers as `kam clients import` and `kam visits import`. The files are dated as of `FILES_DATED`; the loader moves every date forward
by whole weeks so the demo always looks current and visits keep their weekday. The visits file
goes on for six days past `FILES_DATED`, one call or visit a day of each manager's (李婷, 王磊,
陈晓峰): moved, one of each lands on today (the day in the demo's time zone, Shanghai), so "本月"
is never empty for any of them, even on the first of a month; those that would land after today
are left out. The days after `FILES_DATED` are calls and video meetings (the cadence counts
on-site visits), so which clients are overdue does not depend on the day the demo starts. The complaints
(complaints.csv: open, answered, resolved and closed ones) get their deadlines from the policy, as
a complaint filed in chat does. The clients
count as added to the bot `ADDED_DAYS_BEFORE` days before that day, so a client never visited is
due by the same cadence as the others (and, in the demo, overdue).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TypedDict
from zoneinfo import ZoneInfo

from sqlalchemy import select

from services.client_import import _date
from services.clients import ClientService
from services.domain import Language, Role
from services.policy import Policy, Severity
from services.storage.models import Client, Complaint, Visit
from services.storage.uow import Database
from services.users import UserService
from services.visit_import import VisitImportResult, VisitImportService

DEMO_DIR = Path(__file__).with_name("demo_data")
PEOPLE_FILE = DEMO_DIR / "people.csv"  # the demo admin and one East China key-account team
CLIENTS_FILE = DEMO_DIR / "clients.csv"
VISITS_FILE = DEMO_DIR / "visits.csv"
COMPLAINTS_FILE = DEMO_DIR / "complaints.csv"
FILES_DATED = date(2026, 11, 27)  # the day the files' dates are written as of (a Friday)
ADDED_DAYS_BEFORE = 200
_DATE_HEADERS = ("走访日期", "跟进日期")


class DemoUser(TypedDict):
    telegram_id: int
    name: str
    role: str  # "admin" | "supervisor" | "manager"
    team: str | None
    language: Language | None  # given on creation; None follows the user's Telegram


def demo_users() -> list[DemoUser]:
    """The demo company's people, as PEOPLE_FILE lists them (the admin first)."""
    with PEOPLE_FILE.open(encoding="utf-8", newline="") as f:
        return [
            DemoUser(
                telegram_id=int(row["telegram_id"]),
                name=row["name"],
                role=row["role"],
                team=row["team"] or None,
                language=Language(row["language"]) if row.get("language") else None,
            )
            for row in csv.DictReader(f)
        ]


def demo_admin_id() -> int:
    """The demo admin's Telegram id: `kam chat` talks as them unless told otherwise."""
    return next(p["telegram_id"] for p in demo_users() if p["role"] == Role.ADMIN)


@dataclass(frozen=True, slots=True)
class DemoResult:
    created: int
    updated: int
    visits: VisitImportResult
    complaints: int = 0


@dataclass(frozen=True, slots=True)
class _At:
    """A clock stopped at one instant: the demo clients are added on their own day."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant


def shift_weeks(today: date) -> timedelta:
    """Whole weeks from the files' day to today (dates keep their weekday; none lands ahead)."""
    return timedelta(weeks=(today - FILES_DATED).days // 7)


def shifted_csv(data: bytes, shift: timedelta, until: date | None = None) -> bytes:
    """The CSV with every date in its date columns moved by `shift`; with `until`, without the
    rows whose visit, moved, falls after it (yet to come). Nothing else changes."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    columns = [i for i, name in enumerate(rows[0]) if name in _DATE_HEADERS]
    visited = rows[0].index(_DATE_HEADERS[0]) if _DATE_HEADERS[0] in rows[0] else None
    kept = [rows[0]]
    for row in rows[1:]:
        for i in columns:
            day = _date(row[i]) if i < len(row) and row[i].strip() else None
            if day is not None:
                row[i] = (day + shift).isoformat()
        on = _date(row[visited]) if visited is not None and visited < len(row) else None
        if until is None or on is None or on <= until:
            kept.append(row)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(kept)
    return out.getvalue().encode("utf-8")


async def load_demo(
    db: Database,
    users: UserService,
    visit_import: VisitImportService,
    today: date,
    timezone: str,
    policy: Policy | None = None,
) -> DemoResult:
    """Create or refresh the demo data; running it twice changes nothing twice. With the policy,
    the demo complaints are filed too (once)."""
    # A person's language is given once, when they are created: a language they chose later
    # (/lang) survives the next start of the demo, which re-runs this.
    existing = {user.telegram_id for user in await users.list_users()}
    for person in demo_users():
        new = person["telegram_id"] not in existing
        await users.add_user(
            telegram_id=person["telegram_id"],
            name=person["name"],
            role=Role(person["role"]),
            team=person["team"],
            language=person["language"] if new else None,
        )
    shift = shift_weeks(today)
    added_on = FILES_DATED + shift - timedelta(days=ADDED_DAYS_BEFORE)
    added_at = datetime.combine(added_on, time(9), ZoneInfo(timezone)).astimezone(UTC)
    clients = ClientService(db, _At(added_at))
    result = await clients.import_file(None, CLIENTS_FILE.name, CLIENTS_FILE.read_bytes())
    if not result.ok:  # the shipped file is checked by the tests; this is a broken install
        raise RuntimeError(f"demo clients file: {result.errors}")
    async with db.read() as session:
        loaded = await session.scalar(select(Visit.id).where(Visit.draft_id.like("imp:%")).limit(1))
    if loaded is not None:
        # History is loaded once: on a later day the dates move, and would count twice.
        visits = VisitImportResult()
    else:
        data = shifted_csv(VISITS_FILE.read_bytes(), shift, until=today)
        visits = await visit_import.import_file(None, VISITS_FILE.name, data)
        if not visits.ok:
            raise RuntimeError(f"demo visits file: {visits.errors}")
    complaints = 0 if policy is None else await _load_complaints(db, policy, shift, timezone)
    return DemoResult(result.created, result.updated, visits, complaints)


async def _load_complaints(db: Database, policy: Policy, shift: timedelta, timezone: str) -> int:
    """COMPLAINTS_FILE's tickets, moved by `shift`, each owned and recorded by its client's
    manager; once (a ticket's draft id is demo:<row>). The file's times are before FILES_DATED
    (on that weekday they could be later than now): one ticket is already late, the others fall
    due over the next two weeks."""
    zone = ZoneInfo(timezone)

    def at(value: str) -> datetime | None:
        if not value.strip():
            return None
        return (datetime.fromisoformat(value).replace(tzinfo=zone) + shift).astimezone(UTC)

    with COMPLAINTS_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    async with db.write() as uow:
        done = await uow.session.scalar(
            select(Complaint.id).where(Complaint.draft_id.like("demo:%")).limit(1)
        )
        if done is not None:
            return 0
        for n, row in enumerate(rows, start=1):
            client = await uow.session.scalar(select(Client).where(Client.name == row["客户名称"]))
            received = at(row["受理时间"])
            if client is None or received is None:
                raise RuntimeError(f"demo complaints file, row {n + 1}: {row['客户名称']}")
            severity = Severity(row["严重程度"])
            due = policy.complaints.deadlines(
                received, severity, timezone=timezone, calendar=policy.calendar()
            )
            closed = row["状态"] == "closed"
            uow.session.add(
                Complaint(
                    draft_id=f"demo:{n}", client_id=client.id, owner_id=client.owner_id,
                    recorded_by_id=client.owner_id, received_by=row["受理人"] or None,
                    category=row["类别"], severity=severity.value, description=row["描述"],
                    status=row["状态"], received_at=received,
                    first_response_due=due.first_response_due, resolution_due=due.resolution_due,
                    deadlines_estimated=due.estimated, responded_at=at(row["响应时间"]),
                    resolved_at=at(row["解决时间"]), resolution=row["处理结果"] or None,
                    closed_at=at(row["解决时间"]) if closed else None,
                    satisfaction=int(row["满意度"]) if row["满意度"] else None,
                    created_at=received, updated_at=received,
                )
            )  # fmt: skip
        await uow.commit()
    return len(rows)
