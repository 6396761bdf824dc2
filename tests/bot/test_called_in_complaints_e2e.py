"""A client calling in a fault or a complaint is offered as a complaint to file, its severity and
category those the call told, not as a visit report of the manager's to log."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from emulator import FakeTelegram, SentMessage
from services.bootstrap import Services
from services.storage.models import Complaint, Visit
from tests.bot.conftest import InProcessBot
from tests.fakes import FakeClock
from tests.kit import ZHANG, client, count, data_of, seed_team

pytestmark = pytest.mark.e2e


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.clients.upsert_rows(None, [
        client(2, "宁波银行股份有限公司", ZHANG, aliases=("宁波银行", "Bank of Ningbo")),
        client(3, "华润万家（上海）有限公司", ZHANG, aliases=("华润万家", "CR Vanguard")),
    ])  # fmt: skip


async def press(fake: FakeTelegram, user: int, message: SentMessage, label: str) -> None:
    fake.press_button(user, message.message_id, data_of(message, label))


@pytest.mark.parametrize(
    ("lang", "text", "offered", "severity", "me", "client_name", "told"),
    [("zh", "宁波银行今天上午打电话来，说分行专线从9点就断了，非常紧急", "看起来像一条客户投诉",
      None, "受理人：张三（客户来电，默认是您接的", "宁波银行股份有限公司",
      ("严重程度：紧急", "类别：产品质量")),
     ("en", "Bank of Ningbo called this morning, their branch dedicated line has been down since "
            "9am, very urgent", "reads like a client complaint", None,
      "Received by: 张三 (the client called you", "宁波银行股份有限公司",
      ("Severity: Critical", "Category: Product quality")),
     ("zh", "刚接到华润万家的电话，说账单重复扣费", "看起来像一条客户投诉", "中",
      "受理人：张三（客户来电", "华润万家（上海）有限公司", ("类别：计费", "严重程度：中")),
     ("en", "CR Vanguard rang to complain about a double charge on the November bill",
      "reads like a client complaint", "Medium", "Received by: 张三 (the client called you",
      "华润万家（上海）有限公司", ("Category: Billing", "Severity: Medium"))],
)  # fmt: skip
async def test_a_client_calling_in_a_fault_is_drafted_as_a_complaint_with_what_it_told(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, lang: str, text: str,
    offered: str, severity: str | None, me: str, client_name: str, told: tuple[str, ...],
) -> None:  # fmt: skip
    # Before, "宁波银行今天上午打电话来，说分行专线从9点就断了" was offered as a visit report.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, f"/lang {lang}")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, text)
    # Its client named: the complaint's draft at once, no offer to tap first. A line down is
    # critical, and its category told: neither asked. A double charge says no severity: asked,
    # never guessed.
    asked = await fake.wait_for(ZHANG)
    assert offered not in asked.text, asked.text
    if severity is not None:
        await press(fake, ZHANG, asked, severity)
        asked = await fake.wait_for(ZHANG)
    # The client called the manager: he received it (首问负责制), said on the card, not asked.
    card = asked
    assert "是谁受理的" not in card.text and "Who received" not in card.text, card.text
    assert me in card.text, card.text
    assert client_name in card.text, card.text
    for line in told:
        assert line in card.text, card.text
    assert await count(seeded, Visit) == 0 and await count(seeded, Complaint) == 0
    assert fake.rejected == []


async def test_a_visit_telling_of_a_fault_fixed_stays_a_visit_and_a_question_a_question(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "去了宁波银行，上次断网已修复，客户满意")
    draft = await fake.wait_for(ZHANG)  # the visit's draft: it asks the day
    assert "什么时候走访的" in draft.text, draft.text
    await press(fake, ZHANG, draft, "取消")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/lang en")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "Went to Bank of Ningbo, last week's outage is fixed, they are satisfied")
    draft = await fake.wait_for(ZHANG)
    assert "When was the visit?" in draft.text or "Which day was" in draft.text, draft.text
    await press(fake, ZHANG, draft, "Cancel")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "/lang 中文")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, "专线断了怎么处理？")
    answer = await fake.wait_for(ZHANG)
    # Answered (here: no knowledge base to ask), not offered for filing or logging.
    assert "要登记吗" not in answer.text and "要记录下来吗" not in answer.text, answer.text
    assert await count(seeded, Visit) == 0 and await count(seeded, Complaint) == 0
    assert fake.rejected == []


@pytest.mark.parametrize(
    ("lang", "text", "received"),
    [("zh", "宁波银行昨天下午打电话投诉，说分行专线断了，很不满意", "受理日期："),
     ("en", "Bank of Ningbo called yesterday: their branch line is down, very urgent",
      "Received on: ")],
)  # fmt: skip
async def test_a_complaint_called_in_yesterday_is_received_that_day_and_no_visit_is_claimed(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock,
    lang: str, text: str, received: str,
) -> None:  # fmt: skip
    # Before, "打电话投诉" (no 来) was offered as a visit report first, and a call's card said
    # its day was "走访当天" (the day of the visit): there was no visit.
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, f"/lang {lang}")
    await fake.wait_for(ZHANG)
    fake.send_text(ZHANG, text)
    asked = await fake.wait_for(ZHANG)
    assert "记录走访" not in asked.text and "Log the visit" not in asked.text, asked.text
    while not any("✅" in b["text"] for b in asked.buttons):
        # severity and who received it, asked (never guessed): the first answer offered
        await press(fake, ZHANG, asked, asked.buttons[0]["text"])
        asked = await fake.wait_for(ZHANG)
    yesterday = (bot_clock.now().astimezone(ZoneInfo("Asia/Shanghai")) - timedelta(days=1)).date()
    line = next(x for x in asked.text.splitlines() if x.startswith(received))
    assert yesterday.isoformat() in line, asked.text
    assert "走访" not in line and "visit" not in line, line
    assert await count(seeded, Visit) == 0 and await count(seeded, Complaint) == 0
    assert fake.rejected == []


async def test_the_manager_who_took_the_call_is_the_receiver_to_confirm_or_correct(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "宁波银行今天上午打电话来投诉，说分行专线从9点就断了，非常紧急")
    card = await fake.wait_for(ZHANG)
    assert "受理人：张三（客户来电，默认是您接的；不是的话点“修改”）" in card.text, card.text
    # Typed on the card: someone else took it after all; the card no longer says it was assumed.
    fake.send_text(ZHANG, "受理人改成小王")
    card = await fake.wait_for(ZHANG, lambda m: "受理人：" in m.text)
    assert "受理人：小王" in card.text and "默认是您接的" not in card.text, card.text
    fake.send_text(ZHANG, "受理人改成张三")
    card = await fake.wait_for(ZHANG, lambda m: "受理人：" in m.text)
    await press(fake, ZHANG, card, "确认")
    await fake.wait_for(ZHANG, lambda m: "已保存" in m.text or "已登记" in m.text)
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert ticket.received_by == "张三"
    assert fake.rejected == []


@pytest.mark.parametrize(
    "text",
    ["小王接到宁波银行的电话，说分行专线从9点就断了，非常紧急",
     "宁波银行致电客服热线，说分行专线从9点就断了，非常紧急"],
)  # fmt: skip
async def test_a_call_that_reached_someone_else_still_asks_who_received_it(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, text: str
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, text)
    asked = await fake.wait_for(ZHANG)
    if "看起来像一条客户投诉" in asked.text:  # offered first: filed as a complaint
        await press(fake, ZHANG, asked, "投诉")
        asked = await fake.wait_for(ZHANG)
    assert "投诉是谁受理的" in asked.text, asked.text
    fake.send_text(ZHANG, "小王")
    card = await fake.wait_for(ZHANG)
    assert "受理人：小王" in card.text and "默认是您接的" not in card.text, card.text
    assert await count(seeded, Complaint) == 0
    assert fake.rejected == []
