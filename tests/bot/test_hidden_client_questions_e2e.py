"""A question about a client the asker may not see is told so, as /complaints tells it, not sent
to the documents, and never says whose client it is."""

from __future__ import annotations

import pytest

from emulator import FakeTelegram
from services.bootstrap import Services
from services.domain import CreditRating
from tests.bot.conftest import InProcessBot
from tests.kit import LI, SUPERVISOR, ZHANG, buttons, client, seed_team

pytestmark = pytest.mark.e2e


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.clients.upsert_rows(None, [
        client(2, "华能南京电厂", ZHANG, aliases=("华能电厂",)),
        client(3, "江苏沙钢集团有限公司", LI, aliases=("沙钢", "沙钢集团", "Shagang Group")),
    ])  # fmt: skip


async def test_a_question_about_a_colleagues_client_gets_the_no_such_client_answer(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # It went to the documents ("资料中没有找到…"), as if 沙钢 were a policy topic.
    fake.send_text(ZHANG, "沙钢的联系人是谁？")
    told = (await fake.wait_for(ZHANG)).text
    assert told == "没有找到您可以查看的客户“沙钢”。发送 /clients 查看您的客户。", told
    fake.send_text(ZHANG, "/complaints 沙钢")  # the same words as the list's refusal
    assert (await fake.wait_for(ZHANG)).text == told
    # Asked in English by a user whose language is Chinese: answered in English, as questions are.
    fake.send_text(ZHANG, "who is the contact at Shagang?")
    english = (await fake.wait_for(ZHANG)).text
    assert english == (
        "I found no client “Shagang” among those you may see. /clients lists yours."
    ), english
    fake.send_text(ZHANG, "沙钢集团的电话是多少？")
    assert "“沙钢集团”" in (await fake.wait_for(ZHANG)).text
    await fake.wait_idle()
    # Whose client it is, or its full name, is never said.
    for message in fake.messages_to(ZHANG):
        assert "李四" not in message.text and "江苏沙钢集团有限公司" not in message.text
    assert fake.rejected == []


async def test_the_owner_and_the_supervisor_still_get_the_clients_card(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    for user in (LI, SUPERVISOR):
        fake.send_text(user, "沙钢的联系人是谁？")
        card = (await fake.wait_for(user)).text
        assert "江苏沙钢集团有限公司" in card and "没有找到" not in card, card
    # A question naming no client at all still goes to the documents.
    fake.send_text(ZHANG, "紧急投诉多久要解决？")
    answer = (await fake.wait_for(ZHANG)).text
    assert "没有找到您可以查看的客户" not in answer, answer
    assert fake.rejected == []


async def test_a_question_after_a_day_word_asks_about_the_client_not_a_colleague_named_so(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed_team(seeded)
    await seeded.clients.upsert_rows(None, [
        client(2, "宝山钢铁股份有限公司", LI, aliases=("宝钢",), credit_rating=CreditRating.POOR),
    ])  # fmt: skip
    await in_process_bot.start()
    # It was read as the visits summary of a manager named "今天" ("没有找到同事“今天”").
    fake.send_text(LI, "今天拜访了宝钢，他们信用差吗？")
    card = await fake.wait_for(LI, lambda m: "信誉等级" in m.text)
    assert "宝山钢铁股份有限公司" in card.text and "信誉等级：差" in card.text, card.text
    # Of a colleague's client: it was the summary of the asker's "colleague 今天" (only a
    # supervisor may see a colleague's), then the asker's own; it is no client of theirs.
    fake.send_text(ZHANG, "今天拜访了宝钢，他们信用差吗？")
    told = (await fake.wait_for(ZHANG)).text
    assert told == "没有找到您可以查看的客户“宝钢”。发送 /clients 查看您的客户。", told
    await fake.wait_idle()
    for message in [*fake.messages_to(LI), *fake.messages_to(ZHANG)]:
        assert "今天”" not in message.text and "工作汇总" not in message.text, message.text
        assert "同事" not in message.text, message.text
    assert fake.rejected == []


async def test_a_colleagues_client_named_after_complaint_or_visit_is_refused_not_swapped(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """ "/complaint Bank of Jiangsu: their branch line is down" of 李四's bank offered 张三 his own
    Bank of Communications to pick; "/complaint 江苏银行 …" and "/visit 今天去了江苏银行…" asked
    which of his own clients was meant. Typed without the command they were already refused."""
    await seed_team(seeded)
    await seeded.clients.upsert_rows(None, [
        client(2, "交通银行上海市分行", ZHANG, aliases=("交行", "Bank of Communications")),
        client(3, "江苏银行股份有限公司", LI, aliases=("江苏银行", "Bank of Jiangsu")),
    ])  # fmt: skip
    await in_process_bot.start()
    english = "I found no client “Bank of Jiangsu” among those you may see. /clients lists yours."
    chinese = "没有找到您可以查看的客户“江苏银行”。发送 /clients 查看您的客户。"
    for text, refusal in (
        ("/complaint Bank of Jiangsu: their branch line is down", english),
        ("/complaint 江苏银行 专线断了，客户很不满意", chinese),
        ("/complaint 江苏银行", chinese),
        ("/visit 今天去了江苏银行，谈了专线续约", chinese),
        ("/visit Visited Bank of Jiangsu today, talked about the renewal", english),
    ):
        fake.send_text(ZHANG, text)
        refused = await fake.wait_for(ZHANG)
        assert refused.text == refusal, (text, refused.text)
        assert buttons(refused) == {}, (text, refused.text)
    # No draft was started.
    fake.send_text(ZHANG, "/cancel")
    assert (await fake.wait_for(ZHANG)).text == "当前没有进行中的操作。"
    # One's own bank, and the colleague's for its owner and the team's supervisor, still draft.
    fake.send_text(ZHANG, "/complaint Bank of Communications: their branch line is down")
    asked = await fake.wait_for(ZHANG)  # the client taken: the next step
    assert asked.text == "Who received the complaint? Type a name, or tap “Me”.", asked.text
    fake.send_text(ZHANG, "/cancel")
    await fake.wait_for(ZHANG)
    for who in (LI, SUPERVISOR):
        fake.send_text(who, "/complaint 江苏银行 专线断了，客户很不满意")
        asked = await fake.wait_for(who)
        assert asked.text == "投诉是谁受理的？输入姓名，或点“我”。", asked.text
        fake.send_text(who, "/cancel")
        await fake.wait_for(who)
        fake.send_text(who, "/visit 今天去了江苏银行，谈了专线续约")
        card = await fake.wait_for(who)
        assert card.text.startswith("📝 走访记录草稿\n客户：江苏银行股份有限公司\n"), card.text
        fake.send_text(who, "/cancel")
        await fake.wait_for(who)
    assert fake.rejected == []
