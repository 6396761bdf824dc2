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


@pytest.mark.parametrize(
    ("lang", "texts", "opening", "example"),
    [("zh", ("下周三", "明天下午", "上个月。"), "“{}”要做什么？", "今天去了宝钢，"),
     ("zh-Hant", ("下週三",), "“{}”要做什麼？", "明天下午去宝钢談續約"),
     ("en", ("next Wednesday", "last month", "Tomorrow afternoon?"), "What about “{}”?",
      "Visited Baosteel today")],
)  # fmt: skip
async def test_a_time_sent_alone_is_asked_what_it_is_for_with_what_a_date_can_do(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, lang: str,
    texts: tuple[str, ...], opening: str, example: str,
) -> None:  # fmt: skip
    # Each was "抱歉，在公司文件中没有找到与这个问题相关的内容。" (or the English one): a manager
    # sending a day alone is answering nothing the documents hold.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, f"/lang {lang}")
    await fake.wait_for(ZHANG)
    for text in texts:
        fake.send_text(ZHANG, text)
        said = (await fake.wait_for(ZHANG)).text
        said_when = text.rstrip("。?")
        assert said.startswith(opening.format(said_when)), (text, said)
        assert "/summary" in said and "/reminders" in said, (text, said)
        # The examples name the manager's own client (宝钢), not 华能, which is somebody else's
        # or nobody's: a manager copying the example was told no such client was found.
        assert example in said and "华能" not in said and "Huaneng" not in said, said
    assert fake.rejected == []


async def test_a_time_sent_alone_by_a_user_with_no_client_names_an_example_client(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed_team(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang zh")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "下周三")
    assert "今天去了华能，" in (await fake.wait_for(ZHANG)).text
    assert fake.rejected == []


async def test_a_time_typed_in_english_is_answered_in_english_in_a_chinese_session(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # "next Wednesday" is two English words (too few to tell a language by), but a time typed
    # in English is English: it was answered in the session's Chinese, and 下周三 stays Chinese.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/lang zh")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "next Wednesday")
    assert (await fake.wait_for(ZHANG)).text.startswith("What about “next Wednesday”?")
    fake.send_text(ZHANG, "下周三")
    assert (await fake.wait_for(ZHANG)).text.startswith("“下周三”要做什么？")
    assert fake.rejected == []


async def test_a_day_typed_when_a_visit_draft_asks_its_date_is_still_its_date(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit")  # guided: each step asked
    assert "走访的是哪个客户" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "宝钢")
    assert "什么时候走访的" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "昨天下午")
    ask_kind = await fake.wait_for(ZHANG)
    assert "走访方式" in ask_kind.text, ask_kind.text
    assert fake.rejected == []


@pytest.mark.parametrize(
    ("lang", "client_example", "brief_example"),
    [("zh", "/client 宝钢", "/brief 宝钢"), ("en", "/client Baosteel", "/brief Baosteel")],
)  # fmt: skip
async def test_client_and_brief_alone_give_an_example_with_the_managers_own_client(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, lang: str,
    client_example: str, brief_example: str,
) -> None:  # fmt: skip
    # "/client" and "/brief" alone said "例如 /brief 华能", a client this manager does not have.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, f"/lang {lang}")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/client")
    listed = await fake.wait_for(ZHANG, lambda m: "/client" in m.text)
    assert client_example in listed.text and "华能" not in listed.text, listed.text
    fake.send_text(ZHANG, "/brief")
    usage = (await fake.wait_for(ZHANG)).text
    assert brief_example in usage and "华能" not in usage and "Huaneng" not in usage, usage
    assert fake.rejected == []
