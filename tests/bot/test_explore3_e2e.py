"""What a new manager ran into between visits: a person put right on a visit card does not keep
the title the client's file gives the person replaced, and 取消 typed on a draft cancels it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.domain import ContactInfo
from services.storage.models import Client as ClientModel
from services.storage.models import Complaint, User, Visit
from tests.bot.conftest import InProcessBot
from tests.bot.test_visits_complaints_e2e import press
from tests.kit import LI, ZHANG, client, count, seed_team

pytestmark = pytest.mark.e2e


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.clients.upsert_rows(None, [
        client(2, "宝山钢铁股份有限公司", ZHANG, aliases=("宝钢", "Baosteel"), contacts=(
            ContactInfo("张国栋", "设备部张总", "13681955106", True),
            ContactInfo("周蕾", "信息化办公室主任", "13512107734", True),
            ContactInfo("钱军", "采购部经理", "13512100000"),
        )),
    ])  # fmt: skip


async def test_a_person_put_right_does_not_take_the_title_filed_for_the_one_replaced(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "今天上午去了宝钢，见了张国栋和周蕾，谈了物联网卡续约")
    card = await fake.wait_for(ZHANG)
    assert "周蕾（信息化办公室主任）" in card.text, card.text
    # It showed (and saved) "王总（信息化办公室主任）": 周蕾's title given to someone else.
    fake.send_text(ZHANG, "不是周蕾，是王总")
    await fake.wait_for(ZHANG)
    card = await fake.wait_for(ZHANG)
    assert "王总" in card.text and "周蕾" not in card.text, card.text
    assert "信息化办公室主任" not in card.text, card.text
    # A contact of the client's file named instead takes that contact's own title.
    fake.send_text(ZHANG, "不是王总，是钱军")
    await fake.wait_for(ZHANG)
    card = await fake.wait_for(ZHANG)
    assert "钱军（采购部经理）" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.people == [
        {"name": "张国栋", "title": "设备部张总"},
        {"name": "钱军", "title": "采购部经理"},
    ]
    assert fake.rejected == []


async def test_cancel_typed_on_a_draft_cancels_it_as_the_button_does(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "宝钢打电话来投诉，说厂区物联网卡昨天大面积掉线，非常紧急")
    card = await fake.wait_for(ZHANG, lambda m: "投诉工单草稿" in m.text)
    assert "宝山钢铁股份有限公司" in card.text, card.text
    # It answered "没看懂要改哪一项…" and showed the card again, the draft kept.
    fake.send_text(ZHANG, "算了，取消")
    assert (await fake.wait_for(ZHANG)).text == "已取消。"
    fake.send_text(ZHANG, "/cancel")  # nothing is left to cancel
    assert "没有" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "今天上午去了宝钢，见了张国栋，谈了物联网卡续约")
    assert "走访记录草稿" in (await fake.wait_for(ZHANG)).text
    fake.send_text(ZHANG, "cancel")
    assert (await fake.wait_for(ZHANG)).text == "已取消。"
    # Words about a cancellation are still a correction or a report, not a cancel.
    fake.send_text(ZHANG, "/complaint 宝钢投诉说要取消物联网卡合同")
    await fake.wait_for(ZHANG)
    await fake.wait_idle()
    assert await count(seeded, Complaint) == 0 and await count(seeded, Visit) == 0
    assert fake.rejected == []


async def test_a_question_about_a_clients_contacts_by_part_of_its_name_gets_its_card(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # Each went to the handbook ("根据资料：第四十二条 档案内容…"), the client's card never shown.
    # Now answered with the card's lines asked for (the whole card a button away).
    for question, line in (("宝山的联系人电话", "周蕾 信息化办公室主任 13512107734"),
                           ("寶山的信用等級是什麼？", "信譽等級："),
                           ("phone number of baoshan?", "周蕾 信息化办公室主任 13512107734")):  # fmt: skip
        before = len(fake.messages_to(ZHANG))
        fake.send_text(ZHANG, question)
        await fake.wait_for(ZHANG, lambda m, line=line: line in m.text)
        await fake.wait_idle()
        said = "\n".join(m.text for m in fake.messages_to(ZHANG)[before:])
        assert "宝山钢铁股份有限公司" in said and line in said, (question, said)
    # Another manager is told it is none of theirs, nothing of the client shown.
    fake.send_text(LI, "宝山的联系人电话")
    await fake.wait_idle()
    for message in fake.messages_to(LI):
        assert "周蕾" not in message.text and "宝山钢铁" not in message.text, message.text
    assert fake.rejected == []


async def test_a_person_named_again_by_surname_and_title_is_one_person_met(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # The card listed a third person, "吴主任" (and "张总"), who is 吴振宇 (张国栋) said again.
    fake.send_text(ZHANG, "昨天下午去了宝钢，见了信息中心吴振宇主任和周蕾，聊了出口扩容的proposal，"
                          "吴主任说budget要等明年3月才批")  # fmt: skip
    card = await fake.wait_for(ZHANG, lambda m: "走访记录草稿" in m.text)
    assert "人员：吴振宇（信息中心主任）、周蕾（信息化办公室主任）\n" in card.text, card.text
    await press(fake, ZHANG, card, "取消")
    assert (await fake.wait_for(ZHANG)).text == "已取消。"
    fake.send_text(ZHANG, "今天上午去了宝钢，见了张国栋，张总说物联网卡明年要续约")
    card = await fake.wait_for(ZHANG, lambda m: "走访记录草稿" in m.text)
    assert "人员：张国栋（设备部张总）\n" in card.text, card.text
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.people == [{"name": "张国栋", "title": "设备部张总"}]
    assert fake.rejected == []


async def test_an_export_naming_a_client_holds_that_clients_records_alone(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await seeded.clients.upsert_rows(None, [
        client(3, "顺丰速运（上海）有限公司", ZHANG, aliases=("顺丰",)),
        client(4, "江苏沙钢集团有限公司", LI, aliases=("沙钢",)),
    ])  # fmt: skip
    async with seeded.db.read() as session:
        ids = dict((await session.execute(select(ClientModel.name, ClientModel.id))).all())
        users = dict((await session.execute(select(User.telegram_id, User.id))).all())
    now = seeded.clock.now()
    async with seeded.db.write() as uow:
        for n, (name, author) in enumerate([("宝山钢铁股份有限公司", ZHANG),
                                            ("顺丰速运（上海）有限公司", ZHANG),
                                            ("江苏沙钢集团有限公司", LI)]):  # fmt: skip
            uow.session.add(Visit(
                draft_id=f"v{n}", client_id=ids[name], author_id=users[author],
                visited_on=now.date(), kind="on_site", people=[], summary=f"第{n}次",
                created_at=now, updated_at=now,
            ))  # fmt: skip
        await uow.commit()
    await in_process_bot.start()
    # It sent every client's visits (宝钢 and 顺丰), the file saying nothing of the one asked.
    fake.send_text(ZHANG, "导出宝钢的走访记录 csv")
    sent = await fake.wait_for(ZHANG, lambda m: m.kind == "document")
    body = (sent.document or b"").decode("utf-8-sig")
    assert "宝山钢铁股份有限公司" in body and "顺丰" not in body, body
    assert "宝山钢铁股份有限公司的走访记录导出，共 1 行" in sent.text, sent.text
    # No kind said: the kinds to choose from, each of that client's records.
    fake.send_text(ZHANG, "导出顺丰的资料")
    choose = await fake.wait_for(ZHANG)
    await press(fake, ZHANG, choose, "走访记录")
    sent = await fake.wait_for(ZHANG, lambda m: m.kind == "document")
    assert "顺丰速运（上海）有限公司的走访记录导出，共 1 行" in sent.text, sent.text
    # A colleague's client: refused, no file; a forged button for it is stale.
    fake.send_text(ZHANG, "导出沙钢的走访记录")
    told = await fake.wait_for(ZHANG)
    assert told.text == "没有找到您可以查看的客户“沙钢”。发送 /clients 查看您的客户。", told.text
    files = len([m for m in fake.messages_to(ZHANG) if m.kind == "document"])
    fake.press_button(ZHANG, choose.message_id, f"ex:visits:c{ids['江苏沙钢集团有限公司']}",
                      forge=True)  # fmt: skip
    await fake.wait_idle()
    assert len([m for m in fake.messages_to(ZHANG) if m.kind == "document"]) == files
    assert all("沙钢集团" not in m.text for m in fake.messages_to(ZHANG))
    assert fake.rejected == []


async def test_a_report_naming_only_a_clients_contact_is_drafted_for_that_client(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await seeded.clients.upsert_rows(None, [
        client(3, "顺丰速运（上海）有限公司", ZHANG, aliases=("顺丰",),
               contacts=(ContactInfo("黄晓东", "华东区IT负责人", "13918840276"),)),
        client(4, "江苏沙钢集团有限公司", LI, contacts=(ContactInfo("季海东", "信息化部部长"),)),
    ])  # fmt: skip
    await in_process_bot.start()
    # It said 没有在您的客户中找到“黄晓东” and asked which client.
    fake.send_text(ZHANG, "/visit 昨天下午电话联系了黄晓东，确认分拣线5G下周进场")
    card = await fake.wait_for(ZHANG)
    assert "客户：顺丰速运（上海）有限公司" in card.text, card.text
    assert "黄晓东（华东区IT负责人）" in card.text and "没有" not in card.text, card.text
    await press(fake, ZHANG, card, "取消")
    assert (await fake.wait_for(ZHANG)).text == "已取消。"
    # A colleague's client's contact names no client of one's own: which client is asked.
    fake.send_text(ZHANG, "/visit 昨天下午电话联系了季海东，谈了无线覆盖")
    asked = await fake.wait_for(ZHANG, lambda m: "哪个客户" in m.text)
    assert "沙钢" not in asked.text, asked.text
    assert fake.rejected == []


async def test_a_full_name_with_its_rank_after_it_is_the_person_met(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # "人員：未填寫", and "見了陶建平副總" left in what was discussed.
    fake.send_text(ZHANG, "昨天去了寶鋼，見了陶建平副總，談了物聯網卡續約，下週四前提交方案")
    card = await fake.wait_for(ZHANG, lambda m: "草稿" in m.text)
    assert "人員：陶建平（副總）\n" in card.text, card.text
    assert "內容：物聯網卡續約\n" in card.text, card.text
    fake.send_text(ZHANG, "取消")
    assert (await fake.wait_for(ZHANG)).text == "已取消。"
    fake.send_text(ZHANG, "昨天去了宝钢，见了陶建平副总和周蕾，谈了物联网卡续约")
    card = await fake.wait_for(ZHANG, lambda m: "草稿" in m.text)
    assert "人员：陶建平（副总）、周蕾（信息化办公室主任）\n" in card.text, card.text
    assert fake.rejected == []


async def test_a_visit_report_replying_to_a_clients_card_is_drafted_for_that_client(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await seeded.clients.upsert_rows(None, [
        client(3, "顺丰速运（上海）有限公司", ZHANG, aliases=("顺丰",)),
        client(4, "江苏沙钢集团有限公司", LI, aliases=("沙钢",)),
    ])  # fmt: skip
    await in_process_bot.start()
    fake.send_text(ZHANG, "/client 顺丰")
    card = await fake.wait_for(ZHANG, lambda m: "顺丰速运（上海）有限公司" in m.text)
    # It was offered as a report of no client ("要记录下来吗？"), then which client was asked.
    fake.send_text(ZHANG, "记一下：昨天下午电话联系了对方IT，确认分拣线5G下周进场",
                   reply_to_message_id=card.message_id)  # fmt: skip
    draft = await fake.wait_for(ZHANG)
    assert "走访记录草稿" in draft.text, draft.text
    assert "客户：顺丰速运（上海）有限公司" in draft.text, draft.text
    await press(fake, ZHANG, draft, "取消")
    assert (await fake.wait_for(ZHANG)).text == "已取消。"
    # A report naming another of one's clients is that client's, whatever card it replies to.
    fake.send_text(ZHANG, "昨天下午去了宝钢，谈了物联网卡续约", reply_to_message_id=card.message_id)
    draft = await fake.wait_for(ZHANG)
    assert "客户：宝山钢铁股份有限公司" in draft.text, draft.text
    await press(fake, ZHANG, draft, "取消")
    assert (await fake.wait_for(ZHANG)).text == "已取消。"
    assert fake.rejected == []


async def test_a_question_about_a_clients_contacts_typed_on_a_draft_card_is_answered(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "昨天下午去了宝钢，见了张国栋，谈了物联网卡续约")
    card = await fake.wait_for(ZHANG, lambda m: "走访记录草稿" in m.text)
    before = len(fake.messages_to(ZHANG))
    # It answered "没看懂要改哪一项…", as if the question were a correction of the card.
    fake.send_text(ZHANG, "宝山的联系人电话")
    await fake.wait_for(
        ZHANG, lambda m: "走访记录草稿" in m.text and m.message_id > card.message_id
    )
    said = "\n".join(m.text for m in fake.messages_to(ZHANG)[before:])
    assert "周蕾 信息化办公室主任 13512107734" in said and "没看懂" not in said, said
    # A correction naming the people is still a correction.
    await fake.wait_idle()
    before = len(fake.messages_to(ZHANG))
    fake.send_text(ZHANG, "人员改成周蕾")
    await fake.wait_for(ZHANG)
    await fake.wait_idle()
    said = "\n".join(m.text for m in fake.messages_to(ZHANG)[before:])
    assert "已按您的修改更新" in said and "人员：周蕾（信息化办公室主任）" in said, said
    assert fake.rejected == []
