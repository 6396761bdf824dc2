"""Loads the demo company (a team, its people and about 30 clients) so the bot can be tried at once."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from services.client_import import ClientRow
from services.clients import ClientService, ImportResult
from services.clock import Clock
from services.demo_dataset import CLIENTS, DEMO_ADMIN, USERS
from services.domain import ContactInfo, CreditRating, Language, Role, Strategy, Tier
from services.users import UserService

DEMO_ADMIN_ID: int = int(DEMO_ADMIN["telegram_id"])


async def load_demo(
    users: UserService, clients: ClientService, clock: Clock, timezone: str
) -> ImportResult:
    """Create or refresh the demo data; running it twice changes nothing twice."""
    await users.add_user(
        telegram_id=DEMO_ADMIN_ID, name=str(DEMO_ADMIN["name"]), role=Role.ADMIN, team=None,
        language=Language.ZH,
    )  # fmt: skip
    for person in USERS:
        await users.add_user(
            telegram_id=int(person["telegram_id"]),
            name=str(person["name"]),
            role=Role(str(person["role"])),
            team=str(person["team"]),
        )
    today = clock.now().astimezone(ZoneInfo(timezone)).date()
    rows: list[ClientRow] = []
    for line, item in enumerate(CLIENTS, start=2):
        days = item.get("last_visit_days_ago")
        rows.append(
            ClientRow(
                line=line,
                name=str(item["name"]),
                owner_telegram_id=int(item["owner_telegram_id"]),
                tier=Tier(str(item["tier"])),
                credit_rating=CreditRating(str(item["credit_rating"])),
                strategy=Strategy(str(item["strategy"])),
                industry=_opt(item.get("industry")),
                region=_opt(item.get("region")),
                address=_opt(item.get("address")),
                latitude=float(item["latitude"]) if item.get("latitude") is not None else None,
                longitude=float(item["longitude"]) if item.get("longitude") is not None else None,
                last_visit_on=today - timedelta(days=int(days)) if days is not None else None,
                notes=_opt(item.get("notes")),
                aliases=tuple(str(a) for a in item.get("aliases", ())),
                contacts=tuple(
                    ContactInfo(
                        str(c["name"]),
                        _opt(c.get("title")),
                        _opt(c.get("phone")),
                        bool(c.get("decision_maker", False)),
                    )
                    for c in item.get("contacts", ())
                ),
            )
        )
    return await clients.upsert_rows(None, rows)


def _opt(value: object) -> str | None:
    return None if value is None or value == "" else str(value)
