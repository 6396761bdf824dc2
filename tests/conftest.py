"""Shared fixtures: a real SQLite file and a real PostgreSQL database for every storage test."""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg
import pytest

from tests.fakes import FakeClock
from tests.kit import RUN_CACHE_VARIABLE, sqlite_copy

if TYPE_CHECKING:  # imported by the fixtures: unit tests need not load Chroma, the model, aiohttp
    from emulator import FakeTelegram
    from services.bootstrap import Services

POSTGRES_ADMIN_URL = os.environ.get(
    "KAM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = bool(os.environ.get("KAM_REQUIRE_POSTGRES") or os.environ.get("CI"))


def pytest_configure(config: pytest.Config) -> None:
    """One cache directory for the whole run (KAM_CACHE_DIR of the processes tests start), made
    before the xdist workers start, so that they inherit it."""
    if RUN_CACHE_VARIABLE not in os.environ:
        os.environ[RUN_CACHE_VARIABLE] = tempfile.mkdtemp(prefix="kam-test-cache-")
        config.add_cleanup(_remove_run_cache)


def _remove_run_cache() -> None:
    shutil.rmtree(os.environ.pop(RUN_CACHE_VARIABLE), ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def no_connection_outlives_its_event_loop() -> Iterator[None]:
    """Fails the run (at the teardown of its last test) when a connection is still open on an
    event loop that has ended: nothing can close it any more, and Python reports it only at
    interpreter exit ("Exception ignored in ... ResourceWarning: unclosed transport"), after
    pytest, where no test fails on it. Set up first, so checked after every other fixture."""
    yield
    gc.collect()  # what is garbage warns now, inside a test phase: an error (filterwarnings)
    kinds = _subclasses(asyncio.BaseTransport)  # by type: isinstance on every object takes seconds
    leaked = [
        transport
        for transport in gc.get_objects()
        if type(transport) in kinds
        and not transport.is_closing()
        and getattr(transport, "_loop", None) is not None
        and transport._loop.is_closed()
    ]
    assert not leaked, f"connections left open on a closed event loop: {leaked}"


def _subclasses(cls: type) -> set[type]:
    kinds: set[type] = {cls}
    subclasses: list[type] = type.__subclasses__(cls)
    for sub in subclasses:
        kinds |= _subclasses(sub)
    return kinds


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test run; required in CI, never silently skipped."""
    name = f"kam_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if REQUIRE_POSTGRES:
            pytest.fail(
                f"PostgreSQL is required (CI) but not reachable at {POSTGRES_ADMIN_URL}: {exc}"
            )
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    yield f"{base}/{name}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_all(url: str) -> None:
    sync_url = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(sync_url, autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            conn.execute(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session (per xdist worker): tests get copies."""
    path = tmp_path_factory.mktemp("migrated") / "kam.db"

    async def build() -> None:
        from services.storage.db import create_engine, migrate

        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await migrate(engine)
        finally:
            await engine.dispose()  # the last connection folds the WAL into the file

    # In a thread of its own: this fixture may be set up while a test's event loop runs.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, build()).result()
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    """A fresh SQLite database at head of this test's own (tmp_path/kam.db)."""
    return sqlite_copy(migrated_sqlite, tmp_path / "kam.db")


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs twice: on a fresh SQLite file and on a clean PostgreSQL database,
    both at head (the migrations are tested from empty in test_migrations.py)."""
    if request.param == "sqlite":
        return sqlite_copy(request.getfixturevalue("migrated_sqlite"), tmp_path / "kam.db")
    url: str = request.getfixturevalue("postgres_url")
    try:
        _truncate_all(url)
    except psycopg.errors.UndefinedTable:
        pass
    return url


class Snapshots:
    """Databases filled once and copied for each test that starts from them (filling a company
    through the importers takes seconds; a copy a fraction of one). A SQLite file is copied; a
    PostgreSQL database becomes the template of a new one (CREATE DATABASE … TEMPLATE)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.databases: list[str] = []  # PostgreSQL databases made here, dropped at the end

    def save(self, url: str, name: str) -> str:
        """Keep the database at `url` as it is now (its services closed) under `name`."""
        if url.startswith("sqlite"):
            saved = self.directory / f"{name}.db"
            shutil.copyfile(url.removeprefix("sqlite+aiosqlite:///"), saved)
            return str(saved)
        source = url.rsplit("/", 1)[1]
        return self._create(f"{source}_{name}", template=source)

    def copy(self, saved: str, tmp_path: Path) -> str:
        """A database of this test's own holding what `save` kept; its URL."""
        if not saved.startswith("kam_test_"):
            return sqlite_copy(Path(saved), tmp_path / "kam.db")
        name = self._create(f"{saved}_copy", template=saved)
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace(
            "postgresql://", "postgresql+psycopg://"
        )
        return f"{base}/{name}"

    def _create(self, name: str, template: str) -> str:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        if name not in self.databases:
            self.databases.append(name)
        return name

    def drop(self) -> None:
        if not self.databases:
            return
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            for name in reversed(self.databases):  # the copies before their templates
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snapshots]:
    saved = Snapshots(tmp_path_factory.mktemp("snapshots"))
    try:
        yield saved
    finally:
        saved.drop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def services(database_url: str, clock: FakeClock) -> AsyncIterator[Services]:
    from services.bootstrap import bootstrap

    svc = await bootstrap(database_url=database_url, clock=clock, timezone="Asia/Shanghai")
    try:
        yield svc
    finally:
        await svc.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """The fake Telegram server (the emulator package), started, for the bot `tests.kit.TOKEN`."""
    from emulator import FakeTelegram
    from tests.kit import TOKEN

    server = FakeTelegram(token=TOKEN, bot_username="kam_test_bot")
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture(scope="session")
def samples_kb(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A knowledge base directory holding the sample handbooks (knowledge/samples), embedded once
    per run and shared by the xdist workers (a file lock; embedding them takes half a minute of
    CPU). Read-only: a test copies it (`shutil.copytree`) and opens its own copy."""
    from filelock import FileLock

    from knowledge import KnowledgeBase, KnowledgeConfig

    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # the directory all the workers' base temps are in
    directory = root / "samples-kb"
    with FileLock(str(root / "samples-kb.lock")):
        if not (root / "samples-kb.ready").exists():
            shutil.rmtree(directory, ignore_errors=True)
            samples = Path(__file__).resolve().parents[1] / "knowledge" / "samples"
            base = KnowledgeBase.open(KnowledgeConfig(directory=directory))
            try:
                reports, errors = base.ingest_paths([samples])
            finally:
                base.close()
            assert not errors and reports, (reports, errors)
            (root / "samples-kb.ready").touch()
    return directory
