"""A contact named with a short title that is part of the filed one ("周蕾主任", "Director Zhou")
is shown and saved with the title the client's file gives, not the shorter word typed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.storage.models import Visit
from tests.bot.conftest import InProcessBot
from tests.bot.test_explore3_e2e import seed
from tests.bot.test_visits_complaints_e2e import press
from tests.kit import ZHANG

pytestmark = pytest.mark.e2e


async def test_a_short_title_typed_for_a_filed_contact_is_saved_as_filed(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "今天上午去了宝钢，见了周蕾主任，谈了物联网卡续约")
    card = await fake.wait_for(ZHANG, lambda m: "草稿" in m.text)
    # It showed and saved "周蕾（主任）" while the file says 信息化办公室主任.
    assert "周蕾（信息化办公室主任）" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(
        ZHANG, "Visited Baosteel this morning, met Director Zhou, talked about the renewal"
    )
    card = await fake.wait_for(ZHANG, lambda m: "draft" in m.text)
    assert "信息化办公室主任" in card.text and "Director" not in card.text, card.text
    await press(fake, ZHANG, card, "Confirm")
    assert "#" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visits = (await session.execute(select(Visit).order_by(Visit.id))).scalars().all()
    assert [v.people for v in visits] == [[{"name": "周蕾", "title": "信息化办公室主任"}]] * 2
    assert fake.rejected == []
