"""An English-writing manager names a client's Chinese contact in pinyin: the visit card shows
the contact as filed, with the title the file gives; two contacts the name fits are not guessed
between; and the client buttons of a business card read as other English screens do."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.domain import ContactInfo, CreditRating, Language, Role
from services.storage.models import Visit
from tests.bot.conftest import InProcessBot
from tests.bot.test_visits_complaints_e2e import press
from tests.kit import ZHANG, client, seed_team

pytestmark = pytest.mark.e2e

WANG = 1013  # writes English


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.users.add_user(telegram_id=WANG, name="王磊", role=Role.MANAGER,
                                  team="华东一部", language=Language.EN)  # fmt: skip
    await services.clients.upsert_rows(None, [
        client(2, "宁波银行股份有限公司", ZHANG, aliases=("宁波银行", "Bank of Ningbo"),
               credit_rating=CreditRating.GOOD, contacts=(
                   ContactInfo("季明", "信息科技部总经理", "13805849207", True),)),
        client(3, "江苏沙钢集团有限公司", WANG, aliases=("沙钢", "Shagang Group"),
               credit_rating=CreditRating.MEDIUM, contacts=(
                   ContactInfo("季海东", "信息化部部长", "13814928573", True),
                   ContactInfo("刘伟", "采购部经理", "13912345678", False),)),
    ])  # fmt: skip


async def test_a_contact_named_in_pinyin_shows_on_the_card_as_filed_with_its_title(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(
        WANG, "Visited Shagang yesterday afternoon, met Ji Haidong, discussed the wireless upgrade"
    )
    card = await fake.wait_for(WANG, lambda m: "Visit report draft" in m.text)
    # It showed "People: Ji Haidong": no title, the contact not recognised.
    assert "People: Ji Haidong (季海东, 信息化部部长)\n" in card.text, card.text
    await press(fake, WANG, card, "Confirm")
    assert "saved" in (await fake.wait_for(WANG)).text
    async with seeded.db.read() as session:
        people = (await session.execute(select(Visit.people))).scalar_one()
    assert people == [{"name": "季海东", "title": "信息化部部长"}], people
    assert fake.rejected == []


async def test_a_surname_two_contacts_share_and_another_managers_contact_are_not_linked(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await seeded.clients.upsert_rows(None, [  # a second 季 at Shagang
        client(3, "江苏沙钢集团有限公司", WANG, aliases=("沙钢", "Shagang Group"), contacts=(
            ContactInfo("季海东", "信息化部部长", "13814928573", True),
            ContactInfo("季红", "财务部经理", "13814920000", False),)),
    ])  # fmt: skip
    await in_process_bot.start()
    fake.send_text(WANG, "Called Shagang today, spoke with Mr. Ji and Ji Ming about the quote")
    card = await fake.wait_for(WANG, lambda m: "Visit report draft" in m.text)
    assert "季海东" not in card.text and "季红" not in card.text, card.text
    assert "季明" not in card.text, card.text  # Bank of Ningbo's contact, not Wang's client's
    assert "Mr. Ji" in card.text and "Ji Ming" in card.text, card.text
    assert fake.rejected == []
