"""A working day of a manager writing English and one writing traditional Chinese: an export asked
for in 繁體 sends the file, a client's card asked for with a possessive ("Shagang's credit
rating") is shown, "my overdue clients" lists them, and a person met added to a visit card
("also met …", "還見了…") joins the people on it."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from emulator import FakeTelegram
from services.bootstrap import Services
from services.domain import ContactInfo, CreditRating, Language, Role
from services.storage.models import Client as ClientModel
from services.storage.models import User, Visit
from tests.bot.conftest import InProcessBot
from tests.bot.test_visits_complaints_e2e import press
from tests.kit import LI, ZHANG, client, seed_team

pytestmark = pytest.mark.e2e

WANG = 1013  # writes English


async def seed(services: Services) -> None:
    await seed_team(services)
    await services.users.add_user(telegram_id=WANG, name="王磊", role=Role.MANAGER,
                                  team="华东一部", language=Language.EN)  # fmt: skip
    async with services.db.write() as uow:
        zhang = await uow.session.execute(select(User).where(User.telegram_id == ZHANG))
        chosen = zhang.scalar_one()  # 繁體 chosen with /lang, as the demo's 陈晓峰
        chosen.language, chosen.language_chosen = Language.ZH_HANT.value, True
        await uow.commit()
    await services.clients.upsert_rows(None, [
        client(2, "宁波银行股份有限公司", ZHANG, aliases=("宁波银行", "Bank of Ningbo"),
               credit_rating=CreditRating.GOOD, contacts=(
                   ContactInfo("柴振华", "信息科技部总经理", "13805849207", True),)),
        client(3, "江苏沙钢集团有限公司", WANG, aliases=("沙钢", "Shagang Group"),
               credit_rating=CreditRating.MEDIUM, contacts=(
                   ContactInfo("刘伟", "采购部经理", "13912345678", True),)),
        client(4, "宝山钢铁股份有限公司", LI, aliases=("宝钢", "Baosteel"), credit_rating=CreditRating.GOOD),
    ])  # fmt: skip


async def visit_today(services: Services, name: str, author: int) -> None:
    async with services.db.read() as session:
        ids = dict((await session.execute(select(ClientModel.name, ClientModel.id))).all())
        users = dict((await session.execute(select(User.telegram_id, User.id))).all())
    now = services.clock.now()
    async with services.db.write() as uow:
        uow.session.add(Visit(
            draft_id=f"v-{name}", client_id=ids[name], author_id=users[author],
            visited_on=now.date(), kind="on_site", people=[], summary="談了續約",
            created_at=now, updated_at=now,
        ))  # fmt: skip
        await uow.commit()


async def test_an_export_asked_for_in_traditional_chinese_sends_the_file(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await visit_today(seeded, "宁波银行股份有限公司", ZHANG)
    await in_process_bot.start()
    # It answered with the month's summary ("📊 我的工作彙總"), no file sent.
    fake.send_text(ZHANG, "導出本月的走訪記錄 csv")
    sent = await fake.wait_for(ZHANG, lambda m: m.kind == "document" or "彙總" in m.text)
    assert sent.kind == "document", sent.text
    body = (sent.document or b"").decode("utf-8-sig")
    assert "宁波银行股份有限公司" in body and "談了續約" in body, body
    assert "走訪記錄" in sent.text and "走访" not in sent.text, sent.text
    assert fake.rejected == []


async def test_a_clients_card_asked_for_with_a_possessive_is_shown(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # Each was "Sorry, I found nothing in the company documents about this.", the card not shown.
    # Now answered with the card's lines asked for (the whole card a button away).
    for question, line in (("what's Shagang's credit rating", "Credit rating: Medium"),
                           ("shagang's contacts?", "刘伟 采购部经理 13912345678")):  # fmt: skip
        before = len(fake.messages_to(WANG))
        fake.send_text(WANG, question)
        await fake.wait_for(WANG, lambda m: "江苏沙钢集团有限公司" in m.text or "Sorry" in m.text)
        said = "\n".join(m.text for m in fake.messages_to(WANG)[before:])
        assert "江苏沙钢集团有限公司" in said and line in said, (question, said)
    # A colleague's client so asked about is still none of theirs, nothing of it shown.
    fake.send_text(WANG, "what's Baosteel's credit rating")
    told = await fake.wait_for(WANG)
    assert "no client “Baosteel”" in told.text, told.text
    assert fake.rejected == []


async def test_my_overdue_clients_asked_by_name_alone_lists_them(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    today = seeded.clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date()
    await seeded.clients.upsert_rows(None, [
        client(2, "宁波银行股份有限公司", ZHANG, last_visit_on=today - timedelta(days=200)),
        client(3, "江苏沙钢集团有限公司", WANG, last_visit_on=today - timedelta(days=106)),
    ])  # fmt: skip
    await in_process_bot.start()
    # Each was answered with the handbook's article on overdue visits, no client named.
    fake.send_text(WANG, "my overdue clients")
    said = await fake.wait_for(WANG, lambda m: "Shagang" in m.text or "documents" in m.text)
    assert "Shagang Group: 16 days overdue" in said.text, said.text
    fake.send_text(ZHANG, "我的逾期客戶")
    said = await fake.wait_for(ZHANG, lambda m: "宁波银行" in m.text or "資料" in m.text)
    assert "1. 宁波银行股份有限公司：超期 20 天" in said.text, said.text
    assert "超期未走訪的客戶" in said.text, said.text
    # How overdue clients are handled is still a question for the handbook.
    fake.send_text(ZHANG, "逾期客戶要怎麼處理？")
    said = await fake.wait_for(ZHANG)
    assert "宁波银行" not in said.text, said.text
    assert fake.rejected == []


async def test_a_person_met_as_well_typed_on_a_visit_card_joins_its_people(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "昨天下午去了寧波銀行，見了柴振華，談了災備專線續約")
    card = await fake.wait_for(ZHANG, lambda m: "走訪記錄草稿" in m.text)
    assert "人員：柴振華（信息科技部总经理）\n" in card.text, card.text
    # It answered "這像是一份新的走訪記錄…" and offered to save this draft and log another.
    fake.send_text(ZHANG, "還見了財務處的錢處長")
    card = await fake.wait_for(ZHANG, lambda m: "走訪記錄草稿" in m.text or "新的" in m.text)
    assert "人員：柴振華（信息科技部总经理）、錢處長（財務處處長）\n" in card.text, card.text
    await press(fake, ZHANG, card, "確認")
    assert "已保存走訪記錄" in (await fake.wait_for(ZHANG)).text
    fake.send_text(
        WANG, "Visited Shagang yesterday afternoon, met Liu Wei, discussed the 1G upgrade"
    )
    card = await fake.wait_for(WANG, lambda m: "Visit report draft" in m.text)
    fake.send_text(WANG, "also met Chen Jing from finance")
    card = await fake.wait_for(WANG, lambda m: "Visit report draft" in m.text or "new" in m.text)
    # Liu Wei is Shagang's filed 刘伟: shown as filed, with the file's title.
    assert "People: Liu Wei (刘伟, 采购部经理), Chen Jing (finance)\n" in card.text, card.text
    await press(fake, WANG, card, "Confirm")
    assert "saved" in (await fake.wait_for(WANG)).text
    async with seeded.db.read() as session:
        people = [
            v.people for v in (await session.execute(select(Visit).order_by(Visit.id))).scalars()
        ]
    assert people == [
        [
            {"name": "柴振華", "title": "信息科技部总经理"},
            {"name": "錢處長", "title": "財務處處長"},
        ],
        [{"name": "刘伟", "title": "采购部经理"}, {"name": "Chen Jing", "title": "finance"}],
    ], people
    assert fake.rejected == []


async def test_a_kind_put_right_in_traditional_chinese_changes_the_visit_card(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "昨天去了寧波銀行，見了柴振華，談了賬單問題")
    card = await fake.wait_for(ZHANG, lambda m: "走訪記錄草稿" in m.text)
    assert "方式：🏢 上門\n" in card.text, card.text
    # Each answered "沒看懂要改哪一項…" (its own example "方式改成電話" among them), the card kept.
    fake.send_text(ZHANG, "方式改成電話")
    card = await fake.wait_for(ZHANG, lambda m: "走訪記錄草稿" in m.text)
    assert "方式：📞 電話\n" in card.text, card.text
    fake.send_text(ZHANG, "不對，是視頻會議")
    card = await fake.wait_for(ZHANG, lambda m: "走訪記錄草稿" in m.text)
    assert "方式：🎥 視訊\n" in card.text, card.text
    await press(fake, ZHANG, card, "確認")
    assert "已保存走訪記錄" in (await fake.wait_for(ZHANG)).text
    async with seeded.db.read() as session:
        assert (await session.execute(select(Visit.kind))).scalar_one() == "video"
    assert fake.rejected == []


async def test_who_changed_a_record_asked_in_traditional_chinese_shows_its_history(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(ZHANG, "寧波銀行剛打電話來投訴，說上個月的發票金額錯了")
    await press(fake, ZHANG, await fake.wait_for(ZHANG, lambda m: "嚴重程度" in m.text), "中")
    card = await fake.wait_for(ZHANG, lambda m: "投訴工單草稿" in m.text)
    await press(fake, ZHANG, card, "確認")
    saved = await fake.wait_for(ZHANG, lambda m: "已保存投訴工單" in m.text)
    number = saved.text.split("#")[1].split("。")[0]
    # It answered with the week's complaints summary ("📊 我的工作彙總"), no history shown.
    fake.send_text(ZHANG, f"{number}號投訴誰改過？")
    said = await fake.wait_for(ZHANG, lambda m: "修改記錄" in m.text or "彙總" in m.text)
    assert f"投訴工單 #{number}（宁波银行股份有限公司）的修改記錄" in said.text, said.text
    # Asked in reply to a client's card, "this client" is that client (it went to the handbook).
    fake.send_text(ZHANG, "/client 寧波銀行")
    card = await fake.wait_for(ZHANG, lambda m: "聯繫人" in m.text)
    fake.send_text(ZHANG, "這個客戶信用怎麼樣？", reply_to_message_id=card.message_id)
    said = await fake.wait_for(ZHANG)
    assert "宁波银行股份有限公司" in said.text and "信譽等級：優" in said.text, said.text
    assert fake.rejected == []


async def test_a_person_met_named_with_the_clients_possessive_keeps_a_clean_title(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    # The card (and the saved visit) said "Mr. Sun (s procurement head)".
    fake.send_text(WANG, "Met Shagang's procurement head Mr. Sun yesterday at their plant, "
                         "talked about the 1G upgrade")  # fmt: skip
    card = await fake.wait_for(WANG, lambda m: "Visit report draft" in m.text)
    assert "People: Mr. Sun (procurement head)\n" in card.text, card.text
    await press(fake, WANG, card, "Confirm")
    assert "saved" in (await fake.wait_for(WANG)).text
    async with seeded.db.read() as session:
        visit = (await session.execute(select(Visit))).scalar_one()
    assert visit.people == [{"name": "Mr. Sun", "title": "procurement head"}], visit.people
    assert fake.rejected == []
