"""Everything from the network is validated before use: forged buttons, over-long commands, broken files.

A forged button is what a tampering client sends: any callback data up to 64 bytes on any message
of the bot. It must get the same checks as what a user types, and a polite answer.
"""

from __future__ import annotations

import asyncio
import io
import logging

import openpyxl
import pytest
from sqlalchemy import func, select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.storage.models import Visit
from tests.hardening.conftest import ADMIN, ZHANG, App, client, data_of, seed_team

HUGE = "9" * 23
APOLOGY = "抱歉，处理您的请求时出了问题"


@pytest.mark.parametrize(
    "data",
    [f"client:{HUGE}", f"cp:{HUGE}:respond", f"vs:{HUGE}:del", f"rm:{HUGE}:d", f"rl:1:z7:{HUGE}",
     f"sm:c:{HUGE}", "sm:l:v:week:0:-1", "client:-1", "client:０１", f"hi:k:{HUGE}:0",
     "hi:x:1:0", "hi:k:1:-1", "hi:k:1:９", "hi:k:1:99999", "hi:v:0:0", "hi:c:1"],
)  # fmt: skip
async def test_a_forged_button_with_a_huge_or_odd_id_is_answered_as_stale(
    fake: FakeTelegram, app: App, app_services: Services, data: str,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    await seed_team(app_services)
    fake.send_text(ZHANG, "/help")
    menu = await fake.wait_for(ZHANG, timeout=10)
    with caplog.at_level(logging.ERROR):
        fake.press_button(ZHANG, menu.message_id, data, forge=True)
        for _ in range(200):  # the answer, however busy the machine (a quiet spell is not enough)
            if fake.callback_answers:
                break
            await asyncio.sleep(0.05)
        await fake.wait_idle(quiet=0.3, timeout=10)
    assert [a.text for a in fake.callback_answers] == ["这个按钮已失效，请重新操作。"]
    assert not [m for m in fake.messages_to(ZHANG) if APOLOGY in m.text]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_an_over_long_time_zone_is_refused_politely(
    fake: FakeTelegram, app: App, app_services: Services
) -> None:
    await seed_team(app_services)
    fake.send_text(ZHANG, "/tz Asia/" + "x" * 300)
    answer = await fake.wait_for(ZHANG, timeout=10)
    assert "不认识时区" in answer.text and len(answer.text) < 200
    fake.send_text(ZHANG, "/tz ../../../../etc/passwd")
    assert "不认识时区" in (await fake.wait_for(ZHANG, timeout=10)).text
    fake.send_text(ZHANG, "/tz 柏林")
    assert "Europe/Berlin" in (await fake.wait_for(ZHANG, timeout=10)).text


async def test_a_forged_date_button_meets_the_typed_date_rules(
    fake: FakeTelegram, app: App, app_services: Services
) -> None:
    await seed_team(app_services)
    await app_services.clients.upsert_rows(None, [client(2, "华能南京电厂", ZHANG)])
    fake.send_text(ZHANG, "/visit")
    ask_client = await fake.wait_for(ZHANG, timeout=10)
    fake.press_button(ZHANG, ask_client.message_id, data_of(ask_client, "华能南京电厂"))
    ask_when = await fake.wait_for(ZHANG, lambda m: "什么时候" in m.text, timeout=10)
    today = data_of(ask_when, "今天")
    token = today.split(":")[1]

    async def answered(action: object, expected: str) -> None:
        assert action is not None
        await fake.wait_for(ZHANG, lambda m: expected in m.text, timeout=15)

    await answered(
        fake.press_button(ZHANG, ask_when.message_id, f"fl:{token}:d:36500", forge=True), "无法补录"
    )
    # Typed, the same date is refused the same way.
    await answered(fake.send_text(ZHANG, "2024-03-05"), "无法补录")
    await answered(
        fake.press_button(ZHANG, ask_when.message_id, f"fl:{token}:d:{HUGE}", forge=True), "失效"
    )
    await fake.wait_idle(quiet=0.5, timeout=15)
    async with app_services.db.read() as session:
        assert (await session.execute(select(func.count()).select_from(Visit))).scalar_one() == 0


def truncated_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["客户名称", "客户经理ID"])
    for n in range(300):
        sheet.append([f"客户{n}", ZHANG])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()[: len(out.getvalue()) // 2]


async def test_a_truncated_workbook_ends_its_progress_message_with_a_result(
    fake: FakeTelegram, app: App, app_services: Services
) -> None:
    await seed_team(app_services)
    fake.send_document(ADMIN, "clients.xlsx", truncated_workbook())
    await fake.wait_for(ADMIN, lambda m: m.kind == "edit", timeout=60)
    await fake.wait_idle(quiet=0.3, timeout=10)
    shown = fake.messages_to(ADMIN)
    # One message, edited from "importing…" into the result: nothing left hanging.
    assert len({m.message_id for m in shown}) == 1, [m.text for m in shown]
    assert "没有导入" in shown[-1].text and "无法读取" in shown[-1].text, shown[-1].text
