"""End-to-end fixtures: the real `kam run` process talking HTTP to the fake Telegram server."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.emulator import FakeTelegram
from services.bootstrap import Services, bootstrap

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz0123"


class BotProcess:
    """One `kam run` subprocess with its own data dir; its output is kept for the assertions."""

    def __init__(self, fake: FakeTelegram, data_dir: Path, database_url: str, **env: str) -> None:
        self.fake = fake
        self.data_dir = data_dir
        self.database_url = database_url
        self.extra_env = env
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / "process.log"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KAM_", "TELEGRAM_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            KAM_TELEGRAM_API_URL=self.fake.api_url,
            KAM_TELEGRAM_FILE_URL=self.fake.file_url,
            KAM_DATA_DIR=str(self.data_dir),
            KAM_DATABASE_URL=self.database_url,
            KAM_LOG_LEVEL="DEBUG",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    async def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        before = len(self.fake.request_log)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=self.data_dir, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
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


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram(token=TOKEN, bot_username="kam_test_bot")
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def e2e_database_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'kam.db'}"


@pytest.fixture
async def seeded(e2e_database_url: str) -> AsyncIterator[Services]:
    """The services on the bot's database, for seeding data before the bot starts."""
    services = await bootstrap(database_url=e2e_database_url)
    try:
        yield services
    finally:
        await services.close()


@pytest.fixture
async def bot(
    fake: FakeTelegram, tmp_path: Path, e2e_database_url: str
) -> AsyncIterator[BotProcess]:
    process = BotProcess(fake, tmp_path / "data", e2e_database_url)
    try:
        yield process
    finally:
        await process.stop()
