"""A manager's day as a demanding user lives it: a visit just saved and typed away ("撤销刚才那条
走访记录", "undo the last visit") is offered for deletion, not offered as a new visit report, and
a next step written after "Next:" is saved without the label."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.storage.models import Visit
from tests.bot.conftest import InProcessBot
from tests.bot.test_explore4_e2e import WANG, seed
from tests.bot.test_visits_complaints_e2e import press
from tests.kit import LI, ZHANG

pytestmark = pytest.mark.e2e


async def saved_visit(fake: FakeTelegram, user: int, report: str, confirm: str) -> str:
    """A visit report typed and confirmed; its number."""
    fake.send_text(user, report)
    card = await fake.wait_for(user, lambda m: "草稿" in m.text or "draft" in m.text)
    await press(fake, user, card, confirm)
    saved = await fake.wait_for(user, lambda m: "#" in m.text)
    return saved.text.split("#")[1].split("。")[0].split(" ")[0]


async def test_the_visit_just_saved_is_undone_by_saying_so(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(LI, "/lang zh")
    await fake.wait_for(LI)
    number = await saved_visit(
        fake, LI, "昨天去了宝钢，见了设备部张总，谈了物联网卡扩容", confirm="确认"
    )
    # It answered "这条消息看起来像一份走访记录，要记录下来吗？" (offered to log a new visit).
    fake.send_text(LI, "撤销刚才那条走访记录")
    asked = await fake.wait_for(LI, lambda m: "删除" in m.text or "走访记录" in m.text)
    assert f"删除走访记录 #{number}（宝山钢铁股份有限公司，" in asked.text, asked.text
    await press(fake, LI, asked, "确认删除")
    assert f"已删除走访记录 #{number}" in (await fake.wait_for(LI)).text
    async with seeded.db.read() as session:
        assert (await session.execute(select(Visit.deleted_at))).scalar_one() is not None
    # In English too; kept when the manager thinks better of it.
    number = await saved_visit(
        fake, WANG, "Visited Shagang yesterday, met Liu Wei, discussed the 1G upgrade", "Confirm"
    )
    fake.send_text(WANG, "undo the last visit")
    asked = await fake.wait_for(WANG, lambda m: "Delete" in m.text or "visit report" in m.text)
    assert f"Delete visit #{number} (Shagang" in asked.text, asked.text
    await press(fake, WANG, asked, "Cancel")
    assert f"visit #{number} is kept" in (await fake.wait_for(WANG)).text
    # One with no visit of their own to undo is told so, in the words' script.
    fake.send_text(ZHANG, "刪除上一條走訪記錄")
    told = await fake.wait_for(ZHANG)
    assert "沒有可以刪除的走訪記錄" in told.text, told.text
    async with seeded.db.read() as session:
        kept = await session.execute(select(Visit.deleted_at).where(Visit.id == int(number)))
        assert kept.scalar_one() is None
    assert fake.rejected == []


async def test_a_next_step_written_after_next_is_saved_without_the_label(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # The card read "Next step: Next: send a quote by next Wednesday".
    fake.send_text(
        WANG,
        "Visited Shagang yesterday, met Liu Wei, discussed the 1G upgrade. "
        "Next: send a quote by next Wednesday",
    )
    card = await fake.wait_for(WANG, lambda m: "Visit report draft" in m.text)
    assert "Next step: send a quote by next Wednesday\n" in card.text, card.text
    await press(fake, WANG, card, "Cancel")
    await fake.wait_for(WANG, lambda m: "Cancelled" in m.text)
    # "Next step: Follow-up: call him on Friday", "下一步：计划：周五前发合同" and the like.
    fake.send_text(
        WANG, "Visited Shagang yesterday, discussed pricing. Follow-up: call Liu Wei on Friday"
    )
    card = await fake.wait_for(WANG, lambda m: "Visit report draft" in m.text)
    assert "Next step: call Liu Wei on Friday\n" in card.text, card.text
    fake.send_text(LI, "/lang zh")
    await fake.wait_for(LI)
    for label in ("下一步计划：", "待办事项：", "跟进："):
        fake.send_text(LI, f"昨天去了宝钢，谈了物联网卡价格。{label}周五前发合同")
        card = await fake.wait_for(LI, lambda m: "走访记录草稿" in m.text)
        assert "下一步：周五前发合同\n" in card.text, (label, card.text)
        await press(fake, LI, card, "取消")
        await fake.wait_for(LI, lambda m: "已取消" in m.text)
    assert fake.rejected == []


async def test_a_clients_card_asked_for_under_a_mistyped_name_offers_the_client_meant(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(LI, "/lang zh")
    await fake.wait_for(LI)
    # It answered "抱歉，在公司文件中没有找到与这个问题相关的内容。" (/client 宝山钢跌 asks).
    fake.send_text(LI, "宝山钢跌的联系人")
    asked = await fake.wait_for(LI, lambda m: "客户" in m.text or "文件" in m.text)
    assert "您是指以下哪个客户？（没有客户的名称包含“宝山钢跌”" in asked.text, asked.text
    await press(fake, LI, asked, "宝山钢铁股份有限公司")
    card = await fake.wait_for(LI, lambda m: "🏢" in m.text)
    assert "宝山钢铁股份有限公司" in card.text, card.text
    # In English too.
    fake.send_text(WANG, "what's Shagnag Group's credit rating?")
    asked = await fake.wait_for(WANG, lambda m: "client" in m.text or "Sorry" in m.text)
    assert "Did you mean one of these clients?" in asked.text, asked.text
    assert "Shagang Group" in str(asked.reply_markup), asked.reply_markup
    # A colleague's client so mistyped is still none of theirs: no client of their own offered.
    fake.send_text(WANG, "宝山钢跌的联系人")
    told = await fake.wait_for(WANG)
    assert "宝山" not in str(told.reply_markup) and "Shagang" not in str(told.reply_markup), told
    assert fake.rejected == []


async def test_the_visit_just_saved_is_corrected_by_saying_so(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(LI, "/lang zh")
    await fake.wait_for(LI)
    number = await saved_visit(fake, LI, "今天去了宝钢，见了设备部张总，谈了物联网卡扩容", "确认")
    # It answered "这条消息看起来像一份走访记录，要记录下来吗？" (offered to log a new visit).
    fake.send_text(LI, "刚才那条走访的日期改成昨天")
    card = await fake.wait_for(LI, lambda m: "走访记录" in m.text and "时间" in m.text)
    assert f"修改走访记录 #{number}" in card.text, card.text
    yesterday = (
        seeded.clock.now().astimezone(ZoneInfo("Asia/Shanghai")) - timedelta(days=1)
    ).date()
    assert f"时间：{yesterday.isoformat()}" in card.text, card.text
    await press(fake, LI, card, "确认")
    assert f"已修改走访记录 #{number}" in (await fake.wait_for(LI)).text
    async with seeded.db.read() as session:
        assert (await session.execute(select(Visit.visited_on))).scalar_one() == yesterday
    assert fake.rejected == []


async def test_a_visit_reported_at_a_colleagues_client_is_refused_at_once(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(LI, "/lang zh")
    await fake.wait_for(LI)
    # It offered "这条消息看起来像一份走访记录，要记录下来吗？", then asked which of their own
    # clients, and only then said 沙钢 was none of them; a complaint there is refused at once.
    fake.send_text(LI, "昨天去了沙钢，见了刘伟，谈了专线续约")
    told = await fake.wait_for(LI)
    assert "没有找到您可以查看的客户“沙钢”" in told.text, told.text
    fake.send_text(LI, "Visited Shagang yesterday, met Liu Wei, discussed the renewal")
    told = await fake.wait_for(LI)
    assert "no client “Shagang”" in told.text, told.text
    async with seeded.db.read() as session:
        assert (await session.execute(select(Visit.id))).first() is None
    assert fake.rejected == []
