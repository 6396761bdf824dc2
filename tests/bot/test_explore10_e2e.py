"""What demanding users met (explore10): a visit ahead told with its purpose is briefed on the
client it names, not refused under a name made of the client and the purpose; a complaint ticket
asked after by its number is shown, not taken for a client named "7号"."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.policy import Severity
from services.storage.models import Client, Complaint
from tests.bot.conftest import InProcessBot
from tests.kit import LI, SUPERVISOR, ZHANG, buttons, client, seed_team

pytestmark = pytest.mark.e2e


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.clients.upsert_rows(None, [
        client(2, "宝山钢铁股份有限公司", ZHANG, aliases=("宝钢",)),
        client(3, "华润万家（上海）有限公司", ZHANG, aliases=("华润万家",)),
        client(4, "华润电力（常熟）有限公司", LI, aliases=("华润电力",)),
    ])  # fmt: skip


async def test_a_visit_ahead_told_with_its_purpose_is_briefed_on_the_client_it_names(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # It said 没有找到您可以查看的客户“宝钢谈续约”.
    for text in ("明天下午去宝钢谈续约", "下周三去宝钢谈续约", "今天下午去宝钢谈一下续约"):
        fake.send_text(ZHANG, text)
        brief = await fake.wait_for(ZHANG)
        assert "📋 拜访简报 · 宝山钢铁股份有限公司" in brief.text, (text, brief.text)
        assert "宝钢谈" not in brief.text, brief.text
    # A colleague's client is still not briefed, and not named back as another's.
    fake.send_text(ZHANG, "明天去华润电力谈续约")
    other = await fake.wait_for(ZHANG)
    assert other.text == "没有找到您可以查看的客户“华润电力”。发送 /clients 查看您的客户。", (
        other.text
    )
    assert fake.rejected == []


async def file_ticket(services: Services, name: str, status: str, description: str) -> int:
    """A medium ticket of the client received now, deadlines by the policy; its id."""
    now = services.clock.now()
    due = services.policy.complaints.deadlines(
        now, Severity.MEDIUM, timezone="Asia/Shanghai", calendar=services.policy.calendar()
    )
    async with services.db.write() as uow:
        found = (await uow.session.execute(select(Client).where(Client.name == name))).scalar_one()
        closed = now if status == "closed" else None
        ticket = Complaint(
            draft_id=f"seed-{description}", client_id=found.id, owner_id=found.owner_id,
            recorded_by_id=found.owner_id, received_by="张三", category="billing",
            severity="medium", description=description, status=status, received_at=now,
            first_response_due=due.first_response_due, resolution_due=due.resolution_due,
            responded_at=closed, resolved_at=closed, closed_at=closed,
            resolution="已退费" if closed else None, satisfaction=5 if closed else None,
            created_at=now, updated_at=now,
        )  # fmt: skip
        uow.session.add(ticket)
        await uow.commit()
        return ticket.id


async def test_a_ticket_asked_after_by_its_number_is_shown_with_its_deadline_and_buttons(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    mine = await file_ticket(seeded, "华润万家（上海）有限公司", "open", "账单多收两条专线")
    done = await file_ticket(seeded, "宝山钢铁股份有限公司", "closed", "发票抬头错误")
    theirs = await file_ticket(seeded, "华润电力（常熟）有限公司", "open", "专线掉线")
    due = seeded.policy.complaints.deadlines(
        seeded.clock.now(), Severity.MEDIUM, timezone="Asia/Shanghai",
        calendar=seeded.policy.calendar(),
    )  # fmt: skip
    first = due.first_response_due.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    await in_process_bot.start()
    # It said 没有找到您可以查看的客户“7号”, or answered from the handbook.
    for text in (f"{mine}号投诉怎么样了？", f"工单#{mine}"):
        fake.send_text(ZHANG, text)
        card = await fake.wait_for(ZHANG)
        assert card.text.startswith(f"#{mine} 华润万家（上海）有限公司 · 中 · 待响应"), card.text
        assert f"首次联系期限 {first}" in card.text and "账单多收两条专线" in card.text, card.text
        assert "已联系客户" in buttons(card), card.text
    fake.send_text(ZHANG, f"{mine}號投訴怎麼樣了")  # answered in the script it is asked in
    card = await fake.wait_for(ZHANG)
    assert card.text.startswith(f"#{mine} 华润万家（上海）有限公司 · 中 · 待回應"), card.text
    fake.send_text(ZHANG, f"how is ticket #{mine} going?")
    card = await fake.wait_for(ZHANG)
    assert card.text.startswith(f"#{mine} 华润万家（上海）有限公司 · Medium"), card.text
    assert f"First contact due {first}" in card.text, card.text
    # A closed one says how it ended, with no deadline to run.
    fake.send_text(ZHANG, f"{done}号投诉")
    card = await fake.wait_for(ZHANG)
    assert card.text == (
        f"#{done} 宝山钢铁股份有限公司 · 中 · 已关闭\n发票抬头错误\n处理结果：已退费\n满意度：5"
    ), card.text
    # Asked while a draft waits: the ticket, then the draft's question again.
    fake.send_text(ZHANG, "/complaint")
    await fake.wait_for(ZHANG, lambda m: "哪个客户" in m.text)
    fake.send_text(ZHANG, f"{mine}号投诉怎么样了")
    card = await fake.wait_for(ZHANG)
    assert card.text.startswith(f"#{mine} 华润万家（上海）有限公司 · 中 · 待响应"), card.text
    await fake.wait_for(ZHANG, lambda m: "哪个客户" in m.text)
    fake.send_text(ZHANG, "/cancel")
    await fake.wait_for(ZHANG)
    # A colleague's ticket is not shown to a manager; the team's supervisor sees it.
    fake.send_text(ZHANG, f"{theirs}号投诉怎么样了")
    refused = await fake.wait_for(ZHANG)
    assert refused.text == (
        f"没有找到您可以查看的投诉工单 #{theirs}。发送 /complaints 查看未关闭的工单。"
    ), refused.text
    fake.send_text(SUPERVISOR, f"{theirs}号投诉怎么样了")
    card = await fake.wait_for(SUPERVISOR)
    assert card.text.startswith(f"#{theirs} 华润电力（常熟）有限公司（李四） · 中"), card.text
    assert fake.rejected == []


async def test_a_question_naming_two_clients_by_a_shared_word_asks_which_under_that_word(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """ "华润有几个投诉？" (华润万家 or 华润电力) was answered "no one called 华润 in your scope"
    with the whole team's figures; "华润那个工单解决了吗" asked which client's name holds the
    whole question."""
    await seed(seeded)
    await in_process_bot.start()
    for text in ("华润有几个投诉？", "华润本月拜访了几次", "华润那个工单解决了吗"):
        fake.send_text(SUPERVISOR, text)
        asked = await fake.wait_for(SUPERVISOR)
        assert asked.text == "有几个客户的名称包含“华润”，请选择：", (text, asked.text)
        assert set(buttons(asked)) == {"华润万家（上海）有限公司", "华润电力（常熟）有限公司"}
    # A colleague's name is still a colleague's figures, and one client's word its card.
    fake.send_text(SUPERVISOR, "李四有几个投诉？")
    assert "李四" in (await fake.wait_for(SUPERVISOR)).text
    fake.send_text(SUPERVISOR, "华润万家有几个投诉？")
    assert "华润万家（上海）有限公司" in (await fake.wait_for(SUPERVISOR)).text
    assert fake.rejected == []


async def test_a_colleagues_client_named_in_english_is_refused_not_swapped_for_ones_own(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """ "Bank of Jiangsu called: their branch line is down" of 李四's Bank of Jiangsu was offered
    to 张三 as a complaint, with his own Bank of Communications the one client to pick."""
    await seed_team(seeded)
    await seeded.clients.upsert_rows(None, [
        client(2, "交通银行上海市分行", ZHANG, aliases=("交行", "Bank of Communications")),
        client(3, "江苏银行股份有限公司", LI, aliases=("Bank of Jiangsu",)),
    ])  # fmt: skip
    await in_process_bot.start()
    for text in (
        "Bank of Jiangsu called: their branch line is down",
        "Visited Bank of Jiangsu today, their branch line is down again, they are unhappy",
    ):
        fake.send_text(ZHANG, text)
        refused = await fake.wait_for(ZHANG)
        assert refused.text == (
            "I found no client “Bank of Jiangsu” among those you may see. /clients lists yours."
        ), (text, refused.text)
    # One's own bank, named, is still filed.
    fake.send_text(ZHANG, "Bank of Communications called: their branch line is down")
    card = await fake.wait_for(ZHANG)
    assert "Bank of Communications" in card.text and "Jiangsu" not in card.text, card.text
    assert fake.rejected == []
