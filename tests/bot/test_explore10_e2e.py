"""What demanding users met (explore10): a visit ahead told with its purpose is briefed on the
client it names, not refused under a name made of the client and the purpose."""

from __future__ import annotations

import pytest

from emulator import FakeTelegram
from services.bootstrap import Services
from tests.bot.conftest import InProcessBot
from tests.kit import LI, ZHANG, client, seed_team

pytestmark = pytest.mark.e2e


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.clients.upsert_rows(None, [
        client(2, "宝山钢铁股份有限公司", ZHANG, aliases=("宝钢",)),
        client(3, "华润万家（上海）有限公司", ZHANG, aliases=("华润万家",)),
        client(4, "华润电力（常熟）有限公司", LI, aliases=("华润电力",)),
    ])  # fmt: skip


async def test_a_visit_ahead_told_with_its_purpose_is_briefed_on_the_client_it_names(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # It said 没有找到您可以查看的客户“宝钢谈续约”.
    for text in ("明天下午去宝钢谈续约", "下周三去宝钢谈续约", "今天下午去宝钢谈一下续约"):
        fake.send_text(ZHANG, text)
        brief = await fake.wait_for(ZHANG)
        assert "📋 拜访简报 · 宝山钢铁股份有限公司" in brief.text, (text, brief.text)
        assert "宝钢谈" not in brief.text, brief.text
    # A colleague's client is still not briefed, and not named back as another's.
    fake.send_text(ZHANG, "明天去华润电力谈续约")
    other = await fake.wait_for(ZHANG)
    assert other.text == "没有找到您可以查看的客户“华润电力”。发送 /clients 查看您的客户。", (
        other.text
    )
    assert fake.rejected == []
