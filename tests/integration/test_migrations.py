"""Upgrading a database that already holds users, clients and visits, from every earlier revision."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from services.storage.db import _alembic_config, create_engine, migrate, writer_engine


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(_alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


async def upgrade(url: str, target: str) -> None:
    engine = create_engine(url)
    try:
        await migrate(engine, target)
    finally:
        await engine.dispose()


async def scalar(url: str, sql: str) -> object:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text(sql))).scalar_one()
    finally:
        await engine.dispose()


async def fill(url: str) -> None:
    """A user owning a client: a users table with rows that other rows point at."""
    engine = create_engine(url)
    try:
        async with writer_engine(engine).begin() as conn:
            now = "2026-11-01 09:00:00"
            await conn.execute(text(
                "INSERT INTO users (telegram_id, name, role, language, timezone, active, blocked_bot,"
                " created_at, updated_at)"
                f" VALUES (900001, '王磊', 'manager', 'zh', 'Asia/Shanghai', true, false, '{now}', '{now}')"
            ))  # fmt: skip
            await conn.execute(text(
                "INSERT INTO clients (name, aliases, search_key, owner_id, created_at, updated_at)"
                f" SELECT '华能电厂', '[]', 'hn', id, '{now}', '{now}' FROM users"
            ))  # fmt: skip
    finally:
        await engine.dispose()


@pytest.mark.parametrize("start", revisions()[:-1])
async def test_a_populated_database_upgrades_to_head_from_every_earlier_revision(
    database_url: str, start: str
) -> None:
    await drop_everything(database_url)  # database_url is at head on both
    await upgrade(database_url, start)
    await fill(database_url)
    await upgrade(database_url, "head")
    assert await scalar(database_url, "SELECT count(*) FROM users") == 1
    assert await scalar(database_url, "SELECT count(*) FROM clients") == 1
    assert await scalar(database_url, "SELECT version_num FROM alembic_version") == revisions()[-1]


async def drop_everything(url: str) -> None:
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.split("///", 1)[1] + suffix).unlink(missing_ok=True)
        return
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()
