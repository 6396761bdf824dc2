"""Traditional Chinese with the real bot: chosen with /lang, from Telegram's zh-TW, or by writing it."""

from __future__ import annotations

import asyncio

import pytest

from emulator import FakeTelegram
from services.bootstrap import Services
from services.domain import Language
from tests.bot.conftest import InProcessBot
from tests.bot.test_foundation_e2e import LI, ZHANG, seed

pytestmark = pytest.mark.e2e


async def test_a_message_written_in_traditional_is_answered_in_traditional_names_as_stored(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "本週我拜訪了幾個客戶？", language_code="zh-hans")
    answer = (await fake.wait_for(ZHANG)).text
    assert "我的工作彙總 · 张三" in answer  # the words traditional, the name as stored
    fake.send_text(ZHANG, "我有哪些客戶？", language_code="zh-hans")
    listed = (await fake.wait_for(ZHANG)).text
    assert "客戶清單" in listed and "华能南京电厂" in listed and "華能" not in listed
    fake.send_text(ZHANG, "謝謝", language_code="zh-hans")
    assert "不客氣，张三" in (await fake.wait_for(ZHANG)).text
    # The same user writing simplified is answered in simplified; their language is unchanged.
    fake.send_text(ZHANG, "我有哪些客户？", language_code="zh-hans")
    assert "客户清单" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/client 華能", language_code="zh-hans")
    card = (await fake.wait_for(ZHANG)).text
    assert "信誉等级" in card and "华能南京电厂" in card
    zhang = await seeded.users.resolve_actor(ZHANG)
    assert zhang is not None and zhang.language is Language.ZH


async def test_lang_offers_traditional_and_keeps_it(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/help")
    assert "繁體" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/lang")
    menu = await fake.wait_for(ZHANG)
    assert "繁體中文" in str(menu.reply_markup) and "lang:zh-Hant" in str(menu.reply_markup)
    fake.press_button(ZHANG, menu.message_id, "lang:zh-Hant")
    assert (await fake.wait_for(ZHANG)).text == "好的，之後我會用繁體中文回覆您。"
    # Telegram names a menu's language by two letters only: 繁體 is this chat's own menu.
    # The chat's menu is set beside the reply (setMyCommands), maybe after the bot went quiet.
    for _ in range(100):
        if "visit" in chat_menu(fake, ZHANG):
            break
        await asyncio.sleep(0.1)
    assert chat_menu(fake, ZHANG).get("visit") == "記錄走訪", chat_menu(fake, ZHANG)
    zhang = await seeded.users.resolve_actor(ZHANG)
    assert zhang is not None and zhang.language is Language.ZH_HANT and zhang.language_chosen
    # Chosen: kept though their Telegram says simplified, names and values as stored.
    fake.send_text(ZHANG, "/client 华能", language_code="zh-hans")
    card = (await fake.wait_for(ZHANG)).text
    assert "信譽等級" in card and "华能南京电厂" in card and "華能" not in card
    fake.send_text(ZHANG, "/help")
    assert "/visit" in (await fake.wait_for(ZHANG)).text
    # A question the two scripts write alike is answered in the user's traditional.
    fake.send_text(ZHANG, "你好")
    assert "您好，张三！有什麼可以幫您？" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/lang 简体")
    assert "简体中文" in (await fake.wait_for(ZHANG)).text
    await fake.wait_idle()
    assert chat_menu(fake, ZHANG) == {}  # the published Chinese menu applies again
    fake.send_text(ZHANG, "/lang 繁體")
    assert "繁體中文" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "/lang zh-TW")
    assert "繁體中文" in (await fake.wait_for(ZHANG)).text


async def test_a_telegram_in_taiwan_chinese_gets_traditional_until_the_user_chooses(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(LI, "/client 华润", language_code="zh-TW")
    card = (await fake.wait_for(LI)).text
    assert "信譽等級" in card and "华润万家" in card
    li = await seeded.users.resolve_actor(LI)
    assert li is not None and li.language is Language.ZH_HANT and not li.language_chosen
    await fake.wait_idle()
    assert chat_menu(fake, LI)["client"] == "查找客戶", chat_menu(fake, LI)
    fake.send_text(LI, "/client 华润", language_code="zh-hans")  # Telegram switched back
    assert "信誉等级" in (await fake.wait_for(LI)).text
    await fake.wait_idle()
    assert chat_menu(fake, LI) == {}


def chat_menu(fake: FakeTelegram, chat_id: int) -> dict[str, str]:
    """The command menu set for one chat (scope chat), command → description."""
    return {c["command"]: c["description"] for c in fake.commands.get((f"chat:{chat_id}", ""), [])}


async def test_a_visit_reported_in_traditional_is_drafted_in_traditional_as_written(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "/visit 今天上午在華能南京電廠和張總談了明年的專線擴容，下週二前發報價")
    card = await fake.wait_for(ZHANG)
    assert "📝 走訪記錄草稿" in card.text and "確認" in str(card.reply_markup)
    assert "客戶：华能南京电厂" in card.text  # the client as stored
    assert "人員：張總" in card.text and "內容：明年的專線擴容" in card.text  # the user's words
    assert "下一步：下週二前發報價" in card.text
    fake.press_button(
        ZHANG, card.message_id, card.reply_markup["inline_keyboard"][0][0]["callback_data"]
    )
    saved = (await fake.wait_for(ZHANG)).text
    assert saved.startswith("✅ 已保存走訪記錄 #") and "提醒您跟進" in saved
    zhang = await seeded.users.resolve_actor(ZHANG)
    assert zhang is not None
    assert [v.summary for v in await seeded.visits.recent(zhang)] == ["明年的專線擴容"]


async def test_a_complaint_told_in_traditional_is_drafted_in_traditional(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "華能南京電廠專線昨天中斷了三個小時，客戶很不滿意，要求立即處理")
    asked = await fake.wait_for(ZHANG)  # its client named: the draft at once
    assert asked.text == "投訴是誰受理的？輸入姓名，或點“我”。"
    fake.press_button(
        ZHANG, asked.message_id, asked.reply_markup["inline_keyboard"][0][0]["callback_data"]
    )
    card = (await fake.wait_for(ZHANG)).text
    assert "华能南京电厂" in card and "緊急" in card  # the client as stored, the severity read
    assert "專線昨天中斷了三個小時" in card  # the description as written
