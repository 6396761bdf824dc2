"""Loads the demo company (a team, 30 clients, half a year of visits) through the customer importers.

The people (people.csv), the clients and their visit history are CSV files in
`services/demo_data/`; clients and visits are in the format a customer sends (Chinese headers),
read by the same importers as `kam clients import` and `kam visits import`. The files are dated as of `FILES_DATED`; the loader moves every date forward
by whole weeks so the demo always looks current and visits stay on working days. The clients
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
from services.storage.models import Visit
from services.storage.uow import Database
from services.users import UserService
from services.visit_import import VisitImportResult, VisitImportService

DEMO_DIR = Path(__file__).with_name("demo_data")
PEOPLE_FILE = DEMO_DIR / "people.csv"  # the demo admin and one East China key-account team
CLIENTS_FILE = DEMO_DIR / "clients.csv"
VISITS_FILE = DEMO_DIR / "visits.csv"
FILES_DATED = date(2026, 11, 27)  # the day the files' dates are written as of (a Friday)
ADDED_DAYS_BEFORE = 200
_DATE_HEADERS = ("走访日期", "跟进日期")


class DemoUser(TypedDict):
    telegram_id: int
    name: str
    role: str  # "admin" | "supervisor" | "manager"
    team: str | None


def demo_users() -> list[DemoUser]:
    """The demo company's people, as PEOPLE_FILE lists them (the admin first)."""
    with PEOPLE_FILE.open(encoding="utf-8", newline="") as f:
        return [
            DemoUser(
                telegram_id=int(row["telegram_id"]),
                name=row["name"],
                role=row["role"],
                team=row["team"] or None,
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


@dataclass(frozen=True, slots=True)
class _At:
    """A clock stopped at one instant: the demo clients are added on their own day."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant


def shift_weeks(today: date) -> timedelta:
    """Whole weeks from the files' day to today (dates keep their weekday; none lands ahead)."""
    return timedelta(weeks=(today - FILES_DATED).days // 7)


def shifted_csv(data: bytes, shift: timedelta) -> bytes:
    """The CSV with every date in its date columns moved by `shift`; nothing else changes."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    columns = [i for i, name in enumerate(rows[0]) if name in _DATE_HEADERS]
    for row in rows[1:]:
        for i in columns:
            day = _date(row[i]) if i < len(row) and row[i].strip() else None
            if day is not None:
                row[i] = (day + shift).isoformat()
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


async def load_demo(
    db: Database,
    users: UserService,
    visit_import: VisitImportService,
    today: date,
    timezone: str,
) -> DemoResult:
    """Create or refresh the demo data; running it twice changes nothing twice."""
    for person in demo_users():
        if person["role"] == Role.ADMIN:
            await users.add_user(
                telegram_id=person["telegram_id"], name=person["name"], role=Role.ADMIN,
                team=None, language=Language.ZH,
            )  # fmt: skip
            continue
        await users.add_user(
            telegram_id=person["telegram_id"],
            name=person["name"],
            role=Role(person["role"]),
            team=person["team"],
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
        data = shifted_csv(VISITS_FILE.read_bytes(), shift)
        visits = await visit_import.import_file(None, VISITS_FILE.name, data)
        if not visits.ok:
            raise RuntimeError(f"demo visits file: {visits.errors}")
    return DemoResult(result.created, result.updated, visits)
