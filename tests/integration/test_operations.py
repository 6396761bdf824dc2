"""Operating a deployment: backup then restore gives the same data and answers; kam doctor's checks."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot import ops
from bot.runtime import make_services, wiring
from config.settings import Settings, load_settings
from emulator import FakeTelegram
from services.bootstrap import Services
from services.demo import load_demo
from services.domain import Actor
from services.operations import head_revision
from tests.bot.conftest import TOKEN
from tests.integration.test_visits import _log, _people
from tests.knowledge.conftest import HANDBOOK as KB_HANDBOOK

QUESTION = "信誉评价较差的客户多久走访一次？"


@pytest.fixture
def clean_env() -> Iterator[None]:
    """Settings come from these tests' arguments only, not from the developer's environment."""
    saved = {k: v for k, v in os.environ.items() if k.startswith(("KAM_", "TELEGRAM_"))}
    for key in saved:
        del os.environ[key]
    try:
        yield
    finally:
        os.environ.update(saved)


def settings_for(data_dir: Path, **values: object) -> Settings:
    return load_settings(_env_file=None, data_dir=data_dir, **values)


async def _snapshot(services: Services, actor: Actor) -> tuple[object, ...]:
    clients = sorted((c.name, c.credit_rating) for c in await _clients(services))
    visits = [
        (v.id, v.client_id, v.visited_on, v.summary) for v in await services.visits.recent(actor)
    ]
    assert services.knowledge is not None
    answer = services.knowledge.answer(QUESTION)
    return clients, visits, answer.text, [p.chunk_id for p in answer.sources]


async def _clients(services: Services) -> list[object]:
    from sqlalchemy import select

    from services.storage.models import Client

    async with services.db.read() as session:
        return list((await session.scalars(select(Client))).all())


@pytest.mark.slow
def test_backup_then_restore_into_a_fresh_data_dir_gives_the_same_clients_visits_and_answers(
    tmp_path: Path, clean_env: None
) -> None:
    source = settings_for(tmp_path / "live")

    async def seed() -> tuple[object, ...]:
        services = await make_services(source, wiring(source))
        try:
            today = services.clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date()
            await load_demo(
                services.db, services.users, services.visit_import, today, "Asia/Shanghai"
            )
            assert services.knowledge is not None
            services.knowledge.ingest_bytes("handbook.md", KB_HANDBOOK.encode())
            zhang, _ = await _people(services)
            await _log(services, zhang, "今天上午拜访了华能电厂，见了设备部张总，谈了二期扩容")
            return await _snapshot(services, zhang)
        finally:
            await services.close()

    before = asyncio.run(seed())
    lines: list[str] = []
    assert ops.backup(source, tmp_path / "backup", out=lines.append) == 0
    assert any(re.search(r"\b[1-9]\d* visits", line) for line in lines), lines

    fresh = settings_for(tmp_path / "fresh")
    assert ops.restore(fresh, tmp_path / "backup", out=lines.append) == 0

    async def read() -> tuple[object, ...]:
        services = await make_services(fresh, wiring(fresh))
        try:
            zhang = await services.users.resolve_actor(11)
            assert zhang is not None
            return await _snapshot(services, zhang)
        finally:
            await services.close()

    after = asyncio.run(read())
    assert after == before
    assert before[1] and "走访" in str(before[2])  # a visit and a real answer were compared
    # A second restore onto the data it just wrote is refused rather than overwriting it.
    with pytest.raises(ops.OpsError, match="fresh data directory"):
        ops.restore(fresh, tmp_path / "backup", out=lines.append)


def test_backup_refuses_a_folder_that_already_holds_files(tmp_path: Path, clean_env: None) -> None:
    target = tmp_path / "backup"
    target.mkdir()
    (target / "other.txt").write_text("keep me")
    with pytest.raises(ops.OpsError, match="not empty"):
        ops.backup(settings_for(tmp_path / "data"), target, out=lambda _: None)
    assert (target / "other.txt").read_text() == "keep me"


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path: Path, clean_env: None) -> None:
    with pytest.raises(ops.OpsError, match="not a backup"):
        ops.restore(settings_for(tmp_path / "data"), tmp_path, out=lambda _: None)


async def test_doctor_prints_one_line_per_check_and_fails_on_a_refused_token(
    tmp_path: Path, clean_env: None
) -> None:
    fake = FakeTelegram(token=TOKEN, bot_username="kam_doctor_bot")
    await fake.start()
    try:
        good = settings_for(
            tmp_path / "data", telegram_bot_token=TOKEN, telegram_api_url=fake.api_url,
            admin_ids="42",
        )  # fmt: skip
        services = await make_services(good, wiring(good), with_knowledge=False)
        await services.close()
        lines: list[str] = []
        code = await asyncio.to_thread(ops.doctor, good, out=lines.append)
        assert code == 0, lines
        by_name = {line.split(":")[0].split()[-1]: line for line in lines[:-1]}
        assert lines[-1] == "6 checks, all passed"
        assert (
            by_name["database"].startswith("OK")
            and f"schema {head_revision()} (newest)" in by_name["database"]
        )
        assert by_name["telegram"].startswith("OK") and "@kam_doctor_bot" in by_name["telegram"]
        assert by_name["base"].startswith("OK")  # "knowledge base: 0 documents ..."

        wrong = settings_for(
            tmp_path / "data", telegram_bot_token="123456789:WRONG-token-abcdefghijklmnopqrstuvw",
            telegram_api_url=fake.api_url, admin_ids="42",
        )  # fmt: skip
        lines = []
        code = await asyncio.to_thread(ops.doctor, wrong, out=lines.append)
        assert code == 1
        assert any(line.startswith("FAIL  telegram: the token was refused") for line in lines)
        assert lines[-1] == "6 checks, 1 failed"
    finally:
        await fake.stop()


async def test_doctor_warns_when_telegram_has_lost_the_replicas_webhook(
    tmp_path: Path, clean_env: None
) -> None:
    # Before, "webhook registered: none" was an OK line under "all passed", while no update
    # reached the replicas.
    fake = FakeTelegram(token=TOKEN)
    await fake.start()
    try:
        settings = settings_for(
            tmp_path / "data", telegram_bot_token=TOKEN, telegram_api_url=fake.api_url,
            webhook_url="https://kam.example.com/", webhook_secret="s",
        )  # fmt: skip
        lost = await asyncio.to_thread(ops._check_telegram, settings, "en")
        assert lost.status == "warn"
        assert "updates do not reach https://kam.example.com/telegram" in lost.detail
        async with httpx.AsyncClient() as client:
            await client.post(f"{fake.api_url}{TOKEN}/setWebhook",
                              data={"url": "https://kam.example.com/telegram"})  # fmt: skip
        found = await asyncio.to_thread(ops._check_telegram, settings, "en")
        assert found.status == "ok", found.detail
    finally:
        await fake.stop()


def test_doctor_does_not_say_all_passed_when_checks_warn(tmp_path: Path, clean_env: None) -> None:
    # Before, a fresh setup with no token and no admin printed two WARN lines, then
    # "6 checks, all passed": the operator read it as nothing left to do.
    lines: list[str] = []
    code = ops.doctor(settings_for(tmp_path / "data"), out=lines.append)
    assert code == 0, lines
    warned = [line for line in lines[:-1] if line.startswith("WARN")]
    assert warned and "all passed" not in lines[-1]
    assert lines[-1] == f"6 checks, none failed, {len(warned)} warnings (WARN above)", lines
