"""Every update ends in something the user sees, once: long cards, rejected replies, a lost database.

The real Application runs in this process against the fake Telegram server, which refuses what
Telegram refuses (a message over 4,096 UTF-16 units, an unclosed tag).
"""

from __future__ import annotations

import logging
from datetime import date

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.render import TELEGRAM_LIMIT, client_card, split_message
from emulator import FakeTelegram, parse_html, utf16_len
from services.bootstrap import Services
from services.domain import ClientCard
from services.storage.db import create_engine
from tests.hardening.conftest import ZHANG, App, client, seed_team

APOLOGY = "抱歉，处理您的请求时出了问题"


async def test_a_card_with_2500_emoji_in_its_notes_arrives_whole(
    fake: FakeTelegram, app: App, app_services: Services
) -> None:
    await seed_team(app_services)
    notes = "🔥" * 2500
    await app_services.clients.upsert_rows(None, [client(2, "华能南京电厂", ZHANG, notes=notes)])
    fake.send_text(ZHANG, "/client 华能南京电厂")
    await fake.wait_for(ZHANG, timeout=10)  # the first piece; then no more requests: all of it
    await fake.wait_idle(quiet=0.3, timeout=10)
    shown = [m.text for m in fake.messages_to(ZHANG)]
    assert fake.rejected == []
    assert "".join(shown).count("🔥") == 2500 and "华能南京电厂" in shown[0]


def test_a_card_for_a_4200_character_client_name_renders_in_valid_pieces() -> None:
    name = "中国石油化工股份有限公司" * 350  # 4,200 characters, inside <b>
    card = ClientCard(
        id=1, name=name, aliases=(), tier=None, credit_rating=None, strategy=None, industry=None,
        region=None, address=None, latitude=None, longitude=None, owner_name="张三",
        owner_telegram_id=ZHANG, notes=None, last_visit_on=None, contacts=(),
    )  # fmt: skip
    pieces = split_message(client_card("zh", card, date(2026, 11, 23), counted="on_site"))
    texts = [parse_html(p)[0] for p in pieces]  # raises "Can't find end tag" as Telegram would
    assert all(utf16_len(t) <= TELEGRAM_LIMIT for t in texts)
    assert "".join(texts).count("中国石油化工股份有限公司") == 350


async def test_a_reply_telegram_rejects_still_ends_in_an_apology_and_the_log_says_why(
    fake: FakeTelegram, app: App, app_services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    await seed_team(app_services)
    fake.fail_next("sendMessage", error_code=400, description="Bad Request: can't parse entities")
    with caplog.at_level(logging.ERROR, logger="kam.errors"):
        fake.send_text(ZHANG, "/help")
        apology = await fake.wait_for(ZHANG, timeout=10)
        await fake.wait_idle(quiet=0.3, timeout=5)
    assert APOLOGY in apology.text
    assert len(fake.messages_to(ZHANG)) == 1
    assert any("parse entities" in r.getMessage().lower() for r in caplog.records)


async def test_without_the_database_one_apology_per_message_none_for_group_chatter_then_recovery(
    fake: FakeTelegram, app: App, app_services: Services
) -> None:
    await seed_team(app_services)
    db = app_services.db
    good = (db._reader, db._writer)
    lost = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/gone")  # nothing listens
    db._reader = db._writer = async_sessionmaker(lost, expire_on_commit=False)
    try:
        group = -5001
        for line in ("今天开会", "华能那边怎么样", "明天见"):
            fake.send_text(ZHANG, line, chat_type="group", chat_id=group)
        fake.send_text(ZHANG, "/help", chat_type="group", chat_id=group)
        fake.send_text(ZHANG, "/help")
        fake.send_text(ZHANG, "华能南京电厂最近怎么样")
        # Each failed connection takes its time on a loaded machine (CI's two workers): wait for
        # the replies themselves, then for quiet, so that one more would still be counted.
        await fake.wait_for(group, timeout=20)
        for _ in range(2):
            await fake.wait_for(ZHANG, timeout=20)
        await fake.wait_idle(quiet=0.5, timeout=20)
        in_group = [m.text for m in fake.messages_to(group)]
        private = [m.text for m in fake.messages_to(ZHANG)]
        assert len(in_group) == 1 and "私聊" in in_group[0]  # the command, answered without the DB
        assert len(private) == 2 and all(APOLOGY in text for text in private)
    finally:
        db._reader, db._writer = good
        await lost.dispose()
    fake.send_text(ZHANG, "/help")
    await fake.wait_for(ZHANG, timeout=10)
    await fake.wait_idle(quiet=0.3, timeout=10)
    back = fake.messages_to(ZHANG)[2:]
    assert len(back) == 1 and "/visit" in back[0].text
