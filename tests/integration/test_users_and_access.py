"""Users, invitations and who sees which client, on real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.bootstrap import Services
from services.client_import import ClientRow
from services.domain import Actor, Language, Role
from services.errors import AccessDenied, AlreadyRegistered, InvalidInput, InviteInvalid, NotFound
from services.storage.models import AuditEntry
from services.users import InviteLink, TeamChoice
from tests.fakes import FakeClock


def row(line: int, name: str, owner: int) -> ClientRow:
    return ClientRow(
        line=line, name=name, owner_telegram_id=owner, tier=None, credit_rating=None,
        strategy=None, industry=None, region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=(), contacts=(),
    )  # fmt: skip


async def _team(services: Services) -> dict[str, Actor]:
    await services.users.add_user(telegram_id=1, name="管理员", role=Role.ADMIN, team=None)
    await services.users.add_user(telegram_id=10, name="王主管", role=Role.SUPERVISOR, team="一部")
    await services.users.add_user(telegram_id=11, name="张三", role=Role.MANAGER, team="一部")
    await services.users.add_user(telegram_id=12, name="李四", role=Role.MANAGER, team="一部")
    await services.users.add_user(telegram_id=21, name="赵六", role=Role.MANAGER, team="二部")
    actors = {}
    for key, tg in (("admin", 1), ("sup", 10), ("zhang", 11), ("li", 12), ("zhao", 21)):
        actor = await services.users.resolve_actor(tg)
        assert actor is not None
        actors[key] = actor
    result = await services.clients.upsert_rows(
        None, [row(2, "华能南京电厂", 11), row(3, "华润万家", 12), row(4, "宝钢股份", 21)]
    )
    assert result.created == 3
    return actors


async def test_a_manager_sees_only_their_own_clients(services: Services) -> None:
    actors = await _team(services)
    hits = await services.clients.search(actors["zhang"], "华")
    assert [h.name for h in hits] == ["华能南京电厂"]
    other = (await services.clients.search(actors["li"], "华润"))[0]
    with pytest.raises(AccessDenied):
        await services.clients.card(actors["zhang"], other.id)


async def test_a_supervisor_sees_the_team_but_not_other_teams(services: Services) -> None:
    actors = await _team(services)
    names = {h.name for h in await services.clients.search(actors["sup"], "华")}
    assert names == {"华能南京电厂", "华润万家"}
    assert await services.clients.search(actors["sup"], "宝钢") == []
    assert len(await services.clients.search(actors["admin"], "宝钢")) == 1


async def test_the_knowledge_permissions_follow_client_access(services: Services) -> None:
    actors = await _team(services)
    assert await services.clients.visible_ids(actors["admin"]) is None
    zhang = await services.clients.visible_ids(actors["zhang"])
    sup = await services.clients.visible_ids(actors["sup"])
    assert zhang is not None and sup is not None
    assert len(zhang) == 1 and len(sup) == 2 and zhang < sup


async def test_an_invite_registers_a_user_once_and_then_is_spent(services: Services) -> None:
    actors = await _team(services)
    link = await services.users.create_invite(actors["admin"], Role.MANAGER, "三部", confirmed=True)
    assert isinstance(link, InviteLink)
    actor = await services.users.accept_invite(
        code=link.code, telegram_id=500, name="新人", language=Language.EN
    )
    assert actor.role is Role.MANAGER and actor.language is Language.EN
    assert await services.users.team_name(actor.team_id or 0) == "三部"
    with pytest.raises(AlreadyRegistered):
        await services.users.accept_invite(code=link.code, telegram_id=500, name="x",
                                           language=Language.ZH)  # fmt: skip
    with pytest.raises(InviteInvalid):
        await services.users.accept_invite(code=link.code, telegram_id=501, name="y",
                                           language=Language.ZH)  # fmt: skip


async def test_an_expired_invite_registers_nobody(services: Services, clock: FakeClock) -> None:
    actors = await _team(services)
    link = await services.users.create_invite(
        actors["admin"], Role.SUPERVISOR, None, confirmed=True
    )
    assert isinstance(link, InviteLink)
    clock.advance(hours=73)
    with pytest.raises(InviteInvalid):
        await services.users.accept_invite(code=link.code, telegram_id=600, name="迟到",
                                           language=Language.ZH)  # fmt: skip
    assert await services.users.resolve_actor(600) is None


async def test_managers_cannot_invite_and_supervisors_only_into_their_team(
    services: Services,
) -> None:
    actors = await _team(services)
    with pytest.raises(AccessDenied):
        await services.users.create_invite(actors["zhang"], Role.MANAGER, None)
    with pytest.raises(AccessDenied):
        await services.users.create_invite(actors["sup"], Role.SUPERVISOR, None)
    link = await services.users.create_invite(actors["sup"], Role.MANAGER, "二部")
    assert isinstance(link, InviteLink) and link.team == "一部"


async def test_an_admins_invite_never_makes_a_team_from_a_name_no_team_has(
    services: Services,
) -> None:
    actors = await _team(services)
    teams = await services.users.teams()
    asked = await services.users.create_invite(actors["admin"], Role.MANAGER, "华东一部")
    assert asked == TeamChoice(Role.MANAGER, "华东一部", teams)
    unnamed = await services.users.create_invite(actors["admin"], Role.SUPERVISOR, None)
    assert unnamed == TeamChoice(Role.SUPERVISOR, None, teams)
    assert await services.users.teams() == teams  # nothing was created
    one = next(i for i, name in teams if name == "一部")
    link = await services.users.create_invite(actors["admin"], Role.MANAGER, None, team_id=one)
    assert isinstance(link, InviteLink) and link.team == "一部"
    link = await services.users.create_invite(actors["admin"], Role.MANAGER, " 一部 ")
    assert isinstance(link, InviteLink) and link.team == "一部"


async def test_an_invite_given_a_name_registers_the_person_under_it_not_their_telegram_name(
    services: Services,
) -> None:
    actors = await _team(services)
    link = await services.users.create_invite(actors["sup"], Role.MANAGER, None, name=" 周  小琳 ")
    assert isinstance(link, InviteLink) and link.name == "周 小琳"
    joined = await services.users.accept_invite(
        code=link.code, telegram_id=700, name="Demo", language=Language.ZH
    )
    assert joined.name == "周 小琳" and joined.team_id == actors["sup"].team_id
    # A deactivated user coming back through a named invite takes the name given now.
    await services.users.deactivate(700)
    again = await services.users.create_invite(actors["admin"], Role.MANAGER, "一部", name="周晓琳")
    assert isinstance(again, InviteLink)
    back = await services.users.accept_invite(
        code=again.code, telegram_id=700, name="Demo", language=Language.ZH
    )
    assert back.name == "周晓琳"
    # Without a name, their Telegram name as before.
    plain = await services.users.create_invite(actors["sup"], Role.MANAGER, None)
    assert isinstance(plain, InviteLink) and plain.name is None
    other = await services.users.accept_invite(
        code=plain.code, telegram_id=701, name="Demo", language=Language.ZH
    )
    assert other.name == "Demo"
    with pytest.raises(InvalidInput):
        await services.users.create_invite(actors["sup"], Role.MANAGER, None, name="   ")


async def test_admins_rename_anyone_supervisors_only_their_own_team_and_managers_no_one(
    services: Services,
) -> None:
    actors = await _team(services)
    assert await services.users.rename(actors["sup"], "张三", "张叁") == ("张三", "张叁")
    assert await services.users.rename(actors["sup"], "12", "李肆") == ("李四", "李肆")
    with pytest.raises(NotFound):
        await services.users.rename(actors["sup"], "赵六", "赵陆")  # another team's manager
    with pytest.raises(AccessDenied):
        await services.users.rename(actors["zhang"], "张叁", "张三")
    assert await services.users.rename(actors["admin"], "赵六", "赵陆") == ("赵六", "赵陆")
    assert await services.users.rename(None, "10", "王建国") == ("王主管", "王建国")
    names = {u.telegram_id: u.name for u in await services.users.list_users()}
    assert names == {1: "管理员", 10: "王建国", 11: "张叁", 12: "李肆", 21: "赵陆"}
    await services.users.add_user(telegram_id=13, name="张叁", role=Role.MANAGER, team="一部")
    with pytest.raises(InvalidInput):
        await services.users.rename(actors["admin"], "张叁", "张三")  # two of them: which?
    async with services.db.read() as session:
        renames = (
            (await session.execute(select(AuditEntry).where(AuditEntry.action == "rename")))
            .scalars()
            .all()
        )
    assert len(renames) == 4 and renames[0].before and renames[0].before["name"] == "张三"


async def test_a_renamed_person_is_renamed_again_by_the_name_the_team_still_knows(
    services: Services,
) -> None:
    # "/rename 张三 张三丰" after "/rename 张三 张叁" answered 找不到“张三”, while summaries
    # and exports found 张叁 by that name.
    actors = await _team(services)
    assert await services.users.rename(actors["sup"], "张三", "张叁") == ("张三", "张叁")
    assert await services.users.rename(actors["sup"], "张三", "张三丰") == ("张叁", "张三丰")
    names = {u.telegram_id: u.name for u in await services.users.list_users()}
    assert names[11] == "张三丰"
    # Still only within the supervisor's reach: another team's manager by a former name is
    # not found, as by their name now.
    assert await services.users.rename(actors["admin"], "赵六", "赵陆") == ("赵六", "赵陆")
    with pytest.raises(NotFound):
        await services.users.rename(actors["sup"], "赵六", "赵六六")
    # A former name two people once had is asked about, not guessed.
    assert await services.users.rename(actors["admin"], "李四", "张三") == ("李四", "张三")
    assert await services.users.rename(actors["admin"], "张三", "李思") == ("张三", "李思")
    with pytest.raises(InvalidInput):
        await services.users.rename(actors["admin"], "张三", "张三三")


async def test_a_deactivated_user_is_no_longer_an_actor(services: Services) -> None:
    await _team(services)
    await services.users.deactivate(11)
    assert await services.users.resolve_actor(11) is None


async def test_every_write_is_in_the_audit_log(services: Services) -> None:
    actors = await _team(services)
    await services.users.set_language(actors["zhang"], Language.EN)
    await services.users.deactivate(12)
    async with services.db.read() as session:
        entries = (await session.execute(select(AuditEntry))).scalars().all()
    actions = [(e.entity, e.action) for e in entries]
    assert actions.count(("user", "create")) == 5
    assert ("client", "import_create") in actions
    assert ("user", "set_language") in actions
    deactivated = next(e for e in entries if e.action == "deactivate")
    assert deactivated.before and deactivated.before["active"] is True
    assert deactivated.after and deactivated.after["active"] is False


async def test_admin_ids_from_settings_become_admins(services: Services) -> None:
    await services.users.add_user(telegram_id=77, name="老员工", role=Role.MANAGER, team=None)
    await services.users.ensure_admins([77, 78])
    for tg in (77, 78):
        actor = await services.users.resolve_actor(tg)
        assert actor is not None and actor.role is Role.ADMIN
