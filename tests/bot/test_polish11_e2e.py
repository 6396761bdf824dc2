"""What a polish pass found (polish11): the English client card wrote its values in lower case
(Tier: important, Credit rating: medium) under complaint cards that capitalise theirs (Severity:
High, Category: Billing)."""

from __future__ import annotations

import pytest

from emulator import FakeTelegram
from services.bootstrap import Services
from services.domain import CreditRating, Strategy, Tier
from tests.bot.conftest import InProcessBot
from tests.kit import ZHANG, client, seed_team

pytestmark = pytest.mark.e2e


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.clients.upsert_rows(None, [
        client(2, "宝山钢铁股份有限公司", ZHANG, aliases=("宝钢", "Baosteel"), tier=Tier.STRATEGIC,
               credit_rating=CreditRating.MEDIUM, strategy=Strategy.DEVELOP),
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "fields"),
    [("en", ("Tier: Strategic", "Credit rating: Medium", "Strategy: Develop")),
     ("zh", ("客户类型：战略大客户", "信誉等级：中", "战略：发展")),
     ("zh-Hant", ("客戶類型：戰略大客戶", "信譽等級：中", "戰略：發展"))],
)  # fmt: skip
async def test_the_client_cards_values_are_written_as_a_complaint_cards_are(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, lang: str,
    fields: tuple[str, ...],
) -> None:  # fmt: skip
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, f"/lang {lang}")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/client 宝钢")
    card = await fake.wait_for(ZHANG, lambda m: "宝山钢铁股份有限公司" in m.text)
    lines = card.text.splitlines()
    assert all(field in lines for field in fields), card.text
    assert fake.rejected == []
