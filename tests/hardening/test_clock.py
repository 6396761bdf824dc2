"""The in-process bot runs on the test's clock, not the machine's: `E2E_START=2027-01-01T00:30+08:00
pytest tests/hardening` runs it as if at half past midnight on New Year's Day."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.storage.models import Visit
from tests.fakes import FakeClock
from tests.hardening.conftest import ZHANG, App, client, data_of, seed_team
from tests.kit import buttons

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def test_a_visit_reported_today_is_dated_on_the_tests_day(
    fake: FakeTelegram, app: App, app_services: Services, app_clock: FakeClock
) -> None:
    today = app_clock.now().astimezone(SHANGHAI).date()
    await seed_team(app_services)
    await app_services.clients.upsert_rows(None, [client(2, "华能南京电厂", ZHANG)])
    fake.send_text(ZHANG, "/visit 今天拜访了华能南京电厂，见了设备部张总，谈了二期扩容")
    card = await fake.wait_for(ZHANG, lambda m: bool(buttons(m)), timeout=15)
    assert today.isoformat() in card.text, card.text
    fake.press_button(ZHANG, card.message_id, data_of(card, "确认"))
    await fake.wait_for(ZHANG, lambda m: "已保存走访记录" in m.text, timeout=15)
    async with app_services.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.visited_on == today
