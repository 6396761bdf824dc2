"""Importing visit history into the database: the example files, access, names and aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.bootstrap import Services
from services.demo import demo_users
from services.domain import Role
from services.errors import AccessDenied

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


async def test_the_example_visit_files_import_cleanly_after_the_example_clients(
    services: Services,
) -> None:
    for person in demo_users():
        if person["role"] == Role.ADMIN:
            continue
        await services.users.add_user(telegram_id=person["telegram_id"], name=person["name"],
                                      role=Role(person["role"]), team=person["team"])  # fmt: skip
    for name in ("clients.zh.csv", "clients.en.csv"):
        result = await services.clients.import_file(None, name, (EXAMPLES / name).read_bytes())
        assert result.ok, result.errors
    zh = await services.visit_import.import_file(
        None, "visits.zh.csv", (EXAMPLES / "visits.zh.csv").read_bytes()
    )
    assert zh.ok and (zh.created, zh.clients) == (7, 4), zh.errors
    en = await services.visit_import.import_file(
        None, "visits.en.csv", (EXAMPLES / "visits.en.csv").read_bytes()
    )
    assert en.ok and (en.created, en.clients) == (2, 1), en.errors


async def test_only_an_admin_imports_visits_and_a_name_two_users_share_is_refused(
    services: Services,
) -> None:
    add = services.users.add_user
    await add(telegram_id=1, name="管理员", role=Role.ADMIN, team=None)
    await add(telegram_id=11, name="张伟", role=Role.MANAGER, team="一部")
    await add(telegram_id=12, name="张伟", role=Role.MANAGER, team="二部")
    clients = "客户名称,客户经理ID\n甲公司,11\n".encode()
    assert (await services.clients.import_file(None, "c.csv", clients)).ok
    manager = await services.users.resolve_actor(11)
    admin = await services.users.resolve_actor(1)
    assert manager is not None and admin is not None
    data = "客户名称,走访日期,走访人,走访内容\n甲公司,2026-11-02,张伟,谈续约\n".encode()
    with pytest.raises(AccessDenied):
        await services.visit_import.import_file(manager, "v.csv", data)
    result = await services.visit_import.import_file(admin, "v.csv", data)
    assert [(e.line, e.column, e.code) for e in result.errors] == [
        (2, "走访人", "ambiguous_author")
    ]
    by_id = "客户名称,走访日期,走访人,走访内容\n甲公司,2026-11-02,12,谈续约\n".encode()
    assert (await services.visit_import.import_file(admin, "v.csv", by_id)).created == 1
