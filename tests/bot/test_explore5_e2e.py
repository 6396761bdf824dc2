"""A day of a supervisor and three managers: open and overdue complaints asked for in words are
listed, "/export visits 王磊 本月" exports that colleague's month, a complaint told at an earlier
visit raises no false alarm, an English alias is matched whole, and two colleagues set side by
side are each named."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from emulator import FakeTelegram, SentMessage
from services.bootstrap import Services
from services.domain import ContactInfo, CreditRating
from services.storage.models import Complaint, User
from tests.bot.conftest import InProcessBot
from tests.bot.test_explore4_e2e import WANG, seed, visit_today
from tests.bot.test_visits_complaints_e2e import press
from tests.fakes import FakeClock
from tests.kit import LI, SUPERVISOR, ZHANG, client

pytestmark = pytest.mark.e2e


async def draft_card(fake: FakeTelegram, user: int, taps: tuple[str, ...]) -> SentMessage:
    """The draft card, each step before it answered by the first of `taps` among its buttons."""
    while True:
        asked = await fake.wait_for(user)
        if "草稿" in asked.text or "draft" in asked.text:
            return asked
        label = next((x for x in taps if any(x in b for b in _labels(asked))), None)
        assert label is not None, asked.text
        await press(fake, user, asked, label)


async def file_complaint(fake: FakeTelegram, user: int, text: str, *, level: str) -> str:
    """A complaint filed in words, its steps answered; its number."""
    fake.send_text(user, f"/complaint {text}")
    card = await draft_card(fake, user, (level, "产品质量", "Product", "我", "Me"))
    await press(fake, user, card, "确认" if "确认" in str(card.reply_markup) else "Confirm")
    saved = await fake.wait_for(user, lambda m: "#" in m.text)
    return saved.text.split("#")[1].split("。")[0].split(" ")[0]


async def test_open_and_overdue_complaints_asked_for_in_words_are_listed(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.add_user(SUPERVISOR)
    fake.send_text(ZHANG, "/lang zh")
    await fake.wait_for(ZHANG)
    late = await file_complaint(fake, ZHANG, "宁波银行的专线昨天断了两次，客户很不满", level="高")
    # Days on, the first is past its first-contact deadline; one filed now is not.
    bot_clock.advance(days=4)
    fresh = await file_complaint(fake, WANG, "Shagang says the invoice is wrong", level="Low")
    # Each was answered with the week's summary (counts and a button), no ticket listed.
    fake.send_text(ZHANG, "我有哪些未结的投诉？")
    head = await fake.wait_for(ZHANG, lambda m: "的投诉工单" in m.text)
    assert "未关闭的投诉工单 1 个" in head.text, head.text
    item = await fake.wait_for(ZHANG, lambda m: m.text.startswith("#"))
    assert f"#{late} 宁波银行股份有限公司 · 高" in item.text, item.text
    assert "首次联系期限" in item.text and "已超期" in item.text, item.text
    fake.send_text(WANG, "my open complaints")
    head = await fake.wait_for(WANG, lambda m: "complaint ticket" in m.text)
    assert "1 complaint ticket" in head.text, head.text
    item = await fake.wait_for(WANG, lambda m: m.text.startswith("#"))
    assert f"#{fresh} Shagang Group · Low" in item.text, item.text
    # The supervisor's overdue ones alone, each with its owner.
    fake.send_text(SUPERVISOR, "团队有哪些投诉超期了")
    head = await fake.wait_for(SUPERVISOR, lambda m: "的投诉工单" in m.text)
    assert "已超期的投诉工单 1 个（未关闭的共 2 个" in head.text, head.text
    item = await fake.wait_for(SUPERVISOR, lambda m: m.text.startswith("#"))
    assert f"#{late} 宁波银行股份有限公司（张三） · 高" in item.text, item.text
    assert "Shagang" not in item.text and "沙钢" not in item.text, item.text
    assert fake.rejected == []


async def test_an_export_command_naming_a_colleague_and_a_period_exports_their_records(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await visit_today(seeded, "江苏沙钢集团有限公司", WANG)
    await visit_today(seeded, "宁波银行股份有限公司", ZHANG)
    await in_process_bot.start()
    fake.add_user(SUPERVISOR)
    # It answered with the command's usage, no file.
    fake.send_text(SUPERVISOR, "/export visits 王磊 本月")
    sent = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "document" or "用法" in m.text)
    assert sent.kind == "document", sent.text
    assert "王磊的走访记录" in sent.text and "本月" in sent.text, sent.text
    body = sent.document or b""
    assert b"\xe6\xb2\x99\xe9\x92\xa2" in body or sent.filename.endswith(".xlsx"), sent.filename
    fake.send_text(SUPERVISOR, "/export 走访 本月 王磊 csv")
    sent = await fake.wait_for(SUPERVISOR, lambda m: m.kind == "document" or "用法" in m.text)
    text = (sent.document or b"").decode("utf-8-sig")
    assert "江苏沙钢集团有限公司" in text and "宁波银行" not in text, text
    # Someone no one in the team is called: said, not the usage nor the whole team's file.
    fake.send_text(SUPERVISOR, "/export visits 赵六 本月")
    told = await fake.wait_for(SUPERVISOR)
    assert "没有找到您可以查看的同事或客户“赵六”" in told.text, told.text
    assert fake.rejected == []


async def test_a_complaint_told_at_an_earlier_visit_raises_no_false_alarm(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await in_process_bot.start()
    fake.send_text(
        WANG, "Visited Shagang five days ago, met Liu Wei, he complained the 1G line dropped twice"
    )
    offer = await fake.wait_for(WANG)
    await press(fake, WANG, offer, "visit")
    card = await fake.wait_for(WANG, lambda m: "Visit report draft" in m.text)
    await press(fake, WANG, card, "Confirm")
    offered = await fake.wait_for(WANG, lambda m: "complaint" in m.text.lower())
    await press(fake, WANG, offered, "complaint")
    asked = await draft_card(fake, WANG, ("Product", "medium", "Me"))
    assert "in person at the visit" in asked.text, asked.text
    await press(fake, WANG, asked, "Confirm")
    saved = await fake.wait_for(WANG, lambda m: "saved" in m.text)
    # It said at once "The first-contact deadline has already passed: contact the client soon".
    assert "First contact: made when it was received in person at the visit" in saved.text
    said = [m.text for m in fake.messages_to(WANG)]
    assert not any("first-contact deadline has already passed" in t for t in said), said
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert ticket.status == "responded" and ticket.responded_at == ticket.received_at
    assert fake.rejected == []


def _labels(message: object) -> set[str]:
    markup = getattr(message, "reply_markup", None) or {}
    return {b["text"] for row in markup.get("inline_keyboard", []) for b in row}


async def test_an_english_alias_is_matched_whole_and_two_that_fit_are_asked_about(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await seeded.clients.upsert_rows(None, [
        client(5, "中国石化扬子石油化工有限公司", WANG, aliases=("扬子石化", "Yangzi Petrochemical"),
               credit_rating=CreditRating.GOOD),
        client(6, "扬子江快运有限公司", WANG, aliases=("扬子快运", "Yangzi Express"),
               credit_rating=CreditRating.POOR, contacts=(
                   ContactInfo("Zhou Bin", "IT manager", "13900001111", True),)),
    ])  # fmt: skip
    await in_process_bot.start()
    fake.send_text(WANG, "what's Yangzi Express's credit rating")
    said = await fake.wait_for(WANG, lambda m: "Credit rating" in m.text or "?" in m.text)
    assert "扬子江快运有限公司" in said.text and "Credit rating: Poor" in said.text, said.text
    # "Yangzi" alone fits both: asked which, no card of either shown.
    fake.send_text(WANG, "what's Yangzi's credit rating")
    said = await fake.wait_for(WANG)
    assert "Credit rating" not in said.text, said.text
    assert {"扬子江快运有限公司", "中国石化扬子石油化工有限公司"} <= _labels(said) or (
        "Yangzi Express" in str(said.reply_markup)
        and "Yangzi Petrochemical" in str(said.reply_markup)
    ), (said.text, said.reply_markup)
    # Another manager's Yangzi client, and one no one has, are not Yangzi Petrochemical.
    await seeded.clients.upsert_rows(None, [
        client(7, "扬子江药业集团有限公司", ZHANG, aliases=("Yangzi River Pharma",)),
    ])  # fmt: skip
    for question in ("what's Yangzi River Pharma's credit rating",
                     "what's Yangzi Logistics's credit rating"):  # fmt: skip
        fake.send_text(WANG, question)
        said = await fake.wait_for(WANG)
        assert "Petrochemical" not in said.text and "石化" not in said.text, (question, said.text)
        assert "Credit rating" not in said.text, (question, said.text)
    fake.send_text(WANG, "Visited Yangzi River Pharma yesterday, discussed the renewal")
    said = await fake.wait_for(WANG)
    assert "Petrochemical" not in said.text and "石化" not in said.text, said.text
    fake.send_text(WANG, "Visited Yangzi Express yesterday, met Zhou Bin, discussed the renewal")
    card = await fake.wait_for(WANG, lambda m: "Visit report draft" in m.text or "?" in m.text)
    assert "Client: Yangzi Express" in card.text or "扬子江快运" in card.text, card.text
    assert "Petrochemical" not in card.text and "石化" not in card.text, card.text
    assert fake.rejected == []


async def test_two_colleagues_set_side_by_side_are_each_named_and_no_one_else(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await visit_today(seeded, "江苏沙钢集团有限公司", WANG)
    await in_process_bot.start()
    fake.add_user(SUPERVISOR)
    for question in ("王磊和张三比一比", "王磊和张三本月走访次数比较"):
        fake.send_text(SUPERVISOR, question)
        said = await fake.wait_for(SUPERVISOR)
        # The second was "在您可查看的范围内没有找到“王磊和张三”" and the whole team's figures.
        assert "没有找到" not in said.text, (question, said.text)
        lines = [line for line in said.text.splitlines() if line.startswith("•")]
        assert len(lines) == 2, (question, said.text)
        assert lines[0].startswith("• 王磊：本人走访 1 次 / 1 个客户"), (question, said.text)
        assert lines[1].startswith("• 张三：本人走访 0 次 / 0 个客户"), (question, said.text)
        assert "李四" not in said.text, (question, said.text)
    async with seeded.db.read() as session:
        assert (await session.execute(select(User.id).where(User.telegram_id == LI))).scalar()
    assert fake.rejected == []


async def test_a_reminder_draft_is_kept_while_something_else_is_asked(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded)
    await visit_today(seeded, "江苏沙钢集团有限公司", WANG)
    await in_process_bot.start()
    fake.send_text(WANG, "remind me to call Shagang tomorrow at 10")
    draft = await fake.wait_for(WANG, lambda m: "Reminder draft" in m.text)
    fake.send_text(WANG, "export my visits this month as csv")
    sent = await fake.wait_for(WANG, lambda m: m.kind == "document")
    assert "Shagang" in (sent.document or b"").decode("utf-8-sig")
    # Confirm then said "This button no longer applies": the draft was dropped unsaid.
    await press(fake, WANG, draft, "Confirm")
    set_ = await fake.wait_for(WANG)
    assert "no longer applies" not in set_.text and "10:00" in set_.text, set_.text
    fake.send_text(WANG, "/reminders")
    listed = await fake.wait_for(WANG, lambda m: "reminders" in m.text.lower())
    assert "call Shagang" in listed.text, listed.text
    assert fake.rejected == []
