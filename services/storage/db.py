"""Engine set-up for SQLite (WAL, busy timeout, foreign keys, immediate write locks) and PostgreSQL."""

from __future__ import annotations

import asyncio
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Create the async engine; on SQLite, each write transaction takes the write lock up front."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: a failed statement's values (a client's name, a phone) stay out of logs.
        engine = create_async_engine(
            url, echo=echo, connect_args={"timeout": 30}, hide_parameters=True
        )
        _configure_sqlite(engine)
        return engine
    return create_async_engine(
        url, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=10, hide_parameters=True
    )


def _configure_sqlite(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see the "begin" hook).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred transaction that later upgrades to a write can fail at once with "database is
        # locked" (the busy timeout does not apply to upgrades); writers take the lock at BEGIN.
        mode = conn.get_execution_options().get("kam_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def writer_engine(engine: AsyncEngine) -> AsyncEngine:
    """The engine to use for write transactions (BEGIN IMMEDIATE on SQLite)."""
    if is_sqlite(engine):
        return engine.execution_options(kam_begin="IMMEDIATE")
    return engine


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


MIGRATION_LOCK = 0x4B414D4D  # 'KAMM': replicas starting together migrate one after another


@cache
def _head() -> str | None:
    """The newest revision in migrations/, read once per process."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _upgrade(connection: Connection, target: str = "head") -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    if target == "head" and MigrationContext.configure(connection).get_current_heads() == (
        _head(),
    ):
        return  # already up to date: a restart (or a test's copied database) starts at once
    cfg = _alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, target)


async def migrate(engine: AsyncEngine, target: str = "head") -> None:
    """Apply every pending migration up to `target` (at start-up, before tests; the migration
    test and benchmark stop at older revisions)."""
    async with writer_engine(engine).begin() as conn:
        await conn.run_sync(_upgrade, target)


def migrate_sync(engine: AsyncEngine) -> None:
    asyncio.run(migrate(engine))
