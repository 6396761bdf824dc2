"""End-to-end fixtures: the real bot talking HTTP to the fake Telegram server (emulator).

Two ways to run the bot; prefer the first:

- `in_process_bot` (an `InProcessBot`): the real python-telegram-bot Application built by the
  composition root (every handler, the access gate, the error funnel, the rate limiter, the
  outbox), polling the emulator over HTTP in the test's own event loop. It runs on `seeded`, the
  services the test seeds data with: a fake clock (`bot_clock`, set to the real time when the
  test starts; move it with `bot_clock.advance(...)`), the knowledge base opened once per session
  (`shared_kb`), no quiet hours and the digest twelve hours away. Nothing sweeps on a timer:
  `await in_process_bot.sweep()` runs the outbox (reminders, alerts) once, then its messages
  have been sent. Starting it takes milliseconds.
- `ComposedBot`: what `kam run` runs, in this process: settings read from a `BotProcess`'s
  environment, services and Application from the composition root (`bot.runtime.compose`).
  Stopping and starting it again is a restart (new services and Application, same database).
- `bot` (a `BotProcess`): a `kam run` subprocess with its own settings from the environment. It
  loads the model, Chroma and jieba (seconds per start): keep it for what only a process shows
  (SIGKILL, two processes, what reaches stderr and the log files).

A test on a fake clock reads its dates from that clock (never from `datetime.now()`), so it passes
whatever the time of day: `E2E_START=2027-01-01T00:30+08:00 pytest tests/bot` runs them as if then.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.config import BotConfig
from bot.handlers.jobs import send_outbox
from bot.runtime import bot_config, compose, start_application, stop_application, wiring
from config.settings import load_settings
from emulator import FakeTelegram
from knowledge import KnowledgeBase, KnowledgeConfig
from services.bootstrap import Services, bootstrap
from services.reminders.kinds import ReminderConfig
from tests.assistant_fakes import FakeOpenAI
from tests.bot.clocked_kam import clock_spec
from tests.fakes import FakeClock
from tests.kit import TOKEN, process_environment, sqlite_copy

ROOT = Path(__file__).resolve().parents[2]
CLOCKED_KAM = Path(__file__).with_name("clocked_kam.py")  # `kam` on a test's clock
SWEPT = "outbox swept by the timer"  # what the bot logs (DEBUG) after each timed outbox sweep


def bot_environment(
    fake: FakeTelegram, data_dir: Path, database_url: str, **extra: str
) -> dict[str, str]:
    """This environment without its KAM_ and TELEGRAM_ settings, then the bot's on the emulator."""
    env = process_environment()
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        KAM_TELEGRAM_API_URL=fake.api_url,
        KAM_TELEGRAM_FILE_URL=fake.file_url,
        KAM_DATA_DIR=str(data_dir),
        KAM_DATABASE_URL=database_url,
        KAM_LOG_LEVEL="DEBUG",
        # A test user answers at once: Telegram's one message a second per chat is not waited
        # out (InProcessBot below shrinks it the same way).
        KAM_PRIVATE_CHAT_INTERVAL_SECONDS="0.01",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class BotProcess:
    """One `kam run` subprocess with its own data dir; its output is kept for the assertions.

    With a `clock` (the test's `bot_clock`), the process's clock reads what that one reads when
    the process starts, and runs on from there in real time (`clocked_kam.py`): the process and
    the test agree on the day and the hour, and E2E_START moves both."""

    startup_seconds = 120.0  # importing the model stack on a machine shared with other work

    def __init__(
        self,
        fake: FakeTelegram,
        data_dir: Path,
        database_url: str,
        clock: FakeClock | None = None,
        **env: str,
    ) -> None:
        self.fake = fake
        self.data_dir = data_dir
        self.database_url = database_url
        self.clock = clock
        self.extra_env = env
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / "process.log"

    def environment(self) -> dict[str, str]:
        env = bot_environment(self.fake, self.data_dir, self.database_url, **self.extra_env)
        if self.clock is not None:
            env["E2E_CLOCK"] = clock_spec(self.clock.now())
        return env

    def command(self) -> list[str]:
        """`kam run`, on the test's clock when one was given."""
        return [sys.executable, str(CLOCKED_KAM), "run"]

    async def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        before = len(self.fake.request_log)
        with self.log_path.open("ab") as log:  # the child keeps its own copy of the handle
            self.proc = subprocess.Popen(
                self.command(),
                cwd=self.data_dir, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + self.startup_seconds
        while time.monotonic() < deadline:
            if any(m == "getUpdates" for m, _ in self.fake.request_log[before:]):
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"kam run exited early:\n{self.output()}")
            await asyncio.sleep(0.1)
        raise AssertionError(f"kam run did not start polling:\n{self.output()}")

    async def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(sig)
        for _ in range(150):
            if self.proc.poll() is not None:
                break
            await asyncio.sleep(0.1)
        else:
            self.proc.kill()
            self.proc.wait()

    def output(self) -> str:
        return (
            self.log_path.read_text(encoding="utf-8", errors="replace")
            if self.log_path.exists()
            else ""
        )

    def sweeps(self) -> int:
        """The outbox sweeps its timer has run so far (its log, at DEBUG)."""
        return self.output().count(SWEPT)


class SweepCounter(logging.Handler):
    """The outbox sweeps a bot composed in this process has run on its timer: counted from
    `attach()` (when it starts) to `detach()` (when it stops)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0
        self._level = logging.NOTSET

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(SWEPT):
            self.count += 1

    def attach(self) -> None:
        logger = logging.getLogger("kam.jobs")
        self._level = logger.level
        logger.addHandler(self)
        logger.setLevel(logging.DEBUG)

    def detach(self) -> None:
        logger = logging.getLogger("kam.jobs")
        if self in logger.handlers:
            logger.removeHandler(self)
            logger.setLevel(self._level)


class ComposedBot:
    """What `kam run` runs, in this process: the settings read from the same environment a
    `BotProcess` gets, then the services and the Application built by the composition root
    (`bot.runtime.compose`), polling the emulator. `stop()` shuts both down (the services close);
    `start()` again builds new ones on the same database: a restart, without the seconds a new
    process spends loading the model, Chroma and jieba."""

    def __init__(
        self,
        fake: FakeTelegram,
        data_dir: Path,
        database_url: str,
        clock: FakeClock | None = None,
        **env: str,
    ) -> None:
        self.fake = fake
        self.data_dir = data_dir
        self.database_url = database_url
        self.clock = clock  # None: the system's, as `kam run`
        self.extra_env = env
        self.app: Application[Any, Any, Any, Any, Any, Any] | None = None
        self._sweeps = SweepCounter()

    async def start(self) -> None:
        assert self.app is None, "already started"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = bot_environment(self.fake, self.data_dir, self.database_url, **self.extra_env)
        with patch.dict(os.environ, env, clear=True):
            settings = load_settings()
        self.app = await compose(settings, wiring(settings), bot_config(settings), self.clock)
        self._sweeps.attach()
        await start_application(self.app)

    async def stop(self) -> None:
        if self.app is not None:
            app, self.app = self.app, None
            await stop_application(app)  # closes its services too
            self._sweeps.detach()

    def sweeps(self) -> int:
        """The outbox sweeps its timer has run so far (over all its starts)."""
        return self._sweeps.count

    async def sweep(self, times: int = 1) -> None:
        """Outbox sweeps now, as its timer runs them (KAM_REMINDER_SWEEP_SECONDS), one by one."""
        assert self.app is not None, "start the bot first"
        for _ in range(times):
            await send_outbox(self.app)


@pytest.fixture
def e2e_database_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    """The bot's database in its data dir (tmp_path/data/kam.db), at head."""
    return sqlite_copy(migrated_sqlite, tmp_path / "data" / "kam.db")


@pytest.fixture(scope="session")
def shared_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """An empty knowledge base (like a fresh `kam run`'s), opened once for the whole session.

    Shared: a test that ingests into it must remove what it added."""
    base = KnowledgeBase.open(KnowledgeConfig(directory=tmp_path_factory.mktemp("e2e") / "kb"))
    try:
        yield base
    finally:
        base.close()


def start_time() -> datetime:
    """When a test's fake clock starts: now, or E2E_START (an ISO time with its zone, e.g.
    2027-01-01T00:30+08:00) to run the tests as if at that moment (midnight, a Monday, the
    first of a month, New Year's Eve)."""
    at = os.environ.get("E2E_START")
    return datetime.fromisoformat(at).astimezone(UTC) if at else datetime.now(UTC)


@pytest.fixture
def bot_clock() -> FakeClock:
    """The in-process bot's clock: the real time when the test starts (see `start_time`), then
    moved by hand."""
    return FakeClock(start_time())


def reminder_test_config(clock: FakeClock) -> ReminderConfig:
    """Quiet hours off, the digest twelve hours away and every day alike (a Sunday or a holiday
    too): what is sent depends only on the data."""
    digest = (clock.now().astimezone(ZoneInfo("Asia/Shanghai")) + timedelta(hours=12)).time()
    return ReminderConfig(quiet_hours=None, digest_time=digest.replace(second=0, microsecond=0),
                          working_days_only=False)  # fmt: skip


@pytest.fixture
async def seeded(
    e2e_database_url: str, bot_clock: FakeClock, shared_kb: KnowledgeBase
) -> AsyncIterator[Services]:
    """The services on the bot's database, for seeding data before the bot starts; the
    in-process bot runs on these same services."""
    services = await bootstrap(
        database_url=e2e_database_url, clock=bot_clock, knowledge_base=shared_kb,
        reminders=reminder_test_config(bot_clock),
    )  # fmt: skip
    try:
        yield services
    finally:
        await services.close()


class InProcessBot:
    """The real Application on `services`, polling the emulator in this event loop."""

    def __init__(self, fake: FakeTelegram, services: Services, **config: Any) -> None:
        self.fake = fake
        self.services = services
        # A private chat's limit shrunk from one message a second: a test user answers at once.
        config = {"run_jobs": False, "private_chat_interval": 0.01, **config}
        self.config = BotConfig(TOKEN, fake.api_url, fake.file_url, **config)
        self.app: Application[Any, Any, Any, Any, Any, Any] | None = None

    async def start(self) -> None:
        assert self.app is None, "already started"
        self.app = build_application(self.services, self.config)
        await start_application(self.app)

    async def stop(self) -> None:
        if self.app is not None:
            app, self.app = self.app, None
            await stop_application(app)

    async def sweep(self) -> int:
        """One outbox sweep, as the scheduler would run it; returns the messages sent."""
        assert self.app is not None, "start the bot first"
        return await send_outbox(self.app)


@pytest.fixture
async def in_process_bot(fake: FakeTelegram, seeded: Services) -> AsyncIterator[InProcessBot]:
    """The real bot in this test's event loop, on `seeded` (see the module docstring)."""
    bot = InProcessBot(fake, seeded)
    try:
        yield bot
    finally:
        await bot.stop()


@pytest.fixture
async def bot(
    fake: FakeTelegram, tmp_path: Path, e2e_database_url: str, bot_clock: FakeClock
) -> AsyncIterator[BotProcess]:
    """A `kam run` process on the test's clock (`bot_clock`, running on from its reading)."""
    process = BotProcess(fake, tmp_path / "data", e2e_database_url, clock=bot_clock)
    try:
        yield process
    finally:
        await process.stop()


@pytest.fixture
async def llm() -> AsyncIterator[FakeOpenAI]:
    """A fake OpenAI-compatible model server (scripted answers, every request kept)."""
    server = FakeOpenAI()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
