"""Start-up failures as an operator sees them on stderr: one line each, never the token.

Only a process shows this (what systemd or Docker keep is the process's stderr), so these tests
start `kam run` (the retry's default delay is read in-process); everything else in this folder
runs the Application in the test's own process.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.runtime import wait_for_telegram
from config.settings import load_settings
from emulator import FakeTelegram
from tests.kit import process_environment

TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz0123"


def environment(data_dir: Path, api_url: str, **extra: str) -> dict[str, str]:
    env = process_environment()
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN, KAM_TELEGRAM_API_URL=api_url,
        KAM_TELEGRAM_FILE_URL=api_url.replace("/bot", "/file/bot"), KAM_DATA_DIR=str(data_dir),
        KAM_DATABASE_URL=f"sqlite+aiosqlite:///{data_dir / 'kam.db'}", PYTHONUNBUFFERED="1",
    )  # fmt: skip
    env.update(extra)
    return env


def kam_run(env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"], cwd=cwd, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_rejected_token_is_one_line_on_stderr_without_the_token(tmp_path: Path) -> None:
    fake = FakeTelegram(token="555555555:OTHER-token-abcdefghijklmnopqrstuvwxyz")
    await fake.start()
    try:
        proc = kam_run(environment(tmp_path, fake.api_url), tmp_path)
        out, err = await asyncio.to_thread(proc.communicate, timeout=60)
    finally:
        await fake.stop()
    assert proc.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "TELEGRAM_BOT_TOKEN" in lines[0] and "rejected" in lines[0]
    for stream in (out, err, (tmp_path / "logs" / "kam.log").read_text(encoding="utf-8")):
        assert TOKEN not in stream and TOKEN.split(":")[1] not in stream


async def test_a_wrong_database_port_is_one_line(tmp_path: Path) -> None:
    fake = FakeTelegram(token=TOKEN)
    await fake.start()
    try:
        env = environment(
            tmp_path, fake.api_url,
            KAM_DATABASE_URL=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test",
        )  # fmt: skip
        proc = kam_run(env, tmp_path)
        _, err = await asyncio.to_thread(proc.communicate, timeout=60)
    finally:
        await fake.stop()
    assert proc.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Connection refused" in lines[0], err


async def test_telegram_unreachable_at_start_is_retried_with_one_line_each_until_it_answers(
    tmp_path: Path,
) -> None:
    port = free_port()
    fake = FakeTelegram(token=TOKEN)
    # The first retry after 0.2 s instead of a second, then twice as long each time.
    env = environment(tmp_path, f"http://127.0.0.1:{port}/bot", KAM_TELEGRAM_RETRY_SECONDS="0.2")
    proc = kam_run(env, tmp_path)
    assert proc.stderr is not None
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()

    def retries() -> list[str]:
        return [line for line in err if "Telegram API unreachable" in line]

    try:
        deadline = time.monotonic() + 120  # the start after the retries loads the model stack
        while len(retries()) < 2:  # Telegram is down for two attempts
            assert time.monotonic() < deadline and proc.poll() is None, "".join(err)
            await asyncio.sleep(0.1)
        await fake.start(port=port)
        while not any(m == "getUpdates" for m, _ in fake.request_log):
            assert time.monotonic() < deadline and proc.poll() is None, "".join(err)
            await asyncio.sleep(0.1)
    finally:
        proc.terminate()
        await asyncio.to_thread(proc.wait, 30)
        await asyncio.to_thread(reader.join, 10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
        await fake.stop()
    assert "retrying in 0.2 s" in retries()[0] and "retrying in 0.4 s" in retries()[1]
    assert all(len(line.strip().splitlines()) == 1 for line in retries())
    text = "".join(err)
    assert "Traceback" not in text and TOKEN not in text


async def test_by_default_telegram_unreachable_at_start_is_retried_after_1_then_2_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("KAM_TELEGRAM_RETRY_SECONDS", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env file
    first_delay = load_settings().telegram_retry_seconds
    url = f"http://127.0.0.1:{free_port()}/bot"
    with caplog.at_level(logging.WARNING, logger="kam.runtime"):
        waiting = asyncio.create_task(wait_for_telegram(TOKEN, url, first_delay=first_delay))
        try:
            async with asyncio.timeout(30):
                while len(caplog.records) < 2:  # noqa: ASYNC110 (log records, no event to wait on)
                    await asyncio.sleep(0.05)
        finally:
            waiting.cancel()
    first, second = (record.getMessage() for record in caplog.records[:2])
    assert "Telegram API unreachable" in first and "retrying in 1 s" in first
    assert "retrying in 2 s" in second
