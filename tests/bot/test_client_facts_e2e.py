"""A question asking for one thing a client's card holds ("宝钢的联系人是谁？") is answered with
those lines, from the card as saved, the whole card a button away; a question about more (its
visits) still gets the whole card, and nobody learns a colleague's client's contacts."""

from __future__ import annotations

import pytest

from emulator import FakeTelegram
from services.bootstrap import Services
from services.domain import ContactInfo, CreditRating
from tests.bot.conftest import InProcessBot
from tests.kit import LI, ZHANG, buttons, client, seed_team

pytestmark = pytest.mark.e2e

BAOSTEEL = "宝山钢铁股份有限公司"


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.clients.upsert_rows(None, [
        client(2, BAOSTEEL, ZHANG, aliases=("宝钢", "Baosteel"), address="上海市宝山区富锦路885号",
               credit_rating=CreditRating.GOOD, contacts=(
            ContactInfo("张国栋", "设备部张总", "13681955106", True),
            ContactInfo("钱军", "采购部经理", "13512100000"),
        )),
        client(3, "交通银行上海市分行", ZHANG, aliases=("交行", "Bank of Communications")),
        client(4, "江苏沙钢集团有限公司", LI, aliases=("沙钢",),
               contacts=(ContactInfo("季海东", "信息化部部长", "13900000000"),)),
    ])  # fmt: skip


async def test_a_question_for_a_clients_contacts_is_answered_with_them_and_a_button_to_the_card(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "宝钢的联系人是谁？")
    answer = await fake.wait_for(ZHANG)
    # The answer itself, not "这个问题涉及客户…" and a screenful of card to read it from.
    assert answer.text.splitlines() == [
        f"🏢 {BAOSTEEL}",
        "联系人",
        "• 张国栋 设备部张总 13681955106（决策人）",
        "• 钱军 采购部经理 13512100000",
    ], answer.text
    whole = buttons(answer)
    assert list(whole) == ["📇 完整客户档案"]
    fake.press_button(ZHANG, answer.message_id, whole["📇 完整客户档案"])
    card = await fake.wait_for(ZHANG)
    assert "地址：上海市宝山区富锦路885号" in card.text and "信誉等级：优" in card.text, card.text

    # Only the decision makers when they are asked for; in English when asked in English.
    fake.send_text(ZHANG, "宝钢的决策人电话")
    deciding = await fake.wait_for(ZHANG)
    assert "张国栋" in deciding.text and "钱军" not in deciding.text, deciding.text
    fake.send_text(ZHANG, "What's Baosteel's address and credit rating?")
    english = await fake.wait_for(ZHANG)
    assert english.text.splitlines() == [
        f"🏢 {BAOSTEEL}", "Address: 上海市宝山区富锦路885号", "Credit rating: Good",
    ], english.text  # fmt: skip
    assert list(buttons(english)) == ["📇 Whole client file"]
    # A contact asked about by name: their line, from the card of the client they are with.
    fake.send_text(ZHANG, "张国栋的电话多少")
    person = await fake.wait_for(ZHANG)
    assert person.text.splitlines() == [
        f"🏢 {BAOSTEEL}", "联系人", "• 张国栋 设备部张总 13681955106（决策人）",
    ], person.text  # fmt: skip
    # By surname and rank, as managers speak of them: 钱经理 is 钱军, filed 采购部经理.
    fake.send_text(ZHANG, "钱经理的手机号")
    ranked = await fake.wait_for(ZHANG)
    assert ranked.text.splitlines()[1:] == ["联系人", "• 钱军 采购部经理 13512100000"], ranked.text
    # In pinyin, as an English speaker writes the name.
    fake.send_text(ZHANG, "What is Zhang Guodong's phone number?")
    pinyin = await fake.wait_for(ZHANG)
    assert pinyin.text.splitlines()[1:] == [
        "Contacts", "• 张国栋 设备部张总 13681955106 (decision maker)",
    ], pinyin.text  # fmt: skip
    # A colleague's client's contact: nothing of them is told.
    for asked in ("季海东的电话多少", "What's Ji Haidong's phone?"):
        fake.send_text(ZHANG, asked)
        hidden = await fake.wait_for(ZHANG)
        assert "13900000000" not in hidden.text and "沙钢" not in hidden.text, hidden.text
    # Nothing recorded is said so, not left out.
    fake.send_text(ZHANG, "Who is my contact at Bank of Communications?")
    none = await fake.wait_for(ZHANG)
    assert "Contacts: none" in none.text, none.text
    await fake.wait_idle()
    assert fake.rejected == []


async def test_a_question_about_more_than_the_facts_still_gets_the_card_and_others_get_nothing(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "宝钢的联系人最近一次什么时候见的？")
    hint = await fake.wait_for(ZHANG)
    assert hint.text == f"这个问题涉及客户“{BAOSTEEL}”，以下是客户档案：", hint.text
    card = await fake.wait_for(ZHANG)
    assert "最近上门走访" in card.text and "钱军" in card.text, card.text
    # Another manager's client: told it is none of theirs, no contact shown.
    fake.send_text(ZHANG, "沙钢的联系人电话")
    told = await fake.wait_for(ZHANG)
    assert "没有找到您可以查看的客户" in told.text and "季海东" not in told.text, told.text
    # Nor does a forged button to a colleague's client.
    fake.send_text(LI, "宝钢的联系人是谁？")
    refused = await fake.wait_for(LI)
    assert "没有找到您可以查看的客户" in refused.text, refused.text
    fake.press_button(LI, refused.message_id, "client:2", forge=True)
    await fake.wait_idle()
    for message in fake.messages_to(LI):
        assert "张国栋" not in message.text, message.text


async def test_contacts_asked_by_a_name_two_clients_share_are_given_for_the_client_picked(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await seeded.clients.upsert_rows(None, [
        client(5, "华润万家有限公司", ZHANG, aliases=("华润万家",),
               contacts=(ContactInfo("刘芳", "采购总监", "13800000001", True),)),
        client(6, "华润置地有限公司", ZHANG, aliases=("华润置地",), address="深圳市南山区华润大厦",
               contacts=(ContactInfo("陈伟", "行政部经理", "13800000002"),)),
        client(7, "华润电力控股有限公司", LI, aliases=("华润电力",),
               contacts=(ContactInfo("孙强", "总经理", "13800000003", True),)),
    ])  # fmt: skip
    await in_process_bot.start()
    fake.send_text(ZHANG, "华润的联系人是谁？")
    choose = await fake.wait_for(ZHANG)
    offered = buttons(choose)
    # Only the asker's own two, never the colleague's 华润电力.
    assert sorted(offered) == ["华润万家有限公司", "华润置地有限公司"], choose.text
    fake.press_button(ZHANG, choose.message_id, offered["华润置地有限公司"])
    answer = await fake.wait_for(ZHANG)
    # The lines asked for, of the client picked, not its whole card.
    assert answer.text.splitlines() == [
        "🏢 华润置地有限公司", "联系人", "• 陈伟 行政部经理 13800000002",
    ], answer.text  # fmt: skip
    assert list(buttons(answer)) == ["📇 完整客户档案"]
    # Typed without 的, as on a phone.
    fake.send_text(ZHANG, "华润电话多少")
    bare = await fake.wait_for(ZHANG)
    fake.press_button(ZHANG, bare.message_id, buttons(bare)["华润万家有限公司"])
    phones = await fake.wait_for(ZHANG)
    assert phones.text.splitlines()[-1] == "• 刘芳 采购总监 13800000001（决策人）", phones.text
    # In English too, the answer in the question's language.
    fake.send_text(ZHANG, "What is 华润's address?")
    english = await fake.wait_for(ZHANG)
    offered = buttons(english)
    assert sorted(offered) == ["华润万家有限公司", "华润置地有限公司"], (english.text, offered)
    fake.press_button(ZHANG, english.message_id, offered["华润置地有限公司"])
    address = await fake.wait_for(ZHANG)
    assert address.text.splitlines() == [
        "🏢 华润置地有限公司", "Address: 深圳市南山区华润大厦",
    ], address.text  # fmt: skip
    await fake.wait_idle()
    assert fake.rejected == []
    # A forged press for the colleague's client is told no, and shows nothing of it.
    fake.press_button(ZHANG, choose.message_id, "cf:c:7", forge=True)
    refused = await fake.wait_for(ZHANG)
    assert "没有找到" in refused.text, refused.text
    await fake.wait_idle()
    for message in fake.messages_to(ZHANG):
        assert "孙强" not in message.text, message.text
