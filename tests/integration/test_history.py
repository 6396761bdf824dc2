"""A record's change history read from the audit log on SQLite and PostgreSQL: ids shown as the
names they stand for now, and a client the reader may not see never named."""

from __future__ import annotations

from sqlalchemy import select

from services.bootstrap import Services
from services.domain import Role
from services.history import Record, Shown
from services.storage.models import Client, Complaint
from tests.fakes import FakeClock
from tests.kit import ADMIN, SUPERVISOR, ZHANG, client, seed_team

SUN = 1030  # a manager of another team


async def test_a_ticket_moved_from_another_teams_client_does_not_name_that_client(
    services: Services, clock: FakeClock
) -> None:
    await seed_team(services)
    await services.users.add_user(telegram_id=SUN, name="孙七", role=Role.MANAGER,
                                  team="华南二部")  # fmt: skip
    await services.clients.upsert_rows(
        None, [client(2, "华能南京电厂", ZHANG), client(3, "沙钢集团", SUN)]
    )
    now = clock.now()
    async with services.db.write() as uow:
        rows = (await uow.session.execute(select(Client.name, Client.id))).all()
        ids = {name: cid for name, cid in rows}
        huaneng, shagang = ids["华能南京电厂"], ids["沙钢集团"]
        owner = (await uow.session.execute(
            select(Client.owner_id).where(Client.id == huaneng))).scalar_one()  # fmt: skip
        ticket = Complaint(
            draft_id="d1", client_id=huaneng, owner_id=owner, recorded_by_id=owner,
            received_by="张三", category="billing", severity="low", description="重复扣费",
            status="open", received_at=now, first_response_due=now, resolution_due=now,
            created_at=now, updated_at=now,
        )  # fmt: skip
        uow.session.add(ticket)
        await uow.session.flush()
        # Filed under 沙钢集团 by mistake, then put right (as an admin may).
        uow.audit(actor_id=owner, action="update", entity="complaint", entity_id=ticket.id,
                  at=now, before={"client_id": shagang, "category": "service"},
                  after={"client_id": huaneng, "category": "billing"})  # fmt: skip
        await uow.commit()
    supervisor = await services.users.resolve_actor(SUPERVISOR)
    admin = await services.users.resolve_actor(ADMIN)
    sun = await services.users.resolve_actor(SUN)
    assert supervisor is not None and admin is not None and sun is not None
    seen = await services.history.of(supervisor, Record.COMPLAINT, ticket.id)
    assert seen is not None and seen.client_name == "华能南京电厂"
    [entry] = seen.entries
    assert entry.who == "张三" and entry.at == now
    moved, category = entry.changes
    assert moved.field == "client_id" and moved.before is not None and moved.after is not None
    assert moved.before.shown is Shown.HIDDEN_CLIENT and moved.before.text == ""
    assert (moved.after.shown, moved.after.text) == (Shown.CLIENT, "华能南京电厂")
    assert category.before is not None and category.before.text == "service"
    # The admin sees every client, by its name; 孙七 may not read this ticket's history at all.
    everyone = await services.history.of(admin, Record.COMPLAINT, ticket.id)
    assert everyone is not None
    before = everyone.entries[0].changes[0].before
    assert before is not None and before.text == "沙钢集团"
    assert await services.history.of(sun, Record.COMPLAINT, ticket.id) is None
