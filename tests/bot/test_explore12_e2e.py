"""What demanding users met (explore12): a day told with its year in words (去年12月28日, typed
in January) is that day, in a visit report and in a correction; a visit report naming an unknown
client in English names it as written; a supervisor asking in English who on the team has not
visited is told who, not sent the overdue clients."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emulator import FakeTelegram
from services.bootstrap import Services
from tests.bot.conftest import InProcessBot
from tests.fakes import FakeClock
from tests.kit import LI, SUPERVISOR, ZHANG, client, data_of, seed_team

pytestmark = pytest.mark.e2e


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.clients.upsert_rows(None, [
        client(2, "宁波银行股份有限公司", ZHANG, aliases=("宁波银行", "Bank of Ningbo")),
    ])  # fmt: skip


async def test_a_day_told_with_last_year_in_words_is_that_day_in_january(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    # Monday 4 January 2027, 09:30 in Shanghai.
    bot_clock.set(datetime(2027, 1, 4, 1, 30, tzinfo=UTC))
    await seed(seeded)
    await in_process_bot.start()
    # It asked 什么时候走访的？ (去年 hid the month and day that follow it).
    fake.send_text(ZHANG, "去年12月28日去了宁波银行，见了周处长，谈了专线割接方案")
    card = await fake.wait_for(ZHANG)
    assert "时间：2026-12-28（周一）" in card.text, card.text
    assert "去年" not in card.text, card.text
    # A correction with the year in words: it said 没看懂日期“去年12月30日”.
    fake.send_text(ZHANG, "日期改成去年12月30日")
    await fake.wait_for(ZHANG)
    fixed = await fake.wait_for(ZHANG)
    assert "时间：2026-12-30（周三）" in fixed.text, fixed.text
    # Traditional script, this year in words.
    fake.send_text(ZHANG, "不對，是今年1月2號")
    await fake.wait_for(ZHANG)
    again = await fake.wait_for(ZHANG)
    assert "2027-01-02" in again.text, again.text
    assert fake.rejected == []


async def test_who_on_the_team_has_not_visited_asked_in_english_names_them(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await seeded.clients.upsert_rows(None, [client(3, "江苏沙钢集团有限公司", LI)])
    await in_process_bot.start()
    # It was sent the clients overdue for a visit ("not visited" read as overdue).
    for text in (
        "Who on my team has not visited any client this month?",
        "Who in my team didn't make any visits this week?",
    ):
        fake.send_text(SUPERVISOR, text)
        answer = await fake.wait_for(SUPERVISOR)
        assert "no visit logged by: 张三, 李四" in answer.text, (text, answer.text)
    assert fake.rejected == []


async def test_an_unknown_client_named_in_english_is_named_as_written(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # It said I found no client “Tongda Electronics and” among yours.
    fake.send_text(ZHANG, "Yesterday I visited Tongda Electronics and met Mr Yuan")
    offer = await fake.wait_for(ZHANG)
    fake.press_button(ZHANG, offer.message_id, data_of(offer, "Log"))
    unknown = await fake.wait_for(ZHANG)
    assert unknown.text == "I found no client “Tongda Electronics” among yours.", unknown.text
    assert fake.rejected == []


async def test_a_person_met_named_in_english_with_the_title_after_keeps_the_title_alone(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # People read "Mr. Xu" (the title lost) and "Ms. Wang (their CFO)".
    for text, person in (
        ("Last Friday I visited Bank of Ningbo, met Mr. Xu the IT director, discussed the "
         "branch line upgrade", "People: Mr. Xu (IT director)"),
        ("Yesterday I visited Bank of Ningbo and met Ms. Wang, their CFO, to discuss the invoice",
         "People: Ms. Wang (CFO)"),
    ):  # fmt: skip
        fake.send_text(ZHANG, text)
        card = await fake.wait_for(ZHANG)
        assert person in card.text, (text, card.text)
        fake.send_text(ZHANG, "/cancel")
        await fake.wait_for(ZHANG)
    assert fake.rejected == []


async def test_a_manager_with_no_clients_yet_is_told_so_not_asked_which_client(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)  # 宁波银行 is 张三's; 李四 has no client yet
    await in_process_bot.start()
    # It asked 走访的是哪个客户？… 或从下面选择： with nothing to choose, and refused every name.
    fake.send_text(LI, "/visit")
    visit = await fake.wait_for(LI)
    assert visit.text.startswith("您名下还没有客户，暂时没有可以记录走访的客户。"), visit.text
    assert "✅" not in str(visit.reply_markup), visit.reply_markup
    fake.send_text(LI, "/complaint")
    complaint = await fake.wait_for(LI)
    assert complaint.text.startswith("您名下还没有客户，暂时没有可以登记投诉的客户。"), (
        complaint.text
    )
    # Nothing is waiting for a client's name: a question after it is answered as a question.
    fake.send_text(LI, "/clients")
    clients = await fake.wait_for(LI)
    assert "还没有客户" in clients.text, clients.text
    # The colleague with clients still logs visits.
    fake.send_text(ZHANG, "/visit")
    asked = await fake.wait_for(ZHANG)
    assert "走访的是哪个客户" in asked.text, asked.text
    assert fake.rejected == []
