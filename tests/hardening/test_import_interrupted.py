"""An import killed half-way is taken back at the next start (and its sender told); a running
import can be cancelled from its progress message, by its sender only."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import BotConfig, build_application
from bot.runtime import start_application, stop_application
from emulator import FakeTelegram
from services.bootstrap import Services, bootstrap
from services.domain import Role
from services.errors import ImportCancelled
from services.storage.models import AuditEntry, Client, Contact, Visit
from tests.hardening.conftest import ADMIN, ZHANG, App, data_of, seed_team
from tests.kit import TOKEN

ROOT = Path(__file__).resolve().parents[2]
OTHER_ADMIN = 1002

# A client import in its own process, slowed between batches the way a large file is slow, so
# that the test can kill it while it is half written.
IMPORTER = textwrap.dedent(
    """
    import asyncio, sys
    from services.bootstrap import bootstrap
    from services.clients import ClientService
    from tests.kit import ADMIN, ZHANG, client

    async def main() -> None:
        services = await bootstrap(database_url=sys.argv[1], timezone="Asia/Shanghai")
        async def slowly(self: ClientService) -> None:
            print("batch", flush=True)
            await asyncio.sleep(0.3)
        ClientService._batch_written = slowly
        admin = await services.users.resolve_actor(ADMIN)
        rows = [client(n + 2, f"导入客户{n}有限公司", ZHANG) for n in range(1000)]
        await services.clients.upsert_rows(admin, rows, batch=50)
        print("finished", flush=True)

    asyncio.run(main())
    """
)


async def count(services: Services, model: type, *where: object) -> int:
    async with services.db.read() as session:
        query = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
        return int((await session.execute(query)).scalar_one())


async def test_a_client_import_killed_half_way_is_taken_back_at_start_and_its_sender_told(
    database_url: str, fake: FakeTelegram
) -> None:
    services = await bootstrap(database_url=database_url, timezone="Asia/Shanghai")
    await seed_team(services)
    before = await count(services, Client)
    importer = await asyncio.create_subprocess_exec(
        sys.executable, "-c", IMPORTER, database_url, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )  # fmt: skip
    assert importer.stdout is not None
    for _ in range(3):  # three batches written (and committed), then kill -9
        assert (await asyncio.wait_for(importer.stdout.readline(), 60)) == b"batch\n"
    os.killpg(importer.pid, signal.SIGKILL)  # the process and its worker, as systemd would
    await asyncio.wait_for(importer.wait(), 30)
    hidden = await count(services, Client, Client.import_id.is_not(None))
    assert hidden >= 150  # the leftovers: clients nobody can see, their names taken

    fake.send_text(ADMIN, "/help")  # the admin has talked to the bot before
    app: App = build_application(
        services, BotConfig(TOKEN, fake.api_url, fake.file_url, reminder_sweep_seconds=3600)
    )
    await start_application(app)
    try:
        told = await fake.wait_for(ADMIN, lambda m: "没有导入任何数据" in m.text)
        assert "重启" in told.text and "重新发送" in told.text
        assert await count(services, Client) == before
        assert await count(services, Client, Client.import_id.is_not(None)) == 0
        assert await count(services, Contact) == 0
        assert await count(services, AuditEntry, AuditEntry.action == "import_create") == 0
        # The file sent again is imported whole and every client is visible.
        fake.send_document(ADMIN, "clients.csv", clients_csv(1000))
        done = await fake.wait_for(ADMIN, lambda m: "导入完成" in m.text, timeout=60)
        assert "新增 1000 个客户" in done.text
        fake.send_text(ZHANG, "/client 导入客户999有限公司")
        assert "导入客户999有限公司" in (await fake.wait_for(ZHANG)).text
    finally:
        await stop_application(app)


def clients_csv(rows: int, *, start: int = 0) -> bytes:
    lines = ["客户名称,客户经理ID,行业"]
    lines += [f"导入客户{n}有限公司,{ZHANG},电力" for n in range(start, start + rows)]
    return ("\n".join(lines) + "\n").encode()


async def test_the_sender_cancels_a_running_import_from_its_message_and_nothing_stays(
    app: App, app_services: Services, fake: FakeTelegram, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL writes an import in one transaction: no batch to stop between")
    services = app_services
    await seed_team(services)
    await services.users.add_user(telegram_id=OTHER_ADMIN, name="管理员二", role=Role.ADMIN,
                                  team=None)  # fmt: skip
    before = await count(services, Client)
    written, go_on = asyncio.Event(), asyncio.Event()

    async def between_batches() -> None:  # hold the import after its first batch
        written.set()
        await go_on.wait()

    services.clients._batch_written = between_batches  # type: ignore[method-assign]
    try:
        fake.send_document(ADMIN, "clients.csv", clients_csv(600))
        # Reading the file starts a worker process first: seconds on a busy machine.
        working = await fake.wait_for(ADMIN, lambda m: "正在导入客户文件" in m.text, timeout=60)
        cancel = data_of(working, "取消导入")
        await asyncio.wait_for(written.wait(), 30)
        assert await count(services, Client, Client.import_id.is_not(None)) == 250

        # Another admin (a forged press in the sender's chat) and a manager cannot cancel it.
        for user in (OTHER_ADMIN, ZHANG):
            fake.press_button(user, working.message_id, cancel, chat_id=ADMIN)
        await wait_answers(fake, 2)
        assert [a.text for a in fake.callback_answers] == [
            "只有发送该文件的管理员可以取消这次导入。"
        ] * 2
        fake.press_button(ADMIN, working.message_id, cancel)
        await wait_answers(fake, 3)
        go_on.set()
        result = await fake.wait_for(ADMIN, lambda m: "取消" in m.text and m.kind == "edit")
        assert "已取消导入" in result.text and "没有导入任何数据" in result.text
        assert not result.reply_markup  # the button is gone with the work
        assert await count(services, Client) == before
        assert await count(services, AuditEntry, AuditEntry.action == "import_create") == 0
        # The button pressed again, after the end: told so, nothing else happens.
        fake.press_button(ADMIN, working.message_id, cancel, forge=True)
        await wait_answers(fake, 4)
        assert fake.callback_answers[-1].text == "导入已经结束，无法取消。"
    finally:
        go_on.set()  # never leave the import held (the bot's stop waits for it)


async def wait_answers(fake: FakeTelegram, n: int) -> None:
    for _ in range(500):
        if len(fake.callback_answers) >= n:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{len(fake.callback_answers)} button answers, expected {n}")


async def test_a_visit_import_stopped_by_its_cancel_switch_takes_back_its_batches(
    services: Services,
) -> None:
    from tests.hardening.test_import_batches import people, until_written, visit_rows

    _, zhang = await people(services)
    cancel = asyncio.Event()
    importing = asyncio.create_task(
        services.visit_import.import_rows(None, visit_rows(1500), batch=100, cancel=cancel)
    )
    await until_written(services, importing, 0, Visit)
    cancel.set()  # the sender pressed the button
    with pytest.raises(ImportCancelled):
        await importing
    assert await count(services, Visit) == 0
    hits = await services.clients.search(zhang, "华能")
    assert (await services.clients.card(zhang, hits[0].id)).last_visit_on is None
