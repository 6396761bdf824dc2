"""A large import does not hold other users up, and is all or nothing (both databases).

On SQLite a transaction locks the whole database, so a 19,000-row import in one transaction kept
every other user's save waiting for seconds. Imports now write in short batches (forced small
here, on both databases), keep the clients they create hidden until the last batch, and take
back what they wrote when they fail or are cancelled.
"""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import func, select

from services.bootstrap import Services
from services.client_import import ClientRow
from services.domain import Actor, ContactInfo, Role, VisitKind
from services.storage.models import AuditEntry, Client, Contact, Visit
from services.visit_import import VisitRow, visit_key
from tests.integration.test_visits import _log

ADMIN, ZHANG = 1, 11
ROWS = 1500


def new_client(n: int) -> ClientRow:
    return ClientRow(
        line=n + 2, name=f"导入客户{n}有限公司", owner_telegram_id=ZHANG, tier=None,
        credit_rating=None, strategy=None, industry="电力", region="南京", address=None,
        latitude=None, longitude=None, last_visit_on=None, notes=None, aliases=(),
        contacts=(ContactInfo(f"张总{n}", None, "13800000000", False),),
    )  # fmt: skip


async def people(services: Services) -> tuple[Actor, Actor]:
    await services.users.add_user(telegram_id=ADMIN, name="管理员", role=Role.ADMIN, team=None)
    await services.users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER, team="一部")
    await services.clients.upsert_rows(None, [ClientRow(
        line=2, name="华能南京电厂", owner_telegram_id=ZHANG, tier=None, credit_rating=None,
        strategy=None, industry="电力", region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=("华能电厂",),
        contacts=(ContactInfo("刘工", "主任", "13900000000", True),),
    )])  # fmt: skip
    admin, zhang = (await services.users.resolve_actor(ADMIN),
                    await services.users.resolve_actor(ZHANG))  # fmt: skip
    assert admin is not None and zhang is not None
    return admin, zhang


async def count(services: Services, model: type, *where: object) -> int:
    async with services.db.read() as session:
        query = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
        return int((await session.execute(query)).scalar_one())


async def until_written(
    services: Services, task: asyncio.Task[object], before: int, model: type = Client
) -> None:
    """Wait until the import's first batches are in the database (hidden), not its end."""
    while await count(services, model) <= before:
        assert not task.done(), task
        await asyncio.sleep(0.005)


async def test_a_visit_is_saved_while_a_large_client_import_writes_and_the_import_is_whole(
    services: Services,
) -> None:
    admin, zhang = await people(services)
    rows = [new_client(n) for n in range(ROWS)]
    importing = asyncio.create_task(services.clients.upsert_rows(None, rows, batch=100))
    await until_written(services, importing, 1)
    # Half-way: what is written so far is nobody's to see yet, not even the admin's.
    assert [h.name for h in await services.clients.search(admin, "导入客户1有限公司")] == []
    visit_id = await _log(services, zhang, "今天拜访了华能电厂，谈了检修计划")
    # The save went through between two batches: the import had not written everything yet.
    assert await count(services, Client) < ROWS + 1
    assert not importing.done()
    result = await importing
    assert (result.created, result.updated, result.errors) == (ROWS, 0, ())
    assert await count(services, Client, Client.import_id.is_(None)) == ROWS + 1
    assert await count(services, Contact) == ROWS + 1
    assert await count(services, AuditEntry, AuditEntry.action == "import_create") == ROWS + 1
    hits = await services.clients.search(zhang, "导入客户1499有限公司")
    assert [h.name for h in hits][:1] == ["导入客户1499有限公司"]
    assert await count(services, Visit, Visit.id == visit_id) == 1


async def test_a_cancelled_client_import_leaves_nothing_of_itself(services: Services) -> None:
    _, zhang = await people(services)
    changed = ClientRow(
        line=2, name="华能南京电厂", owner_telegram_id=ZHANG, tier=None, credit_rating=None,
        strategy=None, industry="热力", region="苏州", address=None, latitude=None,
        longitude=None, last_visit_on=None, notes=None, aliases=(),
        contacts=(ContactInfo("王工", None, None, False),),
    )  # fmt: skip
    rows = [changed, *(new_client(n) for n in range(ROWS))]
    audits_before = await count(services, AuditEntry)
    importing = asyncio.create_task(services.clients.upsert_rows(None, rows, batch=100))
    await until_written(services, importing, 1)  # the update is written, some new clients too
    importing.cancel()  # the admin cancels, or the bot stops
    with pytest.raises(asyncio.CancelledError):
        await importing
    assert await count(services, Client) == 1
    assert await count(services, AuditEntry) == audits_before
    hits = await services.clients.search(zhang, "华能")
    card = await services.clients.card(zhang, hits[0].id)
    assert (card.industry, card.region) == ("电力", None)
    assert [(c.name, c.title, c.phone, c.decision_maker) for c in card.contacts] == [
        ("刘工", "主任", "13900000000", True)
    ]
    # The same file again, not cancelled, is imported whole.
    result = await services.clients.upsert_rows(None, rows, batch=100)
    assert (result.created, result.updated) == (ROWS, 1)
    assert await count(services, Client, Client.import_id.is_(None)) == ROWS + 1


def visit_rows(n: int) -> list[VisitRow]:
    return [
        VisitRow(line=k + 2, client="华能南京电厂", visited_on=date(2026, 1 + k % 10, 1 + k % 28),
                 kind=VisitKind.PHONE, author="张三", people=(), summary=f"第{k}次电话回访",
                 next_step=None, follow_up_on=None)
        for k in range(n)
    ]  # fmt: skip


async def test_a_visit_import_in_batches_lets_a_save_through_and_a_cancel_takes_it_all_back(
    services: Services,
) -> None:
    _, zhang = await people(services)
    rows = visit_rows(ROWS)
    importing = asyncio.create_task(services.visit_import.import_rows(None, rows, batch=100))
    await until_written(services, importing, 0, Visit)
    importing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await importing
    assert await count(services, Visit) == 0
    card = await services.clients.card(zhang, (await services.clients.search(zhang, "华能"))[0].id)
    assert card.last_visit_on is None  # the dates the cancelled batches set are gone too
    assert await count(services, AuditEntry, AuditEntry.action == "import_visits") == 0

    importing = asyncio.create_task(services.visit_import.import_rows(None, rows, batch=100))
    await until_written(services, importing, 0, Visit)
    visit_id = await _log(services, zhang, "今天拜访了华能电厂，谈了检修计划")
    assert await count(services, Visit) < ROWS + 1  # saved between two batches
    result = await importing
    assert (result.created, result.unchanged, result.errors) == (ROWS, 0, ())
    assert await count(services, Visit) == ROWS + 1
    assert await count(services, Visit, Visit.id == visit_id) == 1
    client_id = card.id
    author = zhang.user_id
    keys = {visit_key(client_id, author, row) for row in rows}
    assert await count(services, Visit, Visit.draft_id.in_(sorted(keys))) == ROWS
