"""A person met named by surname and title ("王总经理", "钱经理") is the client's filed contact of
that surname and rank when exactly one is filed; otherwise kept as typed, as 李总 and 张处长 are."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.domain import ContactInfo, Language
from services.exports import ExportKind
from services.storage.models import Visit
from tests.bot.conftest import InProcessBot
from tests.bot.test_visits_complaints_e2e import press
from tests.kit import ZHANG, client, seed_team

pytestmark = pytest.mark.e2e


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.clients.upsert_rows(None, [
        client(2, "宝山钢铁股份有限公司", ZHANG, aliases=("宝钢",), contacts=(
            ContactInfo("王建华", "总经理", "13681955100", True),
            ContactInfo("王芳", "财务部经理", "13681955101"),
            ContactInfo("钱军", "采购部经理", "13512100000"),
            ContactInfo("刘伟", "设备部经理", "13512100001"),
            ContactInfo("刘洋", "信息部经理", "13512100002"),
        )),
    ])  # fmt: skip


async def test_a_surname_with_a_title_is_the_one_filed_contact_of_that_rank(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    reports = (
        # It showed and saved "王总经理" as a name: the file's 王建华 is the general manager
        # (王芳 is a 经理, not a 总经理).
        ("今天上午去了宝钢，和王总经理谈了物联网卡续约", "王建华（总经理）"),
        ("今天上午去了宝钢，见了钱经理，谈了续约", "钱军（采购部经理）"),
        # Two 刘 managers: which one is not guessed; 李总 and 张处长 are not on file.
        ("今天上午去了宝钢，见了刘经理、李总和张处长，谈了续约", "刘经理、李总、张处长"),
    )
    for text, shown in reports:
        fake.send_text(ZHANG, text)
        card = await fake.wait_for(ZHANG, lambda m: "草稿" in m.text)
        assert shown in card.text, card.text
        await press(fake, ZHANG, card, "确认")
        assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visits = (await session.execute(select(Visit).order_by(Visit.id))).scalars().all()
    assert [v.people for v in visits] == [
        [{"name": "王建华", "title": "总经理"}],
        [{"name": "钱军", "title": "采购部经理"}],
        [{"name": "刘经理", "title": "经理"}, {"name": "李总", "title": None},
         {"name": "张处长", "title": "处长"}],
    ]  # fmt: skip
    assert fake.rejected == []


async def test_a_surname_with_a_title_met_before_the_contact_was_filed_is_that_contact_after(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # 王总经理 was met before the client's file named anyone: the visit keeps the person as the
    # report called them (the name as addressed, the title apart), never as a bare 王.
    await seed_team(seeded)
    await seeded.clients.upsert_rows(None, [client(3, "江苏沙钢集团", ZHANG, aliases=("沙钢",))])
    await in_process_bot.start()
    fake.send_text(ZHANG, "今天上午去了沙钢，和王总经理谈了物联网卡续约")
    card = await fake.wait_for(ZHANG, lambda m: "草稿" in m.text)
    assert "王总经理" in card.text and "王总经理（总经理）" not in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    # Later the file names him: 王建华, the general manager (王芳 is a 副总经理, not him).
    await seeded.clients.upsert_rows(None, [client(3, "江苏沙钢集团", ZHANG, aliases=("沙钢",), contacts=(
        ContactInfo("王建华", "总经理", "13681955100", True),
        ContactInfo("王芳", "副总经理", "13681955101"),
    ))])  # fmt: skip
    fake.send_text(ZHANG, "昨天去了沙钢，见了王建华，谈了二期扩容")
    card = await fake.wait_for(ZHANG, lambda m: "草稿" in m.text)
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    # The list and the briefing name one person met on both visits, as filed, not 王总经理
    # beside 王建华.
    fake.send_text(ZHANG, "/visits")
    listed = await fake.wait_for(ZHANG, lambda m: "最近" in m.text and "走访记录" in m.text)
    assert listed.text.count("见 王建华（总经理）") == 2 and "王总经理" not in listed.text, (
        listed.text
    )
    fake.send_text(ZHANG, "/brief 沙钢")
    brief = await fake.wait_for(ZHANG, lambda m: "拜访简报" in m.text)
    assert "王建华" in brief.text and "王总经理" not in brief.text, brief.text
    async with seeded.db.read() as session:
        visits = (await session.execute(select(Visit).order_by(Visit.id))).scalars().all()
    # The export names him as the chat does.
    header, *rows = await seeded.exports.rows(None, ExportKind.VISITS, Language.ZH)
    met = header.index("会见人员")
    assert [row[met] for row in rows] == ["王建华 总经理", "王建华 总经理"]
    # The record is what was said; the file is read when the visit is shown.
    assert visits[0].people == [{"name": "王总经理", "title": "总经理"}]
    assert fake.rejected == []
