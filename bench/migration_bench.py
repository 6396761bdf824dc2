"""Migration benchmark: upgrade a populated database (100k clients, 400k visits) from every earlier
schema version to the newest one, on SQLite and PostgreSQL, and check no row was lost.

Run: .venv/bin/python bench/migration_bench.py [--clients 100000] [--visits 400000]
     [--managers 1000] [--complaints 20000] [--only sqlite|postgres]
Not a test. For each revision R older than head it creates an empty database, migrates it to R,
loads the generated rows the schema at R has tables for (bench/summary_bench.py's generator), then
times `upgrade head` and prints the time and the row counts before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg
import summary_bench
from alembic.script import ScriptDirectory
from summary_bench import TABLES, Dataset, load_postgres, load_sqlite, postgres_database

from services.storage.db import _alembic_config, create_engine, migrate


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(_alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


async def upgrade(url: str, target: str) -> float:
    engine = create_engine(url)
    started = time.perf_counter()
    try:
        await migrate(engine, target)
    finally:
        await engine.dispose()
    return time.perf_counter() - started


def only(tables: set[str]) -> tuple[tuple[str, str, str], ...]:
    """The generator's tables that the schema has (visits and complaints arrive in 0002)."""
    return tuple(entry for entry in TABLES if entry[0] in tables)


def sqlite_tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        names = sqlite_tables(path)
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t, _c, _a in TABLES
            if t in names
        }


def pg_tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {
            r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        }


def pg_counts(url: str) -> dict[str, int]:
    names = pg_tables(url)
    with psycopg.connect(url) as conn:
        return {
            t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
            for t, _c, _a in TABLES
            if t in names
        }


async def one(kind: str, start: str, data: Dataset) -> None:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "kam.db"
            url = f"sqlite+aiosqlite:///{path}"
            await upgrade(url, start)
            with patched_tables(only(sqlite_tables(path))):
                load_sqlite(path, data)
            before = sqlite_counts(path)
            seconds = await upgrade(url, "head")
            after = sqlite_counts(path)
            report(kind, start, seconds, before, after)
        return
    with contextlib_postgres() as url:
        await upgrade(url, start)
        plain = url.replace("postgresql+psycopg://", "postgresql://")
        with patched_tables(only(pg_tables(plain))):
            load_postgres(plain, data)
        before = pg_counts(plain)
        seconds = await upgrade(url, "head")
        after = pg_counts(plain)
        report(kind, start, seconds, before, after)


@contextmanager
def patched_tables(tables: tuple[tuple[str, str, str], ...]) -> Iterator[None]:
    """The generator's loaders insert into summary_bench.TABLES: only those present at R."""
    saved = summary_bench.TABLES
    summary_bench.TABLES = tables
    try:
        yield
    finally:
        summary_bench.TABLES = saved


def contextlib_postgres():  # type: ignore[no-untyped-def]
    return contextmanager(postgres_database)()


def report(
    kind: str, start: str, seconds: float, before: dict[str, int], after: dict[str, int]
) -> None:
    kept = all(after.get(t, 0) == n for t, n in before.items())
    rows = ", ".join(f"{n} {t}" for t, n in before.items() if n)
    print(f"[{kind}] {start} -> head: {seconds:.2f} s  ({rows}; "
          f"{'all rows kept' if kept else f'ROWS CHANGED: {after}'})", flush=True)  # fmt: skip


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--visits", type=int, default=400_000)
    parser.add_argument("--managers", type=int, default=1_000)
    parser.add_argument("--complaints", type=int, default=20_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    started = time.perf_counter()
    data = Dataset(args.clients, args.managers, args.visits, args.complaints)
    print(f"generated {args.clients} clients, {args.visits} visits, {args.complaints} complaints "
          f"in {time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
    chain = revisions()
    print(f"revisions: {' -> '.join(chain)} (head {chain[-1]})", flush=True)
    for kind in ("sqlite", "postgres"):
        if args.only and kind != args.only:
            continue
        for start in chain[:-1]:
            await one(kind, start, data)


if __name__ == "__main__":
    asyncio.run(main())
