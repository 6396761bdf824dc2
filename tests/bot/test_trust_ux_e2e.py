"""What the bot tells a user is true and consistent: the real Application in-process, in zh and en."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from bot.app import BotConfig, build_application
from bot.emulator import FakeTelegram, SentMessage
from bot.runtime import start_application, stop_application
from services.bootstrap import Services, bootstrap
from services.client_import import ClientRow
from services.domain import Role
from services.storage.models import Complaint, Visit
from tests.bot.conftest import TOKEN
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

ADMIN, SUPERVISOR, ZHANG, LI, TOM = 1001, 1010, 1011, 1012, 1013
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai


@dataclass
class Live:
    fake: FakeTelegram
    services: Services
    clock: FakeClock

    async def say(self, user: int, text: str, **kw: Any) -> SentMessage:
        self.fake.send_text(user, text, **kw)
        return await self.fake.wait_for(user, timeout=10)

    async def press(self, user: int, message: SentMessage, label: str) -> SentMessage:
        data = [v for k, v in buttons(message).items() if label in k]
        assert data, f"no button {label!r} on {message.text!r}: {list(buttons(message))}"
        self.fake.press_button(user, message.message_id, data[0])
        return await self.fake.wait_for(user, timeout=10)


def buttons(message: SentMessage) -> dict[str, str]:
    markup = message.reply_markup or {}
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row
            if "callback_data" in b}  # fmt: skip


def client(line: int, name: str, owner: int, **extra: object) -> ClientRow:
    values: dict[str, object] = dict(
        line=line, name=name, owner_telegram_id=owner, tier=None, credit_rating=None,
        strategy=None, industry=None, region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=(), contacts=(),
    )  # fmt: skip
    values.update(extra)
    return ClientRow(**values)  # type: ignore[arg-type]


async def seed(services: Services) -> None:
    users = services.users
    await users.add_user(telegram_id=ADMIN, name="管理员", role=Role.ADMIN, team=None)
    await users.add_user(telegram_id=SUPERVISOR, name="王主管", role=Role.SUPERVISOR,
                         team="华东一部")  # fmt: skip
    await users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER, team="华东一部")
    await users.add_user(telegram_id=LI, name="李四", role=Role.MANAGER, team="华东一部")
    # Tom's Telegram speaks English and nobody chose a language for him.
    await users.add_user(telegram_id=TOM, name="Tom", role=Role.MANAGER, team="华东一部")
    await services.clients.upsert_rows(None, [
        client(2, "华润电力（常熟）有限公司", ZHANG, notes="别与华润万家混淆"),
        client(3, "江苏银行", ZHANG, last_visit_on=date(2026, 11, 22)),
        client(4, "招商银行", LI),
        client(5, "招商银行南京分行", LI),
        client(6, "华润电力（常熟）有限公司二厂", TOM),
        client(7, "宝山钢铁", TOM, aliases=("宝钢",), last_visit_on=date(2026, 11, 22)),
    ])  # fmt: skip


@pytest.fixture
async def live(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Live]:
    clock = FakeClock(NOW)
    services = await bootstrap(database_url=f"sqlite+aiosqlite:///{tmp_path / 'kam.db'}",
                               clock=clock)  # fmt: skip
    await seed(services)
    for user in (ADMIN, SUPERVISOR, ZHANG, LI):
        fake.add_user(user, first_name=f"u{user}", language_code="zh-hans")
    fake.add_user(TOM, first_name="Tom", language_code="en")
    app = build_application(
        services, BotConfig(TOKEN, fake.api_url, fake.file_url, reminder_sweep_seconds=3600)
    )
    await start_application(app)
    try:
        yield Live(fake, services, clock)
    finally:
        await stop_application(app)  # closes the services too


async def count(services: Services, model: type) -> int:
    async with services.db.read() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


# ----------------------------------------------------------------- 1: never the wrong client


async def test_a_visit_to_a_look_alike_client_asks_did_you_mean_instead_of_a_card(
    live: Live,
) -> None:
    asked = await live.say(ZHANG, "/visit 今天拜访了华润万家，谈了续约")
    assert "确认" not in " ".join(buttons(asked)), asked.text  # no confirm card
    assert "华润万家" in asked.text and "哪个客户" in asked.text
    assert list(buttons(asked))[:1] == ["华润电力（常熟）有限公司"]
    card = await live.press(ZHANG, asked, "华润电力")
    assert "华润电力（常熟）有限公司" in card.text
    assert await count(live.services, Visit) == 0  # nothing saved until 确认


async def test_a_visit_naming_part_of_the_name_goes_straight_to_the_card(live: Live) -> None:
    card = await live.say(ZHANG, "/visit 今天拜访了华润电力，谈了续约")
    assert "华润电力（常熟）有限公司" in card.text
    assert any("确认" in label for label in buttons(card))


async def test_in_english_a_look_alike_is_asked_about_too(live: Live) -> None:
    asked = await live.say(TOM, "/visit Visited 华润万家 today, discussed the renewal")
    assert "Which client do you mean by “华润万家”" in asked.text
    assert "Confirm" not in " ".join(buttons(asked))
    assert "华润电力（常熟）有限公司二厂" in buttons(asked)


async def test_a_complaint_about_a_look_alike_asks_which_client(live: Live) -> None:
    asked = await live.say(ZHANG, "/complaint 华润万家反映发票开错了")
    assert "哪个客户" in asked.text
    assert "华润电力（常熟）有限公司" in buttons(asked)


async def test_client_search_says_several_names_contain_it_and_lists_them(live: Live) -> None:
    listed = await live.say(LI, "/client 招商")
    assert "有几个客户的名称包含“招商”" in listed.text
    assert set(buttons(listed)) == {"招商银行", "招商银行南京分行"}
    card = await live.say(LI, "/client 招商银行")  # a whole name is sure
    assert "招商银行" in card.text and not buttons(card)


# ----------------------------------------------------------------- 9: honest wording


async def test_a_hedged_severity_is_asked_not_guessed(live: Live) -> None:
    asked = await live.say(ZHANG, "/complaint 江苏银行反映网络比较紧急，经常掉线")
    assert "严重" in asked.text or "紧急" in asked.text  # the severity question
    labels = " ".join(buttons(asked))
    assert "紧急" in labels and "高" in labels  # every severity offered


async def test_english_counts_agree_with_their_nouns(live: Live) -> None:
    card = await live.say(TOM, "/client 宝钢")
    assert "(1 day ago)" in card.text, card.text
    assert "days ago" not in card.text


async def test_an_empty_chart_says_there_is_nothing_yet(live: Live) -> None:
    summary = await live.say(TOM, "/summary")
    chart = [k for k in buttons(summary) if "📊" in k or "chart" in k.lower()]
    assert chart, summary.text
    live.fake.press_button(TOM, summary.message_id, buttons(summary)[chart[0]])
    photo = await live.fake.wait_for(TOM, lambda m: m.kind == "photo", timeout=20)
    assert "no data for this period yet" in (photo.text or "")


# ----------------------------------------------------------------- 10: small talk


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (ZHANG, "你好", "您好，张三"),
        (ZHANG, "谢谢！", "不客气"),
        (ZHANG, "好的", "好的。"),
        (TOM, "hello", "Hello, Tom"),
        (TOM, "thanks", "You're welcome"),
    ],
)
async def test_small_talk_is_answered_in_kind(
    live: Live, user: int, text: str, expected: str
) -> None:
    answer = await live.say(user, text)
    assert expected in answer.text
    assert "没有找到" not in answer.text and "not found" not in answer.text.lower()


async def test_a_bare_client_name_shows_the_client(live: Live) -> None:
    card = await live.say(ZHANG, "江苏银行")
    assert "江苏银行" in card.text and "最近走访" in card.text
    card = await live.say(TOM, "宝钢")
    assert "宝山钢铁" in card.text and "Last visit" in card.text


# ----------------------------------------------------------------- 12: first contact


async def test_a_user_added_without_a_language_gets_their_telegrams_until_they_choose(
    live: Live,
) -> None:
    hello = await live.say(TOM, "/start")
    assert "Hello" in hello.text or "Welcome" in hello.text, hello.text
    menu = await live.say(TOM, "/lang")
    chosen = await live.press(TOM, menu, "中文")
    assert "中文" in chosen.text
    again = await live.say(TOM, "/start")
    assert "您好" in again.text  # the choice sticks although Telegram still says English
